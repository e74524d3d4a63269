#include "spec/warehouse_spec.h"

namespace dbcost {

std::string to_string(SpotInstancePolicy p) {
  return p == SpotInstancePolicy::CostOptimized ? "COST_OPTIMIZED" : "RELIABILITY_OPTIMIZED";
}

const std::vector<std::string>& warehouse_spec_keys() {
  static const std::vector<std::string> keys = {
      "name",         "cluster_size",  "min_num_clusters",          "max_num_clusters", "auto_stop_mins",
      "creator_name", "enable_photon", "enable_serverless_compute", "warehouse_type",   "spot_instance_policy",
      "channel",      "tags",          "instance_profile_arn",      "permissions"};
  return keys;
}

}  // namespace dbcost
