#include "policy/policy_apply.h"

#include <gtest/gtest.h>

#include "policy/policy_targets.h"

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

Json spec(const std::string& yaml) { return cluster_json(YamlView::parse(yaml, "spec.yaml")); }

std::string changes(const AppliedSpec& a) {
  std::string out;
  for (const auto& c : a.changes)
    out += c.path + ": " + (c.before.is_null() ? "-" : value_text(c.before)) + " -> " +
           (c.after.is_null() ? "-" : value_text(c.after)) + " (" + c.reason + ")\n";
  return out;
}

const char* kReferenceExample = R"({
   "autotermination_minutes" : {"type" : "unlimited", "defaultValue" : 4320, "isOptional" : true},
  "instance_pool_id": {"type": "forbidden", "hidden": true},
  "runtime_engine": {"type": "fixed", "value": "PHOTON", "hidden": true}
})";

TEST(PolicyApplyTest, ApplyFillsFixedValuesAndDefaults) {
  const Policy p = parse_policy(kReferenceExample, "p.json");
  const auto a =
      apply_policy(p, spec("{node_type_id: Standard_DS3_v2, num_workers: 2}"), true, "all-purpose", pricing());
  EXPECT_EQ(
      a.spec.dump(),
      R"({"node_type_id":"Standard_DS3_v2","num_workers":2,"autotermination_minutes":4320,"runtime_engine":"PHOTON"})");
  EXPECT_EQ(changes(a), "autotermination_minutes: - -> 4320 (defaultValue)\nruntime_engine: - -> PHOTON (fixed)\n");
  EXPECT_EQ(a.hidden, (std::vector<std::string>{"instance_pool_id", "runtime_engine"}));
  EXPECT_TRUE(a.remaining.empty());
}

TEST(PolicyApplyTest, WithoutDefaultValuesOnlyFixedValuesApply) {
  const Policy p = parse_policy(kReferenceExample, "p.json");
  const auto a =
      apply_policy(p, spec("{node_type_id: Standard_DS3_v2, num_workers: 2}"), false, "all-purpose", pricing());
  EXPECT_EQ(changes(a), "runtime_engine: - -> PHOTON (fixed)\n");
}

TEST(PolicyApplyTest, ApplyLeavesConflictsForCheckToReport) {
  const Policy p = parse_policy(kReferenceExample, "p.json");
  const auto a = apply_policy(p, spec("{node_type_id: Standard_DS3_v2, runtime_engine: STANDARD, instance_pool_id: x}"),
                              true, "all-purpose", pricing());
  EXPECT_EQ(a.spec["runtime_engine"], "STANDARD");
  ASSERT_EQ(a.remaining.size(), 2u);
  EXPECT_EQ(a.remaining[0].path, "instance_pool_id");
  EXPECT_EQ(a.remaining[1].path, "runtime_engine");
}

TEST(PolicyApplyTest, PersonalComputeFamilyRoundTrip) {
  const Policy p = load_policy(kRoot + "scenarios/policies/personal_compute.json");
  const auto a = apply_policy(p, spec("{autoscale: {min_workers: 1, max_workers: 4}}"), true, "all-purpose", pricing());
  EXPECT_EQ(a.spec.dump(),
            R"({"num_workers":0,"spark_conf":{"spark.databricks.cluster.profile":"singleNode"},)"
            R"("custom_tags":{"ResourceClass":"SingleNode"},"data_security_mode":"SINGLE_USER",)"
            R"("spark_version":"auto:latest-ml","autotermination_minutes":4320,"node_type_id":"Standard_DS3_v2"})");
  EXPECT_EQ(
      changes(a).rfind("autoscale: {\"min_workers\":1,\"max_workers\":4} -> - (fixed num_workers replaces autoscale)\n"
                       "num_workers: - -> 0 (fixed)\n",
                       0),
      0u);
  EXPECT_TRUE(a.remaining.empty());
  EXPECT_TRUE(check_policy(p, a.spec, "all-purpose", pricing()).empty());
}

