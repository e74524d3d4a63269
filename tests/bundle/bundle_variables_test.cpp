#include "bundle/bundle_variables.h"

#include <gtest/gtest.h>

#include <cstdlib>

#include "bundle/bundle.h"
#include "bundle/config_merge.h"
#include "temp_dir.h"

namespace dbcost {
namespace {

using testing::TempDir;

const char* kWorkersBundle = R"(bundle:
  name: vars
variables:
  workers:
    description: workers of the etl cluster
    default: 1
  catalog:
    default: ${bundle.target}_lake
  cluster:
    type: complex
    default:
      node_type_id: Standard_D4s_v3
      num_workers: ${var.workers}
resources:
  jobs:
    etl:
      name: etl in ${var.catalog} (${bundle.name})
      job_clusters:
        - job_cluster_key: main
          new_cluster: ${var.cluster}
      tasks:
        - task_key: run
          job_cluster_key: main
          notebook_task: {notebook_path: "${var.cluster.node_type_id}.py"}
targets:
  t:
    default: true
    variables:
      workers: 2
)";

std::string workers_of(const Bundle& b) {
  return child(b.resources, {"jobs", "etl"})["job_clusters"][0]["new_cluster"]["num_workers"].Scalar();
}

const BundleVariable& variable(const Bundle& b, const std::string& name) {
  for (const auto& v : b.variables)
    if (v.name == name) return v;
  throw std::runtime_error("no variable " + name);
}

TEST(BundleVariablesTest, CliOverEnvironmentOverTargetOverDefault) {
  TempDir dir;
  const auto file = dir.write("databricks.yml", kWorkersBundle);
  BundleOptions o;
  o.environment = std::map<std::string, std::string>{};
  EXPECT_EQ(workers_of(load_bundle(file, o)), "2");  // the target's value over the default
  EXPECT_EQ(variable(load_bundle(file, o), "workers").origin, "target t");

  o.environment->emplace("BUNDLE_VAR_workers", "3");
  EXPECT_EQ(workers_of(load_bundle(file, o)), "3");
  EXPECT_EQ(variable(load_bundle(file, o), "workers").origin, "BUNDLE_VAR_workers");

  o.vars["workers"] = "4";
  EXPECT_EQ(workers_of(load_bundle(file, o)), "4");
  EXPECT_EQ(variable(load_bundle(file, o), "workers").origin, "--var");

  TempDir plain;
  std::string no_target = kWorkersBundle;
  no_target = no_target.substr(0, no_target.find("targets:"));
  const auto root_only = plain.write("databricks.yml", no_target);
  BundleOptions none;
  none.environment = std::map<std::string, std::string>{};
  EXPECT_EQ(workers_of(load_bundle(root_only, none)), "1");
  EXPECT_EQ(variable(load_bundle(root_only, none), "workers").origin, "default");
}

TEST(BundleVariablesTest, ProcessEnvironmentIsReadWhenNoneIsGiven) {
  TempDir dir;
  const auto file = dir.write("databricks.yml", kWorkersBundle);
  ::setenv("BUNDLE_VAR_workers", "7", 1);
  const Bundle b = load_bundle(file);
  ::unsetenv("BUNDLE_VAR_workers");
  EXPECT_EQ(workers_of(b), "7");
}

TEST(BundleVariablesTest, SubstitutesEverywhereInStringsAndComplexValues) {
  TempDir dir;
  const Bundle b = load_bundle(dir.write("databricks.yml", kWorkersBundle));
  const YAML::Node job = child(b.resources, {"jobs", "etl"});
  EXPECT_EQ(job["name"].Scalar(), "etl in t_lake (vars)");
  const YAML::Node cluster = job["job_clusters"][0]["new_cluster"];
  ASSERT_TRUE(cluster.IsMap());
  EXPECT_EQ(cluster["node_type_id"].Scalar(), "Standard_D4s_v3");
  EXPECT_EQ(job["tasks"][0]["notebook_task"]["notebook_path"].Scalar(), "Standard_D4s_v3.py");
  EXPECT_EQ(b.target, "t");
}

TEST(BundleVariablesTest, UnknownVariableIsLocatedAtItsReference) {
  TempDir dir;
  const auto file = dir.write("databricks.yml", R"(bundle:
  name: typo
variables:
  node_type:
    default: Standard_D4s_v3
resources:
  jobs:
    nightly:
      job_clusters:
        - job_cluster_key: etl
          new_cluster:
            node_type_id: ${var.node_typ}
      tasks:
        - {task_key: run, job_cluster_key: etl}
)");
  try {
    load_bundle(file);
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().file, file);
    EXPECT_EQ(e.where().line, 12u);
    EXPECT_EQ(e.where().column, 27u);
    EXPECT_EQ(e.where().field, "resources.jobs.nightly.job_clusters[0].new_cluster.node_type_id");
    EXPECT_EQ(e.reason(), "unknown variable 'node_typ' (did you mean 'node_type'?)");
  }
}

