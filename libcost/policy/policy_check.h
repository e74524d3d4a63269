// Checking a cluster spec against a policy: every violation, each with its path, its rule and
// the value found.
//
// Semantics (compute policy reference, https://docs.databricks.com/aws/en/admin/clusters/policy-definition;
// apply_policy_default_values in the Clusters API; docs/policy.md):
//  - a present attribute must satisfy its rule (policy_rule.h); forbidden ones must be absent;
//  - a missing attribute is a violation only when the rule needs it: allowlist, blocklist, regex
//    and range rules without isOptional and without a defaultValue. A defaultValue counts as
//    filling it (the create-compute UI always applies defaults; the API when
//    apply_policy_default_values is true). fixed rules never need it: Databricks applies fixed
//    values to omitted fields whatever apply_policy_default_values says. unlimited restricts
//    nothing;
//  - sizing: a spec sizes with num_workers or with autoscale, so a rule on the form the spec does
//    not use is not missing — except a fixed num_workers against an autoscaling spec, which
//    cannot be filled in and is reported;
//  - a wildcard rule (`init_scripts.*.workspace.destination`) applies to every attribute it
//    matches and never requires one;
//  - cluster_type is the caller's; dbus_per_hour is computed (virtual_attributes.h) only when the
//    policy limits it, on the cluster Databricks creates (policy_cluster_dbus): the policy's fixed
//    values and defaultValues set on the attributes the spec omits, so a fixed runtime_engine
//    PHOTON counts (x2.9 on AWS jobs) whether the spec says it or not. `policy check` and
//    `policy apply` read the same figure.
#pragma once

#include <string>
#include <vector>

#include "policy/policy_definition.h"
#include "policy/virtual_attributes.h"

namespace dbcost {

struct Violation {
  std::string path;  // the attribute's path (a wildcard rule reports each match)
  const PolicyRule* rule = nullptr;
  bool missing = false;
  Json actual;  // null when missing
  std::string message;
  std::string location;  // file:line:column of the value in the spec; "" when missing or computed

  std::string actual_text() const { return missing ? "missing" : value_text(actual); }
  Json to_json() const;  // {path, rule: {type, ...}, actual, missing, message}
};

// The cluster Databricks creates from `spec` (a new_cluster mapping as JSON): fixed values set on
// omitted attributes, and defaultValues when `apply_default_values` (policy_apply.h has the sizing
// rules). An unchanged spec comes back equal.
Json created_cluster(const Policy& policy, const Json& spec, bool apply_default_values);
// dbus_per_hour of the cluster created from `spec` under the policy (cluster_dbus of created_cluster).
// Errors point into `spec` when the policy adds nothing to it.
ClusterDbus policy_cluster_dbus(const Policy& policy, const YamlView& spec, bool apply_default_values,
                                const std::string& cluster_type, const PolicyPricing& pricing);

std::vector<Violation> check_policy(const Policy& policy, const YamlView& spec, const std::string& cluster_type,
                                    const PolicyPricing& pricing);
// A spec already held as JSON (after apply or enforce).
std::vector<Violation> check_policy(const Policy& policy, const Json& spec, const std::string& cluster_type,
                                    const PolicyPricing& pricing);

}  // namespace dbcost
