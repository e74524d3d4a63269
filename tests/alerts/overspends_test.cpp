#include "alerts/overspends.h"

#include <gtest/gtest.h>

namespace dbcost {
namespace {

// April 2026: 30 days, the 1st a Wednesday, Fridays on days 3, 10, 17, 24 (1-based).
class DetectionTest : public ::testing::Test {
 protected:
  MonthCalendar april = MonthCalendar::of_month(2026, 4);
  std::vector<bool> weekend = april.weekend_mask();
  DailyMatrix months = DailyMatrix::Constant(2, april.days, 100);  // 100 a day, 3000 a month
};

// Cumulative 90% of 4000 = 3600 never fires on 100 a day. A new workload of 50 a day from day 10
// (index 9): S_d = 100 (d + 1) + 50 (d - 8) >= 3600 first at d = 26 (2700 + 900); 26 - 9 = 17 days.
TEST_F(DetectionTest, ConstantOverspendAgainstACumulativeThreshold) {
  const auto rule = AlertRule::cumulative(90, 4000);
  const auto extra = new_workload(50, "");
  EXPECT_EQ(detection_delay(rule, extra, months, weekend, 0, 9, 3), 17);
  // From day 26 (index 25) the month ends at 3000 + 5 x 50 = 3250: missed. The next month, with 150 a
  // day from its 1st, reaches 3600 on day 24: (30 - 25) + 23 = 28 days.
  EXPECT_EQ(detection_delay(rule, extra, months, weekend, 0, 25, 3), 28);
  // Within one month only, that is a miss.
  EXPECT_EQ(detection_delay(rule, extra, months, weekend, 0, 25, 1), -1);
}

TEST_F(DetectionTest, DailyLimitCatchesTheStartDay) {
  const auto rule = AlertRule::daily(0.99, months, weekend);  // every day was 100: the limit is 100
  EXPECT_DOUBLE_EQ(rule.limit, 100);
  EXPECT_EQ(detection_delay(rule, new_workload(50, ""), months, weekend, 1, 12, 3), 0);
  // A weekend cluster at 10 an hour starting Friday the 3rd (index 2): 60 more that evening.
  EXPECT_EQ(detection_delay(rule, forgotten_cluster(10, ""), months, weekend, 0, 2, 3), 0);
}

// The forgotten cluster adds 6 x 10 + 24 x 10 + 24 x 10 + 8 x 10 = 620 over four days. Against 90% of
// 4000 with 100 a day the cumulative rule misses every weekend; each miss counts as 4 days.
TEST_F(DetectionTest, TransientMissCountsItsLength) {
  const auto d = measure_detection(AlertRule::cumulative(90, 4000), forgotten_cluster(10, ""), months, april, 3);
  EXPECT_EQ(d.placements, 8u);  // 4 Fridays x 2 months
  EXPECT_EQ(d.detected, 0u);
  EXPECT_DOUBLE_EQ(d.mean_delay_days, 4);
  // At 80% (3200), the weekend from Friday the 24th (index 23): Sunday 2600 + 540 = 3140, Monday
  // 2700 + 620 = 3320 >= 3200: detected on its last day, 3 days after the start.
  EXPECT_EQ(detection_delay(AlertRule::cumulative(80, 4000), forgotten_cluster(10, ""), months, weekend, 0, 23, 3), 3);
}

TEST_F(DetectionTest, AlertSentBeforeTheStartDoesNotCount) {
  // 50% of 4000 = 2000 is reached on day 20 without any overspend; an overspend from day 25 on is
  // only caught next month: 150 a day reaches 2000 on day 14, (30 - 24) + 13 = 19 days.
  EXPECT_EQ(detection_delay(AlertRule::cumulative(50, 4000), new_workload(50, ""), months, weekend, 0, 24, 3), 19);
}

TEST_F(DetectionTest, PersistentMissCountsTheHorizon) {
  // 200% of 4000 = 8000 never fires, even at 150 a day: every start misses; the mean of (30 - s) +
  // 2 x 30 over s = 0..29 is 60 + 15.5 = 75.5.
  const auto d = measure_detection(AlertRule::cumulative(200, 4000), new_workload(50, ""), months, april, 3);
  EXPECT_EQ(d.placements, 60u);
  EXPECT_EQ(d.detected, 0u);
  EXPECT_DOUBLE_EQ(d.mean_delay_days, 75.5);
  EXPECT_DOUBLE_EQ(d.detected_percent(), 0);
}

}  // namespace
}  // namespace dbcost
