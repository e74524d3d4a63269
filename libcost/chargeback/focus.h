// The chargeback as FOCUS 1.x rows (FinOps Open Cost and Usage Specification,
// https://focus.finops.org/focus-specification/), one per (period, team, workspace, SKU, price row) for
// direct usage and one per (period, team, shared or unallocated group) for a team's part of spread spend,
// so a row has a single unit price.
//
// BilledCost = EffectiveCost: the usage at its account price when an account_prices export covers
// it, else at list price, in cents, apportioned so that the rows of a team sum to its total_cost and
// the rows of a period to the bill. ListCost: the same usage at list price (= BilledCost without
// account prices), as Databricks' FOCUS query maps them (cloud-infra-costs focus_query_1_4.sql). ChargeCategory is
// Usage; ChargeClass is empty, as corrections (RETRACTION, RESTATEMENT) are already netted. ChargePeriodStart/End are
// the period clipped to the price row's effective interval. Consumed/PricingQuantity and ListUnitPrice are set on
// direct rows only; an allocated row names the spread spend it comes from in x_AllocatedFrom. SubAccountId is the
// workspace_id; Tags holds the team under the team tag key. ServiceName follows the SKU.
#pragma once

#include <string>

#include "chargeback/allocation.h"
#include "io/table.h"

namespace dbcost {

// The FOCUS service name for a Databricks SKU ("PREMIUM_JOBS_COMPUTE_(PHOTON)" -> "Jobs Compute").
std::string focus_service_name(const std::string& sku_name);

// One FOCUS row per charge (a team's direct cost of a usage group, or its share of a shared group).
Table focus_table(const Chargeback& cb, const std::string& team_tag);
// Formula-like cells (a team named "=HYPERLINK(...)") are neutralised unless options.raw_csv.
std::string focus_csv(const Chargeback& cb, const std::string& team_tag, const RenderOptions& options = {});

}  // namespace dbcost
