#include "commands/scenario_commands.h"

#include <algorithm>

#include "core/text_escape.h"
#include "sim/cloud_cost_export.h"
#include "workload/scenario_reader.h"

namespace dbcost {
namespace embedded {
std::string_view default_scenario();
}

namespace {

void check_runs(FrontEnd front, int trials, int min_trials, int threads) {
  check_option_range(trials, min_trials, 1'000'000, front, {"--trials", "trials"});
  check_option_range(threads, 1, 256, front, {"--threads", "threads"});
}

}  // namespace

Scenario load_scenario_or_builtin(const std::string& path, const std::string& variant) {
  if (!path.empty()) return load_scenario(path, variant);
  return parse_scenario(std::string(embedded::default_scenario()), "<builtin>/travel_platform.yaml", variant);
}

void RunCommandOptions::validate() const { check_runs(front, trials, 0, threads); }

RunOptions RunCommandOptions::run_options() const {
  validate();
  RunOptions o{trials, seed, threads};
  o.spot_rate_override = spot_rate;
  o.record_runs = record_runs;
  o.first_trial = first_trial;
  return o;
}

void CompareOptions::validate() const { check_runs(front, trials, 0, threads); }

std::vector<Alternative> compare_alternatives(const Scenario& base,
                                              const std::function<Scenario(const std::string&)>& load_variant,
                                              const CompareOptions& options) {
  options.validate();
  std::vector<Alternative> alts;
  const auto names = options.variants.empty() ? base.variant_names : options.variants;
  for (const auto& v : names) alts.push_back({v, "variant", "", base, load_variant(v)});
  if (options.alternatives)
    for (auto& a : automatic_alternatives(base)) alts.push_back(std::move(a));
  return alts;
}

std::vector<Comparison> compare_all(const std::vector<Alternative>& alternatives, const CompareOptions& options) {
  std::vector<Comparison> rows;
  for (const auto& a : alternatives) rows.push_back(compare_pair(a, {options.trials, options.seed, options.threads}));
  return rows;
}

void SpotOptions::validate() const { check_runs(front, trials, 1, threads); }

SpotReport spot_command(const Scenario& scenario, const SpotOptions& options) {
  options.validate();
  return spot_sweep(scenario, options.rates, {options.trials, options.seed, options.threads}, options.break_even);
}

std::string spot_text(const SpotReport& rep, const SpotOptions& options, const std::string& format,
                      const RenderOptions& render) {
  if (format == "json") {
    nlohmann::json j{{"hazard", rep.hazard_source},
                     {"workloads", spot_workload_table(rep).to_json()},
                     {"teams", spot_team_table(rep).to_json()},
                     {"break_even", break_even_table(rep).to_json()}};
    return j.dump(2) + "\n";
  }
  if (format == "csv")
    return spot_workload_table(rep).to_csv(render) + "\n" + spot_team_table(rep).to_csv(render) + "\n" +
           break_even_table(rep).to_csv(render);
  if (format == "md")
    return "Hazard: " + escape_controls(rep.hazard_source) + ". " + std::to_string(options.trials) +
           " paired trials; savings are against the same runs all on demand.\n\n## Workloads\n\n" +
           spot_workload_table(rep).to_markdown() + "\n## Teams\n\n" + spot_team_table(rep).to_markdown() +
           "\n## Break-even eviction rate\n\n" + break_even_table(rep).to_markdown();
  return "hazard: " + escape_controls(rep.hazard_source) + "; " + std::to_string(options.trials) +
         " paired trials\n\n" + spot_workload_table(rep).to_text() + "\n" + spot_team_table(rep).to_text() + "\n" +
         break_even_table(rep).to_text();
}

void UsageExportCommandOptions::validate(const Scenario& scenario) const {
  if (cloud && scenario.cloud == Cloud::Gcp)
    throw InputError({scenario.file, 0, 0, option_field(front, {"--cloud-out", "cloud"})},
                     "the scenario's cloud is gcp, whose billing export dbcost does not read; for it only " +
                         option_field(front, {"--focus-out", "focus"}) + " (FOCUS 1.2) is available");
}

UsageExportResult export_usage(const Scenario& scenario, const UsageExportCommandOptions& options, bool with_prices) {
  options.validate(scenario);
  UsageTrace trace;
  RunOptions run;
  run.trials = options.expected ? 0 : 1;
  run.seed = options.seed;
  run.usage_trace = &trace;
  const SimResult r = simulate(scenario, run);
  UsageExportResult out;
  out.usage = usage_export_csv(scenario, r, trace, {options.seed, options.team_tag});
  if (with_prices) out.prices = list_prices_csv(scenario, trace);
  const UsageExportOptions export_options{options.seed, options.team_tag};
  auto lines_of = [](const std::string& csv) {
    return static_cast<std::size_t>(std::count(csv.begin(), csv.end(), '\n')) - 1;
  };
  if (options.focus) {
    out.focus = cloud_cost_export_csv(scenario, r, trace, CloudExportKind::Focus, export_options);
    out.focus_lines = lines_of(out.focus);
  }
  if (options.cloud) {
    out.cloud = cloud_cost_export_csv(scenario, r, trace, CloudExportKind::Native, export_options);
    out.cloud_lines = lines_of(out.cloud);
  }
  out.vm_cost = r.vm_cost.sum();
  for (char c : out.usage) out.records += c == '\n';
  out.records -= 1;
  out.dbus = r.dbus.sum();
  out.workloads = r.workloads.size();
  return out;
}

}  // namespace dbcost
