#include "money/decimal.h"

#include <cstdlib>

#include "core/errors.h"
#include "money/wide.h"

namespace dbcost {

void throw_decimal_overflow() {
  throw ModelError(
      "a quantity or price passes the exact range of decimal numbers (+/-1.7e20): check the inputs it comes from");
}

void throw_amount_overflow() {
  throw ModelError(
      "an amount passes the exact range of money (+/-9.2 trillion in micro-units): check the quantities and "
      "prices it comes from");
}

std::optional<Decimal> Decimal::parse(std::string_view s) {
  if (s.empty()) return std::nullopt;
  std::size_t i = 0;
  bool negative = false;
  if (s[i] == '+' || s[i] == '-') {
    negative = s[i] == '-';
    ++i;
  }
  std::string digits;
  int fraction_digits = 0;
  bool seen_point = false;
  bool any_digit = false;
  for (; i < s.size(); ++i) {
    const char c = s[i];
    if (c >= '0' && c <= '9') {
      any_digit = true;
      if (!(digits.empty() && c == '0')) digits.push_back(c);
      if (seen_point) ++fraction_digits;
    } else if (c == '.' && !seen_point) {
      seen_point = true;
    } else {
      break;
    }
  }
  if (!any_digit) return std::nullopt;
  int exponent = 0;
  if (i < s.size()) {
    if (s[i] != 'e' && s[i] != 'E') return std::nullopt;
    ++i;
    bool exp_negative = false;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
      exp_negative = s[i] == '-';
      ++i;
    }
    if (i == s.size()) return std::nullopt;
    for (; i < s.size(); ++i) {
      if (s[i] < '0' || s[i] > '9') return std::nullopt;
      exponent = exponent * 10 + (s[i] - '0');
      if (exponent > 100) return std::nullopt;
    }
    if (exp_negative) exponent = -exponent;
  }
  // value = digits * 10^(exponent - fraction_digits); raw = value * 10^18
  int shift = kScaleDigits + exponent - fraction_digits;
  // Drop trailing zeros that would otherwise need a negative shift.
  while (shift < 0 && !digits.empty() && digits.back() == '0') {
    digits.pop_back();
    ++shift;
  }
  if (digits.empty()) return Decimal{};
  if (shift < 0) return std::nullopt;
  if (digits.size() + static_cast<std::size_t>(shift) > 38) return std::nullopt;
  unsigned __int128 v = 0;
  for (char c : digits) v = v * 10 + static_cast<unsigned>(c - '0');
  for (int k = 0; k < shift; ++k) v *= 10;
  constexpr unsigned __int128 kMax = (~static_cast<unsigned __int128>(0)) >> 1;
  if (v > kMax) return std::nullopt;
  const __int128 signed_v = static_cast<__int128>(v);
  return from_raw(negative ? -signed_v : signed_v);
}

double Decimal::to_double() const {
  const __int128 whole = raw_ / kScale;
  const __int128 frac = raw_ % kScale;
  return static_cast<double>(whole) + static_cast<double>(frac) / 1e18;
}

std::string Decimal::to_string() const {
  unsigned __int128 u = raw_ < 0 ? -static_cast<unsigned __int128>(raw_) : static_cast<unsigned __int128>(raw_);
  const unsigned __int128 scale = static_cast<unsigned __int128>(kScale);
  unsigned __int128 whole = u / scale;
  unsigned __int128 frac = u % scale;
  std::string w;
  do {
    w.insert(w.begin(), static_cast<char>('0' + static_cast<int>(whole % 10)));
    whole /= 10;
  } while (whole != 0);
  std::string out = raw_ < 0 ? "-" + w : w;
  if (frac != 0) {
    std::string f(kScaleDigits, '0');
    for (int k = kScaleDigits - 1; k >= 0; --k) {
      f[static_cast<std::size_t>(k)] = static_cast<char>('0' + static_cast<int>(frac % 10));
      frac /= 10;
    }
    while (!f.empty() && f.back() == '0') f.pop_back();
    out += "." + f;
  }
  return out;
}

Decimal Decimal::operator*(Decimal o) const {
  const detail::Int256 product = detail::wide(raw_) * detail::wide(o.raw_);
  const detail::Int256 q = detail::divide_rounded(product, detail::wide(kScale), Rounding::HalfEven);
  return from_raw(detail::narrow(q));
}

}  // namespace dbcost
