// Job tasks on an all-purpose cluster (existing_cluster_id) are billed as the platform bills them:
// the cluster bills its uptime; a run that finds it up adds nothing, a run that finds it down starts
// it, and it then waits out its auto-termination.
#include <gtest/gtest.h>

#include <cmath>

#include "sim/engine.h"
#include "workload/scenario_reader.h"

namespace dbcost {
namespace {

// Builtin prices: Azure premium all-purpose 0.55/DBU; Standard_D8s_v3 1.5 DBU/h, 0.384/h.
// Per hour, driver + 1 worker: 3 DBU/h x 0.55 = 1.65 + VM 0.768 = 2.418.
const char* kSharedCluster = R"(
scenario: shared
cloud: azure
period: {start: 2026-03-02, end: 2026-03-07, timezone: UTC}
assumptions: {cluster_startup_minutes: {mean: 10, cv: 0}}
all_purpose_clusters:
  shared:
    tags: {team: analytics}
    new_cluster: {node_type_id: Standard_D8s_v3, num_workers: 1, autotermination_minutes: 60}
    activity:
      days: MON-FRI
      sessions: [{start: "09:00", minutes: 60}]
jobs:
  while_up:
    tags: {team: etl}
    schedule: {quartz_cron_expression: "0 30 9 * * ?", timezone_id: UTC}
    tasks:
      - {task_key: t, existing_cluster_id: shared, runtime: {minutes: 10}}
variants:
  while_down:
    jobs:
      while_up:
        schedule: {quartz_cron_expression: "0 0 20 * * ?", timezone_id: UTC}
        tasks:
          - {task_key: t, runtime: {minutes: 30}}
)";

// Per weekday without jobs: start-up 10 min of VM (0.128), busy 60 min (2.418), idle tail 60 min
// (2.418) = 4.964; five weekdays = 24.82.
constexpr double kClusterAlone = 5 * (0.768 / 6 + 2.418 + 2.418);

TEST(ExistingClusterTest, ARunOnAClusterThatIsUpCostsNothingMore) {
  const auto r = simulate(parse_scenario(kSharedCluster, "shared.yaml"), {});
  ASSERT_EQ(r.workloads[0].name, "while_up");
  ASSERT_EQ(r.workloads[1].name, "shared");
  EXPECT_EQ(r.runs(0, 0), 5);
  EXPECT_DOUBLE_EQ(r.total_cost(0, 0), 0);
  EXPECT_DOUBLE_EQ(r.duration_minutes(0, 0), 5 * 10.0);
  EXPECT_NEAR(r.total_cost(0, 1), kClusterAlone, 1e-9);
  EXPECT_NEAR(r.dbus(0, 1), 5 * 2 * 3.0, 1e-9);
}

TEST(ExistingClusterTest, ARunOnAClusterThatIsDownStartsItAndPaysItsTail) {
  const auto r = simulate(parse_scenario(kSharedCluster, "shared.yaml", "while_down"), {});
  // 20:00 the cluster is down (its tail ended 11:00): start-up 20:00-20:10 (VM 0.128), the task
  // 20:10-20:40 (30 min, 1.209), auto-termination tail 60 min (2.418) = 3.755 a day, billed to the
  // cluster; the run takes 40 minutes and the job itself is billed nothing.
  EXPECT_EQ(r.runs(0, 0), 5);
  EXPECT_DOUBLE_EQ(r.total_cost(0, 0), 0);
  EXPECT_DOUBLE_EQ(r.duration_minutes(0, 0), 5 * 40.0);
  EXPECT_NEAR(r.total_cost(0, 1), kClusterAlone + 5 * (0.768 / 6 + 2.418 / 2 + 2.418), 1e-9);
  EXPECT_NEAR(r.idle_cost(0, 1), 5 * 2 * (0.768 / 6 + 2.418), 1e-9);
  EXPECT_EQ(r.runs(0, 1), 10);
  // The DBUs of that time are the cluster's records, with no job: no span belongs to the job.
  UsageTrace trace;
  RunOptions o;
  o.usage_trace = &trace;
  simulate(parse_scenario(kSharedCluster, "shared.yaml", "while_down"), o);
  double cluster_dbus = 0;
  for (const auto& b : trace.spans) {
    EXPECT_EQ(b.workload, 1) << b.compute;
    EXPECT_EQ(b.compute, "shared");
    cluster_dbus += b.dbus;
  }
  EXPECT_NEAR(cluster_dbus, 5 * (2 * 3.0 + 1.5 * 3.0), 1e-9);
}

// Monte Carlo draws the users' sessions first and places the jobs' runs on the cluster's timeline;
// the default scenario runs a task on its analysts' cluster, and gives the same figures for any
// thread count.
TEST(ExistingClusterTest, TheTimelineIsTheSameForAnyThreadCount) {
  const auto sc = load_scenario(std::string(DBCOST_SOURCE_DIR) + "/scenarios/travel_platform.yaml");
  RunOptions one, four;
  one.trials = four.trials = 6;
  one.seed = four.seed = 3;
  one.threads = 1;
  four.threads = 4;
  const auto a = simulate(sc, one), b = simulate(sc, four);
  EXPECT_EQ(a.total_cost, b.total_cost);
  EXPECT_EQ(a.runs, b.runs);
}

}  // namespace
}  // namespace dbcost
