// What a bundle's target costs in a calendar month: jobs, SQL warehouses and all-purpose clusters
// and pipelines priced by the scenario engine (sim/engine.h, the same code as `dbcost run`) on the
// scenario bundle_scenario() builds; a pipeline's hour is sim/workload_rates.h's (the default
// cluster at the DLT edition's SKU, or serverless DBU/h at the serverless jobs price), over the
// month (continuous) or the runtimes file's hours_per_month.
//
// Per resource: runs, DBUs, DBU and VM cost, and the total's mean and p05/p50/p95 over trials.
// A resource whose cost needs what neither the bundle nor the runtimes say is unpriced: it shows
// its cost per run-hour instead, and no month total. Cost per run-hour is an hour of all the
// resource's compute at once: every job cluster, task cluster and serverless task of a job
// (autoscale at the midpoint of min and max workers, as the engine bills it), a warehouse at
// min_num_clusters (DBUs, and VMs and disks when classic or pro), a pipeline's or all-purpose
// cluster's hour; tasks billed elsewhere excluded.
// Teams sum their priced resources trial by trial.
//
// With `reference` (the old version's estimate, for a diff), a task whose runtime does not give
// reference_workers keeps the old version's cluster as its reference: the runtimes describe the
// clusters running today, and a resized cluster or a Photon switch scales them (docs/scenario.md).
#pragma once

#include <Eigen/Dense>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bundle/bundle_scenario.h"
#include "sim/engine.h"

namespace dbcost {

struct EstimateOptions : ConversionOptions {
  std::string runtimes;  // a runtimes file or scenario; "" = none
  RunOptions run;
};

struct ResourceEstimate {
  std::string name;
  std::string kind;  // job, pipeline, sql-warehouse, all-purpose
  std::string team;
  std::string trigger;
  std::string clusters;
  bool priced = false;
  std::optional<double> runs;
  std::optional<double> cost_per_run_hour;
  double dbus = 0, dbu_cost = 0, vm_cost = 0;  // means over trials (priced only)
  Summary cost;                                // total cost over trials (priced only)
  Eigen::VectorXd samples;                     // total cost per trial (priced only)
  std::vector<std::string> notes;
};

struct TeamEstimate {
  std::string team;
  Summary cost;
  Eigen::VectorXd samples;
  int resources = 0;
  int unpriced = 0;
};

struct BundleEstimate {
  std::string bundle, target, mode;
  std::string cloud, cloud_source;
  std::string month, period_start, period_end;  // YYYY-MM, and the period's first and next month's first day
  std::string currency = "USD";
  std::string runtimes_file;
  bool expected_value = true;
  int trials = 0;
  std::uint64_t seed = 1;
  std::vector<ResourceEstimate> resources;
  std::vector<TeamEstimate> teams;
  Summary total;
  Eigen::VectorXd total_samples;
  std::vector<std::string> notes;
  std::vector<BundleVariable> variables;  // every variable's value and where it came from
  std::shared_ptr<const Scenario> scenario;

  const ResourceEstimate* find(const std::string& kind, const std::string& name) const;
};

BundleEstimate estimate_bundle(const Bundle& bundle, const EstimateOptions& options,
                               const BundleEstimate* reference = nullptr);

}  // namespace dbcost
