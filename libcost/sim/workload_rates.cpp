#include "sim/workload_rates.h"

#include "sim/vm_shapes.h"

namespace dbcost {

double discounted_dbu_price(const Scenario& sc, ComputeKind kind) {
  return dbu_price_at(sc.pricing_context(), sku_name(sc.tier, kind, false), sc.start).billed_per_unit().to_double();
}

double list_dbu_price(const Scenario& sc, ComputeKind kind) {
  return dbu_price_at(sc.pricing_context(), sku_name(sc.tier, kind, false), sc.start).list->price.to_double();
}

HourRate pipeline_hour(const PipelineWorkload& p, const Scenario& sc) {
  HourRate r;
  if (p.serverless) {
    r.kind = ComputeKind::JobServerless;
    r.sku_name = sku_name(sc.tier, r.kind, false);
    r.dbus_per_hour = p.serverless_dbus_per_hour;
    r.dbu_cost_per_hour = p.serverless_dbus_per_hour * discounted_dbu_price(sc, r.kind);
    r.dbu_list_cost_per_hour = p.serverless_dbus_per_hour * list_dbu_price(sc, r.kind);
    return r;
  }
  const auto q = quote_cluster(*p.cluster, p.kind, sc.pricing_context(), sc.start);
  const auto& lo = q.sizes.front();
  const auto& hi = q.sizes.back();
  r.kind = p.kind;
  r.sku_name = q.sku_name;
  r.photon = q.photon;
  r.node_type = q.worker->node_type_id;
  r.dbus_per_hour = (lo.dbus_per_hour.to_double() + hi.dbus_per_hour.to_double()) / 2;
  r.dbu_cost_per_hour = (lo.dbu_cost_discounted.to_double() + hi.dbu_cost_discounted.to_double()) / 2;
  r.dbu_list_cost_per_hour = (lo.dbu_cost.to_double() + hi.dbu_cost.to_double()) / 2;
  r.vm_per_hour = (lo.vm_cost_discounted.to_double() + hi.vm_cost_discounted.to_double()) / 2;
  r.vms = cluster_vms(q, 0.5, sc.discounts);
  return r;
}

HourRate notebook_hour(const NotebookWorkload& n, const Scenario& sc) {
  HourRate r;
  r.kind = ComputeKind::AllPurposeServerless;
  r.sku_name = sku_name(sc.tier, r.kind, false);
  r.dbus_per_hour = n.dbus_per_hour;
  r.dbu_cost_per_hour = n.dbus_per_hour * discounted_dbu_price(sc, r.kind);
  r.dbu_list_cost_per_hour = n.dbus_per_hour * list_dbu_price(sc, r.kind);
  return r;
}

}  // namespace dbcost
