// A resolved bundle's jobs at a glance: team, what starts them, and the compute they use, as
// short text for listings (dbcost.Bundle.jobs) and report columns.
//   trigger: "cron 0 0 2 * * ? Europe/Paris", "every 1 HOURS", "table update", "file arrival",
//            "continuous", "manual"; " (paused)" when the block's pause_status is PAUSED
//   clusters: "etl: Standard_D8s_v3 x4 photon spot; publish: serverless", autoscale as x2-8
#pragma once

#include <string>
#include <vector>

#include "bundle/bundle.h"

namespace dbcost {

struct BundleJobInfo {
  std::string name;
  std::string team;
  std::string trigger;
  bool paused = false;
  std::string clusters;
  std::vector<std::string> tasks;
};

std::vector<BundleJobInfo> bundle_jobs(const Bundle& bundle, const std::string& team_tag = "team");
std::string trigger_text(const YAML::Node& job, bool* paused = nullptr);
std::string cluster_text(const YAML::Node& new_cluster);
// A task that needs no compute of its own: a condition, run_job, pipeline, sql, dashboard or
// Power BI task without cluster or environment keys. Its cost is its target's.
bool is_control_task(const YAML::Node& task);
// The node holding a task's compute keys: the task, or the task its for_each_task repeats.
YAML::Node compute_of(const YAML::Node& task);

}  // namespace dbcost
