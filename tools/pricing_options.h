// Options shared by every subcommand that prices: catalogs, cloud, tier, region, discounts.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "pricing/pricing_sources.h"

namespace dbcost::cli {

struct PricingOptions {
  PricingFiles files;
  std::string cloud;
  std::string tier = "premium";
  std::string region;
  std::string dbu_discount = "0";
  std::string vm_discount = "0";
  std::string spot_vm_discount = "0";
  std::vector<std::string> sku_discounts;  // SKU=PCT

  void add_to(CLI::App* cmd, bool with_cloud_and_tier = true);
  Discounts discounts() const;  // throws InputError naming the flag
  // The discounts, with every --sku-discount checked against the loaded price book.
  Discounts discounts(const LoadedPricing& loaded) const;
};

}  // namespace dbcost::cli
