// dbcost spot SCENARIO: spot savings and risks per workload and team, across eviction rates.
#include <sstream>

#include "cli_common.h"
#include "commands.h"
#include "core/errors.h"
#include "core/text_escape.h"
#include "sim/spot_report.h"
#include "spot/spot_model.h"
#include "workload/scenario_reader.h"

namespace dbcost::cli {

void register_spot(CLI::App& app) {
  struct Args {
    std::string scenario, variant, rates;
    int trials = 200;
    std::uint64_t seed = 1;
    int threads = 1;
    bool no_break_even = false;
    OutputOptions output;
  };
  auto args = std::make_shared<Args>();
  auto* cmd = app.add_subcommand("spot", "What spot saves and risks, per workload and team, across eviction rates");
  cmd->add_option("SCENARIO", args->scenario, "Scenario YAML file")->required();
  cmd->add_option("--variant", args->variant, "Apply this variant of the scenario");
  cmd->add_option("--rates", args->rates,
                  "Eviction rates per spot node-hour, comma-separated (default: the scenario's)");
  cmd->add_option("--trials", args->trials, "Paired Monte Carlo trials")
      ->check(CLI::Range(1, 1'000'000))
      ->capture_default_str();
  cmd->add_option("--seed", args->seed, "Random seed")->capture_default_str();
  cmd->add_option("--threads", args->threads, "Threads")->check(CLI::Range(1, 256))->capture_default_str();
  cmd->add_flag("--no-break-even", args->no_break_even, "Skip the break-even search");
  add_output_options(cmd, args->output, {"table", "csv", "json", "md"});
  cmd->callback([args] {
    const std::vector<double> rates = parse_eviction_rates(args->rates, "--rates");
    const Scenario sc = load_scenario(args->scenario, args->variant);
    const auto rep = spot_sweep(sc, rates, {args->trials, args->seed, args->threads}, !args->no_break_even);
    const auto& fmt = args->output.format;
    std::string out;
    if (fmt == "json") {
      nlohmann::json j{{"hazard", rep.hazard_source},
                       {"workloads", spot_workload_table(rep).to_json()},
                       {"teams", spot_team_table(rep).to_json()},
                       {"break_even", break_even_table(rep).to_json()}};
      out = j.dump(2) + "\n";
    } else if (fmt == "csv") {
      const RenderOptions render = args->output.render();
      out = spot_workload_table(rep).to_csv(render) + "\n" + spot_team_table(rep).to_csv(render) + "\n" +
            break_even_table(rep).to_csv(render);
    } else if (fmt == "md") {
      out = "Hazard: " + escape_controls(rep.hazard_source) + ". " + std::to_string(args->trials) +
            " paired trials; savings are against the same runs all on demand.\n\n## Workloads\n\n" +
            spot_workload_table(rep).to_markdown() + "\n## Teams\n\n" + spot_team_table(rep).to_markdown() +
            "\n## Break-even eviction rate\n\n" + break_even_table(rep).to_markdown();
    } else {
      out = "hazard: " + escape_controls(rep.hazard_source) + "; " + std::to_string(args->trials) +
            " paired trials\n\n" + spot_workload_table(rep).to_text() + "\n" + spot_team_table(rep).to_text() + "\n" +
            break_even_table(rep).to_text();
    }
    emit(args->output, out);
  });
}

}  // namespace dbcost::cli
