// Three kinds of alert rule, each evaluated on one month of daily cost (currency units per day,
// day 0 = the 1st; a report shows day 1 for it). S_d is month-to-date spend through day d, T the
// month's total, B the monthly budget.
//
// - Cumulative, as Databricks, Azure and AWS "actual" budget alerts work (Databricks budgets API,
//   trigger_type CUMULATIVE_SPENDING_EXCEEDED, https://docs.databricks.com/api/azure/account/budgets;
//   AWS Budgets NotificationType ACTUAL,
//   https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_budgets_Notification.html;
//   Azure budget alerts,
//   https://learn.microsoft.com/en-us/azure/cost-management-billing/costs/tutorial-acm-create-budgets):
//   fires once a month, on the first day S_d >= percent/100 * B ("reaches").
// - Forecast, as Azure and AWS "forecasted" alerts, but from the trials instead of a trend: on day
//   d, P(T > B) is the share of reference months j with S_d + (T_j - S_j,d) > B, i.e. the rest of
//   the month is drawn from the reference months' own rest of the month, whatever was spent so far
//   (an unconditional forecast). Fires once a month, on the first day P(T > B) >= probability.
// - Daily (anomaly) limit: fires on every day whose cost exceeds (>) the limit for its kind of day,
//   weekday or weekend, the q-quantile of the reference months' days of that kind (linear
//   interpolation between order statistics, numpy's default). On days like the reference ones a
//   q-quantile limit fires with probability 1 - q a day, so q = 1 - a/365 gives a false alarms a year.
// Comparisons of money allow a relative error of 1e-9, so that sums of cents compare as exact sums.
#pragma once

#include <Eigen/Dense>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace dbcost {

// months x days, a row per month (NumPy's C order).
using DailyMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

enum class AlertMethod { Cumulative, Forecast, Daily };
const char* method_name(AlertMethod method);  // cumulative, forecast, daily

class ForecastModel {
 public:
  explicit ForecastModel(const DailyMatrix& reference);
  int days() const { return static_cast<int>(remaining_.size()); }
  // P(T > budget) on day `day` when month-to-date spend through that day is `spent`.
  double probability_over(int day, double spent, double budget) const;

 private:
  std::vector<std::vector<double>> remaining_;  // per day: T_j - S_j,d over reference months, sorted
};

struct AlertRule {
  AlertMethod method = AlertMethod::Cumulative;
  double level = 0;          // percent of budget, probability, or quantile
  double budget = 0;         // cumulative and forecast
  double limit = 0;          // cumulative: level/100 * budget; daily: the weekday limit
  double weekend_limit = 0;  // daily
  std::shared_ptr<const ForecastModel> forecast;

  static AlertRule cumulative(double percent, double budget);
  static AlertRule forecast_rule(double probability, double budget, std::shared_ptr<const ForecastModel> model);
  static AlertRule daily(double quantile, const DailyMatrix& reference, const std::vector<bool>& weekend);
  bool once_a_month() const { return method != AlertMethod::Daily; }
};

// The first day >= from on which the rule alerts, or -1. A once-a-month rule that fired before
// `from` has nothing more to say this month: -1.
int first_alert(const AlertRule& rule, std::span<const double> month, const std::vector<bool>& weekend, int from = 0);
// The number of alerts in the month (0 or 1 for a once-a-month rule).
int count_alerts(const AlertRule& rule, std::span<const double> month, const std::vector<bool>& weekend);
// The first day month-to-date spend exceeds `budget`, or -1.
int first_day_over(std::span<const double> month, double budget);

// Linear-interpolation quantile (numpy's default); NaN when `values` is empty.
double quantile(std::vector<double> values, double q);
// The quantile whose limit fires `per_year` times a year on average: 1 - per_year / 365.
double quantile_for_false_alarms(double per_year);

}  // namespace dbcost
