// The calendar of the month an alert watches: its first date, its length, and which days are
// weekend days (Saturday and Sunday), as Databricks, Azure and AWS budgets reset monthly. Days are
// counted 0-based here and shown 1-based (day 1 = the first of the month) in every report.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace dbcost {

struct MonthCalendar {
  std::string label;           // "2026-03"
  std::int64_t first_day = 0;  // days since 1970-01-01 of the month's first date
  int days = 0;

  static MonthCalendar of_month(std::int64_t year, int month);
  // The calendar month holding `day` (days since 1970-01-01).
  static MonthCalendar holding(std::int64_t day);
  MonthCalendar next() const;

  int weekday(int day) const;  // 0 = Sunday ... 6 = Saturday
  bool weekend(int day) const;
  std::vector<bool> weekend_mask() const;
};

}  // namespace dbcost
