// Policies named in a scenario: checked as it is read, enforced by a variant; and a bundle's clusters.
#include "workload/scenario_policies.h"

#include <gtest/gtest.h>

#include "bundle/bundle_policy_targets.h"
#include "commands/input_kind.h"
#include "core/errors.h"
#include "io/atomic_file.h"
#include "policy/policy_report.h"
#include "policy/policy_targets.h"
#include "workload/scenario_reader.h"

namespace dbcost {
namespace {

const std::string kRoot = std::string(DBCOST_SOURCE_DIR) + "/";
const std::string kGuarded = kRoot + "scenarios/guarded_platform.yaml";

const ClusterSpec& job_cluster(const Scenario& sc, const std::string& job, const std::string& key) {
  for (const auto& j : sc.jobs)
    if (j.name == job) return j.job_clusters.at(key);
  throw std::runtime_error("no job " + job);
}

TEST(ScenarioPoliciesTest, AClusterNamingAPolicyIsCheckedAsTheScenarioIsRead) {
  const Scenario sc = load_scenario(kGuarded);
  // hourly_features/wide: a Standard_D8s_v3 driver and 8 workers at 1.5 DBU/h, Photon x2.5 on job
  // compute: 9 x 3.75 = 33.75 DBU/h against cost_guard's maxValue 12. nightly_ingest/ingest (3 x 1.5 =
  // 4.5 DBU/h, spot with fallback, auto-termination by default) complies; analysts names no policy.
  ASSERT_EQ(sc.policy_findings.size(), 1u);
  const PolicyFinding& f = sc.policy_findings[0];
  EXPECT_EQ(f.cluster, "hourly_features/wide");
  EXPECT_EQ(f.policy, "cost_guard");
  EXPECT_EQ(f.path, "dbus_per_hour");
  EXPECT_EQ(f.actual, "33.75");
  EXPECT_EQ(f.message, "must be at most 12");
  EXPECT_EQ(f.location, kGuarded + ":42:11");
  EXPECT_TRUE(sc.policy_notes.empty());
}

TEST(ScenarioPoliciesTest, AVariantEnforcesThePolicyOnEveryCluster) {
  const Scenario sc = load_scenario(kGuarded, "cost_guard_everywhere");
  // wide: (12 - 3.75) / 3.75 = 2.2, so 2 workers; availability defaults to spot with fallback.
  const ClusterSpec& wide = job_cluster(sc, "hourly_features", "wide");
  EXPECT_EQ(wide.num_workers, 2);
  EXPECT_EQ(wide.availability, Availability::SpotWithFallback);
  EXPECT_EQ(wide.policy_id, "cost_guard");
  EXPECT_EQ(wide.runtime_engine, "PHOTON");  // kept: the policy says nothing of it
  // analysts: E8s_v3 at 2 DBU/h, all-purpose without Photon: (12 - 2) / 2 = 5 workers at most;
  // auto-termination 240 clamped to 120.
  ASSERT_EQ(sc.all_purpose.size(), 1u);
  const ClusterSpec& analysts = sc.all_purpose[0].cluster;
  ASSERT_TRUE(analysts.autoscale.has_value());
  EXPECT_EQ(analysts.autoscale->min_workers, 2);
  EXPECT_EQ(analysts.autoscale->max_workers, 5);
  EXPECT_EQ(analysts.autotermination_minutes, 120);
  EXPECT_EQ(analysts.availability, Availability::SpotWithFallback);
  // Every enforced cluster now names the policy and complies.
  EXPECT_TRUE(sc.policy_findings.empty());
  ASSERT_EQ(sc.policy_notes.size(), 3u);
  EXPECT_EQ(sc.policy_notes[1],
            "hourly_features/wide: cost_guard enforced (autotermination_minutes, azure_attributes.availability, "
            "num_workers)");
  // The base is untouched by reading the variant.
  EXPECT_EQ(job_cluster(load_scenario(kGuarded), "hourly_features", "wide").num_workers, 8);
}

TEST(ScenarioPoliciesTest, UnknownPolicyNamesAndFilesAreLocatedErrors) {
  std::string text = read_file(kGuarded);
  const std::string dir = kRoot + "scenarios/";
  auto error_of = [&](const std::string& t, const std::string& variant) {
    try {
      parse_scenario(t, dir + "x.yaml", variant);
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  std::string typo = text;
  typo.replace(typo.find("enforce_policy: cost_guard"), 26, "enforce_policy: cost_gaurd");
  EXPECT_NE(error_of(typo, "cost_guard_everywhere")
                .find("variants.cost_guard_everywhere.enforce_policy: no policy 'cost_gaurd' in policies: (did you "
                      "mean 'cost_guard'?)"),
            std::string::npos);
  std::string missing = text;
  missing.replace(missing.find("policies/photon_jobs.json"), 25, "policies/nope.json");
  EXPECT_NE(error_of(missing, "").find("policies.photon_jobs: no policy file '" + dir + "policies/nope.json'"),
            std::string::npos);
  std::string unnamed = text;
  unnamed.replace(unnamed.find("policy_id: cost_guard  # driver"), 21, "policy_id: 0123-ABCD");
  const Scenario sc = parse_scenario(unnamed, dir + "x.yaml");
  EXPECT_TRUE(sc.policy_findings.empty());
  ASSERT_EQ(sc.policy_notes.size(), 1u);
  EXPECT_EQ(sc.policy_notes[0],
            "hourly_features/wide: policy_id '0123-ABCD' is not in policies:, so it is not checked");
}

TEST(ScenarioPoliciesTest, ABundlesClustersAreJobPipelineAndAllPurposeTargets) {
  BundleOptions o;
  o.target = "prod";
  const auto targets = policy_targets_from_bundle(load_bundle(kRoot + "scenarios/bundles/medallion", o));
  std::vector<std::string> names;
  for (const auto& t : targets) names.push_back(t.name + " " + t.cluster_type + " " + t.policy_id);
  EXPECT_EQ(names, (std::vector<std::string>{"medallion/etl job photon-jobs", "medallion/gold job photon-jobs",
                                             "backfill/big job ", "clickstream/default dlt "}));

  // Only the two clusters naming photon-jobs are checked: etl, Standard_D8s_v3 at 1.5 DBU/h x 2.5 Photon
  // with 6 workers and the driver, 7 x 3.75 = 26.25; gold, Standard_E8ds_v4 at 2 x 2.5 autoscaling to 8,
  // 9 x 5 = 45; both over the policy's 20.
  static const LoadedPricing loaded = load_pricing({});
  PolicyPricing pricing;
  pricing.pricing = &loaded;
  const std::vector<Policy> policies = {load_policy(kRoot + "scenarios/policies/photon_jobs.json")};
  const auto checks = check_named_targets(policies, targets, pricing);
  ASSERT_EQ(checks.size(), 2u);
  for (const auto& c : checks) ASSERT_EQ(c.violations.size(), 1u) << c.target;
  EXPECT_EQ(checks[0].violations[0].actual_text(), "26.25");
  EXPECT_EQ(checks[1].violations[0].actual_text(), "45");
}

}  // namespace
}  // namespace dbcost
