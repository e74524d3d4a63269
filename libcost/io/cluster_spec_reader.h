// Reading a `new_cluster` mapping (spec/cluster_spec.h) from a scenario, bundle or spec file, with
// the location of every value for errors and policy findings.
#pragma once

#include "io/yaml_reader.h"
#include "spec/cluster_spec.h"

namespace dbcost {

// Reads a new_cluster mapping; unknown keys, negative workers and min above max are InputErrors.
// With pool_gives_node_type, a spec on an instance pool may leave node_type_id out (the scenario
// reader takes it from the pool).
ClusterSpec read_cluster_spec(const YamlView& view, bool pool_gives_node_type = false);

}  // namespace dbcost
