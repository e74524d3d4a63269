#include "bundle/config_merge.h"

#include <algorithm>
#include <cctype>
#include <functional>
#include <optional>

namespace dbcost {
namespace {

bool absent(const YAML::Node& n) { return !n.IsDefined() || n.IsNull(); }

std::string kind_name(const YAML::Node& n) { return n.IsMap() ? "a mapping" : n.IsSequence() ? "a list" : "a value"; }

using KeyOf = std::function<std::optional<std::string>(const YAML::Node&)>;

YAML::Node merge_items(const YAML::Node& items, const KeyOf& key_of, const BundleSources& sources,
                       const std::string& path) {
  if (!items.IsSequence()) return items;
  // std::optional::emplace, never Node assignment: assigning a node writes through to its source.
  std::vector<std::string> keys;
  std::vector<std::optional<YAML::Node>> merged;
  for (const auto& item : items) {
    const auto key = key_of(item);
    const auto it = key ? std::find(keys.begin(), keys.end(), *key) : keys.end();
    if (key && it != keys.end()) {
      auto& target = merged[static_cast<std::size_t>(it - keys.begin())];
      target.emplace(merge_config(*target, item, sources, path));
    } else {
      keys.push_back(key ? *key : std::string("\x01") + std::to_string(merged.size()));
      merged.emplace_back(item);
    }
  }
  YAML::Node out(YAML::NodeType::Sequence);
  for (const auto& m : merged) out.push_back(*m);
  return out;
}

KeyOf scalar_key(const std::string& field) {
  return [field](const YAML::Node& n) -> std::optional<std::string> {
    if (!n.IsMap() || !n[field].IsDefined() || !n[field].IsScalar()) return std::nullopt;
    return n[field].Scalar();
  };
}

std::optional<std::string> pipeline_cluster_label(const YAML::Node& n) {
  if (!n.IsMap()) return std::nullopt;
  std::string label = n["label"].IsDefined() && n["label"].IsScalar() ? n["label"].Scalar() : "default";
  for (auto& c : label) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return label;
}

// Applies `f` to every entry of resources.<group>, rebuilding the containers.
YAML::Node map_group(const YAML::Node& resources, const std::string& group,
                     const std::function<YAML::Node(const std::string&, const YAML::Node&)>& f) {
  const YAML::Node source = child(resources, group);
  if (!source.IsMap()) return resources;
  YAML::Node entries(YAML::NodeType::Map);
  for (auto it = source.begin(); it != source.end(); ++it)
    entries.force_insert(it->first, f(it->first.Scalar(), it->second));
  return with_key(resources, group, entries);
}

}  // namespace

YAML::Node merge_config(const YAML::Node& base, const YAML::Node& over, const BundleSources& sources,
                        const std::string& path) {
  if (absent(base)) return absent(over) ? base : over;
  if (absent(over)) return base;
  if (base.IsMap() && over.IsMap()) {
    YAML::Node out(YAML::NodeType::Map);
    for (auto it = base.begin(); it != base.end(); ++it) {
      const std::string k = it->first.Scalar();
      const YAML::Node o = over[k];
      out.force_insert(it->first, o.IsDefined()
                                      ? merge_config(it->second, o, sources, path.empty() ? k : path + "." + k)
                                      : it->second);
    }
    for (auto it = over.begin(); it != over.end(); ++it)
      if (!base[it->first.Scalar()].IsDefined()) out.force_insert(it->first, it->second);
    return out;
  }
  if (base.IsSequence() && over.IsSequence()) {
    YAML::Node out(YAML::NodeType::Sequence);
    for (const auto& n : base) out.push_back(n);
    for (const auto& n : over) out.push_back(n);
    return out;
  }
  if (base.IsScalar() && over.IsScalar()) return over;
  sources.view(over, path)
      .fail("cannot merge " + kind_name(over) + " over " + kind_name(base) + " (defined at " +
            sources.view(base, path).where().to_string() + ")");
}

YAML::Node merge_keyed_items(const YAML::Node& resources, const BundleSources& sources) {
  YAML::Node out = map_group(resources, "jobs", [&](const std::string& name, const YAML::Node& job) {
    if (!job.IsMap()) return job;
    const std::string base = "resources.jobs." + name;
    const YAML::Node clusters =
        child(job, "job_clusters").IsDefined()
            ? with_key(job, "job_clusters",
                       merge_items(job["job_clusters"], scalar_key("job_cluster_key"), sources, base + ".job_clusters"))
            : job;
    return child(job, "tasks").IsDefined()
               ? with_key(clusters, "tasks",
                          merge_items(job["tasks"], scalar_key("task_key"), sources, base + ".tasks"))
               : clusters;
  });
  return map_group(out, "pipelines", [&](const std::string& name, const YAML::Node& p) {
    if (!child(p, "clusters").IsDefined()) return p;
    return with_key(
        p, "clusters",
        merge_items(p["clusters"], pipeline_cluster_label, sources, "resources.pipelines." + name + ".clusters"));
  });
}

YAML::Node child(const YAML::Node& node, const std::string& key) {
  if (!node.IsDefined() || !node.IsMap()) return YAML::Node(YAML::NodeType::Undefined);
  const YAML::Node c = node[key];
  return c.IsDefined() ? c : YAML::Node(YAML::NodeType::Undefined);
}

YAML::Node child(const YAML::Node& node, std::initializer_list<const char*> keys) {
  std::optional<YAML::Node> at;
  at.emplace(node);
  for (const char* k : keys) at.emplace(child(*at, k));
  return *at;
}

YAML::Node with_key(const YAML::Node& map, const std::string& key, const YAML::Node& value) {
  YAML::Node out(YAML::NodeType::Map);
  bool replaced = false;
  if (map.IsMap())
    for (auto it = map.begin(); it != map.end(); ++it) {
      if (it->first.Scalar() == key) {
        out.force_insert(it->first, value);
        replaced = true;
      } else {
        out.force_insert(it->first, it->second);
      }
    }
  if (!replaced) out.force_insert(key, value);
  return out;
}

YAML::Node without_key(const YAML::Node& map, const std::string& key) {
  YAML::Node out(YAML::NodeType::Map);
  if (map.IsMap())
    for (auto it = map.begin(); it != map.end(); ++it)
      if (it->first.Scalar() != key) out.force_insert(it->first, it->second);
  return out;
}

YAML::Node pick_keys(const YAML::Node& map, const std::vector<std::string>& keys) {
  YAML::Node out(YAML::NodeType::Map);
  if (map.IsMap())
    for (auto it = map.begin(); it != map.end(); ++it)
      if (std::find(keys.begin(), keys.end(), it->first.Scalar()) != keys.end())
        out.force_insert(it->first, it->second);
  return out;
}

}  // namespace dbcost
