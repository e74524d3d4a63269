// Tuning: every candidate alert rule of a team, back-tested on a set of months, with its false
// alarms and its detection delay for each injected overspend, and the recommendation.
//
// Rules are learned on the `fit` months (the forecast's rest-of-month draws, the daily quantiles)
// and measured on the separate `test` months, so no rule is graded on the data that set it;
// cumulative rules learn nothing but are measured on the same test months, so every comparison is
// paired. Definitions (docs/alerts.md):
// - a false alarm of a once-a-month rule (cumulative, forecast) is an alert in a month that ends
//   at or under budget; a false alarm of a daily limit is any day over its limit in the test months,
//   which hold no injected overspend. Per year = 12 x false alarms per test month.
// - over_budget_detected: the share of test months ending over budget in which the rule alerts;
//   warning_days: the median, over those months, of (first day month-to-date spend passes the
//   budget) - (first alert day).
// - detection: overspends.h; mean_delay_days is the mean over the applicable overspends.
// Recommendation, per team and per method: among the rules with at most the target false alarms a
// year, the one with the shortest mean_delay_days; ties go to fewer false alarms, then to the rule
// listed first. The overall pick is the best of the methods' picks by the same order.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "alerts/alert_rules.h"
#include "alerts/month_calendar.h"
#include "alerts/overspends.h"

namespace dbcost {

struct TuningSettings {
  std::vector<double> percents{50, 70, 80, 90, 100, 110};
  std::vector<double> probabilities{0.5, 0.8, 0.9, 0.95};
  std::vector<double> daily_per_year{1, 4, 12};
  double false_alarms_per_year = 2;
  double runaway_factor = 3;
  double new_workload_percent = 25;  // of the team's mean monthly spend
  double cluster_per_hour = -1;      // forgotten cluster; -1 = from the workloads
  int horizon_months = 3;
};

struct TeamInput {
  std::string team;
  std::optional<double> budget;
  DailyMatrix fit, test;              // months x days, on the calendar being tuned
  std::vector<Overspend> overspends;  // forgotten_cluster, runaway_job, new_workload
};

struct ThresholdResult {
  AlertRule rule;
  double false_alarms_per_year = 0;
  double over_budget_detected_percent = 0;  // NaN: no test month ends over budget
  double warning_days = 0;                  // NaN: none detected
  std::vector<Detection> detection;         // one per overspend
  double mean_delay_days = 0;               // NaN: no overspend applies
};

struct TeamStats {
  int test_months = 0;
  double mean = 0, p05 = 0, p50 = 0, p95 = 0;  // month totals of the test months
  double over_budget_percent = 0;              // NaN without a budget
};

constexpr std::size_t kMethods = 3;

struct Recommendation {
  std::array<int, kMethods> per_method{-1, -1, -1};  // index into thresholds, -1: none meets the target
  int best = -1;
};

struct TeamTuning {
  std::string team;
  std::optional<double> budget;
  TeamStats stats;
  std::vector<Overspend> overspends;
  std::vector<ThresholdResult> thresholds;
  Recommendation recommendation;
};

ThresholdResult evaluate_rule(const AlertRule& rule, const DailyMatrix& test, const MonthCalendar& calendar,
                              std::optional<double> budget, const std::vector<Overspend>& overspends,
                              int horizon_months);
TeamTuning tune_team(const TeamInput& input, const MonthCalendar& calendar, const TuningSettings& settings);
Recommendation recommend(const std::vector<ThresholdResult>& thresholds, double false_alarms_per_year);

}  // namespace dbcost
