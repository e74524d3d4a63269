#include "money/decimal.h"

#include <gtest/gtest.h>

namespace dbcost {
namespace {

constexpr __int128 kE18 = Decimal::kScale;

TEST(DecimalTest, ParsesEighteenDecimalsWithoutFloatingPoint) {
  // 0.3 is not representable in binary floating point; the raw value must be exactly 3e17.
  EXPECT_EQ(Decimal::parse("0.300000000000000000")->raw(), kE18 * 3 / 10);
  EXPECT_EQ(Decimal::parse("259.2958")->raw(), static_cast<__int128>(2592958) * kE18 / 10000);
  EXPECT_EQ(Decimal::parse("-259.4356")->raw(), -static_cast<__int128>(2594356) * kE18 / 10000);
  EXPECT_EQ(Decimal::parse("0.000000000000000001")->raw(), 1);
  EXPECT_EQ(Decimal::parse("1e-18")->raw(), 1);
  EXPECT_EQ(Decimal::parse("2.5E2")->raw(), 250 * kE18);
  EXPECT_EQ(Decimal::parse("+7")->raw(), 7 * kE18);
  EXPECT_EQ(Decimal::parse(".5")->raw(), kE18 / 2);
  EXPECT_EQ(Decimal::parse("5.")->raw(), 5 * kE18);
}

TEST(DecimalTest, RejectsWhatIsNotAnExactDecimal) {
  for (const char* bad : {"", "-", "abc", "1.2.3", "1,5", "0x10", "NaN", "inf", "1e", "0.0000000000000000001", "1 ",
                          " 1", "1e400", "99999999999999999999999"})
    EXPECT_FALSE(Decimal::parse(bad).has_value()) << bad;
  // Trailing zeros past 18 decimals are still exact.
  EXPECT_EQ(Decimal::parse("0.10000000000000000000")->raw(), kE18 / 10);
}

TEST(DecimalTest, FormatsShortestExactText) {
  EXPECT_EQ(Decimal::parse("0.300000000000000000")->to_string(), "0.3");
  EXPECT_EQ(Decimal::parse("-0.000001")->to_string(), "-0.000001");
  EXPECT_EQ(Decimal::from_int(12).to_string(), "12");
  EXPECT_EQ(Decimal{}.to_string(), "0");
}

TEST(DecimalTest, MultipliesExactly) {
  // 1.5 DBU/h * 2.5 (Photon) * 5 nodes = 18.75 by hand.
  const Decimal d = *Decimal::parse("1.5") * *Decimal::parse("2.5") * 5;
  EXPECT_EQ(d.to_string(), "18.75");
  EXPECT_EQ((*Decimal::parse("0.1") * *Decimal::parse("0.2")).to_string(), "0.02");
  // 1e-18 * 0.5 = 5e-19: half to even rounds to 0; 3e-18 * 0.5 = 1.5e-18 rounds to 2e-18.
  EXPECT_EQ((Decimal::from_raw(1) * *Decimal::parse("0.5")).raw(), 0);
  EXPECT_EQ((Decimal::from_raw(3) * *Decimal::parse("0.5")).raw(), 2);
}

}  // namespace
}  // namespace dbcost
