#include "bundle/bundle_estimate.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "april_estimate.h"
#include "bundle/bundle_diff.h"
#include "bundle/estimate_report.h"
#include "temp_dir.h"

namespace dbcost {
namespace {

using testing::april;
using testing::cents;
using testing::TempDir;

// Built-in data (scenarios/data): Azure premium Jobs Compute 0.30 per DBU; Standard_D8s_v3
// 1.5 DBU/h and 0.384 per hour on demand; Standard_D4s_v3 0.75 DBU/h and 0.192 per hour.
const char* kTiny = R"(bundle: {name: tiny}
resources:
  jobs:
    nightly:
      tags: {team: etl}
      schedule: {quartz_cron_expression: "0 0 6 * * ?", timezone_id: UTC}
      job_clusters:
        - job_cluster_key: shared
          new_cluster: {spark_version: 15.4.x-scala2.12, node_type_id: Standard_D8s_v3, num_workers: 2}
      tasks:
        - task_key: a
          job_cluster_key: shared
          notebook_task: {notebook_path: a.py}
    adhoc:
      tags: {team: etl}
      tasks:
        - task_key: explore
          new_cluster: {spark_version: 15.4.x-scala2.12, node_type_id: Standard_D4s_v3, num_workers: 1}
          notebook_task: {notebook_path: explore.py}
)";

const char* kRuntimes = R"(assumptions: {cluster_startup_minutes: {mean: 5, cv: 0}}
jobs:
  nightly:
    tasks:
      a: {minutes: 60, cv: 0}
)";

TEST(BundleEstimateTest, SmallBundleByHand) {
  TempDir dir;
  dir.write("databricks.yml", kTiny);
  const auto runtimes = dir.write("runtimes.yaml", kRuntimes);
  const BundleEstimate e = estimate_bundle(load_bundle(dir.path()), april(runtimes));
  EXPECT_EQ(e.cloud, "azure");
  EXPECT_EQ(e.cloud_source, "node types");
  const auto* nightly = e.find("job", "nightly");
  ASSERT_NE(nightly, nullptr);
  ASSERT_TRUE(nightly->priced);
  // April 2026 has 30 days: the cron "0 0 6 * * ?" in UTC fires 30 times.
  EXPECT_EQ(*nightly->runs, 30);
  // One run: the job cluster (driver + 2 workers) starts in 5 minutes, then runs task a for 60.
  //   DBUs (from ready): 3 nodes x 1.5 DBU/h x 1 h = 4.5 DBU, x 0.30 = 1.35
  //   VMs (from the request): 3 x 0.384/h x 65/60 h = 1.248
  // 30 runs: 135 DBU, 40.50 + 37.44 = 77.94.
  EXPECT_DOUBLE_EQ(cents(nightly->dbus), 135.0);
  EXPECT_DOUBLE_EQ(cents(nightly->dbu_cost), 40.50);
  EXPECT_DOUBLE_EQ(cents(nightly->vm_cost), 37.44);
  EXPECT_DOUBLE_EQ(cents(nightly->cost.mean), 77.94);
  EXPECT_DOUBLE_EQ(nightly->cost.p05, nightly->cost.p95);  // cv 0, expected values
  // An hour of the cluster: 4.5 DBU x 0.30 + 3 x 0.384 = 1.35 + 1.152 = 2.502.
  EXPECT_DOUBLE_EQ(cents(*nightly->cost_per_run_hour), 2.50);
  EXPECT_DOUBLE_EQ(cents(e.total.mean), 77.94);
  ASSERT_EQ(e.teams.size(), 1u);
  EXPECT_EQ(e.teams[0].team, "etl");
  EXPECT_DOUBLE_EQ(cents(e.teams[0].cost.mean), 77.94);
  EXPECT_EQ(e.teams[0].unpriced, 1);
}

