// dbcost spot SCENARIO: spot savings and risks per workload and team, across eviction rates.
#include "cli_common.h"
#include "commands.h"
#include "commands/scenario_commands.h"
#include "spot/spot_model.h"
#include "workload/scenario_reader.h"

namespace dbcost::cli {

void register_spot(CLI::App& app) {
  struct Args {
    std::string scenario, variant, rates;
    bool no_break_even = false;
    SpotOptions options;
    OutputOptions output;
  };
  auto args = std::make_shared<Args>();
  auto& o = args->options;
  auto* cmd = app.add_subcommand("spot", "What spot saves and risks, per workload and team, across eviction rates");
  cmd->add_option("SCENARIO", args->scenario, "Scenario YAML file")->required();
  cmd->add_option("--variant", args->variant, "Apply this variant of the scenario");
  cmd->add_option("--rates", args->rates,
                  "Eviction rates per spot node-hour, comma-separated (default: the scenario's)");
  cmd->add_option("--trials", o.trials, "Paired Monte Carlo trials")
      ->check(CLI::Range(1, 1'000'000))
      ->capture_default_str();
  cmd->add_option("--seed", o.seed, "Random seed")->capture_default_str();
  cmd->add_option("--threads", o.threads, "Threads")->check(CLI::Range(1, 256))->capture_default_str();
  cmd->add_flag("--no-break-even", args->no_break_even, "Skip the break-even search");
  add_output_options(cmd, args->output, {"table", "csv", "json", "md"});
  cmd->callback([args] {
    auto& o = args->options;
    o.rates = parse_eviction_rates(args->rates, "--rates");
    o.break_even = !args->no_break_even;
    const Scenario sc = load_scenario(args->scenario, args->variant);
    emit(args->output, spot_text(spot_command(sc, o), o, args->output.format, args->output.render()));
  });
}

}  // namespace dbcost::cli
