#include "bundle/bundle_jobs.h"

#include "bundle/config_merge.h"

namespace dbcost {
namespace {

std::string scalar(const YAML::Node& n, const std::string& fallback = "") {
  return n.IsDefined() && n.IsScalar() ? n.Scalar() : fallback;
}

bool is_paused(const YAML::Node& block) { return scalar(child(block, "pause_status")) == "PAUSED"; }

// The compute keys of a task, or of the task a for_each_task repeats.
}  // namespace

bool is_control_task(const YAML::Node& task) {
  for (const char* k : {"job_cluster_key", "new_cluster", "existing_cluster_id", "environment_key"})
    if (child(task, k).IsDefined()) return false;
  for (const char* k :
       {"condition_task", "run_job_task", "pipeline_task", "sql_task", "dashboard_task", "power_bi_task"})
    if (child(task, k).IsDefined()) return true;
  return false;
}

YAML::Node compute_of(const YAML::Node& task) {
  for (const char* k : {"job_cluster_key", "new_cluster", "existing_cluster_id"})
    if (child(task, k).IsDefined()) return task;
  const YAML::Node inner = child(task, {"for_each_task", "task"});
  if (inner.IsMap()) return inner;
  return task;
}

std::string trigger_text(const YAML::Node& job, bool* paused) {
  std::string text = "manual";
  bool p = false;
  const YAML::Node schedule = child(job, "schedule");
  const YAML::Node trigger = child(job, "trigger");
  if (schedule.IsMap()) {
    text = "cron " + scalar(child(schedule, "quartz_cron_expression")) + " " + scalar(child(schedule, "timezone_id"));
    p = is_paused(schedule);
  } else if (trigger.IsMap()) {
    if (child(trigger, "periodic").IsMap())
      text = "every " + scalar(child(trigger, {"periodic", "interval"})) + " " +
             scalar(child(trigger, {"periodic", "unit"}));
    else if (child(trigger, "table_update").IsDefined())
      text = "table update";
    else if (child(trigger, "file_arrival").IsDefined())
      text = "file arrival";
    else
      text = "trigger";
    p = is_paused(trigger);
  } else if (child(job, "continuous").IsDefined()) {
    text = "continuous";
    p = is_paused(child(job, "continuous"));
  }
  if (paused) *paused = p;
  return p ? text + " (paused)" : text;
}

std::string cluster_text(const YAML::Node& c) {
  if (!c.IsMap()) return "";
  std::string text = scalar(child(c, "node_type_id"), scalar(child(c, "instance_pool_id"), "?"));
  if (scalar(child(c, "is_single_node")) == "true") {
    text += " single node";
  } else if (child(c, "autoscale").IsMap()) {
    text += " x" + scalar(child(c, {"autoscale", "min_workers"}), "?") + "-" +
            scalar(child(c, {"autoscale", "max_workers"}), "?");
  } else {
    text += " x" + scalar(child(c, "num_workers"), "0");
  }
  const std::string engine = scalar(child(c, "runtime_engine"));
  if (engine == "PHOTON" ||
      ((engine.empty() || engine == "NULL") && scalar(child(c, "spark_version")).find("-photon-") != std::string::npos))
    text += " photon";
  for (const char* block : {"azure_attributes", "aws_attributes", "gcp_attributes"}) {
    const std::string a = scalar(child(c, {block, "availability"}));
    if (a.rfind("SPOT", 0) == 0 || a.rfind("PREEMPTIBLE", 0) == 0) text += " spot";
  }
  return text;
}

std::vector<BundleJobInfo> bundle_jobs(const Bundle& bundle, const std::string& team_tag) {
  std::vector<BundleJobInfo> out;
  const YAML::Node jobs = child(bundle.resources, "jobs");
  if (!jobs.IsMap()) return out;
  for (auto it = jobs.begin(); it != jobs.end(); ++it) {
    const YAML::Node job = it->second;
    BundleJobInfo info;
    info.name = it->first.Scalar();
    info.team = scalar(child(child(job, "tags"), team_tag), "(untagged)");
    info.trigger = trigger_text(job, &info.paused);
    std::vector<std::string> parts;
    if (child(job, "job_clusters").IsSequence())
      for (const auto& jc : child(job, "job_clusters"))
        parts.push_back(scalar(child(jc, "job_cluster_key")) + ": " + cluster_text(child(jc, "new_cluster")));
    bool serverless = false;
    if (child(job, "tasks").IsSequence())
      for (const auto& t : child(job, "tasks")) {
        const std::string key = scalar(child(t, "task_key"));
        info.tasks.push_back(key);
        const YAML::Node c = compute_of(t);
        if (child(c, "new_cluster").IsMap())
          parts.push_back(key + ": " + cluster_text(child(c, "new_cluster")));
        else if (child(c, "existing_cluster_id").IsDefined())
          parts.push_back(key + ": existing " + scalar(child(c, "existing_cluster_id")));
        else if (!child(c, "job_cluster_key").IsDefined() && !is_control_task(t))
          serverless = true;
      }
    if (serverless) parts.push_back("serverless");
    for (const auto& p : parts) info.clusters += (info.clusters.empty() ? "" : "; ") + p;
    out.push_back(std::move(info));
  }
  return out;
}

}  // namespace dbcost
