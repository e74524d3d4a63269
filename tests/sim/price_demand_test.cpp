// A scenario asks the price book only for the SKUs its workloads use: a real list_prices export,
// whose serverless SKUs carry a region suffix, prices a classic-only scenario.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "sim/engine.h"
#include "workload/scenario_reader.h"

namespace dbcost {
namespace {

namespace fs = std::filesystem;

const char* kClassicJob = R"(
scenario: classic-only
cloud: azure
period: {start: 2026-04-01, end: 2026-05-01, timezone: UTC}
pricing: {prices: PRICES}
assumptions: {cluster_startup_minutes: {mean: 5, cv: 0}, dbus_during_startup: false}
jobs:
  nightly:
    tags: {team: etl}
    schedule: {quartz_cron_expression: "0 0 6 * * ?", timezone_id: UTC}
    job_clusters:
      - job_cluster_key: shared
        new_cluster: {node_type_id: Standard_D8s_v3, num_workers: 2}
    tasks:
      - {task_key: a, job_cluster_key: shared, runtime: {minutes: 30}}
      - {task_key: b, depends_on: [{task_key: a}], job_cluster_key: shared, runtime: {minutes: 60}}
)";

// As system.billing.list_prices exports it: the classic SKU, and serverless only with a region suffix.
const char* kExport =
    "price_start_time,price_end_time,account_id,sku_name,cloud,currency_code,usage_unit,pricing\n"
    "2025-01-01T00:00:00.000Z,,acc,PREMIUM_JOBS_COMPUTE,AZURE,USD,DBU,"
    "\"{\"\"default\"\":\"\"0.300000000000000000\"\",\"\"effective_list\"\":{\"\"default\"\":\"\"0."
    "300000000000000000\"\"}}\"\n"
    "2025-01-01T00:00:00.000Z,,acc,PREMIUM_JOBS_SERVERLESS_COMPUTE_US_EAST,AZURE,USD,DBU,"
    "\"{\"\"default\"\":\"\"0.450000000000000000\"\"}\"\n";

std::string with_prices(const std::string& prices) {
  std::string text = kClassicJob;
  text.replace(text.find("PRICES"), 6, prices);
  return text;
}

double cents(double v) { return std::round(v * 100) / 100; }

TEST(PriceDemandTest, AClassicScenarioRunsOnARealListPricesExport) {
  const fs::path dir = fs::temp_directory_path() / ("dbcost-price-demand-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "list_prices.csv") << kExport;
  const auto from_export = simulate(parse_scenario(with_prices("list_prices.csv"), (dir / "s.yaml").string()), {});
  const auto from_builtin = simulate(parse_scenario(with_prices("builtin"), (dir / "s.yaml").string()), {});
  fs::remove_all(dir);
  // 3 nodes x 1.5 DBU/h x 0.30 for 90 min = 2.025 a run, VM 1.152/h for 95 min = 1.824: 30 runs 115.47,
  // the same figures as with the built-in book (engine_test SharedJobClusterByHand).
  EXPECT_DOUBLE_EQ(cents(from_export.dbu_cost(0, 0)), 60.75);
  EXPECT_DOUBLE_EQ(cents(from_export.total_cost(0, 0)), 115.47);
  EXPECT_DOUBLE_EQ(from_export.total_cost(0, 0), from_builtin.total_cost(0, 0));
}

}  // namespace
}  // namespace dbcost
