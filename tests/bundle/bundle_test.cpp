#include "bundle/bundle.h"

#include <gtest/gtest.h>

#include "bundle/bundle_jobs.h"
#include "bundle/config_merge.h"
#include "temp_dir.h"

namespace dbcost {
namespace {

using testing::TempDir;

std::string scalar(const YAML::Node& n) { return n.IsDefined() && n.IsScalar() ? n.Scalar() : "<undefined>"; }

TEST(BundleTest, IncludeGlobsMergeFilesIntoTheRoot) {
  TempDir dir;
  const auto root = dir.write("databricks.yml", R"(bundle: {name: inc}
include:
  - resources/*.yml
  - extra/warehouse.yml
resources:
  jobs:
    root_job: {tasks: [{task_key: a}]}
)");
  dir.write("resources/b.yml", "resources:\n  jobs:\n    b_job: {tasks: [{task_key: b}]}\n");
  dir.write("resources/a.yml", "resources:\n  jobs:\n    a_job: {tasks: [{task_key: a}]}\n");
  dir.write("resources/ignored.yaml", "resources:\n  jobs:\n    not_matched: {tasks: [{task_key: x}]}\n");
  dir.write("extra/warehouse.yml", "resources:\n  sql_warehouses:\n    bi: {cluster_size: Small}\n");
  const Bundle b = load_bundle(dir.path());
  ASSERT_EQ(b.files.size(), 4u);
  EXPECT_EQ(b.files[0], root);
  EXPECT_EQ(b.files[1], dir.path("resources/a.yml"));  // glob matches in name order
  EXPECT_EQ(b.files[2], dir.path("resources/b.yml"));
  EXPECT_EQ(b.files[3], dir.path("extra/warehouse.yml"));
  std::vector<std::string> jobs;
  for (const auto& j : bundle_jobs(b)) jobs.push_back(j.name);
  EXPECT_EQ(jobs, (std::vector<std::string>{"root_job", "a_job", "b_job"}));
  EXPECT_EQ(scalar(child(b.resources, {"sql_warehouses", "bi", "cluster_size"})), "Small");
}

TEST(BundleTest, IncludedFileErrorsNameThatFile) {
  TempDir dir;
  dir.write("databricks.yml", "bundle: {name: inc}\ninclude: [jobs/*.yml]\n");
  dir.write("jobs/one.yml", "resources:\n  jobs:\n    one:\n      name: ${var.missing}\n");
  try {
    load_bundle(dir.path());
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().file, dir.path("jobs/one.yml"));
    EXPECT_EQ(e.where().line, 4u);
    EXPECT_EQ(e.where().column, 13u);
  }
}

TEST(BundleTest, IncludeInAnIncludedFileIsIgnoredWithANote) {
  // databricks/cli acceptance/bundle/includes/include_outside_root: a warning, and a.yml's own
  // resources still count.
  TempDir dir;
  dir.write("databricks.yml", "bundle: {name: inc}\ninclude: [a.yml]\n");
  dir.write("a.yml", "include:\n  - b.yml\nresources:\n  jobs:\n    a_job: {tasks: [{task_key: a}]}\n");
  dir.write("b.yml", "resources:\n  jobs:\n    b_job: {tasks: [{task_key: b}]}\n");
  const Bundle b = load_bundle(dir.path());
  std::vector<std::string> jobs;
  for (const auto& j : bundle_jobs(b)) jobs.push_back(j.name);
  EXPECT_EQ(jobs, (std::vector<std::string>{"a_job"}));
  ASSERT_EQ(b.notes.size(), 1u);
  EXPECT_EQ(b.notes[0], dir.path("a.yml") +
                            ":2:3: include: ignored: include is read from the bundle's root file only (the Databricks "
                            "CLI warns and ignores it too)");
}

TEST(BundleTest, IncludeWithoutWildcardMustExistAndResourcesMustNotRepeat) {
  TempDir dir;
  dir.write("databricks.yml", "bundle: {name: inc}\ninclude: [jobs.yml]\n");
  try {
    load_bundle(dir.path());
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().line, 2u);
    EXPECT_NE(e.reason().find("no file"), std::string::npos);
  }
  TempDir twice;
  twice.write("databricks.yml",
              "bundle: {name: inc}\ninclude: [jobs.yml]\nresources:\n  jobs:\n    a: {tasks: [{task_key: t}]}\n");
  twice.write("jobs.yml", "resources:\n  jobs:\n    a: {tasks: [{task_key: u}]}\n");
  try {
    load_bundle(twice.path());
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().file, twice.path("jobs.yml"));
    EXPECT_NE(e.reason().find("resource jobs.a is also defined in " + twice.path("databricks.yml")), std::string::npos)
        << e.reason();
  }
}

const char* kMergeBundle = R"(bundle: {name: merge}
resources:
  jobs:
    etl:
      tags: {team: data}
      job_clusters:
        - job_cluster_key: small
          new_cluster: {node_type_id: Standard_D4s_v3, num_workers: 2, spark_version: 15.4.x-scala2.12}
        - job_cluster_key: other
          new_cluster: {node_type_id: Standard_D4s_v3, num_workers: 1}
      tasks:
        - task_key: ingest
          job_cluster_key: small
          notebook_task: {notebook_path: ingest.py}
        - task_key: transform
          depends_on: [{task_key: ingest}]
          job_cluster_key: small
          notebook_task: {notebook_path: transform.py}
targets:
  dev:
    default: true
  prod:
    resources:
      jobs:
        etl:
          job_clusters:
            - job_cluster_key: small
              new_cluster: {num_workers: 8, node_type_id: Standard_D8s_v3}
            - job_cluster_key: big
              new_cluster: {node_type_id: Standard_D16s_v3, num_workers: 4}
          tasks:
            - task_key: transform
              job_cluster_key: big
            - task_key: publish
              depends_on: [{task_key: transform}]
)";

TEST(BundleTest, TargetMergesJobClustersByKeyAndTasksByTaskKey) {
  TempDir dir;
  dir.write("databricks.yml", kMergeBundle);
  BundleOptions o;
  o.target = "prod";
  const Bundle b = load_bundle(dir.path(), o);
  const YAML::Node job = child(b.resources, {"jobs", "etl"});
  const YAML::Node clusters = job["job_clusters"];
  ASSERT_EQ(clusters.size(), 3u);
  EXPECT_EQ(scalar(clusters[0]["job_cluster_key"]), "small");
  EXPECT_EQ(scalar(clusters[0]["new_cluster"]["num_workers"]), "8");
  EXPECT_EQ(scalar(clusters[0]["new_cluster"]["node_type_id"]), "Standard_D8s_v3");
  EXPECT_EQ(scalar(clusters[0]["new_cluster"]["spark_version"]), "15.4.x-scala2.12");  // kept from the root
  EXPECT_EQ(scalar(clusters[1]["job_cluster_key"]), "other");
  EXPECT_EQ(scalar(clusters[2]["job_cluster_key"]), "big");
  const YAML::Node tasks = job["tasks"];
  ASSERT_EQ(tasks.size(), 3u);
  EXPECT_EQ(scalar(tasks[1]["task_key"]), "transform");
  EXPECT_EQ(scalar(tasks[1]["job_cluster_key"]), "big");
  EXPECT_EQ(scalar(tasks[1]["notebook_task"]["notebook_path"]), "transform.py");
  EXPECT_EQ(scalar(tasks[1]["depends_on"][0]["task_key"]), "ingest");
  EXPECT_EQ(scalar(tasks[2]["task_key"]), "publish");
  EXPECT_EQ(scalar(job["tags"]["team"]), "data");

  const Bundle dev = load_bundle(dir.path());  // the default target leaves the root as written
  EXPECT_EQ(dev.target, "dev");
  EXPECT_EQ(child(dev.resources, {"jobs", "etl", "job_clusters"}).size(), 2u);
  EXPECT_EQ(dev.targets, (std::vector<std::string>{"dev", "prod"}));
}

TEST(BundleTest, DevelopmentModePausesWhatIsNotExplicitlyUnpaused) {
  TempDir dir;
  dir.write("databricks.yml", R"(bundle: {name: modes}
resources:
  jobs:
    nightly:
      schedule: {quartz_cron_expression: "0 0 2 * * ?", timezone_id: UTC}
      tasks: [{task_key: a}]
    hourly:
      trigger: {pause_status: UNPAUSED, periodic: {interval: 1, unit: HOURS}}
      max_concurrent_runs: 2
      tasks: [{task_key: a}]
    stream:
      continuous: {}
      tasks: [{task_key: a}]
  pipelines:
    events: {continuous: true, clusters: [{node_type_id: Standard_D4s_v3, num_workers: 1}]}
targets:
  dev: {mode: development, default: true}
  prod: {mode: production}
)");
  const Bundle dev = load_bundle(dir.path());
  EXPECT_EQ(dev.mode, "development");
  const YAML::Node jobs = child(dev.resources, "jobs");
  EXPECT_EQ(scalar(jobs["nightly"]["schedule"]["pause_status"]), "PAUSED");
  EXPECT_EQ(scalar(jobs["nightly"]["max_concurrent_runs"]), "4");
  EXPECT_EQ(scalar(jobs["hourly"]["trigger"]["pause_status"]), "UNPAUSED");
  EXPECT_EQ(scalar(jobs["hourly"]["max_concurrent_runs"]), "2");
  EXPECT_EQ(scalar(jobs["stream"]["continuous"]["pause_status"]), "PAUSED");
  EXPECT_EQ(scalar(child(dev.resources, {"pipelines", "events", "continuous"})), "false");
  EXPECT_EQ(scalar(child(dev.resources, {"pipelines", "events", "development"})), "true");
  const auto infos = bundle_jobs(dev);
  EXPECT_TRUE(infos[0].paused);
  EXPECT_EQ(infos[0].trigger, "cron 0 0 2 * * ? UTC (paused)");
  EXPECT_FALSE(infos[1].paused);

  BundleOptions o;
  o.target = "prod";
  const Bundle prod = load_bundle(dir.path(), o);
  EXPECT_EQ(scalar(child(prod.resources, {"jobs", "nightly", "schedule", "pause_status"})), "<undefined>");
  EXPECT_EQ(scalar(child(prod.resources, {"pipelines", "events", "continuous"})), "true");
}

TEST(BundleTest, SeveralTargetsNeedADefaultOrTarget) {
  TempDir dir;
  dir.write("databricks.yml", "bundle: {name: t}\ntargets:\n  a: {}\n  b: {}\n");
  try {
    load_bundle(dir.path());
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(e.reason().find("give --target (one of a, b)"), std::string::npos) << e.reason();
  }
  BundleOptions o;
  o.target = "c";
  EXPECT_THROW(load_bundle(dir.path(), o), InputError);
  TempDir none;
  none.write("databricks.yml", "bundle: {name: t}\n");
  EXPECT_EQ(load_bundle(none.path()).target, "default");
}

TEST(BundleTest, DirectoryWithoutBundleFileIsAnError) {
  TempDir dir;
  EXPECT_THROW(load_bundle(dir.path()), InputError);
}

}  // namespace
}  // namespace dbcost
