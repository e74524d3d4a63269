#include "sim/vm_shapes.h"

namespace dbcost {
namespace {

Decimal less_percent(Decimal price, Decimal percent) {
  static const Decimal hundredth = *Decimal::parse("0.01");
  return price * ((Decimal::from_int(100) - percent) * hundredth);
}

}  // namespace

std::shared_ptr<const VmShape> cluster_vms(const ClusterQuote& q, double workers_fraction, const Discounts& d) {
  const auto& lo = q.sizes.front();
  const auto& hi = q.sizes.back();
  auto lerp = [&](double a, double b) { return a + (b - a) * workers_fraction; };
  const bool driver_on_demand = lo.on_demand_nodes > 0;
  const int driver_od = driver_on_demand ? 1 : 0;
  VmShape s;
  VmGroup driver;
  driver.driver = true;
  driver.spot = !driver_on_demand;
  driver.type = q.driver->node_type_id;
  driver.vcpus = q.driver->vcpus;
  driver.count = 1;
  driver.list_price = q.driver->on_demand_per_hour;
  driver.charged_price = driver_on_demand ? less_percent(q.driver_vm_per_hour, d.vm_percent)
                                          : less_percent(q.driver->spot_per_hour(), d.spot_vm_percent);
  s.push_back(driver);
  VmGroup worker;
  worker.type = q.worker->node_type_id;
  worker.vcpus = q.worker->vcpus;
  worker.list_price = q.worker->on_demand_per_hour;
  worker.count = lerp(lo.on_demand_nodes - driver_od, hi.on_demand_nodes - driver_od);
  worker.charged_price = less_percent(q.worker_vm_on_demand_per_hour, d.vm_percent);
  if (worker.count > 0) s.push_back(worker);
  worker.spot = true;
  worker.count = lerp(lo.spot_nodes - (1 - driver_od), hi.spot_nodes - (1 - driver_od));
  worker.charged_price = less_percent(q.worker_vm_spot_per_hour, d.spot_vm_percent);
  if (worker.count > 0) s.push_back(worker);
  return std::make_shared<const VmShape>(std::move(s));
}

std::shared_ptr<const VmShape> warehouse_vms(const WarehouseNodes& n, const Discounts& d) {
  VmShape s;
  if (!n.driver) return std::make_shared<const VmShape>();
  VmGroup driver;
  driver.driver = true;
  driver.type = n.driver->node_type_id;
  driver.vcpus = n.driver->vcpus;
  driver.count = 1;
  driver.list_price = n.driver->on_demand_per_hour;
  driver.charged_price = less_percent(n.driver_per_hour, d.vm_percent);
  s.push_back(driver);
  if (n.workers > 0) {
    VmGroup worker;
    worker.spot = n.workers_on_spot;
    worker.type = n.worker->node_type_id;
    worker.vcpus = n.worker->vcpus;
    worker.count = n.workers;
    worker.list_price = n.worker->on_demand_per_hour;
    worker.charged_price = less_percent(n.worker_per_hour, d.vm_percent);
    s.push_back(worker);
  }
  if (n.shape && n.shape->disks_per_node > 0 && n.shape->hours_per_month > 0) {
    VmGroup disks;
    disks.disk = true;
    disks.type = n.shape->disk_sku;
    disks.count = n.workers + 1;
    disks.list_price = n.shape->disk_price_per_month * n.shape->disks_per_node;
    disks.charged_price = less_percent(disks.list_price, d.vm_percent);
    disks.price_hours = n.shape->hours_per_month;
    s.push_back(disks);
  }
  return std::make_shared<const VmShape>(std::move(s));
}

std::shared_ptr<const VmShape> pool_vms(const NodeType& node, bool spot, double count, const Discounts& d) {
  VmGroup g;
  g.spot = spot;
  g.type = node.node_type_id;
  g.vcpus = node.vcpus;
  g.count = count;
  g.list_price = node.on_demand_per_hour;
  g.charged_price = spot ? node.spot_per_hour() : less_percent(node.on_demand_per_hour, d.vm_percent);
  return std::make_shared<const VmShape>(VmShape{g});
}

std::shared_ptr<const VmShape> times(const std::shared_ptr<const VmShape>& shape, double n) {
  VmShape s = *shape;
  for (auto& g : s) g.count *= n;
  return std::make_shared<const VmShape>(std::move(s));
}

}  // namespace dbcost