TEST(PolicyApplyTest, EnforceClampsExactlyToRangeBounds) {
  const Policy p = parse_policy(R"({
    "autotermination_minutes": {"type": "range", "minValue": 10, "maxValue": 120},
    "autoscale.max_workers": {"type": "range", "maxValue": 8},
    "autoscale.min_workers": {"type": "range", "minValue": 2, "maxValue": 10}
  })",
                                "p.json");
  const auto low = enforce_policy(
      p,
      spec("{node_type_id: Standard_DS3_v2, autotermination_minutes: 5, autoscale: {min_workers: 1, max_workers: 20}}"),
      "all-purpose", pricing());
  EXPECT_EQ(low.spec["autotermination_minutes"], 10);
  EXPECT_EQ(low.spec["autoscale"].dump(), R"({"min_workers":2,"max_workers":8})");
  EXPECT_EQ(changes(low),
            "autotermination_minutes: 5 -> 10 (clamped to minValue)\n"
            "autoscale.max_workers: 20 -> 8 (clamped to maxValue)\n"
            "autoscale.min_workers: 1 -> 2 (clamped to minValue)\n");
  const auto high = enforce_policy(p,
                                   spec("{node_type_id: Standard_DS3_v2, autotermination_minutes: 10000, autoscale: "
                                        "{min_workers: 10, max_workers: 9}}"),
                                   "all-purpose", pricing());
  EXPECT_EQ(high.spec["autotermination_minutes"], 120);
  // max clamps to 8; min (10, inside its own range) is lowered to max so the spec stays valid.
  EXPECT_EQ(high.spec["autoscale"].dump(), R"({"min_workers":8,"max_workers":8})");
  EXPECT_TRUE(high.remaining.empty());
}

TEST(PolicyApplyTest, EnforceReplacesValuesOutsideLists) {
  const Policy p = parse_policy(R"({
    "azure_attributes.availability": {"type": "allowlist", "values": ["SPOT_WITH_FALLBACK_AZURE", "ON_DEMAND_AZURE"],
                                      "defaultValue": "ON_DEMAND_AZURE"},
    "node_type_id": {"type": "allowlist", "values": ["Standard_DS3_v2", "Standard_DS4_v2"]},
    "spark_version": {"type": "blocklist", "values": ["12.2.x-scala2.12"], "defaultValue": "15.4.x-scala2.12"},
    "runtime_engine": {"type": "regex", "pattern": "PHOTON|STANDARD", "isOptional": true}
  })",
                                "p.json");
  const auto a = enforce_policy(p,
                                spec("{node_type_id: Standard_E8s_v3, num_workers: 1, spark_version: 12.2.x-scala2.12,"
                                     " runtime_engine: 'NULL', azure_attributes: {availability: SPOT_AZURE}}"),
                                "all-purpose", pricing());
  EXPECT_EQ(changes(a),
            "azure_attributes.availability: SPOT_AZURE -> ON_DEMAND_AZURE (not accepted: defaultValue)\n"
            "node_type_id: Standard_E8s_v3 -> Standard_DS3_v2 (not in allowlist: first value)\n"
            "spark_version: 12.2.x-scala2.12 -> 15.4.x-scala2.12 (not accepted: defaultValue)\n"
            "runtime_engine: NULL -> - (not accepted: removed)\n");
  EXPECT_TRUE(a.remaining.empty());
}

TEST(PolicyApplyTest, EnforceRemovesForbiddenAttributes) {
  const Policy p = parse_policy(R"({
    "instance_pool_id": {"type": "forbidden", "hidden": true},
    "ssh_public_keys.*": {"type": "forbidden"},
    "init_scripts": {"type": "forbidden"},
    "runtime_engine": {"type": "fixed", "value": "PHOTON"}
  })",
                                "p.json");
  const auto a = enforce_policy(p,
                                spec("{node_type_id: Standard_DS3_v2, instance_pool_id: pool, runtime_engine: STANDARD,"
                                     " ssh_public_keys: [a, b], init_scripts: [{workspace: {destination: /x.sh}}]}"),
                                "all-purpose", pricing());
  EXPECT_EQ(a.spec.dump(), R"({"node_type_id":"Standard_DS3_v2","runtime_engine":"PHOTON"})");
  EXPECT_TRUE(a.remaining.empty());
}

