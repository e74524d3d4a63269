// `dbcost quote` and dbcost.quote: a cluster spec, a SQL warehouse spec or serverless compute priced
// per hour (or over a span [from, to)). The options are checked here, in the CLI's order, and the
// request is built once for both front ends.
#pragma once

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "commands/pricing_options.h"
#include "io/yaml_reader.h"
#include "pricing/quote_report.h"
#include "pricing/serverless_quote.h"
#include "pricing/warehouse_quote_report.h"

namespace dbcost {

struct QuoteOptions {
  FrontEnd front = FrontEnd::Cli;
  std::string kind = "job";
  bool kind_given = false;  // a warehouse is billed by its warehouse_type: a kind is refused
  std::string hours = "1";
  std::string at;  // "" = now; a date or an ISO 8601 instant (UTC)
  std::string from, to;
  std::string dbus_per_hour;  // serverless kinds: "" = from the classic spec replaced, else the default
  std::string performance_target = "PERFORMANCE_OPTIMIZED";
  PricingOptions pricing;

  bool serverless() const;
  // The checks that come before the spec is read; `has_spec`: a spec was given.
  void validate(bool has_spec) const;
};

struct QuoteResult {
  std::unique_ptr<LoadedPricing> pricing;  // the requests' contexts point into it
  std::optional<QuoteRequest> cluster_request;
  std::optional<QuoteReport> cluster;
  std::optional<WarehouseQuoteRequest> warehouse_request;
  std::optional<WarehouseQuoteReport> warehouse;
  std::optional<ServerlessQuoteRequest> serverless_request;
  std::optional<ServerlessQuote> serverless;
};

// A spec wrapped as {"new_cluster": {...}} is unwrapped.
YamlView quote_spec_root(const YamlView& view);
// `read_spec` gives the spec (called after the options' checks); empty when none was given.
QuoteResult quote(const std::function<YamlView()>& read_spec, const QuoteOptions& options);
// table and md: the summary, then the table; csv: the table; json: the document.
std::string quote_text(const QuoteResult& result, const std::string& format, const RenderOptions& render);
nlohmann::json quote_result_json(const QuoteResult& result);

}  // namespace dbcost
