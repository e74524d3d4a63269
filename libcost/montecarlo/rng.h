// Random streams for Monte Carlo trials.
//
// Every trial owns independent streams derived from (seed, trial, stream id) by SplitMix64
// mixing, so a trial's numbers never depend on which thread ran it or in what order: the same
// seed gives the same results for any thread count.
//
// Generator: xoshiro256++ (Blackman and Vigna, https://prng.di.unimi.it/, public-domain reference
// xoshiro256plusplus.c), 256 bits of state, period 2^256 - 1, seeded from one 64-bit value by four
// SplitMix64 outputs as its authors recommend. A trial seeds two or more streams per workload, so
// seeding must be cheap: four SplitMix64 steps here against mt19937_64's 312-word fill and first twist
// (bench/rng/README.md has the figures). It has Boost.Random's engine interface, so Boost's
// distributions draw from it.
#pragma once

#include <array>
#include <cstdint>
#include <limits>

namespace dbcost {

// One output of SplitMix64 (splitmix64.c at https://prng.di.unimi.it/) whose state was x: the
// state moves on by the golden-ratio increment, then is mixed.
constexpr std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

class Xoshiro256pp {
 public:
  using result_type = std::uint64_t;

  // The state is SplitMix64's first four outputs from `seed`; never all zero (SplitMix64 is a
  // bijection of distinct states).
  explicit constexpr Xoshiro256pp(std::uint64_t seed = 0) { this->seed(seed); }
  // A given state, as the reference's s[4]; it must not be all zero.
  explicit constexpr Xoshiro256pp(const std::array<std::uint64_t, 4>& state)
      : s_{state[0], state[1], state[2], state[3]} {}
  constexpr void seed(std::uint64_t seed) {
    for (int i = 0; i < 4; ++i) s_[i] = splitmix64(seed + static_cast<std::uint64_t>(i) * 0x9E3779B97F4A7C15ULL);
  }

  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }

  constexpr result_type operator()() {
    const std::uint64_t result = rotl(s_[0] + s_[3], 23) + s_[0];
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  friend constexpr bool operator==(const Xoshiro256pp&, const Xoshiro256pp&) = default;

 private:
  static constexpr std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4] = {};
};

using Rng = Xoshiro256pp;

// stream: a fixed id per model part (for example a hash of the workload name), so adding a
// workload does not shift the numbers another workload draws.
constexpr Rng make_rng(std::uint64_t seed, std::uint64_t trial, std::uint64_t stream = 0) {
  return Rng(splitmix64(splitmix64(splitmix64(seed) ^ trial) ^ stream));
}

// FNV-1a, for turning names into stream ids.
constexpr std::uint64_t stream_id(const char* s) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (; *s; ++s) h = (h ^ static_cast<unsigned char>(*s)) * 0x100000001b3ULL;
  return h;
}

}  // namespace dbcost
