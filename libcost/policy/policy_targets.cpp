#include "policy/policy_targets.h"

#include <filesystem>
#include <stdexcept>

namespace dbcost {

PolicyTarget policy_target_at(const YamlView& cluster, std::string name, std::string cluster_type,
                              std::optional<Cloud> cloud) {
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

std::string key_or_index_of(const YamlView& item, const char* key, std::size_t index) {
  return item.has(key) ? item[key].as_string() : "#" + std::to_string(index);
}

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
            out.push_back(policy_target_at(clusters[i]["new_cluster"],
                                           job + "/" + key_or_index_of(clusters[i], "job_cluster_key", i), "job",
                                           cloud));
      }
      if (body.has("tasks")) {
        const auto tasks = body["tasks"].items();
        for (std::size_t i = 0; i < tasks.size(); ++i)
          if (tasks[i].has("new_cluster"))
            out.push_back(policy_target_at(tasks[i]["new_cluster"],
                                           job + "/" + key_or_index_of(tasks[i], "task_key", i), "job", cloud));
      }
    }
  }
  if (root.has("all_purpose_clusters")) {
    for (const auto& [name, body] : root["all_purpose_clusters"].entries())
      if (body.has("new_cluster")) out.push_back(policy_target_at(body["new_cluster"], name, "all-purpose", cloud));
  }
  return out;
}

std::vector<PolicyTarget> policy_targets_from_scenario(const std::string& path) {
  return policy_targets_from_view(YamlView::load(path));
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
