// A Declarative Automation Bundle (databricks.yml) read for one target, as `databricks bundle
// validate` would see it: includes merged, the target's overrides merged, variables substituted,
// presets and the target's mode applied. Sources: databricks/cli bundle/config (root.go,
// mutator/apply_target_mode.go, apply_presets.go, loader/process_root_includes.go), summarized in
// docs/bundles.md.
//
//  - include: glob patterns relative to the bundle root (Go filepath.Glob syntax); each file is
//    merged into the root; a pattern without wildcards must match a file; a resource defined in
//    two files is an error. Only regular files under the bundle root (the directory holding the
//    root file), symlinks followed, are read: the root file, includes and the target's
//    variable-overrides.json; anything else is an InputError before the file is opened.
//  - target: --target, else the only target, else the one with `default: true`; no targets is
//    the target "default". Its bundle, workspace, artifacts, resources, sync, permissions and
//    presets deep-merge over the root's (config_merge.h); its variables replace values; `mode`
//    and `cluster_id` replace.
//  - mode: development defaults presets.trigger_pause_status to PAUSED (schedules, triggers and
//    continuous jobs without an explicit pause_status are paused), jobs_max_concurrent_runs to 4
//    and pipelines_development to true; a paused preset also turns continuous pipelines off. A
//    target `cluster_id` in development mode moves every task to that existing cluster.
// Unknown keys in resources are kept (real bundles carry many fields dbcost does not price);
// unknown keys at the top level or in a target are notes.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bundle/bundle_sources.h"

namespace dbcost {

struct BundleOptions {
  std::string target;                                             // "" = the default target
  std::map<std::string, std::string> vars;                        // --var name=value
  std::optional<std::map<std::string, std::string>> environment;  // BUNDLE_VAR_*; nullopt = the process's
};

struct BundleVariable {
  std::string name;
  std::string value;   // text (complex values as flow YAML); "" when it has none
  std::string origin;  // --var, BUNDLE_VAR_<name>, variable-overrides.json, target <t>, default, lookup, none
};

struct Bundle {
  std::string name;
  std::string target;
  std::string mode;  // "", development, production
  std::string root_file;
  std::vector<std::string> files;    // the root file and the included files, in load order
  std::vector<std::string> targets;  // every target, in file order
  std::string workspace_host;
  std::vector<BundleVariable> variables;
  YAML::Node resources;          // resolved; a mapping (empty when the bundle has none)
  std::string python_resources;  // a located note naming python.resources (or experimental.python.resources); "" = none
  std::shared_ptr<const BundleSources> sources;
  std::vector<std::string> notes;

  YamlView resources_view() const { return sources->view(resources, "resources"); }
};

// The bundle file for a path: the file itself, or in a directory its databricks.yml
// (databricks.yaml, bundle.yml and bundle.yaml are accepted too).
std::string bundle_root_file(const std::string& path);
Bundle load_bundle(const std::string& path, const BundleOptions& options = {});

}  // namespace dbcost
