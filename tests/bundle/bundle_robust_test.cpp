// Bundles Databricks accepts and dbcost once refused or priced in part without a word: jobs without
// tasks, YAML merge keys, node types dbcost cannot price, resource kinds it has no model for.
#include <gtest/gtest.h>

#include <cmath>

#include "april_estimate.h"
#include "bundle/bundle_diff.h"
#include "bundle/bundle_estimate.h"
#include "bundle/estimate_report.h"
#include "io/yaml_merge.h"
#include "io/yaml_reader.h"
#include "temp_dir.h"

namespace dbcost {
namespace {

using testing::april;
using testing::cents;
using testing::TempDir;

std::string text(const YamlView& v, const std::string& key) {
  return v[key].is_scalar() ? v[key].as_string() : "<not a scalar>";
}

TEST(BundleRobustTest, JobsWithoutTasksPriceAsZeroWithANote) {
  TempDir dir;
  dir.write("databricks.yml", R"(bundle: {name: empty}
resources:
  jobs:
    nulled: {name: a, tasks: null}
    emptied: {name: b, tasks: []}
    missing:
      name: c
    real:
      schedule: {quartz_cron_expression: "0 0 6 * * ?", timezone_id: UTC}
      tasks:
        - task_key: a
          new_cluster: {spark_version: 15.4.x-scala2.12, node_type_id: Standard_D4s_v3, num_workers: 1}
          notebook_task: {notebook_path: a.py}
)");
  const auto runtimes = dir.write("runtimes.yaml", R"(assumptions: {cluster_startup_minutes: {mean: 0, cv: 0}}
jobs: {real: {tasks: {a: {minutes: 60, cv: 0}}}}
)");
  const BundleEstimate e = estimate_bundle(load_bundle(dir.path()), april(runtimes));
  ASSERT_EQ(e.resources.size(), 4u);
  for (const char* name : {"nulled", "emptied", "missing"}) {
    const auto* r = e.find("job", name);
    ASSERT_NE(r, nullptr) << name;
    EXPECT_TRUE(r->priced) << name;
    EXPECT_EQ(*r->runs, 0) << name;
    EXPECT_EQ(r->cost.mean, 0) << name;
    EXPECT_EQ(*r->cost_per_run_hour, 0) << name;
    ASSERT_EQ(r->notes.size(), 1u) << name;
    EXPECT_NE(r->notes[0].find("has no tasks: nothing runs, priced as 0"), std::string::npos) << r->notes[0];
  }
  // Located where the job mapping starts: its first key (`name`, line 4, column 14).
  EXPECT_NE(e.find("job", "nulled")->notes[0].find("databricks.yml:4:14: resources.jobs.nulled"), std::string::npos)
      << e.find("job", "nulled")->notes[0];
  // The real job: 30 runs of an hour on driver + 1 worker of Standard_D4s_v3 (0.75 DBU/h, 0.192/h):
  //   1.5 DBU x 0.30 + 2 x 0.192 = 0.45 + 0.384 = 0.834 a run; x 30 = 25.02.
  EXPECT_DOUBLE_EQ(cents(e.find("job", "real")->cost.mean), 25.02);
  EXPECT_DOUBLE_EQ(cents(e.total.mean), 25.02);
  EXPECT_EQ(e.teams.at(0).unpriced, 0);
}

TEST(YamlMergeTest, ExplicitKeysWinThenLaterMergedMappings) {
  const YamlView v = YamlView::parse(R"(a: &a {x: 1, y: 1, z: 1}
b: &b {y: 2, w: 2}
one:
  <<: *a
  x: 9
many:
  z: 8
  <<: [*a, *b]
inline:
  <<: {k: v}
quoted:
  "<<": kept
)",
                                     "m.yml");
  EXPECT_EQ(text(v["one"], "x"), "9");
  EXPECT_EQ(text(v["one"], "y"), "1");
  EXPECT_FALSE(v["one"].has("<<"));
  // Databricks CLI order (loader.go): [*a, *b] merges a, then b over it, then the mapping's own keys.
  EXPECT_EQ(text(v["many"], "y"), "2");
  EXPECT_EQ(text(v["many"], "x"), "1");
  EXPECT_EQ(text(v["many"], "w"), "2");
  EXPECT_EQ(text(v["many"], "z"), "8");
  EXPECT_EQ(v["many"].entries().size(), 4u);
  EXPECT_EQ(text(v["inline"], "k"), "v");
  EXPECT_EQ(text(v["quoted"], "<<"), "kept");
  // The anchors themselves are unchanged.
  EXPECT_EQ(text(v["a"], "y"), "1");
  EXPECT_EQ(v["a"].entries().size(), 3u);
}

TEST(YamlMergeTest, NestedMergesExpandAndBadValuesAreErrors) {
  const YamlView v =
      YamlView::parse("base: &base {inner: &in {p: 1}, q: 2}\nin2: &in2 {<<: *in, r: 3}\nuse: {<<: *in2}\n", "n.yml");
  EXPECT_EQ(text(v["use"], "p"), "1");
  EXPECT_EQ(text(v["use"], "r"), "3");
  for (const auto& [doc, line, column] :
       {std::tuple<const char*, std::size_t, std::size_t>{"a: 1\nb:\n  <<: 5\n", 3, 7},
        {"a: &a 1\nb:\n  <<: [*a]\n", 1, 4}}) {
    try {
      YamlView::parse(doc, "bad.yml");
      FAIL() << doc;
    } catch (const InputError& e) {
      EXPECT_EQ(e.where().file, "bad.yml");
      EXPECT_EQ(e.where().line, line) << doc;
      EXPECT_EQ(e.where().column, column) << doc;
      EXPECT_NE(std::string(e.what()).find("a merge key needs a mapping or a list of mappings"), std::string::npos);
    }
  }
}

TEST(BundleRobustTest, MergeKeysInBundleFilesExpandAcrossTargets) {
  TempDir dir;
  dir.write("databricks.yml", R"(bundle: {name: merged}
include: [jobs.yml]
targets:
  dev: {default: true}
)");
  dir.write("jobs.yml", R"(cluster: &cluster
  spark_version: 15.4.x-scala2.12
  node_type_id: Standard_D4s_v3
  num_workers: 1
config: &config
  nightly:
    tasks:
      - task_key: a
        new_cluster:
          <<: *cluster
          num_workers: 3
targets:
  dev:
    resources:
      jobs:
        <<: *config
)");
  const Bundle b = load_bundle(dir.path());
  const YamlView r = b.resources_view();
  ASSERT_TRUE(r["jobs"].has("nightly"));
  EXPECT_FALSE(r["jobs"].has("<<"));
  const YamlView nc = r["jobs"]["nightly"]["tasks"].items().at(0)["new_cluster"];
  EXPECT_EQ(text(nc, "num_workers"), "3");
  EXPECT_EQ(text(nc, "node_type_id"), "Standard_D4s_v3");
}

TEST(BundleRobustTest, UnpriceableNodeTypesLeaveTheRestPriced) {
  TempDir dir;
  dir.write("databricks.yml", R"(bundle: {name: partial}
resources:
  jobs:
    nightly:
      schedule: {quartz_cron_expression: "0 0 6 * * ?", timezone_id: UTC}
      tasks:
        - task_key: a
          new_cluster: {spark_version: 15.4.x-scala2.12, node_type_id: Standard_D4s_v3, num_workers: 1}
    exotic:
      tasks:
        - task_key: a
          new_cluster: {spark_version: 15.4.x-scala2.12, node_type_id: Standard_D4s_v9, num_workers: 1}
  pipelines:
    ingest:
      continuous: true
      clusters:
        - label: default
          num_workers: 2
  clusters:
    shared:
      spark_version: 15.4.x-scala2.12
      num_workers: 1
)");
  const auto runtimes = dir.write("runtimes.yaml", R"(assumptions: {cluster_startup_minutes: {mean: 0, cv: 0}}
jobs: {nightly: {tasks: {a: {minutes: 60, cv: 0}}}, exotic: {tasks: {a: {minutes: 60, cv: 0}}}}
)");
  const BundleEstimate e = estimate_bundle(load_bundle(dir.path()), april(runtimes));
  ASSERT_EQ(e.resources.size(), 4u);
  // nightly as in JobsWithoutTasksPriceAsZeroWithANote: 25.02; the rest is out of the total.
  EXPECT_DOUBLE_EQ(cents(e.find("job", "nightly")->cost.mean), 25.02);
  EXPECT_DOUBLE_EQ(cents(e.total.mean), 25.02);
  EXPECT_EQ(e.teams.at(0).unpriced, 3);
  const auto note = [&](const char* kind, const char* name) {
    const auto* r = e.find(kind, name);
    EXPECT_NE(r, nullptr) << name;
    EXPECT_FALSE(r && r->priced) << name;
    return r && !r->notes.empty() ? r->notes.front() : std::string();
  };
  const std::string exotic = note("job", "exotic");
  EXPECT_NE(exotic.find("databricks.yml:12:72: resources.jobs.exotic.tasks[0].new_cluster.node_type_id: not priced: "
                        "unknown AZURE node type 'Standard_D4s_v9'"),
            std::string::npos)
      << exotic;
  EXPECT_NE(exotic.find("pass it with --instances FILE"), std::string::npos) << exotic;
  // The pipeline's default cluster at its first field (label: default, line 17, column 18).
  const std::string ingest = note("pipeline", "ingest");
  EXPECT_NE(ingest.find("databricks.yml:17:11: resources.pipelines.ingest.clusters[0]: not priced: the cluster names "
                        "no node_type_id"),
            std::string::npos)
      << ingest;
  EXPECT_NE(ingest.find("(set node_type_id, or give --default-node-type TYPE, to price it)"), std::string::npos);
  EXPECT_NE(note("all-purpose", "shared").find("databricks.yml:21:7: resources.clusters.shared: not priced"),
            std::string::npos)
      << note("all-purpose", "shared");
  // Every output format carries the reasons.
  for (const char* format : {"text", "json", "csv"}) {
    const std::string out = estimate_text(e, format, {});
    EXPECT_NE(out.find("Standard_D4s_v9"), std::string::npos) << format;
    EXPECT_NE(out.find("resources.pipelines.ingest.clusters[0]"), std::string::npos) << format;
  }
}

TEST(BundleRobustTest, EveryResourceKindIsListed) {
  TempDir dir;
  dir.write("databricks.yml", R"(bundle: {name: kinds}
experimental:
  python:
    resources: ["resources:load"]
resources:
  apps: {app: {name: app}}
  schemas: {sch: {name: sch, catalog_name: main}}
  model_serving_endpoints: {serving: {name: serving}}
  dashboards: {dash: {display_name: dash}}
  sql_warehouse: {typo: {cluster_size: Small}}
)");
  const BundleEstimate e = estimate_bundle(load_bundle(dir.path()), april());
  ASSERT_EQ(e.resources.size(), 6u);
  EXPECT_FALSE(e.find("app", "app")->priced);
  EXPECT_NE(e.find("app", "app")->notes.at(0).find("databricks.yml:6:16: resources.apps.app: not priced: app compute"),
            std::string::npos)
      << e.find("app", "app")->notes.at(0);
  EXPECT_FALSE(e.find("model-serving-endpoint", "serving")->priced);
  EXPECT_TRUE(e.find("schema", "sch")->priced);
  EXPECT_EQ(e.find("schema", "sch")->cost.mean, 0);
  EXPECT_TRUE(e.find("dashboard", "dash")->priced);
  const auto* typo = e.find("sql_warehouse", "typo");
  ASSERT_NE(typo, nullptr);
  EXPECT_NE(typo->notes.at(0).find("not one dbcost knows (did you mean 'sql_warehouses'?)"), std::string::npos)
      << typo->notes.at(0);
  const auto* py = e.find("python", "(python)");
  ASSERT_NE(py, nullptr);
  EXPECT_FALSE(py->priced);
  EXPECT_NE(py->notes.at(0).find("databricks.yml:4:16: experimental.python.resources: not priced: resources defined in "
                                 "Python (resources:load) are not read"),
            std::string::npos)
      << py->notes.at(0);
  EXPECT_EQ(e.teams.at(0).unpriced, 4);
}

TEST(BundleRobustTest, DiffListsResourcesPricedOnOneSideOnly) {
  const char* bundle = R"(bundle: {name: d}
resources:
  jobs:
    exotic:
      schedule: {quartz_cron_expression: "0 0 7 * * ?", timezone_id: UTC}
      tasks:
        - task_key: a
          new_cluster: {spark_version: 15.4.x-scala2.12, node_type_id: NODE, num_workers: 1}
    default_node:
      tasks:
        - task_key: a
          new_cluster: {spark_version: 15.4.x-scala2.12, num_workers: 1}
)";
  TempDir before, after;
  std::string old_text = bundle, new_text = bundle;
  old_text.replace(old_text.find("NODE"), 4, "Standard_D4s_v9");
  new_text.replace(new_text.find("NODE"), 4, "Standard_D4s_v3");
  before.write("databricks.yml", old_text);
  after.write("databricks.yml", new_text);
  const auto runtimes = after.write("runtimes.yaml", "jobs: {exotic: {tasks: {a: {minutes: 60, cv: 0}}}}\n");
  const BundleDiff d = diff_bundles(load_bundle(before.path()), load_bundle(after.path()), april(runtimes), {});
  ASSERT_EQ(d.rows.size(), 2u);
  EXPECT_EQ(d.rows[0].name, "exotic");
  EXPECT_EQ(d.rows[0].status, "priced in new only");
  EXPECT_EQ(d.rows[0].basis, "none");
  EXPECT_EQ(d.rows[1].status, "not priced");
}

}  // namespace
}  // namespace dbcost
