#include "alerts/tuning.h"

#include <cmath>
#include <limits>
#include <memory>

#include "core/errors.h"

namespace dbcost {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::span<const double> row(const DailyMatrix& m, Eigen::Index i) {
  return {m.data() + i * m.cols(), static_cast<std::size_t>(m.cols())};
}

TeamStats team_stats(const DailyMatrix& test, std::optional<double> budget) {
  TeamStats s;
  s.test_months = static_cast<int>(test.rows());
  std::vector<double> totals;
  int over = 0;
  for (Eigen::Index m = 0; m < test.rows(); ++m) {
    totals.push_back(test.row(m).sum());
    if (budget && first_day_over(row(test, m), *budget) >= 0) ++over;
  }
  if (totals.empty()) return s;
  double sum = 0;
  for (double t : totals) sum += t;
  s.mean = sum / static_cast<double>(totals.size());
  s.p05 = quantile(totals, 0.05);
  s.p50 = quantile(totals, 0.5);
  s.p95 = quantile(totals, 0.95);
  s.over_budget_percent = budget ? 100.0 * over / static_cast<double>(totals.size()) : kNaN;
  return s;
}

// Orders candidates: shorter mean delay, then fewer false alarms; NaN delays last.
bool better(const ThresholdResult& a, const ThresholdResult& b) {
  const bool a_nan = std::isnan(a.mean_delay_days), b_nan = std::isnan(b.mean_delay_days);
  if (a_nan != b_nan) return !a_nan;
  if (!a_nan && a.mean_delay_days != b.mean_delay_days) return a.mean_delay_days < b.mean_delay_days;
  return a.false_alarms_per_year < b.false_alarms_per_year;
}

}  // namespace

ThresholdResult evaluate_rule(const AlertRule& rule, const DailyMatrix& test, const MonthCalendar& calendar,
                              std::optional<double> budget, const std::vector<Overspend>& overspends,
                              int horizon_months) {
  if (test.cols() != calendar.days) throw ModelError("months and calendar differ in length");
  ThresholdResult r;
  r.rule = rule;
  const auto weekend = calendar.weekend_mask();
  double false_alarms = 0;
  int over_months = 0, over_detected = 0;
  std::vector<double> warnings;
  for (Eigen::Index m = 0; m < test.rows(); ++m) {
    const auto month = row(test, m);
    const int crossing = budget ? first_day_over(month, *budget) : -1;
    if (rule.once_a_month()) {
      if (crossing < 0 && count_alerts(rule, month, weekend) > 0) false_alarms += 1;
    } else {
      false_alarms += count_alerts(rule, month, weekend);
    }
    if (crossing >= 0) {
      ++over_months;
      const int first = first_alert(rule, month, weekend);
      if (first >= 0) {
        ++over_detected;
        warnings.push_back(crossing - first);
      }
    }
  }
  const auto months = static_cast<double>(std::max<Eigen::Index>(test.rows(), 1));
  r.false_alarms_per_year = 12 * false_alarms / months;
  r.over_budget_detected_percent = over_months ? 100.0 * over_detected / over_months : kNaN;
  r.warning_days = warnings.empty() ? kNaN : quantile(warnings, 0.5);
  double delay_sum = 0;
  int applicable = 0;
  for (const auto& o : overspends) {
    r.detection.push_back(measure_detection(rule, o, test, calendar, horizon_months));
    if (r.detection.back().placements > 0) {
      delay_sum += r.detection.back().mean_delay_days;
      ++applicable;
    }
  }
  r.mean_delay_days = applicable ? delay_sum / applicable : kNaN;
  return r;
}

Recommendation recommend(const std::vector<ThresholdResult>& thresholds, double false_alarms_per_year) {
  Recommendation rec;
  for (std::size_t i = 0; i < thresholds.size(); ++i) {
    const auto& t = thresholds[i];
    if (t.false_alarms_per_year > false_alarms_per_year + 1e-9) continue;
    int& pick = rec.per_method[static_cast<std::size_t>(t.rule.method)];
    if (pick < 0 || better(t, thresholds[static_cast<std::size_t>(pick)])) pick = static_cast<int>(i);
  }
  for (const int pick : rec.per_method)
    if (pick >= 0 && (rec.best < 0 || better(thresholds[static_cast<std::size_t>(pick)],
                                             thresholds[static_cast<std::size_t>(rec.best)])))
      rec.best = pick;
  return rec;
}

TeamTuning tune_team(const TeamInput& input, const MonthCalendar& calendar, const TuningSettings& settings) {
  if (input.fit.rows() == 0 || input.test.rows() == 0)
    throw ModelError("team '" + input.team + "': tuning needs fit and test months");
  TeamTuning t;
  t.team = input.team;
  t.budget = input.budget;
  t.overspends = input.overspends;
  t.stats = team_stats(input.test, input.budget);
  std::vector<AlertRule> rules;
  if (input.budget) {
    for (double p : settings.percents) rules.push_back(AlertRule::cumulative(p, *input.budget));
    const auto model = std::make_shared<const ForecastModel>(input.fit);
    for (double p : settings.probabilities) rules.push_back(AlertRule::forecast_rule(p, *input.budget, model));
  }
  const auto weekend = calendar.weekend_mask();
  for (double a : settings.daily_per_year)
    rules.push_back(AlertRule::daily(quantile_for_false_alarms(a), input.fit, weekend));
  for (const auto& rule : rules)
    t.thresholds.push_back(
        evaluate_rule(rule, input.test, calendar, input.budget, input.overspends, settings.horizon_months));
  t.recommendation = recommend(t.thresholds, settings.false_alarms_per_year);
  return t;
}

}  // namespace dbcost
