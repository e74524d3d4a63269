// Databricks' policy families: managed base definitions a policy inherits through
// `policy_family_id` and adjusts with `policy_family_definition_overrides` (Terraform databricks_cluster_policy,
// https://github.com/databricks/terraform-provider-databricks/blob/main/docs/resources/cluster_policy.md).
// Databricks does not publish the families' JSON; dbcost ships definitions rebuilt from
// the documented properties of each default policy, rule by rule with its source, in
// scenarios/policies/families/*.json (see SOURCES.md there). The copies compiled in here are
// tested to equal those files.
#pragma once

#include <string>
#include <vector>

#include "core/errors.h"
#include "policy/cluster_attributes.h"

namespace dbcost {

struct PolicyFamily {
  std::string policy_family_id;  // personal-vm, shared-compute, power-user, job-cluster, shared-data-science
  std::string name;              // Personal Compute, ...
  std::string file_text;         // the family file: {"policy_family_id", "name", "description", "definition"}

  Json document() const;
  Json definition() const;
};

const std::vector<PolicyFamily>& policy_families();
// Throws InputError at `where` (with a did-you-mean over the known ids) for an unknown id.
const PolicyFamily& policy_family(const std::string& id, const SourceLocation& where);

}  // namespace dbcost
