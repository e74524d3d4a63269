// `dbcost quote --kind jobs-serverless | dlt-serverless | all-purpose-serverless`: an hour (and a
// number of hours) of serverless compute, exact. The DBU rate is, in this order:
//   --dbus-per-hour                 as billed, whatever the mode
//   a SPEC (the classic cluster the workload replaces)
//                                   its DBU/h (driver + workers, autoscale at the midpoint, x the
//                                   Photon multiplier of job or dlt compute) x from_cluster_factor
//   the default                     jobs_standard_dbus_per_hour, or notebook_dbus_per_hour
// and the first two of the last three times performance_optimized_multiplier in
// PERFORMANCE_OPTIMIZED mode (jobs and pipelines; notebooks bill in that mode only and their rate
// is taken as billed). Serverless pipelines are priced at the JOBS_SERVERLESS_COMPUTE SKU and billed
// as DLT. The factors are pricing/serverless_rates.h's, UNCONFIRMED, and the quote notes them.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "io/table.h"
#include "pricing/cluster_quote.h"

namespace dbcost {

struct ServerlessQuoteRequest {
  ComputeKind kind = ComputeKind::JobServerless;  // JobServerless or AllPurposeServerless
  bool pipeline = false;                          // JobServerless billed as DLT
  bool performance_optimized = true;              // Databricks' default
  std::optional<Decimal> dbus_per_hour;           // as billed
  std::optional<ClusterSpec> replaces;
  PricingContext ctx;
  UnixSeconds at = 0;
  Decimal hours = Decimal::from_int(1);
};

struct ServerlessQuote {
  std::string kind;  // jobs-serverless, dlt-serverless, all-purpose-serverless
  std::string sku_name;
  std::string billing_origin_product;  // JOBS, DLT, INTERACTIVE
  std::string performance_target;
  Decimal price_per_dbu;
  std::string price_source;
  Decimal dbus_per_hour;
  std::string rate_rule;  // how dbus_per_hour was found
  Decimal hours;
  Money dbu_cost_per_hour, dbu_cost, dbu_cost_discounted;
  std::vector<std::string> notes;
};

ServerlessQuote quote_serverless(const ServerlessQuoteRequest& request);
Table serverless_quote_table(const ServerlessQuote& q);
nlohmann::json serverless_quote_json(const ServerlessQuote& q, const ServerlessQuoteRequest& request);
std::string serverless_quote_summary(const ServerlessQuote& q, const ServerlessQuoteRequest& request);

}  // namespace dbcost
