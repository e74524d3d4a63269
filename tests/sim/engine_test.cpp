#include "sim/engine.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "workload/scenario_reader.h"

namespace dbcost {
namespace {

// Builtin prices: Azure premium jobs 0.30/DBU, all-purpose 0.55/DBU; Standard_D8s_v3 1.5 DBU/h, 0.384/h.
const char* kTwoTaskJob = R"(
scenario: two-task
cloud: azure
period: {start: 2026-04-01, end: 2026-05-01, timezone: UTC}
assumptions: {cluster_startup_minutes: {mean: 5, cv: 0}, dbus_during_startup: false}
teams: {etl: {}}
jobs:
  nightly:
    tags: {team: etl}
    schedule: {quartz_cron_expression: "0 0 6 * * ?", timezone_id: UTC}
    job_clusters:
      - job_cluster_key: shared
        new_cluster: {node_type_id: Standard_D8s_v3, num_workers: 2}
    tasks:
      - {task_key: a, job_cluster_key: shared, runtime: {minutes: 30}}
      - {task_key: b, depends_on: [{task_key: a}], job_cluster_key: shared, runtime: {minutes: 60}}
variants:
  per_task_clusters:
    jobs:
      nightly:
        tasks:
          - {task_key: a, job_cluster_key: null, new_cluster: {node_type_id: Standard_D8s_v3, num_workers: 2}}
          - {task_key: b, job_cluster_key: null, new_cluster: {node_type_id: Standard_D8s_v3, num_workers: 2}}
)";

double cents(double v) { return std::round(v * 100) / 100; }

TEST(EngineTest, SharedJobClusterByHand) {
  const auto sc = parse_scenario(kTwoTaskJob, "two.yaml");
  const auto r = simulate(sc, {});
  // 3 nodes x 1.5 = 4.5 DBU/h x 0.30 = 1.35/h for 90 min = 2.025; VM 1.152/h for 95 min = 1.824.
  // 30 runs: 30 x 3.849 = 115.47.
  EXPECT_EQ(r.runs(0, 0), 30);
  EXPECT_DOUBLE_EQ(cents(r.dbu_cost(0, 0)), 60.75);
  EXPECT_DOUBLE_EQ(cents(r.vm_cost(0, 0)), 54.72);
  EXPECT_DOUBLE_EQ(cents(r.total_cost(0, 0)), 115.47);
  EXPECT_DOUBLE_EQ(r.duration_minutes(0, 0) / 30, 95.0);
}

// A price is asked for only when a workload needs it: a list_prices export names serverless SKUs only
// with a region suffix, and a scenario without serverless tasks prices on it as on the built-in book.
TEST(EngineTest, AClassicScenarioRunsOnARealListPricesExport) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("dbcost-engine-prices-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "list_prices.csv")
      << "price_start_time,price_end_time,account_id,sku_name,cloud,currency_code,usage_unit,pricing\n"
         "2025-01-01T00:00:00.000Z,,acc,PREMIUM_JOBS_COMPUTE,AZURE,USD,DBU,"
         "\"{\"\"default\"\":\"\"0.300000000000000000\"\"}\"\n"
         "2025-01-01T00:00:00.000Z,,acc,PREMIUM_JOBS_SERVERLESS_COMPUTE_US_EAST,AZURE,USD,DBU,"
         "\"{\"\"default\"\":\"\"0.450000000000000000\"\"}\"\n";
  std::string text = kTwoTaskJob;
  text.insert(text.find("assumptions:"), "pricing: {prices: list_prices.csv}\n");
  const auto r = simulate(parse_scenario(text, (dir / "two.yaml").string()), {});
  std::filesystem::remove_all(dir);
  // The figures of SharedJobClusterByHand, priced at the export's 0.30.
  EXPECT_DOUBLE_EQ(cents(r.dbu_cost(0, 0)), 60.75);
  EXPECT_DOUBLE_EQ(cents(r.total_cost(0, 0)), 115.47);
}

TEST(EngineTest, PerTaskClustersPayTwoStartUps) {
  const auto sc = parse_scenario(kTwoTaskJob, "two.yaml", "per_task_clusters");
  const auto r = simulate(sc, {});
  // Each task on its own cluster: VM (5 + 30) + (5 + 60) = 100 min x 1.152/h = 1.92; DBU still 2.025.
  // 30 runs: 30 x 3.945 = 118.35; the job now takes 5 + 30 + 5 + 60 = 100 minutes.
  EXPECT_DOUBLE_EQ(cents(r.total_cost(0, 0)), 118.35);
  EXPECT_DOUBLE_EQ(cents(r.vm_cost(0, 0)), 57.60);
  EXPECT_DOUBLE_EQ(r.duration_minutes(0, 0) / 30, 100.0);
}

TEST(EngineTest, AllPurposeClusterWithAKnownTimeline) {
  const char* yaml = R"(
scenario: ap
cloud: azure
period: {start: 2026-03-02, end: 2026-03-07, timezone: UTC}
assumptions: {cluster_startup_minutes: {mean: 10, cv: 0}}
all_purpose_clusters:
  notebook:
    tags: {team: analytics}
    new_cluster: {node_type_id: Standard_D8s_v3, num_workers: 1, autotermination_minutes: 120}
    activity:
      days: MON-FRI
      sessions: [{start: "09:00", minutes: 60}, {start: "13:00", minutes: 30}]
)";
  const auto r = simulate(parse_scenario(yaml, "ap.yaml"), {});
  // Per day: start 08:50 (10 min start-up, VM only), busy 09-10, idle 10-12 (120 min), stop; start 12:50,
  // busy 13:00-13:30, idle to 15:30. Running 330 min: DBU 2 x 1.5 = 3/h x 0.55 = 1.65/h -> 9.075;
  // VM 0.768/h for 330 + 2 x 10 = 350 min -> 4.48. Five weekdays: 5 x 13.555 = 67.775. Idle: 240 min x 2.418/h + 20 min
  // x 0.768/h = 9.672 + 0.256 = 9.928 a day -> 49.64.
  EXPECT_EQ(r.runs(0, 0), 10);
  EXPECT_NEAR(r.total_cost(0, 0), 67.775, 1e-9);
  EXPECT_NEAR(r.idle_cost(0, 0), 49.64, 1e-9);
  EXPECT_NEAR(r.dbus(0, 0), 5 * 5.5 * 3, 1e-9);
}

