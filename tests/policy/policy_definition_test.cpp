#include "policy/policy_definition.h"

#include <gtest/gtest.h>

namespace dbcost {
namespace {

const std::string kRoot = std::string(DBCOST_SOURCE_DIR) + "/";

// Verbatim from the compute policy reference, https://docs.databricks.com/aws/en/admin/clusters/policy-definition.
const char* kReferenceExample = R"({
   "autotermination_minutes" : {
    "type" : "unlimited",
    "defaultValue" : 4320,
    "isOptional" : true
  },
  "instance_pool_id": {
    "type": "forbidden",
    "hidden": true
  },
  "runtime_engine": {
    "type": "fixed",
    "value": "PHOTON",
    "hidden": true
  }
})";

InputError parse_error(const std::string& text, const std::string& file = "policy.json") {
  try {
    parse_policy(text, file);
  } catch (const InputError& e) {
    return e;
  }
  return InputError({}, "no error");
}

TEST(PolicyDefinitionTest, ReferenceExampleParses) {
  const Policy p = parse_policy(kReferenceExample, "policies/photon_default.json");
  EXPECT_EQ(p.name, "photon_default");
  ASSERT_EQ(p.rules.size(), 3u);
  EXPECT_EQ(p.rules[0].path, "autotermination_minutes");
  EXPECT_EQ(p.rules[0].type, RuleType::Unlimited);
  EXPECT_EQ(*p.rules[0].default_value, 4320);
  EXPECT_TRUE(p.rules[0].is_optional);
  EXPECT_EQ(p.rules[1].type, RuleType::Forbidden);
  EXPECT_EQ(p.rules[2].type, RuleType::Fixed);
  EXPECT_EQ(p.rules[2].value, "PHOTON");
  EXPECT_EQ(p.hidden_paths(), (std::vector<std::string>{"instance_pool_id", "runtime_engine"}));
  EXPECT_EQ(p.rules[2].where.line, 11u);  // the "runtime_engine" key
  EXPECT_EQ(p.rules[2].where.column, 3u);
}

TEST(PolicyDefinitionTest, ReferenceFragmentsParse) {
  // Custom tags and virtual attributes, examples from Terraform's databricks_cluster_policy docs, verbatim.
  const Policy tags = parse_policy(R"({"custom_tags.Team": {"type":"fixed","value":"marketing"}})", "");
  EXPECT_EQ(tags.rules[0].path, "custom_tags.Team");
  const Policy dbus = parse_policy(R"({"dbus_per_hour" : { "type" : "range", "maxValue" : 10 }})", "");
  EXPECT_EQ(dbus.rules[0].max_value->to_string(), "10");
  EXPECT_FALSE(dbus.rules[0].min_value.has_value());
  const Policy type = parse_policy(R"({"cluster_type": {"type": "fixed", "value": "job"}})", "");
  EXPECT_EQ(type.rules[0].value, "job");
  EXPECT_EQ(type.name, "policy");
}

TEST(PolicyDefinitionTest, PolicyObjectWithDefinitionAsText) {
  const Policy p = parse_policy(
      R"({"policy_id": "ABC123", "name": "Small jobs", "max_clusters_per_user": 5,
          "definition": "{\"num_workers\": {\"type\": \"range\", \"maxValue\": 4}}"})",
      "small.json");
  EXPECT_EQ(p.name, "Small jobs");
  EXPECT_EQ(p.policy_id, "ABC123");
  ASSERT_EQ(p.rules.size(), 1u);
  EXPECT_EQ(p.rules[0].describe(), "range(maxValue=4)");
}

TEST(PolicyDefinitionTest, FamilyOverridesMergeOverTheFamily) {
  const Policy p = parse_policy(R"({
    "policy_family_id": "personal-vm",
    "policy_family_definition_overrides": {
      "autotermination_minutes": {"type": "fixed", "value": 120, "hidden": true},
      "node_type_id": {"type": "allowlist", "values": ["Standard_DS3_v2"], "defaultValue": "Standard_DS3_v2"}
    }
  })",
                                "mine.json");
  EXPECT_EQ(p.family_id, "personal-vm");
  std::vector<std::string> paths;
  for (const auto& r : p.rules) paths.push_back(r.path);
  EXPECT_EQ(paths,
            (std::vector<std::string>{"cluster_type", "num_workers", "spark_conf.spark.databricks.cluster.profile",
                                      "custom_tags.ResourceClass", "data_security_mode", "spark_version",
                                      "autotermination_minutes", "node_type_id"}));
  EXPECT_EQ(p.rule("autotermination_minutes")->value, 120);  // overridden in place
  EXPECT_EQ(p.rule("num_workers")->value, 0);                // inherited
}

