// The simulated cloud cost exports read back by dbcost's own reader: every line parses in the format
// written, carries the ids the usage export writes, and the lines of each workload sum to the VM
// cost the simulation reports for it in the same trial.
#include "sim/cloud_cost_export.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "cloudcost/cloud_cost_reader.h"
#include "cloudcost/databricks_tags.h"
#include "commands/scenario_commands.h"
#include "usage/simulated_ids.h"
#include "workload/scenario_reader.h"

namespace dbcost {
namespace {

// Builtin AWS prices (us-east-1): i3.xlarge 0.312/h on demand.
const char* kHandAws = R"(
scenario: hand-aws
cloud: aws
tier: premium
region: us-east-1
period: {start: 2026-03-01, end: 2026-03-03, timezone: UTC}
assumptions: {cluster_startup_minutes: {mean: 0, cv: 0}}
jobs:
  nightly:
    tags: {team: etl}
    schedule: {quartz_cron_expression: "0 0 0 * * ?", timezone_id: UTC}
    job_clusters:
      - job_cluster_key: etl
        new_cluster:
          node_type_id: i3.xlarge
          num_workers: 2
          custom_tags: {cost_center: cc-7}
          aws_attributes: {availability: ON_DEMAND}
    tasks:
      - {task_key: t, job_cluster_key: etl, runtime: {minutes: 120}}
)";

// Every kind of VM: an autoscaling job cluster with spot workers and evictions, a task's own
// cluster, a pool with idle instances and a job on it, an autoscaling all-purpose cluster and a
// pro warehouse (AWS: spot workers; Azure: on demand with disks).
std::string rich(const std::string& cloud) {
  const bool aws = cloud == "aws";
  const std::string big = aws ? "i3.xlarge" : "Standard_D8s_v3";
  const std::string small = aws ? "m5.xlarge" : "Standard_DS4_v2";
  const std::string spot_workers =
      aws ? "aws_attributes: {availability: SPOT_WITH_FALLBACK, first_on_demand: 1}"
          : "azure_attributes: {availability: SPOT_WITH_FALLBACK_AZURE, first_on_demand: 1}";
  const std::string on_demand =
      aws ? "aws_attributes: {availability: ON_DEMAND}" : "azure_attributes: {availability: ON_DEMAND_AZURE}";
  return "scenario: rich-" + cloud + "\ncloud: " + cloud +
         "\ntier: premium\nregion: " + (aws ? "us-east-1" : "eastus") + R"(
period: {start: 2026-03-02, end: 2026-03-09, timezone: UTC}
spot: {eviction_rate_per_hour: 0.2}
instance_pools:
  warm:
    tags: {team: platform}
    node_type_id: )" +
         small + R"(
    min_idle_instances: 2
    idle_instance_autotermination_minutes: 20
    )" + on_demand +
         R"(
jobs:
  etl:
    tags: {team: etl, env: prod}
    schedule: {quartz_cron_expression: "0 0 */6 * * ?", timezone_id: UTC}
    job_clusters:
      - job_cluster_key: main
        new_cluster:
          node_type_id: )" +
         big + R"(
          autoscale: {min_workers: 2, max_workers: 5}
          custom_tags: {cost_center: cc-7}
          )" +
         spot_workers + R"(
    tasks:
      - {task_key: a, job_cluster_key: main, runtime: {minutes: 50, cv: 0.3}}
      - task_key: b
        depends_on: [{task_key: a}]
        new_cluster: {node_type_id: )" +
         small + ", num_workers: 1, " + on_demand + R"(}
        runtime: {minutes: 20, cv: 0.2}
  pooled:
    tags: {team: etl}
    schedule: {quartz_cron_expression: "0 30 8 * * ?", timezone_id: UTC}
    job_clusters:
      - {job_cluster_key: c, new_cluster: {instance_pool_id: warm, num_workers: 2}}
    tasks:
      - {task_key: t, job_cluster_key: c, runtime: {minutes: 45, cv: 0.2}}
