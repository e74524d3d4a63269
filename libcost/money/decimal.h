// Exact decimal numbers for prices, quantities and rates.
//
// A Decimal holds a signed 128-bit integer scaled by 10^18, the precision of Databricks'
// decimal(38,18) columns (system.billing.usage.usage_quantity, list_prices.pricing.default).
// Range about ±1.7e20, so sums of quantities over any real account stay exact; a result beyond it
// is a ModelError (throw_decimal_overflow), never a wrapped-around number.
// Parsing reads the digits directly, never through floating point.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dbcost {

// Both throw ModelError: a Decimal result beyond ±1.7e20, a Money amount beyond ±9.2e12.
[[noreturn]] void throw_decimal_overflow();
[[noreturn]] void throw_amount_overflow();

class Decimal {
 public:
  static constexpr int kScaleDigits = 18;
  static constexpr __int128 kScale = static_cast<__int128>(1'000'000'000'000'000'000LL);

  constexpr Decimal() = default;
  static constexpr Decimal from_raw(__int128 raw) {
    Decimal d;
    d.raw_ = raw;
    return d;
  }
  static constexpr Decimal from_int(std::int64_t v) { return from_raw(static_cast<__int128>(v) * kScale); }

  // Accepts [+-]digits[.digits][e[+-]digits] with at most 18 significant fractional digits after
  // the exponent is applied; returns nullopt otherwise (or on overflow).
  static std::optional<Decimal> parse(std::string_view text);

  constexpr __int128 raw() const { return raw_; }
  // Nearest double, for statistics and display only.
  double to_double() const;
  // Shortest exact decimal form: "0.3", "12", "-0.000001".
  std::string to_string() const;

  constexpr bool is_zero() const { return raw_ == 0; }
  constexpr bool is_negative() const { return raw_ < 0; }

  constexpr Decimal operator+(Decimal o) const { return from_raw(checked_add(raw_, o.raw_)); }
  constexpr Decimal operator-(Decimal o) const { return from_raw(checked_sub(raw_, o.raw_)); }
  constexpr Decimal operator-() const { return from_raw(checked_sub(0, raw_)); }
  Decimal& operator+=(Decimal o) {
    raw_ = checked_add(raw_, o.raw_);
    return *this;
  }
  Decimal& operator-=(Decimal o) {
    raw_ = checked_sub(raw_, o.raw_);
    return *this;
  }
  // Exact product when it fits in 18 decimals, else rounded half to even at the 18th decimal.
  Decimal operator*(Decimal o) const;
  Decimal operator*(std::int64_t k) const {
    __int128 r = 0;
    if (__builtin_mul_overflow(raw_, static_cast<__int128>(k), &r)) throw_decimal_overflow();
    return from_raw(r);
  }

  constexpr auto operator<=>(const Decimal&) const = default;  // NOLINT(modernize-use-nullptr)

 private:
  __int128 raw_ = 0;

  static constexpr __int128 checked_add(__int128 a, __int128 b) {
    __int128 r = 0;
    if (__builtin_add_overflow(a, b, &r)) throw_decimal_overflow();
    return r;
  }
  static constexpr __int128 checked_sub(__int128 a, __int128 b) {
    __int128 r = 0;
    if (__builtin_sub_overflow(a, b, &r)) throw_decimal_overflow();
    return r;
  }
};

}  // namespace dbcost
