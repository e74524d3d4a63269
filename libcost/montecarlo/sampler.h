// Random draws for one trial, or their means in expected-value mode (no generator): one code
// path serves both modes. Lognormal draws are parameterized by mean and coefficient of variation.
#pragma once

#include <boost/random/exponential_distribution.hpp>
#include <boost/random/lognormal_distribution.hpp>
#include <boost/random/poisson_distribution.hpp>
#include <boost/random/uniform_01.hpp>
#include <cmath>

#include "montecarlo/rng.h"

namespace dbcost {

class Sampler {
 public:
  explicit Sampler(Rng* rng) : rng_(rng) {}
  bool expected_value() const { return rng_ == nullptr; }

  double lognormal(double mean, double cv) {
    if (!rng_ || cv <= 0 || mean <= 0) return mean;
    const double sigma2 = std::log1p(cv * cv);
    boost::random::lognormal_distribution<double> d(std::log(mean) - sigma2 / 2, std::sqrt(sigma2));
    return d(*rng_);
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
