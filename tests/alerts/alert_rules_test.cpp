#include "alerts/alert_rules.h"

#include <gtest/gtest.h>

#include <boost/random/lognormal_distribution.hpp>
#include <cmath>

#include "alerts/month_calendar.h"
#include "montecarlo/rng.h"

namespace dbcost {
namespace {

DailyMatrix constant_months(int months, int days, double per_day) {
  return DailyMatrix::Constant(months, days, per_day);
}

std::span<const double> row0(const DailyMatrix& m) { return {m.data(), static_cast<std::size_t>(m.cols())}; }

// Constant spend c a day reaches x% of budget B at the end of day ceil(x * B / c) (1-based).
TEST(CumulativeRuleTest, ConstantSpendFiresOnTheDayComputedByHand) {
  const auto april = MonthCalendar::of_month(2026, 4);
  const auto weekend = april.weekend_mask();
  const auto month = constant_months(1, april.days, 150);
  // B = 4000: 80% = 3200, 3200 / 150 = 21.33 -> day 22.
  EXPECT_EQ(first_alert(AlertRule::cumulative(80, 4000), row0(month), weekend) + 1, 22);
  // 90% = 3600, 3600 / 150 = 24 exactly -> day 24 (reaching the threshold fires).
  EXPECT_EQ(first_alert(AlertRule::cumulative(90, 4000), row0(month), weekend) + 1, 24);
  // 50% = 2000, 2000 / 150 = 13.33 -> day 14.
  EXPECT_EQ(first_alert(AlertRule::cumulative(50, 4000), row0(month), weekend) + 1, 14);
  // 120% = 4800 > 30 x 150 = 4500: never.
  EXPECT_EQ(first_alert(AlertRule::cumulative(120, 4000), row0(month), weekend), -1);
  // 0.10 a day against 2.00 at 75%: 1.50 / 0.10 = 15, exact in cents though not in binary -> day 15.
  const auto dimes = constant_months(1, april.days, 0.1);
  EXPECT_EQ(first_alert(AlertRule::cumulative(75, 2), row0(dimes), weekend) + 1, 15);
}

TEST(CumulativeRuleTest, OnceAMonthAndNotBeforeFrom) {
  const auto april = MonthCalendar::of_month(2026, 4);
  const auto month = constant_months(1, april.days, 150);
  const auto rule = AlertRule::cumulative(80, 4000);
  EXPECT_EQ(count_alerts(rule, row0(month), april.weekend_mask()), 1);
  EXPECT_EQ(first_alert(rule, row0(month), april.weekend_mask(), 21), 21);
  EXPECT_EQ(first_alert(rule, row0(month), april.weekend_mask(), 22), -1);  // already sent on day 22
  EXPECT_EQ(first_day_over(row0(month), 4000) + 1, 27);                     // 27 x 150 = 4050 > 4000
  EXPECT_EQ(first_day_over(row0(month), 3000) + 1, 21);                     // 3150 > 3000
}

// Reference months (rest of month after day 0, 1, 2):
//   [10, 10, 10] -> 20, 10, 0      [10, 20, 30] -> 50, 30, 0
//   [10,  0,  0] ->  0,  0, 0      [10, 10, 40] -> 50, 40, 0
TEST(ForecastRuleTest, ProbabilityFromHandMadeTrials) {
  DailyMatrix ref(4, 3);
  ref << 10, 10, 10, 10, 20, 30, 10, 0, 0, 10, 10, 40;
  const ForecastModel model(ref);
  // Budget 50. Day 0, spent 10: over when the rest > 40: {50, 50} of 4.
  EXPECT_DOUBLE_EQ(model.probability_over(0, 10, 50), 0.5);
  // Spent 35: rest > 15: {20, 50, 50}.
  EXPECT_DOUBLE_EQ(model.probability_over(0, 35, 50), 0.75);
  // Day 1, spent 30: rest > 20: {30, 40}.
  EXPECT_DOUBLE_EQ(model.probability_over(1, 30, 50), 0.5);
  // Spent exactly 40 on day 1: rest > 10 is {30, 40}; a rest of exactly 10 ends at 50, not over.
  EXPECT_DOUBLE_EQ(model.probability_over(1, 40, 50), 0.5);
  // Last day: the month is known.
  EXPECT_DOUBLE_EQ(model.probability_over(2, 51, 50), 1.0);
  EXPECT_DOUBLE_EQ(model.probability_over(2, 50, 50), 0.0);

  const auto shared = std::make_shared<const ForecastModel>(ref);
  const std::vector<bool> weekdays(3, false);
  const std::vector<double> month{10, 20, 25};
  EXPECT_EQ(first_alert(AlertRule::forecast_rule(0.5, 50, shared), month, weekdays), 0);
  // p = 0.75: day 0 gives 0.5, day 1 (spent 30) 0.5, day 2 (spent 55 > 50) 1.
  EXPECT_EQ(first_alert(AlertRule::forecast_rule(0.75, 50, shared), month, weekdays), 2);
}

TEST(DailyRuleTest, QuantileInterpolatesLikeNumpy) {
  EXPECT_DOUBLE_EQ(quantile({1, 2, 3, 4}, 0.5), 2.5);
  EXPECT_DOUBLE_EQ(quantile({4, 1, 3, 2}, 0.9), 3.7);  // h = 3 x 0.9 = 2.7: 3 + 0.7 x (4 - 3)
  EXPECT_DOUBLE_EQ(quantile({7}, 0.99), 7);
  EXPECT_NEAR(quantile_for_false_alarms(3.65), 0.99, 1e-15);
}

TEST(DailyRuleTest, WeekdaysAndWeekendsApart) {
  const auto april = MonthCalendar::of_month(2026, 4);  // 2026-04-01 is a Wednesday
  const auto weekend = april.weekend_mask();
  DailyMatrix ref(2, april.days);
  for (int d = 0; d < april.days; ++d) {
    ref(0, d) = april.weekend(d) ? 5 : 100;
    ref(1, d) = april.weekend(d) ? 7 : 120;
  }
  const auto rule = AlertRule::daily(1.0, ref, weekend);
  EXPECT_DOUBLE_EQ(rule.limit, 120);
  EXPECT_DOUBLE_EQ(rule.weekend_limit, 7);
  std::vector<double> month(static_cast<std::size_t>(april.days), 0.0);
  month[3] = 8;    // Saturday 4 April: over the weekend limit
  month[6] = 119;  // Tuesday 7 April: under the weekday limit
  EXPECT_EQ(count_alerts(rule, month, weekend), 1);
  EXPECT_EQ(first_alert(rule, month, weekend), 3);
}

// A q-quantile limit learned on n_fit independent days exceeds a fresh independent day with
// probability 1 - F(limit), which is 1 - q up to the quantile's own sampling error: over n test days
// the rate's standard error is sqrt(p (1 - p) (1/n + 1/n_fit)), p = 1 - q. Seeded; 4 standard errors.
TEST(DailyRuleTest, FalseAlarmRateOfAQuantileWithinItsStandardError) {
  constexpr double kStandardErrors = 4;
  const auto april = MonthCalendar::of_month(2026, 4);
  const auto weekend = april.weekend_mask();
  constexpr int kMonths = 1000;
  auto draw_months = [&](std::uint64_t stream) {
    Rng rng = make_rng(7, 0, stream);
    boost::random::lognormal_distribution<double> weekday_cost(std::log(300.0), 0.4), weekend_cost(std::log(40.0), 0.8);
    DailyMatrix m(kMonths, april.days);
    for (int i = 0; i < kMonths; ++i)
      for (int d = 0; d < april.days; ++d) m(i, d) = april.weekend(d) ? weekend_cost(rng) : weekday_cost(rng);
    return m;
  };
  const DailyMatrix fit = draw_months(1), test = draw_months(2);
  for (const double q : {0.9, 0.99, 0.995}) {
    const auto rule = AlertRule::daily(q, fit, weekend);
    double alerts = 0;
    for (int i = 0; i < kMonths; ++i)
      alerts += count_alerts(
          rule, {test.data() + static_cast<std::ptrdiff_t>(i) * april.days, static_cast<std::size_t>(april.days)},
          weekend);
    const double n = static_cast<double>(test.size());
    const double p = 1 - q;
    const double standard_error = std::sqrt(p * (1 - p) * (1 / n + 1 / static_cast<double>(fit.size())));
    EXPECT_NEAR(alerts / n, p, kStandardErrors * standard_error) << "q = " << q;
  }
}

}  // namespace
}  // namespace dbcost
