// What a run's prices and commitments mean for its bill: the note that says which prices billed,
// and a DBCU pre-purchase's drawdown by month (pricing/commitments.h).
//
// The drawdown's input is the run's monthly DBU list cost: the mean over trials of the DBUs billed
// in each calendar month (in the scenario's time zone) at list price; with trials 0 it is the
// expected value. Drawing down the mean is not the mean of per-trial drawdowns when a month's
// spread crosses the balance. Overage is billed pro rata at the run's ratio of billed to list DBU
// cost (pay-as-you-go: list less discounts, or account prices).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "io/table.h"
#include "sim/engine.h"

namespace dbcost {

// Whether billed prices differ from list (discounts or account prices) or a commitment applies.
bool prices_apart(const Scenario& sc);
// One line each: which prices bill DBUs and VMs, and each commitment's terms.
std::vector<std::string> pricing_notes(const Scenario& sc);
// Months of the period, in order, with their mean DBU list and billed cost.
std::vector<MonthListCost> monthly_dbu_costs(const SimResult& r, const Scenario& sc);
// month, in_term, dbu_list_cost, balance_before, drawn, balance_after, overage_list,
// overage_billed, expired; empty (no columns) without a commitment.
Table commitment_table(const SimResult& r, const Scenario& sc);
// The drawdown rows as a table: month, in_term, dbu_list_cost, balances, drawn, overage, expired.
Table drawdown_table(const std::vector<DrawdownRow>& rows);

}  // namespace dbcost
