// dbcost usage SCENARIO: one simulated trial written as a system.billing.usage export.
#include <iostream>

#include "cli_common.h"
#include "commands.h"
#include "commands/scenario_commands.h"
#include "io/output_file.h"
#include "sim/run_report.h"

namespace dbcost::cli {

void register_usage(CLI::App& app) {
  struct Args {
    std::string scenario, variant, out, prices_out;
    UsageExportCommandOptions options;
  };
  auto args = std::make_shared<Args>();
  auto& o = args->options;
  auto* cmd = app.add_subcommand("usage", "Write one simulated trial as a system.billing.usage export");
  cmd->add_option("SCENARIO", args->scenario, "Scenario YAML file (default: the built-in travel-platform scenario)");
  cmd->add_option("--variant", args->variant, "Apply this variant of the scenario");
  cmd->add_option("--seed", o.seed, "Random seed (the trial `dbcost run --trials 1 --seed S` simulates)")
      ->capture_default_str();
  cmd->add_flag("--expected", o.expected, "Write the expected-value month (trials 0) instead of a random one");
  cmd->add_option("--team-tag", o.team_tag, "custom_tags key that carries each workload's team")->capture_default_str();
  cmd->add_option("--out", args->out, "Usage CSV to write")->required();
  cmd->add_option("--prices-out", args->prices_out, "Also write the prices used, as a list_prices export");
  cmd->callback([args] {
    const Scenario sc = load_scenario_or_builtin(args->scenario, args->variant);
    const UsageExportResult r = export_usage(sc, args->options, !args->prices_out.empty());
    std::vector<OutputFile> files = {{args->out, r.usage}};
    if (!args->prices_out.empty()) files.push_back({args->prices_out, r.prices});
    write_files_atomically(files);
    std::cout << "wrote " << r.records << " usage records (" << format_fixed(r.dbus, 3) << " DBUs, " << r.workloads
              << " workloads) to " << args->out << "\n";
    if (!args->prices_out.empty()) std::cout << "wrote the prices used to " << args->prices_out << "\n";
  });
}

}  // namespace dbcost::cli
