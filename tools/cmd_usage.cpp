// dbcost usage SCENARIO: one simulated trial written as a system.billing.usage export.
#include <iostream>

#include "cli_common.h"
#include "commands.h"
#include "io/output_file.h"
#include "sim/run_report.h"
#include "sim/usage_export.h"
#include "workload/scenario_reader.h"

namespace dbcost {
namespace embedded {
std::string_view default_scenario();
}

namespace cli {

void register_usage(CLI::App& app) {
  struct Args {
    std::string scenario, variant, out, prices_out;
    std::string team_tag = "team";
    std::uint64_t seed = 1;
    bool expected = false;
  };
  auto args = std::make_shared<Args>();
  auto* cmd = app.add_subcommand("usage", "Write one simulated trial as a system.billing.usage export");
  cmd->add_option("SCENARIO", args->scenario, "Scenario YAML file (default: the built-in travel-platform scenario)");
  cmd->add_option("--variant", args->variant, "Apply this variant of the scenario");
  cmd->add_option("--seed", args->seed, "Random seed (the trial `dbcost run --trials 1 --seed S` simulates)")
      ->capture_default_str();
  cmd->add_flag("--expected", args->expected, "Write the expected-value month (trials 0) instead of a random one");
  cmd->add_option("--team-tag", args->team_tag, "custom_tags key that carries each workload's team")
      ->capture_default_str();
  cmd->add_option("--out", args->out, "Usage CSV to write")->required();
  cmd->add_option("--prices-out", args->prices_out, "Also write the prices used, as a list_prices export");
  cmd->callback([args] {
    const Scenario sc = args->scenario.empty() ? parse_scenario(std::string(embedded::default_scenario()),
                                                                "<builtin>/travel_platform.yaml", args->variant)
                                               : load_scenario(args->scenario, args->variant);
    UsageTrace trace;
    RunOptions options;
    options.trials = args->expected ? 0 : 1;
    options.seed = args->seed;
    options.usage_trace = &trace;
    const SimResult r = simulate(sc, options);
    const std::string usage = usage_export_csv(sc, r, trace, {args->seed, args->team_tag});
    const std::string prices = args->prices_out.empty() ? "" : list_prices_csv(sc, trace);
    std::vector<OutputFile> files = {{args->out, usage}};
    if (!args->prices_out.empty()) files.push_back({args->prices_out, prices});
    write_files_atomically(files);
    std::size_t records = 0;
    for (char c : usage) records += c == '\n';
    std::cout << "wrote " << records - 1 << " usage records (" << format_fixed(r.dbus.sum(), 3) << " DBUs, "
              << r.workloads.size() << " workloads) to " << args->out << "\n";
    if (!args->prices_out.empty()) std::cout << "wrote the prices used to " << args->prices_out << "\n";
  });
}

}  // namespace cli
}  // namespace dbcost