TEST(BundleEstimateTest, TimeoutsOfJobsAndTasksReachTheScenario) {
  std::string bundle = kTiny;
  bundle.insert(bundle.find("      job_clusters:"), "      timeout_seconds: 7200\n");
  bundle.insert(bundle.find("          notebook_task: {notebook_path: a.py}"), "          timeout_seconds: 3600\n");
  TempDir dir;
  dir.write("databricks.yml", bundle);
  const auto runtimes = dir.write("runtimes.yaml", kRuntimes);
  const BundleEstimate e = estimate_bundle(load_bundle(dir.path()), april(runtimes));
  ASSERT_NE(e.scenario, nullptr);
  const auto nightly = std::find_if(e.scenario->jobs.begin(), e.scenario->jobs.end(),
                                    [](const JobWorkload& j) { return j.name == "nightly"; });
  ASSERT_NE(nightly, e.scenario->jobs.end());
  EXPECT_EQ(nightly->timeout_seconds, 7200);
  ASSERT_EQ(nightly->tasks.size(), 1u);
  EXPECT_EQ(nightly->tasks[0].timeout_seconds, 3600);
}

TEST(BundleEstimateTest, JobWithoutRuntimeIsReportedPerRunHour) {
  TempDir dir;
  dir.write("databricks.yml", kTiny);
  const auto runtimes = dir.write("runtimes.yaml", kRuntimes);
  const BundleEstimate e = estimate_bundle(load_bundle(dir.path()), april(runtimes));
  const auto* adhoc = e.find("job", "adhoc");
  ASSERT_NE(adhoc, nullptr);
  EXPECT_FALSE(adhoc->priced);
  EXPECT_FALSE(adhoc->runs.has_value());
  // Driver + 1 worker of Standard_D4s_v3: 2 x 0.75 DBU/h x 0.30 + 2 x 0.192 = 0.45 + 0.384.
  ASSERT_TRUE(adhoc->cost_per_run_hour.has_value());
  EXPECT_DOUBLE_EQ(cents(*adhoc->cost_per_run_hour), 0.83);
  ASSERT_FALSE(adhoc->notes.empty());
  EXPECT_EQ(adhoc->notes[0], "cost depends on runtime: no runtime for task explore");
  const std::string text = estimate_text(e, "table");
  EXPECT_NE(text.find("cost depends on runtime"), std::string::npos);
  const auto j = estimate_json(e);
  EXPECT_TRUE(j["resources"][1]["total_cost"].is_null());
  EXPECT_DOUBLE_EQ(j["resources"][1]["cost_per_run_hour"].get<double>(), 0.83);
  EXPECT_EQ(j["total"]["unpriced"].get<int>(), 1);

  // Without a runtimes file nothing is priced, and every job still has its hourly cost.
  const BundleEstimate bare = estimate_bundle(load_bundle(dir.path()), april(""));
  EXPECT_FALSE(bare.find("job", "nightly")->priced);
  EXPECT_EQ(*bare.find("job", "nightly")->runs, 30);
  EXPECT_DOUBLE_EQ(bare.total.mean, 0);
}

TEST(BundleEstimateTest, RunHourCountsOnlyTheClustersTheRunUses) {
  // Development with cluster_id (databricks/bundle-examples knowledge_base/development_cluster):
  // every task moves to the all-purpose cluster, so the job cluster is never started. Azure
  // premium all-purpose 0.55 per DBU; Standard_D4s_v3 single node: 0.75 x 0.55 + 0.192.
  TempDir dir;
  dir.write("databricks.yml", R"(bundle: {name: dev}
resources:
  jobs:
    etl:
      job_clusters:
        - job_cluster_key: big
          new_cluster: {spark_version: 15.4.x-scala2.12, node_type_id: Standard_D8s_v3, num_workers: 8}
        - job_cluster_key: unused
          new_cluster: {spark_version: 15.4.x-scala2.12, node_type_id: Standard_D8s_v3, num_workers: 20}
      tasks:
        - {task_key: a, job_cluster_key: big, notebook_task: {notebook_path: a.py}}
        - {task_key: b, job_cluster_key: big, notebook_task: {notebook_path: b.py}}
targets:
  dev:
    mode: development
    default: true
    cluster_id: ${resources.clusters.dev_cluster.id}
    resources:
      clusters:
        dev_cluster: {spark_version: 15.4.x-scala2.12, node_type_id: Standard_D4s_v3, num_workers: 0}
  prod: {}
)");
  BundleOptions dev;
  const BundleEstimate d = estimate_bundle(load_bundle(dir.path(), dev), april(""));
  EXPECT_NEAR(*d.find("job", "etl")->cost_per_run_hour, 0.75 * 0.55 + 0.192, 1e-9);
  // prod: the one job cluster both tasks share, counted once (9 x 1.5 DBU/h x 0.30 + 9 x 0.384);
  // `unused` is started by no task.
  BundleOptions prod;
  prod.target = "prod";
  const BundleEstimate p = estimate_bundle(load_bundle(dir.path(), prod), april(""));
  EXPECT_NEAR(*p.find("job", "etl")->cost_per_run_hour, 9 * 1.5 * 0.30 + 9 * 0.384, 1e-9);
}