TEST(EngineTest, SameSeedSameResultsForAnyThreadCount) {
  const auto sc = parse_scenario(kTwoTaskJob, "two.yaml");
  auto s = sc;
  s.jobs[0].tasks[0].runtime.cv = 0.3;
  s.jobs[0].tasks[1].failure_probability = 0.1;
  s.jobs[0].max_retries = 2;
  const auto a = simulate(s, {64, 42, 1});
  const auto b = simulate(s, {64, 42, 2});
  const auto c = simulate(s, {64, 42, 8});
  EXPECT_TRUE(a.total_cost == b.total_cost);
  EXPECT_TRUE(a.total_cost == c.total_cost);
  EXPECT_TRUE(a.daily_cost == c.daily_cost);
  EXPECT_FALSE(a.total_cost == simulate(s, {64, 43, 1}).total_cost);
}

TEST(EngineTest, MonteCarloMeanMatchesExpectedValueForLinearCosts) {
  // Lognormal runtimes with mean 30 and 60: the mean cost over trials converges to the EV cost.
  auto sc = parse_scenario(kTwoTaskJob, "two.yaml");
  sc.jobs[0].tasks[0].runtime.cv = 0.4;
  sc.jobs[0].tasks[1].runtime.cv = 0.4;
  const auto ev = simulate(sc, {});
  const auto mc = simulate(sc, {400, 7, 2});
  const auto s = summarize(mc.total_cost.col(0));
  const double kSigmas = 4;  // a 4-standard-error band fails by chance about once in 16,000 runs
  EXPECT_NEAR(s.mean, ev.total_cost(0, 0), kSigmas * s.std_error);
  EXPECT_GT(s.std_error, 0);
}

