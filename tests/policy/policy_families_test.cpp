#include "policy/policy_families.h"

#include <gtest/gtest.h>

#include "io/atomic_file.h"
#include "policy/policy_check.h"

namespace dbcost {
namespace {

const std::string kRoot = std::string(DBCOST_SOURCE_DIR) + "/";

TEST(PolicyFamiliesTest, CompiledCopiesEqualTheDataFiles) {
  ASSERT_EQ(policy_families().size(), 5u);
  for (const auto& f : policy_families()) {
    const Json file = Json::parse(read_file(kRoot + "scenarios/policies/families/" + f.policy_family_id + ".json"));
    EXPECT_EQ(f.document(), file) << f.policy_family_id;
    EXPECT_EQ(file["policy_family_id"], f.policy_family_id);
    EXPECT_EQ(file["name"], f.name);
  }
}

TEST(PolicyFamiliesTest, EveryFamilyParsesAsAPolicy) {
  for (const auto& f : policy_families()) {
    const Policy p = parse_policy(R"({"policy_family_id": ")" + f.policy_family_id + R"("})", "");
    EXPECT_EQ(p.rules.size(), f.definition().size()) << f.policy_family_id;
    ASSERT_NE(p.rule("cluster_type"), nullptr) << f.policy_family_id;
  }
}

TEST(PolicyFamiliesTest, DefaultPoliciesAreTheDocumentedFour) {
  // Default policies (https://docs.databricks.com/aws/en/admin/clusters/policy-families): Personal Compute,
  // Shared Compute, Power User Compute, Job Compute (and Legacy Shared Compute, from the
  // default_policy_family_ids map cited in scenarios/policies/families/SOURCES.md).
  std::vector<std::string> names;
  for (const auto& f : policy_families()) names.push_back(f.name);
  EXPECT_EQ(names, (std::vector<std::string>{"Personal Compute", "Shared Compute", "Power User Compute", "Job Compute",
                                             "Legacy Shared Compute"}));
  EXPECT_EQ(policy_family("personal-vm", {}).name, "Personal Compute");
}

TEST(PolicyFamiliesTest, JobComputeRejectsAllPurposeClusters) {
  const Policy p = parse_policy(R"({"policy_family_id": "job-cluster"})", "");
  const auto spec = YamlView::parse("{node_type_id: Standard_DS3_v2, num_workers: 2}", "spec.yaml");
  EXPECT_TRUE(check_policy(p, spec, "job", {}).empty());
  const auto vs = check_policy(p, spec, "all-purpose", {});
  ASSERT_EQ(vs.size(), 1u);
  EXPECT_EQ(vs[0].path, "cluster_type");
}

TEST(PolicyFamiliesTest, OverridesTightenAFamily) {
  const Policy p = load_policy(kRoot + "scenarios/policies/personal_compute.json");
  const auto ok = YamlView::parse("{node_type_id: Standard_DS4_v2, num_workers: 0}", "spec.yaml");
  const auto gpu =
      YamlView::parse("{node_type_id: Standard_NC6s_v3, num_workers: 0, autotermination_minutes: 60}", "s");
  EXPECT_TRUE(check_policy(p, ok, "all-purpose", {}).empty());
  const auto vs = check_policy(p, gpu, "all-purpose", {});
  ASSERT_EQ(vs.size(), 2u);
  EXPECT_EQ(vs[0].path, "autotermination_minutes");  // the family fixes 4320
  EXPECT_EQ(vs[1].path, "node_type_id");             // the override's allowlist
}

TEST(PolicyFamiliesTest, UnknownFamilySaysDidYouMean) {
  try {
    policy_family("power_user", {"p.json", 2, 23, "policy_family_id"});
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              "p.json:2:23: policy_family_id: unknown policy family 'power_user' (did you mean 'power-user'?); dbcost "
              "knows personal-vm, shared-compute, power-user, job-cluster, shared-data-science");
  }
}

}  // namespace
}  // namespace dbcost
