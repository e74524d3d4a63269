// From a bill to a scenario: the workloads a system.billing.usage export implies, with the
// figures the scenario needs and where each came from. The rules (docs/calibrate.md):
//
// - Period: [the first record's UTC day, the day after the last run start or non-job record),
//   or --period; UTC. Tier and cloud: those of most DBUs.
// - Clusters: from the system.compute.clusters export when it lists the cluster (node types,
//   workers or autoscale, auto-termination, spot); otherwise the node type is usage_metadata.node_type
//   and the nodes are the largest hourly DBUs of the cluster (over all its records) divided by the
//   node type's DBU/hour (instance catalog, times the Photon multiplier on Photon SKUs), rounded
//   up: an hour the cluster ran throughout shows its full rate; a cluster that never ran most of
//   an hour is under-sized and its runtime over-stated by the same factor (DBUs unchanged).
// - Jobs (one per job_id): a run is a job_run_id, starting in its first record's hour. The clusters
//   of a run are matched across runs by node type, Photon and order of first use; each becomes a
//   job cluster with one task whose runtime is the run's DBUs on it / the cluster's DBU/hour
//   (mean and coefficient of variation over the runs; DBUs accrue from ready, so start-up is not
//   in it). A task depends on the previous cluster's task when it starts later in the run.
//   Serverless job compute: a serverless task at 8 DBU/hour (the scenario default) or the largest
//   hourly DBUs of a run when higher. The calendar is run_calendar.h's.
// - All-purpose clusters (one per cluster_id): the average week, hour by hour; each weekday's
//   blocks of consecutive hours with use become a session whose minutes make the block's DBUs
//   after the idle tail. The tail is auto_termination_minutes from the clusters export, else the
//   median idle tail shown by dbcost_idle_quantity, else min(120, half the shortest block) — at
//   least 10 minutes (Databricks' minimum). With the idle column, an hour idle throughout that
//   is a whole number of nodes below the busy size makes the cluster autoscale. A block too small
//   to pay for the tail is added to the week's largest, so the period's DBUs are kept.
// - SQL warehouses (one per warehouse_id): size = the smallest whose DBU/hour covers the largest
//   hourly DBUs (more clusters beyond 4X-Large); kind from the SKU; on days with use; the window
//   holds the mean daily on-time less the auto-stop tail (estimated as above), with 1200 short
//   queries an hour so the warehouse stays on through it, as the records show it.
// - Other usage (serverless notebooks, pipelines, serving, Jobs Light, ...): the scenario has no kind
//   for it, so each SKU and team becomes a daily serverless job whose DBUs cost the same at the
//   serverless jobs price (a DBU figure in its own right only for serverless jobs SKUs).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "calibrate/run_calendar.h"
#include "calibrate/usage_profile.h"
#include "pricing/pricing_sources.h"
#include "usage/clusters_export.h"

namespace dbcost {

struct CalibrateOptions {
  std::string usage;     // usage export path
  std::string prices;    // list_prices export or price book ("" = built-in)
  std::string clusters;  // system.compute.clusters export ("" = none)
  std::string team_tag = "team";
  UnixSeconds from = kBeginningOfTime;  // --period; kBeginningOfTime / kEndOfTime = from the records
  UnixSeconds to = kEndOfTime;
  std::string name = "calibrated";
  std::string prices_in_yaml;  // how the scenario names the prices file ("" = builtin)
};

struct CalibratedCluster {
  std::string key;  // job_cluster_key
  std::string node_type_id;
  std::string driver_node_type_id;  // "" = node_type_id
  int num_workers = 0;
  std::optional<int> min_workers, max_workers;  // autoscale
  bool photon = false;
  std::string availability;
  std::optional<int> first_on_demand;
  std::string spot_bid_max_price, spot_bid_price_percent;
  std::optional<int> autotermination_minutes;
  double dbus_per_hour = 0;       // the rate the engine bills a job run at (autoscale: midpoint)
  double idle_dbus_per_hour = 0;  // all-purpose: at min_workers
  double busy_dbus_per_hour = 0;  // all-purpose: at the busy size
  std::string source;
};

struct CalibratedTask {
  std::string task_key;
  std::string depends_on;       // "" = none
  std::string job_cluster_key;  // "" = serverless
  double minutes = 0;
  double cv = 0;
  double serverless_dbus_per_hour = 0;
  std::string source;
};

struct CalibratedJob {
  std::string name, team;
  std::string source;  // "job_id 123 (42 runs, 310.5 DBUs)"
  bool other = false;  // a daily serverless job standing in for usage of another kind
  RunCalendar calendar;
  int max_concurrent_runs = 1;
  std::vector<CalibratedCluster> clusters;
  std::vector<CalibratedTask> tasks;
  std::vector<std::string> notes;
};

struct CalibratedSession {
  int weekday = 0;  // Monday = 0
  int start_minute = 0;
  double minutes = 0;
};

struct CalibratedAllPurpose {
  std::string name, team, source;
  CalibratedCluster cluster;
  int autotermination_minutes = 10;
  std::string tail_source;
  std::vector<CalibratedSession> sessions;
  std::vector<std::string> notes;
};

struct CalibratedWarehouse {
  std::string name, team, source;
  std::string warehouse_type = "PRO";
  bool serverless = false;
  std::string cluster_size;
  int clusters = 1;
  int auto_stop_mins = 10;
  std::string tail_source;
  std::string days = "daily";
  int window_start_minute = 0, window_end_minute = 24 * 60;
  double queries_per_hour = 1200;
  std::vector<std::string> notes;
};

struct Calibration {
  std::string name, source;
  std::string cloud, tier;
  std::string region;  // "" when no SKU names one
  UnixSeconds start = 0, end = 0;
  std::string prices_in_yaml;
  std::uint64_t records = 0, skipped = 0;
  std::vector<CalibratedJob> jobs;  // scheduled jobs, then stand-ins for other usage
  std::vector<CalibratedAllPurpose> all_purpose;
  std::vector<CalibratedWarehouse> warehouses;
  std::vector<std::string> notes;
  std::map<std::pair<std::string, std::string>, Money> billed;  // (month, team) -> DBU cost
  std::map<std::string, std::string> currency;                  // by month
};

// Reads the files named in `options` and infers the scenario.
Calibration calibrate(const CalibrateOptions& options);
// The same from a profile already read (tests, the Python binding).
Calibration calibrate_profile(const UsageProfile& profile, const ClustersExport& clusters, const LoadedPricing& pricing,
                              const CalibrateOptions& options);

// "FROM..TO" (dates or ISO 8601 instants, UTC; TO excluded) into options.from / options.to.
void parse_calibration_period(const std::string& text, CalibrateOptions& options);

}  // namespace dbcost
