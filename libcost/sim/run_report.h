// `dbcost run` reports: per-team and per-workload tables (means over trials with p05, p50, p95 of
// the total cost), and the JSON document whose keys docs/cli.md lists.
#pragma once

#include <nlohmann/json.hpp>

#include "io/table.h"
#include "sim/engine.h"

namespace dbcost {

struct RunContext {
  const Scenario* scenario = nullptr;
  std::string variant;
  RunOptions options;
};

// with_list_cost adds dbu_list_cost (the DBUs at list price) beside dbu_cost (billed).
Table team_table(const SimResult& r, bool with_list_cost = false);
Table workload_table(const SimResult& r, bool with_list_cost = false);
// The scenario's cluster-policy violations (scenario_policies.h): cluster, policy, path, actual,
// message, location.
Table policy_findings_table(const Scenario& sc);
// The defaults and assumptions the run relies on: the scenario's, then its warehouses'
// ("<warehouse>: <note>").
std::vector<std::string> run_notes(const Scenario& sc);
nlohmann::json run_json(const SimResult& r, const RunContext& ctx);
// table|md|csv; control characters escaped in table and md, formula-like CSV cells neutralised unless
// options.raw_csv.
std::string run_text(const SimResult& r, const RunContext& ctx, const std::string& format,
                     const RenderOptions& options = {});

std::string format_fixed(double v, int decimals);

}  // namespace dbcost
