#include "calibrate/run_calendar.h"

#include <algorithm>
#include <exception>
#include <set>

#include "schedule/quartz_cron.h"
#include "schedule/time.h"

namespace dbcost {
namespace {

constexpr std::array<const char*, 7> kDayNames = {"MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"};

int weekday_monday0(const CivilTime& c) {
  const std::int64_t days = detail::days_from_civil(c.year, c.month, c.day);
  return static_cast<int>(detail::floor_mod(days + 3, 7));  // 1970-01-01 was a Thursday
}

std::string join_hours(const std::set<int>& hours) {
  std::string out;
  for (int h : hours) out += (out.empty() ? "" : ",") + std::to_string(h);
  return out;
}

bool fires_exactly(const std::string& expr, const std::vector<UnixSeconds>& starts, UnixSeconds from, UnixSeconds to,
                   const date::time_zone* zone) {
  try {
    return QuartzCron::parse(expr).fire_times(from, to, zone, starts.size() + 1) == starts;
  } catch (const std::exception&) {
    return false;  // more fire times than runs, or an expression Quartz rejects
  }
}

}  // namespace

std::string weekdays_text(const std::array<bool, 7>& d) {
  if (std::all_of(d.begin(), d.end(), [](bool b) { return b; })) return "daily";
  std::string out;
  for (int i = 0; i < 7;) {
    if (!d[static_cast<std::size_t>(i)]) {
      ++i;
      continue;
    }
    int j = i;
    while (j + 1 < 7 && d[static_cast<std::size_t>(j + 1)]) ++j;
    if (!out.empty()) out += ',';
    if (j - i >= 2)
      out += std::string(kDayNames[static_cast<std::size_t>(i)]) + "-" + kDayNames[static_cast<std::size_t>(j)];
    else
      for (int k = i; k <= j; ++k) out += (k > i ? "," : "") + std::string(kDayNames[static_cast<std::size_t>(k)]);
    i = j + 1;
  }
  return out;
}

RunCalendar infer_run_calendar(std::vector<UnixSeconds> starts, UnixSeconds from, UnixSeconds to) {
  std::sort(starts.begin(), starts.end());
  RunCalendar cal;
  cal.runs = starts.size();
  const bool distinct = std::adjacent_find(starts.begin(), starts.end()) == starts.end();
  for (const char* zone_id : kCalendarZones) {
    if (starts.empty() || !distinct) break;
    const date::time_zone* zone = find_time_zone(zone_id);
    std::set<int> hours, month_days;
    std::array<bool, 7> days{};
    std::set<std::int64_t> dates;
    for (UnixSeconds t : starts) {
      const CivilTime c = unix_to_civil(t, zone);
      hours.insert(c.hour);
      month_days.insert(c.day);
      days[static_cast<std::size_t>(weekday_monday0(c))] = true;
      dates.insert(detail::days_from_civil(c.year, c.month, c.day));
    }
    const std::string h = join_hours(hours);
    // Weekdays the period holds: runs on all of them are a daily schedule, however short the period.
    std::array<bool, 7> held{};
    for (UnixSeconds t = from; t < to && t < from + 7 * 86400; t += 86400)
      held[static_cast<std::size_t>(weekday_monday0(unix_to_civil(t, zone)))] = true;
    const std::string weekly = days == held ? "daily" : weekdays_text(days);
    std::vector<std::string> candidates = {weekly == "daily" ? "0 0 " + h + " * * ?" : "0 0 " + h + " ? * " + weekly};
    if (month_days.size() == 1) candidates.push_back("0 0 " + h + " " + std::to_string(*month_days.begin()) + " * ?");
    for (const auto& expr : candidates)
      if (fires_exactly(expr, starts, from, to, zone)) {
        cal.cron = true;
        cal.quartz_cron_expression = expr;
        cal.timezone_id = zone_id;
        cal.hours_text = h;
        cal.weekdays_text = weekly;
        cal.active_days = dates.size();
        return cal;
      }
  }
  std::set<int> hours;
  std::array<bool, 7> days{};
  std::set<std::int64_t> dates;
  for (UnixSeconds t : starts) {
    const CivilTime c = unix_to_civil(t, nullptr);
    hours.insert(c.hour);
    days[static_cast<std::size_t>(weekday_monday0(c))] = true;
    dates.insert(detail::floor_div(t, 86400));
  }
  cal.hours_text = join_hours(hours);
  cal.weekdays_text = cal.days = weekdays_text(days);
  cal.active_days = dates.size();
  if (starts.empty()) return cal;
  cal.window_start_hour = *hours.begin();
  cal.window_end_hour = *hours.rbegin() + 1;
  std::size_t window_days = 0;
  for (std::int64_t d = detail::floor_div(from, 86400); d * 86400 < to; ++d)
    window_days += days[static_cast<std::size_t>(detail::floor_mod(d + 3, 7))] ? 1 : 0;
  const double window_hours = static_cast<double>(window_days) * (cal.window_end_hour - cal.window_start_hour);
  cal.per_hour = window_hours > 0 ? static_cast<double>(starts.size()) / window_hours : 0;
  return cal;
}

}  // namespace dbcost
