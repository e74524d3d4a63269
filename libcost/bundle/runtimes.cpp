#include "bundle/runtimes.h"

#include "bundle/config_merge.h"

namespace dbcost {
namespace {

const std::vector<std::string> kRuntimeKeys = {"minutes", "cv", "parallel_fraction", "photon_speedup",
                                               "reference_workers"};

double number_at_least(const YamlView& v, double min, const std::string& what) {
  const double d = v.as_double();
  if (d < min) v.fail("expected " + what + ", got " + v.as_string());
  return d;
}

// The values of a runtime block, or of runtime keys written beside a task's other keys.
void check_runtime_values(const YamlView& r) {
  if (!r.has("minutes")) r.fail("missing minutes (the task's mean runtime), or a runtime: {minutes: ...} block");
  number_at_least(r["minutes"], 0, "minutes of at least 0");
  if (r.has("cv")) number_at_least(r["cv"], 0, "a coefficient of variation of at least 0");
  if (r.has("parallel_fraction")) {
    const double p = r["parallel_fraction"].as_double();
    if (p < 0 || p > 1)
      r["parallel_fraction"].fail("expected a fraction from 0 to 1, got " + r["parallel_fraction"].as_string());
  }
  if (r.has("photon_speedup") && r["photon_speedup"].as_double() <= 0)
    r["photon_speedup"].fail("a speed-up must be above 0");
  if (r.has("reference_workers")) r["reference_workers"].as_int(0, 100000);
}

TaskRuntimes read_task(const YamlView& v, bool scenario_form) {
  TaskRuntimes t;
  t.where = v.where();
  if (v.is_scalar()) {
    number_at_least(v, 0, "minutes of at least 0");
    YAML::Node r(YAML::NodeType::Map);
    r.force_insert("minutes", v.node());
    t.runtime = r;
    return t;
  }
  if (!scenario_form) {
    std::vector<std::string> keys = kRuntimeKeys;
    keys.insert(keys.end(), {"runtime", "failure_probability", "max_retries", "serverless", "task_key"});
    v.check_keys(keys);
  }
  if (v.has("runtime")) {
    if (!scenario_form)
      for (const auto& k : kRuntimeKeys)
        if (v.has(k)) v[k].fail("give either runtime: {...} or " + k + " beside it, not both");
    v["runtime"].check_keys(kRuntimeKeys);
    check_runtime_values(v["runtime"]);
    t.runtime = v["runtime"].node();
  } else {
    check_runtime_values(v);
    t.runtime = pick_keys(v.node(), kRuntimeKeys);
  }
  t.reference_given = t.runtime["reference_workers"].IsDefined();
  if (v.has("failure_probability")) {
    const double p = v["failure_probability"].as_double();
    if (p < 0 || p > 1) v["failure_probability"].fail("expected a probability from 0 to 1");
    t.failure_probability.emplace(v["failure_probability"].node());
  }
  if (v.has("max_retries")) {
    v["max_retries"].as_int(-1, 1000);
    t.max_retries.emplace(v["max_retries"].node());
  }
  if (v.has("serverless")) {
    const auto s = v["serverless"];
    s.check_keys({"dbus_per_hour"});
    if (s.has("dbus_per_hour")) number_at_least(s["dbus_per_hour"], 0, "DBUs per hour of at least 0");
    t.serverless.emplace(s.node());
  }
  return t;
}

JobRuntimes read_job(const YamlView& v, bool scenario_form) {
  JobRuntimes j;
  j.where = v.where();
  if (!scenario_form) v.check_keys({"tasks", "runs_per_month", "arrivals", "max_retries", "sla_minutes"});
  if (v.has("tasks")) {
    const auto tasks = v["tasks"];
    if (tasks.is_sequence()) {
      for (const auto& item : tasks.items()) {
        if (!item.has("task_key")) item.fail("missing task_key");
        const std::string key = item["task_key"].as_string();
        if (scenario_form && !item.has("runtime")) continue;
        j.tasks.emplace(key, read_task(item, scenario_form));
      }
    } else {
      for (const auto& [key, t] : tasks.entries()) j.tasks.emplace(key, read_task(t, scenario_form));
    }
  }
  if (v.has("runs_per_month")) j.runs_per_month = number_at_least(v["runs_per_month"], 0, "a count of at least 0");
  if (v.has("arrivals")) j.arrivals.emplace(v["arrivals"].node());
  if (v.has("max_retries")) {
    v["max_retries"].as_int(-1, 1000);
    j.max_retries.emplace(v["max_retries"].node());
  }
  if (v.has("sla_minutes")) {
    number_at_least(v["sla_minutes"], 0, "minutes of at least 0");
    j.sla_minutes.emplace(v["sla_minutes"].node());
  }
  return j;
}

}  // namespace

Runtimes read_runtimes(const YamlView& root) {
  Runtimes rt;
  rt.file = root.file();
  if (!root.defined()) return rt;
  root.expect_map();
  const bool scenario_form = root.has("period") || root.has("scenario");
  if (!scenario_form) root.check_keys({"jobs", "pipelines", "sql_warehouses", "clusters", "assumptions"});
  if (root.has("jobs"))
    for (const auto& [name, v] : root["jobs"].entries())
      if (v.defined()) rt.jobs.emplace(name, read_job(v, scenario_form));
  if (root.has("pipelines") && !scenario_form) {
    for (const auto& [name, v] : root["pipelines"].entries()) {
      v.check_keys({"hours_per_month", "runs_per_month", "minutes", "dbus_per_hour"});
      PipelineRuntimes p;
      p.where = v.where();
      if (v.has("dbus_per_hour")) {
        number_at_least(v["dbus_per_hour"], 0, "DBUs per hour of at least 0");
        p.dbus_per_hour = v["dbus_per_hour"].node();
      }
      if (v.has("hours_per_month")) {
        if (v.has("runs_per_month") || v.has("minutes")) v.fail("give hours_per_month, or runs_per_month and minutes");
        p.hours_per_month = number_at_least(v["hours_per_month"], 0, "hours of at least 0");
      } else {
        if (!v.has("runs_per_month") || !v.has("minutes"))
          v.fail("give hours_per_month, or runs_per_month and minutes");
        p.runs_per_month = number_at_least(v["runs_per_month"], 0, "a count of at least 0");
        p.hours_per_month = *p.runs_per_month * number_at_least(v["minutes"], 0, "minutes of at least 0") / 60;
      }
      rt.pipelines.emplace(name, p);
    }
  }
  if (root.has("sql_warehouses"))
    for (const auto& [name, v] : root["sql_warehouses"].entries()) {
      if (!scenario_form) v.check_keys({"activity", "queries_per_cluster"});
      if (!v.has("activity")) {
        if (scenario_form) continue;
        v.fail("missing activity: {queries_per_hour: ..., hours: ..., days: ...}");
      }
      rt.sql_warehouses.emplace(name, pick_keys(v.node(), {"activity", "queries_per_cluster"}));
    }
  const char* clusters_key = scenario_form ? "all_purpose_clusters" : "clusters";
  if (root.has(clusters_key))
    for (const auto& [name, v] : root[clusters_key].entries()) {
      if (!scenario_form) v.check_keys({"activity", "left_running_over_weekend"});
      if (!v.has("activity")) {
        if (scenario_form) continue;
        v.fail("missing activity: {users: ..., hours: ..., days: ...}");
      }
      rt.clusters.emplace(name, pick_keys(v.node(), {"activity", "left_running_over_weekend"}));
    }
  if (root.has("assumptions")) rt.assumptions.emplace(root["assumptions"].node());
  return rt;
}

}  // namespace dbcost
