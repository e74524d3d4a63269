#include "pricing/warehouse_quote_report.h"

#include "core/text_escape.h"

namespace dbcost {

WarehouseQuoteReport make_warehouse_quote(const WarehouseQuoteRequest& r) {
  WarehouseQuoteReport rep;
  const UnixSeconds at = r.from ? *r.from : r.at;
  rep.quote = quote_warehouse(r.spec, r.ctx, *r.shapes, at);
  if (r.from && r.to) {
    if (*r.to <= *r.from) throw InputError({"", 0, 0, "--to"}, "the span's end must be after its start");
    rep.hours = Decimal::from_raw(Decimal::from_int(*r.to - *r.from).raw() / 3600);
  } else {
    rep.hours = r.hours;
  }
  for (const auto& h : rep.quote.sizes) {
    WarehouseQuoteReport::SpanCost s;
    const Decimal vm_per_hour = rep.quote.nodes.vm_per_hour * h.clusters;
    if (r.from && r.to) {
      s.dbu_cost = dbu_cost_over(r.ctx, rep.quote.sku_name, h.dbus_per_hour, *r.from, *r.to);
      s.vm_cost = Money::product(vm_per_hour, Decimal::from_int(1), *r.to - *r.from, 3600);
    } else {
      s.dbu_cost = Money::product(h.dbus_per_hour * rep.hours, rep.quote.price_per_dbu);
      s.vm_cost = Money::product(vm_per_hour, rep.hours);
    }
    s.total_cost = s.dbu_cost + s.vm_cost;
    s.dbu_cost_discounted = s.dbu_cost.less_percent(r.ctx.discounts.dbu_percent);
    s.vm_cost_discounted = s.vm_cost.less_percent(r.ctx.discounts.vm_percent);
    s.total_cost_discounted = s.dbu_cost_discounted + s.vm_cost_discounted;
    rep.span.push_back(s);
  }
  return rep;
}

Table warehouse_quote_table(const WarehouseQuoteReport& rep) {
  Table t({{"clusters", true},
           {"dbus_per_hour", true},
           {"dbu_cost_per_hour", true},
           {"vm_cost_per_hour", true},
           {"total_per_hour", true},
           {"hours", true},
           {"dbu_cost", true},
           {"vm_cost", true},
           {"total_cost", true}});
  for (std::size_t i = 0; i < rep.quote.sizes.size(); ++i) {
    const auto& h = rep.quote.sizes[i];
    const auto& s = rep.span[i];
    t.add_row({std::to_string(h.clusters), h.dbus_per_hour.to_string(), h.dbu_cost.format_exact(),
               h.vm_cost.format_exact(), h.total_cost.format_exact(), rep.hours.to_string(), s.dbu_cost.format_cents(),
               s.vm_cost.format_cents(), s.total_cost.format_cents()});
  }
  return t;
}

std::string warehouse_quote_summary(const WarehouseQuoteReport& rep, const WarehouseQuoteRequest& r) {
  const auto& q = rep.quote;
  const auto& n = q.nodes;
  std::string out = "SQL warehouse " + escape_controls(q.cluster_size) + ", SKU " + escape_controls(q.sku_name) + " (" +
                    to_string(r.ctx.cloud) + ", " + to_string(q.kind) + ") at " + q.price_per_dbu.to_string() +
                    " per DBU; " + q.cluster_dbus_per_hour.to_string() + " DBU/h per cluster\n";
  if (n.shape) {
    out += "per cluster: driver " + escape_controls(n.driver->node_type_id) + " (" + n.driver_per_hour.to_string() +
           "/h), " + std::to_string(n.workers) + " workers " + escape_controls(n.worker->node_type_id) + " (" +
           n.worker_per_hour.to_string() + "/h " + (n.workers_on_spot ? "spot" : "on demand") + ")";
    if (n.shape->disks_per_node > 0)
      out += ", disks " + n.disks_per_hour.to_string() + "/h (" + std::to_string(n.shape->disks_per_node) + " x " +
             escape_controls(n.shape->disk_sku) + " per node)";
    out += "; VMs " + n.vm_per_hour.to_string() + "/h; spot_instance_policy " + to_string(n.policy) + "\n";
  } else {
    out += "serverless: no VMs in the cloud account\n";
  }
  if (r.ctx.discounts.any()) {
    out += "contract discounts: " + r.ctx.discounts.dbu_percent.to_string() + "% off DBUs, " +
           r.ctx.discounts.vm_percent.to_string() + "% off VMs; discounted total ";
    for (std::size_t i = 0; i < rep.span.size(); ++i)
      out += (i ? " to " : "") + rep.span[i].total_cost_discounted.format_cents();
    out += "\n";
  }
  for (const auto& note : q.notes) out += "note: " + escape_controls(note) + "\n";
  return out;
}

nlohmann::json warehouse_quote_json(const WarehouseQuoteReport& rep, const WarehouseQuoteRequest& r) {
  const auto& q = rep.quote;
  const auto& n = q.nodes;
  nlohmann::json j;
  j["resource"] = "sql_warehouse";
  j["cluster_size"] = q.cluster_size;
  j["sku_name"] = q.sku_name;
  j["kind"] = to_string(q.kind);
  j["cloud"] = to_string(r.ctx.cloud);
  j["tier"] = to_string(r.ctx.tier);
  j["price_per_dbu"] = q.price_per_dbu.to_string();
  j["price_source"] = q.price_source;
  j["cluster_dbus_per_hour"] = q.cluster_dbus_per_hour.to_string();
  if (n.shape) {
    j["spot_instance_policy"] = to_string(n.policy);
    j["driver"] = {{"node_type_id", n.driver->node_type_id}, {"vm_per_hour", n.driver_per_hour.to_string()}};
    j["workers"] = {{"node_type_id", n.worker->node_type_id},
                    {"count", n.workers},
                    {"spot", n.workers_on_spot},
                    {"vm_per_hour", n.worker_per_hour.to_string()}};
    if (n.shape->disks_per_node > 0)
      j["disks"] = {{"per_node", n.shape->disks_per_node},
                    {"sku", n.shape->disk_sku},
                    {"price_per_month", n.shape->disk_price_per_month.to_string()},
                    {"hours_per_month", n.shape->hours_per_month},
                    {"per_hour", n.disks_per_hour.to_string()}};
    else
      j["disks"] = nullptr;
  } else {
    j["spot_instance_policy"] = nullptr;
    j["driver"] = nullptr;
    j["workers"] = nullptr;
    j["disks"] = nullptr;
  }
  j["vm_per_cluster_hour"] = n.vm_per_hour.to_string();
  j["hours"] = rep.hours.to_string();
  j["discounts"] = {{"dbu_percent", r.ctx.discounts.dbu_percent.to_string()},
                    {"vm_percent", r.ctx.discounts.vm_percent.to_string()}};
  j["sizes"] = nlohmann::json::array();
  for (std::size_t i = 0; i < q.sizes.size(); ++i) {
    const auto& h = q.sizes[i];
    const auto& s = rep.span[i];
    j["sizes"].push_back({{"clusters", h.clusters},
                          {"dbus_per_hour", h.dbus_per_hour.to_string()},
                          {"dbu_cost_per_hour", h.dbu_cost.format_exact()},
                          {"vm_cost_per_hour", h.vm_cost.format_exact()},
                          {"total_cost_per_hour", h.total_cost.format_exact()},
                          {"dbu_cost", s.dbu_cost.format_exact()},
                          {"vm_cost", s.vm_cost.format_exact()},
                          {"total_cost", s.total_cost.format_exact()},
                          {"dbu_cost_discounted", s.dbu_cost_discounted.format_exact()},
                          {"vm_cost_discounted", s.vm_cost_discounted.format_exact()},
                          {"total_cost_discounted", s.total_cost_discounted.format_exact()}});
  }
  j["notes"] = q.notes;
  return j;
}

}  // namespace dbcost
