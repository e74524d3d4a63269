// `dbcost quote`: a cluster spec priced per hour and over a span, as a table or JSON.
// The JSON keys are documented in docs/cli.md and kept stable; money is exact decimal text.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "io/table.h"
#include "pricing/cluster_quote.h"

namespace dbcost {

struct QuoteRequest {
  ClusterSpec spec;
  ComputeKind kind = ComputeKind::Job;
  PricingContext ctx;
  UnixSeconds at = 0;  // instant the hourly price is read at
  Decimal hours = Decimal::from_int(1);
  std::optional<UnixSeconds> from;  // a span [from, to) replaces hours; DBU prices follow changes in it
  std::optional<UnixSeconds> to;
};

struct QuoteReport {
  ClusterQuote quote;
  Decimal hours;
  struct SpanCost {
    Money dbu_cost, vm_cost, total_cost;
    Money dbu_cost_discounted, vm_cost_discounted, total_cost_discounted;
  };
  std::vector<SpanCost> span;  // one per size; *_discounted = billed
  bool billed_apart = false;   // discounts or account prices: billed differs from list
};

QuoteReport make_quote(const QuoteRequest& request);
Table quote_table(const QuoteReport& report);
nlohmann::json quote_json(const QuoteReport& report, const QuoteRequest& request);
// Header lines for the text and Markdown forms (SKU, price, Photon, notes).
std::string quote_summary(const QuoteReport& report, const QuoteRequest& request);

}  // namespace dbcost
