// Exact decimal numbers for prices, quantities and rates.
//
// A Decimal holds a signed 128-bit integer scaled by 10^18, the precision of Databricks'
// decimal(38,18) columns (system.billing.usage.usage_quantity, list_prices.pricing.default).
// Range about ±1.7e20, so sums of quantities over any real account stay exact.
// Parsing reads the digits directly, never through floating point.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dbcost {

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

  constexpr Decimal operator+(Decimal o) const { return from_raw(raw_ + o.raw_); }
  constexpr Decimal operator-(Decimal o) const { return from_raw(raw_ - o.raw_); }
  constexpr Decimal operator-() const { return from_raw(-raw_); }
  Decimal& operator+=(Decimal o) {
    raw_ += o.raw_;
    return *this;
  }
  Decimal& operator-=(Decimal o) {
    raw_ -= o.raw_;
    return *this;
  }
  // Exact product when it fits in 18 decimals, else rounded half to even at the 18th decimal.
  Decimal operator*(Decimal o) const;
  Decimal operator*(std::int64_t k) const { return from_raw(raw_ * k); }

  constexpr auto operator<=>(const Decimal&) const = default;  // NOLINT(modernize-use-nullptr)

 private:
  __int128 raw_ = 0;
};

}  // namespace dbcost
