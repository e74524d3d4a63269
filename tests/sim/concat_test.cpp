#include <gtest/gtest.h>

#include "sim/engine.h"
#include "workload/scenario_reader.h"

namespace dbcost {
namespace {

std::string travel_platform() { return std::string(DBCOST_SOURCE_DIR) + "/scenarios/travel_platform.yaml"; }

TEST(ConcatTest, ShardsEqualOneRun) {
  const auto sc = load_scenario(travel_platform());
  RunOptions whole;
  whole.trials = 12;
  whole.seed = 5;
  whole.record_runs = true;
  const SimResult one = simulate(sc, whole);
  std::vector<SimResult> shards;
  for (auto [first, count] : {std::pair{0, 5}, {5, 4}, {9, 3}}) {
    RunOptions o = whole;
    o.first_trial = static_cast<std::uint64_t>(first);
    o.trials = count;
    o.threads = 2;
    shards.push_back(simulate(sc, o));
  }
  const SimResult merged = concat_trials(shards);
  EXPECT_EQ(merged.trials, 12);
  EXPECT_TRUE(merged.total_cost == one.total_cost);
  EXPECT_TRUE(merged.team_daily_cost == one.team_daily_cost);
  EXPECT_TRUE(merged.evictions == one.evictions);
  EXPECT_EQ(merged.run_samples.trial, one.run_samples.trial);
  EXPECT_EQ(merged.run_samples.cost, one.run_samples.cost);
  const auto a = summarize(merged.total_cost.rowwise().sum());
  const auto b = summarize(one.total_cost.rowwise().sum());
  EXPECT_EQ(a.mean, b.mean);
  EXPECT_EQ(a.p95, b.p95);
}

TEST(ConcatTest, ShardsOfDifferentScenariosAreRefused) {
  const auto base = load_scenario(travel_platform());
  const auto other = parse_scenario(R"(
scenario: tiny
cloud: azure
period: {start: 2026-03-01, end: 2026-04-01, timezone: UTC}
instance_pools:
  p: {node_type_id: Standard_D8s_v3, min_idle_instances: 1, tags: {team: x}}
)",
                                    "tiny.yaml");
  RunOptions o;
  o.trials = 2;
  EXPECT_THROW(concat_trials({simulate(base, o), simulate(other, o)}), ModelError);
  EXPECT_THROW(concat_trials({}), ModelError);
}

TEST(ConcatTest, ResultsBeyondTheMemoryLimitAreRefusedUpFront) {
  // 1,000,000 trials x (10 x 8 workloads + 4 teams + 31 days x 5) doubles = 1.9 GB: allowed;
  // a ten-year period makes it 1,000,000 x (84 + 3652 x 5) x 8 bytes = 146 GB: refused before allocating.
  auto sc = load_scenario(travel_platform());
  sc.end = sc.start + 3652LL * 86400;
  RunOptions o;
  o.trials = 1'000'000;
  try {
    simulate(sc, o);
    FAIL() << "expected a ModelError";
  } catch (const ModelError& e) {
    EXPECT_NE(std::string(e.what()).find("above the 4096 MB limit"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace dbcost
