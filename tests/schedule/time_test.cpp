// Instants, zones and their daylight-saving edges. Expected instants were worked out by hand
// from the published rules (and agree with Python's zoneinfo, which reads the same tz files).
#include <gtest/gtest.h>

#include <date/tz.h>

#include "core/errors.h"
#include "schedule/time.h"

namespace dbcost {
namespace {

const date::time_zone* zone(const char* id) { return find_time_zone(id); }

std::string input_error(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.where().field + " | " + e.reason();
  }
  return "no error";
}

TEST(TimeTest, FindsZonesAndLinks) {
  EXPECT_EQ(zone("Europe/Paris")->name(), "Europe/Paris");
  EXPECT_EQ(zone("US/Eastern")->name(), "US/Eastern");
  EXPECT_EQ(zone("UTC")->name(), "UTC");
}

TEST(TimeTest, UnknownZoneSuggestsTheNearestId) {
  EXPECT_EQ(input_error([] { find_time_zone("Europe/Pari"); }),
            "timezone_id | unknown time zone 'Europe/Pari' (did you mean 'Europe/Paris'?)");
  EXPECT_EQ(input_error([] { find_time_zone("Paris"); }),
            "timezone_id | unknown time zone 'Paris' (did you mean 'Europe/Paris'?)");
  EXPECT_EQ(input_error([] { find_time_zone("america/new_york", "--timezone"); }),
            "--timezone | unknown time zone 'america/new_york' (did you mean 'America/New_York'?)");
  EXPECT_EQ(input_error([] { find_time_zone("Nowhere/Qqqqqqqq"); }),
            "timezone_id | unknown time zone 'Nowhere/Qqqqqqqq'");
}

TEST(TimeTest, ParsesInstantsWithZOrAnOffset) {
  // 2026-03-29T01:00:00Z: 20541 days after 1970-01-01, plus one hour.
  const UnixSeconds expected = 20541LL * 86400 + 3600;
  EXPECT_EQ(expected, 1774746000);
  for (const char* text :
       {"2026-03-29T01:00:00Z", "2026-03-29T01:00Z", "2026-03-29t01:00:00z", "2026-03-29T03:00:00+02:00",
        "2026-03-29T03:00:00+0200", "2026-03-29T03:00+02", "2026-03-28T21:30:00-03:30", "2026-03-29 01:00:00Z"})
    EXPECT_EQ(parse_time_point(text, nullptr, "t"), expected) << text;
  // Fractions round up: runs fall on whole seconds and windows are [from, to).
  EXPECT_EQ(parse_time_point("2026-03-29T01:00:00.250Z", nullptr, "t"), expected + 1);
  EXPECT_EQ(parse_time_point("2026-03-29T01:00:00.000Z", nullptr, "t"), expected);
}

TEST(TimeTest, DateMeansTheFirstInstantOfThatLocalDay) {
  // Paris midnight 2026-03-29 is still CET (+01:00): 2026-03-28T23:00:00Z.
  EXPECT_EQ(parse_time_point("2026-03-29", zone("Europe/Paris"), "t"), 1774738800);
  EXPECT_EQ(parse_time_point("2026-03-29", nullptr, "t"), 20541LL * 86400);
  // Santiago springs forward at 24:00 on Saturday 2026-09-05: Sunday starts at 01:00 -03, 04:00Z.
  EXPECT_EQ(parse_time_point("2026-09-06", zone("America/Santiago"), "t"),
            parse_time_point("2026-09-06T04:00:00Z", nullptr, "t"));
  // Havana falls back from 01:00 CDT to 00:00 CST on 2026-11-01: the day starts at 00:00 -04, 04:00Z.
  EXPECT_EQ(parse_time_point("2026-11-01", zone("America/Havana"), "t"),
            parse_time_point("2026-11-01T04:00:00Z", nullptr, "t"));
}

TEST(TimeTest, RejectsBadDatesWithPositionAndReason) {
  const auto err = [](const char* text) { return input_error([&] { parse_time_point(text, nullptr, "--from"); }); };
  EXPECT_EQ(err("2026-02-30"), "--from | '2026-02-30' at position 8: February 2026 has 28 days, not 30");
  EXPECT_EQ(err("2027-02-29"), "--from | '2027-02-29' at position 8: February 2027 has 28 days, not 29");
  EXPECT_EQ(parse_time_point("2028-02-29", nullptr, "t"), parse_time_point("2028-03-01", nullptr, "t") - 86400);
  EXPECT_EQ(err("2026-13-01"), "--from | '2026-13-01' at position 5: month 13 is not 1-12");
  EXPECT_EQ(err("2026/03/29"), "--from | '2026/03/29' at position 4: expected '-' after the year (YYYY-MM-DD)");
  EXPECT_EQ(err("2026-03-29T25:00Z"), "--from | '2026-03-29T25:00Z' at position 11: hour 25 is not 0-23");
  EXPECT_EQ(err("2026-03-29T03:00:00"),
            "--from | '2026-03-29T03:00:00' at position 19: an instant needs 'Z' or a UTC offset such as +02:00 (a "
            "date alone means midnight in the time zone)");
  EXPECT_EQ(err("2026-03-29T03:00:00+24:00"),
            "--from | '2026-03-29T03:00:00+24:00' at position 20: offset out of range (at most 23:59)");
  EXPECT_EQ(err(""), "--from | '' at position 0: expected 4 digits of the year");
  EXPECT_EQ(err("2026-03-29T03:00Zx"),
            "--from | '2026-03-29T03:00Zx' at position 17: unexpected characters after the instant");
  EXPECT_EQ(err("1850-01-01"), "--from | '1850-01-01' at position 0: year 1850 is outside 1900-2399");
}

TEST(TimeTest, FormatsUtcAndLocalWithTheOffsetInEffect) {
  const UnixSeconds t = 1774746000;  // 2026-03-29T01:00:00Z, the instant Paris springs forward
  EXPECT_EQ(format_utc(t), "2026-03-29T01:00:00Z");
  EXPECT_EQ(format_local(t, zone("Europe/Paris")), "2026-03-29T03:00:00+02:00");
  EXPECT_EQ(format_local(t - 1, zone("Europe/Paris")), "2026-03-29T01:59:59+01:00");
  EXPECT_EQ(format_local(t, zone("Asia/Kolkata")), "2026-03-29T06:30:00+05:30");
  EXPECT_EQ(format_local(t, zone("America/St_Johns")), "2026-03-28T22:30:00-02:30");
  EXPECT_EQ(format_local(t, zone("Australia/Lord_Howe")), "2026-03-29T12:00:00+11:00");
  EXPECT_EQ(format_local(t, nullptr), "2026-03-29T01:00:00+00:00");
  // Paris kept Paris Mean Time, +00:09:21, until 1911.
  EXPECT_EQ(format_local(parse_time_point("1900-01-01T00:00:00Z", nullptr, "t"), zone("Europe/Paris")),
            "1900-01-01T00:09:21+00:09:21");
  EXPECT_EQ(format_offset(-12600), "-03:30");
  EXPECT_EQ(format_offset(0), "+00:00");
}

TEST(TimeTest, CivilRoundTrips) {
  const auto* ny = zone("America/New_York");
  const CivilTime c = unix_to_civil(1774746000, ny);  // 2026-03-28T21:00:00-04:00
  EXPECT_EQ(c, (CivilTime{2026, 3, 28, 21, 0, 0}));
  EXPECT_EQ(civil_to_unix(c, ny, "t"), 1774746000);
  EXPECT_EQ(utc_offset(1774746000, ny), -4 * 3600);
}

// date lists the transitions of a TZif file, which end in 2037; the rule in the file's footer
// carries the zone on. US rule since 2007: second Sunday of March to first Sunday of November.
TEST(TimeTest, ZonesKeepTheirDaylightSavingRulesAfter2037) {
  const auto* ny = zone("America/New_York");
  EXPECT_EQ(utc_offset(parse_time_point("2040-01-15T12:00:00Z", nullptr, "t"), ny), -5 * 3600);
  EXPECT_EQ(utc_offset(parse_time_point("2040-07-01T12:00:00Z", nullptr, "t"), ny), -4 * 3600);
  // 2040-03-11 is the second Sunday of March: 02:00 EST = 07:00Z.
  EXPECT_EQ(format_local(parse_time_point("2040-03-11T06:59:59Z", nullptr, "t"), ny), "2040-03-11T01:59:59-05:00");
  EXPECT_EQ(format_local(parse_time_point("2040-03-11T07:00:00Z", nullptr, "t"), ny), "2040-03-11T03:00:00-04:00");
  // Lord Howe: +11:00 in (southern) summer, +10:30 in winter.
  const auto* lh = zone("Australia/Lord_Howe");
  EXPECT_EQ(utc_offset(parse_time_point("2045-01-15T12:00:00Z", nullptr, "t"), lh), 11 * 3600);
  EXPECT_EQ(utc_offset(parse_time_point("2045-07-01T12:00:00Z", nullptr, "t"), lh), 10 * 3600 + 1800);
}

TEST(TimeTest, PosixRulesGiveTheTransitionsOfEachYear) {
  const UnixSeconds y2026 = parse_time_point("2026-01-01T00:00:00Z", nullptr, "t");
  const UnixSeconds y2027 = parse_time_point("2027-01-01T00:00:00Z", nullptr, "t");
  const auto at = [](const char* s) { return parse_time_point(s, nullptr, "t"); };
  using V = std::vector<std::pair<UnixSeconds, int>>;
  EXPECT_EQ(detail::posix_tz_transitions("EST5EDT,M3.2.0,M11.1.0", y2026, y2027),
            (V{{at("2026-03-08T07:00:00Z"), -4 * 3600}, {at("2026-11-01T06:00:00Z"), -5 * 3600}}));
  // Southern hemisphere, 30-minute saving: DST ends 02:00 +11 on 5 April, starts 02:00 +10:30 on 4 October.
  EXPECT_EQ(detail::posix_tz_transitions("<+1030>-10:30<+11>-11,M10.1.0,M4.1.0", y2026, y2027),
            (V{{at("2026-04-04T15:00:00Z"), 37800}, {at("2026-10-03T15:30:00Z"), 39600}}));
  // Dublin's negative saving: "standard" IST +1 in summer, GMT from the last Sunday of October.
  EXPECT_EQ(detail::posix_tz_transitions("IST-1GMT0,M10.5.0,M3.5.0/1", y2026, y2027),
            (V{{at("2026-03-29T01:00:00Z"), 3600}, {at("2026-10-25T01:00:00Z"), 0}}));
  // Santiago: 24:00 on the first Saturday of September and of April.
  EXPECT_EQ(detail::posix_tz_transitions("<-04>4<-03>,M9.1.6/24,M4.1.6/24", y2026, y2027),
            (V{{at("2026-04-05T03:00:00Z"), -4 * 3600}, {at("2026-09-06T04:00:00Z"), -3 * 3600}}));
  // Julian day 60 is always 1 March with Jn.
  EXPECT_EQ(detail::posix_tz_transitions("AAA0BBB,J60/0,J305/0", y2026, y2027),
            (V{{at("2026-03-01T00:00:00Z"), 3600}, {at("2026-11-01T00:00:00Z") - 3600, 0}}));
  EXPECT_TRUE(detail::posix_tz_transitions("IST-5:30", y2026, y2027).empty());
  EXPECT_THROW(detail::posix_tz_transitions("EST5EDT,M13.2.0,M11.1.0", y2026, y2027), std::invalid_argument);
}

// Java's reading of wall times (Quartz's) against the earliest-instant reading (dates).
TEST(TimeTest, WallTimesInGapsAndOverlaps) {
  const auto& ny = detail::ZoneTable::get(zone("America/New_York"));
  const auto local = [](const char* s) { return parse_time_point(s, nullptr, "t"); };  // wall time as if UTC
  const auto at = [](const char* s) { return parse_time_point(s, nullptr, "t"); };
  // 02:30 on 2026-03-08 does not exist (02:00 EST -> 03:00 EDT at 07:00Z).
  EXPECT_EQ(ny.resolve_wall(local("2026-03-08T02:30:00Z")), at("2026-03-08T07:30:00Z"));  // shows 03:30 EDT
  EXPECT_EQ(ny.resolve_earliest(local("2026-03-08T02:30:00Z")), at("2026-03-08T07:00:00Z"));
  // 01:30 on 2026-11-01 happens twice (EDT 05:30Z, then EST 06:30Z).
  EXPECT_EQ(ny.resolve_wall(local("2026-11-01T01:30:00Z")), at("2026-11-01T06:30:00Z"));
  EXPECT_EQ(ny.resolve_earliest(local("2026-11-01T01:30:00Z")), at("2026-11-01T05:30:00Z"));
  EXPECT_EQ(ny.resolve_wall(local("2026-07-01T12:00:00Z")), at("2026-07-01T16:00:00Z"));
}

}  // namespace
}  // namespace dbcost
