// Where the months come from: a scenario's Monte Carlo trials, or the days of a usage export.
//
// Scenario: each trial is one possible month (the scenario's period, 28 to 31 days). Trials
// [0, n/2) are the fit months and [n/2, n) the test months (tuning.h). Basis `dbu` (default) is
// what Databricks budgets measure, list-price DBU spend (Databricks budgets docs,
// https://learn.microsoft.com/en-us/azure/databricks/admin/account-settings/budgets): the scenario is
// simulated with DBU discount 0% and VM discount 100%; basis `total` is DBU + VM spend after the
// scenario's contract discounts, what a cloud budget over the workspace's resources sees.
// Overspend sizes come from the team's own workloads: its most expensive all-purpose cluster idle
// at its smallest size (quote_cluster), its job with the highest mean cost per month / days.
//
// Usage export: per-team daily spend at list price (chargeback's reader with day periods, the team
// from the team tag; untagged and shared spend is left out, as a budget filtered on the tag would).
// History months are the calendar months (UTC) from the first to the last usage day; the last one
// is left out when usage stops before its end (an export taken mid-month). Days without usage cost
// 0. The month tuned is the one after the history; its fit and test months are bootstrap months:
// each day drawn uniformly from the history's days of the same kind (weekday or weekend), per team,
// on its own stream (seed, trial, team), so days are independent and month-to-month trends are
// not carried. The history months themselves are back-tested as they were (backtest table).
// Overspend sizes: the default forgotten cluster (Standard_DS3_v2, m5.xlarge or n1-standard-4,
// driver and 2 workers, at the export's all-purpose price), the team's spend on SKUs named *JOBS*
// as the runaway job.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "alerts/budgets_file.h"
#include "alerts/tuning.h"
#include "chargeback/usage_reader.h"
#include "workload/scenario.h"

namespace dbcost {

struct HistoryMonth {
  MonthCalendar calendar;
  std::vector<double> daily;
};

struct AlertInputs {
  std::string source;
  std::string basis = "dbu";
  std::string currency = "USD";
  std::string team_tag = "team";
  MonthCalendar calendar;
  std::vector<TeamInput> teams;
  std::vector<std::vector<HistoryMonth>> history;  // per team (usage exports), else empty
  std::vector<std::string> notes;
};

struct MonthSource {
  int trials = 200;  // scenario trials, or bootstrap months
  std::uint64_t seed = 1;
  int threads = 1;
  std::string basis = "dbu";
};

AlertInputs alert_inputs_from_scenario(const Scenario& scenario, const MonthSource& source, const BudgetMap& budgets,
                                       const TuningSettings& settings);
AlertInputs alert_inputs_from_usage(const UsageLedger& ledger, const PriceBook& prices, const MonthSource& source,
                                    const BudgetMap& budgets, const TuningSettings& settings,
                                    const std::string& team_tag = "team");

// The overspends of a team: sizes in currency units (<= 0: not applicable).
std::vector<Overspend> team_overspends(double cluster_per_hour, const std::string& cluster, double job_per_day,
                                       const std::string& job, double mean_month, int days,
                                       const TuningSettings& settings);

}  // namespace dbcost
