// When a Databricks job runs, for each kind of trigger (Jobs API `schedule` and `trigger`).
//
// All times are Unix seconds (schedule/time.h); durations are whole seconds and come from the
// caller, since the simulation engine owns runtimes.
// - Cron schedule: QuartzCron in a time zone; `pause_status: PAUSED` means no runs.
// - periodic {interval, unit MINUTES|HOURS|DAYS|WEEKS}: runs at start + k * interval, k >= 0,
//   as elapsed time (a DAYS period is 86400 s, so its wall-clock hour moves across a DST change).
// - table_update / file_arrival: upstream updates arrive as a Poisson process (ArrivalProcess),
//   optionally only inside a local hour window and on some weekdays, optionally shaped by an
//   hourly profile. The trigger fires once no update has arrived for
//   wait_after_last_change_seconds and at least min_time_between_triggers_seconds have passed
//   since it last fired (the Jobs API's wording for both); an update at the very instant of a
//   firing belongs to the next one. A firing starts a run when fewer than max_concurrent_runs
//   are active; otherwise it queues one run, which starts when the first active run ends, and
//   later firings while that run waits only add their updates to it (at most one queued run).
// - continuous: one run is always active; the next starts when the previous ends (plus an
//   optional restart delay).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/errors.h"
#include "montecarlo/rng.h"
#include "schedule/quartz_cron.h"
#include "schedule/time.h"

namespace dbcost {

// A job's `schedule` block: quartz_cron_expression, timezone_id, pause_status.
struct CronSchedule {
  QuartzCron cron;
  const date::time_zone* zone = nullptr;
  bool paused = false;

  // Throws InputError naming the field ("<prefix>quartz_cron_expression", ...); pause_status is
  // "PAUSED", "UNPAUSED" or empty.
  static CronSchedule from_settings(std::string_view quartz_cron_expression, const std::string& timezone_id,
                                    std::string_view pause_status, const std::string& prefix = "schedule.");
  std::vector<UnixSeconds> run_times(UnixSeconds from, UnixSeconds to,
                                     std::size_t limit = QuartzCron::kDefaultLimit) const;
  std::size_t run_count(UnixSeconds from, UnixSeconds to) const;
};

// A CronParseError as an InputError: "'<expr>' at position N: reason", naming `field`.
InputError cron_input_error(const CronParseError& e, std::string_view expr, const std::string& field);

enum class PeriodicUnit { Minutes, Hours, Days, Weeks };

PeriodicUnit parse_periodic_unit(std::string_view text, const std::string& field = "trigger.periodic.unit");
std::int64_t period_seconds(std::int64_t interval, PeriodicUnit unit);

// start + k * interval * unit for k >= 0, in [from, to). Throws InputError for interval < 1 and
// ModelError past `limit` runs.
std::vector<UnixSeconds> periodic_run_times(UnixSeconds start, std::int64_t interval, PeriodicUnit unit,
                                            UnixSeconds from, UnixSeconds to,
                                            std::size_t limit = QuartzCron::kDefaultLimit);

// Local time of day [begin, end) in minutes after midnight; end < begin wraps past midnight.
struct HourWindow {
  int begin_minute = 0;
  int end_minute = 24 * 60;
  bool contains(std::int64_t second_of_day) const;
  std::int64_t open_seconds_per_day() const;
};
// "06:00-22:00", "22:00-06:00", "00:00-24:00". Throws InputError naming `field`.
HourWindow parse_hour_window(std::string_view text, const std::string& field);

// Bit d set for weekday d, 0 = Sunday ... 6 = Saturday.
constexpr std::uint8_t kEveryDay = 0x7f;
// "MON-FRI", "SAT,SUN", "MON,WED-FRI", "*" (names SUN-SAT, ranges may wrap: "FRI-MON").
std::uint8_t parse_weekdays(std::string_view text, const std::string& field);

// Updates arriving as a Poisson process. The rate, per_hour * hourly_profile[local hour], applies
// while the local time is inside `window` and the local date's weekday is in `weekdays`, and is 0
// otherwise. Arrival instants are truncated to whole seconds.
struct ArrivalProcess {
  double per_hour = 0;
  std::optional<HourWindow> window;
  std::uint8_t weekdays = kEveryDay;
  std::optional<std::array<double, 24>> hourly_profile;
  const date::time_zone* zone = nullptr;  // nullptr: UTC

  // Sorted arrival instants in [from, to).
  std::vector<UnixSeconds> sample(Rng& rng, UnixSeconds from, UnixSeconds to) const;
  // The mean number of arrivals in [from, to): the integral of the rate, exact.
  double expected_count(UnixSeconds from, UnixSeconds to) const;

 private:
  // Calls piece(a, b, rate per second) over [from, to) in pieces of constant rate.
  void for_each_piece(UnixSeconds from, UnixSeconds to,
                      const std::function<void(UnixSeconds, UnixSeconds, double)>& piece) const;
};

struct TriggerRules {
  std::int64_t wait_after_last_change_seconds = 0;
  std::int64_t min_time_between_triggers_seconds = 0;
  int max_concurrent_runs = 1;
};

// Run length in seconds for the run with this index, starting at `start`.
using RunDuration = std::function<std::int64_t(std::size_t run_index, UnixSeconds start)>;
// A duration callback reading durations[i] for run i; throws ModelError if more runs are asked for.
RunDuration durations_from(std::vector<std::int64_t> durations);

struct TriggeredRun {
  UnixSeconds fired = 0;  // when the trigger fired
  UnixSeconds start = 0;  // later than `fired` when the run was queued
  UnixSeconds end = 0;
  std::size_t updates = 0;  // arrivals this run picks up
};

// The runs a table_update or file_arrival trigger starts for these arrivals (any order).
std::vector<TriggeredRun> triggered_runs(std::vector<UnixSeconds> arrivals, const TriggerRules& rules,
                                         const RunDuration& duration);
std::vector<UnixSeconds> triggered_run_starts(std::vector<UnixSeconds> arrivals, const TriggerRules& rules,
                                              const RunDuration& duration);

// Starts of the runs of a continuous job in [from, to): from, then each previous end plus
// restart_delay_seconds. Throws ModelError if a run would take no time, or past `limit` runs.
std::vector<UnixSeconds> continuous_run_starts(UnixSeconds from, UnixSeconds to, const RunDuration& duration,
                                               std::int64_t restart_delay_seconds = 0,
                                               std::size_t limit = QuartzCron::kDefaultLimit);

}  // namespace dbcost
