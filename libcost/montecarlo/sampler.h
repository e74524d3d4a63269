// Random draws for one trial, or their means in expected-value mode (no generator): one code
// path serves both modes. Lognormal draws are parameterized by mean and coefficient of variation;
// a LognormalParams built once per task or workload keeps the logarithms out of the draw.
#pragma once

#include <boost/random/exponential_distribution.hpp>
#include <boost/random/lognormal_distribution.hpp>
#include <boost/random/poisson_distribution.hpp>
#include <boost/random/uniform_01.hpp>
#include <cmath>

#include "montecarlo/rng.h"

namespace dbcost {

// A lognormal with mean `mean` and coefficient of variation `cv`: exp(N(mu, sigma^2)) with
// sigma^2 = ln(1 + cv^2) and mu = ln(mean) - sigma^2 / 2. With cv <= 0 or mean <= 0 it is the
// constant `mean` (degenerate).
struct LognormalParams {
  double mean = 0;
  double mu = 0, sigma = 0;
  bool degenerate = true;

  LognormalParams() = default;
  LognormalParams(double m, double cv) : mean(m), degenerate(cv <= 0 || m <= 0) {
    if (degenerate) return;
    const double sigma2 = std::log1p(cv * cv);
    mu = std::log(m) - sigma2 / 2;
    sigma = std::sqrt(sigma2);
  }
};

class Sampler {
 public:
  explicit Sampler(Rng* rng) : rng_(rng) {}
  bool expected_value() const { return rng_ == nullptr; }

  double lognormal(const LognormalParams& p) {
    if (!rng_ || p.degenerate) return p.mean;
    return boost::random::lognormal_distribution<double>(p.mu, p.sigma)(*rng_);
  }
  double lognormal(double mean, double cv) {
    if (!rng_ || cv <= 0 || mean <= 0) return mean;
    return lognormal(LognormalParams(mean, cv));
  }
  double uniform() {
    if (!rng_) return 0.5;
    return boost::random::uniform_01<double>()(*rng_);
  }
  // A count with mean `mean`: Poisson draws, or the mean itself (fractional) in expected-value mode.
  double poisson(double mean) {
    if (!rng_) return mean;
    if (mean <= 0) return 0;
    return static_cast<double>(boost::random::poisson_distribution<long, double>(mean)(*rng_));
  }
  double exponential(double rate) {
    if (!rng_) return 1.0 / rate;
    return boost::random::exponential_distribution<double>(rate)(*rng_);
  }
  // 1 with probability p (0 otherwise); p itself in expected-value mode, as a weight.
  double bernoulli(double p) {
    if (!rng_) return p;
    return uniform() < p ? 1.0 : 0.0;
  }

 private:
  Rng* rng_;
};

}  // namespace dbcost
