// How bundle configuration trees combine, as the Databricks CLI combines them (databricks/cli
// libs/dyn/merge and bundle/config/root.go, docs/bundles.md):
//  - an included file merges into the root, and a target's `resources` (and `bundle`,
//    `workspace`, `presets`, ...) merge over the root's: mappings key by key, recursively;
//    sequences are concatenated; a scalar replaces; a null never removes anything;
//  - after a merge, the items of a job's `job_clusters` that share a job_cluster_key, of its
//    `tasks` that share a task_key and of a pipeline's `clusters` that share a label (default
//    "default", case-insensitive) merge into the first of them, in the same way.
// Every function builds fresh containers around the original child nodes, so values keep their
// file positions and the source trees are never written through (yaml-cpp assignment aliases).
#pragma once

#include <initializer_list>
#include <string>
#include <vector>

#include "bundle/bundle_sources.h"

namespace dbcost {

// Merges `over` into `base`; a mapping over a sequence (or the reverse) is an InputError at `over`.
YAML::Node merge_config(const YAML::Node& base, const YAML::Node& over, const BundleSources& sources,
                        const std::string& path);

// Merges the keyed items of every job's job_clusters and tasks and every pipeline's clusters.
YAML::Node merge_keyed_items(const YAML::Node& resources, const BundleSources& sources);

// The child at `key`, or an undefined node when `node` is not a mapping or lacks the key (plain
// yaml-cpp throws on a subscript of a missing child or of a scalar).
YAML::Node child(const YAML::Node& node, const std::string& key);
// child() along a path of keys.
YAML::Node child(const YAML::Node& node, std::initializer_list<const char*> keys);

// A fresh mapping with `key` set to `value` (replaced in place, or appended).
YAML::Node with_key(const YAML::Node& map, const std::string& key, const YAML::Node& value);
// A fresh mapping without `key`.
YAML::Node without_key(const YAML::Node& map, const std::string& key);
// A fresh mapping with the entries of `map` whose keys are in `keys`, in the map's order.
YAML::Node pick_keys(const YAML::Node& map, const std::vector<std::string>& keys);

}  // namespace dbcost
