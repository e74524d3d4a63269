// A resolved bundle as a dbcost scenario (docs/scenario.md), so the scenario engine prices it.
//
// The scenario is one calendar month in UTC. Jobs keep their Jobs API fields (schedule, trigger,
// continuous, max_concurrent_runs, timeout_seconds, job_clusters, tasks with new_cluster /
// job_cluster_key / existing_cluster_id / environment_key); fields dbcost does not price are
// dropped. What the bundle cannot say comes from the runtimes file (runtimes.h): task runtimes,
// data arrivals for table-update and file-arrival triggers, runs of a job started by hand
// (runs_per_month: a file-arrival trigger fed by Poisson arrivals with that mean), SQL warehouse
// and all-purpose cluster activity. A resource whose cost needs what is missing stays in the
// scenario with 0-minute runtimes (so its clusters are still read and checked) and is marked
// unpriced; the estimate then reports its cost per run-hour instead.
// Tasks that need no compute (condition, run_job, pipeline, sql, dashboard tasks) and tasks on
// an existing cluster that is not a resource of the bundle cost nothing here: their cost is their
// target's. `existing_cluster_id: ${resources.clusters.<name>.id}` runs on that bundle cluster at
// the all-purpose rate. Pipelines become scenario pipelines: continuous, or one update a day of
// hours_per_month spread over the month's days; without hours, updates of 0 minutes (unpriced).
// A pipeline without a default cluster that is not serverless stays out of the scenario.
//
// Cloud, when not given: the clusters' azure_/aws_/gcp_attributes, else the instance catalog's
// cloud of their node types, else the workspace host (*.azuredatabricks.net, *.gcp.databricks.com,
// *.cloud.databricks.com), else azure (noted).
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "bundle/bundle.h"
#include "bundle/runtimes.h"
#include "pricing/pricing_sources.h"

namespace dbcost {

struct ConversionOptions {
  std::string month;  // YYYY-MM; "" = next month (UTC)
  std::string cloud;  // "" = inferred
  std::string tier = "premium";
  std::string region;
  std::string team_tag = "team";
  std::string default_node_type;  // for clusters that name none; "" = they are not priced
  PricingFiles pricing;
  Discounts discounts;
};

struct ResourcePlan {
  std::string name;
  std::string kind;  // job, pipeline, sql-warehouse, all-purpose
  std::string team;
  std::string trigger;
  std::string clusters;
  bool priced = false;      // the month's cost follows from the bundle and the runtimes
  bool in_scenario = true;  // false: left out of the scenario (no tasks: zero; not priced: see notes)
  bool runs_known = true;   // jobs: the trigger fixes the number of runs
  bool paused = false;
  std::vector<std::string> notes;
  std::set<std::string> free_tasks;       // jobs: tasks billed elsewhere (control, foreign cluster)
  std::set<std::string> reference_given;  // jobs: tasks whose runtime gives reference_workers
  YAML::Node node;                        // the resolved resource
  std::optional<double> hours_per_month;  // pipelines
  std::optional<YAML::Node> cluster;      // pipelines: the default cluster, new_cluster keys only
  std::string cluster_path;               // pipelines: its path, for errors
};

struct BundleScenario {
  YAML::Node tree;  // scenario YAML, read with read_scenario
  std::vector<ResourcePlan> resources;
  std::string cloud;         // azure, aws, gcp
  std::string cloud_source;  // --cloud, azure_attributes, node types, workspace host, assumed
  std::string month;         // YYYY-MM
  std::vector<std::string> notes;
};

BundleScenario bundle_scenario(const Bundle& bundle, const Runtimes& runtimes, const BundleSources& sources,
                               const ConversionOptions& options, const InstanceCatalog& instances);

// "2026-12" -> {"2026-12-01", "2027-01-01"}; throws InputError naming --month.
std::pair<std::string, std::string> month_bounds(const std::string& month);
// The calendar month after today's (UTC), as YYYY-MM.
std::string next_month();

}  // namespace dbcost
