#include "io/timestamp.h"

#include <date/date.h>

#include <cstdio>

namespace dbcost {
namespace {

bool digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  return true;
}

}  // namespace

std::optional<std::int64_t> days_from_civil_checked(int year, unsigned month, unsigned day) {
  const date::year_month_day ymd{date::year{year}, date::month{month}, date::day{day}};
  if (!ymd.ok()) return std::nullopt;
  return date::sys_days(ymd).time_since_epoch().count();
}

std::optional<UnixSeconds> parse_timestamp_utc(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.remove_suffix(1);
  int y, mo, d;
  if (!digits(s, 0, 4, y) || s.size() < 10 || s[4] != '-' || !digits(s, 5, 2, mo) || s[7] != '-' || !digits(s, 8, 2, d))
    return std::nullopt;
  const auto days = days_from_civil_checked(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  if (!days) return std::nullopt;
  UnixSeconds t = *days * 86400;
  if (s.size() == 10) return t;
  if (s[10] != ' ' && s[10] != 'T') return std::nullopt;
  int h, mi, se = 0;
  if (!digits(s, 11, 2, h) || s.size() < 16 || s[13] != ':' || !digits(s, 14, 2, mi)) return std::nullopt;
  std::size_t pos = 16;
  if (pos < s.size() && s[pos] == ':') {
    if (!digits(s, 17, 2, se)) return std::nullopt;
    pos = 19;
  }
  if (h > 23 || mi > 59 || se > 60) return std::nullopt;
  t += std::int64_t{h} * 3600 + std::int64_t{mi} * 60 + se;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    const std::size_t start = pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
    if (pos == start) return std::nullopt;
  }
  if (pos == s.size()) return t;
  if (s[pos] == 'Z' || s[pos] == 'z') return pos + 1 == s.size() ? std::optional<UnixSeconds>(t) : std::nullopt;
  if (s[pos] == ' ' && s.substr(pos + 1) == "UTC") return t;
  if (s[pos] != '+' && s[pos] != '-') return std::nullopt;
  const int sign = s[pos] == '-' ? -1 : 1;
  int oh, om = 0;
  if (!digits(s, pos + 1, 2, oh)) return std::nullopt;
  std::size_t p = pos + 3;
  if (p < s.size() && s[p] == ':') ++p;
  if (p < s.size()) {
    if (!digits(s, p, 2, om)) return std::nullopt;
    p += 2;
  }
  if (p != s.size() || oh > 18 || om > 59) return std::nullopt;
  return t - sign * (std::int64_t{oh} * 3600 + std::int64_t{om} * 60);
}

std::string format_timestamp_utc(UnixSeconds t) {
  const auto tp = date::sys_seconds{std::chrono::seconds{t}};
  return date::format("%Y-%m-%dT%H:%M:%SZ", tp);
}

std::string format_date_utc(UnixSeconds t) {
  const auto tp = date::sys_seconds{std::chrono::seconds{t}};
  return date::format("%Y-%m-%d", date::floor<date::days>(tp));
}

}  // namespace dbcost
