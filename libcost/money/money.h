// Exact money in integer micro-units (10^-6 of the currency unit).
//
// Products of an exact Decimal quantity and an exact Decimal price are formed in 256-bit
// integers and rounded once to a micro-unit, half to even ("banker's rounding"), so summing
// many rounded amounts has no drift in either direction. Amounts shown to a user are rounded
// to cents half away from zero, as invoices are. An int64 of micro-units holds ±9.2e12: an amount
// or a sum beyond it is a ModelError, never a wrapped-around number.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "money/decimal.h"

namespace dbcost {

enum class Rounding { HalfEven, HalfUp };

class Money {
 public:
  static constexpr std::int64_t kMicrosPerUnit = 1'000'000;
  static constexpr std::int64_t kMicrosPerCent = 10'000;

  constexpr Money() = default;
  static constexpr Money from_micros(std::int64_t micros) {
    Money m;
    m.micros_ = micros;
    return m;
  }
  static constexpr Money from_cents(std::int64_t cents) { return from_micros(checked_mul(cents, kMicrosPerCent)); }
  // Parses a decimal amount; more than 6 decimals is an error (nullopt), never silently rounded.
  static std::optional<Money> parse(std::string_view text);
  // Rounds an exact decimal amount to micro-units.
  static Money from_decimal(Decimal amount, Rounding rounding = Rounding::HalfEven);

  // quantity * price, rounded once.
  static Money product(Decimal quantity, Decimal price, Rounding rounding = Rounding::HalfEven);
  // quantity * price * numerator / denominator, rounded once (for example rate per hour * seconds / 3600).
  static Money product(Decimal quantity, Decimal price, std::int64_t numerator, std::int64_t denominator,
                       Rounding rounding = Rounding::HalfEven);

  constexpr std::int64_t micros() const { return micros_; }
  double to_double() const { return static_cast<double>(micros_) / kMicrosPerUnit; }
  Decimal to_decimal() const { return Decimal::from_raw(static_cast<__int128>(micros_) * 1'000'000'000'000LL); }
  // Rounded to cents, half away from zero.
  std::int64_t cents() const;
  Money round_to_cents() const { return from_cents(cents()); }
  // "1234.57" (two decimals, rounded half away from zero).
  std::string format_cents() const;
  // Exact: at least two decimals, more only where the amount has them ("0.229", "5.625", "12.00").
  std::string format_exact() const;

  constexpr Money operator+(Money o) const { return from_micros(checked_add(micros_, o.micros_)); }
  constexpr Money operator-(Money o) const { return from_micros(checked_sub(micros_, o.micros_)); }
  constexpr Money operator-() const { return from_micros(checked_sub(0, micros_)); }
  Money& operator+=(Money o) {
    micros_ = checked_add(micros_, o.micros_);
    return *this;
  }
  Money& operator-=(Money o) {
    micros_ = checked_sub(micros_, o.micros_);
    return *this;
  }
  constexpr Money operator*(std::int64_t k) const { return from_micros(checked_mul(micros_, k)); }
  // Percentage discount (exact Decimal percent), rounded half to even.
  Money less_percent(Decimal percent) const;

  constexpr auto operator<=>(const Money&) const = default;  // NOLINT(modernize-use-nullptr)

 private:
  std::int64_t micros_ = 0;

  static constexpr std::int64_t checked_add(std::int64_t a, std::int64_t b) {
    std::int64_t r = 0;
    if (__builtin_add_overflow(a, b, &r)) throw_amount_overflow();
    return r;
  }
  static constexpr std::int64_t checked_sub(std::int64_t a, std::int64_t b) {
    std::int64_t r = 0;
    if (__builtin_sub_overflow(a, b, &r)) throw_amount_overflow();
    return r;
  }
  static constexpr std::int64_t checked_mul(std::int64_t a, std::int64_t b) {
    std::int64_t r = 0;
    if (__builtin_mul_overflow(a, b, &r)) throw_amount_overflow();
    return r;
  }
};

}  // namespace dbcost
