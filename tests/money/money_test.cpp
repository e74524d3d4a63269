#include "money/money.h"

#include <gtest/gtest.h>

namespace dbcost {
namespace {

Decimal dec(const char* s) { return *Decimal::parse(s); }

TEST(MoneyTest, ProductRoundsOnceHalfToEven) {
  // 7.5 DBU * 0.30 = 2.25 exactly.
  EXPECT_EQ(Money::product(dec("7.5"), dec("0.30")).micros(), 2'250'000);
  // 0.0000005 * 1 = half a micro: half to even gives 0; 0.0000015 gives 2 micros.
  EXPECT_EQ(Money::product(dec("0.0000005"), dec("1")).micros(), 0);
  EXPECT_EQ(Money::product(dec("0.0000015"), dec("1")).micros(), 2);
  EXPECT_EQ(Money::product(dec("0.0000025"), dec("1")).micros(), 2);
  EXPECT_EQ(Money::product(dec("0.0000025"), dec("1"), Rounding::HalfUp).micros(), 3);
  EXPECT_EQ(Money::product(dec("-0.0000025"), dec("1"), Rounding::HalfUp).micros(), -3);
  // 259.2958 DBU at 0.55 = 142.61269 exactly.
  EXPECT_EQ(Money::product(dec("259.2958"), dec("0.55")).micros(), 142'612'690);
  // 18-decimal quantity: 0.123456789012345678 * 0.7 = 0.0864197523086419746 -> 0.086420
  EXPECT_EQ(Money::product(dec("0.123456789012345678"), dec("0.7")).micros(), 86'420);
}

TEST(MoneyTest, ProductWithRatioIsRoundedOnce) {
  // 18.75 DBU/h at 0.30 for 90 seconds: 18.75 * 0.30 * 90 / 3600 = 0.140625.
  EXPECT_EQ(Money::product(dec("18.75"), dec("0.30"), 90, 3600).micros(), 140'625);
  // 1 DBU/h at 0.01 for 1 s: 0.01/3600 = 2.777...e-6 -> 3 micros.
  EXPECT_EQ(Money::product(dec("1"), dec("0.01"), 1, 3600).micros(), 3);
}

TEST(MoneyTest, FormatsToCentsHalfAwayFromZero) {
  EXPECT_EQ(Money::from_micros(6'302'376).format_cents(), "6.30");
  EXPECT_EQ(Money::from_micros(5'000).format_cents(), "0.01");
  EXPECT_EQ(Money::from_micros(-5'000).format_cents(), "-0.01");
  EXPECT_EQ(Money::from_micros(4'999).format_cents(), "0.00");
  EXPECT_EQ(Money::from_micros(123'456'789'000).format_cents(), "123456.79");
  EXPECT_EQ(Money::from_micros(-1'000'000).format_cents(), "-1.00");
}

TEST(MoneyTest, FormatsExactly) {
  EXPECT_EQ(Money::from_micros(229'000).format_exact(), "0.229");
  EXPECT_EQ(Money::from_micros(12'000'000).format_exact(), "12.00");
  EXPECT_EQ(Money::from_micros(-1).format_exact(), "-0.000001");
}

TEST(MoneyTest, ParsesAndRefusesHiddenRounding) {
  EXPECT_EQ(Money::parse("1760.40")->micros(), 1'760'400'000);
  EXPECT_EQ(Money::parse("0.000001")->micros(), 1);
  EXPECT_FALSE(Money::parse("0.0000001").has_value());
  EXPECT_FALSE(Money::parse("12,00").has_value());
}

TEST(MoneyTest, DiscountIsExactPercent) {
  // 100.00 less 12.5% = 87.50; 0.01 less 50% = 0.005.
  EXPECT_EQ(Money::from_cents(10000).less_percent(dec("12.5")).micros(), 87'500'000);
  EXPECT_EQ(Money::from_cents(1).less_percent(dec("50")).micros(), 5'000);
  EXPECT_EQ(Money::from_cents(1234).less_percent(dec("0")).micros(), 12'340'000);
}

}  // namespace
}  // namespace dbcost
