// `dbcost estimate` reports: a table per resource (jobs, pipelines, SQL warehouses, all-purpose
// clusters) and per team, the total, and the notes that say what was assumed or is missing; as
// text, Markdown, CSV (the two tables, a blank line between) and JSON (keys in docs/cli.md).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "bundle/bundle_estimate.h"
#include "io/table.h"

namespace dbcost {

Table estimate_resource_table(const BundleEstimate& e);
Table estimate_team_table(const BundleEstimate& e);
// Every column (priced, std_error, p50, all notes): the CSV form and dbcost.Bundle.estimate().
Table estimate_detail_table(const BundleEstimate& e);
nlohmann::json estimate_json(const BundleEstimate& e);
// table|md|csv|json; control characters escaped in table and md, formula-like CSV cells neutralised
// unless options.raw_csv.
std::string estimate_text(const BundleEstimate& e, const std::string& format, const RenderOptions& options = {});

// Shared by the diff report.
std::string money_text(double v);
std::string count_text(double v);
double round_cents(double v);
std::string estimate_header(const BundleEstimate& e);  // bundle, target, cloud, month, mode in one line

}  // namespace dbcost
