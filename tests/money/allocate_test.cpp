#include "money/allocate.h"

#include <gtest/gtest.h>

#include <numeric>
#include <random>

namespace dbcost {
namespace {

std::vector<std::int64_t> cents(const std::vector<Money>& parts) {
  std::vector<std::int64_t> out;
  for (const auto& p : parts) out.push_back(p.micros() / Money::kMicrosPerCent);
  return out;
}

TEST(AllocateTest, LargestRemainderByHand) {
  // 100.00 over 1:1:1 -> 33.33 each leaves 1 cent; remainders equal, so the first part takes it.
  EXPECT_EQ(cents(allocate_largest_remainder(
                Money::from_cents(10000),
                std::vector<Money>{Money::from_cents(1), Money::from_cents(1), Money::from_cents(1)})),
            (std::vector<std::int64_t>{3334, 3333, 3333}));
  // 10.00 over 0.5 : 0.3 : 0.2 splits exactly.
  EXPECT_EQ(cents(allocate_largest_remainder(
                Money::from_cents(1000),
                std::vector<Decimal>{*Decimal::parse("0.5"), *Decimal::parse("0.3"), *Decimal::parse("0.2")})),
            (std::vector<std::int64_t>{500, 300, 200}));
  // 1.00 over 2:3:5 -> 20, 30, 50. 0.07 over 2:3:5 -> floors 1,2,3 (=6), remainders 0.4,0.1,0.5 -> third gets +1.
  EXPECT_EQ(
      cents(allocate_largest_remainder(
          Money::from_cents(7), std::vector<Money>{Money::from_cents(2), Money::from_cents(3), Money::from_cents(5)})),
      (std::vector<std::int64_t>{1, 2, 4}));
}

TEST(AllocateTest, ZeroWeightsSplitEvenlyAndNegativeTotalsMirror) {
  EXPECT_EQ(cents(allocate_largest_remainder(Money::from_cents(5), std::vector<Money>{Money{}, Money{}})),
            (std::vector<std::int64_t>{3, 2}));
  EXPECT_EQ(
      cents(allocate_largest_remainder(
          Money::from_cents(-7), std::vector<Money>{Money::from_cents(2), Money::from_cents(3), Money::from_cents(5)})),
      (std::vector<std::int64_t>{-1, -2, -4}));
}

TEST(AllocateTest, ResidueBelowTheStepStaysInTheTotal) {
  // 1.000005 in cents: 100 cents go out by weight, the 5 micros to the part first by remainder.
  const auto parts = allocate_largest_remainder(Money::from_micros(1'000'005),
                                                std::vector<Money>{Money::from_cents(1), Money::from_cents(1)});
  EXPECT_EQ(parts[0].micros() + parts[1].micros(), 1'000'005);
}

TEST(AllocateTest, PartsAlwaysSumToTheTotalOnRandomInputs) {
  std::mt19937_64 gen(20260325);
  for (int round = 0; round < 2000; ++round) {
    const std::size_t n = 1 + gen() % 40;
    std::vector<Money> weights;
    for (std::size_t i = 0; i < n; ++i)
      weights.push_back(Money::from_micros(static_cast<std::int64_t>(gen() % 1'000'000'000)));
    const auto total = Money::from_cents(static_cast<std::int64_t>(gen() % 100'000'000) - 10'000'000);
    const auto parts = allocate_largest_remainder(total, weights);
    std::int64_t sum = 0;
    for (const auto& p : parts) {
      sum += p.micros();
      EXPECT_EQ(p.micros() % Money::kMicrosPerCent, 0);
    }
    ASSERT_EQ(sum, total.micros());
    // Each part is within one cent of its exact share.
    __int128 wsum = 0;
    for (const auto& w : weights) wsum += w.micros();
    for (std::size_t i = 0; i < n && wsum > 0; ++i) {
      const long double exact =
          static_cast<long double>(total.micros()) * weights[i].micros() / static_cast<long double>(wsum);
      EXPECT_LE(std::abs(static_cast<long double>(parts[i].micros()) - exact), Money::kMicrosPerCent);
    }
  }
}

TEST(AllocateTest, RejectsNegativeWeights) {
  EXPECT_THROW(allocate_largest_remainder(Money::from_cents(1), std::vector<Money>{Money::from_cents(-1)}),
               std::invalid_argument);
}

}  // namespace
}  // namespace dbcost
