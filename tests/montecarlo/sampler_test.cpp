#include "montecarlo/sampler.h"

#include <gtest/gtest.h>

#include <cmath>

namespace dbcost {
namespace {

TEST(LognormalParams, MuAndSigmaFromMeanAndCv) {
  // mean 10, cv 0.5: sigma^2 = ln(1.25) = 0.22314355131, mu = ln 10 - sigma^2 / 2 = 2.30258509299 - 0.11157177566.
  const LognormalParams p(10, 0.5);
  EXPECT_FALSE(p.degenerate);
  EXPECT_DOUBLE_EQ(p.mean, 10);
  EXPECT_NEAR(p.mu, 2.19101331734, 1e-11);
  EXPECT_NEAR(p.sigma, 0.47238072708, 1e-11);
  // The lognormal's mean exp(mu + sigma^2 / 2) is the mean asked for.
  EXPECT_NEAR(std::exp(p.mu + p.sigma * p.sigma / 2), 10, 1e-12);
}

TEST(LognormalParams, NoSpreadOrNoMeanIsTheMeanItself) {
  for (const LognormalParams& p : {LognormalParams(10, 0), LognormalParams(10, -1), LognormalParams(0, 0.5),
                                   LognormalParams(-3, 0.5), LognormalParams()}) {
    EXPECT_TRUE(p.degenerate);
    Rng rng = make_rng(1, 0);
    Sampler s(&rng);
    EXPECT_EQ(s.lognormal(p), p.mean);
    EXPECT_EQ(rng, make_rng(1, 0));  // no draw taken
  }
}

TEST(Sampler, ExpectedValueModeReturnsTheMean) {
  Sampler ev(nullptr);
  EXPECT_EQ(ev.lognormal(LognormalParams(10, 0.5)), 10);
  EXPECT_EQ(ev.lognormal(10, 0.5), 10);
  EXPECT_EQ(ev.uniform(), 0.5);
  EXPECT_EQ(ev.exponential(4), 0.25);
  EXPECT_EQ(ev.poisson(2.5), 2.5);
  EXPECT_EQ(ev.bernoulli(0.3), 0.3);
}

TEST(Sampler, PrecomputedAndPerDrawLognormalAreTheSameDraws) {
  Rng a = make_rng(5, 2, stream_id("task")), b = make_rng(5, 2, stream_id("task"));
  Sampler sa(&a), sb(&b);
  const LognormalParams p(7.5, 0.8);
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(sa.lognormal(p), sb.lognormal(7.5, 0.8));
}

TEST(Sampler, LognormalDrawsHaveTheAskedMeanAndSpread) {
  Rng rng = make_rng(11, 0, stream_id("lognormal"));
  Sampler s(&rng);
  const LognormalParams p(10, 0.5);
  const int n = 200000;
  double sum = 0, sum2 = 0, below_median = 0;
  const double median = std::exp(p.mu);  // 8.944
  for (int i = 0; i < n; ++i) {
    const double x = s.lognormal(p);
    sum += x;
    sum2 += x * x;
    below_median += x < median;
  }
  const double mean = sum / n, sd = std::sqrt(sum2 / n - mean * mean);
  // Standard error of the mean: sd / sqrt(n) = 5 / 447 = 0.0112.
  EXPECT_NEAR(mean, 10, 4 * 5 / std::sqrt(n));
  // Variance 25: its estimate's standard error is sqrt((m4 - 25^2) / n) with the central fourth moment
  // m4 = (3 + excess kurtosis) * 25^2, excess kurtosis e^{4s2} + 2e^{3s2} + 3e^{2s2} - 6 = 5.04 at s2 = ln 1.25:
  // sqrt(7.04 * 625 / n) = 0.148, on the standard deviation 0.148 / (2 * 5) = 0.0148. Four of those: 0.06.
  EXPECT_NEAR(sd, 5, 0.06);
  // Half the draws below the median, standard error sqrt(0.25 / n) = 0.0011.
  EXPECT_NEAR(below_median / n, 0.5, 4 * std::sqrt(0.25 / n));
}

}  // namespace
}  // namespace dbcost
