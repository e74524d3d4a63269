// dbcost calibrate: a scenario inferred from a system.billing.usage export, checked against it.
#include <cmath>
#include <iostream>

#include "calibrate/calibrated_scenario.h"
#include "calibrate/calibration_check.h"
#include "cli_common.h"
#include "commands.h"
#include "commands/other_commands.h"
#include "core/errors.h"
#include "core/text_escape.h"
#include "io/atomic_file.h"
#include "sim/run_report.h"

namespace dbcost::cli {

void register_calibrate(CLI::App& app) {
  struct Args {
    CalibrateCommandOptions options;
    std::string out, format = "table";
    bool raw_csv = false;
  };
  auto args = std::make_shared<Args>();
  auto& o = args->options;
  auto* cmd = app.add_subcommand("calibrate", "Infer a scenario from a system.billing.usage export and check it");
  cmd->add_option("--usage", o.calibrate.usage, "system.billing.usage export (CSV, .gz accepted)")->required();
  cmd->add_option("--prices", o.calibrate.prices,
                  "system.billing.list_prices export or price book CSV (default: built-in)");
  cmd->add_option("--clusters", o.calibrate.clusters, "system.compute.clusters export (CSV): cluster specs");
  cmd->add_option("--team-tag", o.calibrate.team_tag, "custom_tags key that names the team")->capture_default_str();
  cmd->add_option("--period", o.period, "FROM..TO: only usage starting in it (dates or instants, UTC)");
  cmd->add_option("--name", o.calibrate.name, "the scenario's name")->capture_default_str();
  cmd->add_option("--out", args->out, "Scenario YAML to write")->required();
  cmd->add_option("--trials", o.check.trials, "Monte Carlo trials of the check (0 skips it)")
      ->check(CLI::Range(0, 100000))
      ->capture_default_str();
  cmd->add_option("--seed", o.check.seed, "Random seed of the check")->capture_default_str();
  cmd->add_option("--threads", o.check.threads, "Threads for the check")->check(CLI::Range(1, 256));
  cmd->add_option("--max-error", o.max_error, "Exit 1 when a team's month is off by more than PCT percent")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--format", args->format, "Check table format")
      ->check(CLI::IsMember({"table", "csv", "json", "md"}))
      ->capture_default_str();
  add_raw_csv_flag(cmd, args->raw_csv);
  cmd->callback([args] {
    const auto& o = args->options;
    const CalibratedScenario cs = calibrate_scenario(o.calibrate_options(), args->out);
    write_file_atomically(args->out, cs.yaml);
    const Calibration& c = cs.calibration;
    std::size_t other = 0;
    for (const auto& j : c.jobs) other += j.other ? 1 : 0;
    auto count = [](std::size_t n, const char* one, const char* many) {
      return std::to_string(n) + (n == 1 ? one : many);
    };
    std::cerr << "calibrated "
              << count(c.jobs.size() + c.all_purpose.size() + c.warehouses.size(), " workload", " workloads")
              << " from " << count(c.records, " DBU record", " DBU records") << ": "
              << count(c.jobs.size() - other, " job, ", " jobs, ")
              << count(c.all_purpose.size(), " all-purpose cluster, ", " all-purpose clusters, ")
              << count(c.warehouses.size(), " SQL warehouse, ", " SQL warehouses, ")
              << count(other, " stand-in", " stand-ins") << " for other usage\n";
    for (const auto& n : c.notes) std::cerr << "note: " << escape_controls(n) << "\n";
    std::cerr << "wrote " << escape_controls(args->out) << "\n";
    if (o.check.trials == 0) return;
    const CalibrationCheck check = check_calibration(cs.scenario, c.billed, o.check);
    if (args->format == "table" || args->format == "md")
      std::cout << "Billed DBU cost against " << check.trials << " simulated months of the calibrated scenario ("
                << escape_controls(check.currency) << "; VM cost is not on the bill)\n\n";
    std::cout << check_table(check).render(args->format, RenderOptions{args->raw_csv});
    const double worst = check.worst_error_percent();
    if (o.max_error >= 0 && worst > o.max_error) {
      if (std::isinf(worst))
        std::cerr << "a team has simulated cost in a month with no bill, beyond --max-error\n";
      else
        std::cerr << "a team is off by " << format_fixed(worst, 2) << "% in a month, more than --max-error "
                  << format_fixed(o.max_error, 2) << "%\n";
      exit_code() = kExitFindings;
    }
  });
}

}  // namespace dbcost::cli
