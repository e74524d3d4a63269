// What a path given to `dbcost policy check` or `apply` holds: a bundle (a directory, a
// databricks.yml, or a YAML file with a top-level `bundle` key that is not a scenario), a scenario
// (policy/policy_targets.h: is_scenario), or one new_cluster spec (optionally wrapped in
// {"new_cluster": ...}) named by its path, with the cluster type the caller gives.
#pragma once

#include <string>
#include <vector>

#include "bundle/bundle.h"
#include "policy/policy_targets.h"

namespace dbcost {

bool is_bundle(const std::string& path);
// The clusters of the bundle (for the options' target), scenario or spec at `path`.
std::vector<PolicyTarget> load_policy_targets(const std::string& path, const std::string& cluster_type,
                                              const BundleOptions& bundle_options = {});

}  // namespace dbcost
