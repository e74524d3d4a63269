#include "alerts/month_calendar.h"

#include <cstdio>

#include "schedule/time.h"

namespace dbcost {

MonthCalendar MonthCalendar::of_month(std::int64_t year, int month) {
  MonthCalendar c;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04lld-%02d", static_cast<long long>(year), month);
  c.label = buf;
  c.first_day = detail::days_from_civil(year, month, 1);
  c.days = detail::days_in_month(year, month);
  return c;
}

MonthCalendar MonthCalendar::holding(std::int64_t day) {
  const auto ymd = detail::civil_from_days(day);
  return of_month(ymd.year, ymd.month);
}

MonthCalendar MonthCalendar::next() const { return holding(first_day + days); }

int MonthCalendar::weekday(int day) const { return detail::weekday_from_days(first_day + day); }

bool MonthCalendar::weekend(int day) const {
  const int w = weekday(day);
  return w == 0 || w == 6;
}

std::vector<bool> MonthCalendar::weekend_mask() const {
  std::vector<bool> mask(static_cast<std::size_t>(days));
  for (int d = 0; d < days; ++d) mask[static_cast<std::size_t>(d)] = weekend(d);
  return mask;
}

}  // namespace dbcost
