#include "policy/policy_families.h"

#include <algorithm>

namespace dbcost {

Json PolicyFamily::document() const { return Json::parse(file_text); }

Json PolicyFamily::definition() const { return document().at("definition"); }

const std::vector<PolicyFamily>& policy_families() {
  // Copies of scenarios/policies/families/<id>.json (tests/policy/policy_families_test.cpp keeps them equal).
  static const std::vector<PolicyFamily> families = {
      {"personal-vm", "Personal Compute", R"json({
  "policy_family_id": "personal-vm",
  "name": "Personal Compute",
  "description": "Single-node all-purpose compute for one user: no workers, Spark in local mode, single-user access, the latest ML runtime by default, terminated after 72 hours.",
  "definition": {
    "cluster_type": {"type": "fixed", "value": "all-purpose"},
    "num_workers": {"type": "fixed", "value": 0, "hidden": true},
    "spark_conf.spark.databricks.cluster.profile": {"type": "fixed", "value": "singleNode", "hidden": true},
    "custom_tags.ResourceClass": {"type": "fixed", "value": "SingleNode", "hidden": true},
    "data_security_mode": {"type": "fixed", "value": "SINGLE_USER", "hidden": true},
    "spark_version": {"type": "unlimited", "defaultValue": "auto:latest-ml"},
    "autotermination_minutes": {"type": "fixed", "value": 4320, "hidden": true}
  }
}
)json"},
      {"shared-compute", "Shared Compute", R"json({
  "policy_family_id": "shared-compute",
  "name": "Shared Compute",
  "description": "Multi-node all-purpose compute shared by several users: shared (user isolation) access, the latest LTS runtime by default.",
  "definition": {
    "cluster_type": {"type": "fixed", "value": "all-purpose"},
    "data_security_mode": {"type": "fixed", "value": "USER_ISOLATION", "hidden": true},
    "spark_version": {"type": "unlimited", "defaultValue": "auto:latest-lts"}
  }
}
)json"},
      {"power-user", "Power User Compute", R"json({
  "policy_family_id": "power-user",
  "name": "Power User Compute",
  "description": "Multi-node all-purpose compute for one user who needs more than Personal Compute: single-user access, the latest ML runtime by default.",
  "definition": {
    "cluster_type": {"type": "fixed", "value": "all-purpose"},
    "data_security_mode": {"type": "fixed", "value": "SINGLE_USER", "hidden": true},
    "spark_version": {"type": "unlimited", "defaultValue": "auto:latest-ml"}
  }
}
)json"},
      {"job-cluster", "Job Compute", R"json({
  "policy_family_id": "job-cluster",
  "name": "Job Compute",
  "description": "General-purpose job compute: job clusters only, the latest LTS runtime by default.",
  "definition": {
    "cluster_type": {"type": "fixed", "value": "job"},
    "spark_version": {"type": "unlimited", "defaultValue": "auto:latest-lts"}
  }
}
)json"},
      {"shared-data-science", "Legacy Shared Compute", R"json({
  "policy_family_id": "shared-data-science",
  "name": "Legacy Shared Compute",
  "description": "All-purpose compute shared without Unity Catalog isolation (no-isolation shared access), for workspaces without Unity Catalog.",
  "definition": {
    "cluster_type": {"type": "fixed", "value": "all-purpose"},
    "data_security_mode": {"type": "fixed", "value": "NONE", "hidden": true},
    "spark_version": {"type": "unlimited", "defaultValue": "auto:latest-lts"}
  }
}
)json"},
  };
  return families;
}

const PolicyFamily& policy_family(const std::string& id, const SourceLocation& where) {
  const auto& all = policy_families();
  const auto it = std::find_if(all.begin(), all.end(), [&](const PolicyFamily& f) { return f.policy_family_id == id; });
  if (it != all.end()) return *it;
  std::vector<std::string> ids;
  std::string list;
  for (const auto& f : all) {
    ids.push_back(f.policy_family_id);
    list += (list.empty() ? "" : ", ") + f.policy_family_id;
  }
  throw InputError(where, "unknown policy family '" + id + "'" + did_you_mean(id, ids) + "; dbcost knows " + list);
}

}  // namespace dbcost
