// `dbcost spot`: what spot saves and what it risks, per workload and per team, across eviction rates.
//
// Every figure is paired: the scenario runs all on demand and with spot under the same seed and
// trials, and savings are the per-trial differences (mean and p05-p95). Savings are shown on the
// VM line (what the spot discount touches) and on the whole bill (Databricks does not discount
// DBUs for spot). Runtime inflation is the mean run duration with spot over the on-demand one;
// evictions are per run, failed runs per period; the SLA risk is the share of runs that failed or ran longer
// than sla_minutes. The break-even rate of a workload is where its mean total savings cross zero, interpolated
// in log rate over a grid of 15 rates from 1e-4 to about 3 per node-hour; there every run spot did not deliver
// (failed, or skipped while a longer run was still going) is charged at the on-demand cost of a run, so a rate
// where runs fail cheaply does not look like a saving. Each of the 16 simulations is bounded (spot_model.h).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "io/table.h"
#include "sim/engine.h"

namespace dbcost {

struct SpotRow {
  std::string rate;  // "0.05", or "band (per_month)" for the scenario's own rates
  std::string workload, team;
  double on_demand_cost = 0, spot_cost = 0;
  Summary savings;
  double savings_percent = 0;
  double vm_savings = 0, vm_savings_percent = 0;
  double runtime_inflation_percent = 0;
  double evictions_per_run = 0, failed_runs = 0, sla_miss_probability = 0;
};

struct SpotReport {
  std::string hazard_source;  // which reading or rate was used
  std::vector<SpotRow> workloads;
  std::vector<SpotRow> teams;
  std::vector<std::pair<std::string, std::string>> break_even;  // workload, rate per node-hour or a note
};

// rates empty: the scenario's own spot settings (its rate, or each node type's band under its reading).
SpotReport spot_sweep(const Scenario& scenario, const std::vector<double>& rates, const RunOptions& options,
                      bool with_break_even = true);
Table spot_workload_table(const SpotReport& report);
Table spot_team_table(const SpotReport& report);
Table break_even_table(const SpotReport& report);

}  // namespace dbcost
