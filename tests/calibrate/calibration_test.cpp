// Calibration of a hand-written export with known answers (tests/data/calibrate/small_usage.csv,
// 2026-03-02..08, built-in prices):
//  - nightly (job 11): runs at 02:00 UTC daily; records 2.25 + 0.75 DBUs per run on
//    Standard_D4s_v3 (0.75 DBU/h per node): 3 nodes, 2 workers, 3.0 / 2.25 h = 80 minutes;
//  - events (job 22): 4 serverless runs of 0.8 DBUs at irregular hours: arrivals 4 / (3 days x 7 h),
//    6 minutes at 8 DBU/h;
//  - adhoc: all-purpose, 1.5 DBU/h (2 x Standard_DS3_v2) 09:00-12:00 Monday to Friday: 1 worker, tail
//    min(120, 180 / 2) = 90, sessions of 4.5 DBUs less the tail: 90 minutes from 09:00;
//  - wh1: serverless SQL, 12 DBUs an hour 08:00-10:00 daily (one hour retracted and restated): Small,
//    auto-stop min(120, 120 / 2) = 60, window 08:00-09:00;
//  - 2 untagged serverless-notebook DBUs: a stand-in at 2 x 0.95 / 0.45 / 7 DBU/h, 60 minutes daily.
// Billed at 0.30 (jobs), 0.45 (serverless jobs), 0.55 (all-purpose), 0.70 (serverless SQL), 0.95.
#include <gtest/gtest.h>

#include <algorithm>

#include "calibrate/calibrated_scenario.h"
#include "calibrate/calibration_check.h"
#include "core/errors.h"

