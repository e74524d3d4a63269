// The commands on a scenario, for the CLI (`run`, `compare`, `spot`, `usage`) and dbcost.Scenario
// (run, compare, spot_sweep, usage_export): each one's options with the CLI's defaults and ranges
// (trials 0 to 1,000,000, spot trials from 1; threads 1 to 256), and the set-up both share.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "commands/option_names.h"
#include "sim/compare.h"
#include "sim/spot_report.h"
#include "sim/usage_export.h"
#include "workload/scenario.h"

namespace dbcost {

// The scenario file, or the built-in travel-platform scenario when `path` is "".
Scenario load_scenario_or_builtin(const std::string& path, const std::string& variant);

struct RunCommandOptions {
  FrontEnd front = FrontEnd::Cli;
  int trials = 0;  // 0 = expected values
  std::uint64_t seed = 1;
  int threads = 1;
  std::optional<double> spot_rate;  // per spot node-hour (the engine checks it)
  bool record_runs = false;
  std::uint64_t first_trial = 0;

  void validate() const;
  RunOptions run_options() const;  // validated
};

struct CompareOptions {
  FrontEnd front = FrontEnd::Cli;
  std::vector<std::string> variants;  // empty = every variant of the scenario
  bool alternatives = true;           // the automatic per-job alternatives
  int trials = 200;
  std::uint64_t seed = 1;
  int threads = 1;

  void validate() const;
};

// The variants (read by `load_variant`) and, unless left out, the automatic alternatives.
std::vector<Alternative> compare_alternatives(const Scenario& base,
                                              const std::function<Scenario(const std::string&)>& load_variant,
                                              const CompareOptions& options);
std::vector<Comparison> compare_all(const std::vector<Alternative>& alternatives, const CompareOptions& options);

struct SpotOptions {
  FrontEnd front = FrontEnd::Cli;
  std::vector<double> rates;  // empty = the scenario's own
  int trials = 200;
  std::uint64_t seed = 1;
  int threads = 1;
  bool break_even = true;

  void validate() const;
};

SpotReport spot_command(const Scenario& scenario, const SpotOptions& options);
// json: hazard and the three tables; csv: the tables; table and md: a header line, then the tables.
std::string spot_text(const SpotReport& report, const SpotOptions& options, const std::string& format,
                      const RenderOptions& render);

struct UsageExportCommandOptions {
  std::uint64_t seed = 1;
  bool expected = false;  // the expected-value month (trials 0) instead of trial `seed`
  std::string team_tag = "team";
  // The same month's cloud cost export (sim/cloud_cost_export.h): FOCUS 1.2 (--focus-out, focus) on
  // every cloud; the cloud's own (--cloud-out, cloud): AWS CUR 2.0 or Azure cost details, not on GCP.
  bool focus = false;
  bool cloud = false;
  FrontEnd front = FrontEnd::Cli;

  void validate(const Scenario& scenario) const;
};

struct UsageExportResult {
  std::string usage;   // system.billing.usage CSV
  std::string prices;  // list_prices CSV of the prices used; "" unless asked
  std::string focus;   // FOCUS 1.2 cloud cost export; "" unless asked
  std::string cloud;   // the cloud's native cost export; "" unless asked
  std::size_t records = 0;
  std::size_t focus_lines = 0, cloud_lines = 0;
  double dbus = 0;
  double vm_cost = 0;  // the trial's VM cost, what the cloud exports' lines sum to
  std::size_t workloads = 0;
};

UsageExportResult export_usage(const Scenario& scenario, const UsageExportCommandOptions& options, bool with_prices);

}  // namespace dbcost
