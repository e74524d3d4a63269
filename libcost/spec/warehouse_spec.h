// A SQL warehouse as the Warehouses API and a bundle's resources.sql_warehouses describe it, read
// with Databricks' own field names (databricks/cli bundle/schema/jsonschema.json):
//  - warehouse_type PRO | CLASSIC (default PRO, the UI's default) and enable_serverless_compute
//    (PRO only) make it SQL Pro, SQL Classic or serverless SQL compute;
//  - cluster_size 2X-Small .. 4X-Large (exact spelling), min_num_clusters 1..30 and
//    max_num_clusters up to 40 (default min_num_clusters), auto_stop_mins 0 or 1..100000;
//  - spot_instance_policy COST_OPTIMIZED | RELIABILITY_OPTIMIZED; POLICY_UNSPECIFIED or absent
//    leaves it unset (the model's default, pricing/warehouse_quote.h).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/errors.h"
#include "core/sku.h"
#include "money/decimal.h"

namespace dbcost {

enum class SpotInstancePolicy { CostOptimized, ReliabilityOptimized };
std::string to_string(SpotInstancePolicy p);  // COST_OPTIMIZED, RELIABILITY_OPTIMIZED

struct WarehouseSpec {
  ComputeKind kind = ComputeKind::SqlPro;
  std::string cluster_size;
  Decimal cluster_dbus_per_hour;
  int min_num_clusters = 1;
  int max_num_clusters = 1;
  int auto_stop_mins = 120;
  std::optional<SpotInstancePolicy> spot_instance_policy;
  SourceLocation where;
  SourceLocation cluster_size_where;
};

// The create-warehouse request's keys (the API's; a bundle's sql_warehouses entry uses the same).
const std::vector<std::string>& warehouse_spec_keys();

}  // namespace dbcost
