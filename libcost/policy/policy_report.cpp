#include "policy/policy_report.h"

#include <set>

#include "core/text_escape.h"

namespace dbcost {

TargetCheck check_target(const std::vector<Policy>& policies, const PolicyTarget& target,
                         const PolicyPricing& pricing) {
  const Policy& policy = policy_for(policies, target);
  PolicyPricing p = pricing;
  if (!p.cloud) p.cloud = target.cloud;
  TargetCheck out;
  out.target = target.name;
  SourceLocation where = target.where;
  where.field.clear();
  out.location = where.to_string();
  if (!out.location.empty() && out.location.back() == ':') out.location.pop_back();
  out.cluster_type = target.cluster_type;
  out.policy = policy.name;
  out.violations = check_policy(policy, target.spec, target.cluster_type, p);
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
  Table t({{"target"}, {"policy"}, {"path"}, {"rule"}, {"actual"}, {"message"}});
  for (const auto& c : checks)
    for (const auto& v : c.violations)
      t.add_row({c.target, c.policy, v.path, v.rule->describe(), v.actual_text(), v.message});
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
