#include "policy/policy_targets.h"

#include <gtest/gtest.h>

#include "bundle/bundle_policy_targets.h"
#include "commands/input_kind.h"
#include "policy/policy_report.h"

namespace dbcost {
namespace {

const std::string kRoot = std::string(DBCOST_SOURCE_DIR) + "/";

PolicyPricing pricing() {
  static const LoadedPricing loaded = load_pricing({});
  PolicyPricing p;
  p.pricing = &loaded;
  p.at = *parse_timestamp_utc("2026-03-01");
  return p;
}

TEST(PolicyTargetsTest, ScenarioClustersWithTheirTypes) {
  const auto targets = policy_targets_from_scenario(kRoot + "scenarios/travel_platform.yaml");
  std::vector<std::string> seen;
  for (const auto& t : targets) seen.push_back(t.name + " " + t.cluster_type);
  EXPECT_EQ(seen, (std::vector<std::string>{"daily_booking_etl/etl job", "pricing_model_refresh/features job",
                                            "pricing_model_refresh/train job", "analysts_shared all-purpose",
                                            "ds_sandbox all-purpose", "ds_gpu_experiments all-purpose"}));
  EXPECT_EQ(targets[0].where.line, 34u);
  EXPECT_EQ(targets[0].where.field, "jobs.daily_booking_etl.job_clusters[0].new_cluster");
  EXPECT_EQ(targets[0].cloud, Cloud::Azure);
}

TEST(PolicyTargetsTest, SpecFilesAreOneTarget) {
  const auto targets = load_policy_targets(kRoot + "scenarios/specs/etl_d8s_photon_spot.json", "job");
  ASSERT_EQ(targets.size(), 1u);
  EXPECT_EQ(targets[0].cluster_type, "job");
  EXPECT_EQ(targets[0].name, kRoot + "scenarios/specs/etl_d8s_photon_spot.json");
  EXPECT_FALSE(targets[0].cloud.has_value());
  EXPECT_EQ(load_policy_targets(kRoot + "scenarios/travel_platform.yaml", "job").size(), 6u);
  EXPECT_THROW(load_policy_targets(kRoot + "scenarios/specs/etl_d8s_photon_spot.json", "jobs"), InputError);
}

TEST(PolicyTargetsTest, PolicyIdPicksAPolicyByIdNameOrStem) {
  std::vector<Policy> policies = {load_policy(kRoot + "scenarios/policies/cost_guard.json"),
                                  load_policy(kRoot + "scenarios/policies/photon_jobs.json"),
                                  load_policy(kRoot + "scenarios/policies/personal_compute.json")};
  PolicyTarget t;
  EXPECT_EQ(policy_for(policies, t).name, "cost_guard");
  t.policy_id = "photon-jobs";
  EXPECT_EQ(policy_for(policies, t).name, "Photon jobs");
  t.policy_id = "personal_compute";
  EXPECT_EQ(policy_for(policies, t).name, "Personal Compute");
  t.policy_id = "Personal Compute";
  EXPECT_EQ(policy_for(policies, t).name, "Personal Compute");
  t.policy_id = "0123-unknown";
  EXPECT_EQ(policy_for(policies, t).name, "cost_guard");
}

TEST(PolicyTargetsTest, CostGuardOnTheTravelPlatform) {
  const std::vector<Policy> policies = {load_policy(kRoot + "scenarios/policies/cost_guard.json")};
  std::vector<TargetCheck> checks;
  for (const auto& t : policy_targets_from_scenario(kRoot + "scenarios/travel_platform.yaml"))
    checks.push_back(check_target(policies, t, pricing()));
  // By hand from instances.csv and photon_multipliers.csv (AZURE):
  //   etl: Standard_D8s_v3 x (1 + 5), Photon job 2.5: 6 x 1.5 x 2.5 = 22.5 > 12
  //   analysts_shared: Standard_DS4_v2 x (1 + 8 max): 9 x 1.5 = 13.5 > 12
  //   train: Standard_E16s_v3 x 3: 12 (the bound itself); ds_gpu_experiments: NC6s_v3 x 2 = 10.
  // Each violation is located at its value in the file, or at the cluster for computed ones:
  // new_cluster of etl at line 34 (its first key), analysts_shared at 91, the flow mapping on 103.
  const std::string f = kRoot + "scenarios/travel_platform.yaml:";
  EXPECT_EQ(violations_table(checks).to_csv(),
            "target,policy,path,rule,actual,message,location\n"
            "daily_booking_etl/etl,cost_guard,dbus_per_hour,range(maxValue=12),22.5,must be at most 12," +
                f + "34:11\n" + "analysts_shared,cost_guard,dbus_per_hour,range(maxValue=12),13.5,must be at most 12," +
                f + "91:7\n" +
                "ds_gpu_experiments,cost_guard,autotermination_minutes,\"range(minValue=10, maxValue=120)\",0,must be "
                "at least 10," +
                f + "103:92\n" +
                "ds_gpu_experiments,cost_guard,node_type_id,\"blocklist(values=[Standard_NC6s_v3, Standard_NC12s_v3, "
                "Standard_NC24s_v3])\",Standard_NC6s_v3,\"must not be one of Standard_NC6s_v3, Standard_NC12s_v3, "
                "Standard_NC24s_v3\"," +
                f + "103:33\n");
  EXPECT_EQ(check_summary(checks), "6 clusters checked against cost_guard: 4 violations in 3 clusters\n");
  EXPECT_EQ(violation_count(checks), 4u);
  const Json j = check_json(checks);
  EXPECT_EQ(j["violations"], 4);
  EXPECT_EQ(j["targets"][0]["location"], kRoot + "scenarios/travel_platform.yaml:34:11");
}

}  // namespace
}  // namespace dbcost
