// A scenario: an account's workloads over a period [start, end) in a time zone, priced with a
// price book and instance catalog, in Databricks' own field names where Databricks has the field.
// The simulation inputs (runtimes, activity, arrival rates) sit beside them. docs/scenario.md
// documents every key; this is the model the reader (scenario_reader.h) builds.
//
// Runtimes: a task's `runtime.minutes` is its mean runtime on the cluster as the base scenario
// writes it (reference workers W0, Photon on or off). On another cluster (a variant resizes it or
// turns Photon on or off) the runtime scales by Amdahl's law and the Photon speed-up:
//   t = t0 * ((1 - p) + p * W0 / W) * (photon == photon0 ? 1 : photon ? 1/s : s)
// with p = parallel_fraction and s = photon_speedup. Runtimes are lognormal with the given
// coefficient of variation (cv = 0: fixed).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "policy/policy_finding.h"
#include "pricing/cluster_quote.h"
#include "pricing/commitments.h"
#include "pricing/pricing_sources.h"
#include "pricing/serverless_rates.h"
#include "schedule/quartz_cron.h"
#include "schedule/time.h"
#include "spec/cluster_spec.h"
#include "spec/warehouse_spec.h"

namespace date {
class time_zone;
}

namespace dbcost {

struct Spread {
  double mean = 0;
  double cv = 0;  // lognormal coefficient of variation; 0 = always the mean
};

struct TaskRuntime {
  double minutes = 0;
  double cv = 0;
  double parallel_fraction = 1.0;
  double photon_speedup = 1.0;
  double reference_workers = -1;  // W0; -1 = the task's cluster in the base scenario
  int reference_photon = -1;      // photon0 (0/1); -1 = as the base cluster
};

enum class TaskCompute { JobCluster, NewCluster, ExistingCluster, Serverless };

// A serverless job's or pipeline's `performance_target`: same SKU and price per DBU in both, more
// DBUs in PERFORMANCE_OPTIMIZED, Databricks' default (docs/pricing.md "Serverless").
enum class PerformanceTarget { Standard, PerformanceOptimized };
std::string to_string(PerformanceTarget t);  // STANDARD, PERFORMANCE_OPTIMIZED

// How a serverless task's or pipeline's DBU/h was set: given, the assumption's default, or
// derived from the classic cluster it replaces.
enum class ServerlessRateSource { Given, Default, Replaces };

struct Task {
  std::string task_key;
  std::vector<std::string> depends_on;
  TaskCompute compute = TaskCompute::Serverless;
  std::string job_cluster_key;                  // JobCluster
  std::optional<ClusterSpec> new_cluster;       // NewCluster
  std::string existing_cluster_id;              // ExistingCluster: an all_purpose_clusters name
  std::optional<ClusterSpec> existing_cluster;  // ExistingCluster: that cluster's spec
  double serverless_dbus_per_hour = 0;          // as billed, in the job's performance_target
  ServerlessRateSource serverless_rate_source = ServerlessRateSource::Default;
  TaskRuntime runtime;
  double failure_probability = 0;    // per attempt
  std::optional<int> max_retries;    // task-level; unset = the job's; -1 = unlimited
  std::int64_t timeout_seconds = 0;  // Jobs API, per task run; 0 = none; bounds its spot segments (docs/spot.md)
  SourceLocation where;
};

struct Arrivals {
  double per_hour = 0;
  std::vector<bool> days = std::vector<bool>(7, true);  // Monday = 0
  int window_start_minute = 0;                          // local time of day
  int window_end_minute = 24 * 60;
};

enum class TriggerKind { None, Cron, Periodic, TableUpdate, FileArrival, Continuous };

struct JobWorkload {
  std::string name;
  std::string team;
  std::map<std::string, std::string> tags;
  TriggerKind trigger = TriggerKind::None;
  std::optional<QuartzCron> cron;
  const date::time_zone* cron_zone = nullptr;
  bool paused = false;
  std::int64_t periodic_interval_seconds = 0;
  Arrivals arrivals;
  int min_time_between_triggers_seconds = 0;
  int wait_after_last_change_seconds = 0;
  int max_concurrent_runs = 1;
  int max_retries = 0;
  PerformanceTarget performance_target = PerformanceTarget::PerformanceOptimized;
  std::optional<double> sla_minutes;
  std::int64_t timeout_seconds = 0;  // Jobs API, per run; 0 = none; bounds its spot segments (docs/spot.md)
  std::map<std::string, ClusterSpec> job_clusters;
  std::vector<Task> tasks;  // topologically ordered after reading
  SourceLocation where;
};

struct Session {
  int weekday = -1;  // -1 = every active day
  int start_minute = 0;
  double minutes = 0;
};

struct ActivityPattern {
  std::vector<bool> days = std::vector<bool>(7, false);
  int window_start_minute = 9 * 60;
  int window_end_minute = 17 * 60;
  double users = 1;
  double sessions_per_user_per_day = 1;
  Spread session_minutes{30, 0};
  std::vector<Session> sessions;       // a known timeline instead of the random pattern
  double busy_workers_fraction = 0.5;  // autoscale: where between min and max workers a busy cluster sits
};

struct AllPurposeWorkload {
  std::string name;
  std::string team;
  ClusterSpec cluster;
  ActivityPattern activity;
  double left_running_over_weekend = 0;  // probability per weekend, autotermination 0 only
  SourceLocation where;
};

struct WarehouseWorkload {
  std::string name;
  std::string team;
  ComputeKind kind = ComputeKind::SqlServerless;
  std::string cluster_size;
  Decimal cluster_dbus_per_hour;
  int min_num_clusters = 1;
  int max_num_clusters = 1;
  int auto_stop_mins = 120;
  Arrivals queries;  // per_hour = queries per hour
  double query_seconds = 10;
  int queries_per_cluster = 10;
  std::optional<SpotInstancePolicy> spot_instance_policy;  // classic and pro: how the workers are priced
  std::vector<std::string> notes;                          // assumptions the pricing made (shown in results)
  SourceLocation where;
};

// An instance pool: min_idle_instances stay up idle all period; the instances a cluster releases stay
// idle above them for idle_instance_autotermination_minutes unless a cluster takes them first. Idle
// instances bill VMs (at the pool's availability: spot or on demand), no DBUs.
struct PoolWorkload {
  std::string name;
  std::string team;
  std::string node_type_id;
  int min_idle_instances = 0;
  int idle_minutes = 60;
  bool spot = false;
  SourceLocation where;
};

// A serverless notebook (serverless all-purpose compute, always billed performance-optimized):
// DBUs while a session is active and for idle_minutes after the last one, at the
// ALL_PURPOSE_SERVERLESS SKU; no start-up, no VMs.
struct NotebookWorkload {
  std::string name;
  std::string team;
  double dbus_per_hour = 0;
  double idle_minutes = 0;
  bool default_rate = false, default_idle = false;  // from assumptions, not the notebook
  ActivityPattern activity;
  SourceLocation where;
};

// A Lakeflow Declarative Pipeline (DLT). Classic: its default cluster's hour at the edition's DLT
// SKU (Photon with `photon`); serverless: DBU/h at the serverless jobs SKU's price, billed as DLT.
// Running through the period (continuous) or for update_minutes per update (triggered).
struct PipelineWorkload {
  std::string name;
  std::string team;
  std::map<std::string, std::string> tags;
  bool serverless = false;
  ComputeKind kind = ComputeKind::DltAdvanced;  // classic: the edition
  std::optional<ClusterSpec> cluster;           // classic: the default cluster, Photon as `photon` says
  PerformanceTarget performance_target = PerformanceTarget::PerformanceOptimized;
  double serverless_dbus_per_hour = 0;  // serverless, as billed
  ServerlessRateSource serverless_rate_source = ServerlessRateSource::Default;
  bool continuous = false;
  std::optional<QuartzCron> cron;  // triggered: updates at these times, or updates_per_day spread over the day
  const date::time_zone* cron_zone = nullptr;
  double updates_per_day = 0;
  Spread update_minutes;
  bool paused = false;
  SourceLocation where;
};

struct Assumptions {
  Spread cluster_startup_minutes{5, 0.3};
  bool dbus_during_startup = false;
  // Serverless rates (pricing/serverless_rates.h); the defaults are scenarios/data/serverless_rates.csv.
  double serverless_dbus_per_hour = ServerlessRates::builtin().value("jobs_standard_dbus_per_hour");
  double performance_optimized_multiplier = ServerlessRates::builtin().value("performance_optimized_multiplier");
  double serverless_from_cluster_factor = ServerlessRates::builtin().value("from_cluster_factor");
  double notebook_dbus_per_hour = ServerlessRates::builtin().value("notebook_dbus_per_hour");
  double notebook_idle_minutes = ServerlessRates::builtin().value("notebook_idle_minutes");
  std::vector<std::string> overridden;  // the serverless keys the scenario sets

