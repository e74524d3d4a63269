#include "money/money.h"

#include <cstdlib>

#include "money/wide.h"

namespace dbcost {
namespace {

constexpr __int128 kDecimalPerMicro = Decimal::kScale / Money::kMicrosPerUnit;  // 10^12

std::string digits_of(std::uint64_t v) { return std::to_string(v); }

}  // namespace

std::optional<Money> Money::parse(std::string_view text) {
  const auto d = Decimal::parse(text);
  if (!d || d->raw() % kDecimalPerMicro != 0) return std::nullopt;
  const __int128 micros = d->raw() / kDecimalPerMicro;
  if (micros > INT64_MAX || micros < INT64_MIN) return std::nullopt;
  return from_micros(static_cast<std::int64_t>(micros));
}

Money Money::from_decimal(Decimal amount, Rounding rounding) {
  const auto q = detail::divide_rounded(detail::wide(amount.raw()), detail::wide(kDecimalPerMicro), rounding);
  return from_micros(detail::to_micros(q));
}

Money Money::product(Decimal quantity, Decimal price, Rounding rounding) {
  return product(quantity, price, 1, 1, rounding);
}

Money Money::product(Decimal quantity, Decimal price, std::int64_t numerator, std::int64_t denominator,
                     Rounding rounding) {
  // quantity.raw * price.raw has 36 decimals; micro-units need 6, so divide by 10^30.
  detail::Int256 num = detail::wide(quantity.raw()) * detail::wide(price.raw()) * numerator;
  detail::Int256 den = detail::Int256(1);
  for (int k = 0; k < 30; ++k) den *= 10;
  den *= denominator;
  if (den < 0) {
    den = -den;
    num = -num;
  }
  return from_micros(detail::to_micros(detail::divide_rounded(num, den, rounding)));
}

std::int64_t Money::cents() const {
  const auto q = detail::divide_rounded(detail::Int256(micros_), detail::Int256(kMicrosPerCent), Rounding::HalfUp);
  return detail::to_micros(q);
}

std::string Money::format_cents() const {
  const std::int64_t c = cents();
  const std::uint64_t a = c < 0 ? static_cast<std::uint64_t>(-(c + 1)) + 1 : static_cast<std::uint64_t>(c);
  std::string frac = digits_of(a % 100);
  if (frac.size() < 2) frac.insert(frac.begin(), '0');
  return (c < 0 ? "-" : "") + digits_of(a / 100) + "." + frac;
}

std::string Money::format_exact() const {
  const std::uint64_t a =
      micros_ < 0 ? static_cast<std::uint64_t>(-(micros_ + 1)) + 1 : static_cast<std::uint64_t>(micros_);
  std::string frac = digits_of(a % kMicrosPerUnit);
  frac.insert(frac.begin(), 6 - frac.size(), '0');
  while (frac.size() > 2 && frac.back() == '0') frac.pop_back();
  return (micros_ < 0 ? "-" : "") + digits_of(a / kMicrosPerUnit) + "." + frac;
}

Money Money::less_percent(Decimal percent) const {
  const Decimal keep = Decimal::from_int(100) - percent;
  // micros * keep / 100, keep has 18 decimals.
  detail::Int256 num = detail::Int256(micros_) * detail::wide(keep.raw());
  detail::Int256 den = detail::wide(Decimal::kScale) * 100;
  return from_micros(detail::to_micros(detail::divide_rounded(num, den, Rounding::HalfEven)));
}

}  // namespace dbcost
