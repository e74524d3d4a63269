// Quartz cron evaluation. Expected run lists come from three independent sources: lists written
// out by hand (the DST cases; each also agrees with Quartz 2.3.2 run under Java, see
// quartz_reference/), and a brute-force scan that walks every UTC second, minute or quarter-hour,
// asks howardhinnant date (not dbcost's zone table) for the local time, drops the first pass of a
// repeated hour, and tests the fields with a predicate written from the documented meaning.
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <iostream>

#include <date/tz.h>

#include "core/errors.h"
#include "schedule/quartz_cron.h"
#include "schedule/time.h"

namespace dbcost {
namespace {

const date::time_zone* zone(const char* id) { return find_time_zone(id); }
UnixSeconds at(const char* iso, const date::time_zone* z = nullptr) { return parse_time_point(iso, z, "t"); }

std::vector<std::string> local(const std::vector<UnixSeconds>& times, const date::time_zone* z) {
  std::vector<std::string> out;
  for (const UnixSeconds t : times) out.push_back(format_local(t, z));
  return out;
}

std::vector<std::string> runs(const char* expr, const char* zone_id, const char* from, const char* to,
                              UnixSeconds min_gap = 0) {
  const auto* z = zone(zone_id);
  return local(QuartzCron::parse(expr).fire_times(at(from, z), at(to, z), z, 1'000'000, min_gap), z);
}

struct Local {
  int year, month, day, hour, minute, second;
  int weekday;  // 0 = Sunday
  int days_in_month;
};

// Every step-th second of [from, to) whose local time matches, skipping instants in the first
// pass of a repeated hour (Quartz fires only in the second).
std::vector<UnixSeconds> brute_force(UnixSeconds from, UnixSeconds to, const date::time_zone* z, UnixSeconds step,
                                     const std::function<bool(const Local&)>& match) {
  using namespace std::chrono;
  std::vector<UnixSeconds> out;
  for (UnixSeconds t = from; t < to; t += step) {
    const auto info = z->get_info(date::sys_seconds{seconds{t}});
    const date::local_seconds lt{seconds{t + info.offset.count()}};
    const auto li = z->get_info(lt);
    if (li.result == date::local_info::ambiguous && info.offset == li.first.offset) continue;
    const auto day = date::floor<date::days>(lt);
    const date::year_month_day ymd{day};
    const date::hh_mm_ss<seconds> hms{lt - day};
    const date::year_month_day_last last{ymd.year(), date::month_day_last{ymd.month()}};
    const Local l{int(ymd.year()),
                  int(unsigned(ymd.month())),
                  int(unsigned(ymd.day())),
                  int(hms.hours().count()),
                  int(hms.minutes().count()),
                  int(hms.seconds().count()),
                  int(date::weekday{day}.c_encoding()),
                  int(unsigned(last.day()))};
    if (match(l)) out.push_back(t);
  }
  return out;
}

void expect_brute_force(const char* expr, const char* zone_id, const char* from, const char* to, UnixSeconds step,
                        const std::function<bool(const Local&)>& match) {
  const auto* z = zone(zone_id);
  const auto expected = brute_force(at(from, z), at(to, z), z, step, match);
  const auto actual = QuartzCron::parse(expr).fire_times(at(from, z), at(to, z), z, 1'000'000, 0);
  EXPECT_FALSE(expected.empty()) << expr;
  EXPECT_EQ(local(actual, z), local(expected, z)) << expr << " in " << zone_id;
}

bool at_time(const Local& l, int h, int m, int s = 0) { return l.hour == h && l.minute == m && l.second == s; }
int nearest_weekday(int day, int weekday_of_day, int dim) {
  if (weekday_of_day == 6) return day == 1 ? 3 : day - 1;
  if (weekday_of_day == 0) return day == dim ? day - 2 : day + 1;
  return day;
}
int weekday_of(const Local& l, int day) { return ((l.weekday + day - l.day) % 7 + 7) % 7; }

const char* const kZones[] = {"Europe/Paris", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata",
                              "Pacific/Auckland"};
constexpr UnixSeconds kQuarterHour = 900;  // every zone here has offsets in whole quarter hours

// ---- parsing ----

struct BadCase {
  const char* expr;
  std::size_t position;
  const char* reason;
};

TEST(QuartzCronTest, RejectsInvalidExpressionsWithPositionAndReason) {
  const BadCase cases[] = {
      {"0 0 12 * * *", 11,
       "both day-of-month and day-of-week are set; one of them must be '?' (Quartz supports one day rule)"},
      {"0 0 12 ? * ?", 11, "day-of-month and day-of-week are both '?'; one of them must be set"},
      {"0 0 12 ? * 6#6", 13, "'#' must be followed by 1-5 (the n-th such weekday of the month), not 6"},
      {"0 0 12 ? * 2#", 13, "'#' must be followed by 1-5 (the n-th such weekday of the month)"},
      {"0 0 L * * ?", 4, "'L' is not allowed in the hours field (only day-of-month and day-of-week)"},
      {"0 0 12W * * ?", 6, "'W' is not allowed in the hours field (only day-of-month)"},
      {"61 * * * * ?", 0, "second 61 is out of range 0-59"},
      {"0 60 * * * ?", 2, "minute 60 is out of range 0-59"},
      {"0 0 24 * * ?", 4, "hour 24 is out of range 0-23"},
      {"0 0 12 32 * ?", 7, "day of month 32 is out of range 1-31"},
      {"0 0 12 ? 13 *", 9, "month 13 is out of range 1-12"},
      {"0 0 12 ? * 0", 11, "day of week 0 is out of range 1-7 (1 = Sunday, as in Quartz)"},
      {"0 0 12 ? * 1-8", 13, "day of week 8 is out of range 1-7 (1 = Sunday, as in Quartz)"},
      {"0 0 12 ? * FOO", 11, "unknown day-of-week name 'FOO' (SUN-SAT)"},
      {"0 0 12 ? JANX *", 12, "unexpected character 'X' in the month field"},
      {"0 0 12 ? * MON/2", 14,
       "a step cannot follow a month or day name (Quartz would ignore it); use numbers, e.g. 2-6/2"},
      {"0 */0 * * * ?", 4, "a step of 0 is not allowed"},
      {"0 */60 * * * ?", 4, "step 60 is larger than 59 in the minutes field"},
      {"0 0 12 L-31 * ?", 9, "the offset in 'L-n' must be 0-30"},
      {"0 0 12 1-5W * ?", 10, "'W' needs a single day of month, not a range (Quartz would drop the W)"},
      {"0 0 12 1-5W,15 * ?", 10, "'W' needs a single day of month, not a range (Quartz would drop the W)"},
      {"0 0 12 1/5W * ?", 10, "'W' must follow a single day of month, e.g. 15W"},
      {"0 0 12 W,2 * ?", 7, "'W' must follow a single day of month, e.g. 15W"},
      {"0 0 12 2WW * ?", 8, "'W' must follow a single day of month, e.g. 15W"},
      {"0 0 12 32W,5 * ?", 7, "day of month 32 is out of range 1-31"},
      {"0 0 12 2W,16 * MON", 15,
       "both day-of-month and day-of-week are set; one of them must be '?' (Quartz supports one day rule)"},
      {"0 0 12 2W,L * ?", 10,
       "'L' and 'LW' cannot be combined with other days of the month in a list (Quartz: \"Support for specifying "
       "'L' and 'LW' with other days of the month is not implemented\")"},
      {"0 0 12 LW,15 * ?", 7,
       "'L' and 'LW' cannot be combined with other days of the month in a list (Quartz: \"Support for specifying "
       "'L' and 'LW' with other days of the month is not implemented\")"},
      {"0 0 12 5,L-2 * ?", 9,
       "'L' and 'LW' cannot be combined with other days of the month in a list (Quartz: \"Support for specifying "
       "'L' and 'LW' with other days of the month is not implemented\")"},
      {"0 0 12 ? * 6L,2", 12, "'L' must stand alone in the day-of-week field, e.g. 6L or 6#3"},
      {"0 0 12 ? * 2#1,3#2", 12, "'#' cannot be combined with other days in a list"},
      {"0 0 12 ? 3 MON,", 14, "the day-of-week list ends with ','"},
      {"0 0 12 * *", 10,
       "expected 6 or 7 fields (seconds minutes hours day-of-month month day-of-week [year]), found 5"},
      {"0 0 12 ? * MON 2026 x", 20,
       "expected 6 or 7 fields (seconds minutes hours day-of-month month day-of-week [year]), found 8"},
      {"0 0 12 ? * * 2027-2025", 13, "year range 2027-2025 runs backwards"},
      {"0 0 12 ? * * 1969", 13, "year 1969 is out of range 1970-2199"},
      {"0 0 ? * * *", 4, "'?' is allowed only in the day-of-month and day-of-week fields"},
      {"0 0 1-? * * *", 6, "'?' is allowed only as the whole day-of-month or day-of-week field"},
  };
  for (const auto& c : cases) {
    try {
      QuartzCron::parse(c.expr);
      ADD_FAILURE() << c.expr << " was accepted";
    } catch (const CronParseError& e) {
      EXPECT_EQ(e.position, c.position) << c.expr;
      EXPECT_EQ(e.reason, c.reason) << c.expr;
      EXPECT_EQ(std::string(e.what()), "at position " + std::to_string(c.position) + ": " + c.reason);
    }
  }
}

TEST(QuartzCronTest, NamesNumbersAndCaseAreInterchangeable) {
  const auto* z = zone("Europe/Paris");
  const UnixSeconds a = at("2026-01-01", z), b = at("2027-01-01", z);
  const auto fires = [&](const char* e) { return QuartzCron::parse(e).fire_times(a, b, z); };
  EXPECT_EQ(fires("0 15 10 ? * MON-FRI"), fires("0 15 10 ? * 2-6"));
  EXPECT_EQ(fires("0 15 10 ? * MON-FRI"), fires("0 15 10 ? * mon-fri"));
  EXPECT_EQ(fires("0 0 12 1 JAN,JUL ?"), fires("0 0 12 1 1,7 ?"));
  EXPECT_EQ(fires("0 0 12 ? * SAT"), fires("0 0 12 ? * L"));  // 'L' alone in day-of-week is 7, Saturday
  EXPECT_EQ(fires("0 0 12 ? * 6L"), fires("0 0 12 ? * FRIL"));
  EXPECT_EQ(fires("0 0 12 ? * 6#3"), fires("0 0 12 ? * FRI#3"));
  EXPECT_EQ(fires("0 0 12 ? * 1"), fires("0 0 12 ? * SUN"));
  EXPECT_EQ(fires("0\t0  12 ? *\tSUN"), fires("0 0 12 ? * SUN"));
  // Day of week 1 is Sunday (Unix cron's 0): 2026-01-04 is the first Sunday of 2026.
  EXPECT_EQ(local(fires("0 0 12 ? * 1"), z).front(), "2026-01-04T12:00:00+01:00");
}

// ---- every special character, against the brute-force scan over a year in five zones ----

TEST(QuartzCronTest, DayRulesMatchBruteForceInFiveZones) {
  struct Rule {
    const char* expr;
    std::function<bool(const Local&)> match;
  };
  const Rule rules[] = {
      {"0 15 10 ? * MON-FRI", [](const Local& l) { return at_time(l, 10, 15) && l.weekday >= 1 && l.weekday <= 5; }},
      {"0 0 12 ? * 1,7", [](const Local& l) { return at_time(l, 12, 0) && (l.weekday == 0 || l.weekday == 6); }},
      {"0 0 12 ? * FRI-MON", [](const Local& l) { return at_time(l, 12, 0) && (l.weekday >= 5 || l.weekday <= 1); }},
      {"0 0 12 L * ?", [](const Local& l) { return at_time(l, 12, 0) && l.day == l.days_in_month; }},
      {"0 0 12 L-3 * ?", [](const Local& l) { return at_time(l, 12, 0) && l.day == l.days_in_month - 3; }},
      {"0 0 12 LW * ?",
       [](const Local& l) {
         const int last = l.days_in_month;
         const int wd = weekday_of(l, last);
         return at_time(l, 12, 0) && l.day == (wd == 6 ? last - 1 : wd == 0 ? last - 2 : last);
       }},
      {"0 0 12 15W * ?",
       [](const Local& l) {
         return at_time(l, 12, 0) && l.day == nearest_weekday(15, weekday_of(l, 15), l.days_in_month);
       }},
      {"0 0 12 1W * ?",
       [](const Local& l) {
         return at_time(l, 12, 0) && l.day == nearest_weekday(1, weekday_of(l, 1), l.days_in_month);
       }},
      {"0 0 12 ? * 6L",
       [](const Local& l) { return at_time(l, 12, 0) && l.weekday == 5 && l.day + 7 > l.days_in_month; }},
      {"0 0 12 ? * 6#3", [](const Local& l) { return at_time(l, 12, 0) && l.weekday == 5 && (l.day - 1) / 7 == 2; }},
      {"0 0 12 ? * 2#5", [](const Local& l) { return at_time(l, 12, 0) && l.weekday == 1 && (l.day - 1) / 7 == 4; }},
      {"0 0 12 ? * L", [](const Local& l) { return at_time(l, 12, 0) && l.weekday == 6; }},
      {"0 0/15 */6 * * ?", [](const Local& l) { return l.second == 0 && l.minute % 15 == 0 && l.hour % 6 == 0; }},
      {"0 0,30 9-17 1/10 * ?",
       [](const Local& l) {
         return l.second == 0 && (l.minute == 0 || l.minute == 30) && l.hour >= 9 && l.hour <= 17 &&
                (l.day - 1) % 10 == 0;
       }},
      {"0 0 12 28-3 * ?", [](const Local& l) { return at_time(l, 12, 0) && (l.day >= 28 || l.day <= 3); }},
      {"0 0 12 ? JAN,JUL SUN",
       [](const Local& l) { return at_time(l, 12, 0) && (l.month == 1 || l.month == 7) && l.weekday == 0; }},
      {"0 0 12 1 NOV-FEB ?",
       [](const Local& l) { return at_time(l, 12, 0) && l.day == 1 && (l.month >= 11 || l.month <= 2); }},
      {"0 45 23 ? 3/4 *", [](const Local& l) { return at_time(l, 23, 45) && (l.month - 3) % 4 == 0 && l.month >= 3; }},
      {"0 30 2 ? * SUN", [](const Local& l) { return at_time(l, 2, 30) && l.weekday == 0; }},
      {"0 45 1 * * ?", [](const Local& l) { return at_time(l, 1, 45); }},
  };
  for (const char* z : kZones)
    for (const auto& r : rules) expect_brute_force(r.expr, z, "2026-01-01", "2027-01-01", kQuarterHour, r.match);
}

TEST(QuartzCronTest, YearFieldAndFebruary29) {
  EXPECT_EQ(runs("0 0 12 1 1 ? 2026-2030/2", "UTC", "2025-01-01", "2035-01-01"),
            (std::vector<std::string>{"2026-01-01T12:00:00+00:00", "2028-01-01T12:00:00+00:00",
                                      "2030-01-01T12:00:00+00:00"}));
  EXPECT_EQ(runs("0 0 12 29 2 ?", "UTC", "2025-01-01", "2033-01-01"),
            (std::vector<std::string>{"2028-02-29T12:00:00+00:00", "2032-02-29T12:00:00+00:00"}));
  EXPECT_EQ(runs("0 0 12 ? * 2 2026,2028", "UTC", "2027-01-01", "2028-01-09"),
            (std::vector<std::string>{"2028-01-03T12:00:00+00:00"}));
  // Nothing after the last listed year, and a date that never comes: the search ends (at 2199).
  EXPECT_EQ(QuartzCron::parse("0 0 12 ? * * 2025").next_after(at("2026-01-01T00:00:00Z"), nullptr), std::nullopt);
  EXPECT_EQ(QuartzCron::parse("0 0 0 30 2 ?").next_after(at("2026-01-01T00:00:00Z"), nullptr), std::nullopt);
}

// ---- W in a day-of-month list, as Quartz 2.3.2 reads it ----
// Quartz keeps one nearestWeekday flag for the field and, in getTimeAfter, takes only
// daysOfMonth.first(), the smallest day: every other day of the list is ignored. The nearest
// weekday of day d: a Saturday moves to Friday d-1 (to Monday d+2 when d is the 1st), a Sunday
// to Monday d+1 (to Friday d-2 when d is the month's last day). Weekdays from the calendar.

TEST(QuartzCronTest, WInADayOfMonthListFiresOnTheWeekdayNearestTheSmallestDayOnly) {
  // 2026 in New York (EST -05:00 to 2026-03-08 and from 2026-11-01, EDT -04:00 between). The 2nd
  // is a Saturday in May (-> Friday 1st) and a Sunday in August (-> Monday 3rd); the 16th never fires.
  const std::vector<std::string> expected = {
      "2026-01-02T12:00:00-05:00", "2026-02-02T12:00:00-05:00", "2026-03-02T12:00:00-05:00",
      "2026-04-02T12:00:00-04:00", "2026-05-01T12:00:00-04:00", "2026-06-02T12:00:00-04:00",
      "2026-07-02T12:00:00-04:00", "2026-08-03T12:00:00-04:00", "2026-09-02T12:00:00-04:00",
      "2026-10-02T12:00:00-04:00", "2026-11-02T12:00:00-05:00", "2026-12-02T12:00:00-05:00"};
  for (const char* e : {"0 0 12 2W,16 * ?", "0 0 12 16,2W * ?", "0 0 12 2,16W * ?", "0 0 12 2W,16W * ?",
                        "0 0 12 2w,16 * ?", "0 0 12 2W * ?", "0 0 12 2W,10-20/5 * ?"})
    EXPECT_EQ(runs(e, "America/New_York", "2026-01-01", "2027-01-01"), expected) << e;
  EXPECT_EQ(QuartzCron::parse("0 0 12 2W,16 * ?")
                .fire_times(at("2026-01-01T00:00:00Z"), at("2027-01-01T00:00:00Z"), zone("America/New_York"))[0],
            at("2026-01-02T17:00:00Z"));
  // After the month's W day the next run is next month's, not the 16th.
  EXPECT_EQ(runs("0 0 12 2W,16 * ?", "America/New_York", "2026-01-03", "2026-03-01"),
            (std::vector<std::string>{"2026-02-02T12:00:00-05:00"}));
  // A range or step before the W entry: its smallest day is the one. "1-5,10W": the 1st (a Sunday
  // in February and March -> Monday the 2nd).
  EXPECT_EQ(runs("0 0 12 1-5,10W * ?", "UTC", "2026-01-01", "2026-04-01"),
            (std::vector<std::string>{"2026-01-01T12:00:00+00:00", "2026-02-02T12:00:00+00:00",
                                      "2026-03-02T12:00:00+00:00"}));
  EXPECT_EQ(runs("0 0 12 *,15W * ?", "UTC", "2026-01-01", "2026-04-01"),
            runs("0 0 12 1W * ?", "UTC", "2026-01-01", "2026-04-01"));
}

TEST(QuartzCronTest, WInAListNeverCrossesAMonthEnd) {
  // "1W,16": 2026-08-01 is a Saturday: Monday the 3rd, not Friday 2026-07-31. 2026-02-01 and
  // 2026-03-01 are Sundays: Monday the 2nd.
  EXPECT_EQ(
      runs("0 0 12 1W,16 * ?", "Europe/Paris", "2026-01-15", "2026-09-01"),
      (std::vector<std::string>{"2026-02-02T12:00:00+01:00", "2026-03-02T12:00:00+01:00", "2026-04-01T12:00:00+02:00",
                                "2026-05-01T12:00:00+02:00", "2026-06-01T12:00:00+02:00", "2026-07-01T12:00:00+02:00",
                                "2026-08-03T12:00:00+02:00"}));
  // "30W,31": 2025-11-30 is a Sunday and the month's last day: Friday the 28th, not Monday
  // 2025-12-01. February has no 30th: Quartz sets day 30 of February on a lenient calendar, which
  // is 2026-03-02, so the search lands in March and February has no run. Paris: CET +01:00 to
  // 2026-03-29, CEST +02:00 after.
  EXPECT_EQ(runs("0 0 12 30W,31 * ?", "Europe/Paris", "2025-10-01", "2026-05-01"),
            (std::vector<std::string>{"2025-10-30T12:00:00+01:00", "2025-11-28T12:00:00+01:00",
                                      "2025-12-30T12:00:00+01:00", "2026-01-30T12:00:00+01:00",
                                      "2026-03-30T12:00:00+02:00", "2026-04-30T12:00:00+02:00"}));
  // The smallest day on a daylight-saving Sunday: 2026-03-29 (02:30 does not exist) and
  // 2026-10-25 (02:30 happens twice) move to the Monday, 02:30 in the new offset.
  EXPECT_EQ(runs("0 30 2 29W,31 * ?", "Europe/Paris", "2026-03-01", "2026-04-01"),
            (std::vector<std::string>{"2026-03-30T02:30:00+02:00"}));
  EXPECT_EQ(runs("0 30 2 25W,31 * ?", "Europe/Paris", "2026-10-01", "2026-11-01"),
            (std::vector<std::string>{"2026-10-26T02:30:00+01:00"}));
  EXPECT_EQ(QuartzCron::parse("0 30 2 25W,31 * ?").next_after(at("2026-10-01T00:00:00Z"), zone("Europe/Paris")),
            at("2026-10-26T01:30:00Z"));
}

// ---- daylight saving: hand-written lists (each confirmed by Quartz 2.3.2) ----

TEST(QuartzCronTest, EuropeParisSkipsTheGapAndFiresOnceInTheRepeatedHour) {
  // 2026-03-29: 02:00 CET -> 03:00 CEST. 02:30 does not exist that day.
  EXPECT_EQ(runs("0 30 2 * * ?", "Europe/Paris", "2026-03-28", "2026-04-01"),
            (std::vector<std::string>{"2026-03-28T02:30:00+01:00", "2026-03-30T02:30:00+02:00",
                                      "2026-03-31T02:30:00+02:00"}));
  EXPECT_EQ(runs("0 0 * * * ?", "Europe/Paris", "2026-03-29T00:00:00+01:00", "2026-03-29T05:00:00+02:00"),
            (std::vector<std::string>{"2026-03-29T00:00:00+01:00", "2026-03-29T01:00:00+01:00",
                                      "2026-03-29T03:00:00+02:00", "2026-03-29T04:00:00+02:00"}));
  // 2026-10-25: 03:00 CEST -> 02:00 CET. 02:00-02:59 runs only in the CET pass.
  EXPECT_EQ(runs("0 30 2 * * ?", "Europe/Paris", "2026-10-24", "2026-10-27"),
            (std::vector<std::string>{"2026-10-24T02:30:00+02:00", "2026-10-25T02:30:00+01:00",
                                      "2026-10-26T02:30:00+01:00"}));
  EXPECT_EQ(
      runs("0 */30 * * * ?", "Europe/Paris", "2026-10-25T01:00:00+02:00", "2026-10-25T03:30:00+01:00"),
      (std::vector<std::string>{"2026-10-25T01:00:00+02:00", "2026-10-25T01:30:00+02:00", "2026-10-25T02:00:00+01:00",
                                "2026-10-25T02:30:00+01:00", "2026-10-25T03:00:00+01:00"}));
}

TEST(QuartzCronTest, AmericaNewYork) {
  // 2026-03-08: 02:00 EST -> 03:00 EDT.
  EXPECT_EQ(runs("0 0 * * * ?", "America/New_York", "2026-03-08", "2026-03-08T04:00:00-04:00"),
            (std::vector<std::string>{"2026-03-08T00:00:00-05:00", "2026-03-08T01:00:00-05:00",
                                      "2026-03-08T03:00:00-04:00"}));
  EXPECT_EQ(runs("0 30 2 ? * SUN", "America/New_York", "2026-03-01", "2026-03-16"),
            (std::vector<std::string>{"2026-03-01T02:30:00-05:00", "2026-03-15T02:30:00-04:00"}));
  // 2026-11-01: 02:00 EDT -> 01:00 EST; 01:30 runs once, at 01:30 EST.
  EXPECT_EQ(runs("0 30 1 * * ?", "America/New_York", "2026-10-31", "2026-11-03"),
            (std::vector<std::string>{"2026-10-31T01:30:00-04:00", "2026-11-01T01:30:00-05:00",
                                      "2026-11-02T01:30:00-05:00"}));
  EXPECT_EQ(runs("0 */30 * * * ?", "America/New_York", "2026-11-01T00:30:00-04:00", "2026-11-01T02:00:00-05:00"),
            (std::vector<std::string>{"2026-11-01T00:30:00-04:00", "2026-11-01T01:00:00-05:00",
                                      "2026-11-01T01:30:00-05:00"}));
  // Quartz 2.3.2: a window that opens inside the first (EDT) pass of 01:xx restarts at the same
  // wall time in the EST pass, so 01:00 and 01:20 EST are not reached.
  EXPECT_EQ(runs("0 */20 * * * ?", "America/New_York", "2026-11-01T05:30:00Z", "2026-11-01T08:00:00Z"),
            (std::vector<std::string>{"2026-11-01T01:40:00-05:00", "2026-11-01T02:00:00-05:00",
                                      "2026-11-01T02:20:00-05:00", "2026-11-01T02:40:00-05:00"}));
}

TEST(QuartzCronTest, AustraliaLordHoweShiftsByHalfAnHour) {
  // 2026-04-05: 02:00 +11:00 -> 01:30 +10:30 (01:30-01:59 repeats).
  EXPECT_EQ(
      runs("0 */15 1-2 * * ?", "Australia/Lord_Howe", "2026-04-05", "2026-04-06"),
      (std::vector<std::string>{"2026-04-05T01:00:00+11:00", "2026-04-05T01:15:00+11:00", "2026-04-05T01:30:00+10:30",
                                "2026-04-05T01:45:00+10:30", "2026-04-05T02:00:00+10:30", "2026-04-05T02:15:00+10:30",
                                "2026-04-05T02:30:00+10:30", "2026-04-05T02:45:00+10:30"}));
  // 2026-10-04: 02:00 +10:30 -> 02:30 +11:00 (02:00-02:29 is skipped).
  EXPECT_EQ(runs("0 */15 1-2 * * ?", "Australia/Lord_Howe", "2026-10-04", "2026-10-05"),
            (std::vector<std::string>{"2026-10-04T01:00:00+10:30", "2026-10-04T01:15:00+10:30",
                                      "2026-10-04T01:30:00+10:30", "2026-10-04T01:45:00+10:30",
                                      "2026-10-04T02:30:00+11:00", "2026-10-04T02:45:00+11:00"}));
  EXPECT_EQ(runs("0 15 2 * * ?", "Australia/Lord_Howe", "2026-10-03", "2026-10-06"),
            (std::vector<std::string>{"2026-10-03T02:15:00+10:30", "2026-10-05T02:15:00+11:00"}));
}

TEST(QuartzCronTest, PacificAucklandSouthernHemisphere) {
  // 2026-09-27: 02:00 NZST -> 03:00 NZDT; 2026-04-05: 03:00 NZDT -> 02:00 NZST.
  EXPECT_EQ(runs("0 30 2 * * ?", "Pacific/Auckland", "2026-09-26", "2026-09-29"),
            (std::vector<std::string>{"2026-09-26T02:30:00+12:00", "2026-09-28T02:30:00+13:00"}));
  EXPECT_EQ(runs("0 0 2 * * ?", "Pacific/Auckland", "2026-04-04", "2026-04-07"),
            (std::vector<std::string>{"2026-04-04T02:00:00+13:00", "2026-04-05T02:00:00+12:00",
                                      "2026-04-06T02:00:00+12:00"}));
}

TEST(QuartzCronTest, AsiaKolkataHalfHourOffset) {
  EXPECT_EQ(runs("0 0 9 * * ?", "Asia/Kolkata", "2026-06-01", "2026-06-03"),
            (std::vector<std::string>{"2026-06-01T09:00:00+05:30", "2026-06-02T09:00:00+05:30"}));
  const auto* z = zone("Asia/Kolkata");
  const auto t =
      QuartzCron::parse("0 30 * * * ?").fire_times(at("2026-06-01", z), at("2026-06-01T03:00:00+05:30", z), z);
  std::vector<std::string> utc;
  for (const UnixSeconds x : t) utc.push_back(format_utc(x));
  EXPECT_EQ(utc, (std::vector<std::string>{"2026-05-31T19:00:00Z", "2026-05-31T20:00:00Z", "2026-05-31T21:00:00Z"}));
}

// The same DST days, minute by minute (and second by second for a seconds field), against the scan.
TEST(QuartzCronTest, ClockRulesMatchBruteForceAcrossEveryTransition) {
  struct Window {
    const char* zone;
    const char* from;
    const char* to;
  };
  const Window windows[] = {
      {"Europe/Paris", "2026-03-28", "2026-03-31"},        {"Europe/Paris", "2026-10-24", "2026-10-27"},
      {"America/New_York", "2026-03-07", "2026-03-10"},    {"America/New_York", "2026-10-31", "2026-11-03"},
      {"Australia/Lord_Howe", "2026-04-04", "2026-04-07"}, {"Australia/Lord_Howe", "2026-10-03", "2026-10-06"},
      {"Pacific/Auckland", "2026-04-04", "2026-04-07"},    {"Pacific/Auckland", "2026-09-26", "2026-09-29"},
      {"Asia/Kolkata", "2026-03-28", "2026-03-31"},
  };
  struct Rule {
    const char* expr;
    std::function<bool(const Local&)> match;
  };
  const Rule rules[] = {
      {"0 * * * * ?", [](const Local& l) { return l.second == 0; }},
      {"0 */15 * * * ?", [](const Local& l) { return l.second == 0 && l.minute % 15 == 0; }},
      {"0 0 * * * ?", [](const Local& l) { return at_time(l, l.hour, 0); }},
      {"0 30 * * * ?", [](const Local& l) { return at_time(l, l.hour, 30); }},
      {"0 0 2 * * ?", [](const Local& l) { return at_time(l, 2, 0); }},
      {"0 30 2 * * ?", [](const Local& l) { return at_time(l, 2, 30); }},
      {"0 15 2 * * ?", [](const Local& l) { return at_time(l, 2, 15); }},
      {"0 45 1 * * ?", [](const Local& l) { return at_time(l, 1, 45); }},
      {"0 0,20,40 1-3 * * ?",
       [](const Local& l) { return l.second == 0 && l.minute % 20 == 0 && l.hour >= 1 && l.hour <= 3; }},
  };
  for (const auto& w : windows)
    for (const auto& r : rules) expect_brute_force(r.expr, w.zone, w.from, w.to, 60, r.match);
  expect_brute_force("*/7 * 1-3 * * ?", "Europe/Paris", "2026-10-25", "2026-10-25T05:00:00+01:00", 1,
                     [](const Local& l) { return l.second % 7 == 0 && l.hour >= 1 && l.hour <= 3; });
  expect_brute_force("* * * * * ?", "Australia/Lord_Howe", "2026-10-04T01:00:00+10:30", "2026-10-04T04:00:00+11:00", 1,
                     [](const Local&) { return true; });
}

// fire_times skips Quartz's search inside a day when nothing can change (the fast path); it must
// agree with calling next_after (the line-by-line port) from fire time to fire time.
TEST(QuartzCronTest, FastEnumerationEqualsRepeatedNextAfter) {
  const char* exprs[] = {"*/13 * 0-3 * * ?", "0 */7 1-3 * * ?", "30 15,45 * ? * 1L", "0 0/5 0-4 L-1 * ?"};
  for (const char* z : {"Europe/Paris", "Australia/Lord_Howe", "America/New_York"}) {
    const auto* tz = zone(z);
    for (const char* e : exprs) {
      const auto cron = QuartzCron::parse(e);
      for (const auto& [a, b] : {std::pair{"2026-03-01", "2026-04-15"}, std::pair{"2026-09-25", "2026-11-15"}}) {
        const UnixSeconds from = at(a, tz), to = at(b, tz);
        std::vector<UnixSeconds> stepped;
        for (auto t = cron.next_after(from - 1, tz); t && *t < to; t = cron.next_after(*t, tz)) stepped.push_back(*t);
        EXPECT_EQ(cron.fire_times(from, to, tz, 10'000'000, 0), stepped) << e << " in " << z << " from " << a;
      }
    }
  }
}

// ---- the 10-second minimum between runs ----

TEST(QuartzCronTest, RunsAreThinnedToTenSecondsApart) {
  EXPECT_EQ(runs("* * * * * ?", "UTC", "2026-01-01T00:00:00Z", "2026-01-01T00:01:00Z", 10),
            (std::vector<std::string>{"2026-01-01T00:00:00+00:00", "2026-01-01T00:00:10+00:00",
                                      "2026-01-01T00:00:20+00:00", "2026-01-01T00:00:30+00:00",
                                      "2026-01-01T00:00:40+00:00", "2026-01-01T00:00:50+00:00"}));
  // Quartz fires 0,7,...,56 then 60,67,...; greedy thinning keeps 0,14,28,42,56,67,81,95,109.
  const auto cron = QuartzCron::parse("*/7 * * * * ?");
  const UnixSeconds t0 = at("2026-01-01T00:00:00Z");
  std::vector<UnixSeconds> expected;
  for (const int s : {0, 14, 28, 42, 56, 67, 81, 95, 109}) expected.push_back(t0 + s);
  EXPECT_EQ(cron.fire_times(t0, t0 + 120, nullptr), expected);
  EXPECT_EQ(cron.count(t0, t0 + 120, nullptr), 9u);
  EXPECT_EQ(cron.count(t0, t0 + 120, nullptr, 0), 18u);
  EXPECT_EQ(QuartzCron::parse("0-4 * * * * ?").count(t0, t0 + 180, nullptr), 3u);
  EXPECT_EQ(QuartzCron::parse("0-4 * * * * ?").count(t0, t0 + 180, nullptr, 0), 15u);
}

TEST(QuartzCronTest, LimitGuardsAgainstHugeLists) {
  const auto cron = QuartzCron::parse("* * * * * ?");
  const UnixSeconds t0 = at("2026-01-01T00:00:00Z");
  EXPECT_EQ(cron.fire_times(t0, t0 + 60, nullptr, 6).size(), 6u);
  EXPECT_THROW(cron.fire_times(t0, t0 + 60, nullptr, 5), ModelError);
  EXPECT_TRUE(cron.fire_times(t0, t0, nullptr).empty());
}

// A per-second schedule over a year: every one of the 31,536,000 fire times is enumerated.
TEST(QuartzCronTest, PerSecondScheduleOverAYear) {
  const auto cron = QuartzCron::parse("* * * * * ?");
  const auto* paris = zone("Europe/Paris");
  const auto start = std::chrono::steady_clock::now();
  const std::size_t raw = cron.count(at("2026-01-01T00:00:00Z"), at("2027-01-01T00:00:00Z"), nullptr, 0);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(raw, 365u * 86400u);
  std::cout << "[ perf     ] per-second schedule, 2026 in UTC: " << raw << " fire times in " << seconds << " s\n";
  // Paris loses the hour skipped on 29 March and fires the repeated hour of 25 October once.
  EXPECT_EQ(cron.count(at("2026-01-01", paris), at("2027-01-01", paris), paris, 0), 365u * 86400u - 3600u);
  EXPECT_EQ(cron.count(at("2026-01-01T00:00:00Z"), at("2027-01-01T00:00:00Z"), nullptr), 365u * 8640u);
}

}  // namespace
}  // namespace dbcost
