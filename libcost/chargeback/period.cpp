#include "chargeback/period.h"

#include <date/date.h>

#include <cstdio>

#include "core/errors.h"

namespace dbcost {
namespace {

date::year_month_day civil(std::int64_t day) {
  return date::year_month_day{date::sys_days{date::days{static_cast<int>(day)}}};
}

std::int64_t day_number(date::year_month_day ymd) { return date::sys_days{ymd}.time_since_epoch().count(); }

// Monday = 0; 1970-01-01 was a Thursday.
std::int64_t weekday_from_monday(std::int64_t day) {
  const std::int64_t d = day + 3;
  return d - floor_div(d, 7) * 7;
}

}  // namespace

PeriodKind parse_period_kind(const std::string& text, const std::string& flag) {
  if (text == "month") return PeriodKind::Month;
  if (text == "week") return PeriodKind::Week;
  if (text == "day") return PeriodKind::Day;
  throw InputError({"", 0, 0, flag}, "expected month, week or day, got '" + text + "'");
}

const char* period_kind_name(PeriodKind kind) {
  switch (kind) {
    case PeriodKind::Month:
      return "month";
    case PeriodKind::Week:
      return "week";
    case PeriodKind::Day:
      return "day";
  }
  return "?";
}

std::int64_t period_key_of_day(PeriodKind kind, std::int64_t day) {
  switch (kind) {
    case PeriodKind::Month: {
      const auto ymd = civil(day);
      return static_cast<std::int64_t>(static_cast<int>(ymd.year())) * 12 +
             static_cast<std::int64_t>(static_cast<unsigned>(ymd.month())) - 1;
    }
    case PeriodKind::Week:
      return day - weekday_from_monday(day);
    case PeriodKind::Day:
      return day;
  }
  return day;
}

std::string period_label(PeriodKind kind, std::int64_t key) {
  char buf[64];
  switch (kind) {
    case PeriodKind::Month: {
      const long long year = floor_div(key, 12);
      const long long month = key - year * 12 + 1;
      std::snprintf(buf, sizeof buf, "%04lld-%02lld", year, month);
      return buf;
    }
    case PeriodKind::Week: {
      const std::int64_t thursday = key + 3;
      const int iso_year = static_cast<int>(civil(thursday).year());
      const std::int64_t jan1 = day_number(date::year{iso_year} / date::January / 1);
      const long long week = (thursday - jan1) / 7 + 1;
      std::snprintf(buf, sizeof buf, "%04d-W%02lld", iso_year, week);
      return buf;
    }
    case PeriodKind::Day:
      return format_date_utc(key * 86400);
  }
  return "";
}

UnixSeconds period_start(PeriodKind kind, std::int64_t key) {
  if (kind != PeriodKind::Month) return key * 86400;
  const auto year = static_cast<int>(floor_div(key, 12));
  const auto month = static_cast<unsigned>(key - floor_div(key, 12) * 12 + 1);
  return day_number(date::year{year} / date::month{month} / 1) * 86400;
}

UnixSeconds period_end(PeriodKind kind, std::int64_t key) {
  switch (kind) {
    case PeriodKind::Month:
      return period_start(kind, key + 1);
    case PeriodKind::Week:
      return (key + 7) * 86400;
    case PeriodKind::Day:
      return (key + 1) * 86400;
  }
  return 0;
}

}  // namespace dbcost
