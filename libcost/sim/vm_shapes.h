// The nodes behind a compute resource's VM cost, for its usage trace (sim/usage_trace.h): a
// cluster's driver and workers at a point between its autoscale sizes, split into on-demand and
// spot as its availability says (pricing/cluster_quote.h); a SQL warehouse cluster's nodes and
// disks (pricing/warehouse_quote.h); a pool's idle instances. Charged prices are the list or spot
// prices less the discounts the engine applies to them.
#pragma once

#include <memory>

#include "pricing/cluster_quote.h"
#include "pricing/warehouse_quote.h"
#include "sim/usage_trace.h"
#include "workload/scenario.h"

namespace dbcost {

// `workers_fraction` 0 is the smallest size, 1 the largest.
std::shared_ptr<const VmShape> cluster_vms(const ClusterQuote& q, double workers_fraction, const Discounts& discounts);
// One running cluster; the engine discounts its whole VM cost by vm_percent.
std::shared_ptr<const VmShape> warehouse_vms(const WarehouseNodes& nodes, const Discounts& discounts);
// `count` idle instances of the pool.
std::shared_ptr<const VmShape> pool_vms(const NodeType& node, bool spot, double count, const Discounts& discounts);
// The shape with every count multiplied by `n` (n running warehouse clusters).
std::shared_ptr<const VmShape> times(const std::shared_ptr<const VmShape>& shape, double n);

}  // namespace dbcost
