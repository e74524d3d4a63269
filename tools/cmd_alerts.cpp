// dbcost alerts: budget alert thresholds with their false alarms and detection delays, per team.
#include "alerts/alerts_report.h"
#include "cli_common.h"
#include "commands.h"
#include "commands/alerts_command.h"
#include "workload/scenario_reader.h"

namespace dbcost::cli {

void register_alerts(CLI::App& app) {
  struct Args {
    std::string usage, prices, scenario, variant, budgets;
    AlertsOptions options;
    OutputOptions output;
  };
  auto args = std::make_shared<Args>();
  auto& o = args->options;
  auto& s = o.settings;
  auto* cmd = app.add_subcommand(
      "alerts", "Budget alert thresholds per team: false alarms a year and days to detect injected overspends");
  auto* usage = cmd->add_option("--usage", args->usage, "system.billing.usage export (CSV, .gz accepted)");
  auto* scenario = cmd->add_option("--scenario", args->scenario, "Scenario YAML file (its trials are the months)");
  usage->excludes(scenario);
  cmd->add_option("--prices", args->prices, "list_prices export or price book CSV for --usage (default: built-in)")
      ->needs(usage);
  cmd->add_option("--team-tag", o.team_tag, "custom_tags key naming the team (--usage)")->capture_default_str();
  cmd->add_option("--variant", args->variant, "Apply this variant of the scenario")->needs(scenario);
  cmd->add_option("--budgets", args->budgets, "CSV team,monthly_budget[,currency] (overrides the scenario's)");
  cmd->add_option("--false-alarms-per-year", s.false_alarms_per_year, "Target false alarms a year per rule")
      ->check(CLI::Range(0.0, 365.0))
      ->capture_default_str();
  cmd->add_option("--trials", o.months.trials, "Months: scenario trials, or bootstrap months of a usage export")
      ->check(CLI::Range(4, 100'000))
      ->capture_default_str();
  cmd->add_option("--seed", o.months.seed, "Random seed")->capture_default_str();
  cmd->add_option("--threads", o.months.threads, "Simulation threads (results do not depend on it)")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  cmd->add_option("--basis", o.basis, "dbu: list-price DBU spend, as Databricks budgets; total: DBU + VM")
      ->check(CLI::IsMember({"dbu", "total"}))
      ->capture_default_str();
  cmd->add_option("--percents", s.percents, "Cumulative thresholds, percent of budget")
      ->delimiter(',')
      ->capture_default_str();
  cmd->add_option("--probabilities", s.probabilities, "Forecast thresholds, P(month-end over budget)")
      ->delimiter(',')
      ->capture_default_str();
  cmd->add_option("--daily-per-year", s.daily_per_year, "Daily limits, by expected false alarms a year")
      ->delimiter(',')
      ->capture_default_str();
  cmd->add_option("--runaway-factor", s.runaway_factor, "Runaway job: runtime multiplier")->capture_default_str();
  cmd->add_option("--new-workload-percent", s.new_workload_percent, "New workload: percent of the mean month")
      ->capture_default_str();
  cmd->add_option("--cluster-per-hour", s.cluster_per_hour, "Forgotten cluster: cost per hour (default: derived)");
  cmd->add_option("--notify", o.notify, "E-mail for the budgets' EMAIL_NOTIFICATION action");
  add_output_options(cmd, args->output, {"table", "csv", "json", "md", "budgets"});
  cmd->callback([args] {
    const auto& o = args->options;
    o.validate(!args->usage.empty(), !args->scenario.empty());
    const BudgetMap budgets = args->budgets.empty() ? BudgetMap{} : load_budgets(args->budgets);
    std::optional<AlertReport> report;
    if (!args->scenario.empty()) {
      report = tune_scenario_alerts(load_scenario(args->scenario, args->variant), budgets, o);
    } else {
      const UsageOptions options = o.usage_options();
      const PriceBook prices = load_price_book_option(args->prices);
      report = tune_usage_alerts(read_usage(args->usage, prices, options), prices, budgets, o);
    }
    emit(args->output, render_alerts(*report, args->output.format, args->output.render()));
  });
}

}  // namespace dbcost::cli
