#include "schedule/time.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>

#include <date/tz.h>

#include "core/errors.h"

namespace dbcost {
namespace detail {

namespace {

constexpr std::int64_t kSecondsPerDay = 86400;
constexpr int kTableStartYear = 1800;

// ---- POSIX TZ rule strings (the footer of a TZif file) ----

class PosixReader {
 public:
  explicit PosixReader(std::string_view s) : s_(s) {}

  bool done() const { return i_ >= s_.size(); }
  char peek() const { return done() ? '\0' : s_[i_]; }
  void expect(char c) {
    if (peek() != c) fail(std::string("expected '") + c + "'");
    ++i_;
  }

  void skip_name() {
    if (peek() == '<') {
      const auto close = s_.find('>', i_);
      if (close == std::string_view::npos) fail("unterminated '<'");
      i_ = close + 1;
      return;
    }
    const std::size_t start = i_;
    while (!done() && std::isalpha(static_cast<unsigned char>(peek()))) ++i_;
    if (i_ - start < 3) fail("zone abbreviation shorter than 3 letters");
  }

  // [+-]hh[:mm[:ss]] in seconds; hours up to 167 (RFC 8536 allows that for rule times).
  int signed_hms() {
    int sign = 1;
    if (peek() == '+' || peek() == '-') {
      if (peek() == '-') sign = -1;
      ++i_;
    }
    int value = number(0, 167) * 3600;
    if (peek() == ':') {
      ++i_;
      value += number(0, 59) * 60;
      if (peek() == ':') {
        ++i_;
        value += number(0, 59);
      }
    }
    return sign * value;
  }

  int number(int lo, int hi) {
    const std::size_t start = i_;
    int v = 0;
    while (!done() && std::isdigit(static_cast<unsigned char>(peek())) && i_ - start < 4) v = v * 10 + (s_[i_++] - '0');
    if (i_ == start) fail("expected a number");
    if (v < lo || v > hi) fail("number out of range");
    return v;
  }

  [[noreturn]] void fail(const std::string& why) const {
    throw std::invalid_argument("TZ rule '" + std::string(s_) + "' at " + std::to_string(i_) + ": " + why);
  }

 private:
  std::string_view s_;
  std::size_t i_ = 0;
};

struct PosixDateRule {
  enum Kind { kJulian1, kJulian0, kMonthWeekDay } kind = kMonthWeekDay;
  int n = 0, month = 0, week = 0, weekday = 0;
  int time = 2 * 3600;  // local time of day of the change

