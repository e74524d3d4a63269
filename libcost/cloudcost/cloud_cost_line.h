// One line of a cloud provider's cost export (AWS, Azure), whatever the export's layout: the half of
// a team's cost that system.billing.usage does not hold (VMs, disks, network).
//
// Amounts are exact Decimals in the billing currency, as the export writes them (18 decimals kept;
// AWS writes FOCUS costs as doubles, whose digits beyond the 18th decimal are rounded half to even).
// A cost the export does not carry for a line is nullopt, never zero:
// - billed: what the invoice charges for the line (FOCUS BilledCost, CUR unblended cost);
// - effective: amortized, commitment purchases spread over the usage they cover (FOCUS EffectiveCost);
// - list: at public on-demand prices; contracted: after negotiated discounts, before commitments.
// FOCUS column definitions: FinOps-Open-Cost-and-Usage-Spec/FOCUS_Spec@v1.2:specification/columns/*.md
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "io/timestamp.h"
#include "money/decimal.h"

namespace dbcost {

// FOCUS ChargeCategory; CUR line item types and Azure charge types are mapped onto it.
enum class ChargeCategory { Usage, Purchase, Tax, Credit, Adjustment };
// What the line pays for, derived from its service, resource type, usage type and resource id.
enum class CostClass { Compute, Storage, Network, Other };

using CloudTags = std::map<std::string, std::string, std::less<>>;

struct CloudCostLine {
  std::uint64_t line = 0;  // 1-based line of the export (the header is line 1)
  std::string provider;    // FOCUS ProviderName: "AWS", "Microsoft"
  std::string billing_account_id;
  std::string sub_account_id;  // AWS usage account, Azure subscription
  std::optional<UnixSeconds> billing_period_start, billing_period_end;
  UnixSeconds charge_period_start = 0;  // [start, end)
  UnixSeconds charge_period_end = 0;
  std::string resource_id;
  std::string resource_type;     // FOCUS ResourceType, CUR product family, Azure consumed service
  std::string service_name;      // FOCUS ServiceName, CUR product code, Azure meter category
  std::string service_category;  // FOCUS ServiceCategory ("" where the export has none)
  std::string usage_type;        // AWS usage type, Azure meter name
  std::optional<Decimal> billed_cost, effective_cost, list_cost, contracted_cost;
  std::string currency;
  std::optional<Decimal> pricing_quantity;
  std::string pricing_unit;
  ChargeCategory charge_category = ChargeCategory::Usage;
  std::string charge_type;  // the export's own value: FOCUS ChargeCategory, CUR line item type, Azure ChargeType
  CloudTags tags;           // keys as the export writes them
  CostClass cost_class = CostClass::Other;
};

std::string_view charge_category_name(ChargeCategory c);  // "Usage", ...
std::string_view cost_class_name(CostClass c);            // "compute", "storage", "network", "other"

// What a line's class is read from. Rules, first match wins (case-insensitive substrings):
// network: NAT gateway, data transfer, bandwidth, load balancer, VPC/private endpoint, virtual network
//          in the resource type, usage type or service name, or a nat-… / …/natGateways/… resource id;
// storage: EBS, volume, disk, snapshot, storage there, or a vol-… / …/disks/… resource id;
// compute: BoxUsage, SpotUsage, instance, virtual machine there, or an i-… / …/virtualMachines/… id;
// then FOCUS ServiceCategory Compute / Storage / Networking; else other (DBU lines of the Azure
// export, "Azure Databricks", are other).
struct CostClassHints {
  std::string_view service_category, service_name, resource_type, usage_type, resource_id;
};
CostClass cost_class_of(const CostClassHints& hints);

}  // namespace dbcost
