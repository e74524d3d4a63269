#include "montecarlo/rng.h"

#include <gtest/gtest.h>

#include <boost/random/normal_distribution.hpp>
#include <boost/random/uniform_01.hpp>
#include <cmath>
#include <cstdint>
#include <vector>

namespace dbcost {
namespace {

// Expected values from an independent Python transcription of the public-domain reference code at
// https://prng.di.unimi.it/ (splitmix64.c, xoshiro256plusplus.c):
//
//   M = 2**64 - 1
//   def splitmix(x):                         # splitmix64.c next(), state x
//       while True:
//           x = (x + 0x9E3779B97F4A7C15) & M; z = x
//           z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M
//           z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M
//           yield z ^ (z >> 31)
//   def rotl(x, k): return ((x << k) | (x >> (64 - k))) & M
//   def xoshiro(s):                          # xoshiro256plusplus.c next()
//       while True:
//           r = (rotl((s[0] + s[3]) & M, 23) + s[0]) & M; t = (s[1] << 17) & M
//           s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]; s[2] ^= t; s[3] = rotl(s[3], 45)
//           yield r
//
// The script's SplitMix64 outputs for seed 0 (0xe220a8397b1dcdaf, 0x6e789e6aa1b965f4, ...) and its
// xoshiro256++ outputs from state {1, 2, 3, 4} (41943041, 58720359, ...) are the published ones
// (the rand_xoshiro crate tests the latter against the C reference), which checks the script.

TEST(SplitMix64, FirstOutputsOfSeedZero) {
  EXPECT_EQ(splitmix64(0), 0xe220a8397b1dcdafULL);
  EXPECT_EQ(splitmix64(0x9E3779B97F4A7C15ULL), 0x6e789e6aa1b965f4ULL);
  EXPECT_EQ(splitmix64(2 * 0x9E3779B97F4A7C15ULL), 0x06c45d188009454fULL);
}

TEST(Xoshiro256pp, ReferenceOutputsFromAGivenState) {
  Xoshiro256pp g(std::array<std::uint64_t, 4>{1, 2, 3, 4});
  const std::vector<std::uint64_t> expected = {41943041ULL,
                                               58720359ULL,
                                               3588806011781223ULL,
                                               3591011842654386ULL,
                                               9228616714210784205ULL,
                                               9973669472204895162ULL,
                                               14011001112246962877ULL,
                                               12406186145184390807ULL,
                                               15849039046786891736ULL,
                                               10450023813501588000ULL};
  for (std::uint64_t e : expected) EXPECT_EQ(g(), e);
}

TEST(Xoshiro256pp, SeededBySplitMix64AsTheAuthorsRecommend) {
  // State = SplitMix64's first four outputs from the seed.
  Xoshiro256pp zero(0);
  EXPECT_EQ(zero, Xoshiro256pp(std::array<std::uint64_t, 4>{0xe220a8397b1dcdafULL, 0x6e789e6aa1b965f4ULL,
                                                            0x06c45d188009454fULL, 0xf88bb8a8724c81ecULL}));
  EXPECT_EQ(zero(), 0x53175d61490b23dfULL);
  EXPECT_EQ(zero(), 0x61da6f3dc380d507ULL);
  EXPECT_EQ(zero(), 0x5c0fdf91ec9a7bfcULL);

  Xoshiro256pp g(42);
  EXPECT_EQ(g(), 0xd0764d4f4476689fULL);
  EXPECT_EQ(g(), 0x519e4174576f3791ULL);
  EXPECT_EQ(g(), 0xfbe07cfb0c24ed8cULL);
  EXPECT_EQ(g(), 0xb37d9f600cd835b8ULL);
  EXPECT_EQ(g(), 0xcb231c3874846a73ULL);

  g.seed(0);
  EXPECT_EQ(g(), 0x53175d61490b23dfULL);
}

TEST(Rng, StreamsDerivedFromSeedTrialAndStream) {
  // make_rng(1, 0, 0): engine seed splitmix64(splitmix64(splitmix64(1) ^ 0) ^ 0) = 0xb18a02f46d8d86c3 (same script).
  Rng r = make_rng(1, 0, 0);
  EXPECT_EQ(r, Rng(0xb18a02f46d8d86c3ULL));
  EXPECT_EQ(r(), 0x35175b7530295db5ULL);
  EXPECT_EQ(r(), 0xf3c9a569fa2302fbULL);
  EXPECT_EQ(r(), 0x9b3c3ca689d472f8ULL);

  EXPECT_EQ(make_rng(7, 3, stream_id("etl")), make_rng(7, 3, stream_id("etl")));
  EXPECT_NE(make_rng(7, 3, stream_id("etl")), make_rng(7, 4, stream_id("etl")));
  EXPECT_NE(make_rng(7, 3, stream_id("etl")), make_rng(7, 3, stream_id("etl2")));
  EXPECT_NE(make_rng(7, 3, stream_id("etl")), make_rng(8, 3, stream_id("etl")));
}

TEST(Rng, EngineInterfaceServesBoostDistributions) {
  static_assert(Rng::min() == 0 && Rng::max() == ~std::uint64_t{0});
  Rng r = make_rng(2026, 0, stream_id("moments"));
  const int n = 200000;
  double sum = 0, sum2 = 0, nsum = 0, nsum2 = 0;
  boost::random::normal_distribution<double> normal;
  for (int i = 0; i < n; ++i) {
    const double u = boost::random::uniform_01<double>()(r);
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
    sum2 += u * u;
    const double z = normal(r);
    nsum += z;
    nsum2 += z * z;
  }
  // Uniform(0,1): mean 1/2 with standard error sqrt(1/12/n) = 6.5e-4; variance 1/12 with standard error
  // sqrt((E[(u-1/2)^4] - 1/144) / n) = sqrt((1/80 - 1/144) / n) = 1.7e-4.
  EXPECT_NEAR(sum / n, 0.5, 4 * std::sqrt(1.0 / 12 / n));
  EXPECT_NEAR(sum2 / n - (sum / n) * (sum / n), 1.0 / 12, 4 * std::sqrt((1.0 / 80 - 1.0 / 144) / n));
  // N(0,1): standard error of the mean 1/sqrt(n) = 2.2e-3; of the variance sqrt(2/n) = 3.2e-3.
  EXPECT_NEAR(nsum / n, 0.0, 4 / std::sqrt(n));
  EXPECT_NEAR(nsum2 / n, 1.0, 4 * std::sqrt(2.0 / n));
}

}  // namespace
}  // namespace dbcost
