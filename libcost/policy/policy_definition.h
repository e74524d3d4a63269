// A compute policy: its rules, one per attribute path, read from the JSON Databricks uses.
//
// Accepted forms (compute policy reference, https://docs.databricks.com/aws/en/admin/clusters/policy-definition;
// Terraform databricks_cluster_policy):
//  - a bare definition: {"<path>": {"type": ..., ...}, ...};
//  - a policy object as the Cluster Policies API and Terraform hold it: {"name", "policy_id",
//    "definition", "policy_family_id", "policy_family_definition_overrides", "description",
//    "max_clusters_per_user", "libraries", ...}. `definition` and the overrides may be JSON text
//    (as the API sends them) or inline objects. With `definition` it is used as is (the API returns
//    the effective definition of a family-based policy); otherwise the family's definition
//    (policy_families.h) is the base and each override rule replaces or adds the rule at its path
//    ("Policy rules specified here are merged into the inherited policy definition").
// A path's first step must be a Clusters API attribute or a virtual one (dbus_per_hour,
// cluster_type): a misspelt path would otherwise limit nothing. Errors are InputErrors with the
// file, line and column (of the JSON syntax error, or of the rule) and the rule's path.
// What the Policies API stores but dbcost reads leniently (policy_rule.h) is kept in `notes`,
// each with the location of the field it is about; the CLI prints them as warnings.
#pragma once

#include <string>
#include <vector>

#include "policy/policy_rule.h"

namespace dbcost {

struct PolicyNote {
  SourceLocation where;
  std::string message;

  std::string text() const;  // "file:line:column: field: message"
};

struct Policy {
  std::string name;       // `name`, else the file's stem, else "policy"
  std::string policy_id;  // `policy_id`, or ""
  std::string family_id;  // `policy_family_id`, or ""
  std::string file;       // "" when not read from a file
  std::vector<PolicyRule> rules;
  std::vector<PolicyNote> notes;

  const PolicyRule* rule(const std::string& path) const;
  bool uses(const std::string& path) const { return rule(path) != nullptr; }
  std::vector<std::string> hidden_paths() const;
  Json definition_json() const;
};

Policy parse_policy(const std::string& text, const std::string& file_name);
Policy load_policy(const std::string& path);
// A definition already parsed (Python dicts); errors carry paths but no lines.
Policy policy_from_json(const Json& document, const std::string& name);

// The virtual attributes a policy may limit and the Clusters API attributes it may name.
const std::vector<std::string>& policy_attribute_names();

}  // namespace dbcost
