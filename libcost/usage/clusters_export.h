// A system.compute.clusters export (CSV, .gz accepted; https://docs.databricks.com/aws/en/admin/system-tables/compute):
// the spec of each cluster a usage export names, so calibration need not infer node types and sizes
// from DBUs, and the whole bill can name clusters and find a pool's clusters.
//
// The table keeps a row per change of a cluster (slowly changing history); the row with the
// latest change_time wins (ties: the later line). Columns read, all optional except cluster_id:
// cluster_name, driver_node_type, worker_node_type, worker_count, min_autoscale_workers,
// max_autoscale_workers, auto_termination_minutes, azure_attributes and aws_attributes (JSON:
// availability, first_on_demand, spot_bid_max_price, spot_bid_price_percent), dbr_version (Photon
// when it contains "photon"), owned_by, driver_instance_pool_id, worker_instance_pool_id, change_time.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "io/timestamp.h"

namespace dbcost {

struct ClusterRecord {
  std::string cluster_id;
  std::string cluster_name;
  std::string driver_node_type;
  std::string worker_node_type;
  std::optional<int> worker_count;
  std::optional<int> min_autoscale_workers, max_autoscale_workers;
  std::optional<int> auto_termination_minutes;
  std::string availability;  // as written, e.g. SPOT_WITH_FALLBACK_AZURE; "" = not given
  std::optional<int> first_on_demand;
  std::string spot_bid_max_price;      // Azure, as written
  std::string spot_bid_price_percent;  // AWS, as written
  bool photon = false;
  std::string owned_by;
  std::string driver_pool_id, worker_pool_id;  // "" = not pool-backed
  UnixSeconds change_time = kBeginningOfTime;
};

using ClustersExport = std::map<std::string, ClusterRecord, std::less<>>;

ClustersExport load_clusters_export(const std::string& path);
ClustersExport parse_clusters_export(std::string_view text, const std::string& name);

}  // namespace dbcost
