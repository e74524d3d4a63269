#include "chargeback/focus.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <tuple>

#include "io/table.h"

namespace dbcost {

std::string focus_service_name(const std::string& sku) {
  static const std::vector<std::pair<const char*, const char*>> kServices = {
      {"JOBS_LIGHT", "Jobs Light Compute"},
      {"JOBS_SERVERLESS", "Serverless Jobs"},
      {"JOBS", "Jobs Compute"},
      {"INTERACTIVE_SERVERLESS", "Serverless Notebooks"},
      {"ALL_PURPOSE_SERVERLESS", "Serverless Notebooks"},
      {"ALL_PURPOSE", "All-Purpose Compute"},
      {"DLT", "Declarative Pipelines"},
      {"DELTA_LIVE_TABLES", "Declarative Pipelines"},
      {"SERVERLESS_SQL", "Serverless SQL"},
      {"SQL", "Databricks SQL"},
      {"SERVING", "Model Serving"},
      {"INFERENCE", "Model Serving"},
      {"VECTOR_SEARCH", "Vector Search"},
      {"STORAGE", "Storage"},
      {"NETWORKING", "Networking"},
  };
  for (const auto& [needle, name] : kServices)
    if (sku.find(needle) != std::string::npos) return name;
  return "Databricks";
}

namespace {

std::string description(const Charge& c, const std::string& spread) {
  if (!c.allocated_from.empty())
    return "Part of " + c.allocated_from.substr(1, c.allocated_from.size() - 2) + " spend " + spread;
  if (c.team == kSharedTeam) return "Usage marked as shared";
  if (c.team == kUnallocatedTeam) return "Usage with no team";
  return "Usage of the team";
}

}  // namespace

Table focus_table(const Chargeback& cb, const std::string& team_tag) {
  Table t({{"BilledCost", true, true},
           {"BillingCurrency"},
           {"ChargeCategory"},
           {"ChargeClass"},
           {"ChargeDescription"},
           {"ChargeFrequency"},
           {"ChargePeriodStart"},
           {"ChargePeriodEnd"},
           {"ConsumedQuantity", true, true},
           {"ConsumedUnit"},
           {"EffectiveCost", true, true},
           {"ListCost", true, true},
           {"ListUnitPrice", true, true},
           {"PricingCategory"},
           {"PricingQuantity", true, true},
           {"PricingUnit"},
           {"ProviderName"},
           {"PublisherName"},
           {"ServiceCategory"},
           {"ServiceName"},
           {"SkuId"},
           {"SubAccountId"},
           {"Tags"},
           {"x_Period"},
           {"x_Team"},
           {"x_AllocatedFrom"},
           {"x_Cloud"}});
  const auto& groups = cb.ledger.groups;
  std::vector<const Charge*> order;
  for (const auto& c : cb.charges) order.push_back(&c);
  std::stable_sort(order.begin(), order.end(), [&](const Charge* a, const Charge* b) {
    const UsageGroup& ga = groups[a->group];
    const UsageGroup& gb = groups[b->group];
    return std::tie(ga.period, a->team, a->allocated_from, ga.workspace_id, ga.sku_name, ga.price->start) <
           std::tie(gb.period, b->team, b->allocated_from, gb.workspace_id, gb.sku_name, gb.price->start);
  });
  const std::string spread = std::string("(") + shared_mode_name(cb.mode) + ")";
  for (const Charge* c : order) {
    const UsageGroup& g = groups[c->group];
    const bool direct = c->allocated_from.empty();
    const UnixSeconds start = std::max(period_start(cb.ledger.period, g.period), g.price->start);
    const UnixSeconds end = std::min(period_end(cb.ledger.period, g.period), g.price->end);
    nlohmann::json tags = nlohmann::json::object();
    tags[team_tag] = c->team;
    const std::string cost = c->cost.format_cents();
    const std::string list_cost = c->list_cost.format_cents();
    const std::string quantity = direct ? g.quantity.to_string() : "";
    t.add_row({cost,
               g.price->currency_code,
               "Usage",
               "",
               description(*c, spread),
               "Usage-Based",
               format_timestamp_utc(start),
               format_timestamp_utc(end),
               quantity,
               g.usage_unit,
               cost,
               list_cost,
               direct ? g.price->price.to_string() : "",
               "Standard",
               quantity,
               g.usage_unit,
               "Databricks",
               "Databricks",
               "Analytics",
               focus_service_name(g.sku_name),
               g.sku_name,
               g.workspace_id,
               tags.dump(),
               period_label(cb.ledger.period, g.period),
               c->team,
               c->allocated_from,
               g.cloud});
  }
  return t;
}

std::string focus_csv(const Chargeback& cb, const std::string& team_tag, const RenderOptions& options) {
  return focus_table(cb, team_tag).to_csv(options);
}

}  // namespace dbcost
