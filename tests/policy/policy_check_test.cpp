#include "policy/policy_check.h"

#include <gtest/gtest.h>

#include <deque>

namespace dbcost {
namespace {

struct Pricing {
  LoadedPricing loaded = load_pricing({});
  PolicyPricing get(std::optional<Cloud> cloud = std::nullopt) const {
    PolicyPricing p;
    p.pricing = &loaded;
    p.cloud = cloud;
    p.at = *parse_timestamp_utc("2026-03-01");
    return p;
  }
};

const Pricing& pricing() {
  static const Pricing p;
  return p;
}

Policy policy(const std::string& json) { return parse_policy(json, "p.json"); }

std::vector<Violation> check(const std::string& policy_json, const std::string& spec_yaml,
                             const std::string& cluster_type = "all-purpose") {
  static std::deque<Policy> keep;  // violations point into their policy
  keep.push_back(policy(policy_json));
  return check_policy(keep.back(), YamlView::parse(spec_yaml, "spec.yaml"), cluster_type, pricing().get());
}

std::string summary(const std::vector<Violation>& vs) {
  std::string out;
  for (const auto& v : vs) out += v.path + " [" + v.rule->describe() + "] " + v.actual_text() + ": " + v.message + "\n";
  return out;
}

const char* kReferenceExample = R"({
   "autotermination_minutes" : {"type" : "unlimited", "defaultValue" : 4320, "isOptional" : true},
  "instance_pool_id": {"type": "forbidden", "hidden": true},
  "runtime_engine": {"type": "fixed", "value": "PHOTON", "hidden": true}
})";

TEST(PolicyCheckTest, ReferenceExampleAcceptsAndRejects) {
  EXPECT_EQ(
      summary(check(kReferenceExample, "{node_type_id: Standard_DS3_v2, num_workers: 2, runtime_engine: PHOTON}")), "");
  // Omitted fixed attributes are filled by Databricks, omitted optional ones are fine.
  EXPECT_EQ(summary(check(kReferenceExample, "{node_type_id: Standard_DS3_v2, num_workers: 2}")), "");
  EXPECT_EQ(summary(check(kReferenceExample,
                          "{node_type_id: Standard_DS3_v2, num_workers: 2, runtime_engine: STANDARD, "
                          "instance_pool_id: pool-1, autotermination_minutes: 0}")),
            "instance_pool_id [forbidden] pool-1: must not be set\n"
            "runtime_engine [fixed(value=PHOTON)] STANDARD: must be PHOTON\n");
}

TEST(PolicyCheckTest, CustomTagFixedValue) {
  const char* p = R"({"custom_tags.Team": {"type":"fixed","value":"marketing"}})";
  EXPECT_EQ(summary(check(p, "{node_type_id: Standard_DS3_v2, custom_tags: {Team: marketing}}")), "");
  EXPECT_EQ(summary(check(p, "{node_type_id: Standard_DS3_v2, custom_tags: {Team: bookings}}")),
            "custom_tags.Team [fixed(value=marketing)] bookings: must be marketing\n");
}

TEST(PolicyCheckTest, MissingRequiredAttributesAreViolations) {
  const char* p = R"({
    "autotermination_minutes": {"type": "range", "minValue": 10, "maxValue": 120},
    "azure_attributes.availability": {"type": "allowlist", "values": ["ON_DEMAND_AZURE"]},
    "spark_version": {"type": "regex", "pattern": "15\\..*"},
    "node_type_id": {"type": "blocklist", "values": ["Standard_NC6s_v3"], "isOptional": true},
    "custom_tags.Team": {"type": "allowlist", "values": ["a", "b"], "defaultValue": "a"},
    "driver_node_type_id": {"type": "unlimited"}
  })";
  EXPECT_EQ(summary(check(p, "{node_type_id: Standard_DS3_v2}")),
            "autotermination_minutes [range(minValue=10, maxValue=120)] missing: is required (no defaultValue, not "
            "isOptional)\n"
            "azure_attributes.availability [allowlist(values=[ON_DEMAND_AZURE])] missing: is required (no "
            "defaultValue, not isOptional)\n"
            "spark_version [regex(pattern=15\\..*)] missing: is required (no defaultValue, not isOptional)\n");
}