all_purpose_clusters:
  analysts:
    tags: {team: analytics}
    new_cluster:
      node_type_id: )" +
         small + R"(
      autoscale: {min_workers: 1, max_workers: 4}
      autotermination_minutes: 30
      )" +
         on_demand + R"(
    activity: {days: MON-FRI, hours: "09:00-17:00", users: 3, sessions_per_user_per_day: 2,
               session_minutes: {mean: 40, cv: 0.5}}
sql_warehouses:
  bi:
    tags: {team: bi}
    warehouse_type: PRO
    enable_serverless_compute: false
    cluster_size: X-Small
    min_num_clusters: 1
    max_num_clusters: 2
    auto_stop_mins: 10
    activity: {days: MON-FRI, hours: "08:00-18:00", queries_per_hour: 60, query_seconds: {mean: 8}}
)";
}

struct Exported {
  UsageExportResult result;
  CloudCosts focus, native;
  SimResult sim;
};

std::string write_temp(const std::string& name, const std::string& text) {
  // Per process: several test runs may share the temporary directory.
  const auto path = std::filesystem::path(testing::TempDir()) / (std::to_string(::getpid()) + "-" + name);
  std::ofstream(path, std::ios::binary) << text;
  return path.string();
}

Exported export_both(const Scenario& sc, std::uint64_t seed) {
  UsageExportCommandOptions o;
  o.seed = seed;
  o.focus = true;
  o.cloud = true;
  Exported e;
  e.result = export_usage(sc, o, false);
  e.focus = read_cloud_costs(write_temp(sc.name + "_focus.csv", e.result.focus));
  e.native = read_cloud_costs(write_temp(sc.name + "_cloud.csv", e.result.cloud));
  RunOptions run;
  run.trials = 1;
  run.seed = seed;
  e.sim = simulate(sc, run);
  return e;
}

int workload_index(const SimResult& r, const std::string& name) {
  for (std::size_t i = 0; i < r.workloads.size(); ++i)
    if (r.workloads[i].name == name) return static_cast<int>(i);
  ADD_FAILURE() << "no workload " << name;
  return 0;
}

// Each line's workload, from its Databricks tags alone: a job's id, an all-purpose cluster's or a
// warehouse's name, a pool's name (its idle instances and the VMs clusters hold from it).
std::map<int, Decimal> sums_by_workload(const CloudCosts& costs, const SimResult& r) {
  std::map<int, Decimal> out;
  for (const auto& l : costs.lines) {
    const DatabricksTags t = databricks_tags(l.tags);
    EXPECT_EQ(t.relation, DatabricksRelation::Attributable) << l.line;
    int w = -1;
    if (t.pool_id)
      w = workload_index(r, *t.pool_id);
    else if (t.job_id)
      w = static_cast<int>(std::stoll(*t.job_id) - kSimulatedJobIdBase);
    else if (t.warehouse_id)
      w = workload_index(r, *t.warehouse_id);
    else if (t.cluster_id)
      w = workload_index(r, *t.cluster_id);
    EXPECT_GE(w, 0) << l.line;
    out[w] += *l.billed_cost;
  }
  return out;
}

// To the cent, and far closer: line costs carry 10 decimals.
void expect_cents(double simulated, Decimal exported, const std::string& what) {
  EXPECT_NEAR(exported.to_double(), simulated, 1e-6) << what;
  EXPECT_EQ(std::llround(exported.to_double() * 100), std::llround(simulated * 100)) << what;
}