namespace dbcost {
namespace {

const std::string kData = std::string(DBCOST_SOURCE_DIR) + "/tests/data/calibrate/";
constexpr double kTight = 1e-6;

CalibrateOptions small_options() {
  CalibrateOptions o;
  o.usage = kData + "small_usage.csv";
  return o;
}

const JobWorkload& job(const Scenario& sc, const std::string& name) {
  const auto it = std::find_if(sc.jobs.begin(), sc.jobs.end(), [&](const JobWorkload& j) { return j.name == name; });
  if (it == sc.jobs.end()) throw std::runtime_error("no job " + name);
  return *it;
}

Money billed(const Calibration& c, const std::string& team) { return c.billed.at({"2026-03", team}); }

TEST(CalibrationTest, CountsRecordsAndPeriod) {
  const auto cs = calibrate_scenario(small_options(), "");
  EXPECT_EQ(cs.calibration.records, 50u);
  EXPECT_EQ(cs.calibration.skipped, 1u);  // the DSU storage record
  EXPECT_EQ(format_date_utc(cs.scenario.start), "2026-03-02");
  EXPECT_EQ(format_date_utc(cs.scenario.end), "2026-03-09");
  EXPECT_EQ(cs.scenario.cloud, Cloud::Azure);
  EXPECT_EQ(cs.scenario.tier, Tier::Premium);
  // The serverless and SQL SKUs end in _US_EAST: Azure eastus, written as the scenario's region.
  EXPECT_EQ(cs.calibration.region, "eastus");
  EXPECT_EQ(cs.scenario.region, "eastus");
  EXPECT_TRUE(std::none_of(cs.scenario.notes.begin(), cs.scenario.notes.end(),
                           [](const std::string& n) { return n.find("no region given") != std::string::npos; }));
  EXPECT_EQ(cs.scenario.jobs.size(), 3u);
  EXPECT_EQ(cs.scenario.all_purpose.size(), 1u);
  EXPECT_EQ(cs.scenario.warehouses.size(), 1u);
}

TEST(CalibrationTest, BillsEachTeamAtListPrices) {
  const auto c = calibrate(small_options());
  EXPECT_EQ(billed(c, "data-eng"), *Money::parse("7.74"));     // 7 x 3.0 x 0.30 + 4 x 0.8 x 0.45
  EXPECT_EQ(billed(c, "analytics"), *Money::parse("12.375"));  // 15 x 1.5 x 0.55
  EXPECT_EQ(billed(c, "bi"), *Money::parse("117.6"));          // 14 x 12 x 0.70, the restatement netted
  EXPECT_EQ(billed(c, "(untagged)"), *Money::parse("1.9"));
}

TEST(CalibrationTest, DailyJobBecomesCronWithRuntimeFromDbus) {
  const auto sc = calibrate_scenario(small_options(), "").scenario;
  const JobWorkload& j = job(sc, "nightly");
  ASSERT_TRUE(j.cron);
  EXPECT_EQ(j.cron->expression(), "0 0 2 * * ?");
  EXPECT_EQ(j.team, "data-eng");
  EXPECT_EQ(j.max_concurrent_runs, 1);
  ASSERT_EQ(j.job_clusters.size(), 1u);
  const ClusterSpec& c = j.job_clusters.begin()->second;
  EXPECT_EQ(j.job_clusters.begin()->first, "cluster_1");
  EXPECT_EQ(c.node_type_id, "Standard_D4s_v3");
  EXPECT_EQ(c.num_workers, 2);
  EXPECT_FALSE(c.photon());
  ASSERT_EQ(j.tasks.size(), 1u);
  EXPECT_NEAR(j.tasks[0].runtime.minutes, 80, kTight);
  EXPECT_NEAR(j.tasks[0].runtime.cv, 0, kTight);
}

TEST(CalibrationTest, IrregularServerlessJobBecomesArrivals) {
  const auto sc = calibrate_scenario(small_options(), "").scenario;
  const JobWorkload& j = job(sc, "events");
  EXPECT_EQ(j.trigger, TriggerKind::TableUpdate);
  EXPECT_NEAR(j.arrivals.per_hour, 4.0 / 21, 1e-6);
  EXPECT_EQ(j.arrivals.window_start_minute, 10 * 60);
  EXPECT_EQ(j.arrivals.window_end_minute, 17 * 60);
  EXPECT_EQ(j.arrivals.days, (std::vector<bool>{true, false, true, false, false, true, false}));
  EXPECT_EQ(j.max_concurrent_runs, 1000);
  ASSERT_EQ(j.tasks.size(), 1u);
  EXPECT_EQ(j.tasks[0].compute, TaskCompute::Serverless);
  EXPECT_NEAR(j.tasks[0].serverless_dbus_per_hour, 8, kTight);
  EXPECT_NEAR(j.tasks[0].runtime.minutes, 6, kTight);
}

TEST(CalibrationTest, AllPurposeClusterBecomesItsAverageWeek) {
  const auto sc = calibrate_scenario(small_options(), "").scenario;
  const AllPurposeWorkload& a = sc.all_purpose.at(0);
  EXPECT_EQ(a.name, "0301-090000-adhoc");
  EXPECT_EQ(a.team, "analytics");
  EXPECT_EQ(a.cluster.node_type_id, "Standard_DS3_v2");
  EXPECT_EQ(a.cluster.num_workers, 1);
  EXPECT_EQ(a.cluster.autotermination_minutes, 90);
  ASSERT_EQ(a.activity.sessions.size(), 5u);
  for (int d = 0; d < 5; ++d) {
    EXPECT_EQ(a.activity.sessions[static_cast<std::size_t>(d)].weekday, d);
    EXPECT_EQ(a.activity.sessions[static_cast<std::size_t>(d)].start_minute, 9 * 60);
    EXPECT_NEAR(a.activity.sessions[static_cast<std::size_t>(d)].minutes, 90, 1e-9);
  }
}

TEST(CalibrationTest, WarehouseSizeTailAndWindow) {
  const auto sc = calibrate_scenario(small_options(), "").scenario;
  const WarehouseWorkload& w = sc.warehouses.at(0);
  EXPECT_EQ(w.name, "wh1");
  EXPECT_EQ(w.team, "bi");
  EXPECT_EQ(w.kind, ComputeKind::SqlServerless);
  EXPECT_EQ(w.cluster_size, "Small");
  EXPECT_EQ(w.min_num_clusters, 1);
  EXPECT_EQ(w.max_num_clusters, 1);
  EXPECT_EQ(w.auto_stop_mins, 60);
  EXPECT_EQ(w.queries.window_start_minute, 8 * 60);
  EXPECT_EQ(w.queries.window_end_minute, 9 * 60);
}

TEST(CalibrationTest, OtherUsageBecomesAStandInCostingTheSame) {
  const auto sc = calibrate_scenario(small_options(), "").scenario;
  const JobWorkload& j = job(sc, "premium_all_purpose_serverless_compute");
  EXPECT_EQ(j.team, "(untagged)");
  EXPECT_EQ(j.trigger, TriggerKind::Periodic);
  EXPECT_EQ(j.periodic_interval_seconds, 86400);
  EXPECT_NEAR(j.tasks.at(0).serverless_dbus_per_hour, 2 * 0.95 / 0.45 / 7, 1e-6);
  EXPECT_NEAR(j.tasks.at(0).runtime.minutes, 60, kTight);
}

TEST(CalibrationTest, ClustersExportGivesSizesSpotAndAutoTermination) {
  CalibrateOptions o = small_options();
  o.clusters = kData + "small_clusters.csv";
  const auto sc = calibrate_scenario(o, "").scenario;
  const ClusterSpec& c = job(sc, "nightly").job_clusters.begin()->second;
  EXPECT_EQ(c.num_workers, 2);
  EXPECT_EQ(c.availability, Availability::SpotWithFallback);
  EXPECT_EQ(c.first_on_demand, 1);
  const AllPurposeWorkload& a = sc.all_purpose.at(0);
  EXPECT_EQ(a.name, "adhoc");  // cluster_name of the latest row
  ASSERT_TRUE(a.cluster.autoscale);
  EXPECT_EQ(a.cluster.autoscale->min_workers, 1);
  EXPECT_EQ(a.cluster.autoscale->max_workers, 3);
  EXPECT_EQ(a.cluster.autotermination_minutes, 30);
  // 4.5 DBUs a day: a 30-minute tail at min_workers (1.5 DBU/h) and sessions at the midpoint
  // (2 workers, 2.25 DBU/h): (4.5 - 0.75) / 2.25 h = 100 minutes.
  ASSERT_EQ(a.activity.sessions.size(), 5u);
  EXPECT_NEAR(a.activity.sessions[0].minutes, 100, 1e-9);
}

TEST(CalibrationTest, CheckReproducesTheBill) {
  const auto cs = calibrate_scenario(small_options(), "");
  const CalibrationCheck check = check_calibration(cs.scenario, cs.calibration.billed, {200, 1, 2});
  // Deterministic parts (the cron job, the sessions, the stand-in) match to the cent; the warehouse
  // window and the events' Poisson arrivals vary: 200 trials of 4 expected runs give a standard
  // error of 1.44 / 2 / sqrt(200) = 0.05 on data-eng's 7.74, well inside 5%.
  constexpr double kTolerancePercent = 5;
  for (const auto& r : check.rows) {
    ASSERT_TRUE(r.has_error) << r.team;
    EXPECT_LE(std::abs(r.error_percent), kTolerancePercent) << r.month << " " << r.team;
  }
  EXPECT_LE(check.worst_error_percent(), kTolerancePercent);
}

TEST(CalibrationTest, UnpricedSkuIsAnInputErrorNamingIt) {
  CalibrateOptions o = small_options();
  o.usage = kData + "unpriced_usage.csv";
  try {
    calibrate(o);
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("no price for PREMIUM_MYSTERY_COMPUTE (AZURE, DBU)"), std::string::npos)
        << e.what();
  }
}

TEST(CalibrationTest, PeriodSelectsRecords) {
  CalibrateOptions o = small_options();
  parse_calibration_period("2026-03-02..2026-03-05", o);
  const auto cs = calibrate_scenario(o, "");
  EXPECT_EQ(format_date_utc(cs.scenario.start), "2026-03-02");
  EXPECT_EQ(format_date_utc(cs.scenario.end), "2026-03-05");
  EXPECT_EQ(job(cs.scenario, "nightly").cron->expression(), "0 0 2 * * ?");
  EXPECT_THROW(parse_calibration_period("2026-03-05..2026-03-02", o), InputError);
  EXPECT_THROW(parse_calibration_period("2026-03-05", o), InputError);
}

}  // namespace
}  // namespace dbcost