  std::int64_t day_in(std::int64_t year) const {
    const std::int64_t jan1 = days_from_civil(year, 1, 1);
    switch (kind) {
      case kJulian1:
        return jan1 + n - 1 + (is_leap_year(year) && n >= 60 ? 1 : 0);
      case kJulian0:
        return jan1 + n;
      case kMonthWeekDay:
        break;
    }
    const std::int64_t first = days_from_civil(year, month, 1);
    std::int64_t day = first + floor_mod(weekday - weekday_from_days(first), 7) + std::int64_t{7} * (week - 1);
    const std::int64_t last = first + days_in_month(year, month) - 1;
    while (day > last) day -= 7;
    return day;
  }
};

PosixDateRule read_date_rule(PosixReader& r) {
  PosixDateRule rule;
  if (r.peek() == 'J') {
    r.expect('J');
    rule.kind = PosixDateRule::kJulian1;
    rule.n = r.number(1, 365);
  } else if (r.peek() == 'M') {
    r.expect('M');
    rule.kind = PosixDateRule::kMonthWeekDay;
    rule.month = r.number(1, 12);
    r.expect('.');
    rule.week = r.number(1, 5);
    r.expect('.');
    rule.weekday = r.number(0, 6);
  } else {
    rule.kind = PosixDateRule::kJulian0;
    rule.n = r.number(0, 365);
  }
  if (r.peek() == '/') {
    r.expect('/');
    rule.time = r.signed_hms();
  }
  return rule;
}

std::string read_tzif_footer(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return "";
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (bytes.size() < 6 || bytes.compare(0, 4, "TZif") != 0 || bytes[4] < '2' || bytes.back() != '\n') return "";
  const auto open = bytes.rfind('\n', bytes.size() - 2);
  if (open == std::string::npos) return "";
  return bytes.substr(open + 1, bytes.size() - open - 2);
}

std::unique_ptr<ZoneTable> build_table(const date::time_zone* zone) {
  using std::chrono::seconds;
  std::vector<UnixSeconds> begin;
  std::vector<int> offset;
  const auto push = [&](UnixSeconds t, int off) {
    if (!offset.empty() && offset.back() == off) return;
    begin.push_back(t);
    offset.push_back(off);
  };
  const UnixSeconds start = days_from_civil(kTableStartYear, 1, 1) * kSecondsPerDay;
  const UnixSeconds horizon = days_from_civil(kZoneHorizonYear, 1, 1) * kSecondsPerDay;
  auto info = zone->get_info(date::sys_seconds{seconds{start}});
  push(kMinTime, static_cast<int>(info.offset.count()));
  UnixSeconds last_listed = start;
  for (;;) {
    const UnixSeconds end = info.end.time_since_epoch().count();
    if (end >= horizon) break;
    info = zone->get_info(date::sys_seconds{seconds{end}});
    last_listed = end;
    push(end, static_cast<int>(info.offset.count()));
  }
  const std::string footer = read_tzif_footer("/usr/share/zoneinfo/" + zone->name());
  if (!footer.empty()) {
    try {
      for (const auto& [t, off] : posix_tz_transitions(footer, last_listed + 1, horizon)) push(t, off);
    } catch (const std::invalid_argument&) {
      // An unreadable footer leaves the zone as date lists it: exact up to its last transition.
    }
  }
  return std::make_unique<ZoneTable>(std::move(begin), std::move(offset));
}

}  // namespace

std::vector<std::pair<UnixSeconds, int>> posix_tz_transitions(std::string_view rule, UnixSeconds from, UnixSeconds to) {
  PosixReader r(rule);
  r.skip_name();
  const int std_offset = -r.signed_hms();
  if (r.done()) return {};
  r.skip_name();
  int dst_offset = std_offset + 3600;
  if (r.peek() != ',' && !r.done()) dst_offset = -r.signed_hms();
  if (r.done()) return {};
  r.expect(',');
  const PosixDateRule start = read_date_rule(r);
  r.expect(',');
  const PosixDateRule end = read_date_rule(r);
  if (!r.done()) r.fail("unexpected trailing characters");

  std::vector<std::pair<UnixSeconds, int>> out;
  const std::int64_t first_year = civil_from_days(floor_div(from, kSecondsPerDay)).year - 1;
  const std::int64_t last_year = civil_from_days(floor_div(to, kSecondsPerDay)).year + 1;
  for (std::int64_t y = first_year; y <= last_year; ++y) {
    const UnixSeconds on = start.day_in(y) * kSecondsPerDay + start.time - std_offset;
    const UnixSeconds off = end.day_in(y) * kSecondsPerDay + end.time - dst_offset;
    if (on >= from && on < to) out.emplace_back(on, dst_offset);
    if (off >= from && off < to) out.emplace_back(off, std_offset);
  }
  std::sort(out.begin(), out.end());
  return out;
}

ZoneTable::ZoneTable(std::vector<UnixSeconds> begin, std::vector<int> offset)
    : begin_(std::move(begin)), offset_(std::move(offset)) {
  wall_begin_.reserve(begin_.size());
  for (std::size_t k = 0; k < begin_.size(); ++k) wall_begin_.push_back(begin_[k] + offset_[k]);
}

const ZoneTable& ZoneTable::get(const date::time_zone* zone) {
  static std::mutex mutex;
  static std::map<const date::time_zone*, std::unique_ptr<ZoneTable>> cache;
  std::lock_guard<std::mutex> lock(mutex);
  auto& slot = cache[zone];
  if (!slot) {
    slot = zone == nullptr ? std::make_unique<ZoneTable>(std::vector<UnixSeconds>{kMinTime}, std::vector<int>{0})
                           : build_table(zone);
  }
  return *slot;
}

UnixSeconds ZoneTable::end(std::size_t k) const { return k + 1 < begin_.size() ? begin_[k + 1] : kMaxTime; }

std::size_t ZoneTable::index_at(UnixSeconds t) const {
  const auto it = std::upper_bound(begin_.begin(), begin_.end(), t);
  return it == begin_.begin() ? 0 : static_cast<std::size_t>(it - begin_.begin()) - 1;
}

std::size_t ZoneTable::index_by_wall(std::int64_t local) const {
  const auto it = std::upper_bound(wall_begin_.begin(), wall_begin_.end(), local);
  return it == wall_begin_.begin() ? 0 : static_cast<std::size_t>(it - wall_begin_.begin()) - 1;
}

UnixSeconds ZoneTable::resolve_wall(std::int64_t local) const { return local - offset_[index_by_wall(local)]; }

UnixSeconds ZoneTable::resolve_earliest(std::int64_t local) const {
  const std::size_t j = index_by_wall(local);
  bool found = false;
  UnixSeconds best = 0;
  for (std::size_t k = j == 0 ? 0 : j - 1; k <= j + 1 && k < begin_.size(); ++k) {
    const UnixSeconds t = local - offset_[k];
    if (t >= begin_[k] && t < end(k) && (!found || t < best)) {
      best = t;
      found = true;
    }
  }
  if (found) return best;
  return j + 1 < begin_.size() ? begin_[j + 1] : local - offset_[j];
}

}  // namespace detail

namespace {

using detail::days_from_civil;
using detail::floor_div;

constexpr int kMinYear = 1900;
constexpr int kMaxYear = detail::kZoneHorizonYear - 1;

const char* const kMonthNames[] = {"January", "February", "March",     "April",   "May",      "June",
                                   "July",    "August",   "September", "October", "November", "December"};

[[noreturn]] void bad_time(std::string_view text, const std::string& field, std::size_t position,
                           const std::string& why) {
  throw InputError(SourceLocation{"", 0, 0, field},
                   "'" + std::string(text) + "' at position " + std::to_string(position) + ": " + why);
}

void check_civil(const CivilTime& c, const std::function<void(std::size_t, const std::string&)>& fail,
                 std::size_t month_pos, std::size_t day_pos, std::size_t hour_pos) {
  if (c.year < kMinYear || c.year > kMaxYear)
    fail(0,
         "year " + std::to_string(c.year) + " is outside " + std::to_string(kMinYear) + "-" + std::to_string(kMaxYear));
  if (c.month < 1 || c.month > 12) fail(month_pos, "month " + std::to_string(c.month) + " is not 1-12");
  const int dim = detail::days_in_month(c.year, c.month);
  if (c.day < 1 || c.day > dim)
    fail(day_pos, std::string(kMonthNames[c.month - 1]) + " " + std::to_string(c.year) + " has " + std::to_string(dim) +
                      " days, not " + std::to_string(c.day));
  if (c.hour < 0 || c.hour > 23) fail(hour_pos, "hour " + std::to_string(c.hour) + " is not 0-23");
  if (c.minute < 0 || c.minute > 59) fail(hour_pos + 3, "minute " + std::to_string(c.minute) + " is not 0-59");
  if (c.second < 0 || c.second > 59) fail(hour_pos + 6, "second " + std::to_string(c.second) + " is not 0-59");
}

std::int64_t civil_seconds(const CivilTime& c) {
  return days_from_civil(c.year, c.month, c.day) * 86400 + std::int64_t{c.hour} * 3600 + std::int64_t{c.minute} * 60 +
         c.second;
}

}  // namespace

const date::time_zone* find_time_zone(const std::string& id, const std::string& field) {
  std::vector<std::string> names;
  try {
    const auto& db = date::get_tzdb();
    for (const auto& z : db.zones) {
      if (z.name() == id) return &z;
      names.push_back(z.name());
    }
  } catch (const std::exception& e) {
    throw InputError(SourceLocation{"", 0, 0, field},
                     "cannot read the time zone database (/usr/share/zoneinfo): " + std::string(e.what()));
  }
  std::string hint = did_you_mean(id, names);
  if (hint.empty()) {
    // "Paris" or "europe/paris": compare the city part alone, then by edit distance.
    const auto city = [](const std::string& s) {
      std::string c = s.substr(s.rfind('/') + 1);
      for (auto& ch : c) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      return c;
    };
    std::vector<std::string> cities;
    for (const auto& n : names) cities.push_back(city(n));
    std::string wanted = city(id);
    if (std::find(cities.begin(), cities.end(), wanted) == cities.end()) {
      const std::string near = did_you_mean(wanted, cities);
      const std::string prefix = " (did you mean '";
      if (near.size() > prefix.size() + 3) wanted = near.substr(prefix.size(), near.size() - prefix.size() - 3);
    }
    for (std::size_t k = 0; k < names.size(); ++k) {
      if (cities[k] == wanted) {
        hint = " (did you mean '" + names[k] + "'?)";
        break;
      }
    }
  }
  throw InputError(SourceLocation{"", 0, 0, field}, "unknown time zone '" + id + "'" + hint);
}

UnixSeconds parse_time_point(std::string_view text, const date::time_zone* zone, const std::string& field) {
  std::size_t i = 0;
  const auto fail = [&](std::size_t pos, const std::string& why) { bad_time(text, field, pos, why); };
  const auto digits = [&](std::size_t n, const char* what) {
    int v = 0;
    for (std::size_t k = 0; k < n; ++k, ++i) {
      if (i >= text.size() || !std::isdigit(static_cast<unsigned char>(text[i])))
        fail(i, std::string("expected ") + std::to_string(n) + " digits of the " + what);
      v = v * 10 + (text[i] - '0');
    }
    return v;
  };
  const auto expect = [&](char c, const char* what) {
    if (i >= text.size() || text[i] != c) fail(i, std::string("expected '") + c + "' " + what);
    ++i;
  };
  CivilTime c;
  c.year = digits(4, "year");
  expect('-', "after the year (YYYY-MM-DD)");
  const std::size_t month_pos = i;
  c.month = digits(2, "month");
  expect('-', "after the month (YYYY-MM-DD)");
  const std::size_t day_pos = i;
  c.day = digits(2, "day");
  if (i == text.size()) {
    check_civil(c, fail, month_pos, day_pos, i);
    return detail::ZoneTable::get(zone).resolve_earliest(civil_seconds(c));
  }
  if (text[i] != 'T' && text[i] != 't' && text[i] != ' ') fail(i, "expected 'T' and a time of day, or the end");
  ++i;
  const std::size_t hour_pos = i;
  c.hour = digits(2, "hour");
  expect(':', "after the hour (HH:MM)");
  c.minute = digits(2, "minute");
  bool fraction = false;
  if (i < text.size() && text[i] == ':') {
    ++i;
    c.second = digits(2, "second");
    if (i < text.size() && (text[i] == '.' || text[i] == ',')) {
      ++i;
      const std::size_t start = i;
      while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) fraction |= text[i++] != '0';
      if (i == start) fail(i, "expected digits after the decimal point");
    }
  }
  check_civil(c, fail, month_pos, day_pos, hour_pos);
  if (i == text.size())
    fail(i, "an instant needs 'Z' or a UTC offset such as +02:00 (a date alone means midnight in the time zone)");
  int offset = 0;
  if (text[i] == 'Z' || text[i] == 'z') {
    ++i;
  } else if (text[i] == '+' || text[i] == '-') {
    const int sign = text[i] == '-' ? -1 : 1;
    ++i;
    const std::size_t off_pos = i;
    const int oh = digits(2, "offset hours");
    int om = 0;
    if (i < text.size()) {
      if (text[i] == ':') ++i;
      om = digits(2, "offset minutes");
    }
    if (oh > 23 || om > 59) fail(off_pos, "offset out of range (at most 23:59)");
    offset = sign * (oh * 3600 + om * 60);
  } else {
    fail(i, "expected 'Z' or a UTC offset such as +02:00");
  }
  if (i != text.size()) fail(i, "unexpected characters after the instant");
  return civil_seconds(c) - offset + (fraction ? 1 : 0);
}

