// dbcost compare SCENARIO: the base beside variants and automatic per-job alternatives.
#include "cli_common.h"
#include "commands.h"
#include "commands/scenario_commands.h"
#include "workload/scenario_reader.h"

namespace dbcost::cli {

void register_compare(CLI::App& app) {
  struct Args {
    std::string scenario;
    bool no_alternatives = false;
    CompareOptions options;
    OutputOptions output;
  };
  auto args = std::make_shared<Args>();
  auto& o = args->options;
  auto* cmd = app.add_subcommand("compare", "Compare a scenario with its variants and per-job alternatives");
  cmd->add_option("SCENARIO", args->scenario, "Scenario YAML file")->required();
  cmd->add_option("--variant", o.variants, "Variants to compare (default: every variant in the file)");
  cmd->add_flag("--no-alternatives", args->no_alternatives, "Leave out the automatic per-job alternatives");
  cmd->add_option("--trials", o.trials, "Paired Monte Carlo trials (0 = expected values)")
      ->check(CLI::Range(0, 1'000'000))
      ->capture_default_str();
  cmd->add_option("--seed", o.seed, "Random seed")->capture_default_str();
  cmd->add_option("--threads", o.threads, "Threads")->check(CLI::Range(1, 256))->capture_default_str();
  add_output_options(cmd, args->output, {"table", "csv", "json", "md"});
  cmd->callback([args] {
    args->options.alternatives = !args->no_alternatives;
    const Scenario base = load_scenario(args->scenario);
    const auto alts = compare_alternatives(
        base, [&](const std::string& v) { return load_scenario(args->scenario, v); }, args->options);
    emit(args->output,
         comparison_table(compare_all(alts, args->options)).render(args->output.format, args->output.render()));
  });
}

}  // namespace dbcost::cli
