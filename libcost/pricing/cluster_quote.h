// What an hour of a classic cluster costs: DBUs (driver and workers apart, times the Photon
// multiplier) at the SKU's price, plus the VMs at on-demand or expected spot prices.
//
//   dbus_per_hour = (driver.dbus + workers * worker.dbus) * photon_multiplier
//   dbu_cost      = dbus_per_hour * price_per_dbu               (Databricks bills DBUs; no spot discount)
//   vm_cost       = sum over nodes of on_demand or spot price  (the cloud bills VMs)
// Spot nodes are those past `first_on_demand` (the driver first) under SPOT*/SPOT_WITH_FALLBACK*
// availability, priced at the catalog's expected spot price. When the bid (AWS
// spot_bid_price_percent, Azure spot_bid_max_price) is below that price, spot cannot be had:
// SPOT_WITH_FALLBACK falls back to on demand, plain SPOT is a ModelError.
// The billed DBU price is the account price when the context has an account_prices export that
// covers the SKU, else the list price less the SKU's contract discount (Discounts). The VM discount
// (reservations, savings plans) applies to on-demand VMs only, never to spot VMs. Billed amounts
// are shown beside list. Every amount is exact (Money, micro-units, one rounding per product).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/sku.h"
#include "io/timestamp.h"
#include "money/decimal.h"
#include "money/money.h"
#include "pricing/instance_catalog.h"
#include "pricing/price_book.h"
#include "spec/cluster_spec.h"

namespace dbcost {

// Contract discounts in percent off list. A per-SKU entry overrides dbu_percent for that SKU: its
// name matches exactly, or it names the base of a regional serverless SKU
// (PREMIUM_JOBS_SERVERLESS_COMPUTE matches PREMIUM_JOBS_SERVERLESS_COMPUTE_US_EAST_2). vm_percent
// applies to on-demand VMs only: Azure offers no reservations for Spot VMs, and AWS Savings Plans
// do not apply to Spot (docs/pricing.md). spot_vm_percent, a discount off spot VM prices, is 0 by
// default (whether an Azure savings plan covers spot is not documented; assumed not); a DBU-only
// view (budgets that count DBUs) sets it and vm_percent to 100 to drop the VMs.
struct SkuDiscount {
  Decimal percent;
  SourceLocation where;
};

struct Discounts {
  Decimal dbu_percent;
  Decimal vm_percent;
  std::map<std::string, SkuDiscount> sku_percent = {};
  Decimal spot_vm_percent = {};

  bool any() const;
  // The SKU's own entry, if any (exact name first, then a regional serverless SKU's base name).
  const SkuDiscount* for_sku(const std::string& sku) const;
  Decimal dbu_percent_for(const std::string& sku) const;
};

// Every per-SKU discount must name a SKU of the book (or the base of a regional one); an unknown
// name is an InputError at the entry, with a did-you-mean.
void check_sku_discounts(const Discounts& discounts, const PriceBook& book);
// "SKU=PCT" (the CLI's --sku-discount), checked like read_discount_percent.
std::pair<std::string, Decimal> read_sku_discount(std::string_view text, const std::string& field);

// A contract discount in percent, 0 to 100; anything else is an InputError naming `field` (the CLI
// flag or the Python keyword).
Decimal read_discount_percent(std::string_view text, const std::string& field);
// A number of hours, non-negative; anything else is an InputError naming `field`.
Decimal read_hours(std::string_view text, const std::string& field);

struct PricingContext {
  Cloud cloud = Cloud::Azure;
  Tier tier = Tier::Premium;
  std::string region;  // for region-priced SKUs; "" = the book's default row
  const PriceBook* prices = nullptr;
  const InstanceCatalog* instances = nullptr;
  const PhotonMultipliers* photon = nullptr;
  Discounts discounts;
  // An account_prices export: the billed DBU price of the SKUs it covers (list prices still show
  // beside it); nullptr = billed at list less discounts.
  const PriceBook* account_prices = nullptr;
};

// A DBU price at an instant: list, and billed (account price, or list less the SKU's discount).
struct DbuPrice {
  const PriceRow* list = nullptr;
  const PriceRow* account = nullptr;  // the account_prices row, when one covers the SKU
  Decimal billed_percent;             // discount off list when there is no account row
  Decimal billed_per_unit() const;    // exact: account price, or list x (100 - percent) / 100
  std::string basis() const;          // "account price", "list less 25%", "list"
};
DbuPrice dbu_price_at(const PricingContext& ctx, const std::string& sku, UnixSeconds at);
// The billed cost of `dbus` DBUs whose list cost is `list_cost`: the account price times dbus, or
// the list cost less the discount (rounded once, as Money::less_percent).
Money billed_dbu_cost(const DbuPrice& price, Decimal dbus, Money list_cost);
// The billed cost of VMs: the on-demand part less vm_percent, the spot part less spot_vm_percent.
Money billed_vm_cost(const Discounts& discounts, Money on_demand_part, Money spot_part);

// One cluster size (a fixed size, or an autoscale bound) for one hour.
struct ClusterHour {
  int workers = 0;
  Decimal driver_dbus_per_hour;   // with the Photon multiplier
  Decimal workers_dbus_per_hour;  // all workers together, with the Photon multiplier
  Decimal dbus_per_hour;
  int on_demand_nodes = 0;
  int spot_nodes = 0;
  Money dbu_cost;             // list
  Money vm_on_demand_cost;    // every node on demand
  Money vm_cost;              // as availability and first_on_demand say
  Money vm_spot_cost;         // the spot nodes' part of vm_cost
  Money total_cost;           // dbu_cost + vm_cost
  Money dbu_cost_discounted;  // billed: at the account price or after contract discounts
  Money vm_cost_discounted;   // billed: on-demand VMs after vm_percent, spot VMs undiscounted
  Money total_cost_discounted;
};

struct ClusterQuote {
  ComputeKind kind = ComputeKind::Job;
  std::string sku_name;
  Decimal price_per_dbu;  // list
  std::string price_source;
  DbuPrice billed;
  bool photon = false;
  Decimal photon_multiplier{Decimal::from_int(1)};
  const NodeType* driver = nullptr;
  const NodeType* worker = nullptr;
  Decimal driver_vm_per_hour;
  Decimal worker_vm_on_demand_per_hour;
  Decimal worker_vm_spot_per_hour;
  std::vector<ClusterHour> sizes;                      // one, or [min, max] for autoscale
  Availability availability = Availability::OnDemand;  // after the cloud's defaults
  std::vector<std::string> notes;
};

// Prices the spec for one hour at instant `at`.
ClusterQuote quote_cluster(const ClusterSpec& spec, ComputeKind kind, const PricingContext& ctx, UnixSeconds at);
// Node counts under the spec's availability rules: {on_demand, spot} for `workers` workers.
std::pair<int, int> node_split(const ClusterSpec& spec, int workers);

// Exact list cost of `dbus_per_hour` DBUs of `sku` over [from, to), following price changes.
Money dbu_cost_over(const PricingContext& ctx, const std::string& sku, Decimal dbus_per_hour, UnixSeconds from,
                    UnixSeconds to);
// The billed cost of the same: at account prices (following their changes) when they cover the SKU
// at `from`, else the list cost less the SKU's discount.
Money billed_dbu_cost_over(const PricingContext& ctx, const std::string& sku, Decimal dbus_per_hour, UnixSeconds from,
                           UnixSeconds to);

}  // namespace dbcost