CivilTime unix_to_civil(UnixSeconds t, const date::time_zone* zone) {
  const std::int64_t local = t + detail::ZoneTable::get(zone).offset_at(t);
  const std::int64_t days = floor_div(local, 86400);
  const std::int64_t sod = local - days * 86400;
  const auto ymd = detail::civil_from_days(days);
  return CivilTime{
      static_cast<int>(ymd.year), ymd.month, ymd.day, static_cast<int>(sod / 3600), static_cast<int>(sod / 60 % 60),
      static_cast<int>(sod % 60)};
}

int utc_offset(UnixSeconds t, const date::time_zone* zone) { return detail::ZoneTable::get(zone).offset_at(t); }

UnixSeconds civil_to_unix(const CivilTime& local, const date::time_zone* zone, const std::string& field) {
  const auto fail = [&](std::size_t, const std::string& why) {
    throw InputError(SourceLocation{"", 0, 0, field}, why);
  };
  check_civil(local, fail, 0, 0, 0);
  return detail::ZoneTable::get(zone).resolve_earliest(civil_seconds(local));
}

std::string format_offset(int seconds_east) {
  const char sign = seconds_east < 0 ? '-' : '+';
  const int a = seconds_east < 0 ? -seconds_east : seconds_east;
  char buf[16];
  if (a % 60 != 0)
    std::snprintf(buf, sizeof buf, "%c%02d:%02d:%02d", sign, a / 3600, a / 60 % 60, a % 60);
  else
    std::snprintf(buf, sizeof buf, "%c%02d:%02d", sign, a / 3600, a / 60 % 60);
  return buf;
}

namespace {

std::string format_civil(const CivilTime& c) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", c.year, c.month, c.day, c.hour, c.minute, c.second);
  return buf;
}

}  // namespace

std::string format_utc(UnixSeconds t) { return format_civil(unix_to_civil(t, nullptr)) + "Z"; }

std::string format_local(UnixSeconds t, const date::time_zone* zone) {
  return format_civil(unix_to_civil(t, zone)) + format_offset(utc_offset(t, zone));
}

}  // namespace dbcost
