// Reads scenario YAML into a Scenario, every key validated (unknown keys are errors with a
// did-you-mean) and every error located (file:line:column: path: what was expected).
// A variant is a named override deep-merged over the base as bundle targets merge: mappings
// key by key, job_clusters by job_cluster_key, tasks by task_key, other lists replaced.
#pragma once

#include <string>
#include <vector>

#include "io/yaml_reader.h"
#include "workload/scenario.h"

namespace dbcost {

Scenario load_scenario(const std::string& path, const std::string& variant = "");
Scenario parse_scenario(const std::string& text, const std::string& file_name, const std::string& variant = "");
// Reading is a pipeline of steps (scenario_sections.h, one file per topic):
//  1. the variant, if one is named, merged over the base (its enforce_policy applied);
//  2. settings, period and pricing, then spot, assumptions, teams and the workloads: instance
//     pools, jobs, all-purpose clusters, SQL warehouses, serverless notebooks and pipelines;
//  3. the cluster policies checked (check_policies), once the scenario is read;
//  4. the notes on cloud defaults, the default region, the region's prices checked.
// The first error stops the reading.
Scenario read_scenario(const YamlView& root, const std::string& variant = "");
// Step 3: every classic cluster of `root` (the scenario as read, its variant merged) that names a
// policy_id in `policies:` is checked against that policy (scenario_policies.h), priced in the
// scenario's cloud, tier, given region and start: sc.policy_findings, and sc.policy_notes for a
// policy_id naming no entry.
void check_policies(const YamlView& root, Scenario& sc);
// Region-priced SKUs (serverless, SQL Pro) need a region: without one a scenario that uses them is
// priced in the cloud's reference region of the built-in book (eastus, us-east-1, us-central1),
// and its notes say so.
void default_region(Scenario& sc);

// Jobs API job keys a scenario (and a bundle) accepts without pricing them: name, description,
// notifications, timeouts, run_as, git_source, parameters, environments, permissions, ...
const std::vector<std::string>& job_meta_keys();

// Deep merge used for variants (exposed for tests).
YAML::Node merge_override(const YAML::Node& base, const YAML::Node& over);

}  // namespace dbcost
