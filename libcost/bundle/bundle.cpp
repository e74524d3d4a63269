#include "bundle/bundle.h"

#include <glob.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "bundle/bundle_variables.h"
#include "bundle/config_merge.h"

namespace dbcost {
namespace {

const std::vector<std::string> kTopLevelKeys = {"bundle",    "include", "variables",   "workspace",    "artifacts",
                                                "resources", "sync",    "permissions", "presets",      "run_as",
                                                "targets",   "python",  "scripts",     "experimental", "environments"};
const std::vector<std::string> kTargetKeys = {"default", "mode",       "workspace",   "resources", "variables",
                                              "presets", "run_as",     "permissions", "sync",      "artifacts",
                                              "bundle",  "cluster_id", "compute_id",  "git"};
const std::vector<std::string> kMergedTargetFields = {"bundle", "workspace",   "artifacts", "resources",
                                                      "sync",   "permissions", "presets"};

void note_unknown_keys(const BundleSources& sources, const YamlView& v, const std::vector<std::string>& known,
                       std::vector<std::string>& notes) {
  if (!v.is_map()) return;
  for (const auto& [k, value] : v.entries())
    if (std::find(known.begin(), known.end(), k) == known.end())
      notes.push_back(sources.note_at(value, "unknown key '" + k + "' ignored" + did_you_mean(k, known)));
}

std::vector<std::string> glob_files(const std::string& pattern) {
  glob_t g{};
  std::vector<std::string> out;
  if (glob(pattern.c_str(), 0, nullptr, &g) == 0)
    for (std::size_t i = 0; i < g.gl_pathc; ++i) out.emplace_back(g.gl_pathv[i]);
  globfree(&g);
  return out;
}

std::string directory_of(const std::string& file) {
  const auto slash = file.find_last_of('/');
  return slash == std::string::npos ? std::string() : file.substr(0, slash);
}

std::string in_dir(const std::string& dir, const std::string& rel) {
  if (dir.empty()) return rel;
  return dir.back() == '/' ? dir + rel : dir + "/" + rel;
}

// The bundle root (the directory holding its root file, as given and with every symlink followed)
// and the directory its files must stay in: the repository that holds it (the nearest directory
// above with a .git), as a pull request controls that and nothing outside it; without one, the
// bundle root. Databricks' own examples include files next to the bundle (`../common/vars.yml`).
struct BundleRoot {
  std::string shown;
  std::filesystem::path real;
  std::filesystem::path boundary;
  std::string boundary_name;  // "the bundle root DIR" or "the repository root DIR"
};

BundleRoot bundle_root(const std::string& root_file) {
  const std::string dir = std::filesystem::path(root_file).parent_path().string();
  BundleRoot root{dir.empty() ? "." : dir, {}, {}, {}};
  std::error_code ec;
  root.real = std::filesystem::canonical(root.shown, ec);
  if (ec) throw InputError({root_file, 0, 0, ""}, "cannot resolve the bundle root " + root.shown + ": " + ec.message());
  root.boundary = root.real;
  root.boundary_name = "the bundle root " + root.shown;
  for (auto d = root.real; !d.empty(); d = d.parent_path()) {
    if (std::filesystem::exists(d / ".git", ec)) {
      root.boundary = d;
      root.boundary_name = "the repository root " + std::filesystem::proximate(d, ec).string();
      break;
    }
    if (d == d.root_path()) break;
  }
  return root;
}

bool is_within(const std::filesystem::path& path, const std::filesystem::path& dir) {
  auto p = path.begin();
  for (auto d = dir.begin(); d != dir.end(); ++d, ++p)
    if (p == path.end() || *p != *d) return false;
  return true;
}

std::string kind_of(std::filesystem::file_type type) {
  switch (type) {
    case std::filesystem::file_type::directory:
      return "a directory";
    case std::filesystem::file_type::fifo:
      return "a FIFO";
    case std::filesystem::file_type::socket:
      return "a socket";
    case std::filesystem::file_type::character:
      return "a character device";
    case std::filesystem::file_type::block:
      return "a block device";
    default:
      return "something else";
  }
}

// Why a file the bundle names may not be read, "" when it may: only regular files inside the
// boundary are read, every symlink followed (a bundle from a pull request must not read a file
// outside its repository, /proc/self/environ or /dev/zero). The file is looked at (realpath, stat) but not
// opened: opening a FIFO would block.
std::string file_problem(const std::string& path, const BundleRoot& root) {
  std::error_code ec;
  const std::filesystem::path real = std::filesystem::canonical(path, ec);
  if (ec) return "cannot be resolved: " + ec.message();
  if (!is_within(real, root.boundary)) return "resolves outside " + root.boundary_name;
  const auto status = std::filesystem::status(real, ec);
  if (ec) return "cannot be read: " + ec.message();
  if (status.type() != std::filesystem::file_type::regular)
    return "is " + kind_of(status.type()) + ", not a regular file";
  return "";
}

// The root merged with every included file.
YAML::Node read_with_includes(BundleSources& sources, const YamlView& root, const BundleRoot& bundle_dir, Bundle& b) {
  const std::string dir = directory_of(b.root_file);
  std::optional<YAML::Node> merged;
  merged.emplace(without_key(root.node(), "include"));
  if (!root.has("include")) return *merged;
  std::vector<std::string> seen = {std::filesystem::path(b.root_file).lexically_normal().string()};
  const auto include = root["include"];
  if (include.is_scalar()) include.fail("include is a list of file patterns, e.g. [resources/*.yml]");
  for (const auto& item : include.items()) {
    const std::string pattern = item.as_string();
    if (!pattern.empty() && pattern[0] == '/')
      item.fail("include '" + pattern + "' is an absolute path: include patterns are relative to the bundle root " +
                bundle_dir.shown);
    if (!is_within((bundle_dir.real / pattern).lexically_normal(), bundle_dir.boundary))
      item.fail("include '" + pattern + "' resolves outside " + bundle_dir.boundary_name);
    const std::string anchored = in_dir(dir, pattern);
    const auto matches = glob_files(anchored);
    if (matches.empty()) {
      if (pattern.find_first_of("*?[") == std::string::npos) item.fail("no file '" + anchored + "'");
      b.notes.push_back(sources.note_at(item, "include '" + pattern + "' matches no file"));
    }
    for (const auto& m : matches) {
      const std::string normal = std::filesystem::path(m).lexically_normal().string();
      if (std::find(seen.begin(), seen.end(), normal) != seen.end()) continue;
      if (const std::string problem = file_problem(m, bundle_dir); !problem.empty()) {
        if (m == anchored) item.fail("include '" + pattern + "' " + problem);
        const std::string prefix = in_dir(dir, "");
        const std::string shown = m.rfind(prefix, 0) == 0 ? m.substr(prefix.size()) : m;
        item.fail("include '" + pattern + "' matches '" + shown + "', which " + problem);
      }
      seen.push_back(normal);
      const YamlView v = sources.load(m);
      if (!v.defined()) continue;
      v.expect_map();
      note_unknown_keys(sources, v, kTopLevelKeys, b.notes);
      if (v.has("include"))
        b.notes.push_back(sources.note_at(v["include"],
                                          "ignored: include is read from the bundle's root file only "
                                          "(the Databricks CLI warns and ignores it too)"));
      b.files.push_back(m);
      const YAML::Node& so_far = *merged;
      if (v.has("resources") && v["resources"].is_map() && child(so_far, "resources").IsMap()) {
        const YAML::Node known = so_far["resources"];
        for (const auto& [group, entries] : v["resources"].entries()) {
          if (!entries.is_map() || !child(known, group).IsMap()) continue;
          for (const auto& [name, body] : entries.entries())
            if (child(known, {group.c_str(), name.c_str()}).IsDefined())
              body.fail("resource " + group + "." + name + " is also defined in " +
                        sources.file_of(known[group][name]));
        }
      }
      merged.emplace(merge_config(*merged, without_key(v.node(), "include"), sources, ""));
    }
  }
  return *merged;
}

std::string choose_target(const YamlView& targets, const BundleOptions& options, const std::string& file,
                          std::vector<std::string>& names) {
  if (targets.defined()) {
    targets.expect_map();
    for (const auto& [name, body] : targets.entries()) names.push_back(name);
  }
  if (!options.target.empty()) {
    if (names.empty() && options.target == "default") return options.target;
    if (std::find(names.begin(), names.end(), options.target) == names.end()) {
      std::string list;
      for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
      throw InputError({file, 0, 0, "--target"}, "no target '" + options.target + "' in the bundle" +
                                                     did_you_mean(options.target, names) +
                                                     (names.empty() ? "" : " (targets: " + list + ")"));
    }
    return options.target;
  }
  if (names.empty()) return "default";
  if (names.size() == 1) return names.front();
  std::vector<std::string> defaults;
  for (const auto& [name, body] : targets.entries())
    if (body.is_map() && body.has("default") && body["default"].as_bool()) defaults.push_back(name);
  std::string list;
  for (const auto& n : (defaults.size() > 1 ? defaults : names)) list += (list.empty() ? "" : ", ") + n;
  if (defaults.size() > 1) targets.fail("several targets are marked default: " + list);
  if (defaults.empty()) targets.fail("no target is marked default: true; give --target (one of " + list + ")");
  return defaults.front();
}

// The object a lookup names: exactly one of the kinds databricks/cli
// bundle/config/variable/lookup.go resolves, with a name.
std::string lookup_name(const YamlView& lookup) {
  static const std::vector<std::string> kKinds = {
      "alert",         "cluster", "cluster_policy",    "dashboard",
      "instance_pool", "job",     "metastore",         "notification_destination",
      "pipeline",      "query",   "service_principal", "warehouse"};
  lookup.check_keys(kKinds);
  std::string name;
  std::size_t named = 0;
  for (const auto& [kind, value] : lookup.entries())
    if (!value.as_string().empty()) {
      name = value.as_string();
      ++named;
    }
  if (named != 1)
    lookup.fail(
        std::string(named == 0 ? "no valid lookup fields provided" : "exactly one lookup field must be provided") +
        ": a lookup names one object, e.g. {cluster_policy: \"Jobs policy\"}");
  return name;
}

std::map<std::string, VariableDefinition> read_definitions(const YamlView& vars) {
  std::map<std::string, VariableDefinition> defs;
  if (!vars.defined()) return defs;
  for (const auto& [name, v] : vars.entries()) {
    VariableDefinition d;
    d.name = name;
    d.definition = v.node();
    if (v.is_scalar()) {
      d.value.emplace(v.node());
      d.value_origin = "default";
    } else if (v.defined()) {
      v.check_keys({"description", "default", "type", "lookup", "value"});
      if (v.has("type")) {
        if (v["type"].as_string() != "complex") v["type"].fail("the only variable type is complex");
        d.complex = true;
      }
      if (v.has("default")) {
        d.value.emplace(v["default"].node());
        d.value_origin = "default";
      }
      if (v.has("value")) d.fixed.emplace(v["value"].node());
      if (v.has("lookup")) d.lookup = lookup_name(v["lookup"]);
    }
    defs.emplace(name, std::move(d));
  }
  return defs;
}

// Whether a target's mapping for a variable is a definition rather than a complex value: its keys
// are exactly one of the sets databricks/cli bundle/config/root.go allowedVariableDefinitions names.
bool is_full_variable_override(const YamlView& v) {
  static const std::vector<std::set<std::string>> kDefinitions = {
      {"default", "type", "description"}, {"default", "type"}, {"default", "description"},
      {"lookup", "description"},          {"default"},         {"lookup"}};
  std::set<std::string> keys;
  for (const auto& [k, child] : v.entries()) keys.insert(k);
  return std::find(kDefinitions.begin(), kDefinitions.end(), keys) != kDefinitions.end();
}

// A target's variables: `name: value`, or {default: ...} / {lookup: ...} (databricks/cli
// rewriteShorthands); a complex variable's value may be a mapping or list as it stands.
void apply_target_variables(const YamlView& vars, const std::string& target,
                            std::map<std::string, VariableDefinition>& defs) {
  if (!vars.defined()) return;
  std::vector<std::string> names;
  for (const auto& [n, d] : defs) names.push_back(n);
  for (const auto& [name, v] : vars.entries()) {
    const auto it = defs.find(name);
    if (it == defs.end())
      v.fail("variable '" + name +
             "' is assigned a value but not defined under the root variables:" + did_you_mean(name, names));
    auto& d = it->second;
    const bool full = v.is_map() && is_full_variable_override(v);
    if (full && v.has("lookup")) {
      d.lookup = lookup_name(v["lookup"]);
      d.value.reset();
    } else if (full) {
      d.value.emplace(v["default"].node());
      d.value_origin = "target " + target;
      d.lookup.clear();
    } else if (v.defined()) {
      d.value.emplace(v.node());
      d.value_origin = "target " + target;
      d.lookup.clear();
    }
  }
}

std::string scalar_or(const YAML::Node& n, const std::string& fallback) {
  return n.IsDefined() && n.IsScalar() ? n.Scalar() : fallback;
}

// Presets (and the development mode's defaults) applied to jobs and pipelines.
YAML::Node apply_presets(const YAML::Node& resources, const YAML::Node& presets, const std::string& mode) {
  std::string pause = scalar_or(child(presets, "trigger_pause_status"), "");
  std::string max_runs = scalar_or(child(presets, "jobs_max_concurrent_runs"), "");
  std::string pipelines_development = scalar_or(child(presets, "pipelines_development"), "");
  if (mode == "development") {
    if (pause.empty()) pause = "PAUSED";
    if (max_runs.empty() || max_runs == "0") max_runs = "4";
    if (pipelines_development != "false") pipelines_development = "true";
  }
  const YAML::Node preset_tags = child(presets, "tags");
  std::optional<YAML::Node> out;
  out.emplace(resources);
  const YAML::Node source_jobs = child(resources, "jobs");
  if (source_jobs.IsMap()) {
    YAML::Node jobs(YAML::NodeType::Map);
    for (auto it = source_jobs.begin(); it != source_jobs.end(); ++it) {
      const YAML::Node job = it->second;
      if (!job.IsMap()) {
        jobs.force_insert(it->first, job);
        continue;
      }
      std::optional<YAML::Node> j;
      j.emplace(job);
      if (preset_tags.IsMap()) {
        YAML::Node tags(YAML::NodeType::Map);
        const YAML::Node job_tags = child(job, "tags");
        if (job_tags.IsMap())
          for (auto t = job_tags.begin(); t != job_tags.end(); ++t) tags.force_insert(t->first, t->second);
        for (auto t = preset_tags.begin(); t != preset_tags.end(); ++t)
          if (!child(job_tags, t->first.Scalar()).IsDefined()) tags.force_insert(t->first, t->second);
        j.emplace(with_key(*j, "tags", tags));
      }
      const std::string runs = scalar_or(child(job, "max_concurrent_runs"), "0");
      if (!max_runs.empty() && runs == "0") j.emplace(with_key(*j, "max_concurrent_runs", YAML::Node(max_runs)));
      if (!pause.empty())
        for (const char* block : {"schedule", "continuous", "trigger"})
          if (child(job, block).IsMap() && !child(job, {block, "pause_status"}).IsDefined())
            j.emplace(with_key(*j, block, with_key(child(job, block), "pause_status", YAML::Node(pause))));
      jobs.force_insert(it->first, *j);
    }
    out.emplace(with_key(*out, "jobs", jobs));
  }
  const YAML::Node source_clusters = child(resources, "clusters");
  if (preset_tags.IsMap() && source_clusters.IsMap()) {
    YAML::Node clusters(YAML::NodeType::Map);
    for (auto it = source_clusters.begin(); it != source_clusters.end(); ++it) {
      const YAML::Node cluster = it->second;
      const YAML::Node custom = child(cluster, "custom_tags");
      YAML::Node tags(YAML::NodeType::Map);
      if (custom.IsMap())
        for (auto t = custom.begin(); t != custom.end(); ++t) tags.force_insert(t->first, t->second);
      for (auto t = preset_tags.begin(); t != preset_tags.end(); ++t)
        if (!child(custom, t->first.Scalar()).IsDefined()) tags.force_insert(t->first, t->second);
      clusters.force_insert(it->first, cluster.IsMap() ? with_key(cluster, "custom_tags", tags) : cluster);
    }
    out.emplace(with_key(*out, "clusters", clusters));
  }
  const YAML::Node source_pipelines = child(resources, "pipelines");
  if (source_pipelines.IsMap() && (pipelines_development == "true" || pause == "PAUSED")) {
    YAML::Node pipelines(YAML::NodeType::Map);
    for (auto it = source_pipelines.begin(); it != source_pipelines.end(); ++it) {
      std::optional<YAML::Node> p;
      p.emplace(it->second);
      if (it->second.IsMap()) {
        if (pipelines_development == "true") p.emplace(with_key(*p, "development", YAML::Node("true")));
        if (pause == "PAUSED" && child(it->second, "continuous").IsDefined())
          p.emplace(with_key(*p, "continuous", YAML::Node("false")));
      }
      pipelines.force_insert(it->first, *p);
    }
    out.emplace(with_key(*out, "pipelines", pipelines));
  }
  return *out;
}

// Development mode with a target cluster_id: every task runs on that existing cluster.
YAML::Node override_compute(const YAML::Node& resources, const YAML::Node& cluster_id) {
  const YAML::Node source_jobs = child(resources, "jobs");
  if (!source_jobs.IsMap()) return resources;
  YAML::Node jobs(YAML::NodeType::Map);
  for (auto it = source_jobs.begin(); it != source_jobs.end(); ++it) {
    const YAML::Node job = it->second;
    const YAML::Node source_tasks = child(job, "tasks");
    if (!source_tasks.IsSequence()) {
      jobs.force_insert(it->first, job);
      continue;
    }
    YAML::Node tasks(YAML::NodeType::Sequence);
    for (const auto& t : source_tasks) {
      if (!t.IsMap()) {
        tasks.push_back(t);
        continue;
      }
      const YAML::Node stripped =
          without_key(without_key(without_key(t, "job_cluster_key"), "new_cluster"), "environment_key");
      tasks.push_back(with_key(stripped, "existing_cluster_id", cluster_id));
    }
    jobs.force_insert(it->first, with_key(job, "tasks", tasks));
  }
  return with_key(resources, "jobs", jobs);
}

Bundle read_bundle(std::shared_ptr<BundleSources> sources, const BundleOptions& options) {
  Bundle b;
  b.root_file = sources->space_name();
  b.files.push_back(b.root_file);
  std::error_code missing;
  if (!std::filesystem::exists(std::filesystem::symlink_status(b.root_file, missing)))
    sources->load(b.root_file);  // "cannot open: No such file or directory"
  const BundleRoot bundle_dir = bundle_root(b.root_file);
  if (const std::string problem = file_problem(b.root_file, bundle_dir); !problem.empty())
    throw InputError({b.root_file, 0, 0, ""}, "the bundle file " + problem);
  const YamlView root = sources->load(b.root_file);
  if (!root.is_map()) root.fail("a bundle file is a mapping with bundle:, resources:, targets: ...");
  note_unknown_keys(*sources, root, kTopLevelKeys, b.notes);
  const YAML::Node merged = read_with_includes(*sources, root, bundle_dir, b);
  const YamlView all = sources->view(merged, "");
  const YamlView targets = all.has("targets") ? all["targets"] : all["environments"];
  b.target = choose_target(targets, options, b.root_file, b.targets);

  std::optional<YAML::Node> config;
  config.emplace(without_key(without_key(merged, "targets"), "environments"));
  const YamlView t = targets.defined() && targets.has(b.target) ? targets[b.target] : YamlView();
  std::optional<YAML::Node> cluster_id;
  if (t.defined()) {
    t.expect_map();
    note_unknown_keys(*sources, t, kTargetKeys, b.notes);
    for (const auto& f : kMergedTargetFields) {
      if (!t.has(f)) continue;
      const YAML::Node& current = *config;
      config.emplace(
          with_key(current, f, merge_config(current[f], t[f].node(), *sources, "targets." + b.target + "." + f)));
    }
    if (t.has("mode")) {
      b.mode = t["mode"].as_string();
      if (b.mode != "development" && b.mode != "production")
        t["mode"].fail("expected development or production, got '" + b.mode + "'");
    }
    for (const char* k : {"cluster_id", "compute_id"})
      if (t.has(k)) cluster_id.emplace(t[k].node());
  }
  const YamlView cfg = sources->view(*config, "");
  if (b.mode.empty() && cfg["bundle"].has("mode")) b.mode = cfg["bundle"]["mode"].as_string();

  auto defs = read_definitions(cfg["variables"]);
  if (t.defined()) apply_target_variables(t["variables"], b.target, defs);
  VariableInputs inputs;
  inputs.environment = options.environment;
  for (const auto& [name, value] : options.vars) {
    if (!defs.count(name)) {
      std::vector<std::string> names;
      for (const auto& [n, d] : defs) names.push_back(n);
      throw InputError({"", 0, 0, "--var"},
                       "variable '" + name + "' is not defined in the bundle" + did_you_mean(name, names));
    }
    if (const auto& d = defs.at(name); d.fixed)
      sources->view(d.definition, "variables." + name)["value"].fail(
          "variable '" + name +
          "' has value: in the bundle, so --var cannot assign it (the Databricks CLI refuses: "
          "variable has already been assigned value)");
    inputs.cli[name] = value;
  }
  // Read only when present, and only as a regular file under the bundle root (the target's name
  // is part of its path).
  const std::string overrides_rel = ".databricks/bundle/" + b.target + "/variable-overrides.json";
  const std::string overrides = in_dir(directory_of(b.root_file), overrides_rel);
  std::error_code ec;
  if (std::filesystem::exists(std::filesystem::symlink_status(overrides, ec))) {
    if (const std::string problem = file_problem(overrides, bundle_dir); !problem.empty()) {
      const std::string message = "the variable overrides file '" + overrides_rel + "' " + problem;
      if (t.defined()) t.fail(message);
      throw InputError({b.root_file, 0, 0, ""}, message);
    }
    const YamlView o = sources->load(overrides, true);
    if (o.defined())
      for (const auto& [name, v] : o.entries()) inputs.overrides_file.emplace(name, v.node());
  }
  VariableResolver resolver(*sources, defs, inputs, "", b.target);
  if (!cfg["bundle"].has("name")) cfg.fail("missing bundle.name (bundle: {name: ...})");
  const YAML::Node name = resolver.resolve(cfg["bundle"]["name"].node(), "bundle.name");
  b.name = sources->view(name, "bundle.name").as_string();
  resolver.set_bundle_name(b.name);

  const YAML::Node resources = cfg.has("resources") && cfg["resources"].defined()
                                   ? resolver.resolve(cfg["resources"].node(), "resources")
                                   : YAML::Node(YAML::NodeType::Map);
  if (!resources.IsMap()) sources->view(resources, "resources").fail("expected a mapping of resource kinds");
  if (cfg["workspace"].has("host"))
    b.workspace_host = resolver.resolve(cfg["workspace"]["host"].node(), "workspace.host").Scalar();
  const YAML::Node presets =
      cfg["presets"].defined() ? resolver.resolve(cfg["presets"].node(), "presets") : YAML::Node(YAML::NodeType::Map);
  const YAML::Node keyed = merge_keyed_items(resources, *sources);
  const YAML::Node preset = apply_presets(keyed, presets, b.mode);
  if (cluster_id && cluster_id->IsScalar()) {
    if (b.mode != "development")
      sources->view(*cluster_id, "targets." + b.target + ".cluster_id")
          .fail("cluster_id overrides compute in mode: development only");
    const YAML::Node id = resolver.resolve(*cluster_id, "targets." + b.target + ".cluster_id");
    b.resources = override_compute(preset, id);
    b.notes.push_back("target " + b.target + " runs every task on existing cluster '" + id.Scalar() + "'");
  } else {
    b.resources = preset;
  }
  for (const YamlView& py : {cfg["python"]["resources"], cfg["experimental"]["python"]["resources"]})
    if (py.defined() && b.python_resources.empty()) {
      std::string loaders;
      for (const auto& item : py.is_sequence() ? py.items() : std::vector<YamlView>{})
        if (item.is_scalar()) loaders += (loaders.empty() ? "" : ", ") + item.as_string();
      b.python_resources = sources->note_at(py, "not priced: resources defined in Python" +
                                                    (loaders.empty() ? "" : " (" + loaders + ")") +
                                                    " are not read; the total leaves them out");
    }
  for (const auto& [n, d] : resolver.definitions()) {
    BundleVariable v{n, "", "none"};
    try {
      std::tie(v.value, v.origin) = resolver.value_of(n, sources->view(d.definition, "variables." + n));
    } catch (const VariableLimitError&) {
      throw;
    } catch (const InputError&) {
      b.notes.push_back("variable '" + n + "' has no value (it is not used by the priced resources)");
    }
    b.variables.push_back(v);
  }
  b.sources = sources;
  return b;
}

}  // namespace

std::string bundle_root_file(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_directory(path, ec)) return path;
  for (const char* name : {"databricks.yml", "databricks.yaml", "bundle.yml", "bundle.yaml"}) {
    const std::string p = in_dir(path, name);
    // The first one present, whatever it is: one that is not a regular file is refused when read.
    if (std::filesystem::exists(std::filesystem::symlink_status(p, ec))) return p;
  }
  throw InputError({path, 0, 0, ""}, "no databricks.yml in this directory");
}

Bundle load_bundle(const std::string& path, const BundleOptions& options) {
  const std::string file = bundle_root_file(path);
  auto sources = std::make_shared<BundleSources>(file);
  return with_sources(*sources, [&] { return read_bundle(sources, options); });
}

}  // namespace dbcost
