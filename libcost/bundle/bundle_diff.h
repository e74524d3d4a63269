// Two versions of a bundle, one target, priced alike: the monthly change per resource and in
// total, for a pull-request comment (`dbcost diff`).
//
// Both versions run with the same options, seed and trials; the engine's streams follow
// (seed, trial, resource name), so a resource present in both is compared on common random
// numbers. The new version's runtimes keep the old version's clusters as their reference
// (bundle_estimate.h), so resizing a cluster moves its runtime by the scaling model.
// A row is priced per month when both versions (or the one that has it) are priced; otherwise it
// is compared per run-hour and left out of the totals, which therefore cover the same resources
// on both sides. Status: added, removed, changed (a different cost, to the cent) or unchanged.
// --fail-over: "10%" of the old total or an amount ("500", in the currency); the diff is over the
// limit when the total increase is strictly above it.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "bundle/bundle_estimate.h"
#include "io/table.h"

namespace dbcost {

struct FailOver {
  bool percent = false;
  double value = 0;
  std::string text;
};
// "10%", "2.5%", "500", "500.00"; throws InputError naming --fail-over.
FailOver parse_fail_over(const std::string& text);

struct DiffRow {
  std::string name, kind, team;
  std::string status;  // added, removed, changed, unchanged
  std::string basis;   // month, run-hour, none
  std::optional<double> old_value, new_value;
  std::optional<double> delta, delta_percent;
};

struct BundleDiff {
  BundleEstimate before, after;
  std::vector<DiffRow> rows;
  double old_total = 0, new_total = 0, delta = 0;
  std::optional<double> delta_percent;
  Summary delta_spread;  // the total's delta over paired trials
  std::optional<FailOver> limit;
  double limit_amount = 0;
  bool exceeded = false;
};

BundleDiff diff_bundles(const Bundle& before, const Bundle& after, const EstimateOptions& options,
                        const std::optional<FailOver>& limit = std::nullopt);

Table diff_table(const BundleDiff& d);  // every row, plain numbers
nlohmann::json diff_json(const BundleDiff& d);
// md|table|csv|json; control characters escaped in md and table, formula-like CSV cells neutralised
// unless options.raw_csv.
std::string diff_text(const BundleDiff& d, const std::string& format, const RenderOptions& options = {});

}  // namespace dbcost
