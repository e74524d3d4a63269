// dbcost alerts: budget alert thresholds with their false alarms and detection delays, per team.
#include "alerts/alerts_report.h"
#include "cli_common.h"
#include "commands.h"
#include "core/errors.h"
#include "workload/scenario_reader.h"

namespace dbcost::cli {
namespace {

void check_all(const std::vector<double>& values, double lo, double hi, const std::string& flag,
               const std::string& what) {
  if (values.empty()) throw InputError({"", 0, 0, flag}, "expected at least one value");
  for (double v : values)
    if (!(v >= lo && v <= hi)) throw InputError({"", 0, 0, flag}, "expected " + what + ", got " + std::to_string(v));
}

}  // namespace

void register_alerts(CLI::App& app) {
  struct Args {
    std::string usage, prices, scenario, variant, budgets, notify;
    std::string team_tag = "team";
    std::string basis = "dbu";
    MonthSource months;
    TuningSettings settings;
    OutputOptions output;
  };
  auto args = std::make_shared<Args>();
  auto& s = args->settings;
  auto* cmd = app.add_subcommand(
      "alerts", "Budget alert thresholds per team: false alarms a year and days to detect injected overspends");
  auto* usage = cmd->add_option("--usage", args->usage, "system.billing.usage export (CSV, .gz accepted)");
  auto* scenario = cmd->add_option("--scenario", args->scenario, "Scenario YAML file (its trials are the months)");
  usage->excludes(scenario);
  cmd->add_option("--prices", args->prices, "list_prices export or price book CSV for --usage (default: built-in)")
      ->needs(usage);
  cmd->add_option("--team-tag", args->team_tag, "custom_tags key naming the team (--usage)")->capture_default_str();
  cmd->add_option("--variant", args->variant, "Apply this variant of the scenario")->needs(scenario);
  cmd->add_option("--budgets", args->budgets, "CSV team,monthly_budget[,currency] (overrides the scenario's)");
  cmd->add_option("--false-alarms-per-year", s.false_alarms_per_year, "Target false alarms a year per rule")
      ->check(CLI::Range(0.0, 365.0))
      ->capture_default_str();
  cmd->add_option("--trials", args->months.trials, "Months: scenario trials, or bootstrap months of a usage export")
      ->check(CLI::Range(4, 100'000))
      ->capture_default_str();
  cmd->add_option("--seed", args->months.seed, "Random seed")->capture_default_str();
  cmd->add_option("--threads", args->months.threads, "Simulation threads (results do not depend on it)")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  cmd->add_option("--basis", args->basis, "dbu: list-price DBU spend, as Databricks budgets; total: DBU + VM")
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
  cmd->add_option("--notify", args->notify, "E-mail for the budgets' EMAIL_NOTIFICATION action");
  add_output_options(cmd, args->output, {"table", "csv", "json", "md", "budgets"});
  cmd->callback([args] {
    auto& st = args->settings;
    check_all(st.percents, 1e-9, 1000, "--percents", "percents above 0 and up to 1000");
    check_all(st.probabilities, 1e-9, 1, "--probabilities", "probabilities above 0 and up to 1");
    check_all(st.daily_per_year, 1e-9, 365, "--daily-per-year", "rates above 0 and up to 365");
    check_all({st.runaway_factor}, 1, 1000, "--runaway-factor", "a factor from 1 to 1000");
    check_all({st.new_workload_percent}, 0, 10000, "--new-workload-percent", "a percent from 0 to 10000");
    if (args->usage.empty() == args->scenario.empty())
      throw InputError({"", 0, 0, "--usage"}, "give either --usage FILE or --scenario FILE");
    const BudgetMap budgets = args->budgets.empty() ? BudgetMap{} : load_budgets(args->budgets);
    args->months.basis = args->basis;
    AlertInputs inputs;
    if (!args->scenario.empty()) {
      inputs = alert_inputs_from_scenario(load_scenario(args->scenario, args->variant), args->months, budgets, st);
    } else {
      if (args->basis != "dbu") throw InputError({"", 0, 0, "--basis"}, "a usage export holds DBU spend only");
      if (args->team_tag.empty()) throw InputError({"", 0, 0, "--team-tag"}, "expected a tag key");
      UsageOptions options;
      options.period = PeriodKind::Day;
      options.rules.team_tag = args->team_tag;
      const PriceBook prices =
          args->prices.empty() || args->prices == "builtin" ? PriceBook::builtin() : PriceBook::load(args->prices);
      inputs = alert_inputs_from_usage(read_usage(args->usage, prices, options), prices, args->months, budgets, st,
                                       args->team_tag);
    }
    emit(args->output,
         render_alerts(tune_alerts(std::move(inputs), st, args->notify), args->output.format, args->output.render()));
  });
}

}  // namespace dbcost::cli