void expect_sums_match(const Exported& e) {
  const SimResult& r = e.sim;
  for (const CloudCosts* costs : {&e.focus, &e.native}) {
    const auto sums = sums_by_workload(*costs, r);
    std::map<int, double> expected;
    for (int w = 0; w < static_cast<int>(r.workloads.size()); ++w) expected[w] = r.vm_cost(0, w);
    // A pool's lines also hold the VMs its clusters take from it, whose cost is the clusters'.
    const int pool = workload_index(r, "warm");
    expected[pool] += r.vm_cost(0, workload_index(r, "pooled"));
    expected[workload_index(r, "pooled")] = 0;
    for (const auto& [w, cost] : expected) {
      const auto found = sums.find(w);
      expect_cents(cost, found == sums.end() ? Decimal() : found->second,
                   std::string(format_name(costs->format)) + " " + r.workloads[static_cast<std::size_t>(w)].name);
    }
    Decimal total;
    for (const auto& [w, s] : sums) total += s;
    expect_cents(r.vm_cost.sum(), total, "total");
    EXPECT_NEAR(e.result.vm_cost, r.vm_cost.sum(), 1e-9);
  }
}

TEST(CloudCostExportTest, HandComputedJobClusterOnAws) {
  const Scenario sc = parse_scenario(kHandAws, "hand.yaml");
  const Exported e = export_both(sc, 1);
  // Two nightly runs of 120 minutes, driver + 2 workers of i3.xlarge at 0.312/h on demand:
  // 2 runs x 2 hours x 3 VMs = 12 lines of one VM-hour, 12 x 0.312 = 3.744.
  for (const CloudCosts* costs : {&e.focus, &e.native}) {
    ASSERT_EQ(costs->lines.size(), 12u);
    Decimal total;
    std::set<std::string> vms;
    for (const auto& l : costs->lines) {
      total += *l.billed_cost;
      vms.insert(l.resource_id);
      EXPECT_EQ(*l.billed_cost, *Decimal::parse("0.312"));
      EXPECT_EQ(*l.pricing_quantity, Decimal::from_int(1));
      EXPECT_EQ(l.usage_type, "BoxUsage:i3.xlarge");
      EXPECT_EQ(l.cost_class, CostClass::Compute);
      EXPECT_EQ(l.charge_period_end - l.charge_period_start, 3600);
      EXPECT_EQ(l.charge_period_start % 3600, 0);
      EXPECT_TRUE(l.resource_id.starts_with("i-") && l.resource_id.size() == 19) << l.resource_id;
      const DatabricksTags t = databricks_tags(l.tags);
      EXPECT_TRUE(t.vendor_databricks);
      EXPECT_EQ(*t.job_id, "100000");
      EXPECT_EQ(*t.run_name, "nightly");
      EXPECT_TRUE(*t.cluster_id == "nightly-run0-etl" || *t.cluster_id == "nightly-run1-etl") << *t.cluster_id;
      EXPECT_EQ(*t.cluster_name,
                "job-100000-run-" + format_job_run_id(100000, t.cluster_id->ends_with("run0-etl") ? 0 : 1));
      EXPECT_EQ(*t.creator, "etl@example.com");
    }
    EXPECT_EQ(total, *Decimal::parse("3.744"));
    EXPECT_EQ(vms.size(), 6u);  // three VMs a run, each billed two hours
  }
  EXPECT_EQ(e.focus.format, CloudCostFormat::Focus12);
  EXPECT_EQ(e.native.format, CloudCostFormat::AwsCur2);
  // CUR 2.0 spells user tags in snake case under user_, FOCUS as Databricks writes them.
  EXPECT_EQ(e.native.lines[0].tags.at("user_cluster_id").substr(0, 11), "nightly-run");
  EXPECT_EQ(e.native.lines[0].tags.at("user_cost_center"), "cc-7");
  EXPECT_EQ(e.native.lines[0].tags.at("user_team"), "etl");
  EXPECT_EQ(e.focus.lines[0].tags.at("cost_center"), "cc-7");
  EXPECT_EQ(e.focus.lines[0].tags.at("team"), "etl");
  expect_cents(e.sim.vm_cost(0, 0), *Decimal::parse("3.744"), "simulated VM cost");
}

