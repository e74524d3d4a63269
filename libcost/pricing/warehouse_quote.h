// What an hour of a SQL warehouse costs. Per running cluster:
//
//   dbus_per_hour = the size's DBU/h (warehouse_sizes.csv)
//   dbu_cost      = dbus_per_hour * price of the SQL Classic, SQL Pro or serverless SQL SKU
//   vm_cost       = classic and pro only (their compute runs in the customer's cloud account):
//                   driver + workers * worker price + (workers + 1) * disks per node-hour
//                   (instance types and counts: warehouse_shapes.csv; VM prices: instances.csv)
//
// and every running cluster bills the same, so an hour of n clusters is n times that. Serverless
// is DBUs only (one rate including the infrastructure).
// Workers are priced by spot_instance_policy: on AWS, COST_OPTIMIZED puts the workers on spot at
// the catalog's expected spot price and the driver on demand, RELIABILITY_OPTIMIZED every node on
// demand; Azure warehouses are always all on demand (databricks/cli bundle/schema/jsonschema.json).
// An unset policy is priced as kDefaultSpotInstancePolicy, an assumption (Databricks' default is
// not documented) the result's notes say.
// Contract discounts apply to DBU and VM list prices separately. Amounts are exact (Money).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "money/money.h"
#include "pricing/cluster_quote.h"
#include "pricing/warehouse_shapes.h"
#include "spec/warehouse_spec.h"

namespace dbcost {

constexpr SpotInstancePolicy kDefaultSpotInstancePolicy = SpotInstancePolicy::CostOptimized;

// The cloud side of one running cluster; empty (vm_per_hour 0) for serverless.
struct WarehouseNodes {
  const WarehouseShape* shape = nullptr;
  const NodeType* driver = nullptr;
  const NodeType* worker = nullptr;
  int workers = 0;
  SpotInstancePolicy policy = kDefaultSpotInstancePolicy;
  bool workers_on_spot = false;
  Decimal driver_per_hour;  // on demand
  Decimal worker_per_hour;  // one worker, on demand or spot
  Decimal disks_per_hour;   // every node's disks
  Decimal vm_per_hour;      // driver + workers + disks: the cloud bill of one cluster-hour
  std::vector<std::string> notes;
};

// Throws InputError at `where` when the cloud has no shape for the size, and at the shape's row
// when a node type it names is not in the catalog.
WarehouseNodes warehouse_nodes(ComputeKind kind, const std::string& cluster_size,
                               std::optional<SpotInstancePolicy> policy, Cloud cloud, const InstanceCatalog& instances,
                               const WarehouseShapes& shapes, const SourceLocation& where);

// `clusters` running clusters for one hour.
struct WarehouseHour {
  int clusters = 0;
  Decimal dbus_per_hour;
  Money dbu_cost;  // list
  Money vm_cost;
  Money total_cost;
  Money dbu_cost_discounted;
  Money vm_cost_discounted;
  Money total_cost_discounted;
};

struct WarehouseQuote {
  ComputeKind kind = ComputeKind::SqlPro;
  std::string cluster_size;
  std::string sku_name;
  Decimal price_per_dbu;
  std::string price_source;
  Decimal cluster_dbus_per_hour;
  WarehouseNodes nodes;
  std::vector<WarehouseHour> sizes;  // min_num_clusters, and max_num_clusters when it differs
  std::vector<std::string> notes;
};

WarehouseQuote quote_warehouse(const WarehouseSpec& spec, const PricingContext& ctx, const WarehouseShapes& shapes,
                               UnixSeconds at);

}  // namespace dbcost