TEST(PolicyCheckTest, EachTypeRejectsWhatItShould) {
  const char* p = R"({
    "autotermination_minutes": {"type": "range", "minValue": 10, "maxValue": 120},
    "azure_attributes.availability": {"type": "allowlist", "values": ["ON_DEMAND_AZURE"]},
    "spark_version": {"type": "regex", "pattern": "15\\..*"},
    "node_type_id": {"type": "blocklist", "values": ["Standard_NC6s_v3"]},
    "num_workers": {"type": "range", "maxValue": 4}
  })";
  EXPECT_EQ(summary(check(p,
                          "{node_type_id: Standard_DS3_v2, num_workers: 4, autotermination_minutes: 120, "
                          "spark_version: 15.4.x-scala2.12, azure_attributes: {availability: ON_DEMAND_AZURE}}")),
            "");
  EXPECT_EQ(
      summary(check(p,
                    "{node_type_id: Standard_NC6s_v3, num_workers: 5, autotermination_minutes: 5, "
                    "spark_version: 14.3.x-scala2.12, azure_attributes: {availability: SPOT_AZURE}}")),
      "autotermination_minutes [range(minValue=10, maxValue=120)] 5: must be at least 10\n"
      "azure_attributes.availability [allowlist(values=[ON_DEMAND_AZURE])] SPOT_AZURE: must be one of "
      "ON_DEMAND_AZURE\n"
      "spark_version [regex(pattern=15\\..*)] 14.3.x-scala2.12: must match 15\\..*\n"
      "node_type_id [blocklist(values=[Standard_NC6s_v3])] Standard_NC6s_v3: must not be one of Standard_NC6s_v3\n"
      "num_workers [range(maxValue=4)] 5: must be at most 4\n");
  EXPECT_EQ(summary(check(p,
                          "{node_type_id: Standard_DS3_v2, num_workers: four, autotermination_minutes: 60, "
                          "spark_version: 15.4.x-scala2.12, azure_attributes: {availability: ON_DEMAND_AZURE}}")),
            "num_workers [range(maxValue=4)] four: must be a number\n");
}

TEST(PolicyCheckTest, NumbersCompareNumericallyWhateverTheirJsonType) {
  const char* p =
      R"({"num_workers": {"type": "range", "maxValue": 10}, "autotermination_minutes": {"type": "allowlist", "values": [30, 60]}})";
  EXPECT_EQ(
      summary(check(p, R"({"node_type_id": "Standard_DS3_v2", "num_workers": "9", "autotermination_minutes": "60"})")),
      "");
  EXPECT_EQ(
      summary(check(p, R"({"node_type_id": "Standard_DS3_v2", "num_workers": 10.5, "autotermination_minutes": 60.0})")),
      "num_workers [range(maxValue=10)] 10.5: must be at most 10\n");
}

TEST(PolicyCheckTest, SizingRulesOnTheOtherFormAreNotMissing) {
  const char* p =
      R"({"autoscale.max_workers": {"type": "range", "maxValue": 8}, "num_workers": {"type": "range", "maxValue": 4}})";
  EXPECT_EQ(summary(check(p, "{node_type_id: Standard_DS3_v2, num_workers: 3}")), "");
  EXPECT_EQ(summary(check(p, "{node_type_id: Standard_DS3_v2, autoscale: {min_workers: 1, max_workers: 8}}")), "");
  EXPECT_EQ(summary(check(p, "{node_type_id: Standard_DS3_v2, autoscale: {min_workers: 1, max_workers: 9}}")),
            "autoscale.max_workers [range(maxValue=8)] 9: must be at most 8\n");
  const char* single = R"({"num_workers": {"type": "fixed", "value": 0, "hidden": true}})";
  EXPECT_EQ(summary(check(single, "{node_type_id: Standard_DS3_v2, autoscale: {min_workers: 1, max_workers: 2}}")),
            "num_workers [fixed(value=0)] missing: must be 0; the spec autoscales instead\n");
}

