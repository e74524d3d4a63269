#include "workload/scenario_reader.h"

#include <algorithm>
#include <cstdio>
#include <functional>
#include <optional>
#include <set>

#include "io/atomic_file.h"
#include "io/cluster_spec_reader.h"
#include "pricing/warehouse_quote.h"
#include "spot/eviction_band.h"
#include "spot/spot_model.h"
#include "workload/scenario_policies.h"
#include "workload/scenario_pricing.h"
#include "workload/warehouse_spec_reader.h"

namespace dbcost {
namespace {

const std::vector<std::string> kDayNames = {"MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"};

// "MON-FRI", "SAT,SUN", "MON-SUN", "weekdays", "weekends", "daily"
std::vector<bool> read_days(const YamlView& v) {
  std::string s = v.as_string();
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  std::vector<bool> days(7, false);
  if (s == "DAILY" || s == "EVERY DAY") return std::vector<bool>(7, true);
  if (s == "WEEKDAYS") s = "MON-FRI";
  if (s == "WEEKENDS") s = "SAT,SUN";
  auto index = [&](const std::string& name) {
    const auto it = std::find(kDayNames.begin(), kDayNames.end(), name);
    if (it == kDayNames.end()) v.fail("expected days such as MON-FRI or SAT,SUN, got '" + v.as_string() + "'");
    return static_cast<int>(it - kDayNames.begin());
  };
  std::size_t pos = 0;
  while (pos <= s.size()) {
    const auto comma = s.find(',', pos);
    const std::string part = s.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
    const auto dash = part.find('-');
    if (dash == std::string::npos) {
      days[static_cast<std::size_t>(index(part))] = true;
    } else {
      int a = index(part.substr(0, dash));
      const int b = index(part.substr(dash + 1));
      for (;; a = (a + 1) % 7) {
        days[static_cast<std::size_t>(a)] = true;
        if (a == b) break;
      }
    }
    if (comma == std::string::npos) break;
    pos = comma + 1;
  }
  return days;
}

int read_clock(const YamlView& v, const std::string& text) {
  if (text.size() != 5 || text[2] != ':' || !std::isdigit(static_cast<unsigned char>(text[0])) ||
      !std::isdigit(static_cast<unsigned char>(text[1])) || !std::isdigit(static_cast<unsigned char>(text[3])) ||
      !std::isdigit(static_cast<unsigned char>(text[4])))
    v.fail("expected a time of day HH:MM, got '" + text + "'");
  const int h = (text[0] - '0') * 10 + (text[1] - '0');
  const int m = (text[3] - '0') * 10 + (text[4] - '0');
  if (h > 24 || m > 59 || (h == 24 && m != 0)) v.fail("expected a time of day from 00:00 to 24:00, got '" + text + "'");
  return h * 60 + m;
}

// "08:00-18:00"
std::pair<int, int> read_window(const YamlView& v) {
  const std::string s = v.as_string();
  const auto dash = s.find('-');
  if (dash == std::string::npos) v.fail("expected hours as HH:MM-HH:MM, got '" + s + "'");
  const int a = read_clock(v, s.substr(0, dash));
  const int b = read_clock(v, s.substr(dash + 1));
  if (b <= a) v.fail("the end of the hours window must be after its start, got '" + s + "'");
  return {a, b};
}

// Counts, minutes and rates above a billion are input errors, not workloads.
constexpr double kMaxScenarioNumber = 1e9;
constexpr double kMaxRuntimeMinutes = 1e6;

double non_negative(const YamlView& v, const std::string& what = "a number") {
  const double d = v.as_double();
  if (d < 0) v.fail("expected " + what + " of at least 0, got " + v.as_string());
  if (d > kMaxScenarioNumber) v.fail("expected " + what + " of at most 1e9, got " + v.as_string());
  return d;
}

double probability(const YamlView& v) {
  const double d = v.as_double();
  if (d < 0 || d > 1) v.fail("expected a probability from 0 to 1, got " + v.as_string());
  return d;
}

Spread read_spread(const YamlView& v) {
  Spread s;
  if (v.is_scalar()) {
    s.mean = non_negative(v);
    return s;
  }
  v.check_keys({"mean", "cv"});
  if (!v.has("mean")) v.fail("missing mean");
  s.mean = non_negative(v["mean"]);
  if (v.has("cv")) s.cv = non_negative(v["cv"], "a coefficient of variation");
  return s;
}

std::string team_of(const std::map<std::string, std::string>& tags, const std::string& team_tag) {
  const auto it = tags.find(team_tag);
  return it == tags.end() ? std::string("(untagged)") : it->second;
}

std::map<std::string, std::string> read_tags(const YamlView& v) {
  std::map<std::string, std::string> tags;
  if (v.defined())
    for (const auto& [k, t] : v.entries()) tags[k] = t.as_string();
  return tags;
}

Arrivals read_arrivals(const YamlView& v, const char* rate_key) {
  Arrivals a;
  v.check_keys({rate_key, "hours", "days", "query_seconds"});
  if (!v.has(rate_key)) v.fail(std::string("missing ") + rate_key);
  a.per_hour = non_negative(v[rate_key], "a rate");
  if (v.has("hours")) std::tie(a.window_start_minute, a.window_end_minute) = read_window(v["hours"]);
  if (v.has("days")) a.days = read_days(v["days"]);
  return a;
}

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

// A pool's instances are spot or on demand, as its attributes say (no fallback values exist):
// AWS SPOT | ON_DEMAND, Azure SPOT_AZURE | ON_DEMAND_AZURE; GCP pools are priced on demand.
bool read_pool_availability(const YamlView& v, Cloud cloud) {
  const char* block = cloud == Cloud::Aws ? "aws_attributes" : cloud == Cloud::Azure ? "azure_attributes" : nullptr;
  for (const char* other : {"aws_attributes", "azure_attributes", "gcp_attributes"})
    if (v.has(other) && (!block || std::string(other) != block) &&
        !(cloud == Cloud::Gcp && std::string(other) == "gcp_attributes"))
      v[other].fail(std::string(other) + " on a " + to_string(cloud) + " scenario's pool");
  if (!block || !v.has(block)) return false;
  const auto a = v[block];
  if (cloud == Cloud::Aws)
    a.check_keys({"availability", "zone_id", "spot_bid_price_percent", "instance_profile_arn"});
  else
    a.check_keys({"availability", "spot_bid_max_price"});
  if (!a.has("availability")) return false;
  const std::string s = a["availability"].as_string();
  const std::string spot = cloud == Cloud::Aws ? "SPOT" : "SPOT_AZURE";
  const std::string on_demand = cloud == Cloud::Aws ? "ON_DEMAND" : "ON_DEMAND_AZURE";
  if (s != spot && s != on_demand)
    a["availability"].fail("expected " + spot + " or " + on_demand + " for a pool, got '" + s + "'");
  return s == spot;
}

const PoolWorkload* pool_named(const Scenario& sc, const std::string& name) {
  for (const auto& p : sc.pools)
    if (p.name == name) return &p;
  return nullptr;
}

// A cluster on the scenario's pools takes their node types and availability: workers from
// instance_pool_id, the driver from driver_instance_pool_id (else the workers' pool).
void take_pools(ClusterSpec& spec, const YamlView& v, const Scenario& sc) {
  auto pool = [&](const char* key, const std::string& id, std::string& node_type, SourceLocation& where,
                  const char* node_key) -> const PoolWorkload* {
    if (id.empty()) return nullptr;
    const PoolWorkload* p = pool_named(sc, id);
    if (!p) {
      if (node_type.empty()) {
        std::vector<std::string> names;
        for (const auto& q : sc.pools) names.push_back(q.name);
        v[key].fail(std::string(key) + " '" + id + "' is not one of the scenario's instance_pools" +
                    did_you_mean(id, names) + "; name one, or give " + node_key +
                    " to price the cluster without its pool");
      }
      return nullptr;
    }
    if (!node_type.empty() && node_type != p->node_type_id)
      v[node_key].fail("a cluster on instance pool '" + id + "' takes the pool's node type " + p->node_type_id +
                       ", not " + node_type);
    node_type = p->node_type_id;
    where = v[key].where();
    return p;
  };
  const PoolWorkload* workers =
      pool("instance_pool_id", spec.instance_pool_id, spec.node_type_id, spec.node_type_where, "node_type_id");
  const PoolWorkload* driver = pool("driver_instance_pool_id", spec.driver_instance_pool_id, spec.driver_node_type_id,
                                    spec.driver_node_type_where, "driver_node_type_id");
  if (!workers) return;
  const bool driver_spot = driver ? driver->spot : workers->spot;
  spec.availability = workers->spot ? Availability::Spot : Availability::OnDemand;
  spec.first_on_demand = driver_spot ? 0 : 1;
  spec.availability_given = spec.first_on_demand_given = true;
}

ClusterSpec read_cluster(const YamlView& v, const Scenario& sc) {
  ClusterSpec spec = read_cluster_spec(v, true);
  take_pools(spec, v, sc);
  const std::string cloud = to_string(sc.cloud);
  if (spec.cloud && *spec.cloud != sc.cloud)
    v.fail("the cluster has " + to_string(*spec.cloud) + " attributes but the scenario's cloud is " + cloud);
  sc.pricing->instances.get(spec.node_type_id, cloud, sc.region, spec.node_type_where);
  sc.pricing->instances.get(spec.driver_type(), cloud, sc.region,
                            spec.driver_node_type_id.empty() ? spec.node_type_where : spec.driver_node_type_where);
  return spec;
}

QuartzCron read_cron(const YamlView& v) {
  const std::string expr = v.as_string();
  try {
    return QuartzCron::parse(expr);
  } catch (const CronParseError& e) {
    auto where = v.where();
    if (where.column > 0) where.column += e.position + (v.node().Tag() == "!" ? 1 : 0);
    throw InputError(where,
                     "invalid Quartz cron expression at position " + std::to_string(e.position + 1) + ": " + e.reason);
  }
}

const date::time_zone* read_zone(const YamlView& v) {
  try {
    return find_time_zone(v.as_string());
  } catch (const InputError& e) {
    v.fail(e.reason());
  }
}

void read_schedule_and_triggers(const YamlView& job, JobWorkload& w, int& trigger_blocks) {
  if (job.has("schedule")) {
    ++trigger_blocks;
    const auto s = job["schedule"];
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
  if (job.has("trigger")) {
    ++trigger_blocks;
    const auto t = job["trigger"];
    t.check_keys({"pause_status", "periodic", "table_update", "file_arrival"});
    if (t.has("pause_status")) w.paused = t["pause_status"].as_string() == "PAUSED";
    int kinds = 0;
    if (t.has("periodic")) {
      ++kinds;
      const auto p = t["periodic"];
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
    for (const char* kind : {"table_update", "file_arrival"}) {
      if (!t.has(kind)) continue;
      ++kinds;
      const auto u = t[kind];
      if (std::string(kind) == "table_update")
        u.check_keys(
            {"table_names", "condition", "min_time_between_triggers_seconds", "wait_after_last_change_seconds"});
      else
        u.check_keys({"url", "min_time_between_triggers_seconds", "wait_after_last_change_seconds"});
      w.trigger = std::string(kind) == "table_update" ? TriggerKind::TableUpdate : TriggerKind::FileArrival;
      if (u.has("min_time_between_triggers_seconds"))
        w.min_time_between_triggers_seconds =
            static_cast<int>(u["min_time_between_triggers_seconds"].as_int(0, 100'000'000));
      if (u.has("wait_after_last_change_seconds"))
        w.wait_after_last_change_seconds = static_cast<int>(u["wait_after_last_change_seconds"].as_int(0, 100'000'000));
      if (!job.has("arrivals"))
        u.fail(std::string(kind) + " fires on data: give the job an arrivals: {per_hour: ...} rate to simulate");
    }
    if (kinds != 1) t.fail("a trigger needs exactly one of periodic, table_update, file_arrival");
  }
  if (job.has("continuous")) {
    ++trigger_blocks;
    const auto c = job["continuous"];
    c.check_keys({"pause_status", "task_retry_mode"});
    w.trigger = TriggerKind::Continuous;
    if (c.has("pause_status")) w.paused = c["pause_status"].as_string() == "PAUSED";
  }
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

// --- serverless rates (docs/pricing.md "Serverless") ---------------------------------------------

PerformanceTarget read_performance_target(const YamlView& v) {
  const std::string s = v.as_string();
  if (s == "STANDARD") return PerformanceTarget::Standard;
  if (s == "PERFORMANCE_OPTIMIZED") return PerformanceTarget::PerformanceOptimized;
  v.fail("expected STANDARD or PERFORMANCE_OPTIMIZED, got '" + s + "'" +
         did_you_mean(s, {"STANDARD", "PERFORMANCE_OPTIMIZED"}));
}

// DBU/h of a classic cluster: (driver + workers x worker) x the Photon multiplier of `kind`,
// autoscale at the midpoint of min and max workers, as the engine bills it.
double classic_dbus_per_hour(const ClusterSpec& spec, ComputeKind kind, const Scenario& sc) {
  const std::string cloud = to_string(sc.cloud);
  const NodeType& driver = sc.pricing->instances.get(spec.driver_type(), cloud, spec.node_type_where);
  const NodeType& worker = sc.pricing->instances.get(spec.node_type_id, cloud, spec.node_type_where);
  const double workers = (spec.min_workers() + spec.max_workers()) / 2.0;
  const double photon = spec.photon() ? sc.pricing->photon.get(cloud, photon_kind(kind)).to_double() : 1.0;
  return (driver.dbus_per_hour.to_double() + workers * worker.dbus_per_hour.to_double()) * photon;
}

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
  int trigger_blocks = 0;
  read_schedule_and_triggers(v, w, trigger_blocks);
  if (trigger_blocks > 1) v.fail("give only one of schedule, trigger and continuous");
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
  if (v.has("job_clusters")) {
    for (const auto& jc : v["job_clusters"].items()) {
      jc.check_keys({"job_cluster_key", "new_cluster"});
      if (!jc.has("job_cluster_key") || !jc.has("new_cluster"))
        jc.fail("a job cluster needs job_cluster_key and new_cluster");
      const auto key = jc["job_cluster_key"].as_string();
      if (w.job_clusters.count(key)) jc["job_cluster_key"].fail("job_cluster_key '" + key + "' appears twice");
      w.job_clusters[key] = read_cluster(jc["new_cluster"], sc);
    }
  }
  if (!v.has("tasks")) v.fail("a job needs tasks");
  std::vector<std::string> task_keys = {
      "task_key",        "depends_on", "job_cluster_key", "new_cluster", "existing_cluster_id",
      "environment_key", "runtime",    "serverless",      "max_retries", "failure_probability"};
  task_keys.insert(task_keys.end(), kTaskPayloadKeys.begin(), kTaskPayloadKeys.end());
  std::vector<std::string> cluster_keys;
  for (const auto& [k, c] : w.job_clusters) cluster_keys.push_back(k);
  for (const auto& tv : v["tasks"].items()) {
    tv.check_keys(task_keys);
    Task t;
    t.where = tv.where();
    if (!tv.has("task_key")) tv.fail("missing task_key");
    t.task_key = tv["task_key"].as_string();
    if (tv.has("depends_on"))
      for (const auto& d : tv["depends_on"].items()) {
        d.check_keys({"task_key", "outcome"});
        t.depends_on.push_back(d["task_key"].as_string());
      }
    int computes = 0;
    if (tv.has("job_cluster_key")) {
      ++computes;
      t.compute = TaskCompute::JobCluster;
      t.job_cluster_key = tv["job_cluster_key"].as_string();
      if (!w.job_clusters.count(t.job_cluster_key))
        tv["job_cluster_key"].fail("unknown job_cluster_key '" + t.job_cluster_key + "'" +
                                   did_you_mean(t.job_cluster_key, cluster_keys));
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
    if (tv.has("max_retries")) t.max_retries = static_cast<int>(tv["max_retries"].as_int(-1, 1000));
    if (tv.has("failure_probability")) t.failure_probability = probability(tv["failure_probability"]);
    if (tv.has("timeout_seconds")) t.timeout_seconds = tv["timeout_seconds"].as_int(0, 100'000'000);
    w.tasks.push_back(std::move(t));
  }
  if (w.tasks.empty()) v["tasks"].fail("a job needs at least one task");
  order_tasks(w, v["tasks"]);
  // Reference cluster for runtime scaling: the task's cluster as written here.
  for (auto& t : w.tasks) {
    const ClusterSpec* c = t.compute == TaskCompute::JobCluster ? &w.job_clusters.at(t.job_cluster_key)
                           : t.new_cluster                      ? &*t.new_cluster
                                                                : nullptr;
    if (c && t.runtime.reference_workers < 0) t.runtime.reference_workers = (c->min_workers() + c->max_workers()) / 2.0;
    if (c && t.runtime.reference_photon < 0) t.runtime.reference_photon = c->photon() ? 1 : 0;
  }
  return w;
}

ActivityPattern read_activity(const YamlView& v) {
  ActivityPattern a;
  v.check_keys(
      {"days", "hours", "users", "sessions_per_user_per_day", "session_minutes", "sessions", "busy_workers_fraction"});
  a.days = v.has("days") ? read_days(v["days"]) : read_days(YamlView(nullptr, YAML::Node("MON-FRI"), ""));
  if (v.has("hours")) std::tie(a.window_start_minute, a.window_end_minute) = read_window(v["hours"]);
  if (v.has("users")) a.users = non_negative(v["users"]);
  if (v.has("sessions_per_user_per_day")) a.sessions_per_user_per_day = non_negative(v["sessions_per_user_per_day"]);
  if (v.has("session_minutes")) a.session_minutes = read_spread(v["session_minutes"]);
  if (v.has("busy_workers_fraction")) a.busy_workers_fraction = probability(v["busy_workers_fraction"]);
  if (v.has("sessions")) {
    for (const auto& s : v["sessions"].items()) {
      s.check_keys({"day", "start", "minutes"});
      Session ses;
      if (s.has("day")) {
        const auto d = read_days(s["day"]);
        if (std::count(d.begin(), d.end(), true) != 1) s["day"].fail("a session names one day");
        ses.weekday = static_cast<int>(std::find(d.begin(), d.end(), true) - d.begin());
      }
      if (!s.has("start") || !s.has("minutes")) s.fail("a session needs start (HH:MM) and minutes");
      ses.start_minute = read_clock(s["start"], s["start"].as_string());
      ses.minutes = non_negative(s["minutes"]);
      a.sessions.push_back(ses);
    }
  }
  return a;
}

void read_all_purpose(const YamlView& root, Scenario& sc, const std::string& team_tag) {
  if (root.has("all_purpose_clusters")) {
    for (const auto& [name, v] : root["all_purpose_clusters"].entries()) {
      v.check_keys({"tags", "new_cluster", "activity", "left_running_over_weekend"});
      AllPurposeWorkload w;
      w.name = name;
      w.where = v.where();
      auto tags = read_tags(v["tags"]);
      if (!v.has("new_cluster")) v.fail("missing new_cluster");
      w.cluster = read_cluster(v["new_cluster"], sc);
      for (const auto& [k, t] : w.cluster.custom_tags) tags.emplace(k, t);
      w.team = team_of(tags, team_tag);
      if (!v.has("activity")) v.fail("missing activity: {days: MON-FRI, hours: \"09:00-17:00\", users: ...}");
      w.activity = read_activity(v["activity"]);
      if (v.has("left_running_over_weekend")) {
        w.left_running_over_weekend = probability(v["left_running_over_weekend"]);
        if (w.cluster.autotermination_minutes.value_or(0) != 0)
          v["left_running_over_weekend"].fail("only a cluster with autotermination_minutes 0 can be left running");
      }
      sc.all_purpose.push_back(std::move(w));
    }
  }
}

// --- serverless notebooks and pipelines ----------------------------------------------------------

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

// Pipeline keys dbcost does not price (Declarative Automation Bundles' resources.pipelines).
const std::vector<std::string> kPipelineMetaKeys = {"name",
                                                    "id",
                                                    "channel",
                                                    "catalog",
                                                    "schema",
                                                    "target",
                                                    "storage",
                                                    "libraries",
                                                    "configuration",
                                                    "notifications",
                                                    "budget_policy_id",
                                                    "root_path",
                                                    "environment",
                                                    "event_log",
                                                    "permissions",
                                                    "allow_duplicate_names",
                                                    "filters",
                                                    "trigger",
                                                    "deployment",
                                                    "development",
                                                    "run_as",
                                                    "ingestion_definition",
                                                    "gateway_definition",
                                                    "usage_policy_id",
                                                    "dry_run",
                                                    "tags"};

// The default cluster of a pipeline's `clusters` (label absent or "default"), as a new_cluster:
// `label` and autoscale `mode` are pipeline-only keys with no cost of their own.
std::optional<ClusterSpec> default_pipeline_cluster(const YamlView& clusters, const Scenario& sc) {
  if (!clusters.defined()) return std::nullopt;
  for (const auto& c : clusters.items()) {
    std::string label = c.get_string("label", "default");
    for (auto& ch : label) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (label != "default") continue;
    YAML::Node spec(YAML::NodeType::Map);
    for (auto it = c.node().begin(); it != c.node().end(); ++it) {
      if (it->first.Scalar() == "label") continue;
      if (it->first.Scalar() == "autoscale" && it->second.IsMap()) {
        YAML::Node a(YAML::NodeType::Map);
        for (auto jt = it->second.begin(); jt != it->second.end(); ++jt)
          if (jt->first.Scalar() != "mode") a.force_insert(jt->first, jt->second);
        spec.force_insert(it->first, a);
        continue;
      }
      spec.force_insert(it->first, it->second);
    }
    return read_cluster(YamlView(std::make_shared<const std::string>(c.file()), spec, c.path()), sc);
  }
  return std::nullopt;
}

void read_pipelines(const YamlView& root, Scenario& sc, const std::string& team_tag) {
  if (!root.has("pipelines")) return;
  const Assumptions& a = sc.assumptions;
  for (const auto& [name, v] : root["pipelines"].entries()) {
    std::vector<std::string> keys = {
        "edition",  "photon",          "serverless",     "continuous",   "clusters", "performance_target",
        "schedule", "updates_per_day", "update_minutes", "dbus_per_hour"};
    keys.insert(keys.end(), kPipelineMetaKeys.begin(), kPipelineMetaKeys.end());
    v.check_keys(keys);
    PipelineWorkload p;
    p.name = name;
    p.where = v.where();
    p.tags = read_tags(v["tags"]);
    p.serverless = v.get_bool("serverless", false);
    p.continuous = v.get_bool("continuous", false);
    if (v.has("performance_target")) {
      if (!p.serverless) v["performance_target"].fail("performance_target applies to serverless pipelines only");
      p.performance_target = read_performance_target(v["performance_target"]);
    }
    if (v.has("dbus_per_hour") && !p.serverless) v["dbus_per_hour"].fail("dbus_per_hour is for serverless pipelines");
    std::string edition = v.get_string("edition", "ADVANCED");
    for (auto& c : edition) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (edition != "CORE" && edition != "PRO" && edition != "ADVANCED")
      v["edition"].fail("expected CORE, PRO or ADVANCED, got '" + v["edition"].as_string() + "'");
    p.kind = edition == "CORE"  ? ComputeKind::DltCore
             : edition == "PRO" ? ComputeKind::DltPro
                                : ComputeKind::DltAdvanced;
    p.cluster = default_pipeline_cluster(v["clusters"], sc);
    if (p.cluster) p.cluster->runtime_engine = v.get_bool("photon", false) ? "PHOTON" : "STANDARD";
    if (!p.serverless && !p.cluster)
      v.fail("a classic pipeline needs a default cluster in clusters (node_type_id and workers); or serverless: true");
    if (p.serverless) {
      p.serverless_rate_source = ServerlessRateSource::Default;
      p.serverless_dbus_per_hour = a.in_target(a.serverless_dbus_per_hour, p.performance_target);
      if (p.cluster) {
        p.serverless_rate_source = ServerlessRateSource::Replaces;
        p.serverless_dbus_per_hour = a.in_target(
            classic_dbus_per_hour(*p.cluster, p.kind, sc) * a.serverless_from_cluster_factor, p.performance_target);
      }
      if (v.has("dbus_per_hour")) {
        p.serverless_rate_source = ServerlessRateSource::Given;
        p.serverless_dbus_per_hour = non_negative(v["dbus_per_hour"]);
      }
    }
    auto tags = p.tags;
    if (p.cluster)
      for (const auto& [k, t] : p.cluster->custom_tags) tags.emplace(k, t);
    p.team = team_of(tags, team_tag);
    const bool triggered = v.has("schedule") || v.has("updates_per_day");
    if (p.continuous && (triggered || v.has("update_minutes")))
      v["continuous"].fail("a continuous pipeline runs through the period: give no schedule or updates");
    if (!p.continuous) {
      if (v.has("schedule") && v.has("updates_per_day")) v.fail("give schedule or updates_per_day, not both");
      if (!triggered || !v.has("update_minutes"))
        v.fail("a triggered pipeline needs update_minutes and a schedule or updates_per_day (or continuous: true)");
      p.update_minutes = read_spread(v["update_minutes"]);
      if (v.has("updates_per_day")) p.updates_per_day = non_negative(v["updates_per_day"]);
      if (v.has("schedule")) {
        const auto s = v["schedule"];
        s.check_keys({"quartz_cron_expression", "timezone_id", "pause_status"});
        if (!s.has("quartz_cron_expression")) s.fail("missing quartz_cron_expression");
        if (!s.has("timezone_id")) s.fail("missing timezone_id (a Java time-zone id such as UTC or Europe/Paris)");
        p.cron = read_cron(s["quartz_cron_expression"]);
        p.cron_zone = read_zone(s["timezone_id"]);
        const std::string pause = s.get_string("pause_status", "UNPAUSED");
        if (pause != "PAUSED" && pause != "UNPAUSED")
          s["pause_status"].fail("expected PAUSED or UNPAUSED, got '" + pause + "'");
        p.paused = pause == "PAUSED";
      }
    }
    sc.pipelines.push_back(std::move(p));
  }
}

// Notes on the unconfirmed serverless rates the scenario relies on and does not set itself.
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

}  // namespace

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

// Builds new containers around the original child nodes (never clones), so every value keeps its
// file position and errors in a variant point into the file.
YAML::Node merge_override(const YAML::Node& base, const YAML::Node& over) {
  if (!base.IsDefined() || base.IsNull()) return over;
  if (over.IsMap() && base.IsMap()) {
    YAML::Node out(YAML::NodeType::Map);
    for (auto it = base.begin(); it != base.end(); ++it) {
      const YAML::Node o = over[it->first.Scalar()];
      if (!o.IsDefined()) {
        out.force_insert(it->first, it->second);
      } else if (!o.IsNull()) {
        out.force_insert(it->first, merge_override(it->second, o));
      }
    }
    for (auto it = over.begin(); it != over.end(); ++it)
      if (!base[it->first.Scalar()].IsDefined() && !it->second.IsNull()) out.force_insert(it->first, it->second);
    return out;
  }
  if (over.IsSequence() && base.IsSequence()) {
    for (const char* key : {"task_key", "job_cluster_key"}) {
      bool keyed = base.size() > 0;
      for (const auto& n : base) keyed = keyed && n.IsMap() && n[key].IsDefined();
      for (const auto& n : over) keyed = keyed && n.IsMap() && n[key].IsDefined();
      if (!keyed) continue;
      YAML::Node out(YAML::NodeType::Sequence);
      for (const auto& b : base) {
        std::optional<YAML::Node> match;
        for (const auto& o : over)
          if (o[key].Scalar() == b[key].Scalar()) match.emplace(o);
        if (match) {
          out.push_back(merge_override(b, *match));
        } else {
          out.push_back(b);
        }
      }
      for (const auto& o : over) {
        bool found = false;
        for (const auto& b : base) found = found || o[key].Scalar() == b[key].Scalar();
        if (!found) out.push_back(o);
      }
      return out;
    }
  }
  return over;
}

namespace {

// The cloud's defaults for what cluster specs leave out, one note per default with the places.
void note_cloud_defaults(Scenario& sc) {
  std::vector<std::pair<std::string, std::vector<std::string>>> seen;
  auto note = [&](const ClusterSpec& c) {
    std::vector<std::string> notes;
    with_cloud_defaults(c, sc.cloud, &notes);
    for (const auto& n : notes) {
      auto it = std::find_if(seen.begin(), seen.end(), [&](const auto& e) { return e.first == n; });
      if (it == seen.end()) it = seen.insert(seen.end(), {n, {}});
      it->second.push_back(c.where.file + ":" + std::to_string(c.where.line) + ":" + std::to_string(c.where.column));
    }
  };
  for (const auto& job : sc.jobs) {
    for (const auto& [key, c] : job.job_clusters) note(c);
    for (const auto& t : job.tasks)
      if (t.new_cluster) note(*t.new_cluster);
  }
  for (const auto& a : sc.all_purpose) note(a.cluster);
  for (const auto& p : sc.pipelines)
    if (p.cluster) note(*p.cluster);
  for (const auto& [text, where] : seen) {
    std::string at;
    for (std::size_t i = 0; i < where.size() && i < 3; ++i) at += (i ? ", " : "") + where[i];
    if (where.size() > 3) at += " and " + std::to_string(where.size() - 3) + " more";
    sc.notes.push_back(std::to_string(where.size()) + (where.size() == 1 ? " cluster (" : " clusters (") + at +
                       "): " + text);
  }
}

// Instance pools come first: clusters on a pool take its node type and availability.
void read_pools(const YamlView& root, Scenario& sc, const std::string& team_tag) {
  if (!root.has("instance_pools")) return;
  std::vector<std::string> defaulted;
  for (const auto& [name, v] : root["instance_pools"].entries()) {
    v.check_keys({"tags", "node_type_id", "min_idle_instances", "max_capacity", "idle_instance_autotermination_minutes",
                  "custom_tags", "azure_attributes", "aws_attributes", "gcp_attributes", "preloaded_spark_versions",
                  "instance_pool_name", "enable_elastic_disk", "disk_spec"});
    PoolWorkload p;
    p.name = name;
    p.where = v.where();
    auto tags = read_tags(v["tags"]);
    for (const auto& [k, t] : read_tags(v["custom_tags"])) tags.emplace(k, t);
    p.team = team_of(tags, team_tag);
    if (!v.has("node_type_id")) v.fail("missing node_type_id");
    p.node_type_id = v["node_type_id"].as_string();
    sc.pricing->instances.get(p.node_type_id, to_string(sc.cloud), sc.region, v["node_type_id"].where());
    p.min_idle_instances = static_cast<int>(v.get_int("min_idle_instances", 0));
    if (p.min_idle_instances < 0) v["min_idle_instances"].fail("cannot be negative");
    if (v.has("idle_instance_autotermination_minutes"))
      p.idle_minutes = static_cast<int>(v["idle_instance_autotermination_minutes"].as_int(0, 10000));
    else
      defaulted.push_back(name);
    p.spot = read_pool_availability(v, sc.cloud);
    sc.pools.push_back(std::move(p));
  }
  if (!defaulted.empty()) {
    std::string names;
    for (const auto& n : defaulted) names += (names.empty() ? "" : ", ") + n;
    sc.notes.push_back("instance pool " + names +
                       ": no idle_instance_autotermination_minutes, so released instances are assumed to stay idle "
                       "60 minutes (the Instance Pools API says only \"a default timeout\")");
  }
}

}  // namespace

void default_region(Scenario& sc) {
  if (!sc.region.empty()) return;
  bool regional = std::any_of(sc.warehouses.begin(), sc.warehouses.end(),
                              [](const WarehouseWorkload& w) { return w.kind != ComputeKind::SqlClassic; });
  for (const auto& job : sc.jobs)
    for (const auto& t : job.tasks) regional = regional || t.compute == TaskCompute::Serverless;
  regional = regional || !sc.notebooks.empty() ||
             std::any_of(sc.pipelines.begin(), sc.pipelines.end(), [](const auto& p) { return p.serverless; });
  if (!regional) return;
  sc.region = sc.cloud == Cloud::Aws ? "us-east-1" : sc.cloud == Cloud::Gcp ? "us-central1" : "eastus";
  sc.notes.push_back("no region given: serverless and SQL Pro prices, which differ by region, are " + sc.region +
                     "'s (set `region`)");
}

namespace {

// A region-priced SKU without a price in the scenario's region is an error at the workload that
// needs it, before any simulation.
void check_regional_prices(const Scenario& sc) {
  auto check = [&](ComputeKind kind, const SourceLocation& where) {
    try {
      sc.pricing->prices.get(sku_name(sc.tier, kind, false), to_string(sc.cloud), "DBU", sc.start, sc.region);
    } catch (const InputError& e) {
      throw InputError(where, e.reason());
    }
  };
  for (const auto& job : sc.jobs)
    for (const auto& t : job.tasks)
      if (t.compute == TaskCompute::Serverless) check(ComputeKind::JobServerless, t.where);
  for (const auto& w : sc.warehouses) check(w.kind, w.where);
  for (const auto& n : sc.notebooks) check(ComputeKind::AllPurposeServerless, n.where);
  for (const auto& p : sc.pipelines)
    if (p.serverless) check(ComputeKind::JobServerless, p.where);
}

}  // namespace

Scenario load_scenario(const std::string& path, const std::string& variant) {
  return read_scenario(YamlView::load(path), variant);
}

Scenario parse_scenario(const std::string& text, const std::string& file_name, const std::string& variant) {
  return read_scenario(YamlView::parse(text, file_name), variant);
}

Scenario read_scenario(const YamlView& input, const std::string& variant) {
  input.check_keys({"scenario",
                    "description",
                    "cloud",
                    "tier",
                    "region",
                    "currency",
                    "period",
                    "pricing",
                    "assumptions",
                    "spot",
                    "team_tag",
                    "teams",
                    "jobs",
                    "all_purpose_clusters",
                    "sql_warehouses",
                    "instance_pools",
                    "variants",
                    "policies",
                    "serverless_notebooks",
                    "pipelines"});
  Scenario sc;
  sc.file = input.file();
  if (input.has("variants"))
    for (const auto& [name, body] : input["variants"].entries()) {
      body.check_keys({"description", "jobs", "all_purpose_clusters", "sql_warehouses", "instance_pools", "assumptions",
                       "spot", "pricing", "tier", "region", "enforce_policy", "serverless_notebooks", "pipelines"});
      sc.variant_names.push_back(name);
    }
  // Never assign one YamlView over another: YAML::Node assignment writes through to the source tree.
  const YamlView root = [&] {
    if (variant.empty()) return input;
    if (std::find(sc.variant_names.begin(), sc.variant_names.end(), variant) == sc.variant_names.end())
      throw InputError({input.file(), 0, 0, "variants"},
                       "no variant '" + variant + "'" + did_you_mean(variant, sc.variant_names));
    // The variant's own description, if any, becomes the scenario's description.
    const YamlView body = input["variants"][variant];
    YAML::Node over(YAML::NodeType::Map);
    for (auto it = body.node().begin(); it != body.node().end(); ++it)
      if (it->first.Scalar() != "enforce_policy") over.force_insert(it->first, it->second);
    const auto file = std::make_shared<const std::string>(input.file());
    YAML::Node merged = merge_override(input.node(), over);
    if (body.has("enforce_policy")) {
      const YamlView name_view = body["enforce_policy"];
      const std::string name = name_view.as_string();
      const auto policies = load_scenario_policies(input);
      if (!policies.count(name)) {
        std::vector<std::string> names;
        for (const auto& [n, p] : policies) names.push_back(n);
        name_view.fail("no policy '" + name + "' in policies:" + did_you_mean(name, names));
      }
      const YamlView unenforced(file, merged, "");
      const Scenario plain = read_scenario(unenforced, "");
      const PolicyPricing pricing{plain.pricing.get(), plain.cloud, plain.tier, plain.region, plain.start};
      merged =
          merge_override(merged, enforcement_override(unenforced, policies.at(name), name, pricing, sc.policy_notes));
    }
    return YamlView(file, merged, "");
  }();
  sc.name = root.get_string("scenario", "scenario");
  sc.description = root.get_string("description", "");
  try {
    sc.cloud = parse_cloud(root.get_string("cloud", "azure"));
  } catch (const std::invalid_argument& e) {
    root["cloud"].fail(e.what());
  }
  try {
    sc.tier = parse_tier(root.get_string("tier", "premium"));
  } catch (const std::invalid_argument& e) {
    root["tier"].fail(e.what());
  }
  sc.region = root.get_string("region", "");
  sc.currency = root.get_string("currency", "USD");
  if (!root.has("period")) root.fail("missing period: {start: YYYY-MM-DD, end: YYYY-MM-DD, timezone: UTC}");
  const auto period = root["period"];
  period.check_keys({"start", "end", "timezone"});
  sc.timezone_id = period.get_string("timezone", "UTC");
  sc.zone = period.has("timezone") ? read_zone(period["timezone"]) : find_time_zone("UTC");
  for (const char* k : {"start", "end"}) {
    if (!period.has(k)) period.fail(std::string("missing ") + k);
    try {
      (std::string(k) == "start" ? sc.start : sc.end) = parse_time_point(period[k].as_string(), sc.zone, k);
    } catch (const InputError& e) {
      period[k].fail(e.reason());
    }
  }
  if (sc.end <= sc.start) period["end"].fail("the period must end after it starts");
  if (sc.end - sc.start > 366LL * 86400 * 5) period["end"].fail("a period longer than five years is not supported");

  PricingFiles files;
  if (root.has("pricing")) {
    const auto p = root["pricing"];
    p.check_keys({"prices", "instances", "photon_multipliers", "warehouse_shapes", "discounts", "account_prices",
                  "commitments"});
    auto rel = [&](const std::string& path) {
      if (path == "builtin" || path.empty() || path[0] == '/') return path;
      const auto slash = sc.file.find_last_of('/');
      return slash == std::string::npos ? path : sc.file.substr(0, slash + 1) + path;
    };
    files.prices = rel(p.get_string("prices", ""));
    files.instances = rel(p.get_string("instances", ""));
    files.photon_multipliers = rel(p.get_string("photon_multipliers", ""));
    files.warehouse_shapes = rel(p.get_string("warehouse_shapes", ""));
    if (p.has("account_prices")) {
      files.account_prices = rel(p["account_prices"].as_string());
      if (files.account_prices.empty() || files.account_prices == "builtin")
        p["account_prices"].fail("expected the path of a system.billing.account_prices export");
    }
    if (p.has("discounts")) read_discounts(p["discounts"], sc.discounts);
    if (p.has("commitments")) sc.commitments = read_commitments(p["commitments"], sc.cloud);
  }
  sc.pricing = std::make_shared<const LoadedPricing>(load_pricing(files));
  check_sku_discounts(sc.discounts, sc.pricing->prices);
  sc.policy_findings =
      check_scenario_policies(root, load_scenario_policies(root),
                              PolicyPricing{sc.pricing.get(), sc.cloud, sc.tier, sc.region, sc.start}, sc.policy_notes);

  if (root.has("spot")) {
    const auto v = root["spot"];
    v.check_keys({"eviction_rate_per_hour", "band_reading", "capacity_event_rate_per_hour", "capacity_event_fraction",
                  "graceful_decommission", "decommission_seconds_needed", "in_flight_minutes",
                  "map_output_loss_probability", "replacement_minutes", "spot_unavailable_probability",
                  "spot_price_cv"});
    auto& sp = sc.spot;
    sp.enabled = true;
    if (v.has("eviction_rate_per_hour")) sp.eviction_rate_per_hour = read_eviction_rate(v["eviction_rate_per_hour"]);
    if (v.has("band_reading")) {
      sp.band_reading = v["band_reading"].as_string();
      const auto& r = band_readings();
      if (std::find(r.begin(), r.end(), sp.band_reading) == r.end())
        v["band_reading"].fail("expected per_month, per_day or per_hour, got '" + sp.band_reading + "'" +
                               did_you_mean(sp.band_reading, r));
    }
    if (v.has("capacity_event_rate_per_hour"))
      sp.capacity_event_rate_per_hour = non_negative(v["capacity_event_rate_per_hour"], "a rate");
    if (v.has("capacity_event_fraction")) sp.capacity_event_fraction = probability(v["capacity_event_fraction"]);
    sp.graceful_decommission = v.get_bool("graceful_decommission", false);
    if (v.has("decommission_seconds_needed"))
      sp.decommission_seconds_needed = non_negative(v["decommission_seconds_needed"]);
    if (v.has("in_flight_minutes")) sp.in_flight_minutes = non_negative(v["in_flight_minutes"]);
    if (v.has("map_output_loss_probability"))
      sp.map_output_loss_probability = probability(v["map_output_loss_probability"]);
    if (v.has("replacement_minutes")) sp.replacement_minutes = read_spread(v["replacement_minutes"]);
    if (v.has("spot_unavailable_probability"))
      sp.spot_unavailable_probability = probability(v["spot_unavailable_probability"]);
    if (v.has("spot_price_cv")) sp.spot_price_cv = non_negative(v["spot_price_cv"], "a coefficient of variation");
  }
  if (root.has("assumptions")) {
    const auto a = root["assumptions"];
    a.check_keys({"cluster_startup_minutes", "dbus_during_startup", "serverless_dbus_per_hour",
                  "performance_optimized_multiplier", "serverless_from_cluster_factor", "notebook_dbus_per_hour",
                  "notebook_idle_minutes"});
    if (a.has("cluster_startup_minutes"))
      sc.assumptions.cluster_startup_minutes = read_spread(a["cluster_startup_minutes"]);
    sc.assumptions.dbus_during_startup = a.get_bool("dbus_during_startup", false);
    read_serverless_assumptions(a, sc.assumptions);
  }
  const std::string team_tag = root.get_string("team_tag", "team");
  if (root.has("teams")) {
    for (const auto& [name, t] : root["teams"].entries()) {
      sc.teams.push_back(name);
      if (!t.defined()) continue;
      t.check_keys({"monthly_budget"});
      if (t.has("monthly_budget")) {
        const auto m = Money::parse(t["monthly_budget"].as_string());
        if (!m || m->micros() < 0) t["monthly_budget"].fail("expected an amount such as 25000 or 25000.00");
        sc.budgets[name] = *m;
      }
    }
  }
  read_pools(root, sc, team_tag);
  std::set<std::string> ap_names;
  if (root.has("all_purpose_clusters"))
    for (const auto& [name, v] : root["all_purpose_clusters"].entries()) ap_names.insert(name);
  if (root.has("jobs"))
    for (const auto& [name, v] : root["jobs"].entries()) sc.jobs.push_back(read_job(name, v, sc, team_tag, ap_names));
  read_all_purpose(root, sc, team_tag);
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
  if (root.has("sql_warehouses")) {
    for (const auto& [name, v] : root["sql_warehouses"].entries()) {
      v.check_keys({"tags", "warehouse_type", "enable_serverless_compute", "cluster_size", "min_num_clusters",
                    "max_num_clusters", "auto_stop_mins", "enable_photon", "spot_instance_policy", "channel", "name",
                    "activity", "queries_per_cluster"});
      WarehouseWorkload w;
      w.name = name;
      w.where = v.where();
      w.team = team_of(read_tags(v["tags"]), team_tag);
      const WarehouseSpec spec = read_warehouse_spec(v, sc.pricing->warehouse_sizes);
      w.kind = spec.kind;
      w.cluster_size = spec.cluster_size;
      w.cluster_dbus_per_hour = spec.cluster_dbus_per_hour;
      w.min_num_clusters = spec.min_num_clusters;
      w.max_num_clusters = spec.max_num_clusters;
      w.auto_stop_mins = spec.auto_stop_mins;
      w.spot_instance_policy = spec.spot_instance_policy;
      w.notes = warehouse_nodes(w.kind, w.cluster_size, w.spot_instance_policy, sc.cloud, sc.pricing->instances,
                                sc.pricing->warehouse_shapes, spec.cluster_size_where)
                    .notes;
      if (v.has("queries_per_cluster"))
        w.queries_per_cluster = static_cast<int>(v["queries_per_cluster"].as_int(1, 1000));
      if (!v.has("activity")) v.fail("missing activity: {days: ..., hours: ..., queries_per_hour: ...}");
      w.queries = read_arrivals(v["activity"], "queries_per_hour");
      if (v["activity"].has("query_seconds")) w.query_seconds = read_spread(v["activity"]["query_seconds"]).mean;
      sc.warehouses.push_back(std::move(w));
    }
  }
  read_notebooks(root, sc, team_tag);
  read_pipelines(root, sc, team_tag);
  serverless_notes(sc);
  if (!variant.empty()) {
    // Runtimes were measured on the base scenario's clusters: keep its reference sizes.
    const Scenario base = read_scenario(input, "");
    for (auto& job : sc.jobs)
      for (const auto& bj : base.jobs)
        if (bj.name == job.name)
          for (auto& t : job.tasks)
            for (const auto& bt : bj.tasks)
              if (bt.task_key == t.task_key && t.runtime.minutes == bt.runtime.minutes) {
                t.runtime.reference_workers = bt.runtime.reference_workers;
                t.runtime.reference_photon = bt.runtime.reference_photon;
              }
  }
  note_cloud_defaults(sc);
  default_region(sc);
  check_regional_prices(sc);
  return sc;
}

}  // namespace dbcost
