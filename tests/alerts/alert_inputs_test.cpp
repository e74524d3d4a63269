#include "alerts/alert_inputs.h"

#include <gtest/gtest.h>

#include <sstream>

#include "alerts/alerts_report.h"
#include "schedule/time.h"
#include "sim/engine.h"
#include "workload/scenario_reader.h"

namespace dbcost {
namespace {

// 10 DBU of jobs compute at 0.50 on every weekday for team a (5.00 a day), 2 DBU of all-purpose at
// 1.00 every day for team b, from 2026-01-01 to 2026-03-10: January and February are complete, March
// is not and is left out; the month tuned is March.
std::string usage_text() {
  std::ostringstream s;
  s << "sku_name,cloud,usage_unit,usage_quantity,usage_start_time,custom_tags\n";
  for (std::int64_t day = detail::days_from_civil(2026, 1, 1); day <= detail::days_from_civil(2026, 3, 10); ++day) {
    const std::string date = format_date_utc(day * 86400);
    const int w = detail::weekday_from_days(day);
    if (w != 0 && w != 6)
      s << "PREMIUM_JOBS_COMPUTE,AZURE,DBU,10," << date << "T06:00:00Z,\"{\"\"team\"\":\"\"a\"\"}\"\n";
    s << "PREMIUM_ALL_PURPOSE_COMPUTE,AZURE,DBU,2," << date << "T10:00:00Z,\"{\"\"team\"\":\"\"b\"\"}\"\n";
  }
  s << "PREMIUM_JOBS_COMPUTE,AZURE,DBU,1,2026-01-05T06:00:00Z,{}\n";
  return s.str();
}

PriceBook prices() {
  return PriceBook::from_csv(
      "price_start_time,price_end_time,account_id,sku_name,cloud,currency_code,usage_unit,pricing\n"
      "2025-01-01T00:00:00.000Z,,acc,PREMIUM_JOBS_COMPUTE,AZURE,USD,DBU,\"{\"\"default\"\":\"\"0.50\"\"}\"\n"
      "2025-01-01T00:00:00.000Z,,acc,PREMIUM_ALL_PURPOSE_COMPUTE,AZURE,USD,DBU,\"{\"\"default\"\":\"\"1.00\"\"}\"\n",
      "prices.csv");
}

AlertInputs from_usage(const BudgetMap& budgets = {}) {
  static const PriceBook book = prices();
  UsageOptions o;
  o.period = PeriodKind::Day;
  return alert_inputs_from_usage(read_usage_text(usage_text(), "usage.csv", book, o), book, {20, 3, 1, "dbu"}, budgets,
                                 TuningSettings{});
}

TEST(UsageAlertInputsTest, HistoryMonthsAndBootstrapDays) {
  const auto in = from_usage();
  EXPECT_EQ(in.calendar.label, "2026-03");
  ASSERT_EQ(in.teams.size(), 2u);
  ASSERT_EQ(in.history.size(), 2u);
  ASSERT_EQ(in.history[0].size(), 2u);
  EXPECT_EQ(in.history[0][0].calendar.label, "2026-01");
  EXPECT_EQ(in.history[0][1].calendar.label, "2026-02");
  EXPECT_DOUBLE_EQ(in.history[0][0].daily[1], 5.0);  // Friday 2 January
  EXPECT_DOUBLE_EQ(in.history[0][0].daily[2], 0.0);  // Saturday
  ASSERT_EQ(in.notes.size(), 2u);
  EXPECT_EQ(in.notes[0], "2026-03 is left out of the history: usage stops on 2026-03-10, before the month ends");
  EXPECT_EQ(in.notes[1], "0.50 USD of untagged or shared spend is not watched (no 'team' tag)");
  // Every weekday of team a's history cost 5.00 and every weekend day 0, so every bootstrap day does too.
  const auto& a = in.teams[0];
  EXPECT_EQ(a.fit.rows(), 10);
  EXPECT_EQ(a.test.rows(), 10);
  for (Eigen::Index m = 0; m < a.test.rows(); ++m)
    for (int d = 0; d < in.calendar.days; ++d) EXPECT_DOUBLE_EQ(a.test(m, d), in.calendar.weekend(d) ? 0 : 5);
  // Jobs: 42 weekdays x 5.00 over 59 days; the runaway job (3 x) adds twice that a day.
  EXPECT_NEAR(a.overspends[1].profile.at(0), 2 * 42 * 5.0 / 59, 1e-12);
  // The default cluster: 3 Standard_DS3_v2 nodes x 0.75 DBU/hour x 1.00.
  EXPECT_NEAR(a.overspends[0].profile.at(1), 24 * 2.25, 1e-9);
}

// March 2026 has 22 weekdays: team a spends 110.00. A budget of 100 is passed on the 21st weekday,
// 30 March (105 > 100); 80% (80.00) is reached on the 16th weekday, Monday 23 March.
TEST(UsageAlertInputsTest, BacktestAndBudgetJson) {
  BudgetMap budgets;
  budgets["a"] = {Money::from_cents(10000), "", {}, {}};
  auto report = tune_alerts(from_usage(budgets), TuningSettings{}, "ops@example.com");
  const auto backtest = backtest_table(report);
  ASSERT_GE(backtest.rows().size(), 2u);
  // January 2026 for team a: 22 weekdays, 110.00; 80.00 on the 16th weekday, 22 January.
  EXPECT_EQ(backtest.rows()[0][1], "2026-01");
  EXPECT_EQ(backtest.rows()[0][2], "110.00");
  EXPECT_EQ(backtest.rows()[0][4], "yes");
  EXPECT_EQ(backtest.rows()[0][7], "22");  // day_80pct (percents 50, 70, 80, ...)
  const auto& a = report.teams[0];
  EXPECT_DOUBLE_EQ(a.stats.over_budget_percent, 100);
  const auto json = databricks_budgets(report);
  if (a.recommendation.per_method[0] >= 0) {
    ASSERT_EQ(json.size(), 1u);
    const auto& alert = json[0]["budget"]["alert_configurations"][0];
    EXPECT_EQ(alert["trigger_type"], "CUMULATIVE_SPENDING_EXCEEDED");
    EXPECT_EQ(alert["quantity_type"], "LIST_PRICE_DOLLARS_USD");
    EXPECT_EQ(alert["action_configurations"][0]["target"], "ops@example.com");
    EXPECT_EQ(json[0]["budget"]["filter"]["tags"][0]["value"]["values"][0], "a");
  }
}

// Basis dbu is the scenario simulated without VM cost: each trial's team spend equals the DBU cost of
// the team's workloads in the ordinary run with the same seed, day by day summed.
TEST(ScenarioAlertInputsTest, DbuBasisIsTheRunsDbuCost) {
  const Scenario sc = load_scenario(std::string(DBCOST_SOURCE_DIR) + "/scenarios/travel_platform.yaml");
  const auto in = alert_inputs_from_scenario(sc, {6, 5, 1, "dbu"}, {}, TuningSettings{});
  const SimResult r = simulate(sc, {6, 5, 1});
  EXPECT_EQ(in.calendar.label, "2026-03");
  EXPECT_EQ(in.calendar.days, 31);
  ASSERT_EQ(in.teams.size(), r.teams.size());
  for (std::size_t t = 0; t < r.teams.size(); ++t) {
    ASSERT_TRUE(in.teams[t].budget.has_value());
    for (int trial = 0; trial < 6; ++trial) {
      double dbu = 0;
      for (std::size_t w = 0; w < r.workloads.size(); ++w)
        if (r.workloads[w].team == r.teams[t]) dbu += r.dbu_cost(trial, static_cast<Eigen::Index>(w));
      const double alerts = trial < 3 ? in.teams[t].fit.row(trial).sum() : in.teams[t].test.row(trial - 3).sum();
      EXPECT_NEAR(alerts, dbu, 1e-6 * std::max(1.0, dbu)) << r.teams[t] << " trial " << trial;
    }
  }
}

TEST(ScenarioAlertInputsTest, NeedsAMonthAndTrials) {
  const Scenario sc = load_scenario(std::string(DBCOST_SOURCE_DIR) + "/scenarios/travel_platform.yaml");
  EXPECT_THROW(alert_inputs_from_scenario(sc, {2, 1, 1, "dbu"}, {}, TuningSettings{}), InputError);
  Scenario week = sc;
  week.end = week.start + 7 * 86400;
  EXPECT_THROW(alert_inputs_from_scenario(week, {8, 1, 1, "dbu"}, {}, TuningSettings{}), ModelError);
}

}  // namespace
}  // namespace dbcost
