// Options every pricing command shares: the price files, cloud, tier, region and contract
// discounts (percent off list; docs/pricing.md), read once into the pricing sources and the
// policy pricing that `quote`, `estimate`, `diff` and `policy check|apply` use.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "commands/option_names.h"
#include "policy/virtual_attributes.h"
#include "pricing/pricing_sources.h"

namespace dbcost {

struct PricingOptions {
  FrontEnd front = FrontEnd::Cli;
  PricingFiles files;
  std::string cloud;  // "" = from the spec's attributes, else azure
  std::string tier = "premium";
  std::string region;
  std::string dbu_discount = "0";  // percent, as text (exact)
  std::string vm_discount = "0";
  std::string spot_vm_discount = "0";
  std::vector<std::string> sku_discounts;  // SKU=PCT

  // Cloud and tier are known names (the CLI checks them while parsing flags).
  void validate() const;
  std::optional<Cloud> cloud_choice() const;
  // The given cloud, else the spec's, else Azure.
  Cloud cloud_or(const std::optional<Cloud>& from_spec) const;
  Discounts discounts() const;  // throws InputError naming the option
  // The discounts, with every SKU discount checked against the loaded price book.
  Discounts discounts(const LoadedPricing& loaded) const;
  // The context a quote prices in: the cloud given (or `from_spec`), tier, region and checked discounts.
  PricingContext context(const LoadedPricing& loaded, const std::optional<Cloud>& from_spec) const;
};

LoadedPricing load_pricing(const PricingOptions& options);
// A --prices file of the usage commands: "" or "builtin" is the built-in book.
PriceBook load_price_book_option(const std::string& path);
// dbus_per_hour of a policy is read with these prices; `loaded` must outlive the result.
PolicyPricing policy_pricing(const PricingOptions& options, const LoadedPricing& loaded);

}  // namespace dbcost
