// Instance pools: clusters on a pool take its node type and availability, and the instances they
// release stay idle (VM cost, no DBUs) for idle_instance_autotermination_minutes unless taken again.
#include <gtest/gtest.h>

#include "sim/engine.h"
#include "workload/scenario_reader.h"

namespace dbcost {
namespace {

// Builtin prices: Azure premium jobs 0.30/DBU; Standard_D8s_v3 1.5 DBU/h, 0.384/h on demand,
// 80.9% off on spot (0.073344/h).
const char* kPool = R"(
scenario: pool
cloud: azure
period: {start: 2026-04-01, end: 2026-04-03, timezone: UTC}
assumptions: {cluster_startup_minutes: {mean: 5, cv: 0}}
instance_pools:
  p:
    tags: {team: platform}
    node_type_id: Standard_D8s_v3
    idle_instance_autotermination_minutes: 30
jobs:
  a:
    tags: {team: etl}
    schedule: {quartz_cron_expression: "0 0 6 * * ?", timezone_id: UTC}
    job_clusters:
      - {job_cluster_key: c, new_cluster: {instance_pool_id: p, num_workers: 2}}
    tasks:
      - {task_key: t, job_cluster_key: c, runtime: {minutes: 60}}
variants:
  second_job_takes_them:
    jobs:
      b:
        tags: {team: etl}
        schedule: {quartz_cron_expression: "0 20 7 * * ?", timezone_id: UTC}
        tasks:
          - {task_key: t, new_cluster: {instance_pool_id: p, num_workers: 1}, runtime: {minutes: 60}}
  spot_pool:
    instance_pools:
      p: {azure_attributes: {availability: SPOT_AZURE}}
)";

TEST(PoolTest, ReleasedInstancesIdleForTheAutoterminationMinutes) {
  const auto r = simulate(parse_scenario(kPool, "pool.yaml"), {});
  ASSERT_EQ(r.workloads[1].name, "p");
  // The job: 3 nodes from the pool, Standard_D8s_v3 taken from it: DBU 4.5/h x 0.30 x 1 h = 1.35;
  // VM 1.152/h x 65 min = 1.248; two days.
  EXPECT_NEAR(r.total_cost(0, 0), 2 * (1.35 + 1.248), 1e-9);
  // At 07:05 its 3 instances go back to the pool and idle 30 minutes: 3 x 0.384 x 0.5 = 0.576 a day.
  EXPECT_NEAR(r.total_cost(0, 1), 2 * 0.576, 1e-9);
  EXPECT_NEAR(r.idle_cost(0, 1), 2 * 0.576, 1e-9);
  EXPECT_DOUBLE_EQ(r.dbus(0, 1), 0);
}

TEST(PoolTest, AClusterTakesTheIdleInstancesFirst) {
  const auto r = simulate(parse_scenario(kPool, "pool.yaml", "second_job_takes_them"), {});
  ASSERT_EQ(r.workloads[2].name, "p");
  // b at 07:20 takes 2 of the 3 instances a released at 07:05 (idle 15 min each); the third idles
  // its 30 minutes; b releases its 2 at 08:25 and they idle 30 minutes:
  // (2 x 0.25 + 0.5 + 2 x 0.5) h x 0.384 = 0.768 a day.
  EXPECT_NEAR(r.total_cost(0, 2), 2 * 0.768, 1e-9);
}

TEST(PoolTest, ASpotPoolPutsItsClustersAndIdleInstancesOnSpot) {
  const auto r = simulate(parse_scenario(kPool, "pool.yaml", "spot_pool"), {});
  // 3 spot nodes at 0.073344/h: VM 0.220032/h x 65 min = 0.238368; DBUs unchanged.
  EXPECT_NEAR(r.vm_cost(0, 0), 2 * 0.220032 * 65 / 60, 1e-9);
  EXPECT_NEAR(r.total_cost(0, 1), 2 * 3 * 0.073344 * 0.5, 1e-9);
}

TEST(PoolTest, PoolErrorsAreLocated) {
  auto fails = [](const std::string& text, const std::string& what) {
    try {
      parse_scenario(text, "pool.yaml");
      ADD_FAILURE() << "no error for " << what;
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find(what), std::string::npos) << e.what();
    }
  };
  std::string unknown = kPool;
  unknown.replace(unknown.find("instance_pool_id: p,"), 20, "instance_pool_id: q,");
  fails(unknown, "pool.yaml:16:62:");
  fails(unknown, "instance_pool_id 'q' is not one of the scenario's instance_pools (did you mean 'p'?)");
  std::string other_type = kPool;
  other_type.replace(other_type.find("instance_pool_id: p,"), 20,
                     "instance_pool_id: p, node_type_id: Standard_E8s_v3,");
  fails(other_type, "takes the pool's node type Standard_D8s_v3, not Standard_E8s_v3");
  std::string bad_availability = kPool;
  bad_availability.replace(bad_availability.find("SPOT_AZURE"), 10, "SPOT_WITH_FALLBACK_AZURE");
  try {
    parse_scenario(bad_availability, "pool.yaml", "spot_pool");
    ADD_FAILURE();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("expected SPOT_AZURE or ON_DEMAND_AZURE for a pool"), std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace dbcost