TEST(BundleVariablesTest, VariableWithoutValueIsAnErrorWhereItIsUsed) {
  TempDir dir;
  const auto file = dir.write("databricks.yml", R"(bundle: {name: novalue}
variables:
  catalog: {description: no default}
resources:
  jobs:
    j:
      name: ${var.catalog}
      tasks: [{task_key: a}]
)");
  try {
    load_bundle(file);
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().line, 7u);
    EXPECT_EQ(e.where().column, 13u);
    EXPECT_NE(e.reason().find("variable 'catalog' has no value"), std::string::npos) << e.reason();
  }
  BundleOptions o;
  o.vars["catalog"] = "main";
  EXPECT_EQ(child(load_bundle(file, o).resources, {"jobs", "j", "name"}).Scalar(), "main");
}

TEST(BundleVariablesTest, CycleIsAnError) {
  TempDir dir;
  const auto file = dir.write("databricks.yml", R"(bundle: {name: cycle}
variables:
  a: {default: "${var.b}"}
  b: {default: "x${var.a}"}
resources:
  jobs:
    j: {name: "${var.a}", tasks: [{task_key: t}]}
)");
  EXPECT_THROW(
      {
        try {
          load_bundle(file);
        } catch (const InputError& e) {
          EXPECT_NE(std::string(e.what()).find("cycle: a -> b -> a"), std::string::npos) << e.what();
          throw;
        }
      },
      InputError);
}

TEST(BundleVariablesTest, VarFlagMustNameADefinedVariable) {
  EXPECT_EQ(parse_var_assignment("a=b=c"), (std::pair<std::string, std::string>{"a", "b=c"}));
  EXPECT_THROW(parse_var_assignment("novalue"), InputError);
  TempDir dir;
  const auto file = dir.write("databricks.yml", kWorkersBundle);
  BundleOptions o;
  o.vars["worker"] = "2";
  try {
    load_bundle(file, o);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().field, "--var");
    EXPECT_EQ(e.reason(), "variable 'worker' is not defined in the bundle (did you mean 'workers'?)");
  }
}

TEST(BundleVariablesTest, TargetVariableMustBeDefinedAtTheRoot) {
  TempDir dir;
  const auto file = dir.write("databricks.yml", R"(bundle: {name: x}
variables:
  workers: {default: 1}
targets:
  prod:
    variables:
      worker: 4
)");
  try {
    load_bundle(file);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().line, 7u);
    EXPECT_NE(e.reason().find("variable 'worker' is assigned a value but not defined"), std::string::npos);
  }
}

// databricks/cli bundle/config/mutator/set_variables.go: a lookup is kept ahead of the overrides
// file and the default; `value:` ahead of everything; a mapping default needs no type.
const char* kCliSemanticsBundle = R"(bundle: {name: cli}
variables:
  node: {value: m5.xlarge}
  workers: {default: 2}
  policy:
    default: "Ad hoc"
    lookup: {cluster_policy: Jobs policy}
  cluster:
    default: {node_type_id: "${var.node}", num_workers: "${var.workers}"}
  tags: {type: complex, default: {team: platform}}
resources:
  jobs:
    etl:
      name: etl
      tags: ${var.tags}
      job_clusters:
        - job_cluster_key: main
          new_cluster: ${var.cluster}
      tasks: [{task_key: run, job_cluster_key: main}]
targets:
  dev:
    default: true
  prod:
    variables:
      cluster: {node_type_id: r5.large, num_workers: 8}
      policy: {default: Production}
  lenient:
    variables:
      policy: {lookup: {cluster_policy: Other}, type: complex}
)";

YAML::Node cluster_of(const Bundle& b) { return child(b.resources, {"jobs", "etl"})["job_clusters"][0]["new_cluster"]; }

TEST(BundleVariablesTest, ValueKeyMappingDefaultAndLookupAsTheCliReadsThem) {
  TempDir dir;
  const auto file = dir.write("databricks.yml", kCliSemanticsBundle);
  BundleOptions o;
  o.environment = std::map<std::string, std::string>{{"BUNDLE_VAR_node", "r5.xlarge"}};
  const Bundle dev = load_bundle(file, o);
  EXPECT_EQ(cluster_of(dev)["node_type_id"].Scalar(), "m5.xlarge");  // value: over the environment
  EXPECT_EQ(cluster_of(dev)["num_workers"].Scalar(), "2");
  EXPECT_EQ(variable(dev, "node").origin, "value");
  EXPECT_EQ(variable(dev, "policy").value, "Jobs policy");  // a lookup over the root's default
  EXPECT_EQ(variable(dev, "policy").origin, "lookup");
  EXPECT_EQ(variable(dev, "cluster").value, "{node_type_id: m5.xlarge, num_workers: 2}");

  o.target = "prod";
  const Bundle prod = load_bundle(file, o);
  EXPECT_EQ(cluster_of(prod)["node_type_id"].Scalar(), "r5.large");  // a target's mapping is the value
  EXPECT_EQ(cluster_of(prod)["num_workers"].Scalar(), "8");
  EXPECT_EQ(variable(prod, "policy").value, "Production");  // a target's default drops the lookup
  EXPECT_EQ(variable(prod, "policy").origin, "target prod");

  // {lookup, type} is none of the CLI's definition shapes: the mapping is the variable's value.
  o.target = "lenient";
  EXPECT_EQ(variable(load_bundle(file, o), "policy").value, "{lookup: {cluster_policy: Other}, type: complex}");
}

