// Rendering the whole bill (chargeback/whole_bill.h): one row per period, currency and view key with
// dbus, dbu_cost, cloud_compute, cloud_storage, cloud_network, cloud_other, cloud_cost, total_cost and
// share (percent of the period's whole bill, one decimal), then a "(total)" row per period and
// currency; before the text and Markdown tables, both bills side by side and how the cloud lines were
// attributed. Money to the cent; every format shows the same figures.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "chargeback/whole_bill.h"
#include "io/table.h"

namespace dbcost {

Table whole_bill_table(const WholeBill& bill);
// Keys: view, shared, exports[], lines{}, totals[] (both bills, the cloud bill's parts), rows[].
nlohmann::ordered_json whole_bill_json(const WholeBill& bill);
std::string whole_bill_summary(const WholeBill& bill);
// table|csv|json|md|focus; CSV and FOCUS neutralise formula-like cells unless options.raw_csv.
std::string render_whole_bill(const WholeBill& bill, const std::string& format, const std::string& team_tag,
                              const RenderOptions& options = {});

}  // namespace dbcost
