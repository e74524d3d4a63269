// Spot evictions for one cluster segment (a task or a job run on one cluster), by Monte Carlo.
//
// Model (sources: Azure Spot VMs docs, https://learn.microsoft.com/en-us/azure/virtual-machines/spot-vms; AWS
// Spot interruption notices; Databricks azure_attributes/aws_attributes; Spark's TaskSetManager/DAGScheduler;
// the full list with links is in docs/spot.md, "Sources"):
//  - Each spot node is evicted at hazard `eviction_rate_per_hour` (exponential lifetimes); on top,
//    capacity events at `capacity_event_rate_per_hour` take a fraction of the live spot workers at once.
//  - Work: the segment needs `failure_free_minutes` on a full cluster; progress runs at
//    (live workers / workers) of full speed (parallel work; a cluster with 0 workers runs on its driver).
//  - A lost worker loses its in-flight work (an exponential share with mean `in_flight_minutes` of
//    one worker's time) and, with probability `map_output_loss_probability`, its completed map output:
//    1/workers of the work done so far in the segment, to recompute. Graceful decommissioning saves the
//    map output when the notice (30 s Azure, 120 s AWS) covers `decommission_seconds_needed`.
//  - A replacement joins after a lognormal provisioning delay. It is spot again, unless spot is unavailable
//    (probability `spot_unavailable_probability`): then SPOT_WITH_FALLBACK gets an on-demand node, billed at
//    the on-demand price from then on, and plain SPOT gets none (the cluster stays short).
//  - A spot driver's eviction kills the attempt: the segment restarts from scratch, up to `max_retries`
//    times, every attempt billed. The new attempt starts after a replacement delay R (the same lognormal),
//    which is wall time but not billed (no cluster is up), on a fresh cluster as configured. Expected
//    completion then follows (1/λ + R)(e^{λT} − 1).
//  - A capacity event takes floor(F·n + U) of the n live spot workers (U uniform: F·n on average, all of
//    them when F = 1); it does not touch the driver.
//  - A cluster left with no worker and no replacement coming (plain SPOT) cannot finish: the attempt fails
//    as on a driver loss (restart, or `failed` past `max_retries`), without counting an eviction.
//  - VMs are billed per node for the time they are up; DBUs per node-hour do not depend on spot.
//  - Spot price: the expected spot price, times a lognormal factor with `spot_price_cv` per segment;
//    a bid (`spot_bid_per_hour` > 0) below the drawn price (driver's or workers') is a price eviction of
//    every spot node, at a uniform time within the first `failure_free_minutes`; spot stays unavailable
//    for the rest of the segment (replacements and restarts go on demand with fallback, or get nothing).
//  - Every segment has a wall-time limit L (segment_limit_minutes): what is left of its job's or task's
//    timeout_seconds, or without one max(10 T, T + 60 min), and never less than its failure-free T. A
//    segment still running at L stops there, failed and timed out, billed for the nodes up to L.
//  - At most kMaxSegmentEvents events are drawn per segment. Past them the rest of the segment, to its
//    end or to L, goes on at the segment's mean rates so far (billed node-minutes and evictions per
//    minute) and at the current attempt's mean progress; it ends failed at L when that progress cannot
//    finish the work by L. The work of a call is bounded whatever the rates and the limit.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "montecarlo/sampler.h"

namespace dbcost {

class YamlView;

struct SpotParams {
  double eviction_rate_per_hour = 0;
  double capacity_event_rate_per_hour = 0;
  double capacity_event_fraction = 1.0;
  double notice_seconds = 30;
  bool graceful_decommission = false;
  double decommission_seconds_needed = 60;
  double in_flight_minutes = 2;
  double map_output_loss_probability = 0.5;
  double replacement_minutes_mean = 4;
  double replacement_minutes_cv = 0.3;
  double spot_unavailable_probability = 0;
  bool fallback_to_on_demand = true;  // SPOT_WITH_FALLBACK*
  int max_retries = 0;                // driver loss: restarts of the whole segment
  double spot_price_cv = 0;
  double spot_bid_per_hour = -1;  // -1: never evicted on price
};

// One cluster's nodes and their hourly prices.
struct ClusterNodes {
  int workers = 0;
  int spot_workers = 0;  // workers past first_on_demand on spot
  bool driver_on_spot = false;
  double driver_vm_on_demand_per_hour = 0;
  double driver_vm_spot_per_hour = 0;
  double worker_vm_on_demand_per_hour = 0;
  double worker_vm_spot_per_hour = 0;
  double driver_dbus_per_hour = 0;  // with Photon
  double worker_dbus_per_hour = 0;  // per worker, with Photon
  double price_per_dbu = 0;
};

struct SpotSegment {
  double minutes = 0;  // wall time, all attempts
  double vm_cost = 0;
  double dbus = 0;
  double dbu_cost = 0;
  double evictions = 0;  // spot nodes lost (workers and driver)
  int attempts = 1;
  bool failed = false;        // the driver was lost more than max_retries times, or timed out
  bool timed_out = false;     // stopped at its limit
  bool extrapolated = false;  // past kMaxSegmentEvents, continued at its mean rates
};

// Events (evictions, capacity events, replacements joining, restarts) drawn per segment at most.
inline constexpr long kMaxSegmentEvents = 4096;
// Without a timeout, a segment of failure-free time T stops at max(kLimitFactor T, T + kLimitFloorMinutes).
inline constexpr double kLimitFactor = 10;
inline constexpr double kLimitFloorMinutes = 60;

// The wall-time limit of a segment of failure-free time T: `timeout_minutes` (what is left of the job's or the
// task's timeout when the segment starts), or the default above without one; never below T.
double segment_limit_minutes(double failure_free_minutes, std::optional<double> timeout_minutes);

// An eviction rate per spot node-hour, as users give it: finite, from 0 to 1000 (one eviction every
// 3.6 s); anything else is an InputError naming `field`.
double check_eviction_rate(double rate, const std::string& field);
// The same from a scenario file (`spot: eviction_rate_per_hour:`): an InputError at its line and column.
double read_eviction_rate(const YamlView& v);
// A comma-separated list of such rates ("0.05,0.2"); "" is none.
std::vector<double> parse_eviction_rates(const std::string& text, const std::string& field);

// Draws one segment, stopped at segment_limit_minutes(failure_free_minutes, timeout_minutes). In
// expected-value mode (no generator) nothing is evicted: the segment runs its failure-free time at the
// expected spot price.
SpotSegment simulate_spot_segment(double failure_free_minutes, const ClusterNodes& nodes, const SpotParams& params,
                                  Sampler& sampler, std::optional<double> timeout_minutes = std::nullopt);

namespace detail {

// Random draws one call made, by kind; benchmarks time the same draws alone to see the model's overhead.
struct SpotDrawCounts {
  long exponential = 0;
  long uniform = 0;
  long lognormal = 0;
};

// simulate_spot_segment, adding its draws to `counts` (same draws, same result).
SpotSegment simulate_spot_segment_counted(double failure_free_minutes, const ClusterNodes& nodes,
                                          const SpotParams& params, Sampler& sampler, SpotDrawCounts& counts,
                                          std::optional<double> timeout_minutes = std::nullopt);

}  // namespace detail

}  // namespace dbcost
