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
// Contract discounts apply to DBU and VM list prices separately and are shown beside list.
// Every amount is exact (Money, micro-units, one rounding per product).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "io/timestamp.h"
#include "money/decimal.h"
#include "money/money.h"
#include "pricing/instance_catalog.h"
#include "pricing/price_book.h"
#include "pricing/sku.h"
#include "workload/cluster_spec.h"

namespace dbcost {

struct Discounts {
  Decimal dbu_percent;
  Decimal vm_percent;
  bool any() const { return !dbu_percent.is_zero() || !vm_percent.is_zero(); }
};

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
};

// One cluster size (a fixed size, or an autoscale bound) for one hour.
struct ClusterHour {
  int workers = 0;
  Decimal driver_dbus_per_hour;   // with the Photon multiplier
  Decimal workers_dbus_per_hour;  // all workers together, with the Photon multiplier
  Decimal dbus_per_hour;
  int on_demand_nodes = 0;
  int spot_nodes = 0;
  Money dbu_cost;           // list
  Money vm_on_demand_cost;  // every node on demand
  Money vm_cost;            // as availability and first_on_demand say
  Money total_cost;         // dbu_cost + vm_cost
  Money dbu_cost_discounted;
  Money vm_cost_discounted;
  Money total_cost_discounted;
};

struct ClusterQuote {
  ComputeKind kind = ComputeKind::Job;
  std::string sku_name;
  Decimal price_per_dbu;
  std::string price_source;
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

// Exact cost of `dbus_per_hour` DBUs of `sku` over [from, to), following price changes.
Money dbu_cost_over(const PricingContext& ctx, const std::string& sku, Decimal dbus_per_hour, UnixSeconds from,
                    UnixSeconds to);

}  // namespace dbcost
