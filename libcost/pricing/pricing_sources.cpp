#include "pricing/pricing_sources.h"

namespace dbcost {

namespace {
bool is_builtin(const std::string& path) { return path.empty() || path == "builtin"; }
}  // namespace

LoadedPricing load_pricing(const PricingFiles& files) {
  LoadedPricing p{is_builtin(files.prices) ? PriceBook::builtin() : PriceBook::load(files.prices),
                  InstanceCatalog::builtin(),
                  is_builtin(files.photon_multipliers) ? PhotonMultipliers::builtin()
                                                       : PhotonMultipliers::load(files.photon_multipliers),
                  WarehouseSizes::builtin(), WarehouseShapes::builtin()};
  if (!is_builtin(files.instances)) p.instances.extend(InstanceCatalog::load(files.instances));
  if (!is_builtin(files.warehouse_shapes)) p.warehouse_shapes.extend(WarehouseShapes::load(files.warehouse_shapes));
  if (!files.account_prices.empty()) p.account_prices = PriceBook::load_account_prices(files.account_prices);
  return p;
}

PricingContext LoadedPricing::context(Cloud cloud, Tier tier, const std::string& region, Discounts discounts) const {
  PricingContext ctx;
  ctx.cloud = cloud;
  ctx.tier = tier;
  ctx.region = region;
  ctx.prices = &prices;
  ctx.instances = &instances;
  ctx.photon = &photon;
  ctx.discounts = discounts;
  ctx.account_prices = account_prices ? &*account_prices : nullptr;
  return ctx;
}

}  // namespace dbcost
