#include "pricing_options.h"

#include "core/errors.h"

namespace dbcost::cli {

void PricingOptions::add_to(CLI::App* cmd, bool with_cloud_and_tier) {
  cmd->add_option("--prices", files.prices, "Price book: a system.billing.list_prices export or a price_book CSV");
  cmd->add_option("--instances", files.instances, "Instance catalog CSV that replaces or extends the built-in one");
  cmd->add_option("--photon-multipliers", files.photon_multipliers, "Photon DBU multipliers CSV");
  cmd->add_option(
      "--warehouse-shapes", files.warehouse_shapes,
      "SQL warehouse shapes CSV (nodes and disks per cluster size) that replaces or extends the built-in one");
  if (with_cloud_and_tier) {
    cmd->add_option("--cloud", cloud, "azure or aws (default: from the spec's attributes, else azure)")
        ->check(CLI::IsMember({"azure", "aws", "gcp", "AZURE", "AWS", "GCP"}));
    cmd->add_option("--tier", tier, "premium, enterprise or standard")
        ->check(CLI::IsMember({"premium", "enterprise", "standard", "PREMIUM", "ENTERPRISE", "STANDARD"}))
        ->capture_default_str();
    cmd->add_option("--region", region, "Region for region-priced SKUs (serverless, SQL Pro)");
  }
  cmd->add_option("--dbu-discount", dbu_discount, "Contract discount off the DBU list price, percent")
      ->capture_default_str();
  cmd->add_option("--vm-discount", vm_discount,
                  "Contract discount off on-demand VM prices (reservations, savings plans; never spot), percent")
      ->capture_default_str();
  cmd->add_option("--spot-vm-discount", spot_vm_discount,
                  "Discount off spot VM prices, percent (default 0: reservations and savings plans do not cover spot)")
      ->capture_default_str();
  cmd->add_option("--sku-discount", sku_discounts,
                  "Discount for one SKU, SKU=PCT (repeatable); overrides --dbu-discount for that SKU");
  cmd->add_option("--account-prices", files.account_prices,
                  "system.billing.account_prices export: the billed DBU prices (list prices shown beside)");
}

Discounts PricingOptions::discounts() const {
  Discounts d{read_discount_percent(dbu_discount, "--dbu-discount"),
              read_discount_percent(vm_discount, "--vm-discount")};
  d.spot_vm_percent = read_discount_percent(spot_vm_discount, "--spot-vm-discount");
  for (const auto& text : sku_discounts) {
    auto [sku, percent] = read_sku_discount(text, "--sku-discount");
    if (d.sku_percent.count(sku)) throw InputError({"", 0, 0, "--sku-discount"}, "SKU " + sku + " is given twice");
    d.sku_percent[sku] = {percent, {"", 0, 0, "--sku-discount"}};
  }
  return d;
}

Discounts PricingOptions::discounts(const LoadedPricing& loaded) const {
  Discounts d = discounts();
  check_sku_discounts(d, loaded.prices);
  return d;
}

}  // namespace dbcost::cli
