// Triggers: periodic, table_update / file_arrival, continuous, and a job's schedule block.
// Deterministic cases are worked by hand; sampled counts are checked against their expectation
// within a tolerance derived from the process's standard error (see kSigmas).
#include <gtest/gtest.h>

#include <cmath>
#include <functional>

#include "core/errors.h"
#include "montecarlo/rng.h"
#include "schedule/time.h"
#include "schedule/triggers.h"

namespace dbcost {
namespace {

// Sampled counts must fall within kSigmas standard errors of their expectation. At 4 standard
// errors a correct model fails for only ~6e-5 of seeds (two-sided normal tail), so the fixed seed
// is not a lucky pick, while a rate off by more than about 4 SE (2.5% at the sizes below) fails.
constexpr double kSigmas = 4.0;

const date::time_zone* zone(const char* id) { return find_time_zone(id); }
UnixSeconds at(const char* iso, const date::time_zone* z = nullptr) { return parse_time_point(iso, z, "t"); }

std::string input_error(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.where().field + " | " + e.reason();
  }
  return "no error";
}

std::vector<std::string> local(const std::vector<UnixSeconds>& times, const date::time_zone* z) {
  std::vector<std::string> out;
  for (const UnixSeconds t : times) out.push_back(format_local(t, z));
  return out;
}

// ---- periodic ----

TEST(TriggersTest, PeriodicRunsAtFixedElapsedIntervals) {
  EXPECT_EQ(local(periodic_run_times(at("2026-01-01T00:00:00Z"), 6, PeriodicUnit::Hours, at("2026-01-01T05:00:00Z"),
                                     at("2026-01-02T00:00:00Z")),
                  nullptr),
            (std::vector<std::string>{"2026-01-01T06:00:00+00:00", "2026-01-01T12:00:00+00:00",
                                      "2026-01-01T18:00:00+00:00"}));
  EXPECT_EQ(local(periodic_run_times(at("2026-01-01T10:00:00Z"), 1, PeriodicUnit::Hours, at("2026-01-01T00:00:00Z"),
                                     at("2026-01-01T13:00:00Z")),
                  nullptr),
            (std::vector<std::string>{"2026-01-01T10:00:00+00:00", "2026-01-01T11:00:00+00:00",
                                      "2026-01-01T12:00:00+00:00"}));
  // DAYS is 86400 s: across the spring-forward the wall-clock hour moves from 09:00 to 10:00.
  const auto* paris = zone("Europe/Paris");
  const UnixSeconds start = at("2026-03-28T09:00:00+01:00");
  EXPECT_EQ(local(periodic_run_times(start, 1, PeriodicUnit::Days, start, at("2026-03-31", paris)), paris),
            (std::vector<std::string>{"2026-03-28T09:00:00+01:00", "2026-03-29T10:00:00+02:00",
                                      "2026-03-30T10:00:00+02:00"}));
  EXPECT_EQ(local(periodic_run_times(at("2026-01-05T00:00:00Z"), 2, PeriodicUnit::Weeks, at("2026-01-01T00:00:00Z"),
                                     at("2026-03-01T00:00:00Z")),
                  nullptr),
            (std::vector<std::string>{"2026-01-05T00:00:00+00:00", "2026-01-19T00:00:00+00:00",
                                      "2026-02-02T00:00:00+00:00", "2026-02-16T00:00:00+00:00"}));
  EXPECT_EQ(period_seconds(90, PeriodicUnit::Minutes), 5400);
  EXPECT_EQ(input_error([] { periodic_run_times(0, 0, PeriodicUnit::Hours, 0, 10); }),
            "trigger.periodic.interval | the interval must be a whole number >= 1, got 0");
  EXPECT_THROW(periodic_run_times(0, 1, PeriodicUnit::Minutes, 0, 3600, 59), ModelError);
}

TEST(TriggersTest, PeriodicUnits) {
  EXPECT_EQ(parse_periodic_unit("HOURS"), PeriodicUnit::Hours);
  EXPECT_EQ(parse_periodic_unit("weeks"), PeriodicUnit::Weeks);
  EXPECT_EQ(input_error([] { parse_periodic_unit("HOUR"); }),
            "trigger.periodic.unit | expected MINUTES, HOURS, DAYS or WEEKS, got 'HOUR' (did you mean 'HOURS'?)");
}

// ---- windows and weekdays ----

TEST(TriggersTest, HourWindowsAndWeekdays) {
  const HourWindow day = parse_hour_window("06:00-22:00", "w");
  EXPECT_EQ(day.begin_minute, 360);
  EXPECT_EQ(day.end_minute, 1320);
  EXPECT_EQ(day.open_seconds_per_day(), 16 * 3600);
  const HourWindow night = parse_hour_window("22:00-06:00", "w");
  EXPECT_TRUE(night.contains(23 * 3600));
  EXPECT_TRUE(night.contains(6 * 3600 - 1));
  EXPECT_FALSE(night.contains(6 * 3600));
  EXPECT_FALSE(night.contains(12 * 3600));
  EXPECT_EQ(night.open_seconds_per_day(), 8 * 3600);
  EXPECT_EQ(parse_hour_window("00:00-24:00", "w").open_seconds_per_day(), 86400);
  EXPECT_EQ(input_error([] { parse_hour_window("24:00-06:00", "hours"); }),
            "hours | '24:00-06:00' at position 0: time of day out of range (00:00-24:00, 24:00 only as the end)");
  EXPECT_EQ(input_error([] { parse_hour_window("6:00-22:00", "hours"); }),
            "hours | '6:00-22:00' at position 0: expected HH:MM-HH:MM, e.g. 06:00-22:00");
  EXPECT_EQ(input_error([] { parse_hour_window("06:00", "hours"); }),
            "hours | '06:00' at position 5: expected '-' between the start and the end");
  EXPECT_EQ(input_error([] { parse_hour_window("06:00-06:00", "hours"); }),
            "hours | '06:00-06:00' at position 0: the window is empty (start equals end)");

  EXPECT_EQ(parse_weekdays("MON-FRI", "d"), 0b0111110);
  EXPECT_EQ(parse_weekdays("SAT,SUN", "d"), 0b1000001);
  EXPECT_EQ(parse_weekdays("FRI-MON", "d"), 0b1100011);
  EXPECT_EQ(parse_weekdays("mon,WED-fri", "d"), 0b0111010);
  EXPECT_EQ(parse_weekdays("*", "d"), kEveryDay);
  EXPECT_EQ(input_error([] { parse_weekdays("MON;TUE", "days"); }),
            "days | 'MON;TUE' at position 3: expected ',' between days");
  EXPECT_EQ(input_error([] { parse_weekdays("XYZ", "days"); }),
            "days | 'XYZ' at position 0: expected a day name SUN-SAT");
}

// ---- arrivals ----

ArrivalProcess office_hours(const date::time_zone* z) {
  ArrivalProcess p;
  p.per_hour = 6;
  p.window = parse_hour_window("06:00-22:00", "hours");
  p.weekdays = parse_weekdays("MON-FRI", "days");
  p.zone = z;
  return p;
}

TEST(TriggersTest, ExpectedArrivalsIntegrateTheRate) {
  const auto* paris = zone("Europe/Paris");
  const ArrivalProcess office = office_hours(paris);
  // Monday 23 March to Monday 30 March: 5 days x 16 h x 6/h.
  EXPECT_DOUBLE_EQ(office.expected_count(at("2026-03-23", paris), at("2026-03-30", paris)), 480.0);
  // 2026 has 261 weekdays.
  EXPECT_DOUBLE_EQ(office.expected_count(at("2026-01-01", paris), at("2027-01-01", paris)), 261.0 * 16 * 6);

  ArrivalProcess night;
  night.per_hour = 6;
  night.window = parse_hour_window("00:00-06:00", "hours");
  night.zone = paris;
  // 00:00-06:00 local lasts 5 h on the spring-forward day and 7 h on the fall-back day.
  EXPECT_DOUBLE_EQ(night.expected_count(at("2026-03-29", paris), at("2026-03-30", paris)), 30.0);
  EXPECT_DOUBLE_EQ(night.expected_count(at("2026-10-25", paris), at("2026-10-26", paris)), 42.0);

  ArrivalProcess profiled;
  profiled.per_hour = 3;
  profiled.hourly_profile = std::array<double, 24>{};
  for (int h = 12; h < 24; ++h) (*profiled.hourly_profile)[static_cast<std::size_t>(h)] = 2.0;
  EXPECT_DOUBLE_EQ(profiled.expected_count(at("2026-06-01T00:00:00Z"), at("2026-06-02T00:00:00Z")), 72.0);

  // A window past midnight counts by the local date: Saturday 2026-01-03 has 00:00-06:00 and 22:00-24:00.
  ArrivalProcess saturday_nights;
  saturday_nights.per_hour = 1;
  saturday_nights.window = parse_hour_window("22:00-06:00", "hours");
  saturday_nights.weekdays = parse_weekdays("SAT", "days");
  EXPECT_DOUBLE_EQ(saturday_nights.expected_count(at("2026-01-01T00:00:00Z"), at("2026-01-08T00:00:00Z")), 8.0);

  ArrivalProcess negative;
  negative.per_hour = -1;
  EXPECT_EQ(input_error([&] { negative.expected_count(0, 3600); }),
            "per_hour | the update rate must be a finite number >= 0, got -1.000000");
}

TEST(TriggersTest, SampledArrivalsFollowTheirRate) {
  const auto* paris = zone("Europe/Paris");
  const ArrivalProcess office = office_hours(paris);
  const UnixSeconds from = at("2026-01-01", paris), to = at("2027-01-01", paris);
  Rng rng = make_rng(42, 0, stream_id("arrivals"));
  const auto arrivals = office.sample(rng, from, to);
  const double mean = office.expected_count(from, to);
  // A Poisson count's variance equals its mean.
  EXPECT_NEAR(static_cast<double>(arrivals.size()), mean, kSigmas * std::sqrt(mean));
  EXPECT_TRUE(std::is_sorted(arrivals.begin(), arrivals.end()));
  std::array<double, 24> per_hour{};
  for (const UnixSeconds t : arrivals) {
    const CivilTime c = unix_to_civil(t, paris);
    const auto days = detail::days_from_civil(c.year, c.month, c.day);
    const int wd = detail::weekday_from_days(days);
    ASSERT_TRUE(wd >= 1 && wd <= 5) << format_local(t, paris);
    ASSERT_TRUE(c.hour >= 6 && c.hour < 22) << format_local(t, paris);
    ASSERT_TRUE(t >= from && t < to);
    per_hour[static_cast<std::size_t>(c.hour)] += 1;
  }
  // Uniform across the open hours: each hour is itself a Poisson count with 1/16 of the mean.
  for (int h = 6; h < 22; ++h)
    EXPECT_NEAR(per_hour[static_cast<std::size_t>(h)], mean / 16, kSigmas * std::sqrt(mean / 16)) << h;

  Rng again = make_rng(42, 0, stream_id("arrivals"));
  EXPECT_EQ(office.sample(again, from, to), arrivals);
}

// ---- table_update / file_arrival rules ----

TEST(TriggersTest, WaitAfterLastChangeBatchesUpdates) {
  // 0 and 30 arrive within 60 s of each other: one run 60 s after 30. 100 alone: run at 160.
  // 300 and 310: run at 370.
  const auto starts = triggered_run_starts({0, 30, 100, 300, 310}, {60, 0, 1}, durations_from({50, 50, 50}));
  EXPECT_EQ(starts, (std::vector<UnixSeconds>{90, 160, 370}));
}

TEST(TriggersTest, MinTimeBetweenTriggersSpacesFirings) {
  // Fires at 0; 10 and 20 wait for 0 + 60; 100 waits for 60 + 60; 130 for 180; 300 is free.
  const auto runs = triggered_runs({0, 10, 20, 100, 130, 300}, {0, 60, 1}, [](std::size_t, UnixSeconds) { return 5; });
  std::vector<UnixSeconds> fired;
  std::vector<std::size_t> updates;
  for (const auto& r : runs) {
    fired.push_back(r.start);
    updates.push_back(r.updates);
  }
  EXPECT_EQ(fired, (std::vector<UnixSeconds>{0, 60, 120, 180, 300}));
  EXPECT_EQ(updates, (std::vector<std::size_t>{1, 2, 1, 1, 1}));
}

TEST(TriggersTest, UpdatesDuringARunQueueAtMostOneMoreRun) {
  // One run at a time: 10 queues a run for when the first ends (100); 20 and 30 join it.
  const auto runs = triggered_runs({30, 0, 10, 20, 200}, {0, 0, 1}, durations_from({100, 100, 100}));
  ASSERT_EQ(runs.size(), 3u);
  EXPECT_EQ(runs[0].start, 0);
  EXPECT_EQ(runs[1].fired, 10);
  EXPECT_EQ(runs[1].start, 100);
  EXPECT_EQ(runs[1].end, 200);
  EXPECT_EQ(runs[1].updates, 3u);
  EXPECT_EQ(runs[2].start, 200);
  // Two at a time: 0 and 10 overlap; 20 queues for the first end (100); 25 joins it.
  EXPECT_EQ(triggered_run_starts({0, 10, 20, 25, 500}, {0, 0, 2}, durations_from({100, 100, 100, 100})),
            (std::vector<UnixSeconds>{0, 10, 100, 500}));
  EXPECT_EQ(input_error([] {
              triggered_runs({0}, {0, 0, 0}, durations_from({1}));
            }),
            "max_concurrent_runs | must be at least 1, got 0");
  EXPECT_THROW(triggered_runs({0, 100}, {0, 0, 1}, durations_from({1})), ModelError);
}

// With wait 0 and short runs, min_time_between_triggers tau turns arrivals at rate lambda into a
// renewal process: after a firing, the next comes at tau if an update arrived meanwhile
// (probability p = 1 - q, q = exp(-lambda tau)), else at the next arrival after tau. The gap is
// tau + B * E with B ~ Bernoulli(q), E ~ Exp(lambda): mean mu = tau + q / lambda, variance
// s2 = (2q - q^2) / lambda^2. Over T the count has mean T / mu and variance T s2 / mu^3; the first
// firing waits for the first update and the last gap is cut, worth at most one firing each.
TEST(TriggersTest, ThinningByMinTimeBetweenTriggersMatchesRenewalTheory) {
  const double per_hour = 30, lambda = per_hour / 3600, tau = 180;
  const UnixSeconds from = at("2026-01-01T00:00:00Z"), to = at("2026-01-31T00:00:00Z");
  const double horizon = static_cast<double>(to - from);
  ArrivalProcess updates;
  updates.per_hour = per_hour;
  Rng rng = make_rng(7, 0, stream_id("table_update"));
  const auto arrivals = updates.sample(rng, from, to);
  const auto runs =
      triggered_runs(arrivals, {0, static_cast<std::int64_t>(tau), 1}, [](std::size_t, UnixSeconds) { return 1; });

  const double q = std::exp(-lambda * tau);
  const double mu = tau + q / lambda;
  const double s2 = (2 * q - q * q) / (lambda * lambda);
  const double mean = horizon / mu;
  const double se = std::sqrt(horizon * s2 / (mu * mu * mu));
  constexpr double kBoundaryRuns = 2;
  EXPECT_NEAR(static_cast<double>(runs.size()), mean, kSigmas * se + kBoundaryRuns);
  // Without the rule there would be one run per update: far outside that band.
  EXPECT_GT(static_cast<double>(arrivals.size()) - mean, 10 * (kSigmas * se + kBoundaryRuns));
  for (std::size_t i = 1; i < runs.size(); ++i) ASSERT_GE(runs[i].fired - runs[i - 1].fired, tau);
}

// With wait w and no minimum, a run follows each update that is followed by w seconds of quiet:
// gaps are iid Exp(lambda), so the count is lambda T q with q = exp(-lambda w), variance lambda T q
// (a Poisson number of updates, each kept independently with probability q), plus the last update.
TEST(TriggersTest, WaitAfterLastChangeMatchesTheQuietGapProbability) {
  const double per_hour = 60, lambda = per_hour / 3600, wait = 120;
  const UnixSeconds from = at("2026-01-01T00:00:00Z"), to = at("2026-01-31T00:00:00Z");
  ArrivalProcess updates;
  updates.per_hour = per_hour;
  Rng rng = make_rng(11, 0, stream_id("file_arrival"));
  const auto arrivals = updates.sample(rng, from, to);
  const auto runs =
      triggered_runs(arrivals, {static_cast<std::int64_t>(wait), 0, 1}, [](std::size_t, UnixSeconds) { return 1; });
  const double q = std::exp(-lambda * wait);
  const double mean = lambda * static_cast<double>(to - from) * q;
  constexpr double kBoundaryRuns = 1;
  EXPECT_NEAR(static_cast<double>(runs.size()), mean, kSigmas * std::sqrt(mean) + kBoundaryRuns);
  std::size_t picked_up = 0;
  for (const auto& r : runs) picked_up += r.updates;
  EXPECT_EQ(picked_up, arrivals.size());
}

// ---- continuous ----

TEST(TriggersTest, ContinuousRunsBackToBack) {
  const RunDuration d = [](std::size_t i, UnixSeconds) { return 100 + 50 * static_cast<std::int64_t>(i % 3); };
  EXPECT_EQ(continuous_run_starts(0, 400, d), (std::vector<UnixSeconds>{0, 100, 250}));
  EXPECT_EQ(continuous_run_starts(0, 400, d, 10), (std::vector<UnixSeconds>{0, 110, 270}));
  EXPECT_THROW(continuous_run_starts(0, 400, [](std::size_t, UnixSeconds) { return 0; }), ModelError);
  EXPECT_THROW(continuous_run_starts(0, 1000, durations_from({100, 200})), ModelError);
}

// ---- a job's schedule block ----

TEST(TriggersTest, CronScheduleFromJobSettings) {
  const auto* paris = zone("Europe/Paris");
  const UnixSeconds a = at("2026-03-23", paris), b = at("2026-03-30", paris);
  const auto live = CronSchedule::from_settings("0 0 6 ? * MON-FRI", "Europe/Paris", "UNPAUSED");
  EXPECT_EQ(live.run_count(a, b), 5u);
  EXPECT_EQ(local(live.run_times(a, b), paris).front(), "2026-03-23T06:00:00+01:00");
  const auto paused = CronSchedule::from_settings("0 0 6 ? * MON-FRI", "Europe/Paris", "PAUSED");
  EXPECT_EQ(paused.run_count(a, b), 0u);
  EXPECT_TRUE(paused.run_times(a, b).empty());
  EXPECT_EQ(input_error([] { CronSchedule::from_settings("0 0 6 ? * MON-FRI", "UTC", "PAUSE"); }),
            "schedule.pause_status | expected PAUSED or UNPAUSED, got 'PAUSE' (did you mean 'PAUSED'?)");
  EXPECT_EQ(input_error([] { CronSchedule::from_settings("0 0 25 * * ?", "UTC", ""); }),
            "schedule.quartz_cron_expression | '0 0 25 * * ?' at position 4: hour 25 is out of range 0-23");
  EXPECT_EQ(input_error([] { CronSchedule::from_settings("0 0 6 * * ?", "Europe/Pariss", ""); }),
            "schedule.timezone_id | unknown time zone 'Europe/Pariss' (did you mean 'Europe/Paris'?)");
}

}  // namespace
}  // namespace dbcost
