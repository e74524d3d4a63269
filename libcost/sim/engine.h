// The what-if engine: a scenario and a period become runs, and runs become DBUs and money.
//
// One code path serves both modes. Expected-value mode (trials = 0) takes every random quantity at
// its mean (runtimes, start-ups, retry counts as expected counts, probabilities as weights, known
// session timelines as written); Monte Carlo mode draws them, one independent stream per
// (seed, trial, workload), so results do not depend on the thread count.
// Billing: per second. A classic cluster is billed VM time from the start-up request to its end;
// DBUs accrue from the moment it is ready unless assumptions.dbus_during_startup says otherwise.
// Spot nodes are priced at the catalog's expected spot price; with spot evictions enabled (the
// scenario's `spot:` section, or RunOptions::spot_rate_override) each task on a cluster with spot
// nodes is drawn by the spot model (spot/spot_model.h), in Monte Carlo mode only.
// Per-trial aggregates are Eigen matrices: trials x workloads, trials x teams, trials x days.
#pragma once

#include <Eigen/Dense>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/usage_trace.h"
#include "workload/scenario.h"

namespace dbcost {

struct RunOptions {
  int trials = 0;  // 0 = expected-value mode
  std::uint64_t seed = 1;
  int threads = 1;
  std::size_t max_runs_per_workload = 5'000'000;
  // Spot: a hazard per node-hour for every spot node (overrides the scenario; enables evictions),
  // and a switch that prices every node on demand (the baseline spot savings are measured against).
  std::optional<double> spot_rate_override = std::nullopt;  // from 0 to 1000
  bool all_on_demand = false;
  // Keep one record per job run (RunSamples); off by default, as they grow with trials x runs.
  bool record_runs = false;
  // Keep the billed stretches of the one trial (trials 0 or 1) for a usage export.
  UsageTrace* usage_trace = nullptr;
  // Simulates trials first_trial .. first_trial + trials - 1 of the seed's sequence, so shards of a
  // run (on several machines) concatenated in order equal the run in one process (concat_trials).
  std::uint64_t first_trial = 0;
};

// Job runs, one entry per run, ordered by trial, then job, then start (column vectors).
struct RunSamples {
  std::vector<double> trial, workload, start_hours, minutes, cost, evictions, failed;
  std::size_t size() const { return trial.size(); }
};

struct WorkloadInfo {
  std::string name;
  std::string team;
  std::string kind;  // job, all-purpose, sql-warehouse, instance-pool, serverless-notebook, pipeline
};

struct SimResult {
  bool expected_value = true;
  int trials = 1;
  std::vector<WorkloadInfo> workloads;
  std::vector<std::string> teams;
  // trials x workloads
  Eigen::MatrixXd runs, dbus, dbu_cost, vm_cost, total_cost, idle_cost, duration_minutes;
  // trials x workloads, jobs only: spot nodes evicted, runs failed (a spot driver lost past max_retries, or a spot
  // segment stopped at its limit: timeout_seconds or the default cap, spot/spot_model.h), runs failed or past
  // sla_minutes
  Eigen::MatrixXd evictions, failed_runs, sla_misses;
  // trials x teams, trials x days (period days from its start), trials x (teams x days) with
  // column team * days + day
  Eigen::MatrixXd team_cost, daily_cost, team_daily_cost;
  // The DBUs at list price (what a DBCU pre-purchase draws down): trials x workloads, trials x days
  Eigen::MatrixXd dbu_list_cost, daily_dbu_list_cost;
  RunSamples run_samples;  // filled when RunOptions::record_runs
};

SimResult simulate(const Scenario& scenario, const RunOptions& options);

// Shards of one run (first_trial = 0, n1, n1 + n2, ...) stacked in order: the run in one process.
// Throws ModelError when the shards disagree on workloads, teams or days.
SimResult concat_trials(const std::vector<SimResult>& shards);

struct Summary {
  double mean = 0, std_error = 0, p05 = 0, p50 = 0, p95 = 0;
};
Summary summarize(const Eigen::Ref<const Eigen::VectorXd>& samples);

}  // namespace dbcost
