// Azure Databricks pre-purchase (Databricks commit units, DBCU): a pool bought for one or three
// years and drawn down by the DBU usage of any workload and tier at its DBU *list* price. Covered
// usage costs nothing on demand; usage beyond the pool is billed pay-as-you-go; what is left at the
// end of the term expires. DBUs only, never VMs. (Microsoft: reservation-discount-databricks.md,
// prepay-databricks-reserved-capacity.md; docs/pricing.md.)
//
// The drawdown runs by calendar month: each month draws min(balance, the month's DBU list cost);
// the rest is overage, billed at the pay-as-you-go price (list less discounts, or account prices),
// taken pro rata as overage_list x billed_cost / list_cost of the month. The term runs whole
// months from `start` (the first day of a month); the balance left after the term's last month
// expires in that month. Amounts are exact Money.
#pragma once

#include <string>
#include <vector>

#include "core/errors.h"
#include "money/money.h"

namespace dbcost {

struct Commitment {
  std::string kind = "azure_dbcu";
  Money amount;
  int start_year = 2026;
  int start_month = 1;  // the term starts on the first day of this month
  int term_years = 1;   // 1 or 3
  SourceLocation where;

  std::string start_label() const;  // "2026-01-01"
};

struct MonthListCost {
  int year = 2026;
  int month = 1;
  Money list_cost;    // the month's DBU list cost
  Money billed_cost;  // the same DBUs at the pay-as-you-go price (list less discounts, or account prices)
};

struct DrawdownRow {
  std::string month;  // "2026-01"
  bool in_term = false;
  Money list_cost;
  Money balance_before;
  Money drawn;
  Money balance_after;
  Money overage_list;    // list cost the pool did not cover
  Money overage_billed;  // what that overage is billed at
  Money expired;         // balance lost at the end of the term, in its last month
};

// One row per month of `months` (in order, each month once).
std::vector<DrawdownRow> dbcu_drawdown(const Commitment& commitment, const std::vector<MonthListCost>& months);

// "YYYY-MM-DD" naming the first day of a month; otherwise an InputError at `where`.
void read_commitment_start(const std::string& text, const SourceLocation& where, Commitment& into);

}  // namespace dbcost