TEST(ScenarioReaderTest, BadScenariosAreLocated) {
  auto error_of = [](const std::string& text) {
    try {
      parse_scenario(text, "s.yaml");
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  const std::string head = "period: {start: 2026-03-01, end: 2026-04-01}\njobs:\n  j:\n";
  EXPECT_EQ(error_of("perod: {start: 2026-03-01}\n"),
            "s.yaml:1:1: perod: unknown key 'perod' (did you mean 'period'?)");
  EXPECT_EQ(
      error_of(head + "    schedule: {quartz_cron_expression: \"0 0 25 * * ?\", timezone_id: UTC}\n    tasks: []\n"),
      "s.yaml:4:45: jobs.j.schedule.quartz_cron_expression: invalid Quartz cron expression at position 5: "
      "hour 25 is out of range 0-23");
  EXPECT_EQ(error_of(head + "    tasks:\n      - {task_key: a, job_cluster_key: etl, runtime: {minutes: 5}}\n"),
            "s.yaml:5:40: jobs.j.tasks[0].job_cluster_key: unknown job_cluster_key 'etl'");
  EXPECT_EQ(error_of(head + "    tasks:\n      - {task_key: a, depends_on: [{task_key: b}], runtime: {minutes: 5}}\n"
                            "      - {task_key: b, depends_on: [{task_key: a}], runtime: {minutes: 5}}\n"),
            "s.yaml:5:9: jobs.j.tasks[0]: cycle in depends_on: a -> b -> a");
  EXPECT_EQ(error_of(head + "    tasks:\n      - {task_key: a, runtime: {minutes: -5}}\n"),
            "s.yaml:5:42: jobs.j.tasks[0].runtime.minutes: a runtime cannot be negative, got -5");
  EXPECT_EQ(
      error_of(
          head +
          "    tasks:\n      - {task_key: a, new_cluster: {node_type_id: Standard_D8s_v4}, runtime: {minutes: 5}}\n"),
      "s.yaml:5:51: jobs.j.tasks[0].new_cluster.node_type_id: unknown AZURE node type 'Standard_D8s_v4' (did you mean "
      "'Standard_D8s_v3'?); "
      "add it to an instance catalog CSV and pass it with --instances FILE (a scenario names the file under "
      "pricing: instances:)");
}

}  // namespace
}  // namespace dbcost

namespace dbcost {
namespace {

TEST(ScenarioReaderTest, VariantErrorsPointIntoTheFileAndTheBaseIsUntouched) {
  const std::string text = std::string(kTwoTaskJob) +
                           "  typo:\n"
                           "    jobs:\n"
                           "      nightly:\n"
                           "        job_clusters:\n"
                           "          - job_cluster_key: shared\n"
                           "            new_cluster: {num_worker: 4}\n";
  try {
    parse_scenario(text, "two.yaml", "typo");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              "two.yaml:29:27: jobs.nightly.job_clusters[0].new_cluster.num_worker: unknown key 'num_worker' (did "
              "you mean 'num_workers'?)");
  }
  const YamlView view = YamlView::parse(text, "two.yaml");
  read_scenario(view, "per_task_clusters");
  const Scenario base = read_scenario(view, "");
  EXPECT_EQ(base.jobs[0].tasks[0].compute, TaskCompute::JobCluster);
}

}  // namespace
}  // namespace dbcost

namespace dbcost {
namespace {

TEST(EngineTest, ScheduledRunsAreSkippedWhileMaxConcurrentRunsAreActive) {
  // An hourly job that runs 90 minutes (no start-up: serverless): with one run at a time, every
  // other fire time finds the previous run active and is skipped: 24 hours -> 12 runs. With two
  // concurrent runs allowed, all 24 run; with 0, none.
  const std::string base = R"(
scenario: overlap
period: {start: 2026-03-02, end: 2026-03-03, timezone: UTC}
jobs:
  slow:
    schedule: {quartz_cron_expression: "0 0 * * * ?", timezone_id: UTC}
    tasks: [{task_key: t, runtime: {minutes: 90}}]
)";
  auto runs = [&](const std::string& extra) { return simulate(parse_scenario(base + extra, "o.yaml"), {}).runs(0, 0); };
  EXPECT_EQ(runs(""), 12);
  EXPECT_EQ(runs("    max_concurrent_runs: 2\n"), 24);
  EXPECT_EQ(runs("    max_concurrent_runs: 0\n"), 0);
}

}  // namespace
}  // namespace dbcost

