// One violation of a cluster policy by a named cluster of a scenario or bundle: where its
// new_cluster is, which policy, which attribute, and the value found.
#pragma once

#include <string>

namespace dbcost {

// One violation of a cluster policy by a scenario cluster.
struct PolicyFinding {
  std::string cluster;   // <job>/<job_cluster_key or task_key>, or the all-purpose cluster's name
  std::string location;  // file:line:column of its new_cluster
  std::string policy;    // the name in `policies:`
  std::string path;      // the attribute
  std::string actual;    // the value found, or "missing"
  std::string message;
};

}  // namespace dbcost
