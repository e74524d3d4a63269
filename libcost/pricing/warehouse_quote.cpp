#include "pricing/warehouse_quote.h"

namespace dbcost {

WarehouseNodes warehouse_nodes(ComputeKind kind, const std::string& cluster_size,
                               std::optional<SpotInstancePolicy> policy, Cloud cloud, const InstanceCatalog& instances,
                               const WarehouseShapes& shapes, const SourceLocation& where) {
  WarehouseNodes n;
  n.policy = policy.value_or(kDefaultSpotInstancePolicy);
  if (is_serverless(kind)) return n;
  const std::string cloud_name = to_string(cloud);
  n.shape = shapes.find(cluster_size, cloud_name);
  if (!n.shape)
    throw InputError(where, "no " + cloud_name + " SQL warehouse shape for cluster_size '" + cluster_size +
                                "'; add one with a warehouse_shapes file");
  n.driver = &instances.get(n.shape->driver_node_type_id, cloud_name, n.shape->driver_where);
  n.worker = &instances.get(n.shape->worker_node_type_id, cloud_name, n.shape->worker_where);
  n.workers = n.shape->workers;
  n.workers_on_spot = cloud == Cloud::Aws && n.policy == SpotInstancePolicy::CostOptimized;
  n.driver_per_hour = n.driver->on_demand_per_hour;
  n.worker_per_hour = n.workers_on_spot ? n.worker->spot_per_hour() : n.worker->on_demand_per_hour;
  n.disks_per_hour = n.shape->disks_per_node_hour() * (n.workers + 1);
  n.vm_per_hour = n.driver_per_hour + n.worker_per_hour * n.workers + n.disks_per_hour;
  if (cloud == Cloud::Aws && !policy)
    n.notes.push_back("spot_instance_policy not set: priced as " + to_string(kDefaultSpotInstancePolicy) +
                      " (driver on demand, workers on spot), an assumption: Databricks does not document the "
                      "default; set spot_instance_policy to choose");
  if (cloud != Cloud::Aws && policy == SpotInstancePolicy::CostOptimized)
    n.notes.push_back(cloud_name +
                      " warehouses run every node on demand; spot_instance_policy COST_OPTIMIZED "
                      "changes nothing");
  if (n.shape->disks_per_node > 0 && n.shape->disk_confidence == "UNCONFIRMED")
    n.notes.push_back("disks: " + std::to_string(n.shape->disks_per_node) + " x " + n.shape->disk_sku +
                      " per node at " + n.shape->disk_price_per_month.to_string() + " a month over " +
                      std::to_string(n.shape->hours_per_month) + " hours, an unconfirmed price");
  return n;
}

WarehouseQuote quote_warehouse(const WarehouseSpec& spec, const PricingContext& ctx, const WarehouseShapes& shapes,
                               UnixSeconds at) {
  WarehouseQuote q;
  q.kind = spec.kind;
  q.cluster_size = spec.cluster_size;
  q.cluster_dbus_per_hour = spec.cluster_dbus_per_hour;
  q.sku_name = sku_name(ctx.tier, spec.kind, false);
  const PriceRow& price = ctx.prices->get(q.sku_name, to_string(ctx.cloud), "DBU", at, ctx.region);
  q.price_per_dbu = price.price;
  q.price_source = price.source;
  if (price.confidence == "UNCONFIRMED") q.notes.push_back("the price of " + q.sku_name + " is unconfirmed");
  q.nodes = warehouse_nodes(spec.kind, spec.cluster_size, spec.spot_instance_policy, ctx.cloud, *ctx.instances, shapes,
                            spec.cluster_size_where);
  q.notes.insert(q.notes.end(), q.nodes.notes.begin(), q.nodes.notes.end());
  std::vector<int> counts = {spec.min_num_clusters};
  if (spec.max_num_clusters != spec.min_num_clusters) counts.push_back(spec.max_num_clusters);
  for (int n : counts) {
    WarehouseHour h;
    h.clusters = n;
    h.dbus_per_hour = spec.cluster_dbus_per_hour * n;
    h.dbu_cost = Money::product(h.dbus_per_hour, q.price_per_dbu);
    h.vm_cost = Money::from_decimal(q.nodes.vm_per_hour * n);
    h.total_cost = h.dbu_cost + h.vm_cost;
    h.dbu_cost_discounted = h.dbu_cost.less_percent(ctx.discounts.dbu_percent);
    h.vm_cost_discounted = h.vm_cost.less_percent(ctx.discounts.vm_percent);
    h.total_cost_discounted = h.dbu_cost_discounted + h.vm_cost_discounted;
    q.sizes.push_back(h);
  }
  return q;
}

}  // namespace dbcost
