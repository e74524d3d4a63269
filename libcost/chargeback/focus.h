// The chargeback as FOCUS 1.2 rows: FinOps Open Cost and Usage Specification 1.2,
// https://github.com/FinOps-Open-Cost-and-Usage-Spec/FOCUS_Spec/tree/v1.2/specification (tag v1.2,
// commit 7296e3146fb931ee32b6496fa6e4200e7f4384f7; columns/*.md and attributes/*.md). Every row is a
// Usage charge (ChargeCategory "Usage", ChargeClass null: corrections are netted within the period).
//
// Grain: one row per (period, team, workspace, SKU, price row) for direct usage, and one per (period,
// recipient team, shared or unallocated group) for a team's part of spread spend, so a row has a single
// unit price. A spread part is a usage row of its own: the group's quantity is split over its recipients
// in proportion to their billed cents (largest remainder at 10^-18, so the parts sum to the group's
// quantity exactly), and the part carries its PricingQuantity, prices and costs like a direct row.
//
// Money: BilledCost = EffectiveCost, in cents, apportioned so that a team's rows sum to its total_cost
// and a period's rows to the bill (no commitment is amortized, so the two are equal). ListCost =
// ListUnitPrice x PricingQuantity and ContractedCost = ContractedUnitPrice x PricingQuantity, exact to
// the last digit (up to 36 decimals), as listcost.md and contractedcost.md require; ContractedUnitPrice
// is the account price when an account_prices export bills the usage, else the list price.
// BillingPeriodStart/End: the calendar month (UTC) of ChargePeriodStart, as Databricks invoices monthly.
// BillingAccountId: the usage's account_id (an InputError unless the export holds exactly one).
#pragma once

#include <string>

#include "chargeback/allocation.h"
#include "io/table.h"

namespace dbcost {

// The FOCUS service of a Databricks SKU: ServiceName, ServiceCategory and ServiceSubcategory from
// servicecategory.md / servicesubcategory.md's allowed values.
struct FocusService {
  const char* name;
  const char* category;
  const char* subcategory;
};
FocusService focus_service(const std::string& sku_name);
// "PREMIUM_JOBS_COMPUTE_(PHOTON)" -> "Jobs Compute".
std::string focus_service_name(const std::string& sku_name);

// The exact product a x b, as many decimals as it takes ("0.15" x "3" = "0.45").
std::string exact_product(Decimal a, Decimal b);

// `total` split in proportion to `weights` (equally when they sum to zero), exact to 10^-18: floors
// first, the units left one each to the largest remainders (ties to the lower index).
std::vector<Decimal> split_quantity(Decimal total, const std::vector<std::int64_t>& weights);

// One row of dbcost's FOCUS output, by column; "" is a null. Commitment-discount columns are always
// null (no commitment is amortized); SkuMeter and SkuPriceDetails too.
struct FocusRow {
  std::string billed_cost, billing_account_id, billing_account_name, billing_currency, billing_period_end,
      billing_period_start, charge_category, charge_class, charge_description, charge_frequency, charge_period_end,
      charge_period_start, consumed_quantity, consumed_unit, contracted_cost, contracted_unit_price, effective_cost,
      invoice_issuer_name, list_cost, list_unit_price, pricing_category, pricing_quantity, pricing_unit, provider_name,
      publisher_name, service_category, service_name, service_subcategory, sku_id, sku_price_id, sub_account_id,
      sub_account_name, tags, x_period, x_team, x_allocated_from, x_cloud;
};

// The FOCUS columns dbcost writes, with no rows; focus_row_cells gives a row's cells in their order.
Table focus_columns();
std::vector<std::string> focus_row_cells(const FocusRow& row);

// One FOCUS row per charge (a team's direct cost of a usage group, or its share of a shared group).
Table focus_table(const Chargeback& cb, const std::string& team_tag);
// Formula-like cells (a team named "=HYPERLINK(...)") are neutralised unless options.raw_csv.
std::string focus_csv(const Chargeback& cb, const std::string& team_tag, const RenderOptions& options = {});

}  // namespace dbcost
