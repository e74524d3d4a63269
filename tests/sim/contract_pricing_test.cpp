// The engine under contract pricing: spot VMs never discounted, per-SKU discounts, account prices,
// the DBU list cost beside the billed one, and a DBCU drawdown from a scenario, by hand.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "sim/commitment_report.h"
#include "sim/engine.h"
#include "workload/scenario_reader.h"

namespace dbcost {
namespace {

// One run a day at 06:00 on a 2-worker Standard_D8s_v3 job cluster (built-in catalog: 1.5 DBU/h and
// 0.384/h a node, spot 80.9% off = 0.073344/h): 90 minutes of tasks after a 5-minute start-up. DBUs
// 4.5/h x 1.5 h = 6.75 a run, 2.025 at the built-in 0.30/DBU.
std::string scenario(const std::string& pricing, const std::string& cluster_extra = "",
                     const std::string& period = "{start: 2026-04-01, end: 2026-05-01, timezone: UTC}") {
  return R"(
scenario: contract
cloud: azure
period: )" +
         period + R"(
)" + pricing +
         R"(
assumptions: {cluster_startup_minutes: {mean: 5, cv: 0}, dbus_during_startup: false}
teams: {etl: {}}
jobs:
  nightly:
    tags: {team: etl}
    schedule: {quartz_cron_expression: "0 0 6 * * ?", timezone_id: UTC}
    job_clusters:
      - job_cluster_key: shared
        new_cluster: {node_type_id: Standard_D8s_v3, num_workers: 2)" +
         cluster_extra + R"(}
    tasks:
      - {task_key: a, job_cluster_key: shared, runtime: {minutes: 30}}
      - {task_key: b, depends_on: [{task_key: a}], job_cluster_key: shared, runtime: {minutes: 60}}
)";
}

const std::string kSpotWorkers = ", azure_attributes: {availability: SPOT_WITH_FALLBACK_AZURE, first_on_demand: 1}";

double cents(double v) { return std::round(v * 100) / 100; }

TEST(ContractPricingTest, TheVmDiscountLeavesSpotWorkersAlone) {
  const auto r =
      simulate(parse_scenario(scenario("pricing: {discounts: {vm_percent: 30}}", kSpotWorkers), "s.yaml"), {});
  // VM per hour: driver 0.384 x 0.7 = 0.2688 + 2 spot workers x 0.073344 = 0.146688 -> 0.415488; 95 minutes
  // a run = 0.657856; 30 runs = 19.73568. (Discounting spot too: 0.530688 x 0.7 x 95/60 x 30 = 17.65.)
  EXPECT_NEAR(r.vm_cost(0, 0), 19.73568, 1e-9);
  EXPECT_DOUBLE_EQ(cents(r.dbu_cost(0, 0)), 60.75);
  EXPECT_DOUBLE_EQ(cents(r.dbu_list_cost(0, 0)), 60.75);
}

TEST(ContractPricingTest, TheSpotModelPricesSpotNodesUndiscountedToo) {
  // With the spot model on and no evictions, a run costs what the plain pricing says.
  const auto text = scenario(
      "pricing: {discounts: {vm_percent: 30}}\nspot: {eviction_rate_per_hour: 0, spot_unavailable_probability: 0}",
      kSpotWorkers);
  const auto r = simulate(parse_scenario(text, "s.yaml"), {1, 1, 1});
  EXPECT_NEAR(r.vm_cost(0, 0), 19.73568, 1e-9);
  EXPECT_DOUBLE_EQ(cents(r.dbu_cost(0, 0)), 60.75);
}

TEST(ContractPricingTest, ASkuDiscountAndTheListCostBesideIt) {
  const auto r = simulate(
      parse_scenario(scenario("pricing: {discounts: {dbu_percent: 10, skus: {PREMIUM_JOBS_COMPUTE: 25}}}"), "s.yaml"),
      {});
  // 30 runs x 2.025 = 60.75 at list; the jobs SKU's own 25% (not the global 10%): 45.5625.
  EXPECT_NEAR(r.dbu_cost(0, 0), 45.5625, 1e-9);
  EXPECT_NEAR(r.dbu_list_cost(0, 0), 60.75, 1e-9);
  EXPECT_NEAR(r.daily_dbu_list_cost.sum(), 60.75, 1e-9);
}

TEST(ContractPricingTest, AccountPricesBillTheDbus) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("dbcost-account-prices-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "account_prices.csv")
      << "price_start_time,price_end_time,account_id,sku_name,cloud,currency_code,usage_unit,pricing\n"
         "2025-01-01T00:00:00.000Z,,acc,PREMIUM_JOBS_COMPUTE,AZURE,USD,DBU,"
         "\"{\"\"default\"\":\"\"0.24\"\",\"\"effective_list\"\":{\"\"default\"\":\"\"0.30\"\"}}\"\n";
  const auto sc = parse_scenario(scenario("pricing: {account_prices: account_prices.csv}"), (dir / "s.yaml").string());
  const auto r = simulate(sc, {});
  std::filesystem::remove_all(dir);
  // 30 runs x 6.75 DBUs = 202.5 DBUs: billed x 0.24 = 48.60, list x 0.30 = 60.75.
  EXPECT_NEAR(r.dbu_cost(0, 0), 48.6, 1e-9);
  EXPECT_NEAR(r.dbu_list_cost(0, 0), 60.75, 1e-9);
  ASSERT_FALSE(pricing_notes(sc).empty());
  EXPECT_NE(pricing_notes(sc)[0].find("account prices of " + (dir / "account_prices.csv").string()), std::string::npos);
}