TEST(PolicyApplyTest, EnforcingDbusPerHourLowersWorkers) {
  const Policy p = parse_policy(R"({"dbus_per_hour": {"type": "range", "maxValue": 20}})", "p.json");
  // Standard_D8s_v3 1.5 DBU/h x Photon 2.0 (AZURE all-purpose) = 3 per node: 3 + n x 3 <= 20 -> n = 5 (18 DBU/h).
  const auto a = enforce_policy(
      p, spec("{node_type_id: Standard_D8s_v3, runtime_engine: PHOTON, autoscale: {min_workers: 6, max_workers: 8}}"),
      "all-purpose", pricing());
  EXPECT_EQ(a.spec["autoscale"].dump(), R"({"min_workers":5,"max_workers":5})");
  EXPECT_EQ(changes(a),
            "autoscale.max_workers: 8 -> 5 (dbus_per_hour maxValue=20: 3 + 5 x 3 DBU/h)\n"
            "autoscale.min_workers: 6 -> 5 (lowered to max_workers)\n");
  EXPECT_TRUE(a.remaining.empty());
  // A fixed size as a job: Photon 2.5 -> 3.75 per node: 3.75 + n x 3.75 <= 20 -> n = 4 (18.75 DBU/h).
  const auto j = enforce_policy(p, spec("{node_type_id: Standard_D8s_v3, runtime_engine: PHOTON, num_workers: 10}"),
                                "job", pricing());
  EXPECT_EQ(j.spec["num_workers"], 4);
  EXPECT_TRUE(j.remaining.empty());
  // Already within: nothing changes.
  EXPECT_TRUE(
      enforce_policy(p, spec("{node_type_id: Standard_D8s_v3, num_workers: 3}"), "job", pricing()).changes.empty());
}

TEST(PolicyApplyTest, EnforceLeavesWhatItCannotFix) {
  const Policy p = parse_policy(R"({
    "cluster_type": {"type": "fixed", "value": "job"},
    "dbus_per_hour": {"type": "range", "maxValue": 1},
    "spark_version": {"type": "regex", "pattern": "15\\..*"}
  })",
                                "p.json");
  const auto a = enforce_policy(p, spec("{node_type_id: Standard_D8s_v3, num_workers: 2}"), "all-purpose", pricing());
  std::vector<std::string> left;
  for (const auto& v : a.remaining) left.push_back(v.path);
  // The driver alone (1.5 DBU/h) is over 1; a regex without default cannot be guessed.
  EXPECT_EQ(left, (std::vector<std::string>{"cluster_type", "dbus_per_hour", "spark_version"}));
}

TEST(PolicyApplyTest, EnforcedScenarioClustersPassTheCheck) {
  const Policy p = load_policy(kRoot + "scenarios/policies/cost_guard.json");
  for (const auto& t : policy_targets_from_scenario(kRoot + "scenarios/travel_platform.yaml")) {
    if (t.name == "ds_gpu_experiments") continue;  // a blocklisted node type with no default: see below
    const auto a = enforce_policy(p, cluster_json(t.spec), t.cluster_type, pricing());
    EXPECT_TRUE(a.remaining.empty()) << t.name << ": " << a.remaining.front().path;
  }
  const auto gpu = policy_targets_from_scenario(kRoot + "scenarios/travel_platform.yaml").back();
  const auto a = enforce_policy(p, cluster_json(gpu.spec), gpu.cluster_type, pricing());
  ASSERT_EQ(a.remaining.size(), 1u);
  EXPECT_EQ(a.remaining[0].path, "node_type_id");
  EXPECT_EQ(a.spec["autotermination_minutes"], 10);
}