TEST(CloudCostExportTest, HandComputedJobClusterOnAzure) {
  std::string text = kHandAws;
  text.replace(text.find("cloud: aws"), 10, "cloud: azure");
  text.replace(text.find("us-east-1"), 9, "eastus");
  text.replace(text.find("i3.xlarge"), 9, "Standard_D8s_v3");
  text.replace(text.find("aws_attributes: {availability: ON_DEMAND}"), 41,
               "azure_attributes: {availability: ON_DEMAND_AZURE}");
  const Exported e = export_both(parse_scenario(text, "hand.yaml"), 1);
  // Standard_D8s_v3 at 0.384/h: FOCUS has 12 VM-hours; cost details one line per VM and day, 6 lines
  // of 2 hours (0.768 each); both 12 x 0.384 = 4.608.
  ASSERT_EQ(e.focus.lines.size(), 12u);
  ASSERT_EQ(e.native.lines.size(), 6u);
  EXPECT_EQ(e.native.format, CloudCostFormat::AzureActual);
  Decimal focus, native;
  for (const auto& l : e.focus.lines) focus += *l.billed_cost;
  for (const auto& l : e.native.lines) {
    native += *l.billed_cost;
    EXPECT_EQ(*l.billed_cost, *Decimal::parse("0.768"));
    EXPECT_EQ(*l.pricing_quantity, Decimal::from_int(2));
    EXPECT_EQ(l.usage_type, "D8s v3");
    EXPECT_EQ(l.charge_period_end - l.charge_period_start, 86400);
    EXPECT_EQ(*databricks_tags(l.tags).job_id, "100000");
  }
  EXPECT_EQ(focus, *Decimal::parse("4.608"));
  EXPECT_EQ(native, *Decimal::parse("4.608"));
  expect_cents(e.sim.vm_cost(0, 0), native, "simulated VM cost");
}

// The cluster ids of the VM lines are the usage export's, so a join by id finds every one.
void expect_ids_in_usage(const Exported& e) {
  std::set<std::string> clusters, warehouses, pools;
  // usage_metadata is JSON in a quoted CSV cell: ""cluster_id"":""x"".
  for (const std::string field : {"cluster_id", "warehouse_id", "instance_pool_id"}) {
    auto& into = field[0] == 'c' ? clusters : field[0] == 'w' ? warehouses : pools;
    const std::string key = "\"\"" + field + "\"\":\"\"";
    for (std::size_t at = e.result.usage.find(key); at != std::string::npos; at = e.result.usage.find(key, at + 1)) {
      const std::size_t from = at + key.size();
      into.insert(e.result.usage.substr(from, e.result.usage.find('"', from) - from));
    }
  }
  ASSERT_FALSE(clusters.empty());
  ASSERT_EQ(warehouses, std::set<std::string>{"bi"});
  ASSERT_EQ(pools, std::set<std::string>{"warm"});
  std::size_t idle_pool_lines = 0;
  for (const auto& l : e.focus.lines) {
    const DatabricksTags t = databricks_tags(l.tags);
    if (t.cluster_id) {
      EXPECT_TRUE(clusters.count(*t.cluster_id)) << *t.cluster_id;
    }
    if (t.warehouse_id) {
      EXPECT_TRUE(warehouses.count(*t.warehouse_id)) << *t.warehouse_id;
    }
    if (t.pool_id) {
      EXPECT_TRUE(pools.count(*t.pool_id)) << *t.pool_id;
      EXPECT_FALSE(t.cluster_id);  // pool VMs carry the pool's tags only
      EXPECT_EQ(l.tags.at("team"), "platform");
      ++idle_pool_lines;
    }
  }
  // Two idle instances all week, at least.
  EXPECT_GE(idle_pool_lines, 2u * 7 * 24);
}

