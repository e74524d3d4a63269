// jobs: triggers, job clusters and tasks (their compute, serverless rate and runtime), in
// depends_on order.
#include "workload/scenario_sections.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "workload/scenario_reader.h"

namespace dbcost::scenario_read {
namespace {

constexpr double kMaxRuntimeMinutes = 1e6;

const std::vector<std::string> kTaskPayloadKeys = {"notebook_task",
                                                   "spark_python_task",
                                                   "python_wheel_task",
                                                   "sql_task",
                                                   "dbt_task",
                                                   "pipeline_task",
                                                   "run_job_task",
                                                   "spark_jar_task",
                                                   "spark_submit_task",
                                                   "condition_task",
                                                   "for_each_task",
                                                   "libraries",
                                                   "timeout_seconds",
                                                   "description",
                                                   "email_notifications",
                                                   "run_if",
                                                   "min_retry_interval_millis",
                                                   "retry_on_timeout",
                                                   "health",
                                                   "notification_settings",
                                                   "webhook_notifications",
                                                   "disable_auto_optimization",
                                                   "clean_rooms_notebook_task",
                                                   "dashboard_task",
                                                   "power_bi_task",
                                                   "gen_ai_compute_task"};

// schedule: {quartz_cron_expression, timezone_id, pause_status}
void read_cron_schedule(const YamlView& s, JobWorkload& w) {
  s.check_keys({"quartz_cron_expression", "timezone_id", "pause_status"});
  if (!s.has("quartz_cron_expression")) s.fail("missing quartz_cron_expression");
  if (!s.has("timezone_id")) s.fail("missing timezone_id (a Java time-zone id such as UTC or Europe/Paris)");
  w.trigger = TriggerKind::Cron;
  w.cron = read_cron(s["quartz_cron_expression"]);
  w.cron_zone = read_zone(s["timezone_id"]);
  if (s.has("pause_status")) {
    const auto p = s["pause_status"].as_string();
    if (p != "PAUSED" && p != "UNPAUSED") s["pause_status"].fail("expected PAUSED or UNPAUSED, got '" + p + "'");
    w.paused = p == "PAUSED";
  }
}

// trigger.periodic: {interval, unit}
void read_periodic(const YamlView& p, JobWorkload& w) {
  p.check_keys({"interval", "unit"});
  if (!p.has("interval") || !p.has("unit")) p.fail("periodic needs interval and unit");
  const auto n = p["interval"].as_int(1, 1'000'000);
  const std::string unit = p["unit"].as_string();
  const std::int64_t mult = unit == "MINUTES" ? 60
                            : unit == "HOURS" ? 3600
                            : unit == "DAYS"  ? 86400
                            : unit == "WEEKS" ? 7 * 86400
                                              : 0;
  if (mult == 0) p["unit"].fail("expected MINUTES, HOURS, DAYS or WEEKS, got '" + unit + "'");
  w.trigger = TriggerKind::Periodic;
  w.periodic_interval_seconds = n * mult;
}

// trigger.table_update or trigger.file_arrival: fired by data, simulated from the job's arrivals.
void read_data_trigger(const YamlView& job, const YamlView& u, const std::string& kind, JobWorkload& w) {
  if (kind == "table_update")
    u.check_keys({"table_names", "condition", "min_time_between_triggers_seconds", "wait_after_last_change_seconds"});
  else
    u.check_keys({"url", "min_time_between_triggers_seconds", "wait_after_last_change_seconds"});
  w.trigger = kind == "table_update" ? TriggerKind::TableUpdate : TriggerKind::FileArrival;
  if (u.has("min_time_between_triggers_seconds"))
    w.min_time_between_triggers_seconds =
        static_cast<int>(u["min_time_between_triggers_seconds"].as_int(0, 100'000'000));
  if (u.has("wait_after_last_change_seconds"))
    w.wait_after_last_change_seconds = static_cast<int>(u["wait_after_last_change_seconds"].as_int(0, 100'000'000));
  if (!job.has("arrivals")) u.fail(kind + " fires on data: give the job an arrivals: {per_hour: ...} rate to simulate");
}

// trigger: exactly one of periodic, table_update and file_arrival.
void read_trigger(const YamlView& job, const YamlView& t, JobWorkload& w) {
  t.check_keys({"pause_status", "periodic", "table_update", "file_arrival"});
  if (t.has("pause_status")) w.paused = t["pause_status"].as_string() == "PAUSED";
  int kinds = 0;
  if (t.has("periodic")) {
    ++kinds;
    read_periodic(t["periodic"], w);
  }
  for (const char* kind : {"table_update", "file_arrival"}) {
    if (!t.has(kind)) continue;
    ++kinds;
    read_data_trigger(job, t[kind], kind, w);
  }
  if (kinds != 1) t.fail("a trigger needs exactly one of periodic, table_update, file_arrival");
}

// At most one of schedule, trigger and continuous.
void read_schedule_and_triggers(const YamlView& job, JobWorkload& w) {
  int blocks = 0;
  if (job.has("schedule")) {
    ++blocks;
    read_cron_schedule(job["schedule"], w);
  }
  if (job.has("trigger")) {
    ++blocks;
    read_trigger(job, job["trigger"], w);
  }
  if (job.has("continuous")) {
    ++blocks;
    const auto c = job["continuous"];
    c.check_keys({"pause_status", "task_retry_mode"});
    w.trigger = TriggerKind::Continuous;
    if (c.has("pause_status")) w.paused = c["pause_status"].as_string() == "PAUSED";
  }
  if (blocks > 1) job.fail("give only one of schedule, trigger and continuous");
}

void order_tasks(JobWorkload& w, const YamlView& tasks_view) {
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < w.tasks.size(); ++i) {
    if (index.count(w.tasks[i].task_key))
      throw InputError(w.tasks[i].where, "task_key '" + w.tasks[i].task_key + "' appears twice");
    index[w.tasks[i].task_key] = i;
  }
  std::vector<std::string> keys;
  for (const auto& [k, i] : index) keys.push_back(k);
  for (const auto& t : w.tasks)
    for (const auto& d : t.depends_on)
      if (!index.count(d))
        throw InputError(t.where, "depends_on names an unknown task '" + d + "'" + did_you_mean(d, keys));
  std::vector<int> state(w.tasks.size(), 0);
  std::vector<Task> ordered;
  std::vector<std::string> stack;
  std::function<void(std::size_t)> visit = [&](std::size_t i) {
    if (state[i] == 2) return;
    if (state[i] == 1) {
      std::string cycle;
      auto it = std::find(stack.begin(), stack.end(), w.tasks[i].task_key);
      for (; it != stack.end(); ++it) cycle += *it + " -> ";
      throw InputError(w.tasks[i].where, "cycle in depends_on: " + cycle + w.tasks[i].task_key);
    }
    state[i] = 1;
    stack.push_back(w.tasks[i].task_key);
    for (const auto& d : w.tasks[i].depends_on) visit(index[d]);
    stack.pop_back();
    state[i] = 2;
    ordered.push_back(w.tasks[i]);
  };
  for (std::size_t i = 0; i < w.tasks.size(); ++i) visit(i);
  (void)tasks_view;
  w.tasks = std::move(ordered);
}

// A task's `serverless:` block: dbus_per_hour as billed, or the classic cluster it replaces
// (`replaces: {job_cluster_key: K}` or `replaces: {new_cluster: {...}}`) x from_cluster_factor in
// STANDARD mode, or the default STANDARD rate; the last two times the PERFORMANCE_OPTIMIZED
// multiplier when the job runs in that mode.
void read_serverless_task(const YamlView& s, const JobWorkload& w, const Scenario& sc, Task& t) {
  const Assumptions& a = sc.assumptions;
  t.serverless_rate_source = ServerlessRateSource::Default;
  t.serverless_dbus_per_hour = a.in_target(a.serverless_dbus_per_hour, w.performance_target);
  if (!s.defined()) return;
  s.check_keys({"dbus_per_hour", "replaces"});
  if (s.has("dbus_per_hour") && s.has("replaces")) s.fail("give dbus_per_hour or replaces, not both");
  if (s.has("dbus_per_hour")) {
    t.serverless_rate_source = ServerlessRateSource::Given;
    t.serverless_dbus_per_hour = non_negative(s["dbus_per_hour"]);
  }
  if (s.has("replaces")) {
    const auto r = s["replaces"];
    r.check_keys({"job_cluster_key", "new_cluster"});
    if (r.has("job_cluster_key") == r.has("new_cluster"))
      r.fail("replaces needs one of job_cluster_key and new_cluster");
    ClusterSpec spec;
    if (r.has("new_cluster")) {
      spec = read_cluster(r["new_cluster"], sc);
    } else {
      const std::string key = r["job_cluster_key"].as_string();
      const auto it = w.job_clusters.find(key);
      if (it == w.job_clusters.end()) {
        std::vector<std::string> keys;
        for (const auto& [k, c] : w.job_clusters) keys.push_back(k);
        r["job_cluster_key"].fail("unknown job_cluster_key '" + key + "'" + did_you_mean(key, keys));
      }
      spec = it->second;
    }
    t.serverless_rate_source = ServerlessRateSource::Replaces;
    t.serverless_dbus_per_hour = a.in_target(
        classic_dbus_per_hour(spec, ComputeKind::Job, sc) * a.serverless_from_cluster_factor, w.performance_target);
  }
}

// Job-level settings: arrivals of data triggers, performance target, retries, concurrency, SLA.
void read_job_settings(const YamlView& v, JobWorkload& w) {
  if (v.has("arrivals")) {
    if (w.trigger != TriggerKind::TableUpdate && w.trigger != TriggerKind::FileArrival)
      v["arrivals"].fail("arrivals drive table_update and file_arrival triggers only");
    w.arrivals = read_arrivals(v["arrivals"], "per_hour");
  }
  if (v.has("performance_target")) w.performance_target = read_performance_target(v["performance_target"]);
  w.max_retries = static_cast<int>(v.get_int("max_retries", 0));
  if (w.max_retries < -1) v["max_retries"].fail("expected -1 (unlimited) or a count of at least 0");
  w.max_concurrent_runs = static_cast<int>(v.has("max_concurrent_runs") ? v["max_concurrent_runs"].as_int(0, 1000) : 1);
  if (v.has("sla_minutes")) w.sla_minutes = non_negative(v["sla_minutes"]);
  if (v.has("timeout_seconds")) w.timeout_seconds = v["timeout_seconds"].as_int(0, 100'000'000);
  if (!w.sla_minutes && w.timeout_seconds > 0) w.sla_minutes = static_cast<double>(w.timeout_seconds) / 60;
}

void read_job_clusters(const YamlView& v, const Scenario& sc, JobWorkload& w) {
  if (!v.has("job_clusters")) return;
  for (const auto& jc : v["job_clusters"].items()) {
    jc.check_keys({"job_cluster_key", "new_cluster"});
    if (!jc.has("job_cluster_key") || !jc.has("new_cluster"))
      jc.fail("a job cluster needs job_cluster_key and new_cluster");
    const auto key = jc["job_cluster_key"].as_string();
    if (w.job_clusters.count(key)) jc["job_cluster_key"].fail("job_cluster_key '" + key + "' appears twice");
    w.job_clusters[key] = read_cluster(jc["new_cluster"], sc);
  }
}

const std::vector<std::string>& task_keys() {
  static const std::vector<std::string> keys = [] {
    std::vector<std::string> k = {
        "task_key",        "depends_on", "job_cluster_key", "new_cluster", "existing_cluster_id",
        "environment_key", "runtime",    "serverless",      "max_retries", "failure_probability"};
    k.insert(k.end(), kTaskPayloadKeys.begin(), kTaskPayloadKeys.end());
    return k;
  }();
  return keys;
}

// What a task runs on: one of job_cluster_key, new_cluster and existing_cluster_id, else serverless.
void read_task_compute(const YamlView& tv, const JobWorkload& w, const Scenario& sc,
                       const std::set<std::string>& all_purpose_names, Task& t) {
  int computes = 0;
  if (tv.has("job_cluster_key")) {
    ++computes;
    t.compute = TaskCompute::JobCluster;
    t.job_cluster_key = tv["job_cluster_key"].as_string();
    if (!w.job_clusters.count(t.job_cluster_key)) {
      std::vector<std::string> cluster_keys;
      for (const auto& [k, c] : w.job_clusters) cluster_keys.push_back(k);
      tv["job_cluster_key"].fail("unknown job_cluster_key '" + t.job_cluster_key + "'" +
                                 did_you_mean(t.job_cluster_key, cluster_keys));
    }
  }
  if (tv.has("new_cluster")) {
    ++computes;
    t.compute = TaskCompute::NewCluster;
    t.new_cluster = read_cluster(tv["new_cluster"], sc);
  }
  if (tv.has("existing_cluster_id")) {
    ++computes;
    t.compute = TaskCompute::ExistingCluster;
    t.existing_cluster_id = tv["existing_cluster_id"].as_string();
    if (!all_purpose_names.count(t.existing_cluster_id))
      tv["existing_cluster_id"].fail(
          "existing_cluster_id '" + t.existing_cluster_id + "' is not one of the scenario's all_purpose_clusters" +
          did_you_mean(t.existing_cluster_id,
                       std::vector<std::string>(all_purpose_names.begin(), all_purpose_names.end())));
  }
  if (computes > 1) tv.fail("give only one of job_cluster_key, new_cluster and existing_cluster_id");
  if (tv.has("serverless") && computes > 0)
    tv["serverless"].fail("serverless settings on a task that runs on a cluster");
  read_serverless_task(tv["serverless"], w, sc, t);
}

// runtime: {minutes, cv, parallel_fraction, photon_speedup, reference_workers}
void read_task_runtime(const YamlView& tv, Task& t) {
  if (!tv.has("runtime")) tv.fail("missing runtime: {minutes: ...} (a task's mean runtime on its cluster)");
  const auto r = tv["runtime"];
  r.check_keys({"minutes", "cv", "parallel_fraction", "photon_speedup", "reference_workers"});
  if (!r.has("minutes")) r.fail("missing minutes");
  t.runtime.minutes = r["minutes"].as_double();
  if (t.runtime.minutes < 0) r["minutes"].fail("a runtime cannot be negative, got " + r["minutes"].as_string());
  if (t.runtime.minutes > kMaxRuntimeMinutes)
    r["minutes"].fail("expected a runtime of at most 1000000 minutes (694 days), got " + r["minutes"].as_string());
  if (r.has("cv")) t.runtime.cv = non_negative(r["cv"], "a coefficient of variation");
  if (r.has("parallel_fraction")) t.runtime.parallel_fraction = probability(r["parallel_fraction"]);
  if (r.has("photon_speedup")) {
    t.runtime.photon_speedup = r["photon_speedup"].as_double();
    if (t.runtime.photon_speedup <= 0) r["photon_speedup"].fail("a speed-up must be above 0");
  }
  if (r.has("reference_workers"))
    t.runtime.reference_workers = static_cast<double>(r["reference_workers"].as_int(0, 100000));
}

Task read_task(const YamlView& tv, const JobWorkload& w, const Scenario& sc,
               const std::set<std::string>& all_purpose_names) {
  tv.check_keys(task_keys());
  Task t;
  t.where = tv.where();
  if (!tv.has("task_key")) tv.fail("missing task_key");
  t.task_key = tv["task_key"].as_string();
  if (tv.has("depends_on"))
    for (const auto& d : tv["depends_on"].items()) {
      d.check_keys({"task_key", "outcome"});
      t.depends_on.push_back(d["task_key"].as_string());
    }
  read_task_compute(tv, w, sc, all_purpose_names, t);
  read_task_runtime(tv, t);
  if (tv.has("max_retries")) t.max_retries = static_cast<int>(tv["max_retries"].as_int(-1, 1000));
  if (tv.has("failure_probability")) t.failure_probability = probability(tv["failure_probability"]);
  if (tv.has("timeout_seconds")) t.timeout_seconds = tv["timeout_seconds"].as_int(0, 100'000'000);
  return t;
}

// Reference cluster for runtime scaling: the task's cluster as written here.
void set_reference_clusters(JobWorkload& w) {
  for (auto& t : w.tasks) {
    const ClusterSpec* c = t.compute == TaskCompute::JobCluster ? &w.job_clusters.at(t.job_cluster_key)
                           : t.new_cluster                      ? &*t.new_cluster
                                                                : nullptr;
    if (c && t.runtime.reference_workers < 0) t.runtime.reference_workers = (c->min_workers() + c->max_workers()) / 2.0;
    if (c && t.runtime.reference_photon < 0) t.runtime.reference_photon = c->photon() ? 1 : 0;
  }
}

JobWorkload read_job(const std::string& name, const YamlView& v, const Scenario& sc, const std::string& team_tag,
                     const std::set<std::string>& all_purpose_names) {
  std::vector<std::string> keys = {
      "tags",        "schedule",     "trigger", "continuous", "arrivals", "max_retries", "max_concurrent_runs",
      "sla_minutes", "job_clusters", "tasks"};
  keys.insert(keys.end(), job_meta_keys().begin(), job_meta_keys().end());
  v.check_keys(keys);
  JobWorkload w;
  w.name = name;
  w.where = v.where();
  w.tags = read_tags(v["tags"]);
  w.team = team_of(w.tags, team_tag);
  read_schedule_and_triggers(v, w);
  read_job_settings(v, w);
  read_job_clusters(v, sc, w);
  if (!v.has("tasks")) v.fail("a job needs tasks");
  for (const auto& tv : v["tasks"].items()) w.tasks.push_back(read_task(tv, w, sc, all_purpose_names));
  if (w.tasks.empty()) v["tasks"].fail("a job needs at least one task");
  order_tasks(w, v["tasks"]);
  set_reference_clusters(w);
  return w;
}

}  // namespace

