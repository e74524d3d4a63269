// Rendering a chargeback: the table (columns period, team, dbus, direct_cost, shared_cost,
// total_cost, currency, plus idle_dbus and idle_cost when the usage carries dbcost_idle_quantity),
// as text, CSV, Markdown, JSON or FOCUS. Money is shown to the cent, DBUs to at most six decimals;
// every format shows the same figures.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "chargeback/allocation.h"
#include "io/table.h"

namespace dbcost {

Table chargeback_table(const Chargeback& cb);
// Keys: period_kind, shared, records{total, original, retraction, restatement}, totals[], rows[],
// unpriced[], spread[] (each period's shared and unallocated cents, their total and the teams that
// carry it with their shares); money and DBUs as exact decimal strings.
nlohmann::ordered_json chargeback_json(const Chargeback& cb);
// A few lines: the input, the records netted, the rule, each period's bill, and each period's
// shared and unallocated spend with the teams it was spread over (the largest shares first).
std::string chargeback_summary(const Chargeback& cb);
// table|csv|json|md|focus; CSV and FOCUS neutralise formula-like cells unless options.raw_csv.
std::string render_chargeback(const Chargeback& cb, const std::string& format, const std::string& team_tag,
                              const RenderOptions& options = {});

}  // namespace dbcost
