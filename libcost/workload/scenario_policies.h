// Cluster policies inside a scenario (docs/scenario.md, "Cluster policies"):
//  - `policies: {NAME: FILE}` names policy JSON files, relative to the scenario's directory. A
//    classic cluster (job cluster, task new_cluster, all-purpose cluster) whose new_cluster sets
//    `policy_id: NAME` is checked against that policy once the scenario is read (check_policies,
//    a step of read_scenario in scenario_reader.h); every violation is a PolicyFinding, which
//    `dbcost run` reports (exit 1). A policy_id naming no entry is a note.
//  - a variant's `enforce_policy: NAME` puts every classic cluster of the variant under that
//    policy: each new_cluster becomes the nearest spec the policy accepts (enforce_policy in
//    policy_apply.h: defaults, fixed values, clamps, the dbus_per_hour ceiling), so `dbcost
//    compare` prices what enforcing it saves or costs. The change is written as a variant override
//    (unchanged values keep their file positions); what cannot be enforced stays a finding.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "io/yaml_reader.h"
#include "policy/policy_definition.h"
#include "policy/virtual_attributes.h"
#include "workload/scenario.h"

namespace dbcost {

// root["policies"], each file loaded; empty without the key.
std::map<std::string, Policy> load_scenario_policies(const YamlView& root);

std::vector<PolicyFinding> check_scenario_policies(const YamlView& root, const std::map<std::string, Policy>& policies,
                                                   const PolicyPricing& pricing, std::vector<std::string>& notes);

// The override that enforces `policy` on every classic cluster of `root` (to merge over it with
// merge_override); `notes` gets one line per cluster changed.
YAML::Node enforcement_override(const YamlView& root, const Policy& policy, const std::string& name,
                                const PolicyPricing& pricing, std::vector<std::string>& notes);

}  // namespace dbcost