TEST(PolicyCheckTest, NestedAndSparkConfPaths) {
  const char* p = R"({
    "spark_conf.spark.databricks.io.cache.enabled": {"type": "fixed", "value": "true"},
    "aws_attributes.availability": {"type": "allowlist", "values": ["SPOT_WITH_FALLBACK", "ON_DEMAND"]},
    "aws_attributes.spot_bid_price_percent": {"type": "range", "maxValue": 100, "isOptional": true},
    "init_scripts.0.workspace.destination": {"type": "fixed", "value": "/Shared/init.sh"}
  })";
  EXPECT_EQ(summary(check(p,
                          "node_type_id: i3.xlarge\nspark_conf: {spark.databricks.io.cache.enabled: true}\n"
                          "aws_attributes: {availability: SPOT, spot_bid_price_percent: 120}\n"
                          "init_scripts: [{workspace: {destination: /Shared/other.sh}}]\n")),
            "aws_attributes.availability [allowlist(values=[SPOT_WITH_FALLBACK, ON_DEMAND])] SPOT: must be one of "
            "SPOT_WITH_FALLBACK, ON_DEMAND\n"
            "aws_attributes.spot_bid_price_percent [range(maxValue=100)] 120: must be at most 100\n"
            "init_scripts.0.workspace.destination [fixed(value=/Shared/init.sh)] /Shared/other.sh: must be "
            "/Shared/init.sh\n");
}

TEST(PolicyCheckTest, WildcardRulesCheckEveryMatch) {
  const char* p = R"({
    "init_scripts.*.workspace.destination": {"type": "regex", "pattern": "/Shared/.*"},
    "ssh_public_keys.*": {"type": "forbidden"},
    "cluster_log_conf.type": {"type": "fixed", "value": "VOLUMES"}
  })";
  EXPECT_EQ(summary(check(p, "{node_type_id: Standard_DS3_v2}")), "");  // wildcards never require
  EXPECT_EQ(summary(check(
                p,
                "node_type_id: Standard_DS3_v2\n"
                "init_scripts: [{workspace: {destination: /Shared/a.sh}}, {workspace: {destination: /Users/b.sh}}]\n"
                "ssh_public_keys: [ssh-rsa AAA]\ncluster_log_conf: {dbfs: {destination: 'dbfs:/logs'}}\n")),
            "init_scripts.1.workspace.destination [regex(pattern=/Shared/.*)] /Users/b.sh: must match /Shared/.*\n"
            "ssh_public_keys.0 [forbidden] ssh-rsa AAA: must not be set\n"
            "cluster_log_conf.type [fixed(value=VOLUMES)] DBFS: must be VOLUMES\n");
}

TEST(PolicyCheckTest, ForbiddenWholeBlock) {
  const char* p = R"({"init_scripts": {"type": "forbidden"}})";
  EXPECT_EQ(summary(check(p, "{node_type_id: Standard_DS3_v2, init_scripts: [{workspace: {destination: /a.sh}}]}")),
            "init_scripts [forbidden] [{\"workspace\":{\"destination\":\"/a.sh\"}}]: must not be set\n");
}

TEST(PolicyCheckTest, ClusterTypeIsTheCallers) {
  const char* p = R"({"cluster_type": {"type": "fixed", "value": "job"}})";
  const char* spec = "{node_type_id: Standard_DS3_v2, num_workers: 1}";
  EXPECT_EQ(summary(check(p, spec, "job")), "");
  EXPECT_EQ(summary(check(p, spec, "all-purpose")), "cluster_type [fixed(value=job)] all-purpose: must be job\n");
  const char* no_ap = R"({"cluster_type": {"type": "blocklist", "values": ["all-purpose"]}})";
  EXPECT_EQ(summary(check(no_ap, spec, "dlt")), "");
  EXPECT_THROW(check(p, spec, "jobs"), InputError);
}

