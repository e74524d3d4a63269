// From a published eviction-rate band to a per-node hazard.
//
// Azure publishes "0-5", "5-10", "10-15", "15-20", "20+" percent over a trailing 28 days; AWS's Spot
// Advisor gives the same buckets for "the trailing month". Neither says what the percentage is
// per, so the reading is a parameter (../shared/reference/spot.md §1.4): the band's midpoint p
// (25% for "20+") is the probability that one node is evicted within the window Δ of the reading,
// and with a constant hazard λ = −ln(1 − p) / Δ.
//   per_month: Δ = 730 h (default; the clouds' windows are a month)   per_day: Δ = 24 h
//   per_hour:  Δ = 1 h (one blog's reading; about 700 times the per_month hazard)
#pragma once

#include <string>
#include <vector>

namespace dbcost {

// Midpoint probability of a band; throws std::invalid_argument for an unknown band.
double band_midpoint(const std::string& band);
// Hours in the window of a reading (per_month, per_day, per_hour); throws std::invalid_argument.
double reading_hours(const std::string& reading);
double hazard_per_hour(const std::string& band, const std::string& reading);
const std::vector<std::string>& band_readings();

}  // namespace dbcost
