// Serverless jobs in both performance targets, a task priced from the cluster it replaces, a
// serverless notebook, classic and serverless pipelines: tests/data/serverless_kinds.yaml, priced
// by hand with the built-in data (Azure premium eastus: JOBS_SERVERLESS 0.45, ALL_PURPOSE_SERVERLESS
// 0.95, DLT_PRO 0.38 per DBU; Standard_D4s_v3 0.75 DBU/h, 0.192/h; Azure DLT Photon x2.5;
// serverless_rates.csv: 4 DBU/h STANDARD, x2 PERFORMANCE_OPTIMIZED, notebooks 8 DBU/h, 10 idle min).
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "sim/engine.h"
#include "sim/usage_export.h"
#include "workload/scenario_reader.h"

namespace dbcost {
namespace {

const std::string kScenario = std::string(DBCOST_SOURCE_DIR) + "/tests/data/serverless_kinds.yaml";

int index_of(const SimResult& r, const std::string& name) {
  for (std::size_t i = 0; i < r.workloads.size(); ++i)
    if (r.workloads[i].name == name) return static_cast<int>(i);
  ADD_FAILURE() << "no workload " << name;
  return 0;
}

TEST(ServerlessTest, EveryKindByHand) {
  const Scenario sc = load_scenario(kScenario);
  const SimResult r = simulate(sc, {});
  auto cost = [&](const char* name) { return r.total_cost(0, index_of(r, name)); };
  auto dbus = [&](const char* name) { return r.dbus(0, index_of(r, name)); };
  // 30 daily runs of 1 hour: 4 DBU/h STANDARD, 8 DBU/h PERFORMANCE_OPTIMIZED (the default).
  EXPECT_NEAR(dbus("standard_job"), 120, 1e-9);
  EXPECT_NEAR(cost("standard_job"), 54.00, 1e-9);
  EXPECT_NEAR(dbus("optimized_job"), 240, 1e-9);
  EXPECT_NEAR(cost("optimized_job"), 108.00, 1e-9);
  // Replaces 3 x Standard_D4s_v3 = 2.25 DBU/h, x from_cluster_factor 1, STANDARD: 30 x 2.25 = 67.5 DBU.
  EXPECT_NEAR(dbus("moved_job"), 67.5, 1e-9);
  EXPECT_NEAR(cost("moved_job"), 30.375, 1e-9);
  // 22 weekdays x (50 active + 10 idle minutes) = 22 h at 8 DBU/h x 0.95; idle 22 x 10/60 h.
  const int nb = index_of(r, "exploration");
  EXPECT_NEAR(r.dbus(0, nb), 176, 1e-9);
  EXPECT_NEAR(r.total_cost(0, nb), 167.20, 1e-9);
  EXPECT_NEAR(r.idle_cost(0, nb), 22 * 10.0 / 60 * 8 * 0.95, 1e-9);
  EXPECT_NEAR(r.runs(0, nb), 22, 1e-9);
  // Continuous PRO Photon, autoscale 1-3 at 2 workers: 3 x 0.75 x 2.5 = 5.625 DBU/h x 0.38, VMs
  // 3 x 0.192, 720 hours.
  const int dlt = index_of(r, "classic_dlt");
  EXPECT_NEAR(r.dbus(0, dlt), 720 * 5.625, 1e-6);
  EXPECT_NEAR(r.dbu_cost(0, dlt), 1539.00, 1e-6);
  EXPECT_NEAR(r.vm_cost(0, dlt), 414.72, 1e-6);
  EXPECT_NEAR(r.runs(0, dlt), 1, 1e-12);
  // 2 updates a day of 30 minutes, STANDARD 4 DBU/h: 30 h, 120 DBU x 0.45.
  EXPECT_NEAR(dbus("serverless_dlt"), 120, 1e-9);
  EXPECT_NEAR(cost("serverless_dlt"), 54.00, 1e-9);
  EXPECT_NEAR(r.runs(0, index_of(r, "serverless_dlt")), 60, 1e-12);
  // Unconfirmed rates the scenario relies on are noted.
  std::string notes;
  for (const auto& n : sc.notes) notes += n + "\n";
  EXPECT_NE(notes.find("4 DBU/h in STANDARD mode"), std::string::npos) << notes;
  EXPECT_NE(notes.find("classic cluster replaced x 1"), std::string::npos) << notes;
  EXPECT_NE(notes.find("2x the DBUs of STANDARD"), std::string::npos) << notes;
  EXPECT_NE(notes.find("serverless notebooks: 8 DBU/h"), std::string::npos) << notes;
}

TEST(ServerlessTest, AssumptionsOverrideTheDataAndSilenceTheNotes) {
  const std::string text = R"(
scenario: override
cloud: azure
region: eastus
period: {start: 2026-04-01, end: 2026-04-02, timezone: UTC}
assumptions: {serverless_dbus_per_hour: 5, performance_optimized_multiplier: 3}
jobs:
  j:
    schedule: {quartz_cron_expression: "0 0 6 * * ?", timezone_id: UTC}
    tasks:
      - {task_key: t, runtime: {minutes: 60}}
      - {task_key: given, runtime: {minutes: 60}, serverless: {dbus_per_hour: 7}}
)";
  const Scenario sc = parse_scenario(text, "override.yaml");
  // 5 x 3 = 15 DBU/h by default; a given rate is billed as written, whatever the target.
  EXPECT_NEAR(sc.jobs[0].tasks[0].serverless_dbus_per_hour + sc.jobs[0].tasks[1].serverless_dbus_per_hour, 22, 1e-12);
  EXPECT_TRUE(sc.notes.empty());
  EXPECT_NEAR(simulate(sc, {}).dbu_cost(0, 0), 22 * 0.45, 1e-9);
}

TEST(ServerlessTest, BadPerformanceTargetAndPipelineKeysNameTheirPlace) {
  const std::string head = "scenario: bad\nperiod: {start: 2026-04-01, end: 2026-04-02}\n";
  auto error = [&](const std::string& body) {
    try {
      parse_scenario(head + body, "bad.yaml");
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(error("jobs:\n  j:\n    performance_target: FAST\n    tasks: [{task_key: t, runtime: {minutes: 1}}]\n"),
            "bad.yaml:5:25: jobs.j.performance_target: expected STANDARD or PERFORMANCE_OPTIMIZED, got 'FAST'");
  EXPECT_EQ(error("pipelines:\n  p: {serverless: true, continuous: true, edition: GOLD}\n"),
            "bad.yaml:4:52: pipelines.p.edition: expected CORE, PRO or ADVANCED, got 'GOLD'");
  EXPECT_EQ(error("pipelines:\n  p: {edition: PRO, continuous: true}\n"),
            "bad.yaml:4:6: pipelines.p: a classic pipeline needs a default cluster in clusters (node_type_id and "
            "workers); or serverless: true");
  EXPECT_EQ(error("pipelines:\n  p: {serverless: true, updates_per_day: 1}\n"),
            "bad.yaml:4:6: pipelines.p: a triggered pipeline needs update_minutes and a schedule or updates_per_day "
            "(or continuous: true)");
  EXPECT_EQ(error("jobs:\n  j:\n    tasks: [{task_key: t, runtime: {minutes: 1}, serverless: {replaces: "
                  "{job_cluster_key: nope}}}]\n"),
            "bad.yaml:5:91: jobs.j.tasks[0].serverless.replaces.job_cluster_key: unknown job_cluster_key 'nope'");
}

// Splits a CSV line; quoted cells hold no newlines.
std::vector<std::string> cells_of(const std::string& line) {
  std::vector<std::string> cells(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (c == '"' && quoted && i + 1 < line.size() && line[i + 1] == '"') {
      cells.back() += '"';
      ++i;
    } else if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      cells.emplace_back();
    } else {
      cells.back() += c;
    }
  }
  return cells;
}

TEST(ServerlessTest, UsageExportWritesSkuOriginAndPerformanceTarget) {
  const Scenario sc = load_scenario(kScenario);
  UsageTrace trace;
  RunOptions options;
  options.usage_trace = &trace;
  const SimResult r = simulate(sc, options);
  std::istringstream lines(usage_export_csv(sc, r, trace));
  std::string line;
  std::getline(lines, line);
  // workload -> {sku, origin, performance_target} seen, and DBUs
  std::map<std::string, std::set<std::string>> seen;
  std::map<std::string, double> dbus;
  while (std::getline(lines, line)) {
    const auto c = cells_of(line);
    ASSERT_EQ(c.size(), 19u) << line;
    const auto tags = nlohmann::json::parse(c[8]);
    const auto meta = nlohmann::json::parse(c[11]);
    const auto features = nlohmann::json::parse(c[16]);
    const std::string name = meta.contains("job_name")          ? meta["job_name"].get<std::string>()
                             : meta.contains("dlt_pipeline_id") ? meta["dlt_pipeline_id"].get<std::string>()
                                                                : "exploration";
    seen[name].insert(c[3] + " " + c[15] + " " + features["performance_target"].dump());
    dbus[name] += std::stod(c[10]);
    if (name == "exploration") {
      EXPECT_EQ(tags["team"], "analytics");
    }
  }
  const std::map<std::string, std::string> want = {
      // Region-priced SKUs carry the region's suffix, as in system.billing.usage (eastus: US_EAST).
      {"standard_job", R"(PREMIUM_JOBS_SERVERLESS_COMPUTE_US_EAST JOBS "STANDARD")"},
      {"optimized_job", R"(PREMIUM_JOBS_SERVERLESS_COMPUTE_US_EAST JOBS "PERFORMANCE_OPTIMIZED")"},
      {"moved_job", R"(PREMIUM_JOBS_SERVERLESS_COMPUTE_US_EAST JOBS "STANDARD")"},
      {"exploration", R"(PREMIUM_ALL_PURPOSE_SERVERLESS_COMPUTE_US_EAST INTERACTIVE "PERFORMANCE_OPTIMIZED")"},
      {"classic_dlt", "PREMIUM_DLT_PRO_COMPUTE_(PHOTON) DLT null"},
      {"serverless_dlt", R"(PREMIUM_JOBS_SERVERLESS_COMPUTE_US_EAST DLT "STANDARD")"}};
  for (const auto& [name, record] : want) {
    EXPECT_EQ(seen[name], std::set<std::string>{record}) << name;
  }
  EXPECT_EQ(seen.size(), want.size());
  EXPECT_NEAR(dbus["classic_dlt"], 4050, 1e-6);
  EXPECT_NEAR(dbus["exploration"], 176, 1e-6);
  EXPECT_NEAR(dbus["serverless_dlt"], 120, 1e-6);
}

}  // namespace
}  // namespace dbcost
