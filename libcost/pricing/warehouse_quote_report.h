// `dbcost quote` for a SQL warehouse spec: an hour (or a span) of min_num_clusters and of
// max_num_clusters running clusters, as a table or JSON. The JSON keys are documented in
// docs/cli.md and kept stable; money is exact decimal text.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "io/table.h"
#include "pricing/warehouse_quote.h"

namespace dbcost {

struct WarehouseQuoteRequest {
  WarehouseSpec spec;
  PricingContext ctx;
  const WarehouseShapes* shapes = nullptr;
  UnixSeconds at = 0;
  Decimal hours = Decimal::from_int(1);
  std::optional<UnixSeconds> from;  // a span [from, to) replaces hours; DBU prices follow changes in it
  std::optional<UnixSeconds> to;
};

struct WarehouseQuoteReport {
  WarehouseQuote quote;
  Decimal hours;
  struct SpanCost {
    Money dbu_cost, vm_cost, total_cost;
    Money dbu_cost_discounted, vm_cost_discounted, total_cost_discounted;
  };
  std::vector<SpanCost> span;  // one per cluster count
};

WarehouseQuoteReport make_warehouse_quote(const WarehouseQuoteRequest& request);
Table warehouse_quote_table(const WarehouseQuoteReport& report);
nlohmann::json warehouse_quote_json(const WarehouseQuoteReport& report, const WarehouseQuoteRequest& request);
// Header lines for the text and Markdown forms (SKU, price, nodes, notes).
std::string warehouse_quote_summary(const WarehouseQuoteReport& report, const WarehouseQuoteRequest& request);

}  // namespace dbcost