TEST(PolicyApplyTest, AppliedJson) {
  const Policy p = parse_policy(kReferenceExample, "p.json");
  const auto a = apply_policy(p, spec("{node_type_id: Standard_DS3_v2}"), false, "job", pricing());
  EXPECT_EQ(
      applied_json(a).dump(),
      R"({"spec":{"node_type_id":"Standard_DS3_v2","runtime_engine":"PHOTON"},)"
      R"("hidden":["instance_pool_id","runtime_engine"],)"
      R"("changes":[{"path":"runtime_engine","before":null,"after":"PHOTON","reason":"fixed"}],"violations":[]})");
}

// check and apply read dbus_per_hour on the cluster Databricks creates: the policy's fixed
// runtime_engine PHOTON counts though the spec omits it. Standard_D8s_v3 is 1.5 DBU/h, the Azure
// jobs Photon multiplier 2.5: (1 + 5) x 1.5 x 2.5 = 22.5 DBU/h (9 without Photon).
TEST(PolicyApplyTest, CheckAndApplyReadTheSameDbusPerHour) {
  const Policy p = parse_policy(R"({"runtime_engine": {"type": "fixed", "value": "PHOTON", "hidden": true},
                                    "dbus_per_hour": {"type": "range", "maxValue": 20}})",
                                "p.json");
  const Json s = spec("{node_type_id: Standard_D8s_v3, num_workers: 5}");
  const auto checked = check_policy(p, s, "job", pricing());
  ASSERT_EQ(checked.size(), 1u);
  EXPECT_EQ(checked[0].path, "dbus_per_hour");
  EXPECT_EQ(value_text(checked[0].actual), "22.5");
  const auto applied = apply_policy(p, s, true, "job", pricing());
  ASSERT_EQ(applied.remaining.size(), 1u);
  EXPECT_EQ(value_text(applied.remaining[0].actual), "22.5");
  const auto fixed_only = apply_policy(p, s, false, "job", pricing());
  ASSERT_EQ(fixed_only.remaining.size(), 1u);
  EXPECT_EQ(value_text(fixed_only.remaining[0].actual), "22.5");
  EXPECT_EQ(policy_cluster_dbus(p, YamlView::parse(s.dump(), "s.json"), true, "job", pricing()).dbus_per_hour(),
            *Decimal::parse("22.5"));
}

TEST(PolicyApplyTest, FixedInstancePoolDropsTheNodeTypes) {
  const Policy p =
      parse_policy(R"({"instance_pool_id": {"type": "fixed", "value": "pool-d8s", "hidden": true}})", "p.json");
  const auto a =
      apply_policy(p, spec("{node_type_id: Standard_D8s_v3, driver_node_type_id: Standard_D16s_v3, num_workers: 2}"),
                   true, "job", pricing());
  EXPECT_EQ(changes(a),
            "instance_pool_id: - -> pool-d8s (fixed)\n"
            "node_type_id: Standard_D8s_v3 -> - (fixed instance_pool_id: the pool gives the node type)\n"
            "driver_node_type_id: Standard_D16s_v3 -> - (fixed instance_pool_id: the pool gives the node type)\n");
  EXPECT_FALSE(a.spec.contains("node_type_id"));
  EXPECT_FALSE(a.spec.contains("driver_node_type_id"));
  EXPECT_TRUE(a.remaining.empty());
  // Another pool than the fixed one is a violation and keeps its node types.
  const auto other = apply_policy(p, spec("{node_type_id: Standard_D8s_v3, instance_pool_id: pool-2, num_workers: 2}"),
                                  true, "job", pricing());
  EXPECT_TRUE(other.spec.contains("node_type_id"));
  ASSERT_EQ(other.remaining.size(), 1u);
  EXPECT_EQ(other.remaining[0].path, "instance_pool_id");
}

}  // namespace
}  // namespace dbcost
