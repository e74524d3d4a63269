#include "bundle/default_node_type.h"

#include <functional>

#include "bundle/config_merge.h"

namespace dbcost {

namespace {

using Fill = std::function<YAML::Node(const YAML::Node&, const std::string&)>;

// Every container changed is built anew: assigning to a YAML::Node would write into the
// bundle's own tree.
// `map` with fill applied to the value of `key` (path for notes), when it has one.
YAML::Node at_key(const YAML::Node& map, const std::string& key, const std::string& path, const Fill& fill) {
  const YAML::Node value = child(map, key);
  if (!value.IsDefined() || value.IsNull()) return map;
  return with_key(map, key, fill(value, path + "." + key));
}

// `list` with fill applied to every item.
YAML::Node each_item(const YAML::Node& list, const std::string& path, const Fill& fill) {
  if (!list.IsSequence()) return list;
  YAML::Node out(YAML::NodeType::Sequence);
  for (std::size_t i = 0; i < list.size(); ++i) out.push_back(fill(list[i], path + "[" + std::to_string(i) + "]"));
  return out;
}

// `map` with fill applied to every entry's value.
YAML::Node each_entry(const YAML::Node& map, const std::string& path, const Fill& fill) {
  if (!map.IsMap()) return map;
  YAML::Node out(YAML::NodeType::Map);
  for (auto it = map.begin(); it != map.end(); ++it)
    out.force_insert(it->first, fill(it->second, path + "." + it->first.Scalar()));
  return out;
}

}  // namespace

YAML::Node with_default_node_type(const YAML::Node& resources, const std::string& node_type,
                                  const BundleSources& sources, std::vector<std::string>& notes) {
  if (node_type.empty() || !resources.IsMap()) return resources;
  const Fill cluster = [&](const YAML::Node& c, const std::string& path) -> YAML::Node {
    if (!c.IsMap() || child(c, "node_type_id").IsDefined() || child(c, "instance_pool_id").IsDefined()) return c;
    notes.push_back(sources.note_at(sources.view(c, path), "names no node_type_id: priced on the default node type " +
                                                               node_type + " (--default-node-type)"));
    const YAML::Node at = c.size() > 0 ? c.begin()->first : c;  // built mappings have no position of their own
    return with_key(c, "node_type_id", sources.scalar_at(node_type, at));
  };
  const Fill new_cluster = [&](const YAML::Node& holder, const std::string& path) {
    return at_key(holder, "new_cluster", path, cluster);
  };
  const Fill task = [&](const YAML::Node& t, const std::string& path) {
    const YAML::Node own = new_cluster(t, path);
    return at_key(own, "for_each_task", path,
                  [&](const YAML::Node& fe, const std::string& p) { return at_key(fe, "task", p, new_cluster); });
  };
  const Fill job = [&](const YAML::Node& j, const std::string& path) {
    const YAML::Node clusters = at_key(j, "job_clusters", path, [&](const YAML::Node& l, const std::string& p) {
      return each_item(l, p, new_cluster);
    });
    return at_key(clusters, "tasks", path,
                  [&](const YAML::Node& l, const std::string& p) { return each_item(l, p, task); });
  };
  const Fill pipeline = [&](const YAML::Node& p, const std::string& path) {
    return at_key(p, "clusters", path,
                  [&](const YAML::Node& l, const std::string& q) { return each_item(l, q, cluster); });
  };
  const YAML::Node jobs_filled = at_key(
      resources, "jobs", "resources", [&](const YAML::Node& m, const std::string& p) { return each_entry(m, p, job); });
  const YAML::Node pipelines_filled =
      at_key(jobs_filled, "pipelines", "resources",
             [&](const YAML::Node& m, const std::string& p) { return each_entry(m, p, pipeline); });
  return at_key(pipelines_filled, "clusters", "resources",
                [&](const YAML::Node& m, const std::string& p) { return each_entry(m, p, cluster); });
}

}  // namespace dbcost
