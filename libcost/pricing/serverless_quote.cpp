#include "pricing/serverless_quote.h"

#include "core/text_escape.h"
#include "pricing/serverless_rates.h"

namespace dbcost {
namespace {

Decimal rate(const std::string& name) { return *Decimal::parse(ServerlessRates::builtin().get(name).text); }

// DBU/h of a classic cluster of `kind` at the midpoint of its sizes.
Decimal classic_dbus_per_hour(const ClusterSpec& spec, ComputeKind kind, const PricingContext& ctx) {
  const std::string cloud = to_string(ctx.cloud);
  if (spec.cloud && *spec.cloud != ctx.cloud)
    throw InputError(spec.where, "the spec has " + to_string(*spec.cloud) + " attributes but the cloud is " + cloud);
  const NodeType& driver = ctx.instances->get(spec.driver_type(), cloud, spec.node_type_where);
  const NodeType& worker = ctx.instances->get(spec.node_type_id, cloud, spec.node_type_where);
  const Decimal workers2 = worker.dbus_per_hour * std::int64_t{spec.min_workers() + spec.max_workers()};
  const Decimal nodes = driver.dbus_per_hour + Decimal::from_raw(workers2.raw() / 2);
  return spec.photon() ? nodes * ctx.photon->get(cloud, photon_kind(kind)) : nodes;
}

std::string confidence_note(const std::string& name, const std::string& what) {
  const auto& r = ServerlessRates::builtin().get(name);
  return what + ": " + r.text + " (" + r.confidence + "; scenarios/data/serverless_rates.csv " + name + ")";
}

}  // namespace

ServerlessQuote quote_serverless(const ServerlessQuoteRequest& r) {
  if (r.kind != ComputeKind::JobServerless && r.kind != ComputeKind::AllPurposeServerless)
    throw ModelError("a serverless quote is for jobs, pipelines or notebooks, not " + to_string(r.kind));
  if (r.kind == ComputeKind::AllPurposeServerless && r.replaces)
    throw InputError({"", 0, 0, "SPEC"}, "serverless notebooks take --dbus-per-hour or the default rate, not a SPEC");
  ServerlessQuote q;
  const bool notebook = r.kind == ComputeKind::AllPurposeServerless;
  q.kind = notebook ? "all-purpose-serverless" : r.pipeline ? "dlt-serverless" : "jobs-serverless";
  q.billing_origin_product = notebook ? "INTERACTIVE" : r.pipeline ? "DLT" : "JOBS";
  const bool optimized = notebook || r.performance_optimized;
  q.performance_target = optimized ? "PERFORMANCE_OPTIMIZED" : "STANDARD";
  q.sku_name = sku_name(r.ctx.tier, r.kind, false);
  const PriceRow& price = r.ctx.prices->get(q.sku_name, to_string(r.ctx.cloud), "DBU", r.at, r.ctx.region);
  q.price_per_dbu = price.price;
  q.price_source = price.source;
  if (price.confidence == "UNCONFIRMED") q.notes.push_back("the price of " + q.sku_name + " is unconfirmed");
  const Decimal multiplier = rate("performance_optimized_multiplier");
  if (r.dbus_per_hour) {
    q.dbus_per_hour = *r.dbus_per_hour;
    q.rate_rule = "given";
  } else {
    if (r.replaces) {
      const ComputeKind replaced = r.pipeline ? ComputeKind::DltAdvanced : ComputeKind::Job;
      const Decimal classic = classic_dbus_per_hour(*r.replaces, replaced, r.ctx);
      q.dbus_per_hour = classic * rate("from_cluster_factor");
      q.rate_rule = "classic cluster " + classic.to_string() + " DBU/h x from_cluster_factor";
      q.notes.push_back(confidence_note("from_cluster_factor", "serverless DBU/h = classic DBU/h x"));
    } else if (notebook) {
      q.dbus_per_hour = rate("notebook_dbus_per_hour");
      q.rate_rule = "default notebook rate";
      q.notes.push_back(confidence_note("notebook_dbus_per_hour", "default notebook DBU/h"));
    } else {
      q.dbus_per_hour = rate("jobs_standard_dbus_per_hour");
      q.rate_rule = "default STANDARD rate";
      q.notes.push_back(confidence_note("jobs_standard_dbus_per_hour", "default DBU/h in STANDARD mode"));
    }
    if (optimized && !notebook) {
      q.dbus_per_hour = q.dbus_per_hour * multiplier;
      q.rate_rule += " x performance_optimized_multiplier";
      q.notes.push_back(confidence_note("performance_optimized_multiplier",
                                        "PERFORMANCE_OPTIMIZED DBUs over STANDARD (databrickslabs/lakemeter-oss, "
                                        "DB-LABS; not confirmed by Databricks)"));
    }
  }
  q.hours = r.hours;
  q.dbu_cost_per_hour = Money::product(q.dbus_per_hour, q.price_per_dbu);
  q.dbu_cost = Money::product(q.dbus_per_hour * r.hours, q.price_per_dbu);
  q.dbu_cost_discounted = q.dbu_cost.less_percent(r.ctx.discounts.dbu_percent);
  return q;
}

Table serverless_quote_table(const ServerlessQuote& q) {
  Table t({{"performance_target"},
           {"dbus_per_hour", true},
           {"dbu_cost_per_hour", true},
           {"hours", true},
           {"dbus", true},
           {"total_cost", true}});
  t.add_row({q.performance_target, q.dbus_per_hour.to_string(), q.dbu_cost_per_hour.format_exact(), q.hours.to_string(),
             (q.dbus_per_hour * q.hours).to_string(), q.dbu_cost.format_cents()});
  return t;
}

std::string serverless_quote_summary(const ServerlessQuote& q, const ServerlessQuoteRequest& r) {
  std::string out = "SKU " + escape_controls(q.sku_name) + " (" + to_string(r.ctx.cloud) + ", " + q.kind +
                    ", billed as " + q.billing_origin_product + ") at " + q.price_per_dbu.to_string() +
                    " per DBU; no VMs\n";
  out += "DBU rate: " + escape_controls(q.rate_rule) + "\n";
  if (r.ctx.discounts.any())
    out += "contract discount: " + r.ctx.discounts.dbu_percent.to_string() + "% off DBUs; discounted total " +
           q.dbu_cost_discounted.format_cents() + " (list " + q.dbu_cost.format_cents() + ")\n";
  for (const auto& n : q.notes) out += "note: " + escape_controls(n) + "\n";
  return out;
}

nlohmann::json serverless_quote_json(const ServerlessQuote& q, const ServerlessQuoteRequest& r) {
  nlohmann::json j;
  j["sku_name"] = q.sku_name;
  j["kind"] = q.kind;
  j["billing_origin_product"] = q.billing_origin_product;
  j["cloud"] = to_string(r.ctx.cloud);
  j["tier"] = to_string(r.ctx.tier);
  j["performance_target"] = q.performance_target;
  j["price_per_dbu"] = q.price_per_dbu.to_string();
  j["price_source"] = q.price_source;
  j["dbus_per_hour"] = q.dbus_per_hour.to_string();
  j["rate_rule"] = q.rate_rule;
  j["hours"] = q.hours.to_string();
  j["dbu_cost_per_hour"] = q.dbu_cost_per_hour.format_exact();
  j["dbu_cost"] = q.dbu_cost.format_exact();
  j["dbu_cost_discounted"] = q.dbu_cost_discounted.format_exact();
  j["total_cost"] = q.dbu_cost.format_exact();
  j["total_cost_discounted"] = q.dbu_cost_discounted.format_exact();
  j["discounts"] = {{"dbu_percent", r.ctx.discounts.dbu_percent.to_string()}};
  j["notes"] = q.notes;
  return j;
}

}  // namespace dbcost
