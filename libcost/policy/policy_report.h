// `dbcost policy check`: the violations of every cluster checked, as a table or JSON.
// Columns: target, policy, path, rule, actual, message ("missing" for an absent attribute).
// JSON keys are documented in docs/policy.md.
#pragma once

#include <string>
#include <vector>

#include "io/table.h"
#include "policy/policy_check.h"
#include "policy/policy_targets.h"

namespace dbcost {

struct TargetCheck {
  std::string target;
  std::string location;  // file:line:column of the cluster mapping
  std::string cluster_type;
  std::string policy;
  std::vector<Violation> violations;  // rules point into the Policy checked against
};

TargetCheck check_target(const std::vector<Policy>& policies, const PolicyTarget& target, const PolicyPricing& pricing);
// Only the targets whose policy_id names one of `policies` (policy_named), each against that policy.
std::vector<TargetCheck> check_named_targets(const std::vector<Policy>& policies,
                                             const std::vector<PolicyTarget>& targets, const PolicyPricing& pricing);

std::size_t violation_count(const std::vector<TargetCheck>& checks);
Table violations_table(const std::vector<TargetCheck>& checks);
Json check_json(const std::vector<TargetCheck>& checks);
// One line: how many clusters were checked and how many violations were found.
std::string check_summary(const std::vector<TargetCheck>& checks);

}  // namespace dbcost
