// The clusters a policy check looks at: one new_cluster spec, or every classic cluster of a
// scenario (a bundle's are in bundle/bundle_policy_targets.h; telling a path's kind apart is
// commands/input_kind.h).
//
// A file is a scenario when its top level has a scenario key (jobs, all_purpose_clusters, period,
// sql_warehouses, instance_pools, scenario); see docs/scenario.md. Its clusters are
// jobs.<job>.job_clusters[].new_cluster (named <job>/<job_cluster_key>, cluster_type job),
// jobs.<job>.tasks[].new_cluster (<job>/<task_key>, job) and all_purpose_clusters.<name>.new_cluster
// (<name>, all-purpose). Variants are not expanded: the base scenario is checked. Otherwise the file
// is one new_cluster spec (optionally wrapped in {"new_cluster": ...}) named by its path, with
// the cluster type the caller gives.
//
// Which policy applies: a cluster naming a `policy_id` is checked against the given policy whose
// `policy_id` field, `name` or file stem equals it; any other
// cluster — no policy_id, or one not given — against the first policy given.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/sku.h"
#include "io/yaml_reader.h"
#include "policy/policy_definition.h"

namespace dbcost {

struct PolicyTarget {
  std::string name;
  std::string cluster_type;
  std::string policy_id;       // the spec's policy_id, or ""
  std::optional<Cloud> cloud;  // the scenario's `cloud`, when it gives one
  SourceLocation where;        // file, line and column of the new_cluster mapping, and its YAML path
  YamlView spec;
  // Maps an error in `spec` to its own file (a bundle's clusters live in one line space over its
  // files); empty when `spec` is read from one file.
  std::function<InputError(const InputError&)> relocate;
};

// One cluster mapping as a target (cloud: the enclosing file's, when it gives one).
PolicyTarget policy_target_at(const YamlView& cluster, std::string name, std::string cluster_type,
                              std::optional<Cloud> cloud);
// The item's `key`, or "#<index>" when it has none (job clusters and tasks are named by their keys).
std::string key_or_index_of(const YamlView& item, const char* key, std::size_t index);

bool is_scenario(const YamlView& root);
std::vector<PolicyTarget> policy_targets_from_scenario(const std::string& path);
std::vector<PolicyTarget> policy_targets_from_view(const YamlView& scenario_root);

// The policy whose policy_id, name or file stem is `policy_id`, or nullptr.
const Policy* policy_named(const std::vector<Policy>& policies, const std::string& policy_id);
// Throws std::invalid_argument for an empty list.
const Policy& policy_for(const std::vector<Policy>& policies, const PolicyTarget& target);

}  // namespace dbcost
