// Injected overspends: extra daily cost added to a month to see how soon each alert rule notices.
//
// - forgotten_cluster: an all-purpose cluster left running from Friday 18:00 to Monday 08:00
//   (6, 24, 24 and 8 hours on Friday to Monday) at `per_hour`, the team's most expensive
//   all-purpose cluster idling at its smallest size. Starts on each Friday of the month; transient.
// - runaway_job: from its start day on, the team's most expensive job runs `factor` times as long,
//   adding (factor - 1) x its mean daily cost every day. Starts on any day; persistent.
// - new_workload: a new workload of the team adding a constant daily cost. Any day; persistent.
//
// Detection delay: days from the overspend's start day to the day of the first alert at or after
// it (0 = an alert on the start day's own spend; Databricks adds up to a day of lag, see
// docs/alerts.md). A transient overspend is detected only by an alert while it runs, and a miss
// counts as its length in days. A persistent one runs on until an alert: past the month's end it
// continues from day 1 of the next months (the following months of the set, in turn, on the same
// calendar), for up to `horizon_months` months in all; a miss counts as the days to that horizon.
// An alert a once-a-month rule had already sent before the start does not count.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "alerts/alert_rules.h"
#include "alerts/month_calendar.h"

namespace dbcost {

struct Overspend {
  std::string name;
  std::string what;             // one line for the report, e.g. "ds_sandbox idle, 12.34/hour"
  std::vector<double> profile;  // extra cost on the start day, the day after, ...; empty = not applicable
  bool persistent = false;      // profile.back() repeats until detected
  int start_weekday = -1;       // -1: any day; 5: Fridays (0 = Sunday)

  bool applicable() const { return !profile.empty(); }
  double extra(std::size_t days_since_start) const;
};

Overspend forgotten_cluster(double per_hour, std::string what);
Overspend runaway_job(double job_per_day, double factor, std::string what);
Overspend new_workload(double per_day, std::string what);

struct Detection {
  std::size_t placements = 0;
  std::size_t detected = 0;
  double mean_delay_days = 0;  // misses counted as described above

  double detected_percent() const;
};

// Every placement of `overspend` in every month of `months` (rows, all on `calendar`).
Detection measure_detection(const AlertRule& rule, const Overspend& overspend, const DailyMatrix& months,
                            const MonthCalendar& calendar, int horizon_months);

// The delay for one placement: starting on day `start` of month row `month`; -1 for a miss.
int detection_delay(const AlertRule& rule, const Overspend& overspend, const DailyMatrix& months,
                    const std::vector<bool>& weekend, Eigen::Index month, int start, int horizon_months);

}  // namespace dbcost
