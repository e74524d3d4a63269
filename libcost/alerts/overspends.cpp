#include "alerts/overspends.h"

#include <cmath>
#include <limits>

namespace dbcost {

double Overspend::extra(std::size_t days_since_start) const {
  if (days_since_start < profile.size()) return profile[days_since_start];
  return persistent && !profile.empty() ? profile.back() : 0;
}

Overspend forgotten_cluster(double per_hour, std::string what) {
  Overspend o{"forgotten_cluster", std::move(what), {}, false, 5};
  if (per_hour > 0) o.profile = {6 * per_hour, 24 * per_hour, 24 * per_hour, 8 * per_hour};
  return o;
}

Overspend runaway_job(double job_per_day, double factor, std::string what) {
  Overspend o{"runaway_job", std::move(what), {}, true, -1};
  if (job_per_day > 0 && factor > 1) o.profile = {(factor - 1) * job_per_day};
  return o;
}

Overspend new_workload(double per_day, std::string what) {
  Overspend o{"new_workload", std::move(what), {}, true, -1};
  if (per_day > 0) o.profile = {per_day};
  return o;
}

double Detection::detected_percent() const {
  return placements == 0 ? std::numeric_limits<double>::quiet_NaN()
                         : 100.0 * static_cast<double>(detected) / static_cast<double>(placements);
}

int detection_delay(const AlertRule& rule, const Overspend& overspend, const DailyMatrix& months,
                    const std::vector<bool>& weekend, Eigen::Index month, int start, int horizon_months) {
  const int days = static_cast<int>(months.cols());
  const auto length = overspend.profile.size();
  std::vector<double> x(static_cast<std::size_t>(days));
  std::size_t elapsed = 0;  // days of overspend before the current month's `from`
  int from = start;
  for (int step = 0; step < horizon_months; ++step) {
    for (int d = 0; d < days; ++d)
      x[static_cast<std::size_t>(d)] =
          months(month, d) + (d >= from ? overspend.extra(elapsed + static_cast<std::size_t>(d - from)) : 0);
    const int a = first_alert(rule, x, weekend, from);
    if (a >= 0) {
      const std::size_t delay = elapsed + static_cast<std::size_t>(a - from);
      if (overspend.persistent || delay < length) return static_cast<int>(delay);
    }
    elapsed += static_cast<std::size_t>(days - from);
    if (!overspend.persistent && elapsed >= length) break;
    month = (month + 1) % months.rows();
    from = 0;
  }
  return -1;
}

Detection measure_detection(const AlertRule& rule, const Overspend& overspend, const DailyMatrix& months,
                            const MonthCalendar& calendar, int horizon_months) {
  Detection out;
  if (!overspend.applicable() || months.rows() == 0) return out;
  const auto weekend = calendar.weekend_mask();
  double total_delay = 0;
  for (Eigen::Index m = 0; m < months.rows(); ++m) {
    for (int s = 0; s < calendar.days; ++s) {
      if (overspend.start_weekday >= 0 && calendar.weekday(s) != overspend.start_weekday) continue;
      ++out.placements;
      const int delay = detection_delay(rule, overspend, months, weekend, m, s, horizon_months);
      if (delay >= 0) {
        ++out.detected;
        total_delay += delay;
      } else {
        total_delay += overspend.persistent
                           ? static_cast<double>(calendar.days - s + (horizon_months - 1) * calendar.days)
                           : static_cast<double>(overspend.profile.size());
      }
    }
  }
  out.mean_delay_days = out.placements ? total_delay / static_cast<double>(out.placements) : 0;
  return out;
}

}  // namespace dbcost