TEST(PolicyDefinitionTest, FamilyOverridesAsTextAsTheApiSendsThem) {
  const Policy p = parse_policy(
      R"({"policy_family_id": "job-cluster",
          "policy_family_definition_overrides": "{\"dbus_per_hour\": {\"type\": \"range\", \"maxValue\": 20}}"})",
      "jobs.json");
  ASSERT_NE(p.rule("dbus_per_hour"), nullptr);
  EXPECT_EQ(p.rule("cluster_type")->value, "job");
}

TEST(PolicyDefinitionTest, DefinitionJsonRoundTrips) {
  const Policy p = parse_policy(kReferenceExample, "");
  const Policy again = policy_from_json(p.definition_json(), "again");
  EXPECT_EQ(again.definition_json(), p.definition_json());
  EXPECT_EQ(p.definition_json().dump(),
            R"({"autotermination_minutes":{"type":"unlimited","defaultValue":4320,"isOptional":true},)"
            R"("instance_pool_id":{"type":"forbidden","hidden":true},)"
            R"("runtime_engine":{"type":"fixed","value":"PHOTON","hidden":true}})");
}

TEST(PolicyDefinitionTest, MalformedJsonHasLineAndColumn) {
  try {
    load_policy(kRoot + "tests/policy/data/malformed.json");
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().line, 3u);
    EXPECT_EQ(e.where().column, 42u);  // nlohmann points at the end of the unexpected token
    EXPECT_EQ(e.reason().rfind("malformed JSON: syntax error while parsing object", 0), 0u) << e.reason();
  }
}

TEST(PolicyDefinitionTest, UnknownTypeIsLocatedWithDidYouMean) {
  try {
    load_policy(kRoot + "tests/policy/data/unknown_type.json");
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().line, 3u);
    EXPECT_EQ(e.where().column, 5u);
    EXPECT_EQ(e.where().field, "autotermination_minutes.type");
    EXPECT_EQ(e.reason(), "unknown rule type 'rnage' (did you mean 'range'?)");
  }
}

TEST(PolicyDefinitionTest, UnknownAttributeSaysDidYouMean) {
  const auto e = parse_error("{\n  \"autotermination_minute\": {\"type\": \"fixed\", \"value\": 60}\n}");
  EXPECT_EQ(std::string(e.what()),
            "policy.json:2:3: autotermination_minute: unknown attribute 'autotermination_minute' (did you mean "
            "'autotermination_minutes'?): a policy path starts with a Clusters API attribute, dbus_per_hour or "
            "cluster_type");
  EXPECT_EQ(std::string(parse_error(R"({"autoscale.max_worker": {"type": "range", "maxValue": 4}})").what()),
            "policy.json:1:2: autoscale.max_worker: expected autoscale.min_workers or autoscale.max_workers (did you "
            "mean 'max_workers'?)");
}

TEST(PolicyDefinitionTest, ClusterTypeValuesAreChecked) {
  EXPECT_EQ(
      std::string(parse_error(R"({"cluster_type": {"type": "allowlist", "values": ["job", "all_purpose"]}})").what()),
      "policy.json:1:40: cluster_type.values: cluster_type is all-purpose, job or dlt, got 'all_purpose' (did "
      "you mean 'all-purpose'?)");
}

TEST(PolicyDefinitionTest, UnknownPolicyKeyAndFamilyAreErrors) {
  EXPECT_EQ(std::string(parse_error(R"({"definition": {}, "nmae": "x"})").what()),
            "policy.json:1:20: nmae: unknown policy key 'nmae' (did you mean 'name'?)");
  EXPECT_EQ(std::string(parse_error(R"({"policy_family_id": "personal_vm"})").what()),
            "policy.json:1:2: policy_family_id: unknown policy family 'personal_vm' (did you mean 'personal-vm'?); "
            "dbcost knows personal-vm, shared-compute, power-user, job-cluster, shared-data-science");
  EXPECT_EQ(std::string(parse_error(R"([1, 2])").what()),
            "policy.json: a policy is a JSON object of rules, or a policy object with a definition");
}

TEST(PolicyDefinitionTest, ShippedExamplePoliciesParse) {
  for (const char* name : {"cost_guard", "photon_jobs", "personal_compute"}) {
    const Policy p = load_policy(kRoot + "scenarios/policies/" + name + ".json");
    EXPECT_FALSE(p.rules.empty()) << name;
  }
}

TEST(PolicyDefinitionTest, NumberTooLargeForADoubleIsBadInputNotAnInternalError) {
  // nlohmann throws out_of_range (not parse_error) for 1e400.
  EXPECT_STREQ(parse_error(R"({"autotermination_minutes": {"type": "range", "maxValue": 1e400}})").what(),
               "policy.json:1:59: malformed JSON: number overflow parsing '1e400'");
}

}  // namespace
}  // namespace dbcost
