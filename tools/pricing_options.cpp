#include "pricing_options.h"

namespace dbcost::cli {

void add_pricing_options(CLI::App* cmd, PricingOptions& o, bool with_cloud_and_tier) {
  cmd->add_option("--prices", o.files.prices, "Price book: a system.billing.list_prices export or a price_book CSV");
  cmd->add_option("--instances", o.files.instances, "Instance catalog CSV that replaces or extends the built-in one");
  cmd->add_option("--photon-multipliers", o.files.photon_multipliers, "Photon DBU multipliers CSV");
  cmd->add_option(
      "--warehouse-shapes", o.files.warehouse_shapes,
      "SQL warehouse shapes CSV (nodes and disks per cluster size) that replaces or extends the built-in one");
  if (with_cloud_and_tier) {
    cmd->add_option("--cloud", o.cloud, "azure or aws (default: from the spec's attributes, else azure)")
        ->check(CLI::IsMember({"azure", "aws", "gcp", "AZURE", "AWS", "GCP"}));
    cmd->add_option("--tier", o.tier, "premium, enterprise or standard")
        ->check(CLI::IsMember({"premium", "enterprise", "standard", "PREMIUM", "ENTERPRISE", "STANDARD"}))
        ->capture_default_str();
    cmd->add_option("--region", o.region, "Region for region-priced SKUs (serverless, SQL Pro)");
  }
  cmd->add_option("--dbu-discount", o.dbu_discount, "Contract discount off the DBU list price, percent")
      ->capture_default_str();
  cmd->add_option("--vm-discount", o.vm_discount,
                  "Contract discount off on-demand VM prices (reservations, savings plans; never spot), percent")
      ->capture_default_str();
  cmd->add_option("--spot-vm-discount", o.spot_vm_discount,
                  "Discount off spot VM prices, percent (default 0: reservations and savings plans do not cover spot)")
      ->capture_default_str();
  cmd->add_option("--sku-discount", o.sku_discounts,
                  "Discount for one SKU, SKU=PCT (repeatable); overrides --dbu-discount for that SKU");
  cmd->add_option("--account-prices", o.files.account_prices,
                  "system.billing.account_prices export: the billed DBU prices (list prices shown beside)");
}

}  // namespace dbcost::cli
