#include "commands/alerts_command.h"

#include <cstdio>

namespace dbcost {

namespace {

void check_candidates(const std::vector<double>& values, double lo, double hi, FrontEnd front, OptionName name,
                      const std::string& what, bool required) {
  if (values.empty() && !required) return;
  check_option_values(values, lo, hi, front, name, what);
}

}  // namespace

void validate_tuning_settings(const TuningSettings& s, FrontEnd front, bool each_kind) {
  check_candidates(s.percents, 1e-9, 1000, front, {"--percents", "percents"}, "percents above 0 and up to 1000",
                   each_kind);
  check_candidates(s.probabilities, 1e-9, 1, front, {"--probabilities", "probabilities"},
                   "probabilities above 0 and up to 1", each_kind);
  check_candidates(s.daily_per_year, 1e-9, 365, front, {"--daily-per-year", "daily_per_year"},
                   "rates above 0 and up to 365", each_kind);
  check_option_values({s.runaway_factor}, 1, 1000, front, {"--runaway-factor", "runaway_factor"},
                      "a factor from 1 to 1000");
  check_option_values({s.new_workload_percent}, 0, 10000, front, {"--new-workload-percent", "new_workload_percent"},
                      "a percent from 0 to 10000");
  check_option_number_range(s.false_alarms_per_year, 0.0, 365.0, front,
                            {"--false-alarms-per-year", "false_alarms_per_year"});
}

void AlertsOptions::validate(bool has_usage, bool has_scenario) const {
  validate_tuning_settings(settings, front);
  check_option_range(months.trials, 4, 100'000, front, {"--trials", "trials"});
  check_option_range(months.threads, 1, 256, front, {"--threads", "threads"});
  check_option_choice(basis, {"dbu", "total"}, front, {"--basis", "basis"});
  if (has_usage == has_scenario)
    throw option_error(
        front, {"--usage", "usage"},
        front == FrontEnd::Cli ? "give either --usage FILE or --scenario FILE" : "give either usage= or scenario=");
}

UsageOptions AlertsOptions::usage_options() const {
  if (basis != "dbu") throw option_error(front, {"--basis", "basis"}, "a usage export holds DBU spend only");
  if (team_tag.empty()) throw option_error(front, {"--team-tag", "team_tag"}, "expected a tag key");
  UsageOptions options;
  options.period = PeriodKind::Day;
  options.rules.team_tag = team_tag;
  return options;
}

MonthSource AlertsOptions::month_source() const {
  MonthSource m = months;
  m.basis = basis;
  return m;
}

MonthCalendar backtest_calendar(const std::optional<std::string>& month, int days) {
  MonthCalendar c;
  if (!month) {
    c.first_day = 4;  // 1970-01-05, a Monday
    c.days = days;
    return c;
  }
  int year = 0, mon = 0;
  if (std::sscanf(month->c_str(), "%d-%d", &year, &mon) != 2 || mon < 1 || mon > 12 || month->size() != 7)
    throw InputError({"", 0, 0, "month"}, "expected YYYY-MM, got '" + *month + "'");
  c = MonthCalendar::of_month(year, mon);
  if (c.days != days)
    throw InputError({"", 0, 0, "month"},
                     *month + " has " + std::to_string(c.days) + " days but the array has " + std::to_string(days));
  return c;
}

AlertReport tune_scenario_alerts(const Scenario& scenario, const BudgetMap& budgets, const AlertsOptions& options) {
  return tune_alerts(alert_inputs_from_scenario(scenario, options.month_source(), budgets, options.settings),
                     options.settings, options.notify);
}

AlertReport tune_usage_alerts(const UsageLedger& ledger, const PriceBook& prices, const BudgetMap& budgets,
                              const AlertsOptions& options) {
  return tune_alerts(
      alert_inputs_from_usage(ledger, prices, options.month_source(), budgets, options.settings, options.team_tag),
      options.settings, options.notify);
}

}  // namespace dbcost
