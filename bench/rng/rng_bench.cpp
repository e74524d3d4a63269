// Random streams and draws the engine makes, timed one at a time: seeding a stream and taking its
// first draws (a trial seeds two streams per job), raw 64-bit draws, and the distributions
// Sampler uses. Candidates: Boost's mt19937_64 (the former Rng), xoshiro256++ (montecarlo/rng.h),
// SplitMix64 used as a generator, and Philox4x64-10 (Salmon et al., "Parallel random numbers: as
// easy as 1, 2, 3", SC 2011), counter-based. bench/rng/README.md records the figures.
//
//   dbcost_rng_bench [iterations]   (default 4,000,000)
#include <array>
#include <boost/random/exponential_distribution.hpp>
#include <boost/random/lognormal_distribution.hpp>
#include <boost/random/mersenne_twister.hpp>
#include <boost/random/poisson_distribution.hpp>
#include <boost/random/uniform_01.hpp>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "montecarlo/rng.h"
#include "montecarlo/sampler.h"

namespace {

using dbcost::splitmix64;

class SplitMix64Engine {
 public:
  using result_type = std::uint64_t;
  explicit SplitMix64Engine(std::uint64_t seed) : x_(seed) {}
  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return ~result_type{0}; }
  result_type operator()() {
    const std::uint64_t r = splitmix64(x_);
    x_ += 0x9E3779B97F4A7C15ULL;
    return r;
  }

 private:
  std::uint64_t x_;
};

// Philox4x64-10 keyed by the seed (the key's second word a SplitMix64 of it), counter from 0.
class Philox4x64 {
 public:
  using result_type = std::uint64_t;
  explicit Philox4x64(std::uint64_t seed) : key_{seed, splitmix64(seed)} {}
  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return ~result_type{0}; }
  result_type operator()() {
    if (used_ == 4) refill();
    return out_[used_++];
  }

 private:
  static void mulhilo(std::uint64_t a, std::uint64_t b, std::uint64_t& hi, std::uint64_t& lo) {
    const unsigned __int128 p = static_cast<unsigned __int128>(a) * b;
    hi = static_cast<std::uint64_t>(p >> 64);
    lo = static_cast<std::uint64_t>(p);
  }
  void refill() {
    std::array<std::uint64_t, 4> c = ctr_;
    std::array<std::uint64_t, 2> k = key_;
    for (int r = 0; r < 10; ++r) {
      std::uint64_t hi0, lo0, hi1, lo1;
      mulhilo(0xD2E7470EE14C6C93ULL, c[0], hi0, lo0);
      mulhilo(0xCA5A826395121157ULL, c[2], hi1, lo1);
      c = {hi1 ^ c[1] ^ k[0], lo1, hi0 ^ c[3] ^ k[1], lo0};
      k[0] += 0x9E3779B97F4A7C15ULL;
      k[1] += 0xBB67AE8584CAA73BULL;
    }
    out_ = c;
    used_ = 0;
    ++ctr_[0];
  }
  std::array<std::uint64_t, 2> key_;
  std::array<std::uint64_t, 4> ctr_{};
  std::array<std::uint64_t, 4> out_{};
  int used_ = 4;
};

volatile double g_sink_d;
volatile std::uint64_t g_sink_u;

template <class F>
double ns_per(long n, F&& f) {
  const auto t0 = std::chrono::steady_clock::now();
  f();
  const auto t1 = std::chrono::steady_clock::now();
  return std::chrono::duration<double, std::nano>(t1 - t0).count() / static_cast<double>(n);
}

template <class Engine>
void engine_rows(const char* name, long n) {
  // A stream per (trial, job): seed from a derived value, take `draws` numbers.
  for (int draws : {1, 16}) {
    const long streams = draws == 1 ? n / 4 : n / 16;
    const double ns = ns_per(streams, [&] {
      std::uint64_t acc = 0;
      for (long i = 0; i < streams; ++i) {
        Engine e(splitmix64(static_cast<std::uint64_t>(i)));
        for (int d = 0; d < draws; ++d) acc += e();
      }
      g_sink_u = acc;
    });
    std::printf("%-14s seed + %2d draw%s   %8.1f ns a stream\n", name, draws, draws == 1 ? " " : "s", ns);
  }
  Engine e(1);
  const double ns = ns_per(n, [&] {
    std::uint64_t acc = 0;
    for (long i = 0; i < n; ++i) acc += e();
    g_sink_u = acc;
  });
  std::printf("%-14s draw (64 bits)       %8.2f ns\n", name, ns);
}

template <class Engine>
void distribution_rows(const char* name, long n) {
  Engine e(1);
  auto row = [&](const char* what, auto&& draw) {
    const double ns = ns_per(n, [&] {
      double acc = 0;
      for (long i = 0; i < n; ++i) acc += draw(i);
      g_sink_d = acc;
    });
    std::printf("%-14s %-40s %6.2f ns a draw\n", name, what, ns);
  };
  // Means vary a little per draw, as task runtimes on different clusters do, so nothing is hoisted by the compiler.
  row("lognormal(mean, cv): logs per draw", [&](long i) {
    const double mean = 10 + static_cast<double>(i & 7), cv = 0.3;
    const double sigma2 = std::log1p(cv * cv);
    return boost::random::lognormal_distribution<double>(std::log(mean) - sigma2 / 2, std::sqrt(sigma2))(e);
  });
  std::array<dbcost::LognormalParams, 8> params;
  for (int k = 0; k < 8; ++k) params[static_cast<std::size_t>(k)] = dbcost::LognormalParams(10 + k, 0.3);
  row("lognormal(LognormalParams): precomputed", [&](long i) {
    const auto& p = params[static_cast<std::size_t>(i & 7)];
    return boost::random::lognormal_distribution<double>(p.mu, p.sigma)(e);
  });
  row("exponential, constructed per draw",
      [&](long i) { return boost::random::exponential_distribution<double>(1.0 + static_cast<double>(i & 7))(e); });
  boost::random::exponential_distribution<double> exp1(1.0);
  row("exponential, one object (Exp(1) / rate)", [&](long i) { return exp1(e) / (1.0 + static_cast<double>(i & 7)); });
  row("uniform_01", [&](long) { return boost::random::uniform_01<double>()(e); });
  for (double mean : {3.0, 40.0}) {
    const std::string what = "poisson(" + std::to_string(static_cast<int>(mean)) + "), constructed per draw";
    row(what.c_str(),
        [&](long) { return static_cast<double>(boost::random::poisson_distribution<long, double>(mean)(e)); });
    boost::random::poisson_distribution<long, double> pd(mean);
    const std::string what2 = "poisson(" + std::to_string(static_cast<int>(mean)) + "), one object";
    row(what2.c_str(), [&](long) { return static_cast<double>(pd(e)); });
  }
}

}  // namespace

int main(int argc, char** argv) {
  const long n = argc > 1 ? std::atol(argv[1]) : 4'000'000;
  engine_rows<boost::random::mt19937_64>("mt19937_64", n);
  engine_rows<dbcost::Xoshiro256pp>("xoshiro256++", n);
  engine_rows<SplitMix64Engine>("splitmix64", n);
  engine_rows<Philox4x64>("philox4x64-10", n);
  distribution_rows<boost::random::mt19937_64>("mt19937_64", n);
  distribution_rows<dbcost::Xoshiro256pp>("xoshiro256++", n);
  return 0;
}