TEST(BundleVariablesTest, OverridesFileIsBelowTheEnvironmentAndAboveTheTarget) {
  TempDir dir;
  const auto file = dir.write("databricks.yml", kCliSemanticsBundle);
  dir.write(".databricks/bundle/prod/variable-overrides.json",
            R"({"workers": 5, "tags": {"team": "data"}, "policy": "X"})");
  BundleOptions o;
  o.target = "prod";
  o.environment = std::map<std::string, std::string>{};
  const Bundle b = load_bundle(file, o);
  EXPECT_EQ(variable(b, "workers").value, "5");
  EXPECT_EQ(variable(b, "workers").origin, "variable-overrides.json");
  EXPECT_EQ(child(b.resources, {"jobs", "etl", "tags", "team"}).Scalar(), "data");
  EXPECT_EQ(variable(b, "policy").value, "X");  // the target's default dropped the lookup
  o.environment->emplace("BUNDLE_VAR_workers", "6");
  EXPECT_EQ(variable(load_bundle(file, o), "workers").value, "6");
}

void expect_refusal(const std::string& file, const BundleOptions& o, std::size_t line, std::size_t column,
                    const std::string& reason) {
  try {
    load_bundle(file, o);
    FAIL() << "expected an InputError: " << reason;
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().line, line) << e.what();
    EXPECT_EQ(e.where().column, column) << e.what();
    EXPECT_EQ(e.reason(), reason);
  }
}

TEST(BundleVariablesTest, LookupNamesExactlyOneKnownKind) {
  TempDir dir;
  BundleOptions o;
  o.environment = std::map<std::string, std::string>{};
  const auto typo =
      dir.write("a/databricks.yml", "bundle: {name: l}\nvariables:\n  p:\n    lookup: {cluster_polcy: Jobs}\n");
  expect_refusal(typo, o, 4, 14, "unknown key 'cluster_polcy' (did you mean 'cluster_policy'?)");
  const auto two =
      dir.write("b/databricks.yml", "bundle: {name: l}\nvariables:\n  p:\n    lookup: {cluster: a, warehouse: b}\n");
  expect_refusal(two, o, 4, 13,
                 "exactly one lookup field must be provided: a lookup names one object, e.g. {cluster_policy: \"Jobs "
                 "policy\"}");
  const auto every = dir.write("c/databricks.yml", R"(bundle: {name: l}
variables:
  a: {lookup: {alert: A}}
  b: {lookup: {notification_destination: B}}
  c: {lookup: {service_principal: C}}
  d: {lookup: {metastore: D}}
)");
  const Bundle b = load_bundle(every, o);
  EXPECT_EQ(variable(b, "b").value, "B");
  EXPECT_EQ(variable(b, "c").origin, "lookup");
}

TEST(BundleVariablesTest, RefusesWhatTheCliRefuses) {
  TempDir dir;
  const auto file = dir.write("databricks.yml", kCliSemanticsBundle);
  BundleOptions o;
  o.environment = std::map<std::string, std::string>{};
  o.vars["node"] = "r5.large";
  expect_refusal(file, o, 3, 17,
                 "variable 'node' has value: in the bundle, so --var cannot assign it (the Databricks CLI refuses: "
                 "variable has already been assigned value)");
  o.vars.clear();
  o.environment->emplace("BUNDLE_VAR_tags", "data");
  expect_refusal(file, o, 15, 13,
                 "variable 'tags' is complex: it cannot be set with the environment variable BUNDLE_VAR_tags (give it "
                 "in a target or in variable-overrides.json)");
  o.environment->clear();
  dir.write(".databricks/bundle/dev/variable-overrides.json", "{\"tags\": \"data\",\n \"workers\": [1]}");
  expect_refusal(file, o, 1, 10, "variable 'tags' is of type complex, but its value here is not a mapping or list");
  dir.write(".databricks/bundle/dev/variable-overrides.json", "{\"workers\": [1]}");
  expect_refusal(file, o, 1, 13, "variable 'workers' is not of type complex, but its value here is a mapping or list");
}

}  // namespace
}  // namespace dbcost
