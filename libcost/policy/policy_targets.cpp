#include "policy/policy_targets.h"

#include <filesystem>
#include <stdexcept>

#include "policy/virtual_attributes.h"

namespace dbcost {

namespace {

PolicyTarget target(const YamlView& cluster, std::string name, std::string cluster_type, std::optional<Cloud> cloud) {
  cluster.expect_map();
  PolicyTarget t;
  t.name = std::move(name);
  t.cluster_type = std::move(cluster_type);
  t.policy_id = cluster.has("policy_id") ? cluster["policy_id"].as_string() : "";
  t.cloud = cloud;
  t.where = cluster.where();
  t.spec = cluster;
  return t;
}

std::string key_or_index(const YamlView& item, const char* key, std::size_t index) {
  return item.has(key) ? item[key].as_string() : "#" + std::to_string(index);
}

}  // namespace

bool is_scenario(const YamlView& root) {
  if (!root.is_map()) return false;
  for (const char* key : {"jobs", "all_purpose_clusters", "period", "sql_warehouses", "instance_pools", "scenario"})
    if (root.has(key)) return true;
  return false;
}

std::vector<PolicyTarget> policy_targets_from_view(const YamlView& root) {
  root.expect_map();
  std::optional<Cloud> cloud;
  if (root.has("cloud")) {
    const auto c = root["cloud"];
    try {
      cloud = parse_cloud(c.as_string());
    } catch (const std::invalid_argument&) {
      c.fail("expected azure, aws or gcp, got '" + c.as_string() + "'");
    }
  }
  std::vector<PolicyTarget> out;
  if (root.has("jobs")) {
    for (const auto& [job, body] : root["jobs"].entries()) {
      if (body.has("job_clusters")) {
        const auto clusters = body["job_clusters"].items();
        for (std::size_t i = 0; i < clusters.size(); ++i)
          if (clusters[i].has("new_cluster"))
            out.push_back(target(clusters[i]["new_cluster"],
                                 job + "/" + key_or_index(clusters[i], "job_cluster_key", i), "job", cloud));
      }
      if (body.has("tasks")) {
        const auto tasks = body["tasks"].items();
        for (std::size_t i = 0; i < tasks.size(); ++i)
          if (tasks[i].has("new_cluster"))
            out.push_back(
                target(tasks[i]["new_cluster"], job + "/" + key_or_index(tasks[i], "task_key", i), "job", cloud));
      }
    }
  }
  if (root.has("all_purpose_clusters")) {
    for (const auto& [name, body] : root["all_purpose_clusters"].entries())
      if (body.has("new_cluster")) out.push_back(target(body["new_cluster"], name, "all-purpose", cloud));
  }
  return out;
}

std::vector<PolicyTarget> policy_targets_from_bundle(const Bundle& bundle) {
  const YamlView resources = bundle.resources_view();
  std::vector<PolicyTarget> out;
  if (!resources.is_map()) return out;
  if (resources.has("jobs")) {
    YAML::Node jobs_only(YAML::NodeType::Map);
    jobs_only["jobs"] = resources["jobs"].node();
    for (auto& t : policy_targets_from_view(
             YamlView(std::make_shared<const std::string>(resources.file()), jobs_only, "resources")))
      out.push_back(std::move(t));
  }
  if (resources.has("clusters"))
    for (const auto& [name, spec] : resources["clusters"].entries())
      out.push_back(target(spec, name, "all-purpose", std::nullopt));
  if (resources.has("pipelines"))
    for (const auto& [name, body] : resources["pipelines"].entries())
      if (body.has("clusters")) {
        const auto clusters = body["clusters"].items();
        for (std::size_t i = 0; i < clusters.size(); ++i) {
          const YamlView& c = clusters[i];
          c.expect_map();
          // The cluster without what only pipelines have: its label and autoscale.mode (ENHANCED, LEGACY).
          YAML::Node spec(YAML::NodeType::Map);
          for (auto it = c.node().begin(); it != c.node().end(); ++it) {
            const std::string key = it->first.Scalar();
            if (key == "label") continue;
            if (key == "autoscale" && it->second.IsMap() && it->second["mode"]) {
              YAML::Node autoscale(YAML::NodeType::Map);
              for (auto a = it->second.begin(); a != it->second.end(); ++a)
                if (a->first.Scalar() != "mode") autoscale.force_insert(a->first, a->second);
              spec.force_insert(it->first, autoscale);
              continue;
            }
            spec.force_insert(it->first, it->second);
          }
          PolicyTarget t = target(YamlView(std::make_shared<const std::string>(c.file()), spec, c.path()),
                                  name + "/" + key_or_index(c, "label", i), "dlt", std::nullopt);
          t.where = c.where();
          out.push_back(std::move(t));
        }
      }
  return out;
}

bool is_bundle(const std::string& path) {
  if (std::filesystem::is_directory(path)) return true;
  const std::string file = std::filesystem::path(path).filename().string();
  if (file == "databricks.yml" || file == "databricks.yaml") return true;
  const YamlView root = YamlView::load(path);
  return root.is_map() && root.has("bundle") && !is_scenario(root);
}

std::vector<PolicyTarget> policy_targets_from_scenario(const std::string& path) {
  return policy_targets_from_view(YamlView::load(path));
}

std::vector<PolicyTarget> load_policy_targets(const std::string& path, const std::string& cluster_type,
                                              const BundleOptions& bundle_options) {
  check_cluster_type(cluster_type);
  if (is_bundle(path)) return policy_targets_from_bundle(load_bundle(path, bundle_options));
  const YamlView root = YamlView::load(path);
  if (is_scenario(root)) return policy_targets_from_view(root);
  root.expect_map();
  const YamlView spec = root.has("new_cluster") && root.node().size() == 1 ? root["new_cluster"] : root;
  return {target(spec, path, cluster_type, std::nullopt)};
}

const Policy* policy_named(const std::vector<Policy>& policies, const std::string& policy_id) {
  if (policy_id.empty()) return nullptr;
  for (const auto& p : policies)
    if (p.policy_id == policy_id || p.name == policy_id ||
        (!p.file.empty() && std::filesystem::path(p.file).stem().string() == policy_id))
      return &p;
  return nullptr;
}

const Policy& policy_for(const std::vector<Policy>& policies, const PolicyTarget& target) {
  if (policies.empty()) throw std::invalid_argument("policy_for: no policies");
  const Policy* named = policy_named(policies, target.policy_id);
  return named ? *named : policies.front();
}

}  // namespace dbcost
