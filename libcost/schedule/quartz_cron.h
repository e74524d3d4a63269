// Quartz cron expressions, evaluated exactly as Databricks' scheduler (Quartz 2.3.2) fires them.
//
// Syntax: "SEC MIN HOUR DAY-OF-MONTH MONTH DAY-OF-WEEK [YEAR]", fields separated by spaces or
// tabs, case-insensitive. Values: seconds and minutes 0-59, hours 0-23, day of month 1-31,
// month 1-12 or JAN-DEC, day of week 1-7 or SUN-SAT (1 = Sunday, as in Quartz; not Unix's 0),
// year 1970-2199. In every field: "*", "a", "a-b" (b < a wraps: "22-2", "FRI-MON"), "a/n" and
// "a-b/n" and "*/n" (steps from a, or from the field's minimum), and lists "a,b-c". Day of month
// (one of the two day fields must be "?", the other not): "L" (last day), "L-n" (n days before
// it, n <= 30), "nW" (the weekday nearest day n, never crossing into another month), "LW" and
// "L-nW". Day of week: "L" alone (= 7, Saturday), "nL" (the last weekday n of the month), "n#k"
// (the k-th, 1-5). The L and # forms stand alone in their field, as Quartz requires ("L,5" and
// "2W,L" are refused, as Quartz refuses them).
// "nW" may sit in a day-of-month list ("2W,16", "1-5,10W"), as Quartz 2.3.2 accepts it, and then
// means what Quartz does with it: one W flag for the whole field, applied to the field's smallest
// day only; every other day of the list is ignored ("2W,16", "16,2W" and "2,16W" all fire on the
// weekday nearest the 2nd, never on the 16th). Quartz's own documentation says W takes a single day.
// Stricter than Quartz, on purpose: Quartz silently ignores what follows a name ("MON/2" is
// Monday only, "JANX" is January), ignores fields after the seventh, accepts steps of 0, drops
// a W after a range ("1-5W" is days 1-5) and takes # in a list ("2#1,5") in ways the syntax does
// not say; those are rejected here with their position.
//
// Evaluation follows Quartz's CronExpression.getTimeAfter, including its daylight-saving
// behaviour, which comes from java.util.GregorianCalendar (see detail::ZoneTable::resolve_wall):
// a fire time that falls in a spring-forward gap is skipped, and in a repeated fall-back hour
// only the second (standard-time) pass fires, a fixed time once and an hourly or minutely
// schedule only in that pass. A search that starts inside the first pass starts again at the same
// wall time in the second pass (Quartz 2.3.2 does exactly that). The year is capped at
// kMaxYear (Quartz: the current year + 100). Checked against Quartz 2.3.2 under Java 17 by
// tests/schedule/quartz_reference. One known difference: java.util.TimeZone keeps only the
// transitions up to 2037 of a zone without a recurring rule (Africa/Casablanca), while dbcost
// follows the tz database there.
//
// Databricks documents a minimum of 10 seconds between runs triggered by a schedule, whatever
// the seconds field says. Read here as a greedy thinning of the Quartz fire times in [from, to): a fire
// time runs when it is at least kMinSecondsBetweenRuns after the previous run; the first fire
// time in the window always runs. "* * * * * ?" thus runs at :00, :10, :20, ... of each minute,
// and "0-4 * * * * ?" once a minute.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "schedule/time.h"

namespace date {
class time_zone;
}

namespace dbcost {

namespace detail {
class ZoneTable;
}

struct CronParseError : std::invalid_argument {
  CronParseError(std::size_t position, std::string reason);
  std::size_t position;  // 0-based character offset in the expression
  std::string reason;
};

class QuartzCron {
 public:
  static constexpr int kMinYear = 1970;
  static constexpr int kMaxYear = 2199;
  static constexpr UnixSeconds kMinSecondsBetweenRuns = 10;
  static constexpr std::size_t kDefaultLimit = 10'000'000;

  // Throws CronParseError.
  static QuartzCron parse(std::string_view expr);

  const std::string& expression() const { return expression_; }

  // Quartz's getTimeAfter: the first fire time strictly after t (no 10-second thinning), or
  // nullopt when there is none up to kMaxYear. A nullptr zone means UTC.
  std::optional<UnixSeconds> next_after(UnixSeconds t, const date::time_zone* zone) const;

  // The runs in [from, to): Quartz's fire times from getTimeAfter(from - 1), thinned so that
  // consecutive runs are at least min_seconds_between_runs apart (0 or 1: every fire time).
  // Throws ModelError when there would be more than `limit` runs.
  std::vector<UnixSeconds> fire_times(UnixSeconds from, UnixSeconds to, const date::time_zone* zone,
                                      std::size_t limit = kDefaultLimit,
                                      UnixSeconds min_seconds_between_runs = kMinSecondsBetweenRuns) const;
  std::size_t count(UnixSeconds from, UnixSeconds to, const date::time_zone* zone,
                    UnixSeconds min_seconds_between_runs = kMinSecondsBetweenRuns) const;

 private:
  struct Bits {
    std::uint64_t mask = 0;
    bool has(int v) const { return v >= 0 && v < 64 && ((mask >> v) & 1u); }
    // The smallest member >= v, or -1.
    int ceil(std::int64_t v) const;
    int first() const { return ceil(0); }
  };

  std::optional<UnixSeconds> next_after_in(const detail::ZoneTable& zone, UnixSeconds t) const;
  int next_year(std::int64_t y) const;  // -1 when none
  template <class Emit>
  void enumerate(UnixSeconds from, UnixSeconds to, const date::time_zone* zone, Emit&& emit) const;

  std::string expression_;
  Bits seconds_, minutes_, hours_, days_of_month_, months_, days_of_week_;
  std::vector<bool> years_;                // index year - kMinYear
  bool day_of_month_unspecified_ = false;  // '?'
  bool day_of_week_unspecified_ = false;
  bool last_day_of_month_ = false;
  int last_day_offset_ = 0;
  bool nearest_weekday_ = false;
  bool last_day_of_week_ = false;
  int nth_day_of_week_ = 0;
  std::vector<std::int32_t> seconds_of_day_;  // every h*3600+m*60+s the time fields allow, ascending

  friend class QuartzCronParser;
};

}  // namespace dbcost
