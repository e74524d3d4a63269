// `dbcost alerts`: every team's candidate rules with their false alarms and detection delays, the
// recommendation, and the Databricks budget that implements the recommended cumulative rule, as
// the body of the account budgets API's create call (POST /api/2.1/accounts/{account_id}/budgets,
// field names as the Databricks Budgets API reference, https://docs.databricks.com/api/azure/account/budgets,
// gives them). Tables: teams, overspends, thresholds, recommendation, and backtest (usage exports: the
// history months as they were).
// Money is shown to the cent, rates and days to one or two decimals; every format shows the same
// figures. Databricks budgets can only express cumulative rules in list-price USD, so a budget is
// written only for basis `dbu` in USD.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "alerts/alert_inputs.h"
#include "alerts/tuning.h"
#include "io/table.h"

namespace dbcost {

struct AlertReport {
  AlertInputs inputs;
  TuningSettings settings;
  std::string notify;  // e-mail for the budgets' EMAIL_NOTIFICATION action; "" = none
  std::vector<TeamTuning> teams;
};

// Tunes every team (the target false-alarm rate is added to the daily candidates when missing).
AlertReport tune_alerts(AlertInputs inputs, const TuningSettings& settings, const std::string& notify = "");

Table alert_team_table(const AlertReport& report);
Table overspend_table(const AlertReport& report);
Table threshold_table(const AlertReport& report);
Table recommendation_table(const AlertReport& report);
Table backtest_table(const AlertReport& report);

// One create-budget request body per team with a recommended cumulative rule.
nlohmann::ordered_json databricks_budgets(const AlertReport& report);
// Keys: source, basis, currency, month, days, fit_months, test_months, false_alarms_per_year,
// notes, teams, overspends, thresholds, recommendation, backtest, databricks_budgets.
nlohmann::ordered_json alerts_json(const AlertReport& report);
// table|csv|json|md|budgets; control characters escaped in table and md, formula-like CSV cells
// neutralised unless options.raw_csv.
std::string render_alerts(const AlertReport& report, const std::string& format, const RenderOptions& options = {});

}  // namespace dbcost
