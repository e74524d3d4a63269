// `dbcost alerts` and dbcost.alerts (tune, backtest): the candidate thresholds and overspend sizes
// checked once (percents in (0, 1000], probabilities in (0, 1], daily false alarms a year in
// (0, 365], runaway factor 1 to 1000, new workload 0 to 10000 percent), and the months read from
// a scenario or a usage export.
#pragma once

#include <optional>
#include <string>

#include "alerts/alert_inputs.h"
#include "alerts/alerts_report.h"
#include "chargeback/usage_reader.h"
#include "commands/pricing_options.h"

namespace dbcost {

// `each_kind`: every kind of rule needs a candidate (tune); a back-test may leave a kind out.
void validate_tuning_settings(const TuningSettings& settings, FrontEnd front, bool each_kind = true);

struct AlertsOptions {
  FrontEnd front = FrontEnd::Cli;
  std::string team_tag = "team";  // usage exports
  std::string basis = "dbu";      // dbu or total (scenarios only)
  std::string notify;
  MonthSource months;
  TuningSettings settings;

  // The settings, trials, threads and basis; `has_usage` and `has_scenario`: exactly one is given.
  void validate(bool has_usage, bool has_scenario) const;
  // A usage export holds DBU spend only, attributed by a tag.
  UsageOptions usage_options() const;
  MonthSource month_source() const;
};

// dbcost.alerts.backtest and daily_limits: the calendar of `days` columns: "YYYY-MM" (which must
// have that many days), or none (day 1 a Monday, 1970-01-05).
MonthCalendar backtest_calendar(const std::optional<std::string>& month, int days);

AlertReport tune_scenario_alerts(const Scenario& scenario, const BudgetMap& budgets, const AlertsOptions& options);
AlertReport tune_usage_alerts(const UsageLedger& ledger, const PriceBook& prices, const BudgetMap& budgets,
                              const AlertsOptions& options);

}  // namespace dbcost
