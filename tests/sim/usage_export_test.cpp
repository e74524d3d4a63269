#include "sim/usage_export.h"

#include <gtest/gtest.h>

#include <map>
#include <sstream>

#include "chargeback/usage_reader.h"
#include "workload/scenario_reader.h"

namespace dbcost {
namespace {

// Builtin prices: Azure premium jobs 0.30/DBU, all-purpose 0.55/DBU; Standard_D8s_v3 1.5 DBU/h.
const char* kTwoWorkloads = R"(
scenario: usage-export
cloud: azure
period: {start: 2026-04-01, end: 2026-04-04, timezone: UTC}
assumptions: {cluster_startup_minutes: {mean: 5, cv: 0}, dbus_during_startup: false}
jobs:
  nightly:
    tags: {team: etl, env: prod}
    schedule: {quartz_cron_expression: "0 0 6 * * ?", timezone_id: UTC}
    job_clusters:
      - job_cluster_key: shared
        new_cluster: {node_type_id: Standard_D8s_v3, num_workers: 2}
    tasks:
      - {task_key: a, job_cluster_key: shared, runtime: {minutes: 30}}
      - {task_key: b, depends_on: [{task_key: a}], job_cluster_key: shared, runtime: {minutes: 60}}
all_purpose_clusters:
  notebook:
    tags: {team: analytics}
    new_cluster: {node_type_id: Standard_D8s_v3, num_workers: 1, autotermination_minutes: 120}
    activity:
      days: MON-FRI
      sessions: [{start: "09:00", minutes: 60}, {start: "13:00", minutes: 30}]
)";

struct Record {
  std::string sku, start, tags, meta, idle;
  double quantity = 0;
};

// Splits the export's records; quoted cells hold no newlines.
std::vector<Record> records_of(const std::string& csv) {
  std::vector<Record> out;
  std::istringstream lines(csv);
  std::string line;
  std::getline(lines, line);
  while (std::getline(lines, line)) {
    std::vector<std::string> cells;
    std::string cell;
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
      const char c = line[i];
      if (c == '"') {
        if (quoted && i + 1 < line.size() && line[i + 1] == '"') {
          cell += '"';
          ++i;
        } else {
          quoted = !quoted;
        }
      } else if (c == ',' && !quoted) {
        cells.push_back(cell);
        cell.clear();
      } else {
        cell += c;
      }
    }
    cells.push_back(cell);
    EXPECT_EQ(cells.size(), 19u) << line;
    out.push_back({cells[3], cells[5], cells[8], cells[11], cells[18], std::stod(cells[10])});
  }
  return out;
}

TEST(UsageExportTest, HourlyRecordsByHand) {
  const auto sc = parse_scenario(kTwoWorkloads, "two.yaml");
  UsageTrace trace;
  RunOptions options;
  options.usage_trace = &trace;
  const auto r = simulate(sc, options);
  const auto records = records_of(usage_export_csv(sc, r, trace));
  // Job: ready 06:05, tasks 30 + 60 min, ends 07:35; 3 nodes x 1.5 = 4.5 DBU/h:
  // 06:00 hour 55 min = 4.125 DBU, 07:00 hour 35 min = 2.625 DBU; three days.
  // Notebook (Wed Apr 1 - Fri Apr 3), 2 nodes = 3 DBU/h: busy 09-10, idle 10-12, busy 13:00-13:30,
  // idle to 15:30 -> hours 09 (3, idle 0), 10 (3, 3), 11 (3, 3), 13 (3, 1.5), 14 (3, 3), 15 (1.5, 1.5).
  std::map<std::string, double> job, notebook, idle;
  for (const auto& rec : records) {
    const std::string hour = rec.start.substr(11, 5);
    if (rec.sku == "PREMIUM_JOBS_COMPUTE") {
      job[hour] += rec.quantity;
      EXPECT_NE(rec.tags.find(R"("env":"prod")"), std::string::npos);
      EXPECT_NE(rec.tags.find(R"("team":"etl")"), std::string::npos);
      EXPECT_NE(rec.meta.find(R"("job_name":"nightly")"), std::string::npos);
    } else {
      ASSERT_EQ(rec.sku, "PREMIUM_ALL_PURPOSE_COMPUTE");
      notebook[hour] += rec.quantity;
      idle[hour] += rec.idle.empty() ? 0 : std::stod(rec.idle);
      EXPECT_NE(rec.meta.find(R"("cluster_id":"notebook")"), std::string::npos);
      EXPECT_EQ(rec.meta.find("job_id"), std::string::npos);
    }
  }
  EXPECT_EQ(records.size(), 3u * 2 + 3u * 6);
  EXPECT_NEAR(job["06:00"], 3 * 4.125, 1e-9);
  EXPECT_NEAR(job["07:00"], 3 * 2.625, 1e-9);
  const std::map<std::string, std::pair<double, double>> expected = {{"09:00", {3, 0}}, {"10:00", {3, 3}},
                                                                     {"11:00", {3, 3}}, {"13:00", {3, 1.5}},
                                                                     {"14:00", {3, 3}}, {"15:00", {1.5, 1.5}}};
  for (const auto& [hour, want] : expected) {
    EXPECT_NEAR(notebook[hour], 3 * want.first, 1e-9) << hour;
    EXPECT_NEAR(idle[hour], 3 * want.second, 1e-9) << hour;
  }
}

TEST(UsageExportTest, ChargebackOfATrialMatchesItsDbuCost) {
  const auto sc = parse_scenario(kTwoWorkloads, "two.yaml");
  UsageTrace trace;
  RunOptions options;
  options.trials = 1;
  options.seed = 11;
  options.usage_trace = &trace;
  const auto r = simulate(sc, options);
  const auto prices = PriceBook::from_csv(list_prices_csv(sc, trace), "prices.csv");
  const auto ledger = read_usage_text(usage_export_csv(sc, r, trace), "usage.csv", prices, UsageOptions{});
  std::map<std::string, double> cost, dbus;
  for (const auto& g : ledger.groups) {
    cost[g.team] += (g.quantity * g.price->price).to_double();
    dbus[g.team] += g.quantity.to_double();
  }
  ASSERT_EQ(r.teams.size(), 2u);
  for (std::size_t t = 0; t < r.teams.size(); ++t) {
    double run_cost = 0, run_dbus = 0;
    for (std::size_t w = 0; w < r.workloads.size(); ++w)
      if (r.workloads[w].team == r.teams[t]) {
        run_cost += r.dbu_cost(0, static_cast<Eigen::Index>(w));
        run_dbus += r.dbus(0, static_cast<Eigen::Index>(w));
      }
    // Quantities carry 12 decimals: a few dozen records move the sum by under 1e-9.
    EXPECT_NEAR(cost[r.teams[t]], run_cost, 1e-8) << r.teams[t];
    EXPECT_NEAR(dbus[r.teams[t]], run_dbus, 1e-8) << r.teams[t];
  }
}

TEST(UsageExportTest, ManyTrialsAreRefused) {
  const auto sc = parse_scenario(kTwoWorkloads, "two.yaml");
  UsageTrace trace;
  RunOptions options;
  options.trials = 2;
  options.usage_trace = &trace;
  EXPECT_THROW(simulate(sc, options), ModelError);
}

}  // namespace
}  // namespace dbcost
