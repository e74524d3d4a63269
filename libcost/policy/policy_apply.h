// What a policy makes of a spec.
//
// apply_policy: what Databricks creates from the spec under the policy. Fixed values are set on
// omitted attributes always; defaultValues fill omitted attributes when apply_default_values is
// true — the create-compute UI always, the API when the spec sets apply_policy_default_values
// ("When set to false, only fixed values from the policy will be applied": the Clusters API field
// apply_policy_default_values, Databricks CLI bundle schema compute.ClusterSpec,
// https://github.com/databricks/cli/blob/7bbe2852131bc5c4a6c7bad5f147bc7772eedf9f/bundle/schema/jsonschema.json).
// A value that breaks a rule is left as it is: Databricks would reject the spec, and
// check_policy reports it. Hidden attributes are listed. Defaults and fixed values for the sizing
// form the spec does not use (num_workers against autoscale) are not added, except a fixed
// num_workers, which replaces autoscale. A fixed instance_pool_id drops node_type_id and
// driver_node_type_id, as Databricks does (the pool gives the node type); the violations are read
// before, the spec's node type standing for the pool's.
//
// enforce_policy: the nearest spec the policy accepts, for what-if costing. Defaults are applied,
// then every rule is made to hold: fixed values set, forbidden attributes removed, numbers
// clamped to the range bounds (autoscale.min_workers lowered to max_workers if the clamps cross),
// values outside an allowlist (or inside a blocklist, or not matching a regex) replaced by the
// defaultValue, else for an allowlist its first value, else removed when the rule lets it be
// missing. Last, a dbus_per_hour maxValue lowers the worker count (autoscale.max_workers, else
// num_workers; min_workers follows) to the largest that fits, driver included. What cannot be
// enforced (cluster_type, a driver alone over the DBU limit, a regex with no default) stays in
// `remaining`, the violations the enforced spec still has.
#pragma once

#include <string>
#include <vector>

#include "policy/policy_check.h"

namespace dbcost {

struct PolicyChange {
  std::string path;
  Json before;  // null = absent
  Json after;   // null = removed
  std::string reason;

  Json to_json() const;
};

struct AppliedSpec {
  Json spec;
  std::vector<std::string> hidden;  // paths of hidden rules
  std::vector<PolicyChange> changes;
  std::vector<Violation> remaining;  // check_policy of `spec`
};

// `spec` is a new_cluster mapping as JSON (cluster_json).
AppliedSpec apply_policy(const Policy& policy, const Json& spec, bool apply_default_values,
                         const std::string& cluster_type, const PolicyPricing& pricing);
AppliedSpec enforce_policy(const Policy& policy, const Json& spec, const std::string& cluster_type,
                           const PolicyPricing& pricing);

Json applied_json(const AppliedSpec& applied);

}  // namespace dbcost
