#include "pricing/quote_report.h"

#include "core/text_escape.h"

namespace dbcost {

QuoteReport make_quote(const QuoteRequest& r) {
  QuoteReport rep;
  rep.billed_apart = r.ctx.discounts.any() || r.ctx.account_prices;
  const UnixSeconds at = r.from ? *r.from : r.at;
  rep.quote = quote_cluster(r.spec, r.kind, r.ctx, at);
  if (r.from && r.to) {
    if (*r.to <= *r.from) throw InputError({"", 0, 0, "--to"}, "the span's end must be after its start");
    rep.hours = Decimal::from_raw(Decimal::from_int(*r.to - *r.from).raw() / 3600);
  } else {
    rep.hours = r.hours;
  }
  for (const auto& h : rep.quote.sizes) {
    QuoteReport::SpanCost s;
    Money vm_spot;
    if (r.from && r.to) {
      s.dbu_cost = dbu_cost_over(r.ctx, rep.quote.sku_name, h.dbus_per_hour, *r.from, *r.to);
      s.dbu_cost_discounted = billed_dbu_cost_over(r.ctx, rep.quote.sku_name, h.dbus_per_hour, *r.from, *r.to);
      s.vm_cost = Money::product(h.vm_cost.to_decimal(), Decimal::from_int(1), *r.to - *r.from, 3600);
      vm_spot = Money::product(h.vm_spot_cost.to_decimal(), Decimal::from_int(1), *r.to - *r.from, 3600);
    } else {
      s.dbu_cost = Money::product(h.dbus_per_hour * rep.hours, rep.quote.price_per_dbu);
      s.dbu_cost_discounted = billed_dbu_cost(rep.quote.billed, h.dbus_per_hour * rep.hours, s.dbu_cost);
      s.vm_cost = Money::product(h.vm_cost.to_decimal(), rep.hours);
      vm_spot = Money::product(h.vm_spot_cost.to_decimal(), rep.hours);
    }
    s.total_cost = s.dbu_cost + s.vm_cost;
    s.vm_cost_discounted = billed_vm_cost(r.ctx.discounts, s.vm_cost - vm_spot, vm_spot);
    s.total_cost_discounted = s.dbu_cost_discounted + s.vm_cost_discounted;
    rep.span.push_back(s);
  }
  return rep;
}

Table quote_table(const QuoteReport& rep) {
  std::vector<Column> cols = {{"workers", true},
                              {"on_demand_nodes", true},
                              {"spot_nodes", true},
                              {"driver_dbus_per_hour", true},
                              {"workers_dbus_per_hour", true},
                              {"dbus_per_hour", true},
                              {"dbu_cost_per_hour", true},
                              {"vm_on_demand_per_hour", true},
                              {"vm_cost_per_hour", true},
                              {"total_per_hour", true},
                              {"hours", true},
                              {"total_cost", true}};
  if (rep.billed_apart) {
    cols.push_back({"billed_per_hour", true});
    cols.push_back({"billed_cost", true});
  }
  Table t(cols);
  for (std::size_t i = 0; i < rep.quote.sizes.size(); ++i) {
    const auto& h = rep.quote.sizes[i];
    const auto& s = rep.span[i];
    std::vector<std::string> row = {std::to_string(h.workers),
                                    std::to_string(h.on_demand_nodes),
                                    std::to_string(h.spot_nodes),
                                    h.driver_dbus_per_hour.to_string(),
                                    h.workers_dbus_per_hour.to_string(),
                                    h.dbus_per_hour.to_string(),
                                    h.dbu_cost.format_exact(),
                                    h.vm_on_demand_cost.format_exact(),
                                    h.vm_cost.format_exact(),
                                    h.total_cost.format_exact(),
                                    rep.hours.to_string(),
                                    s.total_cost.format_cents()};
    if (rep.billed_apart) {
      row.push_back(h.total_cost_discounted.format_exact());
      row.push_back(s.total_cost_discounted.format_cents());
    }
    t.add_row(row);
  }
  return t;
}

std::string quote_summary(const QuoteReport& rep, const QuoteRequest& r) {
  const auto& q = rep.quote;
  std::string out = "SKU " + escape_controls(q.sku_name) + " (" + to_string(r.ctx.cloud) + ", " + to_string(q.kind) +
                    ") at " + q.price_per_dbu.to_string() + " per DBU";
  out += q.photon ? "; Photon DBU multiplier " + q.photon_multiplier.to_string() : "; Photon off";
  out += "\ndriver " + escape_controls(q.driver->node_type_id) + " (" + q.driver->dbus_per_hour.to_string() +
         " DBU/h, " + q.driver_vm_per_hour.to_string() + "/h VM), workers " + escape_controls(q.worker->node_type_id) +
         " (" + q.worker->dbus_per_hour.to_string() + " DBU/h, " + q.worker_vm_on_demand_per_hour.to_string() +
         "/h on demand, " + q.worker_vm_spot_per_hour.to_string() + "/h spot)\n";
  if (rep.billed_apart) {
    const auto& d = r.ctx.discounts;
    out += "billed: DBUs at " +
           (q.billed.account ? "the account price " + q.billed.account->price.to_string() + " from " +
                                   escape_controls(q.billed.account->source)
                             : q.billed.basis() + " (" + q.billed.billed_per_unit().to_string() + ")") +
           " per DBU; on-demand VMs less " + d.vm_percent.to_string() + "%, spot VMs at the spot price" +
           (d.spot_vm_percent.is_zero() ? "" : " less " + d.spot_vm_percent.to_string() + "%") + "; billed total ";
    for (std::size_t i = 0; i < rep.span.size(); ++i)
      out += (i ? " to " : "") + rep.span[i].total_cost_discounted.format_cents();
    out += " (list ";
    for (std::size_t i = 0; i < rep.span.size(); ++i) out += (i ? " to " : "") + rep.span[i].total_cost.format_cents();
    out += ")\n";
    if (r.ctx.account_prices && !q.billed.account)
      out += "note: the account prices do not cover " + escape_controls(q.sku_name) + "; its DBUs are billed at " +
             q.billed.basis() + "\n";
  }
  for (const auto& n : q.notes) out += "note: " + escape_controls(n) + "\n";
  return out;
}

nlohmann::json quote_json(const QuoteReport& rep, const QuoteRequest& r) {
  const auto& q = rep.quote;
  nlohmann::json j;
  j["sku_name"] = q.sku_name;
  j["kind"] = to_string(q.kind);
  j["cloud"] = to_string(r.ctx.cloud);
  j["tier"] = to_string(r.ctx.tier);
  j["price_per_dbu"] = q.price_per_dbu.to_string();
  j["price_source"] = q.price_source;
  j["photon"] = q.photon;
  j["photon_multiplier"] = q.photon_multiplier.to_string();
  j["driver"] = {{"node_type_id", q.driver->node_type_id},
                 {"dbus_per_hour", q.driver->dbus_per_hour.to_string()},
                 {"vm_on_demand_per_hour", q.driver_vm_per_hour.to_string()}};
  j["worker"] = {{"node_type_id", q.worker->node_type_id},
                 {"dbus_per_hour", q.worker->dbus_per_hour.to_string()},
                 {"vm_on_demand_per_hour", q.worker_vm_on_demand_per_hour.to_string()},
                 {"vm_spot_per_hour", q.worker_vm_spot_per_hour.to_string()}};
  j["hours"] = rep.hours.to_string();
  j["discounts"] = {{"dbu_percent", r.ctx.discounts.dbu_percent.to_string()},
                    {"vm_percent", r.ctx.discounts.vm_percent.to_string()}};
  nlohmann::json skus = nlohmann::json::object();
  for (const auto& [sku, d] : r.ctx.discounts.sku_percent) skus[sku] = d.percent.to_string();
  j["discounts"]["skus"] = skus;
  j["billed_price_per_dbu"] = q.billed.billed_per_unit().to_string();
  j["billed_price_basis"] = q.billed.basis();
  j["account_prices"] = q.billed.account ? nlohmann::json(q.billed.account->source) : nlohmann::json(nullptr);
  j["sizes"] = nlohmann::json::array();
  for (std::size_t i = 0; i < q.sizes.size(); ++i) {
    const auto& h = q.sizes[i];
    const auto& s = rep.span[i];
    j["sizes"].push_back({{"workers", h.workers},
                          {"on_demand_nodes", h.on_demand_nodes},
                          {"spot_nodes", h.spot_nodes},
                          {"driver_dbus_per_hour", h.driver_dbus_per_hour.to_string()},
                          {"workers_dbus_per_hour", h.workers_dbus_per_hour.to_string()},
                          {"dbus_per_hour", h.dbus_per_hour.to_string()},
                          {"dbu_cost_per_hour", h.dbu_cost.format_exact()},
                          {"vm_on_demand_cost_per_hour", h.vm_on_demand_cost.format_exact()},
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