TEST(ContractPricingTest, ADbcuDrawnDownOverTheRunsMonths) {
  // April, May, June: 30, 31 and 30 runs at 2.025 of DBU list cost = 60.75, 62.775, 60.75. A pool of 150
  // from 2026-04-01: 150 - 60.75 = 89.25, - 62.775 = 26.475, June draws 26.475 and 34.275 is overage,
  // billed at list less 10% = 30.8475.
  const auto sc =
      parse_scenario(scenario("pricing:\n  discounts: {dbu_percent: 10}\n"
                              "  commitments: [{kind: azure_dbcu, amount: 150, start: 2026-04-01, term_years: 1}]",
                              "", "{start: 2026-04-01, end: 2026-07-01, timezone: UTC}"),
                     "s.yaml");
  const auto r = simulate(sc, {});
  const auto months = monthly_dbu_costs(r, sc);
  ASSERT_EQ(months.size(), 3u);
  EXPECT_EQ(months[1].list_cost, *Money::parse("62.775"));
  EXPECT_EQ(months[1].billed_cost, *Money::parse("56.4975"));
  const auto rows = dbcu_drawdown(sc.commitments[0], months);
  EXPECT_EQ(rows[0].balance_after, *Money::parse("89.25"));
  EXPECT_EQ(rows[1].balance_after, *Money::parse("26.475"));
  EXPECT_EQ(rows[2].drawn, *Money::parse("26.475"));
  EXPECT_EQ(rows[2].overage_list, *Money::parse("34.275"));
  EXPECT_EQ(rows[2].overage_billed, *Money::parse("30.8475"));
  const auto t = commitment_table(r, sc);
  ASSERT_EQ(t.rows().size(), 3u);
  EXPECT_EQ(t.rows()[2][0], "2026-06");
  EXPECT_EQ(t.rows()[2][7], "30.8475");  // exact, as drawn
}

TEST(ContractPricingTest, BadContractKeysAreLocated) {
  auto error_of = [](const std::string& pricing, const std::string& cloud = "azure") {
    std::string text = scenario(pricing);
    text.replace(text.find("cloud: azure"), 12, "cloud: " + cloud);
    try {
      parse_scenario(text, "s.yaml");
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  // The pricing line is line 5 of the scenario text.
  EXPECT_EQ(error_of("pricing: {discounts: {dbu_pct: 5}}").rfind("s.yaml:5:23: pricing.discounts.dbu_pct:", 0), 0u)
      << error_of("pricing: {discounts: {dbu_pct: 5}}");
  EXPECT_EQ(error_of("pricing: {discounts: {skus: {PREMIUM_JOBS_COMPUTE: 101}}}"),
            "s.yaml:5:52: pricing.discounts.skus.PREMIUM_JOBS_COMPUTE: expected a percentage from 0 to 100");
  EXPECT_EQ(
      error_of("pricing: {discounts: {skus: {PREMIUM_JOBS_COMPUTEX: 5}}}")
          .rfind("s.yaml:5:53: pricing.discounts.skus.PREMIUM_JOBS_COMPUTEX: no SKU 'PREMIUM_JOBS_COMPUTEX' in the "
                 "price book (did you mean 'PREMIUM_JOBS_COMPUTE'?)",
                 0),
      0u);
  EXPECT_EQ(error_of("pricing: {commitments: [{kind: aws_commit, amount: 5, start: 2026-04-01}]}"),
            "s.yaml:5:32: pricing.commitments[0].kind: expected azure_dbcu, got 'aws_commit'");
  EXPECT_EQ(error_of("pricing: {commitments: [{kind: azure_dbcu, amount: 5, start: 2026-04-01}]}", "aws"),
            "s.yaml:5:32: pricing.commitments[0].kind: an azure_dbcu pre-purchase needs cloud azure, the "
            "scenario's cloud is AWS");
  EXPECT_EQ(error_of("pricing: {commitments: [{kind: azure_dbcu, amount: -5, start: 2026-04-01}]}"),
            "s.yaml:5:52: pricing.commitments[0].amount: expected a positive amount such as 100000");
  EXPECT_EQ(error_of("pricing: {commitments: [{kind: azure_dbcu, amount: 5, start: 2026-04-01, term_years: 2}]}"),
            "s.yaml:5:86: pricing.commitments[0].term_years: expected 1 or 3 (the DBCU pre-purchase terms), got 2");
  EXPECT_EQ(error_of("pricing: {commitments: [{kind: azure_dbcu, amount: 5, start: 2026-04-01, term: 1}]}")
                .rfind("s.yaml:5:74: pricing.commitments[0].term: unknown key 'term'", 0),
            0u);
}

}  // namespace
}  // namespace dbcost