namespace dbcost {
namespace {

TEST(EngineTest, SpotEvictionsAreTheSameForAnyThreadCount) {
  const std::string yaml =
      std::string(kTwoTaskJob)
          .replace(std::string(kTwoTaskJob).find("num_workers: 2}"), 15,
                   "num_workers: 4, azure_attributes: {availability: SPOT_WITH_FALLBACK_AZURE, first_on_demand: 0}}");
  auto sc = parse_scenario(yaml, "two.yaml");
  sc.jobs[0].max_retries = 2;
  sc.jobs[0].sla_minutes = 100;
  RunOptions o{48, 9, 1};
  o.spot_rate_override = 0.3;
  const auto a = simulate(sc, o);
  o.threads = 2;
  const auto b = simulate(sc, o);
  o.threads = 8;
  const auto c = simulate(sc, o);
  EXPECT_TRUE(a.total_cost == b.total_cost && a.total_cost == c.total_cost);
  EXPECT_TRUE(a.evictions == b.evictions && a.evictions == c.evictions);
  EXPECT_TRUE(a.sla_misses == c.sla_misses && a.failed_runs == c.failed_runs);
  EXPECT_GT(a.evictions.sum(), 0);
  EXPECT_GT(a.sla_misses.sum(), 0);
}

TEST(EngineTest, BlocksOfTrialsOnSeveralThreadsGiveTheSameMatrices) {
  // 700 trials: full blocks of 64 on 1 thread; blocks of 29 on 3 threads (700 / 24), some threads
  // taking more blocks than others.
  std::string yaml = kTwoTaskJob;
  yaml.replace(yaml.find("num_workers: 2}"), 15,
               "num_workers: 4, azure_attributes: {availability: SPOT_WITH_FALLBACK_AZURE, first_on_demand: 1}}");
  const auto sc = parse_scenario(yaml, "two.yaml");
  RunOptions o{700, 11, 1};
  o.spot_rate_override = 0.2;
  const auto a = simulate(sc, o);
  o.threads = 3;
  const auto b = simulate(sc, o);
  for (const auto& [x, y] : {std::pair{&a.total_cost, &b.total_cost},
                             {&a.runs, &b.runs},
                             {&a.evictions, &b.evictions},
                             {&a.team_daily_cost, &b.team_daily_cost},
                             {&a.daily_dbu_list_cost, &b.daily_dbu_list_cost}})
    EXPECT_TRUE(*x == *y);
  EXPECT_GT(a.evictions.sum(), 0);
}

TEST(ScenarioReaderTest, TimeoutSecondsServesAsTheSlaWhenNoneIsGiven) {
  std::string yaml = kTwoTaskJob;
  yaml.replace(yaml.find("    job_clusters:"), 0, "    timeout_seconds: 5400\n");
  EXPECT_DOUBLE_EQ(*parse_scenario(yaml, "two.yaml").jobs[0].sla_minutes, 90.0);
}

}  // namespace
}  // namespace dbcost

