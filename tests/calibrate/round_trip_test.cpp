// The round trip: scenarios/travel_platform.yaml -> one simulated month written as a usage export
// (as `dbcost usage --seed S` writes it) -> calibrate -> simulate the calibrated scenario.
//
// Workloads: the same count of each kind, except finance_report, whose only task runs on the
// analysts_shared all-purpose cluster: such usage carries no job_id
// (https://docs.databricks.com/aws/en/admin/system-tables/billing) and is part of that cluster's in any
// export, so the calibrated scenario has 3 jobs, not 4.
//
// Cost: the billed figure is the one month the original scenario drew. The calibrated scenario
// reproduces it without bias: runtimes and sessions are fitted to the DBUs, and the arrival rate and
// warehouse window to the observed counts and on-time. What is left is the Monte Carlo error of a
// 200-trial mean; for the noisiest team (bookings: a trial's spread is 2.1% of its cost, from the
// Poisson count of the arrival-driven job) it is 2.1% / sqrt(200) = 0.15%, so kTolerancePercent = 1
// is over six standard errors, while a systematic mistake is larger (a lost day is 3.2% of a month,
// one worker of six 17% of a job). Measured with seeds 3 and 7: every team within 0.06%.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "calibrate/calibrated_scenario.h"
#include "calibrate/calibration_check.h"
#include "io/atomic_file.h"
#include "sim/engine.h"
#include "sim/usage_export.h"
#include "workload/scenario_reader.h"

namespace dbcost {
namespace {

constexpr double kTolerancePercent = 1;

class RoundTripTest : public ::testing::TestWithParam<std::uint64_t> {};

TEST_P(RoundTripTest, RecoversWorkloadsAndTeamCosts) {
  const std::uint64_t seed = GetParam();
  const Scenario original = load_scenario(std::string(DBCOST_SOURCE_DIR) + "/scenarios/travel_platform.yaml");
  UsageTrace trace;
  RunOptions run;
  run.trials = 1;
  run.seed = seed;
  run.usage_trace = &trace;
  const SimResult r = simulate(original, run);
  const auto dir = std::filesystem::temp_directory_path() /
                   ("dbcost_round_trip_" + std::to_string(::getpid()) + "_" + std::to_string(seed));
  std::filesystem::create_directories(dir);
  write_file_atomically((dir / "usage.csv").string(), usage_export_csv(original, r, trace, {seed, "team"}));
  write_file_atomically((dir / "prices.csv").string(), list_prices_csv(original, trace));

  CalibrateOptions o;
  o.usage = (dir / "usage.csv").string();
  o.prices = (dir / "prices.csv").string();
  const CalibratedScenario cs = calibrate_scenario(o, (dir / "calibrated.yaml").string());
  std::filesystem::remove_all(dir);

  std::size_t stand_ins = 0;
  for (const auto& j : cs.calibration.jobs) stand_ins += j.other ? 1 : 0;
  EXPECT_EQ(stand_ins, 0u);
  EXPECT_EQ(cs.scenario.jobs.size(), original.jobs.size() - 1);  // less finance_report
  EXPECT_EQ(cs.scenario.all_purpose.size(), original.all_purpose.size());
  EXPECT_EQ(cs.scenario.warehouses.size(), original.warehouses.size());
  EXPECT_EQ(format_date_utc(cs.scenario.start), "2026-03-01");
  EXPECT_EQ(format_date_utc(cs.scenario.end), "2026-04-01");

  const CalibrationCheck check = check_calibration(cs.scenario, cs.calibration.billed, {200, 1, 2});
  for (const auto& row : check.rows) {
    if (row.month != "2026-03") continue;  // April holds only the tails of runs started on March 31
    ASSERT_TRUE(row.has_error) << row.team;
    EXPECT_LE(std::abs(row.error_percent), kTolerancePercent)
        << row.team << ": billed " << row.billed << ", simulated " << row.mean;
  }
}

INSTANTIATE_TEST_SUITE_P(Seeds, RoundTripTest, ::testing::Values(3u, 7u));

}  // namespace
}  // namespace dbcost
