// From a published eviction-rate band to a per-node hazard.
//
// Azure publishes "0-5", "5-10", "10-15", "15-20", "20+" percent over a trailing 28 days
// (https://learn.microsoft.com/en-us/azure/virtual-machines/spot-vms); AWS's Spot Advisor gives the same
// buckets for "the trailing month" (as quoted in https://pkg.go.dev/github.com/grailbio/base/cloud/spotadvisor).
// Neither says what the percentage is per, so the reading is a parameter: the band's midpoint p
// (25% for "20+") is the probability that one node is evicted within the window Δ of the reading,
// and with a constant hazard λ = −ln(1 − p) / Δ (the conversion the Can't Be Late simulator uses,
// https://github.com/Michaelvll/skypilot-spot-strategy).
//   per_month: Δ = 730 h (default; the clouds' windows are a month)   per_day: Δ = 24 h
//   per_hour:  Δ = 1 h (about 700 times the per_month hazard; one blog's reading,
//              https://techbrainblog.com/2025/11/30/key-points-about-azure-spot-vms-and-its-eviction)
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