namespace dbcost {
namespace {

// One 30-minute task on a fresh Standard_D8s_v3 cluster: driver on demand (0.384/h), two spot workers
// (0.384 x (100 - 80.9)% = 0.073344/h each), 1.5 DBU/h a node at 0.30 (builtin prices). Every eviction takes
// the work done (map output always lost) and the replacement joins at once, so at 1000 evictions per node-hour
// the cluster is whole all the time and the work never gets done.
const char* kHopelessSpotJob = R"(
scenario: hopeless
cloud: azure
period: {start: 2026-04-01, end: 2026-04-02, timezone: UTC}
assumptions: {cluster_startup_minutes: {mean: 5, cv: 0}, dbus_during_startup: false}
spot: {replacement_minutes: {mean: 0}, in_flight_minutes: 0, map_output_loss_probability: 1}
jobs:
  once:
    schedule: {quartz_cron_expression: "0 0 6 * * ?", timezone_id: UTC}
    tasks:
      - task_key: t
        new_cluster:
          node_type_id: Standard_D8s_v3
          num_workers: 2
          azure_attributes: {availability: SPOT_WITH_FALLBACK_AZURE, first_on_demand: 1}
        runtime: {minutes: 30}
)";

constexpr double kHopelessVmPerHour = 0.384 + 2 * 0.073344;
constexpr double kHopelessDbuCostPerHour = 3 * 1.5 * 0.30;

SimResult run_hopeless(const std::string& job_keys, const std::string& task_keys) {
  std::string yaml = kHopelessSpotJob;
  yaml.insert(yaml.find("    tasks:"), job_keys);
  yaml.insert(yaml.find("        runtime:"), task_keys);
  RunOptions o{1, 7, 1};
  o.spot_rate_override = 1000;
  return simulate(parse_scenario(yaml, "hopeless.yaml"), o);
}

void expect_failed_run(const SimResult& r, double run_minutes) {
  // The start-up (5 min, VM only) and the spot segment to its limit, all nodes up.
  EXPECT_EQ(r.runs(0, 0), 1);
  EXPECT_EQ(r.failed_runs(0, 0), 1);
  EXPECT_EQ(r.sla_misses(0, 0), 1);
  EXPECT_GT(r.evictions(0, 0), 0);
  EXPECT_NEAR(r.duration_minutes(0, 0), run_minutes, 1e-9);
  EXPECT_NEAR(r.vm_cost(0, 0), run_minutes / 60 * kHopelessVmPerHour, 1e-9);
  EXPECT_NEAR(r.dbu_cost(0, 0), (run_minutes - 5) / 60 * kHopelessDbuCostPerHour, 1e-9);
}

TEST(EngineTest, ASpotRunThatCannotKeepUpFailsAtTheJobTimeout) {
  // timeout_seconds 3600: the run stops at 60 minutes (5 starting, 55 on spot). VM 0.530688, DBUs 1.2375; the
  // SLA (timeout / 60 = 60 minutes) is missed by the failure, not by the duration.
  expect_failed_run(run_hopeless("    timeout_seconds: 3600\n", ""), 60);
  EXPECT_NEAR(run_hopeless("    timeout_seconds: 3600\n", "").total_cost(0, 0), 0.530688 + 1.2375, 1e-9);
}

TEST(EngineTest, ASpotRunThatCannotKeepUpFailsAtTheTaskTimeout) {
  // The task's clock starts with its cluster: 2400 s = 5 minutes starting + 35 on spot.
  expect_failed_run(run_hopeless("", "        timeout_seconds: 2400\n"), 40);
  // The earlier of the two.
  expect_failed_run(run_hopeless("    timeout_seconds: 3000\n", "        timeout_seconds: 2400\n"), 40);
  expect_failed_run(run_hopeless("    timeout_seconds: 2100\n", "        timeout_seconds: 2400\n"), 35);
}

TEST(EngineTest, ASpotRunThatCannotKeepUpWithoutATimeoutFailsAtTenTimesItsRuntime) {
  // The segment's default limit: 10 x 30 minutes, after the 5-minute start-up.
  expect_failed_run(run_hopeless("", ""), 305);
}

TEST(ScenarioReaderTest, TimeoutSecondsOfJobsAndTasksAreRead) {
  std::string yaml = kHopelessSpotJob;
  yaml.insert(yaml.find("    tasks:"), "    timeout_seconds: 3600\n");
  yaml.insert(yaml.find("        runtime:"), "        timeout_seconds: 600\n");
  const auto sc = parse_scenario(yaml, "hopeless.yaml");
  EXPECT_EQ(sc.jobs[0].timeout_seconds, 3600);
  EXPECT_EQ(sc.jobs[0].tasks[0].timeout_seconds, 600);
  EXPECT_EQ(parse_scenario(kHopelessSpotJob, "hopeless.yaml").jobs[0].tasks[0].timeout_seconds, 0);
  std::string negative = kHopelessSpotJob;
  negative.insert(negative.find("        runtime:"), "        timeout_seconds: -1\n");
  try {
    parse_scenario(negative, "hopeless.yaml");
    ADD_FAILURE() << "a negative timeout was read";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().line, 16);
    EXPECT_EQ(e.where().field, "jobs.once.tasks[0].timeout_seconds");
  }
}

TEST(ScenarioReaderTest, EvictionRatesOutsideZeroToAThousandAreErrorsAtTheirPlace) {
  for (const std::string rate : {".nan", ".inf", "-.inf", "-1", "1000.5", "1e400", "fast"}) {
    std::string yaml = kHopelessSpotJob;
    yaml.replace(yaml.find("spot: {"), 7, "spot: {eviction_rate_per_hour: " + rate + ", ");
    try {
      parse_scenario(yaml, "hopeless.yaml");
      ADD_FAILURE() << rate << " was read";
    } catch (const InputError& e) {
      EXPECT_EQ(e.where().file, "hopeless.yaml");
      EXPECT_EQ(e.where().line, 6);
      EXPECT_EQ(e.where().column, 32);
      EXPECT_EQ(e.where().field, "spot.eviction_rate_per_hour");
      EXPECT_EQ(e.reason(), "expected an eviction rate per spot node-hour from 0 to 1000, got '" + rate + "'");
    }
  }
  std::string yaml = kHopelessSpotJob;
  yaml.replace(yaml.find("spot: {"), 7, "spot: {eviction_rate_per_hour: 1000, ");
  EXPECT_EQ(parse_scenario(yaml, "hopeless.yaml").spot.eviction_rate_per_hour, 1000);
}

}  // namespace
}  // namespace dbcost
