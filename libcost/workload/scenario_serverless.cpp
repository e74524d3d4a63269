// Serverless rates (docs/pricing.md "Serverless"): the assumptions, serverless notebooks and
// the notes on the rates a scenario does not set.
#include "workload/scenario_sections.h"

#include <algorithm>
#include <cstdio>

namespace dbcost::scenario_read {

void read_serverless_assumptions(const YamlView& a, Assumptions& out) {
  for (const auto& [key, field] : std::initializer_list<std::pair<const char*, double Assumptions::*>>{
           {"serverless_dbus_per_hour", &Assumptions::serverless_dbus_per_hour},
           {"performance_optimized_multiplier", &Assumptions::performance_optimized_multiplier},
           {"serverless_from_cluster_factor", &Assumptions::serverless_from_cluster_factor},
           {"notebook_dbus_per_hour", &Assumptions::notebook_dbus_per_hour},
           {"notebook_idle_minutes", &Assumptions::notebook_idle_minutes}}) {
    if (!a.has(key)) continue;
    out.*field = non_negative(a[key]);
    out.overridden.emplace_back(key);
  }
}

void read_notebooks(const YamlView& root, Scenario& sc, const std::string& team_tag) {
  if (!root.has("serverless_notebooks")) return;
  for (const auto& [name, v] : root["serverless_notebooks"].entries()) {
    v.check_keys({"tags", "dbus_per_hour", "idle_minutes", "activity", "budget_policy_id"});
    NotebookWorkload w;
    w.name = name;
    w.where = v.where();
    w.team = team_of(read_tags(v["tags"]), team_tag);
    w.dbus_per_hour = v.has("dbus_per_hour") ? non_negative(v["dbus_per_hour"]) : sc.assumptions.notebook_dbus_per_hour;
    w.idle_minutes = v.has("idle_minutes") ? non_negative(v["idle_minutes"]) : sc.assumptions.notebook_idle_minutes;
    w.default_rate = !v.has("dbus_per_hour");
    w.default_idle = !v.has("idle_minutes");
    if (!v.has("activity")) v.fail("missing activity: {days: MON-FRI, hours: \"09:00-17:00\", users: ...}");
    w.activity = read_activity(v["activity"]);
    sc.notebooks.push_back(std::move(w));
  }
}

void serverless_notes(Scenario& sc) {
  const Assumptions& a = sc.assumptions;
  auto set = [&](const char* key) {
    return std::find(a.overridden.begin(), a.overridden.end(), key) != a.overridden.end();
  };
  bool by_default = false, replaced = false, optimized = false;
  auto look = [&](ServerlessRateSource source, PerformanceTarget target) {
    by_default = by_default || source == ServerlessRateSource::Default;
    replaced = replaced || source == ServerlessRateSource::Replaces;
    optimized =
        optimized || (source != ServerlessRateSource::Given && target == PerformanceTarget::PerformanceOptimized);
  };
  for (const auto& j : sc.jobs)
    for (const auto& t : j.tasks)
      if (t.compute == TaskCompute::Serverless && t.runtime.minutes > 0)
        look(t.serverless_rate_source, j.performance_target);
  for (const auto& p : sc.pipelines)
    if (p.serverless) look(p.serverless_rate_source, p.performance_target);
  const auto& rates = ServerlessRates::builtin();
  auto num = [](double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return std::string(buf);
  };
  if (by_default && !set("serverless_dbus_per_hour"))
    sc.notes.push_back("serverless jobs and pipelines without a DBU rate: " + num(a.serverless_dbus_per_hour) +
                       " DBU/h in STANDARD mode (" + rates.get("jobs_standard_dbus_per_hour").confidence +
                       ": Databricks publishes no DBU/h; set serverless.dbus_per_hour or "
                       "assumptions.serverless_dbus_per_hour)");
  if (replaced && !set("serverless_from_cluster_factor"))
    sc.notes.push_back("serverless DBU/h derived from the classic cluster replaced x " +
                       num(a.serverless_from_cluster_factor) + " (" + rates.get("from_cluster_factor").confidence +
                       "; assumptions.serverless_from_cluster_factor)");
  if (optimized && !set("performance_optimized_multiplier"))
    sc.notes.push_back("PERFORMANCE_OPTIMIZED burns " + num(a.performance_optimized_multiplier) +
                       "x the DBUs of STANDARD (databrickslabs/lakemeter-oss, DB-LABS; UNCONFIRMED "
                       "officially; assumptions.performance_optimized_multiplier)");
  const bool notebook_default = std::any_of(sc.notebooks.begin(), sc.notebooks.end(), [&](const NotebookWorkload& n) {
    return (n.default_rate && !set("notebook_dbus_per_hour")) || (n.default_idle && !set("notebook_idle_minutes"));
  });
  if (notebook_default)
    sc.notes.push_back("serverless notebooks: " + num(a.notebook_dbus_per_hour) + " DBU/h while active and " +
                       num(a.notebook_idle_minutes) + " idle minutes after a session unless set (" +
                       rates.get("notebook_dbus_per_hour").confidence +
                       "; assumptions.notebook_dbus_per_hour, notebook_idle_minutes)");
}

}  // namespace dbcost::scenario_read