  // DBU/h in a performance target from a STANDARD-mode rate.
  double in_target(double standard_dbus_per_hour, PerformanceTarget t) const {
    return t == PerformanceTarget::PerformanceOptimized ? standard_dbus_per_hour * performance_optimized_multiplier
                                                        : standard_dbus_per_hour;
  }
};

// Spot evictions (docs/spot.md). Off unless the scenario has a `spot:` section or a run asks for
// a rate; then every job cluster with spot nodes is simulated with evictions.
struct SpotSettings {
  bool enabled = false;
  double eviction_rate_per_hour = -1;  // -1: from each node type's eviction band under band_reading
  std::string band_reading = "per_month";
  double capacity_event_rate_per_hour = 0;
  double capacity_event_fraction = 1.0;
  bool graceful_decommission = false;
  double decommission_seconds_needed = 60;
  double in_flight_minutes = 2;
  double map_output_loss_probability = 0.5;
  Spread replacement_minutes{4, 0.3};
  double spot_unavailable_probability = 0;
  double spot_price_cv = 0;
};

struct Scenario {
  std::string name;
  std::string description;
  Cloud cloud = Cloud::Azure;
  Tier tier = Tier::Premium;
  std::string region;
  std::string currency = "USD";
  UnixSeconds start = 0;
  UnixSeconds end = 0;
  const date::time_zone* zone = nullptr;
  std::string timezone_id = "UTC";
  std::shared_ptr<const LoadedPricing> pricing;
  Discounts discounts;
  std::vector<Commitment> commitments;  // pricing.commitments
  Assumptions assumptions;
  SpotSettings spot;
  std::vector<std::string> teams;  // declared teams, in file order
  std::map<std::string, Money> budgets;
  std::vector<JobWorkload> jobs;
  std::vector<AllPurposeWorkload> all_purpose;
  std::vector<WarehouseWorkload> warehouses;
  std::vector<PoolWorkload> pools;
  std::vector<NotebookWorkload> notebooks;
  std::vector<PipelineWorkload> pipelines;
  std::vector<std::string> variant_names;
  std::string file;
  // Clusters naming a policy of `policies:` that break it (scenario_policies.h), and what a
  // variant's enforce_policy changed.
  std::vector<PolicyFinding> policy_findings;
  std::vector<std::string> policy_notes;
  // Defaults and assumptions the reader applied that change a price (run output "notes").
  std::vector<std::string> notes;

  PricingContext pricing_context() const { return pricing->context(cloud, tier, region, discounts); }
  int days() const { return static_cast<int>((end - start + 86399) / 86400); }
};

}  // namespace dbcost
