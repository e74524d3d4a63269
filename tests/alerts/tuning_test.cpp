#include "alerts/tuning.h"

#include <gtest/gtest.h>

#include <limits>

namespace dbcost {
namespace {

ThresholdResult result(AlertMethod method, double level, double false_alarms, double delay) {
  ThresholdResult r;
  r.rule.method = method;
  r.rule.level = level;
  r.false_alarms_per_year = false_alarms;
  r.mean_delay_days = delay;
  return r;
}

TEST(RecommendTest, ShortestDelayAmongThoseMeetingTheTarget) {
  const double kNaN = std::numeric_limits<double>::quiet_NaN();
  const std::vector<ThresholdResult> rows{
      result(AlertMethod::Cumulative, 90, 1.0, 10),   // 0: meets, slow
      result(AlertMethod::Cumulative, 70, 3.0, 2),    // 1: fastest, too noisy
      result(AlertMethod::Cumulative, 80, 2.0, 6),    // 2: meets (at the target), faster than 0
      result(AlertMethod::Forecast, 0.9, 0.5, kNaN),  // 3: meets, no overspend applies
      result(AlertMethod::Daily, 0.99, 2.0, 5),       // 4: meets
      result(AlertMethod::Daily, 0.995, 1.5, 5),      // 5: same delay, fewer false alarms
  };
  const auto rec = recommend(rows, 2.0);
  EXPECT_EQ(rec.per_method[0], 2);
  EXPECT_EQ(rec.per_method[1], 3);
  EXPECT_EQ(rec.per_method[2], 5);
  EXPECT_EQ(rec.best, 5);
  const auto strict = recommend(rows, 1.0);
  EXPECT_EQ(strict.per_method[0], 0);
  EXPECT_EQ(strict.per_method[2], -1);
  EXPECT_EQ(strict.best, 0);
  EXPECT_EQ(recommend(rows, 0.1).best, -1);
}

// Fit and test months alike: 100 a day, but one test month in four spends 160 a day (4800 > 4000).
// Cumulative 70% (2800) fires in every month (day 28): false alarms are the under-budget months, 3 of 4 ->
// 12 x 3/4 = 9 a year. 100% fires only in the over-budget month (day 25: 25 x 160 = 4000), never falsely.
TEST(TuneTeamTest, FalseAlarmsAndOverBudgetDetectionByHand) {
  const auto april = MonthCalendar::of_month(2026, 4);
  TeamInput in;
  in.team = "t";
  in.budget = 4000;
  in.fit = DailyMatrix::Constant(4, april.days, 100);
  in.test = DailyMatrix::Constant(4, april.days, 100);
  in.test.row(3).setConstant(160);
  in.overspends = {forgotten_cluster(0, ""), runaway_job(0, 3, ""), new_workload(50, "")};
  TuningSettings s;
  s.percents = {70, 100};
  s.probabilities = {0.5};
  s.daily_per_year = {4};
  s.false_alarms_per_year = 1;
  const auto t = tune_team(in, april, s);
  ASSERT_EQ(t.thresholds.size(), 4u);
  EXPECT_DOUBLE_EQ(t.thresholds[0].false_alarms_per_year, 9);
  EXPECT_DOUBLE_EQ(t.thresholds[1].false_alarms_per_year, 0);
  EXPECT_DOUBLE_EQ(t.thresholds[1].over_budget_detected_percent, 100);
  // 160 a day passes 4000 on day 26 (4160) and reaches 4000 on day 25: one day of warning.
  EXPECT_DOUBLE_EQ(t.thresholds[1].warning_days, 1);
  EXPECT_DOUBLE_EQ(t.stats.over_budget_percent, 25);
  // The forecast learned on 100-a-day months gives P(over) = 0 until the month is over budget.
  EXPECT_DOUBLE_EQ(t.thresholds[2].false_alarms_per_year, 0);
  // Daily: the fit limit is 100; the over-budget month's 30 days at 160 are all alerts: 12 x 30 / 4.
  EXPECT_DOUBLE_EQ(t.thresholds[3].false_alarms_per_year, 90);
  EXPECT_EQ(t.thresholds[0].detection[0].placements, 0u);  // no cluster: not applicable
  EXPECT_EQ(t.recommendation.per_method[2], -1);
  EXPECT_GE(t.recommendation.best, 1);
}

}  // namespace
}  // namespace dbcost
