// The calendar of a job's runs, read back from the hours they started in: a Quartz cron
// expression where the runs are regular, otherwise a Poisson arrival rate in a daily window.
//
// Usage records are hourly, so a run's start is known to the hour (its first record's hour) and
// the cron's minute and second are written as 0. Candidates, in order, each accepted only when
// its fire times in the period (QuartzCron::fire_times, as the simulator fires them) are exactly
// the observed start hours:
//   "0 0 H ? * D"  the same hours H on the same weekdays D (or "0 0 H * * ?" every day),
//   "0 0 H d * ?"  the same hours on day d of each month,
// tried in UTC, then in a few zones with daylight saving (kCalendarZones), where a schedule in
// local time moves by an hour in UTC. Otherwise the runs become arrivals: per_hour = runs /
// (active days x window hours), the window spanning the earliest to the latest start hour (UTC),
// on the weekdays that had runs.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "io/timestamp.h"

namespace dbcost {

inline constexpr std::array<const char*, 8> kCalendarZones = {"UTC",
                                                              "Europe/London",
                                                              "Europe/Paris",
                                                              "America/New_York",
                                                              "America/Chicago",
                                                              "America/Denver",
                                                              "America/Los_Angeles",
                                                              "Australia/Sydney"};

struct RunCalendar {
  bool cron = false;
  std::string quartz_cron_expression;
  std::string timezone_id = "UTC";
  // Arrivals (cron == false), in UTC:
  double per_hour = 0;
  std::string days = "daily";  // scenario `days` text
  int window_start_hour = 0, window_end_hour = 24;
  // For comments:
  std::size_t runs = 0;
  std::size_t active_days = 0;  // dates with at least one run
  std::string hours_text;       // the start hours seen, local to timezone_id, e.g. "2" or "6,18"
  std::string weekdays_text;    // e.g. "MON-FRI"
};

// `starts`: the UTC start hour of each run (seconds, multiples of 3600); [from, to) the period.
RunCalendar infer_run_calendar(std::vector<UnixSeconds> starts, UnixSeconds from, UnixSeconds to);

// Monday-first day flags as scenario and Quartz text: "daily", "MON-FRI", "SAT,SUN", "MON,WED-FRI".
std::string weekdays_text(const std::array<bool, 7>& monday_first);

}  // namespace dbcost