TEST(BundleEstimateTest, DevelopmentModeCostsNothingWhilePaused) {
  TempDir dir;
  dir.write("databricks.yml", std::string(kTiny) + "targets:\n  dev: {mode: development}\n");
  const auto runtimes = dir.write("runtimes.yaml", kRuntimes);
  const BundleEstimate e = estimate_bundle(load_bundle(dir.path()), april(runtimes));
  const auto* nightly = e.find("job", "nightly");
  EXPECT_TRUE(nightly->priced);
  EXPECT_EQ(*nightly->runs, 0);
  EXPECT_DOUBLE_EQ(nightly->cost.mean, 0);
  EXPECT_EQ(nightly->notes[0], "paused: no runs");
}

TEST(BundleEstimateTest, RunsPerMonthStartsAManualJob) {
  TempDir dir;
  dir.write("databricks.yml", kTiny);
  const auto runtimes = dir.write("runtimes.yaml", std::string(kRuntimes) + R"(  adhoc:
    runs_per_month: 10
    tasks:
      explore: {minutes: 30}
)");
  const BundleEstimate e = estimate_bundle(load_bundle(dir.path()), april(runtimes));
  const auto* adhoc = e.find("job", "adhoc");
  ASSERT_TRUE(adhoc->priced);
  EXPECT_NEAR(*adhoc->runs, 10, 1e-9);
  // 10 runs x (2 x 0.75 DBU/h x 0.30 x 0.5 h + 2 x 0.192/h x 35/60 h) = 10 x (0.225 + 0.224) = 4.49
  EXPECT_DOUBLE_EQ(cents(adhoc->cost.mean), 4.49);
}

TEST(BundleEstimateTest, UnknownRuntimeKeyIsLocatedInTheRuntimesFile) {
  TempDir dir;
  dir.write("databricks.yml", kTiny);
  const auto runtimes = dir.write("runtimes.yaml", "jobs:\n  nightly:\n    tasks:\n      a: {minutes: 60, cvv: 0}\n");
  try {
    estimate_bundle(load_bundle(dir.path()), april(runtimes));
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().file, runtimes);
    EXPECT_EQ(e.where().line, 4u);
    EXPECT_EQ(e.where().column, 24u);
    EXPECT_EQ(e.reason(), "unknown key 'cvv' (did you mean 'cv'?)");
  }
}

const char* kV2Runtimes = R"(assumptions: {cluster_startup_minutes: {mean: 5, cv: 0}}
jobs:
  nightly:
    tasks:
      a: {minutes: 60, parallel_fraction: 0}
  report:
    tasks:
      r: {runtime: {minutes: 30}, serverless: {dbus_per_hour: 4}}
)";

