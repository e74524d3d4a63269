#include "alerts/alert_rules.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/errors.h"

namespace dbcost {
namespace {

constexpr double kRelativeTolerance = 1e-9;

double tolerance(double amount) { return kRelativeTolerance * std::max(1.0, std::abs(amount)); }
bool reaches(double value, double limit) { return value >= limit - tolerance(limit); }
bool exceeds(double value, double limit) { return value > limit + tolerance(limit); }

}  // namespace

const char* method_name(AlertMethod method) {
  switch (method) {
    case AlertMethod::Cumulative:
      return "cumulative";
    case AlertMethod::Forecast:
      return "forecast";
    case AlertMethod::Daily:
      return "daily";
  }
  return "?";
}

ForecastModel::ForecastModel(const DailyMatrix& reference) {
  if (reference.rows() == 0) throw ModelError("a forecast needs at least one reference month");
  const auto days = static_cast<std::size_t>(reference.cols());
  remaining_.assign(days, std::vector<double>(static_cast<std::size_t>(reference.rows())));
  for (Eigen::Index m = 0; m < reference.rows(); ++m) {
    double rest = 0;
    for (auto d = static_cast<Eigen::Index>(days); d-- > 0;) {
      remaining_[static_cast<std::size_t>(d)][static_cast<std::size_t>(m)] = rest;
      rest += reference(m, d);
    }
  }
  for (auto& r : remaining_) std::sort(r.begin(), r.end());
}

double ForecastModel::probability_over(int day, double spent, double budget) const {
  const auto& r = remaining_.at(static_cast<std::size_t>(day));
  const double needed = budget - spent;
  const auto over = r.end() - std::upper_bound(r.begin(), r.end(), needed + tolerance(budget));
  return static_cast<double>(over) / static_cast<double>(r.size());
}

AlertRule AlertRule::cumulative(double percent, double budget) {
  AlertRule r;
  r.method = AlertMethod::Cumulative;
  r.level = percent;
  r.budget = budget;
  r.limit = percent / 100 * budget;
  return r;
}

AlertRule AlertRule::forecast_rule(double probability, double budget, std::shared_ptr<const ForecastModel> model) {
  AlertRule r;
  r.method = AlertMethod::Forecast;
  r.level = probability;
  r.budget = budget;
  r.forecast = std::move(model);
  return r;
}

AlertRule AlertRule::daily(double q, const DailyMatrix& reference, const std::vector<bool>& weekend) {
  std::vector<double> weekdays, weekends;
  for (Eigen::Index m = 0; m < reference.rows(); ++m)
    for (Eigen::Index d = 0; d < reference.cols(); ++d)
      (weekend.at(static_cast<std::size_t>(d)) ? weekends : weekdays).push_back(reference(m, d));
  AlertRule r;
  r.method = AlertMethod::Daily;
  r.level = q;
  constexpr double kNever = std::numeric_limits<double>::infinity();
  r.limit = weekdays.empty() ? kNever : quantile(std::move(weekdays), q);
  r.weekend_limit = weekends.empty() ? kNever : quantile(std::move(weekends), q);
  return r;
}

int first_alert(const AlertRule& rule, std::span<const double> month, const std::vector<bool>& weekend, int from) {
  const int days = static_cast<int>(month.size());
  switch (rule.method) {
    case AlertMethod::Cumulative: {
      double spent = 0;
      for (int d = 0; d < days; ++d) {
        spent += month[static_cast<std::size_t>(d)];
        if (reaches(spent, rule.limit)) return d >= from ? d : -1;
      }
      return -1;
    }
    case AlertMethod::Forecast: {
      if (rule.forecast->days() != days) throw ModelError("forecast model and month differ in length");
      double spent = 0;
      for (int d = 0; d < days; ++d) {
        spent += month[static_cast<std::size_t>(d)];
        if (rule.forecast->probability_over(d, spent, rule.budget) >= rule.level - 1e-12) return d >= from ? d : -1;
      }
      return -1;
    }
    case AlertMethod::Daily:
      for (int d = std::max(from, 0); d < days; ++d) {
        const auto i = static_cast<std::size_t>(d);
        if (exceeds(month[i], weekend.at(i) ? rule.weekend_limit : rule.limit)) return d;
      }
      return -1;
  }
  return -1;
}

int count_alerts(const AlertRule& rule, std::span<const double> month, const std::vector<bool>& weekend) {
  if (rule.once_a_month()) return first_alert(rule, month, weekend) >= 0 ? 1 : 0;
  int n = 0;
  for (std::size_t d = 0; d < month.size(); ++d)
    n += exceeds(month[d], weekend.at(d) ? rule.weekend_limit : rule.limit) ? 1 : 0;
  return n;
}

int first_day_over(std::span<const double> month, double budget) {
  double spent = 0;
  for (std::size_t d = 0; d < month.size(); ++d) {
    spent += month[d];
    if (exceeds(spent, budget)) return static_cast<int>(d);
  }
  return -1;
}

double quantile(std::vector<double> values, double q) {
  if (values.empty()) return std::numeric_limits<double>::quiet_NaN();
  std::sort(values.begin(), values.end());
  const double h = (static_cast<double>(values.size()) - 1) * std::clamp(q, 0.0, 1.0);
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, values.size() - 1);
  return values[lo] + (h - static_cast<double>(lo)) * (values[hi] - values[lo]);
}

double quantile_for_false_alarms(double per_year) { return 1 - per_year / 365; }

}  // namespace dbcost
