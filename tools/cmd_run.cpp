// dbcost run SCENARIO: what the period costs per team and per workload, and how wide the spread is.
#include <iostream>

#include "cli_common.h"
#include "commands.h"
#include "commands/scenario_commands.h"
#include "core/text_escape.h"
#include "sim/run_report.h"

namespace dbcost::cli {

void register_run(CLI::App& app) {
  struct Args {
    std::string scenario, variant;
    RunCommandOptions options;
    OutputOptions output;
  };
  auto args = std::make_shared<Args>();
  auto& o = args->options;
  auto* cmd = app.add_subcommand("run", "Simulate a scenario: cost per team and per workload");
  cmd->add_option("SCENARIO", args->scenario, "Scenario YAML file (default: the built-in travel-platform scenario)");
  cmd->add_option("--variant", args->variant, "Apply this variant of the scenario");
  cmd->add_option("--trials", o.trials, "Monte Carlo trials (0 = expected values)")
      ->check(CLI::Range(0, 1'000'000))
      ->capture_default_str();
  cmd->add_option("--seed", o.seed, "Random seed")->capture_default_str();
  cmd->add_option("--threads", o.threads, "Threads (results do not depend on it)")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  add_output_options(cmd, args->output, {"table", "csv", "json", "md"});
  cmd->callback([args] {
    const Scenario sc = load_scenario_or_builtin(args->scenario, args->variant);
    RunContext ctx{&sc, args->variant, args->options.run_options()};
    const SimResult r = simulate(sc, ctx.options);
    emit(args->output, args->output.format == "json" ? run_json(r, ctx).dump(2) + "\n"
                                                     : run_text(r, ctx, args->output.format, args->output.render()));
    if (args->output.format == "csv") {  // CSV holds the cost tables only
      for (const auto& f : sc.policy_findings)
        std::cerr << escape_controls("policy violation: " + f.location + ": " + f.cluster + ": " + f.policy + ": " +
                                     f.path + ": " + f.message)
                  << "\n";
      for (const auto& n : sc.policy_notes) std::cerr << "policy note: " << escape_controls(n) << "\n";
      for (const auto& n : run_notes(sc)) std::cerr << "note: " << escape_controls(n) << "\n";
    }
    if (!sc.policy_findings.empty()) exit_code() = kExitFindings;
  });
}

}  // namespace dbcost::cli
