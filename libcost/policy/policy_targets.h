// The clusters a policy check looks at: one spec file, or every classic cluster of a scenario.
//
// A bundle (a directory, or a YAML file with a top-level `bundle` key) is read for one target
// (bundle.h): its clusters are resources.jobs as in a scenario, resources.clusters.<name>
// (all-purpose) and resources.pipelines.<name>.clusters[] (<name>/<label>, dlt).
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

#include <optional>
#include <string>
#include <vector>

#include "bundle/bundle.h"
#include "io/yaml_reader.h"
#include "policy/policy_definition.h"
#include "pricing/sku.h"

namespace dbcost {

struct PolicyTarget {
  std::string name;
  std::string cluster_type;
  std::string policy_id;       // the spec's policy_id, or ""
  std::optional<Cloud> cloud;  // the scenario's `cloud`, when it gives one
  SourceLocation where;        // file, line and column of the new_cluster mapping, and its YAML path
  YamlView spec;
};

bool is_scenario(const YamlView& root);
std::vector<PolicyTarget> policy_targets_from_scenario(const std::string& path);
std::vector<PolicyTarget> policy_targets_from_view(const YamlView& scenario_root);
// A spec file or a scenario file, told apart by is_scenario. `cluster_type` is for a spec file.
std::vector<PolicyTarget> policy_targets_from_bundle(const Bundle& bundle);
bool is_bundle(const std::string& path);
std::vector<PolicyTarget> load_policy_targets(const std::string& path, const std::string& cluster_type,
                                              const BundleOptions& bundle_options = {});

// The policy whose policy_id, name or file stem is `policy_id`, or nullptr.
const Policy* policy_named(const std::vector<Policy>& policies, const std::string& policy_id);
// Throws std::invalid_argument for an empty list.
const Policy& policy_for(const std::vector<Policy>& policies, const PolicyTarget& target);

}  // namespace dbcost
