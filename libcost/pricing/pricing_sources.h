// The price book, instance catalog and Photon multipliers a run uses: the embedded defaults,
// replaced (prices) or extended (instances, warehouse shapes) by the user's files.
#pragma once

#include <optional>
#include <string>

#include "pricing/cluster_quote.h"
#include "pricing/warehouse_shapes.h"

namespace dbcost {

struct PricingFiles {
  std::string prices;               // "" or "builtin" = the embedded book
  std::string instances;            // "" or "builtin" = the embedded catalog; a file extends it
  std::string photon_multipliers;   // "" or "builtin"
  std::string warehouse_shapes{};   // "" or "builtin" = the embedded shapes; a file extends them
  std::string account_prices = {};  // "" = none; an account_prices export: the billed DBU prices
};

struct LoadedPricing {
  PriceBook prices;
  InstanceCatalog instances;
  PhotonMultipliers photon;
  WarehouseSizes warehouse_sizes;
  WarehouseShapes warehouse_shapes;
  std::optional<PriceBook> account_prices = {};

  PricingContext context(Cloud cloud, Tier tier, const std::string& region, Discounts discounts) const;
};

LoadedPricing load_pricing(const PricingFiles& files);

}  // namespace dbcost
