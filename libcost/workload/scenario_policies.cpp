#include "workload/scenario_policies.h"

#include <filesystem>

#include "core/errors.h"
#include "policy/cluster_attributes.h"
#include "policy/policy_apply.h"
#include "policy/policy_check.h"
#include "policy/policy_targets.h"

namespace dbcost {

namespace {

std::string location_text(const SourceLocation& where) {
  std::string s = where.file;
  if (where.line > 0) s += ":" + std::to_string(where.line) + ":" + std::to_string(where.column);
  return s;
}

// What to merge over `before` to get `after`: `after`'s values, nested mappings recursively, and a
// null for each key `after` dropped (merge_override deletes a key overridden by null).
YAML::Node override_of(const Json& before, const Json& after) {
  if (!before.is_object() || !after.is_object()) return YAML::Load(after.dump());
  YAML::Node out(YAML::NodeType::Map);
  for (const auto& [key, value] : after.items()) {
    const auto old = before.find(key);
    if (old != before.end() && *old == value) continue;
    out[key] = old != before.end() ? override_of(*old, value) : YAML::Load(value.dump());
  }
  for (const auto& [key, value] : before.items())
    if (!after.contains(key)) out[key] = YAML::Node(YAML::NodeType::Null);
  return out;
}

// "jobs/<job>/job_clusters" and the key of the item, from a target's name and YAML path.
struct TargetPlace {
  std::string job;       // "" for an all-purpose cluster
  std::string list;      // job_clusters or tasks
  std::string key_name;  // job_cluster_key or task_key
  std::string key;
};

TargetPlace place_of(const PolicyTarget& t) {
  TargetPlace p;
  const std::string& path = t.where.field;
  if (t.cluster_type == "all-purpose") {
    p.key = t.name;
    return p;
  }
  const auto slash = t.name.find('/');
  p.job = t.name.substr(0, slash);
  p.key = t.name.substr(slash + 1);
  const bool job_cluster = path.find(".job_clusters[") != std::string::npos;
  p.list = job_cluster ? "job_clusters" : "tasks";
  p.key_name = job_cluster ? "job_cluster_key" : "task_key";
  return p;
}

}  // namespace

std::map<std::string, Policy> load_scenario_policies(const YamlView& root) {
  std::map<std::string, Policy> out;
  if (!root.has("policies")) return out;
  const YamlView policies = root["policies"];
  policies.expect_map();
  const std::filesystem::path dir = std::filesystem::path(root.file()).parent_path();
  for (const auto& [name, file] : policies.entries()) {
    const std::string given = file.as_string();
    const std::filesystem::path path =
        std::filesystem::path(given).is_absolute() ? std::filesystem::path(given) : dir / given;
    if (!std::filesystem::is_regular_file(path)) file.fail("no policy file '" + path.string() + "'");
    Policy p = load_policy(path.string());
    p.name = name;
    out.emplace(name, std::move(p));
  }
  return out;
}

std::vector<PolicyFinding> check_scenario_policies(const YamlView& root, const std::map<std::string, Policy>& policies,
                                                   const PolicyPricing& pricing, std::vector<std::string>& notes) {
  std::vector<PolicyFinding> out;
  for (const auto& t : policy_targets_from_view(root)) {
    if (t.policy_id.empty()) continue;
    const auto it = policies.find(t.policy_id);
    if (it == policies.end()) {
      notes.push_back(t.name + ": policy_id '" + t.policy_id + "' is not in policies:, so it is not checked");
      continue;
    }
    for (const auto& v : check_policy(it->second, t.spec, t.cluster_type, pricing))
      out.push_back({t.name, location_text(t.where), it->first, v.path, v.actual_text(), v.message});
  }
  return out;
}

YAML::Node enforcement_override(const YamlView& root, const Policy& policy, const std::string& name,
                                const PolicyPricing& pricing, std::vector<std::string>& notes) {
  YAML::Node out(YAML::NodeType::Map);
  for (const auto& t : policy_targets_from_view(root)) {
    const Json before = cluster_json(t.spec);
    const AppliedSpec enforced = enforce_policy(policy, before, t.cluster_type, pricing);
    if (enforced.changes.empty()) continue;
    Json after = enforced.spec;
    after["policy_id"] = name;  // so what could not be enforced is checked as a finding
    const TargetPlace p = place_of(t);
    if (p.key.rfind('#', 0) == 0) {
      notes.push_back(t.name + ": not enforced (a " + p.key_name + " is needed to name it in an override)");
      continue;
    }
    YAML::Node item(YAML::NodeType::Map);
    item["new_cluster"] = override_of(before, after);
    if (p.job.empty()) {
      out["all_purpose_clusters"][p.key] = item;
    } else {
      item[p.key_name] = p.key;
      out["jobs"][p.job][p.list].push_back(item);
    }
    std::string changed;
    for (const auto& c : enforced.changes) changed += (changed.empty() ? "" : ", ") + c.path;
    notes.push_back(t.name + ": " + name + " enforced (" + changed + ")");
  }
  return out;
}

}  // namespace dbcost
