// Random streams for Monte Carlo trials.
//
// Every trial owns independent streams derived from (seed, trial, stream id) by SplitMix64
// mixing, so a trial's numbers never depend on which thread ran it or in what order: the same
// seed gives the same results for any thread count. Generator: Boost.Random's mt19937_64.
#pragma once

#include <boost/random/mersenne_twister.hpp>
#include <cstdint>

namespace dbcost {

using Rng = boost::random::mt19937_64;

constexpr std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

// stream: a fixed id per model part (for example a hash of the workload name), so adding a
// workload does not shift the numbers another workload draws.
inline Rng make_rng(std::uint64_t seed, std::uint64_t trial, std::uint64_t stream = 0) {
  return Rng(splitmix64(splitmix64(splitmix64(seed) ^ trial) ^ stream));
}

// FNV-1a, for turning names into stream ids.
constexpr std::uint64_t stream_id(const char* s) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (; *s; ++s) h = (h ^ static_cast<unsigned char>(*s)) * 0x100000001b3ULL;
  return h;
}

}  // namespace dbcost