void read_jobs(const YamlView& root, Scenario& sc, const std::string& team_tag) {
  std::set<std::string> ap_names;
  if (root.has("all_purpose_clusters"))
    for (const auto& [name, v] : root["all_purpose_clusters"].entries()) ap_names.insert(name);
  if (root.has("jobs"))
    for (const auto& [name, v] : root["jobs"].entries()) sc.jobs.push_back(read_job(name, v, sc, team_tag, ap_names));
}

void link_existing_clusters(Scenario& sc) {
  for (auto& job : sc.jobs)
    for (auto& t : job.tasks)
      if (t.compute == TaskCompute::ExistingCluster)
        for (const auto& ap : sc.all_purpose)
          if (ap.name == t.existing_cluster_id) {
            t.existing_cluster = ap.cluster;
            if (t.runtime.reference_workers < 0)
              t.runtime.reference_workers = (ap.cluster.min_workers() + ap.cluster.max_workers()) / 2.0;
            if (t.runtime.reference_photon < 0) t.runtime.reference_photon = ap.cluster.photon() ? 1 : 0;
          }
}

}  // namespace dbcost::scenario_read

namespace dbcost {

std::string to_string(PerformanceTarget t) {
  return t == PerformanceTarget::Standard ? "STANDARD" : "PERFORMANCE_OPTIMIZED";
}

const std::vector<std::string>& job_meta_keys() {
  static const std::vector<std::string> keys = {"name",
                                                "description",
                                                "email_notifications",
                                                "webhook_notifications",
                                                "notification_settings",
                                                "timeout_seconds",
                                                "health",
                                                "queue",
                                                "run_as",
                                                "git_source",
                                                "parameters",
                                                "environments",
                                                "permissions",
                                                "performance_target",
                                                "budget_policy_id",
                                                "edit_mode",
                                                "deployment",
                                                "format",
                                                "usage_policy_id"};
  return keys;
}

}  // namespace dbcost
