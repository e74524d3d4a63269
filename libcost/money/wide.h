// 256-bit intermediates for exact products of 18-decimal numbers, and one rounding step.
#pragma once

#include <boost/multiprecision/cpp_int.hpp>

#include "money/money.h"

namespace dbcost::detail {

using Int256 = boost::multiprecision::int256_t;

inline Int256 wide(__int128 v) {
  const bool neg = v < 0;
  unsigned __int128 u = neg ? -static_cast<unsigned __int128>(v) : static_cast<unsigned __int128>(v);
  Int256 r = static_cast<std::uint64_t>(u >> 64);
  r <<= 64;
  r += static_cast<std::uint64_t>(u);
  return neg ? Int256(-r) : r;
}

// v as micro-units of a Money; beyond int64 it is a ModelError.
inline std::int64_t to_micros(const Int256& v) {
  if (v > Int256(INT64_MAX) || v < Int256(INT64_MIN)) throw_amount_overflow();
  return static_cast<std::int64_t>(v);
}

// v as an int128 (a Decimal's raw value); beyond it is a ModelError.
inline __int128 narrow(const Int256& v) {
  static const Int256 kMax = (Int256(1) << 127) - 1;
  if (v > kMax || v < -kMax) throw_decimal_overflow();
  const bool neg = v < 0;
  Int256 a = neg ? Int256(-v) : v;
  const auto lo = static_cast<std::uint64_t>(a & Int256(~std::uint64_t{0}));
  const auto hi = static_cast<std::uint64_t>(a >> 64);
  const unsigned __int128 u = (static_cast<unsigned __int128>(hi) << 64) | lo;
  return neg ? -static_cast<__int128>(u) : static_cast<__int128>(u);
}

// num / den rounded to an integer (den > 0).
inline Int256 divide_rounded(const Int256& num, const Int256& den, Rounding rounding) {
  Int256 q = num / den;  // truncates toward zero
  Int256 r = num % den;
  if (r == 0) return q;
  const Int256 twice = boost::multiprecision::abs(r) * 2;
  const int sign = num < 0 ? -1 : 1;
  bool away = false;
  if (twice > den) {
    away = true;
  } else if (twice == den) {
    away = rounding == Rounding::HalfUp || (q % 2 != 0);
  }
  if (away) q += sign;
  return q;
}

}  // namespace dbcost::detail
