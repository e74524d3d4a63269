// dbcost usage SCENARIO: one simulated trial written as a system.billing.usage export, and the same
// month's cloud cost export (FOCUS 1.2, AWS CUR 2.0, Azure cost details).
#include <iostream>

#include "cli_common.h"
#include "commands.h"
#include "commands/scenario_commands.h"
#include "io/output_file.h"
#include "sim/run_report.h"

namespace dbcost::cli {

void register_usage(CLI::App& app) {
  struct Args {
    std::string scenario, variant, out, prices_out, focus_out, cloud_out;
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
  cmd->add_option("--focus-out", args->focus_out,
                  "Also write the month's VM and disk costs as the cloud's FOCUS 1.2 cost export");
  cmd->add_option("--cloud-out", args->cloud_out,
                  "Also write them as the cloud's own cost export: AWS CUR 2.0, Azure cost details (not GCP)");
  cmd->callback([args] {
    const Scenario sc = load_scenario_or_builtin(args->scenario, args->variant);
    args->options.focus = !args->focus_out.empty();
    args->options.cloud = !args->cloud_out.empty();
    const UsageExportResult r = export_usage(sc, args->options, !args->prices_out.empty());
    std::vector<OutputFile> files = {{args->out, r.usage}};
    if (!args->prices_out.empty()) files.push_back({args->prices_out, r.prices});
    if (!args->focus_out.empty()) files.push_back({args->focus_out, r.focus});
    if (!args->cloud_out.empty()) files.push_back({args->cloud_out, r.cloud});
    write_files_atomically(files);
    std::cout << "wrote " << r.records << " usage records (" << format_fixed(r.dbus, 3) << " DBUs, " << r.workloads
              << " workloads) to " << args->out << "\n";
    if (!args->prices_out.empty()) std::cout << "wrote the prices used to " << args->prices_out << "\n";
    const std::string vm = " (VM cost " + format_fixed(r.vm_cost, 2) + ")";
    if (!args->focus_out.empty())
      std::cout << "wrote " << r.focus_lines << " FOCUS 1.2 cloud cost lines" << vm << " to " << args->focus_out
                << "\n";
    if (!args->cloud_out.empty())
      std::cout << "wrote " << r.cloud_lines << " cloud cost lines" << vm << " to " << args->cloud_out << "\n";
  });
}

}  // namespace dbcost::cli
