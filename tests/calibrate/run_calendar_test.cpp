#include "calibrate/run_calendar.h"

#include <gtest/gtest.h>

#include "schedule/time.h"

namespace dbcost {
namespace {

UnixSeconds at(const std::string& instant) { return parse_time_point(instant, nullptr, "test"); }

std::vector<UnixSeconds> hours(const std::vector<std::string>& instants) {
  std::vector<UnixSeconds> out;
  for (const auto& i : instants) out.push_back(at(i));
  return out;
}

TEST(RunCalendarTest, DailyRunsAtOneHourAreACron) {
  std::vector<UnixSeconds> starts;
  for (int d = 0; d < 7; ++d) starts.push_back(at("2026-03-02T02:00:00Z") + d * 86400);
  const RunCalendar c = infer_run_calendar(starts, at("2026-03-02"), at("2026-03-09"));
  ASSERT_TRUE(c.cron);
  EXPECT_EQ(c.quartz_cron_expression, "0 0 2 * * ?");
  EXPECT_EQ(c.timezone_id, "UTC");
  EXPECT_EQ(c.runs, 7u);
}

TEST(RunCalendarTest, WeekdaysAtTwoHours) {
  std::vector<UnixSeconds> starts;
  for (int d = 0; d < 14; ++d) {
    if (d % 7 >= 5) continue;  // 2026-03-02 is a Monday
    starts.push_back(at("2026-03-02T06:00:00Z") + d * 86400);
    starts.push_back(at("2026-03-02T18:00:00Z") + d * 86400);
  }
  const RunCalendar c = infer_run_calendar(starts, at("2026-03-02"), at("2026-03-16"));
  ASSERT_TRUE(c.cron);
  EXPECT_EQ(c.quartz_cron_expression, "0 0 6,18 ? * MON-FRI");
}

TEST(RunCalendarTest, MonthlyRun) {
  const RunCalendar c =
      infer_run_calendar(hours({"2026-01-01T07:00:00Z", "2026-02-01T07:00:00Z"}), at("2026-01-01"), at("2026-03-01"));
  ASSERT_TRUE(c.cron);
  EXPECT_EQ(c.quartz_cron_expression, "0 0 7 1 * ?");
}

TEST(RunCalendarTest, LocalScheduleAcrossDaylightSavingIsFoundInItsZone) {
  // 02:30 Paris on weekdays: 01:00 UTC hour until 2026-03-27, 00:00 UTC from 2026-03-30.
  std::vector<UnixSeconds> starts;
  for (int d = 1; d <= 31; ++d) {
    const UnixSeconds day = at("2026-03-01") + (d - 1) * 86400;
    const int weekday = (d + 5) % 7;  // 2026-03-01 is a Sunday: Monday = 0
    if (weekday >= 5) continue;
    starts.push_back(day + (d >= 30 ? 0 : 3600));
  }
  const RunCalendar c = infer_run_calendar(starts, at("2026-03-01"), at("2026-04-01"));
  ASSERT_TRUE(c.cron);
  // London and Paris change on the same instant: the first candidate that fits is London, an hour behind.
  EXPECT_EQ(c.quartz_cron_expression, "0 0 1 ? * MON-FRI");
  EXPECT_EQ(c.timezone_id, "Europe/London");
}

TEST(RunCalendarTest, IrregularRunsBecomeArrivals) {
  const RunCalendar c =
      infer_run_calendar(hours({"2026-03-02T10:00:00Z", "2026-03-02T14:00:00Z", "2026-03-04T11:00:00Z"}),
                         at("2026-03-02"), at("2026-03-09"));
  EXPECT_FALSE(c.cron);
  EXPECT_EQ(c.window_start_hour, 10);
  EXPECT_EQ(c.window_end_hour, 15);
  EXPECT_EQ(c.days, "MON,WED");
  EXPECT_DOUBLE_EQ(c.per_hour, 3.0 / (2 * 5));
}

TEST(RunCalendarTest, AMissingRunBreaksTheCron) {
  std::vector<UnixSeconds> starts;
  for (int d = 0; d < 14; ++d)
    if (d != 3) starts.push_back(at("2026-03-02T02:00:00Z") + d * 86400);
  EXPECT_FALSE(infer_run_calendar(starts, at("2026-03-02"), at("2026-03-16")).cron);
  // Within a single week the same runs are a weekly schedule without Thursday.
  starts.resize(6);
  EXPECT_EQ(infer_run_calendar(starts, at("2026-03-02"), at("2026-03-09")).quartz_cron_expression,
            "0 0 2 ? * MON-WED,FRI-SUN");
}

TEST(RunCalendarTest, RunsOnEveryDateOfAShortPeriodAreDaily) {
  std::vector<UnixSeconds> starts;
  for (int d = 0; d < 3; ++d) starts.push_back(at("2026-03-02T02:00:00Z") + d * 86400);
  EXPECT_EQ(infer_run_calendar(starts, at("2026-03-02"), at("2026-03-05")).quartz_cron_expression, "0 0 2 * * ?");
}

TEST(RunCalendarTest, WeekdaysText) {
  EXPECT_EQ(weekdays_text({true, true, true, true, true, true, true}), "daily");
  EXPECT_EQ(weekdays_text({true, true, true, true, true, false, false}), "MON-FRI");
  EXPECT_EQ(weekdays_text({false, false, false, false, false, true, true}), "SAT,SUN");
  EXPECT_EQ(weekdays_text({true, false, true, true, true, false, false}), "MON,WED-FRI");
}

}  // namespace
}  // namespace dbcost