TEST(PolicyCheckTest, DbusPerHourByHandAzure) {
  const char* p = R"({"dbus_per_hour" : { "type" : "range", "maxValue" : 10 }})";
  // scenarios/data/instances.csv: Standard_DS3_v2 0.75 DBU/h, Standard_DS4_v2 1.5 DBU/h.
  // Driver DS4_v2 + 10 DS3_v2 workers: 1.5 + 10 x 0.75 = 9 DBU/h.
  EXPECT_EQ(summary(check(p, "{node_type_id: Standard_DS3_v2, driver_node_type_id: Standard_DS4_v2, num_workers: 10}")),
            "");
  // Standard_D8s_v3 1.5 DBU/h; photon_multipliers.csv AZURE all-purpose 2.0, job 2.5.
  // Autoscale to 8 workers, Photon: (1 + 8) x 1.5 x 2.0 = 27 all-purpose, x 2.5 = 33.75 as a job.
  const char* photon =
      "{node_type_id: Standard_D8s_v3, autoscale: {min_workers: 2, max_workers: 8}, runtime_engine: PHOTON}";
  EXPECT_EQ(summary(check(p, photon)), "dbus_per_hour [range(maxValue=10)] 27: must be at most 10\n");
  EXPECT_EQ(summary(check(p, photon, "job")), "dbus_per_hour [range(maxValue=10)] 33.75: must be at most 10\n");
  // The same spec with runtime_engine STANDARD: 9 x 1.5 = 13.5.
  EXPECT_EQ(summary(check(p, "{node_type_id: Standard_D8s_v3, autoscale: {min_workers: 2, max_workers: 8}}")),
            "dbus_per_hour [range(maxValue=10)] 13.5: must be at most 10\n");
  // A single node is its driver: 1.5.
  EXPECT_EQ(summary(check(p, "{node_type_id: Standard_D8s_v3, is_single_node: true}")), "");
}

TEST(PolicyCheckTest, DbusPerHourByHandAws) {
  const char* p = R"({"dbus_per_hour": {"type": "range", "maxValue": 13.5}})";
  // instances.csv: m5.2xlarge 1.37, m5.xlarge 0.69 DBU/h; photon_multipliers.csv AWS all-purpose 2.0.
  // (1.37 + 8 x 0.69) x 2.0 = 6.89 x 2.0 = 13.78 DBU/h.
  const auto vs =
      check(p,
            "{node_type_id: m5.xlarge, driver_node_type_id: m5.2xlarge, runtime_engine: PHOTON,"
            " autoscale: {min_workers: 2, max_workers: 8}, aws_attributes: {availability: SPOT_WITH_FALLBACK}}");
  EXPECT_EQ(summary(vs), "dbus_per_hour [range(maxValue=13.5)] 13.78: must be at most 13.5\n");
}

TEST(PolicyCheckTest, DbusPerHourNeedsPricing) {
  const Policy p = policy(R"({"dbus_per_hour": {"type": "range", "maxValue": 1}})");
  EXPECT_THROW(check_policy(p, YamlView::parse("{node_type_id: Standard_DS3_v2}", "s"), "job", PolicyPricing{}),
               ModelError);
}

TEST(PolicyCheckTest, ViolationJson) {
  const auto vs = check(
      R"({"num_workers": {"type": "range", "maxValue": 4}, "spark_version": {"type": "regex", "pattern": "1.*"}})",
      "{node_type_id: Standard_DS3_v2, num_workers: 6}");
  ASSERT_EQ(vs.size(), 2u);
  EXPECT_EQ(vs[0].to_json().dump(),
            R"({"path":"num_workers","rule":{"type":"range","maxValue":4},"actual":6,"missing":false,)"
            R"("message":"must be at most 4"})");
  EXPECT_EQ(vs[1].to_json()["actual"], nullptr);
  EXPECT_TRUE(vs[1].missing);
}

}  // namespace
}  // namespace dbcost
