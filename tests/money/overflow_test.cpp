// Exact arithmetic never wraps around: a result outside the range is a ModelError.
#include <gtest/gtest.h>

#include <cstdint>

#include "core/errors.h"
#include "money/money.h"

namespace dbcost {
namespace {

Decimal dec(const char* s) { return *Decimal::parse(s); }

TEST(OverflowTest, MoneySumsPastInt64MicrosAreModelErrors) {
  const Money big = Money::from_micros(INT64_MAX - 5);
  EXPECT_EQ((big + Money::from_micros(5)).micros(), INT64_MAX);
  EXPECT_THROW(big + Money::from_micros(6), ModelError);
  Money acc = big;
  EXPECT_THROW(acc += Money::from_micros(6), ModelError);
  EXPECT_EQ(acc.micros(), INT64_MAX - 5);  // unchanged after the failed sum
  EXPECT_THROW(Money::from_micros(INT64_MIN) - Money::from_micros(1), ModelError);
  EXPECT_THROW(-Money::from_micros(INT64_MIN), ModelError);
  EXPECT_THROW(Money::from_micros(INT64_MAX / 2 + 1) * 2, ModelError);
  EXPECT_THROW(Money::from_cents(INT64_MAX / 10'000 + 1), ModelError);
}

TEST(OverflowTest, ProductsPastTheMoneyRangeAreModelErrors) {
  // 9,223,372,036,854.775807 is the largest amount: 1e7 DBUs at 922,337.2036854775807 fits, one more
  // micro-unit of price does not.
  EXPECT_EQ(Money::product(dec("10000000"), dec("922337.2036854775807")).micros(), INT64_MAX);
  EXPECT_THROW(Money::product(dec("10000000"), dec("922337.2036854775808")), ModelError);
  EXPECT_THROW(Money::product(dec("99999999999999999999"), dec("0.55")), ModelError);
  EXPECT_THROW(Money::from_decimal(dec("9300000000000")), ModelError);
}

TEST(OverflowTest, DecimalSumsAndProductsPastTheRangeAreModelErrors) {
  const Decimal big = dec("99999999999999999999");  // 1e20 - 1, raw 1e38 - 1e18
  EXPECT_EQ((big + dec("1")).to_string(), "100000000000000000000");
  EXPECT_THROW(big + big, ModelError);
  EXPECT_THROW(-big - big, ModelError);
  Decimal acc = big;
  EXPECT_THROW(acc += big, ModelError);
  EXPECT_THROW(big * std::int64_t{2}, ModelError);
  EXPECT_THROW(big * dec("2"), ModelError);
  EXPECT_EQ((dec("1.5") * std::int64_t{-4}).to_string(), "-6");
}

}  // namespace
}  // namespace dbcost
