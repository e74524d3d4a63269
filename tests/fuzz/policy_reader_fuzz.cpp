// Cluster policy JSON -> Policy (policy/policy_definition.h), then a fixed small cluster spec is
// checked against it for each cluster type (policy/policy_check.h) and the policy applied to it
// (policy/policy_apply.h), priced with the embedded price book and instance catalog.
#include "fuzz_input.h"
#include "io/timestamp.h"
#include "policy/cluster_attributes.h"
#include "policy/policy_apply.h"
#include "policy/policy_check.h"

namespace {

constexpr const char* kSpec =
    "{spark_version: 15.4.x-scala2.12, node_type_id: Standard_DS3_v2, driver_node_type_id: Standard_DS4_v2, "
    "autoscale: {min_workers: 1, max_workers: 4}, autotermination_minutes: 30, runtime_engine: PHOTON, "
    "custom_tags: {team: data}, spark_conf: {spark.databricks.cluster.profile: singleNode}, "
    "azure_attributes: {availability: SPOT_WITH_FALLBACK_AZURE, first_on_demand: 1}}";

struct Fixture {
  dbcost::LoadedPricing loaded = dbcost::load_pricing({});
  dbcost::YamlView spec = dbcost::YamlView::parse(kSpec, "spec.yaml");
  dbcost::Json spec_json = dbcost::cluster_json(spec);
  dbcost::PolicyPricing pricing() const {
    dbcost::PolicyPricing p;
    p.pricing = &loaded;
    p.at = *dbcost::parse_timestamp_utc("2026-03-01");
    return p;
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const Fixture fixture;
  const std::string text(dbcost::fuzz::as_text(data, size));
  dbcost::fuzz::expect_input_errors([&] {
    const dbcost::Policy policy = dbcost::parse_policy(text, "policy.json");
    for (const char* type : {"job", "all-purpose", "dlt"})
      dbcost::fuzz::expect_input_errors([&] {
        for (const auto& v : dbcost::check_policy(policy, fixture.spec, type, fixture.pricing())) (void)v.to_json();
      });
    dbcost::fuzz::expect_input_errors([&] {
      dbcost::applied_json(dbcost::apply_policy(policy, fixture.spec_json, true, "all-purpose", fixture.pricing()));
    });
  });
  return 0;
}
