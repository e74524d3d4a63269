#include "commands/pricing_options.h"

#include <stdexcept>

namespace dbcost {

namespace {

constexpr OptionName kCloud{"--cloud", "cloud"};
constexpr OptionName kTier{"--tier", "tier"};
constexpr OptionName kSkuDiscount{"--sku-discount", "sku_discounts"};

}  // namespace

void PricingOptions::validate() const {
  try {
    if (!cloud.empty()) parse_cloud(cloud);
  } catch (const std::invalid_argument&) {
    check_option_choice(cloud, {"azure", "aws", "gcp", "AZURE", "AWS", "GCP"}, front, kCloud);
  }
  try {
    parse_tier(tier);
  } catch (const std::invalid_argument&) {
    check_option_choice(tier, {"premium", "enterprise", "standard", "PREMIUM", "ENTERPRISE", "STANDARD"}, front, kTier);
  }
}

std::optional<Cloud> PricingOptions::cloud_choice() const {
  validate();
  if (cloud.empty()) return std::nullopt;
  return parse_cloud(cloud);
}

Cloud PricingOptions::cloud_or(const std::optional<Cloud>& from_spec) const {
  if (const auto c = cloud_choice()) return *c;
  return from_spec.value_or(Cloud::Azure);
}

Discounts PricingOptions::discounts() const {
  Discounts d{read_discount_percent(dbu_discount, option_field(front, {"--dbu-discount", "dbu_discount"})),
              read_discount_percent(vm_discount, option_field(front, {"--vm-discount", "vm_discount"}))};
  d.spot_vm_percent =
      read_discount_percent(spot_vm_discount, option_field(front, {"--spot-vm-discount", "spot_vm_discount"}));
  const std::string field = option_field(front, kSkuDiscount);
  for (const auto& text : sku_discounts) {
    auto [sku, percent] = read_sku_discount(text, field);
    if (d.sku_percent.count(sku)) throw InputError({"", 0, 0, field}, "SKU " + sku + " is given twice");
    d.sku_percent[sku] = {percent, {"", 0, 0, field}};
  }
  return d;
}

Discounts PricingOptions::discounts(const LoadedPricing& loaded) const {
  Discounts d = discounts();
  check_sku_discounts(d, loaded.prices);
  return d;
}

PricingContext PricingOptions::context(const LoadedPricing& loaded, const std::optional<Cloud>& from_spec) const {
  return loaded.context(cloud_or(from_spec), parse_tier(tier), region, discounts(loaded));
}

LoadedPricing load_pricing(const PricingOptions& options) {
  options.validate();
  return load_pricing(options.files);
}

PriceBook load_price_book_option(const std::string& path) {
  return path.empty() || path == "builtin" ? PriceBook::builtin() : PriceBook::load(path);
}

PolicyPricing policy_pricing(const PricingOptions& options, const LoadedPricing& loaded) {
  PolicyPricing p;
  p.pricing = &loaded;
  p.cloud = options.cloud_choice();
  p.tier = parse_tier(options.tier);
  p.region = options.region;
  return p;
}

}  // namespace dbcost