TEST(BundleDiffTest, TotalsMarkersAndFailOver) {
  TempDir old_dir, new_dir;
  old_dir.write("databricks.yml", kTiny);
  std::string v2 = kTiny;
  v2.replace(v2.find("num_workers: 2"), 14, "num_workers: 4");
  v2 += R"(    report:
      tags: {team: bi}
      schedule: {quartz_cron_expression: "0 0 7 * * ?", timezone_id: UTC}
      tasks:
        - {task_key: r, environment_key: default, notebook_task: {notebook_path: r.py}}
)";
  new_dir.write("databricks.yml", v2);
  const auto runtimes = new_dir.write("runtimes.yaml", kV2Runtimes);
  const Bundle before = load_bundle(old_dir.path());
  const Bundle after = load_bundle(new_dir.path());
  const BundleDiff d = diff_bundles(before, after, april(runtimes), parse_fail_over("50%"));
  ASSERT_EQ(d.rows.size(), 3u);
  // nightly, parallel_fraction 0 so 60 minutes on either size:
  //   old: 30 x (3 x 1.5 x 0.30 x 1 h + 3 x 0.384 x 65/60 h) = 30 x 2.598 = 77.94
  //   new: 30 x (5 x 1.5 x 0.30 x 1 h + 5 x 0.384 x 65/60 h) = 30 x (2.25 + 2.08) = 129.90
  EXPECT_EQ(d.rows[0].name, "nightly");
  EXPECT_EQ(d.rows[0].status, "changed");
  EXPECT_DOUBLE_EQ(cents(*d.rows[0].old_value), 77.94);
  EXPECT_DOUBLE_EQ(cents(*d.rows[0].new_value), 129.90);
  EXPECT_DOUBLE_EQ(cents(*d.rows[0].delta), 51.96);
  EXPECT_EQ(d.rows[1].name, "adhoc");
  EXPECT_EQ(d.rows[1].basis, "run-hour");
  EXPECT_EQ(d.rows[1].status, "unchanged");
  // report: serverless, 30 runs x 4 DBU/h x 0.5 h = 60 DBU at the serverless jobs price.
  EXPECT_EQ(d.rows[2].name, "report");
  EXPECT_EQ(d.rows[2].status, "added");
  const double serverless_price = *d.rows[2].new_value / 60;
  EXPECT_GT(serverless_price, 0);
  EXPECT_DOUBLE_EQ(cents(d.old_total), 77.94);
  EXPECT_DOUBLE_EQ(cents(d.new_total), cents(129.90 + *d.rows[2].new_value));
  // The increase is above 50% of 77.94 = 38.97: over the limit.
  EXPECT_DOUBLE_EQ(cents(d.limit_amount), 38.97);
  EXPECT_TRUE(d.exceeded);
  EXPECT_FALSE(diff_bundles(before, after, april(runtimes), parse_fail_over("1000")).exceeded);
  const std::string md = diff_text(d, "md");
  EXPECT_NE(md.find("| nightly | job | 77.94 | 129.90 | +51.96 | +66.7% | changed |"), std::string::npos) << md;
  EXPECT_NE(md.find("| report | job |  |"), std::string::npos) << md;
  EXPECT_NE(md.find("**Over the limit**"), std::string::npos) << md;
}

TEST(BundleDiffTest, ResizedClusterScalesTheOldRuntime) {
  TempDir old_dir, new_dir;
  old_dir.write("databricks.yml", kTiny);
  std::string v2 = kTiny;
  v2.replace(v2.find("num_workers: 2"), 14, "num_workers: 4");
  new_dir.write("databricks.yml", v2);
  const auto runtimes = new_dir.write("runtimes.yaml", kRuntimes);  // parallel_fraction 1 (the default)
  const BundleDiff d = diff_bundles(load_bundle(old_dir.path()), load_bundle(new_dir.path()), april(runtimes));
  // The runtime was measured on 2 workers; on 4 it takes 60 x 2/4 = 30 minutes:
  //   30 x (5 x 1.5 x 0.30 x 0.5 h + 5 x 0.384 x 35/60 h) = 30 x (1.125 + 1.12) = 67.35
  EXPECT_DOUBLE_EQ(cents(*d.rows[0].new_value), 67.35);
  EXPECT_DOUBLE_EQ(cents(d.delta), cents(67.35 - 77.94));
  EXPECT_FALSE(d.exceeded);
}

TEST(BundleDiffTest, FailOverParsesPercentAndAmount) {
  EXPECT_TRUE(parse_fail_over("10%").percent);
  EXPECT_DOUBLE_EQ(parse_fail_over("2.5%").value, 2.5);
  EXPECT_FALSE(parse_fail_over("500.00").percent);
  EXPECT_THROW(parse_fail_over("ten%"), InputError);
  EXPECT_THROW(parse_fail_over("-5"), InputError);
}

TEST(BundleDiffTest, CliExitsOneOverTheLimit) {
  const std::string root = DBCOST_SOURCE_DIR;
  const std::string base = std::string(DBCOST_CLI) + " diff " + root + "/scenarios/bundles/medallion " + root +
                           "/scenarios/bundles/medallion_v2 --target prod --runtimes " + root +
                           "/scenarios/bundles/runtimes.yaml --month 2026-12 > /dev/null 2>&1";
  EXPECT_EQ(WEXITSTATUS(std::system((base + " --fail-over 0.5%").c_str())), 1);
  EXPECT_EQ(WEXITSTATUS(std::system((base + " --fail-over 10%").c_str())), 0);
}

}  // namespace
}  // namespace dbcost
