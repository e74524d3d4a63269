// dbcost compare SCENARIO: the base beside variants and automatic per-job alternatives.
#include "cli_common.h"
#include "commands.h"
#include "sim/compare.h"
#include "workload/scenario_reader.h"

namespace dbcost::cli {

void register_compare(CLI::App& app) {
  struct Args {
    std::string scenario;
    std::vector<std::string> variants;
    bool all_variants = false;
    bool no_alternatives = false;
    int trials = 200;
    std::uint64_t seed = 1;
    int threads = 1;
    OutputOptions output;
  };
  auto args = std::make_shared<Args>();
  auto* cmd = app.add_subcommand("compare", "Compare a scenario with its variants and per-job alternatives");
  cmd->add_option("SCENARIO", args->scenario, "Scenario YAML file")->required();
  cmd->add_option("--variant", args->variants, "Variants to compare (default: every variant in the file)");
  cmd->add_flag("--no-alternatives", args->no_alternatives, "Leave out the automatic per-job alternatives");
  cmd->add_option("--trials", args->trials, "Paired Monte Carlo trials (0 = expected values)")
      ->check(CLI::Range(0, 1'000'000))
      ->capture_default_str();
  cmd->add_option("--seed", args->seed, "Random seed")->capture_default_str();
  cmd->add_option("--threads", args->threads, "Threads")->check(CLI::Range(1, 256))->capture_default_str();
  add_output_options(cmd, args->output, {"table", "csv", "json", "md"});
  cmd->callback([args] {
    const Scenario base = load_scenario(args->scenario);
    const RunOptions options{args->trials, args->seed, args->threads};
    std::vector<Alternative> alts;
    const auto names = args->variants.empty() ? base.variant_names : args->variants;
    for (const auto& v : names) alts.push_back({v, "variant", "", base, load_scenario(args->scenario, v)});
    if (!args->no_alternatives)
      for (auto& a : automatic_alternatives(base)) alts.push_back(std::move(a));
    std::vector<Comparison> rows;
    for (const auto& a : alts) rows.push_back(compare_pair(a, options));
    emit(args->output, comparison_table(rows).render(args->output.format, args->output.render()));
  });
}

}  // namespace dbcost::cli
