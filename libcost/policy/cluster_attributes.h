// A cluster spec seen as a policy sees it: a flat map from attribute path to JSON value.
//
// Paths follow the compute policy reference (https://docs.databricks.com/aws/en/admin/clusters/policy-definition,
// "Supported attributes" table): nested names joined with dots (`autoscale.max_workers`,
// `azure_attributes.availability`), list items by index (`init_scripts.0.workspace.destination`,
// `ssh_public_keys.1`). The keys of the free-form maps `spark_conf`, `spark_env_vars` and
// `custom_tags` contain dots themselves, so they are kept whole after the prefix
// (`spark_conf.spark.databricks.io.cache.enabled` is one step under `spark_conf`).
// `cluster_log_conf.type` (DBFS, S3, VOLUMES, ...) and `cluster_log_conf.path` (its destination)
// are derived from the one destination block the Clusters API spec holds.
// A rule path may use `*` for one step (`init_scripts.*.workspace.destination`).
//
// YAML plain scalars are read as YAML 1.2 core types (null, true/false, integers, floats); quoted
// scalars stay strings, so JSON specs keep `"4"` and `4` apart.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "io/yaml_reader.h"

namespace dbcost {

using Json = nlohmann::ordered_json;

// Path -> value in the spec's own order; only leaves (scalars, and empty lists or maps) appear.
using ClusterAttributes = std::vector<std::pair<std::string, Json>>;

Json yaml_to_json(const YAML::Node& node);
// The spec as JSON; a view holding only `new_cluster: {...}` is unwrapped.
Json cluster_json(const YamlView& view);
ClusterAttributes flatten_cluster(const Json& spec);
const Json* find_attribute(const ClusterAttributes& attributes, const std::string& path);

std::vector<std::string> split_path(const std::string& path);
// The node at `path` in a nested spec (a leaf or a whole block such as `autoscale`, list items by
// index), or nullptr when the path leads nowhere.
const Json* find_subtree(const Json& spec, const std::string& path);
bool is_wildcard_path(const std::string& path);
// Whether an attribute path is matched by a rule path (`*` matches one step).
bool path_matches(const std::string& rule_path, const std::string& attribute_path);

// Sets or removes the attribute at `path` in a nested spec, creating maps and growing lists as
// needed, and removing maps and lists left empty by a removal.
void set_attribute(Json& spec, const std::string& path, const Json& value);
void erase_attribute(Json& spec, const std::string& path);

// The text a value is shown and matched as: strings as they are, other values as JSON.
std::string value_text(const Json& value);

}  // namespace dbcost
