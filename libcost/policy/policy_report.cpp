#include "policy/policy_report.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <set>

#include "core/text_escape.h"
#include "policy/cluster_attributes.h"

namespace dbcost {

namespace {

std::string location_text(SourceLocation where) {
  where.field.clear();
  std::string s = where.to_string();
  if (!s.empty() && s.back() == ':') s.pop_back();
  return s;
}

// The view at steps[i...] below `v`, or nullopt when the spec does not write it. (A YamlView is
// never assigned to: assigning a YAML::Node writes into the node it refers to.)
std::optional<YamlView> view_at(const YamlView& v, const std::vector<std::string>& steps, std::size_t i) {
  if (i == steps.size()) return v;
  const std::string& step = steps[i];
  if (v.is_map() && v.has(step)) return view_at(v[step], steps, i + 1);
  if (v.is_sequence() && !step.empty() && step.size() < 10 && std::all_of(step.begin(), step.end(), ::isdigit)) {
    const auto items = v.items();
    const std::size_t k = std::stoul(step);
    if (k < items.size()) return view_at(items[k], steps, i + 1);
  }
  return std::nullopt;
}

// Where the value at an attribute path stands in the spec, "" when it is not written there
// (missing, or computed such as dbus_per_hour).
std::string value_location(const PolicyTarget& target, const std::string& path) {
  const bool wrapped = target.spec.is_map() && target.spec.node().size() == 1 && target.spec.has("new_cluster");
  const auto v = view_at(wrapped ? target.spec["new_cluster"] : target.spec, split_path(path), 0);
  if (!v) return "";
  SourceLocation where = v->where();
  if (where.line == 0) return "";
  if (target.relocate) where = target.relocate(InputError(where, "")).where();
  return location_text(where);
}

}  // namespace

TargetCheck check_target(const std::vector<Policy>& policies, const PolicyTarget& target,
                         const PolicyPricing& pricing) {
  const Policy& policy = policy_for(policies, target);
  PolicyPricing p = pricing;
  if (!p.cloud) p.cloud = target.cloud;
  TargetCheck out;
  out.target = target.name;
  out.location = location_text(target.where);
  out.cluster_type = target.cluster_type;
  out.policy = policy.name;
  try {
    out.violations = check_policy(policy, target.spec, target.cluster_type, p);
  } catch (const InputError& e) {
    if (target.relocate) throw target.relocate(e);
    throw;
  }
  for (auto& v : out.violations) {
    v.location = value_location(target, v.path);
    if (v.location.empty()) v.location = out.location;
  }
  return out;
}

std::vector<TargetCheck> check_named_targets(const std::vector<Policy>& policies,
                                             const std::vector<PolicyTarget>& targets, const PolicyPricing& pricing) {
  std::vector<TargetCheck> out;
  for (const auto& t : targets)
    if (policy_named(policies, t.policy_id) != nullptr) out.push_back(check_target(policies, t, pricing));
  return out;
}

std::size_t violation_count(const std::vector<TargetCheck>& checks) {
  std::size_t n = 0;
  for (const auto& c : checks) n += c.violations.size();
  return n;
}

Table violations_table(const std::vector<TargetCheck>& checks) {
  Table t({{"target"}, {"policy"}, {"path"}, {"rule"}, {"actual"}, {"message"}, {"location"}});
  for (const auto& c : checks)
    for (const auto& v : c.violations)
      t.add_row({c.target, c.policy, v.path, v.rule->describe(), v.actual_text(), v.message, v.location});
  return t;
}

Json check_json(const std::vector<TargetCheck>& checks) {
  Json j = Json::object();
  j["violations"] = violation_count(checks);
  j["targets"] = Json::array();
  for (const auto& c : checks) {
    Json t = Json::object();
    t["target"] = c.target;
    t["location"] = c.location;
    t["cluster_type"] = c.cluster_type;
    t["policy"] = c.policy;
    t["violations"] = Json::array();
    for (const auto& v : c.violations) t["violations"].push_back(v.to_json());
    j["targets"].push_back(t);
  }
  return j;
}

std::string check_summary(const std::vector<TargetCheck>& checks) {
  std::set<std::string> policies;
  std::size_t failing = 0;
  for (const auto& c : checks) {
    policies.insert(c.policy);
    if (!c.violations.empty()) ++failing;
  }
  std::string names;
  for (const auto& p : policies) names += (names.empty() ? "" : ", ") + escape_controls(p);
  const std::size_t n = violation_count(checks);
  std::string out = std::to_string(checks.size()) + (checks.size() == 1 ? " cluster" : " clusters") +
                    " checked against " + (names.empty() ? "no policy" : names) + ": ";
  if (n == 0) return out + "no violations\n";
  return out + std::to_string(n) + (n == 1 ? " violation" : " violations") + " in " + std::to_string(failing) +
         (failing == 1 ? " cluster\n" : " clusters\n");
}

}  // namespace dbcost
