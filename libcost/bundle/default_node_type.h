// The workspace's default node type for clusters that name none. A cluster that gives neither
// node_type_id nor instance_pool_id (a pipeline cluster often does not) runs on the node type the
// workspace picks, which no bundle file says, so it is listed as not priced. Given that type
// (--default-node-type), each such cluster of jobs (job_clusters, a task's or a for_each task's
// new_cluster), pipelines (clusters[]) and resources.clusters is priced on it, with a located note.
#pragma once

#include <string>
#include <vector>

#include "bundle/bundle_sources.h"

namespace dbcost {

// A copy of the resolved resources with `node_type` set where a cluster names no node type;
// `notes` gets one located note per cluster filled. The resources are returned as they are
// when `node_type` is "".
YAML::Node with_default_node_type(const YAML::Node& resources, const std::string& node_type,
                                  const BundleSources& sources, std::vector<std::string>& notes);

}  // namespace dbcost
