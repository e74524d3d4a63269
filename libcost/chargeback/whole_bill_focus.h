// The whole bill as FOCUS 1.2 rows: the DBU rows of chargeback/focus.h, then the cloud part, one
// Usage row per period, provider, billing account, row, team and cost class (CloudCharge).
//
// A cloud row is an allocation of many export lines of different units and prices, so it carries
// PricingQuantity and ConsumedQuantity 1 in the unit "Allocation": ListUnitPrice = ListCost, the
// lines' list cost allocated alike (their cost where the export has none), and ContractedUnitPrice =
// ContractedCost = BilledCost = EffectiveCost, the allocated cost (billed or amortized, as the join
// allocated it) in cents, so ListCost = ListUnitPrice x PricingQuantity holds exactly; a negative
// allocation is a Credit row of PricingQuantity -1 (no ConsumedQuantity) at its magnitude. ServiceName
// and ServiceCategory follow the cost class (compute: Virtual Machines; storage: Block Storage;
// network: Network Connectivity; other: Other). ProviderName, PublisherName and InvoiceIssuerName
// are the export's provider; BillingAccountId its billing account (an InputError when the lines
// carry none, as FOCUS forbids a null). FOCUS 1.2: columns/*.md at tag v1.2,
// https://github.com/FinOps-Open-Cost-and-Usage-Spec/FOCUS_Spec/tree/v1.2/specification
#pragma once

#include <string>

#include "chargeback/whole_bill.h"
#include "io/table.h"

namespace dbcost {

Table whole_bill_focus_table(const WholeBill& bill, const std::string& team_tag);
std::string whole_bill_focus_csv(const WholeBill& bill, const std::string& team_tag, const RenderOptions& options = {});

}  // namespace dbcost