TEST(CloudCostExportTest, AwsLinesSumToTheSimulatedVmCostPerWorkload) {
  const Scenario sc = parse_scenario(rich("aws"), "rich.yaml");
  for (std::uint64_t seed : {1, 7}) {
    const Exported e = export_both(sc, seed);
    EXPECT_EQ(e.focus.format, CloudCostFormat::Focus12);
    EXPECT_EQ(e.native.format, CloudCostFormat::AwsCur2);
    EXPECT_EQ(e.focus.lines.size(), e.result.focus_lines);
    EXPECT_EQ(e.native.lines.size(), e.focus.lines.size());  // both hourly
    expect_sums_match(e);
    expect_ids_in_usage(e);
    std::set<std::string> types;
    for (const auto& l : e.native.lines) types.insert(l.usage_type);
    EXPECT_TRUE(types.count("SpotUsage:i3.xlarge"));  // the job cluster's spot workers
    EXPECT_TRUE(types.count("BoxUsage:i3.xlarge"));   // and its driver
    EXPECT_TRUE(types.count("BoxUsage:m5.xlarge"));
  }
}

TEST(CloudCostExportTest, AzureLinesSumToTheSimulatedVmCostPerWorkload) {
  const Scenario sc = parse_scenario(rich("azure"), "rich.yaml");
  const Exported e = export_both(sc, 3);
  EXPECT_EQ(e.focus.format, CloudCostFormat::Focus12);
  EXPECT_EQ(e.native.format, CloudCostFormat::AzureActual);
  expect_sums_match(e);
  expect_ids_in_usage(e);
  // Cost details have one line per resource and day; the warehouse's nodes carry disks (storage).
  std::size_t disks = 0;
  for (const auto& l : e.native.lines) {
    EXPECT_EQ(l.charge_period_start % 86400, 0);
    EXPECT_TRUE(l.resource_id.starts_with("/subscriptions/")) << l.resource_id;
    if (l.cost_class == CostClass::Storage) {
      ++disks;
      EXPECT_NE(l.resource_id.find("/providers/Microsoft.Compute/disks/"), std::string::npos);
      EXPECT_EQ(*databricks_tags(l.tags).warehouse_id, "bi");
    } else {
      EXPECT_EQ(l.cost_class, CostClass::Compute) << l.line;
      EXPECT_NE(l.resource_id.find("/providers/Microsoft.Compute/virtualMachines/"), std::string::npos);
    }
  }
  EXPECT_GT(disks, 0u);
  EXPECT_LT(e.native.lines.size(), e.focus.lines.size());
}

TEST(CloudCostExportTest, GcpWritesFocusOnly) {
  std::string text = kHandAws;
  text.replace(text.find("cloud: aws"), 10, "cloud: gcp");
  text.replace(text.find("us-east-1"), 9, "us-central1");
  text.replace(text.find("i3.xlarge"), 9, "n2-standard-4");
  text.replace(text.find("aws_attributes: {availability: ON_DEMAND}"), 41,
               "gcp_attributes: {availability: ON_DEMAND_GCP}");
  const Scenario sc = parse_scenario(text, "gcp.yaml");
  UsageExportCommandOptions o;
  o.focus = true;
  const auto r = export_usage(sc, o, false);
  const CloudCosts focus = read_cloud_costs_text(r.focus, "gcp_focus.csv");
  // n2-standard-4 at 0.194236/h in us-central1: 12 VM-hours.
  ASSERT_EQ(focus.lines.size(), 12u);
  EXPECT_EQ(focus.lines[0].provider, "Google Cloud");
  EXPECT_EQ(*focus.lines[0].billed_cost, *Decimal::parse("0.194236"));
  o.cloud = true;
  try {
    export_usage(sc, o, false);
    ADD_FAILURE() << "no error for --cloud-out on gcp";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              "gcp.yaml: --cloud-out: the scenario's cloud is gcp, whose billing export dbcost does not read; for it "
              "only --focus-out (FOCUS 1.2) is available");
  }
  o.front = FrontEnd::Python;
  EXPECT_THROW(export_usage(sc, o, false), InputError);
}

}  // namespace
}  // namespace dbcost
