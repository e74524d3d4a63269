// The scenario reader, key by key: defaults, the workloads it reads, variants, and every error
// located at file:line:column. Built-in data: Standard_DS3_v2 0.75 DBU/h, Standard_D8s_v3 1.5 DBU/h;
// serverless jobs 4 DBU/h in STANDARD mode, PERFORMANCE_OPTIMIZED x2; notebooks 8 DBU/h, 10 idle
// minutes (scenarios/data/serverless_rates.csv); a Small warehouse 12 DBU/h.
#include "workload/scenario_reader.h"

#include <gtest/gtest.h>

#include <date/tz.h>

#include "core/errors.h"

namespace dbcost {
namespace {

// 2026-03-02T00:00:00Z: 20454 days from 1970 to 2026 (56 x 365 + 14 leap days), + 31 + 28 + 1.
constexpr UnixSeconds kMarch2 = (20454LL + 60) * 86400;
const std::string kPeriod = "period: {start: 2026-03-02, end: 2026-03-09}\n";

Scenario read(const std::string& text, const std::string& variant = "") {
  return parse_scenario(text, "s.yaml", variant);
}

std::string error_of(const std::string& text, const std::string& variant = "") {
  try {
    read(text, variant);
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

const std::vector<bool> kWeekdays = {true, true, true, true, true, false, false};

// --- top-level keys --------------------------------------------------------------------------

TEST(ScenarioReaderTest, EveryTopLevelKeyHasItsDefault) {
  const Scenario sc = read(kPeriod);
  EXPECT_EQ(sc.file, "s.yaml");
  EXPECT_EQ(sc.name, "scenario");
  EXPECT_EQ(sc.description, "");
  EXPECT_EQ(sc.cloud, Cloud::Azure);
  EXPECT_EQ(sc.tier, Tier::Premium);
  EXPECT_EQ(sc.region, "");
  EXPECT_EQ(sc.currency, "USD");
  EXPECT_EQ(sc.timezone_id, "UTC");
  EXPECT_EQ(sc.start, kMarch2);
  EXPECT_EQ(sc.end, kMarch2 + 7 * 86400);
  EXPECT_EQ(sc.days(), 7);
  ASSERT_NE(sc.pricing, nullptr);
  EXPECT_TRUE(sc.commitments.empty());
  EXPECT_FALSE(sc.spot.enabled);
  EXPECT_DOUBLE_EQ(sc.assumptions.cluster_startup_minutes.mean, 5);
  EXPECT_DOUBLE_EQ(sc.assumptions.cluster_startup_minutes.cv, 0.3);
  EXPECT_FALSE(sc.assumptions.dbus_during_startup);
  EXPECT_DOUBLE_EQ(sc.assumptions.serverless_dbus_per_hour, 4);
  EXPECT_TRUE(sc.assumptions.overridden.empty());
  EXPECT_TRUE(sc.teams.empty());
  EXPECT_TRUE(sc.budgets.empty());
  EXPECT_TRUE(sc.jobs.empty() && sc.all_purpose.empty() && sc.warehouses.empty() && sc.pools.empty() &&
              sc.notebooks.empty() && sc.pipelines.empty());
  EXPECT_TRUE(sc.variant_names.empty());
  EXPECT_TRUE(sc.policy_findings.empty());
  EXPECT_TRUE(sc.policy_notes.empty());
  EXPECT_TRUE(sc.notes.empty());
}

TEST(ScenarioReaderTest, SettingsAreReadAsGiven) {
  const Scenario sc = read(
      "scenario: travel\ndescription: two teams\ncloud: AWS\ntier: enterprise\nregion: us-west-2\ncurrency: EUR\n"
      "period: {start: 2026-03-02, end: 2026-03-03, timezone: Europe/Paris}\n");
  EXPECT_EQ(sc.name, "travel");
  EXPECT_EQ(sc.description, "two teams");
  EXPECT_EQ(sc.cloud, Cloud::Aws);
  EXPECT_EQ(sc.tier, Tier::Enterprise);
  EXPECT_EQ(sc.region, "us-west-2");
  EXPECT_EQ(sc.currency, "EUR");
  EXPECT_EQ(sc.timezone_id, "Europe/Paris");
  // Paris is UTC+1 in early March (summer time starts on 29 March 2026).
  EXPECT_EQ(sc.start, kMarch2 - 3600);
  EXPECT_EQ(sc.end, kMarch2 - 3600 + 86400);
}

TEST(ScenarioReaderTest, ThePeriodIsRequiredAndMustEndAfterItStarts) {
  EXPECT_EQ(error_of("scenario: x\n"),
            "s.yaml:1:1: missing period: {start: YYYY-MM-DD, end: YYYY-MM-DD, timezone: UTC}");
  EXPECT_EQ(error_of("period: {end: 2026-03-02}\n"), "s.yaml:1:9: period: missing start");
  EXPECT_EQ(error_of("period: {start: 2026-03-09, end: 2026-03-02}\n"),
            "s.yaml:1:34: period.end: the period must end after it starts");
}

TEST(ScenarioReaderTest, UnknownKeysAreErrorsWithADidYouMean) {
  EXPECT_EQ(error_of(kPeriod + "jobz: {}\n"), "s.yaml:2:1: jobz: unknown key 'jobz' (did you mean 'jobs'?)");
  EXPECT_EQ(error_of(kPeriod + "jobs:\n  j:\n    job_cluster: []\n"),
            "s.yaml:4:5: jobs.j.job_cluster: unknown key 'job_cluster' (did you mean 'job_clusters'?)");
  EXPECT_EQ(error_of(kPeriod + "variants:\n  v:\n    jobz: {}\n"),
            "s.yaml:4:5: variants.v.jobz: unknown key 'jobz' (did you mean 'jobs'?)");
}

TEST(ScenarioReaderTest, ACloudOrTierNotKnownIsAnErrorAtItsValue) {
  EXPECT_EQ(error_of("cloud: mars\n" + kPeriod),
            "s.yaml:1:8: cloud: unknown cloud 'mars' (expected azure, aws or gcp)");
  EXPECT_EQ(error_of("tier: gold\n" + kPeriod),
            "s.yaml:1:7: tier: unknown tier 'gold' (expected standard, premium or enterprise)");
}

TEST(ScenarioReaderTest, TeamsKeepTheirOrderAndExactBudgets) {
  const Scenario sc = read(kPeriod + "teams:\n  etl: {monthly_budget: 25000.50}\n  bi:\n");
  EXPECT_EQ(sc.teams, (std::vector<std::string>{"etl", "bi"}));
  ASSERT_EQ(sc.budgets.count("etl"), 1u);
  EXPECT_EQ(sc.budgets.at("etl").micros(), 25'000'500'000);
  EXPECT_EQ(sc.budgets.count("bi"), 0u);
  EXPECT_EQ(error_of(kPeriod + "teams:\n  etl: {monthly_budget: lots}\n"),
            "s.yaml:3:25: teams.etl.monthly_budget: expected an amount such as 25000 or 25000.00");
}

TEST(ScenarioReaderTest, ASpotSectionTurnsEvictionsOnWithItsDefaults) {
  const Scenario sc = read(kPeriod + "spot: {}\n");
  EXPECT_TRUE(sc.spot.enabled);
  EXPECT_DOUBLE_EQ(sc.spot.eviction_rate_per_hour, -1);
  EXPECT_EQ(sc.spot.band_reading, "per_month");
  EXPECT_DOUBLE_EQ(sc.spot.capacity_event_fraction, 1);
  EXPECT_FALSE(sc.spot.graceful_decommission);
  EXPECT_DOUBLE_EQ(sc.spot.replacement_minutes.mean, 4);
  EXPECT_DOUBLE_EQ(sc.spot.replacement_minutes.cv, 0.3);
  const Scenario given =
      read(kPeriod +
           "spot: {band_reading: per_day, graceful_decommission: true, replacement_minutes: {mean: 6, cv: 0.5}, "
           "spot_unavailable_probability: 0.25}\n");
  EXPECT_EQ(given.spot.band_reading, "per_day");
  EXPECT_TRUE(given.spot.graceful_decommission);
  EXPECT_DOUBLE_EQ(given.spot.replacement_minutes.mean, 6);
  EXPECT_DOUBLE_EQ(given.spot.replacement_minutes.cv, 0.5);
  EXPECT_DOUBLE_EQ(given.spot.spot_unavailable_probability, 0.25);
}

TEST(ScenarioReaderTest, BadSpotValuesSayWhatWasExpected) {
  EXPECT_EQ(error_of(kPeriod + "spot: {band_reading: per_dya}\n"),
            "s.yaml:2:22: spot.band_reading: expected per_month, per_day or per_hour, got 'per_dya' (did you mean "
            "'per_day'?)");
  EXPECT_EQ(error_of(kPeriod + "spot: {capacity_event_fraction: 1.5}\n"),
            "s.yaml:2:33: spot.capacity_event_fraction: expected a probability from 0 to 1, got 1.5");
  EXPECT_EQ(error_of(kPeriod + "spot: {in_flight_minutes: -2}\n"),
            "s.yaml:2:27: spot.in_flight_minutes: expected a number of at least 0, got -2");
}

TEST(ScenarioReaderTest, AssumptionsOverrideTheDefaultsAndAreRemembered) {
  const Scenario sc = read(
      kPeriod + "assumptions: {cluster_startup_minutes: 3, dbus_during_startup: true, serverless_dbus_per_hour: 6}\n");
  EXPECT_DOUBLE_EQ(sc.assumptions.cluster_startup_minutes.mean, 3);
  EXPECT_DOUBLE_EQ(sc.assumptions.cluster_startup_minutes.cv, 0);
  EXPECT_TRUE(sc.assumptions.dbus_during_startup);
  EXPECT_DOUBLE_EQ(sc.assumptions.serverless_dbus_per_hour, 6);
  EXPECT_EQ(sc.assumptions.overridden, (std::vector<std::string>{"serverless_dbus_per_hour"}));
}

// --- jobs ------------------------------------------------------------------------------------

TEST(ScenarioReaderTest, TasksRunOnAJobClusterOrTheirOwnNewCluster) {
  const Scenario sc = read(kPeriod + R"(jobs:
  etl:
    tags: {team: data}
    job_clusters:
      - job_cluster_key: shared
        new_cluster: {node_type_id: Standard_DS3_v2, num_workers: 4, runtime_engine: PHOTON, azure_attributes: {availability: ON_DEMAND_AZURE}}
    tasks:
      - {task_key: load, job_cluster_key: shared, runtime: {minutes: 30}}
      - task_key: report
        depends_on: [{task_key: load}]
        new_cluster: {node_type_id: Standard_DS3_v2, autoscale: {min_workers: 2, max_workers: 6}, azure_attributes: {availability: SPOT_AZURE}}
        runtime: {minutes: 10, cv: 0.2, parallel_fraction: 0.9}
)");
  ASSERT_EQ(sc.jobs.size(), 1u);
  const JobWorkload& j = sc.jobs[0];
  EXPECT_EQ(j.name, "etl");
  EXPECT_EQ(j.team, "data");
  EXPECT_EQ(j.trigger, TriggerKind::None);
  EXPECT_EQ(j.max_retries, 0);
  EXPECT_EQ(j.max_concurrent_runs, 1);
  EXPECT_EQ(j.performance_target, PerformanceTarget::PerformanceOptimized);
  EXPECT_EQ(j.job_clusters.at("shared").num_workers, 4);
  EXPECT_TRUE(j.job_clusters.at("shared").photon());
  ASSERT_EQ(j.tasks.size(), 2u);
  const Task& load = j.tasks[0];
  EXPECT_EQ(load.task_key, "load");
  EXPECT_EQ(load.compute, TaskCompute::JobCluster);
  EXPECT_EQ(load.job_cluster_key, "shared");
  EXPECT_DOUBLE_EQ(load.runtime.minutes, 30);
  EXPECT_DOUBLE_EQ(load.runtime.reference_workers, 4);
  EXPECT_EQ(load.runtime.reference_photon, 1);
  const Task& report = j.tasks[1];
  EXPECT_EQ(report.compute, TaskCompute::NewCluster);
  ASSERT_TRUE(report.new_cluster && report.new_cluster->autoscale);
  EXPECT_EQ(report.new_cluster->autoscale->max_workers, 6);
  EXPECT_EQ(report.depends_on, (std::vector<std::string>{"load"}));
  EXPECT_DOUBLE_EQ(report.runtime.reference_workers, 4);  // (2 + 6) / 2
  EXPECT_EQ(report.runtime.reference_photon, 0);
  EXPECT_DOUBLE_EQ(report.runtime.cv, 0.2);
  EXPECT_DOUBLE_EQ(report.runtime.parallel_fraction, 0.9);
  EXPECT_TRUE(sc.notes.empty());  // every cluster gives its availability
}

TEST(ScenarioReaderTest, TasksAreOrderedByDependsOnAndACycleIsAnError) {
  const Scenario sc = read(kPeriod +
                           "region: eastus\njobs:\n  j:\n    tasks:\n"
                           "      - {task_key: b, depends_on: [{task_key: a}], runtime: {minutes: 1}}\n"
                           "      - {task_key: a, runtime: {minutes: 1}}\n");
  ASSERT_EQ(sc.jobs[0].tasks.size(), 2u);
  EXPECT_EQ(sc.jobs[0].tasks[0].task_key, "a");
  EXPECT_EQ(sc.jobs[0].tasks[1].task_key, "b");
  EXPECT_EQ(error_of(kPeriod + "jobs:\n  j:\n    tasks:\n"
                               "      - {task_key: a, depends_on: [{task_key: b}], runtime: {minutes: 1}}\n"
                               "      - {task_key: b, depends_on: [{task_key: a}], runtime: {minutes: 1}}\n"),
            "s.yaml:5:9: jobs.j.tasks[0]: cycle in depends_on: a -> b -> a");
  EXPECT_EQ(error_of(kPeriod + "jobs:\n  j:\n    tasks:\n"
                               "      - {task_key: a, runtime: {minutes: 1}}\n"
                               "      - {task_key: a, runtime: {minutes: 2}}\n"),
            "s.yaml:6:9: jobs.j.tasks[1]: task_key 'a' appears twice");
}

TEST(ScenarioReaderTest, ATaskNamesOneComputeThatExists) {
  const std::string cluster =
      "    job_clusters:\n      - {job_cluster_key: main, new_cluster: {node_type_id: Standard_DS3_v2, num_workers: "
      "1}}\n    tasks:\n";
  EXPECT_EQ(error_of(kPeriod + "jobs:\n  j:\n" + cluster +
                     "      - {task_key: t, job_cluster_key: mains, runtime: {minutes: 1}}\n"),
            "s.yaml:7:40: jobs.j.tasks[0].job_cluster_key: unknown job_cluster_key 'mains' (did you mean 'main'?)");
  EXPECT_EQ(error_of(kPeriod + "jobs:\n  j:\n" + cluster +
                     "      - {task_key: t, job_cluster_key: main, new_cluster: {node_type_id: Standard_DS3_v2, "
                     "num_workers: 1}, runtime: {minutes: 1}}\n"),
            "s.yaml:7:9: jobs.j.tasks[0]: give only one of job_cluster_key, new_cluster and existing_cluster_id");
  EXPECT_EQ(error_of(kPeriod + "jobs:\n  j:\n" + cluster +
                     "      - {task_key: t, job_cluster_key: main, serverless: {dbus_per_hour: 3}, runtime: {minutes: "
                     "1}}\n"),
            "s.yaml:7:58: jobs.j.tasks[0].serverless: serverless settings on a task that runs on a cluster");
}

TEST(ScenarioReaderTest, ServerlessTasksTakeTheirRateFromTheDefaultAGivenRateOrTheClusterTheyReplace) {
  const Scenario sc = read(kPeriod + R"(region: eastus
jobs:
  standard:
    performance_target: STANDARD
    tasks:
      - {task_key: t, runtime: {minutes: 60}}
  optimized:
    job_clusters:
      - {job_cluster_key: c, new_cluster: {node_type_id: Standard_DS3_v2, num_workers: 2, azure_attributes: {availability: ON_DEMAND_AZURE}}}
    tasks:
      - {task_key: default, runtime: {minutes: 60}}
      - {task_key: given, runtime: {minutes: 60}, serverless: {dbus_per_hour: 7}}
      - {task_key: replaced, runtime: {minutes: 60}, serverless: {replaces: {job_cluster_key: c}}}
)");
  ASSERT_EQ(sc.jobs.size(), 2u);
  const Task& standard = sc.jobs[0].tasks[0];
  EXPECT_EQ(standard.compute, TaskCompute::Serverless);
  EXPECT_EQ(standard.serverless_rate_source, ServerlessRateSource::Default);
  EXPECT_DOUBLE_EQ(standard.serverless_dbus_per_hour, 4);
  const auto& t = sc.jobs[1].tasks;
  ASSERT_EQ(t.size(), 3u);
  EXPECT_DOUBLE_EQ(t[0].serverless_dbus_per_hour, 8);  // 4 x 2, PERFORMANCE_OPTIMIZED by default
  EXPECT_EQ(t[1].serverless_rate_source, ServerlessRateSource::Given);
  EXPECT_DOUBLE_EQ(t[1].serverless_dbus_per_hour, 7);
  // (driver 0.75 + 2 x 0.75) DBU/h x factor 1 x 2 for PERFORMANCE_OPTIMIZED.
  EXPECT_EQ(t[2].serverless_rate_source, ServerlessRateSource::Replaces);
  EXPECT_DOUBLE_EQ(t[2].serverless_dbus_per_hour, 4.5);
}

TEST(ScenarioReaderTest, ServerlessDefaultsAndTheRegionAreNoted) {
  const Scenario sc = read(kPeriod + "jobs:\n  j:\n    tasks:\n      - {task_key: t, runtime: {minutes: 60}}\n");
  EXPECT_EQ(sc.region, "eastus");
  EXPECT_EQ(sc.notes, (std::vector<std::string>{
                          "serverless jobs and pipelines without a DBU rate: 4 DBU/h in STANDARD mode (UNCONFIRMED: "
                          "Databricks publishes no DBU/h; set serverless.dbus_per_hour or "
                          "assumptions.serverless_dbus_per_hour)",
                          "PERFORMANCE_OPTIMIZED burns 2x the DBUs of STANDARD (databrickslabs/lakemeter-oss, "
                          "DB-LABS; UNCONFIRMED officially; assumptions.performance_optimized_multiplier)",
                          "no region given: serverless and SQL Pro prices, which differ by region, are eastus's (set "
                          "`region`)"}));
}

TEST(ScenarioReaderTest, ACronScheduleIsReadWithItsZoneAndPause) {
  const Scenario sc = read(kPeriod + R"(jobs:
  nightly:
    schedule: {quartz_cron_expression: "0 0 2 * * ?", timezone_id: Europe/Paris, pause_status: PAUSED}
    tasks:
      - {task_key: t, new_cluster: {node_type_id: Standard_DS3_v2, num_workers: 1, azure_attributes: {availability: ON_DEMAND_AZURE}}, runtime: {minutes: 5}}
)");
  const JobWorkload& j = sc.jobs[0];
  EXPECT_EQ(j.trigger, TriggerKind::Cron);
  EXPECT_TRUE(j.cron.has_value());
  ASSERT_NE(j.cron_zone, nullptr);
  EXPECT_EQ(j.cron_zone->name(), "Europe/Paris");
  EXPECT_TRUE(j.paused);
}

TEST(ScenarioReaderTest, APeriodicTriggerIsAnIntervalInSeconds) {
  const std::string job = kPeriod + "region: eastus\njobs:\n  j:\n    trigger: {periodic: {interval: 2, unit: ";
  const std::string tasks = "}}\n    tasks: [{task_key: t, runtime: {minutes: 1}}]\n";
  const Scenario sc = read(job + "HOURS" + tasks);
  EXPECT_EQ(sc.jobs[0].trigger, TriggerKind::Periodic);
  EXPECT_EQ(sc.jobs[0].periodic_interval_seconds, 7200);
  EXPECT_EQ(error_of(job + "SECONDS" + tasks),
            "s.yaml:5:45: jobs.j.trigger.periodic.unit: expected MINUTES, HOURS, DAYS or WEEKS, got 'SECONDS'");
}

TEST(ScenarioReaderTest, ADataTriggerIsSimulatedFromTheJobsArrivals) {
  const std::string head = kPeriod + "region: eastus\njobs:\n  j:\n    trigger: {table_update: {table_names: [a.b]}}\n";
  const std::string tasks = "    tasks: [{task_key: t, runtime: {minutes: 1}}]\n";
  const Scenario sc = read(head + "    arrivals: {per_hour: 3, hours: \"08:00-18:00\", days: MON-FRI}\n" + tasks);
  const JobWorkload& j = sc.jobs[0];
  EXPECT_EQ(j.trigger, TriggerKind::TableUpdate);
  EXPECT_DOUBLE_EQ(j.arrivals.per_hour, 3);
  EXPECT_EQ(j.arrivals.window_start_minute, 8 * 60);
  EXPECT_EQ(j.arrivals.window_end_minute, 18 * 60);
  EXPECT_EQ(j.arrivals.days, kWeekdays);
  EXPECT_EQ(error_of(head + tasks),
            "s.yaml:5:29: jobs.j.trigger.table_update: table_update fires on data: give the job an arrivals: "
            "{per_hour: ...} rate to simulate");
}

TEST(ScenarioReaderTest, AJobHasOneTriggerAtMost) {
  EXPECT_EQ(error_of(kPeriod + "jobs:\n  j:\n    schedule: {quartz_cron_expression: \"0 0 2 * * ?\", timezone_id: "
                               "UTC}\n    continuous: {}\n    tasks: [{task_key: t, runtime: {minutes: 1}}]\n"),
            "s.yaml:4:5: jobs.j: give only one of schedule, trigger and continuous");
}

TEST(ScenarioReaderTest, TheTimeoutIsTheSlaUnlessOneIsGiven) {
  const Scenario sc = read(kPeriod +
                           "region: eastus\njobs:\n  j:\n    timeout_seconds: 5400\n    max_retries: -1\n"
                           "    tasks: [{task_key: t, runtime: {minutes: 1}}]\n");
  EXPECT_EQ(sc.jobs[0].timeout_seconds, 5400);
  ASSERT_TRUE(sc.jobs[0].sla_minutes.has_value());
  EXPECT_DOUBLE_EQ(*sc.jobs[0].sla_minutes, 90);
  EXPECT_EQ(sc.jobs[0].max_retries, -1);
  EXPECT_EQ(error_of(kPeriod + "jobs:\n  j:\n    max_retries: -2\n    tasks: [{task_key: t, runtime: {minutes: 1}}]\n"),
            "s.yaml:4:18: jobs.j.max_retries: expected -1 (unlimited) or a count of at least 0");
}

TEST(ScenarioReaderTest, ATaskNeedsARuntimeThatIsNotNegative) {
  const std::string head = kPeriod + "jobs:\n  j:\n    tasks:\n";
  EXPECT_EQ(error_of(head + "      - {task_key: t}\n"),
            "s.yaml:5:9: jobs.j.tasks[0]: missing runtime: {minutes: ...} (a task's mean runtime on its cluster)");
  EXPECT_EQ(error_of(head + "      - {task_key: t, runtime: {minutes: -5}}\n"),
            "s.yaml:5:42: jobs.j.tasks[0].runtime.minutes: a runtime cannot be negative, got -5");
  EXPECT_EQ(error_of(head + "      - {task_key: t, runtime: {minutes: 5, photon_speedup: 0}}\n"),
            "s.yaml:5:61: jobs.j.tasks[0].runtime.photon_speedup: a speed-up must be above 0");
}

// --- all-purpose clusters --------------------------------------------------------------------

const std::string kAnalysts = R"(all_purpose_clusters:
  analysts:
    new_cluster: {node_type_id: Standard_DS3_v2, autoscale: {min_workers: 1, max_workers: 5}, custom_tags: {team: bi}, azure_attributes: {availability: ON_DEMAND_AZURE}, autotermination_minutes: 30}
    activity: {hours: "08:30-18:00", users: 12}
)";

TEST(ScenarioReaderTest, AnAllPurposeClusterTakesItsTeamFromItsTagsAndActivityDefaults) {
  const Scenario sc = read(kPeriod + kAnalysts);
  ASSERT_EQ(sc.all_purpose.size(), 1u);
  const AllPurposeWorkload& a = sc.all_purpose[0];
  EXPECT_EQ(a.name, "analysts");
  EXPECT_EQ(a.team, "bi");
  EXPECT_EQ(a.cluster.autotermination_minutes, 30);
  EXPECT_EQ(a.activity.days, kWeekdays);  // MON-FRI unless given
  EXPECT_EQ(a.activity.window_start_minute, 8 * 60 + 30);
  EXPECT_EQ(a.activity.window_end_minute, 18 * 60);
  EXPECT_DOUBLE_EQ(a.activity.users, 12);
  EXPECT_DOUBLE_EQ(a.activity.sessions_per_user_per_day, 1);
  EXPECT_DOUBLE_EQ(a.activity.session_minutes.mean, 30);
  EXPECT_DOUBLE_EQ(a.activity.busy_workers_fraction, 0.5);
  EXPECT_DOUBLE_EQ(a.left_running_over_weekend, 0);
}

TEST(ScenarioReaderTest, ATaskOnAnExistingClusterTakesItsSpecAndSize) {
  const Scenario sc = read(kPeriod + kAnalysts +
                           "jobs:\n  j:\n    tasks:\n      - {task_key: t, existing_cluster_id: analysts, runtime: "
                           "{minutes: 10}}\n");
  const Task& t = sc.jobs[0].tasks[0];
  EXPECT_EQ(t.compute, TaskCompute::ExistingCluster);
  ASSERT_TRUE(t.existing_cluster && t.existing_cluster->autoscale);
  EXPECT_EQ(t.existing_cluster->autoscale->max_workers, 5);
  EXPECT_DOUBLE_EQ(t.runtime.reference_workers, 3);  // (1 + 5) / 2
  EXPECT_EQ(t.runtime.reference_photon, 0);
  EXPECT_EQ(error_of(kPeriod + kAnalysts +
                     "jobs:\n  j:\n    tasks:\n      - {task_key: t, existing_cluster_id: analyst, runtime: {minutes: "
                     "10}}\n"),
            "s.yaml:9:44: jobs.j.tasks[0].existing_cluster_id: existing_cluster_id 'analyst' is not one of the "
            "scenario's all_purpose_clusters (did you mean 'analysts'?)");
}

TEST(ScenarioReaderTest, OnlyAClusterThatNeverTerminatesCanBeLeftRunning) {
  EXPECT_EQ(error_of(kPeriod + kAnalysts + "    left_running_over_weekend: 0.5\n"),
            "s.yaml:6:32: all_purpose_clusters.analysts.left_running_over_weekend: only a cluster with "
            "autotermination_minutes 0 can be left running");
}

TEST(ScenarioReaderTest, ActivityDaysWrapAroundTheWeekAndSessionsAreKnownTimes) {
  const Scenario sc = read(kPeriod +
                           "serverless_notebooks:\n  nb:\n    activity: {days: FRI-MON, sessions: [{day: SAT, start: "
                           "\"10:00\", minutes: 90}]}\n");
  const ActivityPattern& a = sc.notebooks[0].activity;
  EXPECT_EQ(a.days, (std::vector<bool>{true, false, false, false, true, true, true}));
  ASSERT_EQ(a.sessions.size(), 1u);
  EXPECT_EQ(a.sessions[0].weekday, 5);
  EXPECT_EQ(a.sessions[0].start_minute, 600);
  EXPECT_DOUBLE_EQ(a.sessions[0].minutes, 90);
  EXPECT_EQ(error_of(kPeriod + "serverless_notebooks:\n  nb:\n    activity: {hours: \"09:00-25:00\"}\n"),
            "s.yaml:4:23: serverless_notebooks.nb.activity.hours: expected a time of day from 00:00 to 24:00, got "
            "'25:00'");
}

TEST(ScenarioReaderTest, AServerlessNotebookTakesTheUnconfirmedDefaultsAndSaysSo) {
  const Scenario sc =
      read(kPeriod + "serverless_notebooks:\n  nb:\n    tags: {team: research}\n    activity: {users: 3}\n");
  ASSERT_EQ(sc.notebooks.size(), 1u);
  const NotebookWorkload& n = sc.notebooks[0];
  EXPECT_EQ(n.team, "research");
  EXPECT_DOUBLE_EQ(n.dbus_per_hour, 8);
  EXPECT_DOUBLE_EQ(n.idle_minutes, 10);
  EXPECT_TRUE(n.default_rate && n.default_idle);
  EXPECT_EQ(sc.notes, (std::vector<std::string>{
                          "serverless notebooks: 8 DBU/h while active and 10 idle minutes after a session unless set "
                          "(UNCONFIRMED; assumptions.notebook_dbus_per_hour, notebook_idle_minutes)",
                          "no region given: serverless and SQL Pro prices, which differ by region, are eastus's (set "
                          "`region`)"}));
}

// --- SQL warehouses and instance pools -------------------------------------------------------

TEST(ScenarioReaderTest, AWarehouseIsItsSizeAndItsQueries) {
  const Scenario sc = read(kPeriod + R"(region: eastus
sql_warehouses:
  bi:
    tags: {team: bi}
    cluster_size: Small
    enable_serverless_compute: true
    max_num_clusters: 3
    activity: {queries_per_hour: 120, hours: "09:00-17:00", days: weekdays, query_seconds: 4}
)");
  ASSERT_EQ(sc.warehouses.size(), 1u);
  const WarehouseWorkload& w = sc.warehouses[0];
  EXPECT_EQ(w.team, "bi");
  EXPECT_EQ(w.kind, ComputeKind::SqlServerless);
  EXPECT_EQ(w.cluster_size, "Small");
  EXPECT_EQ(w.cluster_dbus_per_hour, Decimal::from_int(12));
  EXPECT_EQ(w.min_num_clusters, 1);
  EXPECT_EQ(w.max_num_clusters, 3);
  EXPECT_EQ(w.auto_stop_mins, 120);
  EXPECT_EQ(w.queries_per_cluster, 10);
  EXPECT_DOUBLE_EQ(w.queries.per_hour, 120);
  EXPECT_EQ(w.queries.window_start_minute, 9 * 60);
  EXPECT_EQ(w.queries.window_end_minute, 17 * 60);
  EXPECT_EQ(w.queries.days, kWeekdays);
  EXPECT_DOUBLE_EQ(w.query_seconds, 4);
}

TEST(ScenarioReaderTest, AWarehouseNeedsAKnownSizeAndAnActivity) {
  EXPECT_EQ(error_of(kPeriod + "sql_warehouses:\n  bi: {cluster_size: Small}\n"),
            "s.yaml:3:7: sql_warehouses.bi: missing activity: {days: ..., hours: ..., queries_per_hour: ...}");
  EXPECT_EQ(error_of(kPeriod + "sql_warehouses:\n  bi: {cluster_size: Smal, activity: {queries_per_hour: 1}}\n"),
            "s.yaml:3:22: sql_warehouses.bi.cluster_size: unknown cluster_size 'Smal' (did you mean 'Small'?)");
}

const std::string kPool = R"(instance_pools:
  p:
    node_type_id: Standard_D8s_v3
    azure_attributes: {availability: SPOT_AZURE}
jobs:
  j:
    job_clusters:
      - {job_cluster_key: c, new_cluster: {instance_pool_id: p, num_workers: 2}}
    tasks:
      - {task_key: t, job_cluster_key: c, runtime: {minutes: 10}}
)";

TEST(ScenarioReaderTest, AClusterOnAPoolTakesItsNodeTypeAndAvailability) {
  const Scenario sc = read(kPeriod + kPool);
  ASSERT_EQ(sc.pools.size(), 1u);
  const PoolWorkload& p = sc.pools[0];
  EXPECT_EQ(p.node_type_id, "Standard_D8s_v3");
  EXPECT_TRUE(p.spot);
  EXPECT_EQ(p.min_idle_instances, 0);
  EXPECT_EQ(p.idle_minutes, 60);
  const ClusterSpec& c = sc.jobs[0].job_clusters.at("c");
  EXPECT_EQ(c.node_type_id, "Standard_D8s_v3");
  EXPECT_EQ(c.availability, Availability::Spot);
  EXPECT_EQ(c.first_on_demand, 0);  // the driver comes from the same spot pool
  EXPECT_EQ(sc.notes, (std::vector<std::string>{
                          "instance pool p: no idle_instance_autotermination_minutes, so released instances are "
                          "assumed to stay idle 60 minutes (the Instance Pools API says only \"a default timeout\")"}));
}

TEST(ScenarioReaderTest, APoolsAvailabilityIsOneOfItsClouds) {
  EXPECT_EQ(error_of(kPeriod + "instance_pools:\n  p: {node_type_id: Standard_D8s_v3, azure_attributes: "
                               "{availability: SPOT}}\n"),
            "s.yaml:3:71: instance_pools.p.azure_attributes.availability: expected SPOT_AZURE or ON_DEMAND_AZURE for "
            "a pool, got 'SPOT'");
  EXPECT_EQ(error_of(kPeriod + "instance_pools:\n  p: {node_type_id: Standard_D8s_v3, min_idle_instances: -1}\n"),
            "s.yaml:3:58: instance_pools.p.min_idle_instances: cannot be negative");
}

// --- variants --------------------------------------------------------------------------------

const std::string kVariants = R"(jobs:
  j:
    job_clusters:
      - {job_cluster_key: c, new_cluster: {node_type_id: Standard_DS3_v2, num_workers: 4, azure_attributes: {availability: ON_DEMAND_AZURE}}}
    tasks:
      - {task_key: a, job_cluster_key: c, runtime: {minutes: 30}}
      - {task_key: b, job_cluster_key: c, runtime: {minutes: 20}}
variants:
  small:
    description: half the workers
    jobs:
      j:
        job_clusters:
          - {job_cluster_key: c, new_cluster: {num_workers: 2}}
        tasks:
          - {task_key: b, runtime: {minutes: 25}}
)";

TEST(ScenarioReaderTest, AVariantMergesOverTheBaseByKey) {
  const Scenario base = read(kPeriod + kVariants);
  EXPECT_EQ(base.variant_names, (std::vector<std::string>{"small"}));
  EXPECT_EQ(base.description, "");
  EXPECT_EQ(base.jobs[0].job_clusters.at("c").num_workers, 4);
  const Scenario sc = read(kPeriod + kVariants, "small");
  EXPECT_EQ(sc.description, "half the workers");
  const ClusterSpec& c = sc.jobs[0].job_clusters.at("c");
  EXPECT_EQ(c.num_workers, 2);
  EXPECT_EQ(c.node_type_id, "Standard_DS3_v2");  // kept from the base
  EXPECT_EQ(c.availability, Availability::OnDemand);
  ASSERT_EQ(sc.jobs[0].tasks.size(), 2u);
  const Task& a = sc.jobs[0].tasks[0];
  const Task& b = sc.jobs[0].tasks[1];
  EXPECT_EQ(a.job_cluster_key, "c");
  EXPECT_DOUBLE_EQ(a.runtime.minutes, 30);
  // a's runtime was measured on the base's 4 workers; b's new runtime is on the variant's 2.
  EXPECT_DOUBLE_EQ(a.runtime.reference_workers, 4);
  EXPECT_DOUBLE_EQ(b.runtime.minutes, 25);
  EXPECT_EQ(b.job_cluster_key, "c");
  EXPECT_DOUBLE_EQ(b.runtime.reference_workers, 2);
}

TEST(ScenarioReaderTest, AVariantNotDefinedIsAnError) {
  EXPECT_EQ(error_of(kPeriod + kVariants, "big"), "s.yaml: variants: no variant 'big'");
  EXPECT_EQ(error_of(kPeriod + kVariants, "smal"), "s.yaml: variants: no variant 'smal' (did you mean 'small'?)");
}

TEST(ScenarioReaderTest, MergeOverrideReplacesListsAndDeletesNulls) {
  const YAML::Node base = YAML::Load("{a: 1, b: {c: 2, d: 3}, l: [1, 2]}");
  const YAML::Node over = YAML::Load("{b: {c: 5, d: null}, l: [9], e: 4}");
  const YAML::Node m = merge_override(base, over);
  EXPECT_EQ(m["a"].as<int>(), 1);
  EXPECT_EQ(m["b"]["c"].as<int>(), 5);
  EXPECT_FALSE(m["b"]["d"].IsDefined());
  ASSERT_EQ(m["l"].size(), 1u);
  EXPECT_EQ(m["l"][0].as<int>(), 9);
  EXPECT_EQ(m["e"].as<int>(), 4);
}

// --- cloud defaults --------------------------------------------------------------------------

TEST(ScenarioReaderTest, TheCloudsDefaultsAreNotedOncePerDefaultWithThePlaces) {
  const Scenario sc = read("cloud: aws\n" + kPeriod + R"(jobs:
  j:
    job_clusters:
      - {job_cluster_key: a, new_cluster: {node_type_id: m5.xlarge, num_workers: 1}}
      - {job_cluster_key: b, new_cluster: {node_type_id: m5.xlarge, num_workers: 1}}
      - {job_cluster_key: c, new_cluster: {node_type_id: m5.xlarge, num_workers: 1}}
      - {job_cluster_key: d, new_cluster: {node_type_id: m5.xlarge, num_workers: 1}}
    tasks:
      - {task_key: t, job_cluster_key: a, runtime: {minutes: 1}}
)");
  const std::string at = "4 clusters (s.yaml:6:43, s.yaml:7:43, s.yaml:8:43 and 1 more): ";
  EXPECT_EQ(sc.notes, (std::vector<std::string>{
                          at + "no aws_attributes.availability: priced as SPOT_WITH_FALLBACK, the Clusters API "
                               "default (give ON_DEMAND to price it on demand)",
                          at + "no aws_attributes.first_on_demand: 0, the Clusters API default, so the driver is on "
                               "spot too"}));
  const Scenario azure = read(kPeriod +
                              "jobs:\n  j:\n    tasks:\n      - {task_key: t, new_cluster: {node_type_id: "
                              "Standard_DS3_v2, num_workers: 1}, runtime: {minutes: 1}}\n");
  EXPECT_EQ(azure.notes, (std::vector<std::string>{
                             "1 cluster (s.yaml:5:36): no azure_attributes.availability: priced ON_DEMAND_AZURE, as "
                             "Databricks documents no default (give the availability to be sure)"}));
}

TEST(ScenarioReaderTest, AnUnknownNodeTypeIsAnErrorAtTheCluster) {
  EXPECT_EQ(error_of(kPeriod + "jobs:\n  j:\n    tasks:\n      - {task_key: t, new_cluster: {node_type_id: "
                               "Standard_DS3_v9, num_workers: 1}, runtime: {minutes: 1}}\n"),
            "s.yaml:5:51: jobs.j.tasks[0].new_cluster.node_type_id: unknown AZURE node type 'Standard_DS3_v9' (did you "
            "mean 'Standard_DS3_v2'?); add it to an instance catalog CSV and pass it with --instances FILE (a scenario "
            "names the file under pricing: instances:)");
}

// --- the policy check ------------------------------------------------------------------------

TEST(ScenarioReaderTest, ThePolicyCheckIsAStepOnTheScenarioAsRead) {
  const std::string path = std::string(DBCOST_SOURCE_DIR) + "/scenarios/guarded_platform.yaml";
  const YamlView root = YamlView::load(path);
  Scenario sc = read_scenario(root);
  ASSERT_EQ(sc.policy_findings.size(), 1u);
  sc.policy_findings.clear();
  check_policies(root, sc);
  // hourly_features/wide: (driver + 8 workers) x 1.5 DBU/h x Photon 2.5 = 33.75 DBU/h, above 12.
  ASSERT_EQ(sc.policy_findings.size(), 1u);
  EXPECT_EQ(sc.policy_findings[0].cluster, "hourly_features/wide");
  EXPECT_EQ(sc.policy_findings[0].actual, "33.75");
  EXPECT_EQ(sc.policy_findings[0].location, path + ":42:11");
}

TEST(ScenarioReaderTest, APolicyIdNotInPoliciesIsANoteNotAFinding) {
  const Scenario sc = read(kPeriod + R"(jobs:
  j:
    job_clusters:
      - {job_cluster_key: c, new_cluster: {node_type_id: Standard_DS3_v2, num_workers: 1, policy_id: guard, azure_attributes: {availability: ON_DEMAND_AZURE}}}
    tasks:
      - {task_key: t, job_cluster_key: c, runtime: {minutes: 1}}
)");
  EXPECT_TRUE(sc.policy_findings.empty());
  EXPECT_EQ(sc.policy_notes,
            (std::vector<std::string>{"j/c: policy_id 'guard' is not in policies:, so it is not checked"}));
}

}  // namespace
}  // namespace dbcost
