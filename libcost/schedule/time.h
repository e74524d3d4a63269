// Instants, civil (wall-clock) times and time zones for schedules.
//
// An instant is a count of seconds since 1970-01-01T00:00:00Z (Unix time, no leap seconds).
// Zones are IANA ids looked up in the OS tz database (/usr/share/zoneinfo) through howardhinnant
// date. date reads the transitions listed in each TZif file, which stop in 2037; the POSIX TZ
// rule at the end of the file (RFC 8536 footer) carries the daylight-saving rules on from there,
// so every zone here is extended with that rule up to kZoneHorizonYear.
//
// Local times that do not exist (the spring-forward gap) or exist twice (the fall-back overlap)
// are resolved explicitly: civil_to_unix picks the earliest instant, or the end of the gap, so
// that a date means the first instant of that local day; detail::ZoneTable::resolve_wall
// reproduces java.util.GregorianCalendar, which Quartz uses (see quartz_cron.h).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace date {
class time_zone;
}

namespace dbcost {

using UnixSeconds = std::int64_t;

struct CivilTime {
  int year = 1970;
  int month = 1;  // 1-12
  int day = 1;    // 1-31
  int hour = 0;
  int minute = 0;
  int second = 0;

  friend bool operator==(const CivilTime&, const CivilTime&) = default;
};

// The zone with IANA id `id` (links such as "US/Eastern" included). Throws InputError with field
// "timezone_id" and a did-you-mean suggestion when the id is unknown.
const date::time_zone* find_time_zone(const std::string& id, const std::string& field = "timezone_id");

// "YYYY-MM-DD" (the first instant of that day in `zone`) or an ISO 8601 instant
// "YYYY-MM-DDTHH:MM[:SS]" followed by "Z" or an offset "+HH:MM", "+HHMM" or "+HH". Throws
// InputError naming `field` with the 0-based position and the reason (e.g. "2026-02-30": February
// 2026 has 28 days). A nullptr zone means UTC.
UnixSeconds parse_time_point(std::string_view text, const date::time_zone* zone, const std::string& field);

// The local wall-clock time of `t` in `zone` (nullptr: UTC).
CivilTime unix_to_civil(UnixSeconds t, const date::time_zone* zone);
// Seconds east of UTC in effect at `t`.
int utc_offset(UnixSeconds t, const date::time_zone* zone);
// The earliest instant showing `local` in `zone`; for a local time skipped by a spring-forward
// gap, the first instant after the gap. Fields must be in range (throws InputError otherwise).
UnixSeconds civil_to_unix(const CivilTime& local, const date::time_zone* zone, const std::string& field);

// "2026-03-29T01:00:00Z"
std::string format_utc(UnixSeconds t);
// "2026-03-29T03:00:00+02:00" (seconds appended to the offset only when it has them).
std::string format_local(UnixSeconds t, const date::time_zone* zone);
// "+02:00", "-03:30", "+00:00"
std::string format_offset(int seconds_east);

namespace detail {

constexpr int kZoneHorizonYear = 2400;  // offsets are exact before 2400-01-01T00:00:00Z

constexpr std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  const std::int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}
constexpr std::int64_t floor_mod(std::int64_t a, std::int64_t b) { return a - floor_div(a, b) * b; }

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm); month 1-12.
constexpr std::int64_t days_from_civil(std::int64_t y, int m, int d) {
  y -= m <= 2;
  const std::int64_t era = floor_div(y, 400);
  const std::int64_t yoe = y - era * 400;
  const std::int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

struct YearMonthDay {
  std::int64_t year;
  int month;
  int day;
};
constexpr YearMonthDay civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = floor_div(z, 146097);
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return {yoe + era * 400 + (m <= 2), m, d};
}

constexpr bool is_leap_year(std::int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
constexpr int days_in_month(std::int64_t y, int m) {
  constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap_year(y) ? 29 : kDays[m - 1];
}
// 0 = Sunday ... 6 = Saturday
constexpr int weekday_from_days(std::int64_t days) { return static_cast<int>(floor_mod(days + 4, 7)); }

// A zone as a sorted list of spans of constant UTC offset: span k covers [begin(k), end(k)).
// Built once per zone (thread-safe cache) from date's transitions plus the TZif footer rule.
class ZoneTable {
 public:
  static const ZoneTable& get(const date::time_zone* zone);  // nullptr: UTC

  std::size_t size() const { return begin_.size(); }
  UnixSeconds begin(std::size_t k) const { return begin_[k]; }
  UnixSeconds end(std::size_t k) const;
  int offset(std::size_t k) const { return offset_[k]; }

  std::size_t index_at(UnixSeconds t) const;  // the span containing instant t
  int offset_at(UnixSeconds t) const { return offset_[index_at(t)]; }

  // java.util.GregorianCalendar's reading of a wall-clock time `local` (seconds since
  // 1970-01-01T00:00 local): the offset after the last transition whose wall time, counted in
  // the offset it switches to, is <= local. A time in a spring-forward gap therefore lands after
  // the gap (02:30 in a 02:00->03:00 gap becomes 03:30), and a time repeated by a fall-back
  // resolves to its second, standard-time, occurrence.
  UnixSeconds resolve_wall(std::int64_t local) const;
  // The earliest instant showing `local`; the end of the gap when none does.
  UnixSeconds resolve_earliest(std::int64_t local) const;

  explicit ZoneTable(std::vector<UnixSeconds> begin, std::vector<int> offset);

 private:
  std::size_t index_by_wall(std::int64_t local) const;

  std::vector<UnixSeconds> begin_;  // begin_[0] is kMinTime
  std::vector<int> offset_;
  std::vector<std::int64_t> wall_begin_;  // begin_ + offset_
};

constexpr UnixSeconds kMinTime = -(std::int64_t{1} << 60);
constexpr UnixSeconds kMaxTime = std::int64_t{1} << 60;

// The transitions of a POSIX TZ rule string such as "EST5EDT,M3.2.0,M11.1.0" (the TZif footer)
// in [from, to): pairs (instant, offset in effect from then on). Empty when the rule has no
// daylight saving. Throws std::invalid_argument on a string it cannot read.
std::vector<std::pair<UnixSeconds, int>> posix_tz_transitions(std::string_view rule, UnixSeconds from, UnixSeconds to);

}  // namespace detail
}  // namespace dbcost
