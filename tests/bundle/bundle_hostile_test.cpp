// A bundle from a pull request is untrusted input: variable expansion is bounded and only regular
// files inside its repository (or its root, outside any repository) are read (docs/bundles.md).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <map>
#include <string>

#include "bundle/bundle.h"
#include "bundle/bundle_variables.h"
#include "bundle/config_merge.h"
#include "temp_dir.h"

namespace dbcost {
namespace {

using testing::TempDir;

// The error load_bundle reports, or "no error".
InputError load_error(const std::string& path, const BundleOptions& options = {}) {
  try {
    load_bundle(path, options);
  } catch (const InputError& e) {
    return e;
  }
  return InputError({}, "no error");
}

// `count` variables v0..v<count-1>, each referring to the one before; v0 is "x". Variable vN is on
// line N + 3. `used` is the variable a job's name refers to ("" for none).
std::string chain_bundle(int count, const std::string& used) {
  std::string text = "bundle: {name: deep}\nvariables:\n  v0: x\n";
  for (int i = 1; i < count; ++i) text += "  v" + std::to_string(i) + ": ${var.v" + std::to_string(i - 1) + "}\n";
  if (!used.empty()) text += "resources:\n  jobs:\n    j: {name: \"${var." + used + "}\", tasks: [{task_key: t}]}\n";
  return text;
}

TEST(BundleHostileTest, TenThousandDeepVariableChainIsRefusedAtTheHundredthLevel) {
  TempDir dir;
  const auto file = dir.write("databricks.yml", chain_bundle(10'000, "v9999"));
  const InputError e = load_error(file);
  // v9999 -> ... -> v9900 are 100 variables; v9900's reference to v9899 is the 101st.
  EXPECT_EQ(e.where().file, file);
  EXPECT_EQ(e.where().line, 9903u);
  EXPECT_EQ(e.where().column, 10u);
  EXPECT_EQ(e.where().field, "variables.v9900");
  EXPECT_EQ(e.reason(),
            "variables refer to each other more than 100 levels deep, the most dbcost follows: v9999 -> v9998 -> "
            "v9997 -> ... -> v9901 -> v9900 -> v9899 (101 variables)");

  // Unused, the chain is refused all the same (not a note that the variables have no value).
  TempDir unused;
  const InputError u = load_error(unused.write("databricks.yml", chain_bundle(10'000, "")));
  EXPECT_NE(u.reason().find("variables refer to each other more than 100 levels deep"), std::string::npos) << u.what();
}

TEST(BundleHostileTest, ChainsUpToTheBoundResolve) {
  // v0 = "a", vN = v(N-1) + "b": v50 is "a" and fifty b's.
  TempDir dir;
  std::string text = "bundle: {name: fifty}\nvariables:\n  v0: a\n";
  for (int i = 1; i <= 50; ++i) text += "  v" + std::to_string(i) + ": ${var.v" + std::to_string(i - 1) + "}b\n";
  text += "resources:\n  jobs:\n    j: {name: \"${var.v50}\", tasks: [{task_key: t}]}\n";
  const Bundle b = load_bundle(dir.write("databricks.yml", text));
  EXPECT_EQ(child(b.resources, {"jobs", "j", "name"}).Scalar(), "a" + std::string(50, 'b'));

  // 100 variables in a chain are the most: v99 -> ... -> v0 resolves, v100 -> ... -> v0 does not.
  TempDir hundred;
  EXPECT_EQ(
      child(load_bundle(hundred.write("databricks.yml", chain_bundle(100, "v99"))).resources, {"jobs", "j", "name"})
          .Scalar(),
      "x");
  TempDir over;
  const InputError e = load_error(over.write("databricks.yml", chain_bundle(101, "v100")));
  EXPECT_EQ(e.where().line, 4u);  // v1 refers to v0, the 101st
  EXPECT_EQ(e.reason(),
            "variables refer to each other more than 100 levels deep, the most dbcost follows: v100 -> v99 -> v98 -> "
            "... -> v2 -> v1 -> v0 (101 variables)");
  EXPECT_EQ(kMaxVariableDepth, 100u);
}

TEST(BundleHostileTest, DepthCountsChainsAlreadyResolved) {
  // w refers to v59 after a job has resolved v99 (and so v59 -> ... -> v0): w -> v59 -> ... -> v0
  // is 61 variables, fine; u -> v99 -> ... -> v0 is 101, refused though v99 is already resolved.
  TempDir dir;
  std::string text = chain_bundle(100, "v99");
  text.insert(text.find("resources:"), "  w: ${var.v59}\n  u: ${var.v99}\n");
  text += "    k: {name: \"${var.w}\", tasks: [{task_key: t}]}\n";
  const InputError e = load_error(dir.write("databricks.yml", text));
  EXPECT_EQ(e.where().field, "variables.u");
  EXPECT_EQ(e.reason(),
            "variables refer to each other more than 100 levels deep, the most dbcost follows: u -> v99 -> v98 -> ... "
            "-> v2 -> v1 -> v0 (101 variables)");
}

TEST(BundleHostileTest, ExpansionBombIsRefused) {
  // v0 is 2 bytes, each vN four copies of v(N-1): v10 would be 2 MiB.
  TempDir dir;
  std::string text = "bundle: {name: bomb}\nvariables:\n  v0: ab\n";
  for (int i = 1; i < 40; ++i) {
    const std::string ref = "${var.v" + std::to_string(i - 1) + "}";
    text += "  v" + std::to_string(i) + ": \"" + ref + ref + ref + ref + "\"\n";
  }
  text += "resources:\n  jobs:\n    j: {name: \"${var.v39}\", tasks: [{task_key: t}]}\n";
  const auto file = dir.write("databricks.yml", text);
  const InputError e = load_error(file);
  EXPECT_EQ(e.where().file, file);
  EXPECT_EQ(e.where().line, 13u);
  EXPECT_EQ(e.where().column, 8u);
  EXPECT_EQ(e.where().field, "variables.v10");
  EXPECT_EQ(e.reason(),
            "substituting '${var.v9}' makes this value longer than 1 MiB (1048576 bytes), the most dbcost expands one "
            "value to: v39 -> v38 -> v37 -> ... -> v2 -> v1 -> v0 (40 variables)");
}

TEST(BundleHostileTest, AllExpandedValuesTogetherAreBounded) {
  // big is 1,024,000 bytes (1,000 copies of a 1 KiB string), under the bound for one value; 65
  // jobs named after it take all values past 64 MiB.
  TempDir dir;
  std::string text = "bundle: {name: wide}\nvariables:\n  base: " + std::string(1024, 'x') + "\n  big: \"";
  for (int i = 0; i < 1000; ++i) text += "${var.base}";
  text += "\"\nresources:\n  jobs:\n";
  for (int i = 1; i <= 70; ++i)
    text += "    j" + std::to_string(i) + ": {name: \"${var.big}\", tasks: [{task_key: t}]}\n";
  const InputError e = load_error(dir.write("databricks.yml", text));
  EXPECT_EQ(e.where().line, 71u);  // job j65
  EXPECT_EQ(e.where().field, "resources.jobs.j65.name");
  EXPECT_EQ(e.reason(),
            "'${var.big}' takes the values expanded from variables past 64 MiB (67108864 bytes) in all, the most "
            "dbcost expands: big -> base");
}

TEST(BundleHostileTest, ComplexVariableBombIsRefusedQuickly) {
  // c0 is {a: b}; each cN a mapping of four copies of c(N-1).
  TempDir dir;
  std::string text = "bundle: {name: cbomb}\nvariables:\n  c0: {type: complex, default: {a: b}}\n";
  for (int i = 1; i < 40; ++i) {
    const std::string ref = "\"${var.c" + std::to_string(i - 1) + "}\"";
    text += "  c" + std::to_string(i) + ": {type: complex, default: {a: " + ref + ", b: " + ref + ", c: " + ref +
            ", d: " + ref + "}}\n";
  }
  text +=
      "resources:\n  jobs:\n    j:\n      job_clusters: [{job_cluster_key: k, new_cluster: \"${var.c39}\"}]\n"
      "      tasks: [{task_key: t, job_cluster_key: k}]\n";
  const auto start = std::chrono::steady_clock::now();
  const InputError e = load_error(dir.write("databricks.yml", text));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(60));  // quadratic copying took hours
  EXPECT_EQ(e.where().field, "variables.c9.b");
  EXPECT_EQ(e.reason(),
            "'${var.c8}' takes the values copied from complex variables past 1000000, the most dbcost copies: c39 -> "
            "c38 -> c37 -> ... -> c2 -> c1 -> c0 (40 variables)");
}

TEST(BundleHostileTest, ComplexValuesCannotBeCopiedIntoThemselvesForever) {
  // q's value, once resolved, holds the text "${var.q}" (built from "$" and "{var.q}"), so every
  // copy of q holds another reference to q.
  TempDir dir;
  const auto file = dir.write("databricks.yml", R"(bundle: {name: again}
variables:
  dollar: $
  q: {type: complex, default: {k: "${var.dollar}{var.q}"}}
resources:
  jobs:
    j:
      job_clusters: [{job_cluster_key: k, new_cluster: "${var.q}"}]
      tasks: [{task_key: t, job_cluster_key: k}]
)");
  const InputError e = load_error(file);
  EXPECT_NE(e.reason().find("complex values are placed inside each other more than 100 levels deep"), std::string::npos)
      << e.what();
}

// A bundle at top/bundle, and top/outside.yml beside it.
struct Layout {
  TempDir top;
  std::string root = top.path("bundle");
  std::string outside = top.write("outside.yml", "SECRET_KEY: hunter2\n");

  std::string bundle(const std::string& include) const {
    std::filesystem::create_directories(root);
    const std::string file = root + "/databricks.yml";
    std::ofstream(file) << "bundle: {name: inc}\ninclude:\n  - " << include << "\n";
    return file;
  }
};

void expect_include_error(const Layout& l, const std::string& reason) {
  const InputError e = load_error(l.root);
  EXPECT_EQ(e.where().file, l.root + "/databricks.yml");
  EXPECT_EQ(e.where().line, 3u);
  EXPECT_EQ(e.where().column, 5u);
  EXPECT_EQ(e.where().field, "include[0]");
  EXPECT_EQ(e.reason(), reason);
}

TEST(BundleHostileTest, IncludeOutsideTheRootIsRefused) {
  Layout l;
  l.bundle("../outside.yml");
  expect_include_error(l, "include '../outside.yml' resolves outside the bundle root " + l.root);
  l.bundle("resources/../../outside.yml");
  expect_include_error(l, "include 'resources/../../outside.yml' resolves outside the bundle root " + l.root);
  l.bundle("/proc/self/environ");
  expect_include_error(
      l,
      "include '/proc/self/environ' is an absolute path: include patterns are relative to the bundle root " + l.root);
}

// As databricks/bundle-examples' contrib/databricks_ingestion_monitoring does: bundles of one
// repository share a file beside them (`../common/vars/common.vars.yml`). Inside the repository
// (the directory with .git) that is read; a file outside it is not.
TEST(BundleHostileTest, IncludeBesideTheBundleInsideItsRepositoryIsRead) {
  TempDir repo;
  std::filesystem::create_directories(repo.path(".git"));
  repo.write("common/vars/common.vars.yml", "variables:\n  workers: {default: 3}\n");
  const std::string file =
      repo.write("monitoring_dab/databricks.yml",
                 "bundle: {name: dab}\ninclude:\n  - ../common/vars/common.vars.yml\n"
                 "resources:\n  jobs:\n    j: {name: \"n${var.workers}\", tasks: [{task_key: t}]}\n");
  const Bundle b = load_bundle(file);
  ASSERT_EQ(b.files.size(), 2u);
  EXPECT_EQ(child(b.resources, {"jobs", "j", "name"}).as<std::string>(), "n3");

  std::ofstream(file) << "bundle: {name: dab}\ninclude:\n  - ../../outside.yml\n";
  const InputError e = load_error(file);
  EXPECT_EQ(e.where().line, 3u);
  EXPECT_EQ(e.reason(), "include '../../outside.yml' resolves outside the repository root " +
                            std::filesystem::proximate(repo.path()).string());
}

TEST(BundleHostileTest, IncludeThroughASymlinkOutsideTheRootIsRefused) {
  Layout l;
  l.bundle("link.yml");
  std::filesystem::create_symlink(l.outside, l.root + "/link.yml");
  expect_include_error(l, "include 'link.yml' resolves outside the bundle root " + l.root);

  l.bundle("\"*.yml\"");  // a glob matching the link (quoted: *x is an alias in YAML)
  expect_include_error(l, "include '*.yml' matches 'link.yml', which resolves outside the bundle root " + l.root);

  std::filesystem::remove(l.root + "/link.yml");
  std::filesystem::create_symlink("/dev/zero", l.root + "/link.yml");
  l.bundle("link.yml");
  expect_include_error(l, "include 'link.yml' resolves outside the bundle root " + l.root);

  // A directory of the bundle that is a symlink to one outside.
  std::filesystem::remove(l.root + "/link.yml");
  std::filesystem::create_symlink(l.top.path(), l.root + "/up");
  l.bundle("up/*.yml");
  expect_include_error(l,
                       "include 'up/*.yml' matches 'up/outside.yml', which resolves outside the bundle root " + l.root);
}

TEST(BundleHostileTest, FifoMatchedByAGlobIsRefusedWithoutOpeningIt) {
  Layout l;
  l.bundle("jobs/*.yml");
  std::filesystem::create_directories(l.root + "/jobs");
  std::ofstream(l.root + "/jobs/a.yml") << "resources:\n  jobs:\n    a: {tasks: [{task_key: t}]}\n";
  const std::string fifo = l.root + "/jobs/pipe.yml";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  auto result = std::async(std::launch::async, [&] { return load_error(l.root); });
  if (result.wait_for(std::chrono::seconds(20)) == std::future_status::timeout) {
    const int fd = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK);  // a writer lets the reader see the end
    if (fd >= 0) ::close(fd);
    FAIL() << "reading the bundle blocked on the FIFO";
  }
  const InputError e = result.get();
  EXPECT_EQ(e.where().line, 3u);
  EXPECT_EQ(e.reason(), "include 'jobs/*.yml' matches 'jobs/pipe.yml', which is a FIFO, not a regular file");
}

TEST(BundleHostileTest, DirectoryIsNotIncluded) {
  Layout l;
  std::filesystem::create_directories(l.root + "/resources/sub");
  std::ofstream(l.root + "/resources/a.yml") << "resources:\n  jobs:\n    a: {tasks: [{task_key: t}]}\n";
  l.bundle("resources/*");
  expect_include_error(l, "include 'resources/*' matches 'resources/sub', which is a directory, not a regular file");
  l.bundle("resources");
  expect_include_error(l, "include 'resources' is a directory, not a regular file");
}

TEST(BundleHostileTest, SymlinkInsideTheRootToAFileInsideIsIncluded) {
  Layout l;
  l.bundle("resources/*.yml");
  std::filesystem::create_directories(l.root + "/resources");
  std::filesystem::create_directories(l.root + "/shared");
  std::ofstream(l.root + "/shared/jobs.yml") << "resources:\n  jobs:\n    shared: {tasks: [{task_key: t}]}\n";
  std::filesystem::create_symlink("../shared/jobs.yml", l.root + "/resources/jobs.yml");
  const Bundle b = load_bundle(l.root);
  ASSERT_EQ(b.files.size(), 2u);
  EXPECT_EQ(b.files[1], l.root + "/resources/jobs.yml");
  EXPECT_TRUE(child(b.resources, {"jobs", "shared"}).IsMap());
}

TEST(BundleHostileTest, BundleFileMustBeARegularFileInItsDirectory) {
  Layout l;
  std::filesystem::create_directories(l.root);
  std::filesystem::create_symlink(l.outside, l.root + "/databricks.yml");
  InputError e = load_error(l.root);
  EXPECT_EQ(e.where().file, l.root + "/databricks.yml");
  EXPECT_EQ(e.reason(), "the bundle file resolves outside the bundle root " + l.root);

  std::filesystem::remove(l.root + "/databricks.yml");
  const std::string fifo = l.root + "/databricks.yml";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  auto result = std::async(std::launch::async, [&] { return load_error(l.root); });
  if (result.wait_for(std::chrono::seconds(20)) == std::future_status::timeout) {
    const int fd = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK);
    if (fd >= 0) ::close(fd);
    FAIL() << "reading the bundle blocked on the FIFO";
  }
  e = result.get();
  EXPECT_EQ(e.reason(), "the bundle file is a FIFO, not a regular file");
}

TEST(BundleHostileTest, VariableOverridesFileFollowsTheSameRule) {
  Layout l;
  std::filesystem::create_directories(l.root);
  std::ofstream(l.root + "/databricks.yml") << R"(bundle: {name: o}
variables:
  catalog: {default: main}
resources:
  jobs:
    j: {name: "${var.catalog}", tasks: [{task_key: t}]}
targets:
  dev:
    default: true
)";
  const std::string dir = l.root + "/.databricks/bundle/dev";
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/variable-overrides.json") << R"({"catalog": "overridden"})";
  BundleOptions o;
  o.environment = std::map<std::string, std::string>{};
  EXPECT_EQ(child(load_bundle(l.root, o).resources, {"jobs", "j", "name"}).Scalar(), "overridden");

  std::filesystem::remove(dir + "/variable-overrides.json");
  std::ofstream(l.top.path("overrides.json")) << R"({"catalog": "secret"})";
  std::filesystem::create_symlink(l.top.path("overrides.json"), dir + "/variable-overrides.json");
  const InputError e = load_error(l.root, o);
  EXPECT_EQ(e.where().file, l.root + "/databricks.yml");
  EXPECT_EQ(e.where().line, 9u);  // the target's body
  EXPECT_EQ(e.where().field, "targets.dev");
  EXPECT_EQ(e.reason(),
            "the variable overrides file '.databricks/bundle/dev/variable-overrides.json' resolves "
            "outside the bundle root " +
                l.root);

  std::filesystem::remove(dir + "/variable-overrides.json");
  std::filesystem::create_directory(dir + "/variable-overrides.json");
  EXPECT_EQ(load_error(l.root, o).reason(),
            "the variable overrides file '.databricks/bundle/dev/variable-overrides.json' is a directory, not a "
            "regular file");
}

}  // namespace
}  // namespace dbcost
