// Streaming readers of cloud cost exports, the format told by the header's columns (any order,
// names matched ignoring case, spaces, '_' and '-'), over io/byte_source.h: a plain file, gzip, a
// pipe or stdin read alike. Every bad cell is an InputError file:line:column: column: what; an amount
// beyond +/-1e12 on one line (dbcost's money holds +/-9.2e12) and a period whose end precedes its
// start are bad cells.
//
// - FOCUS 1.0, 1.1, 1.2 (AWS Data Exports "FOCUS with AWS columns", Azure Cost Management FOCUS
//   cost): the 21 columns mandatory in all three versions are required; the version is the newest
//   whose added columns appear (1.2: BillingAccountType, SubAccountType, PricingCurrency…, InvoiceId;
//   1.1: CapacityReservationId/Status, CommitmentDiscountQuantity/Unit, SkuMeter, SkuPriceDetails,
//   ServiceSubcategory), so an export of a newer version without them reads as an older one.
//   FinOps-Open-Cost-and-Usage-Spec/FOCUS_Spec@v1.0|v1.1|v1.2:specification/columns/*.md;
//   https://docs.aws.amazon.com/cur/latest/userguide/table-dictionary-focus-1-2-aws-columns.html;
//   microsoft/finops-toolkit@0f5f5d8d:docs-mslearn/focus/metadata.md
// - AWS CUR 2.0 (Data Exports COST_AND_USAGE_REPORT, CSV), tags in one resource_tags JSON column or
//   in resource_tags_user_* columns (one per key; not both layouts).
//   https://docs.aws.amazon.com/cur/latest/userguide/table-dictionary-cur2-resource-tags.html
// - Azure cost details, actual or amortized
//   (MicrosoftDocs/azure-docs@01068c9b:articles/cost-management-billing/automate/understand-usage-details-fields.md).
//   Both have the same columns, so which one a file is comes from the options (Auto: "amortized" in
//   the file name, case-insensitive, else actual); a line with ChargeType UnusedReservation or
//   UnusedSavingsPlan, which only amortized exports hold, is an error in a file read as actual.
//
// How each format's columns map onto CloudCostLine: docs/chargeback.md, "Cloud cost exports".
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "cloudcost/cloud_cost_line.h"
#include "io/byte_source.h"

namespace dbcost {

enum class CloudCostFormat { Focus10, Focus11, Focus12, AwsCur2, AzureActual, AzureAmortized };
// "focus-1.0", "focus-1.1", "focus-1.2", "aws-cur-2.0", "azure-actual", "azure-amortized"
std::string_view format_name(CloudCostFormat f);

enum class AzureCostKind { Auto, Actual, Amortized };

struct CloudCostReadOptions {
  AzureCostKind azure_cost = AzureCostKind::Auto;
  std::size_t block_bytes = std::size_t{1} << 20;
};

using CloudCostSink = std::function<void(const CloudCostLine&)>;

// Each line to `sink` in file order; returns the detected format. `name` names the input in errors.
CloudCostFormat read_cloud_cost_lines(BlockSource& source, const std::string& name, const CloudCostReadOptions& options,
                                      const CloudCostSink& sink);
CloudCostFormat read_cloud_cost_lines(const std::string& path, const CloudCostReadOptions& options,
                                      const CloudCostSink& sink);

struct CloudCosts {
  CloudCostFormat format = CloudCostFormat::Focus12;
  std::vector<CloudCostLine> lines;
};

CloudCosts read_cloud_costs(const std::string& path, const CloudCostReadOptions& options = {});
CloudCosts read_cloud_costs_text(std::string_view text, const std::string& name,
                                 const CloudCostReadOptions& options = {});

}  // namespace dbcost
