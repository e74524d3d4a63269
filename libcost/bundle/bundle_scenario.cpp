#include "bundle/bundle_scenario.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>

#include "bundle/bundle_jobs.h"
#include "bundle/config_merge.h"
#include "bundle/default_node_type.h"
#include "spec/cluster_spec.h"
#include "workload/scenario_reader.h"

namespace dbcost {
namespace {

const std::vector<std::pair<const char*, std::vector<std::string>>> kAttributeKeys = {
    {"azure_attributes",
     {"availability", "first_on_demand", "spot_bid_max_price", "log_analytics_info", "capacity_reservation_group"}},
    {"aws_attributes",
     {"availability", "first_on_demand", "spot_bid_price_percent", "zone_id", "instance_profile_arn", "ebs_volume_type",
      "ebs_volume_count", "ebs_volume_size", "ebs_volume_iops", "ebs_volume_throughput"}},
    {"gcp_attributes",
     {"availability", "first_on_demand", "boot_disk_size", "google_service_account", "local_ssd_count",
      "use_preemptible_executors", "zone_id"}}};

// Jobs API job keys dbcost reads or knows not to price (for did-you-mean notes on the rest).
const std::vector<std::string>& job_keys() {
  static const std::vector<std::string> keys = [] {
    std::vector<std::string> k = job_meta_keys();
    for (const char* read :
         {"tags", "schedule", "trigger", "continuous", "max_concurrent_runs", "job_clusters", "tasks"})
      k.push_back(read);
    return k;
  }();
  return keys;
}

std::string scalar(const YAML::Node& n, const std::string& fallback = "") {
  return n.IsDefined() && n.IsScalar() ? n.Scalar() : fallback;
}

std::string number_text(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.12g", v);
  return buf;
}

YAML::Node minutes_zero() {
  YAML::Node r(YAML::NodeType::Map);
  r.force_insert("minutes", "0");
  return r;
}

void note_near_misses(const BundleSources& sources, const YamlView& v, const std::vector<std::string>& known,
                      std::vector<std::string>& notes) {
  if (!v.is_map()) return;
  for (const auto& [k, value] : v.entries()) {
    if (std::find(known.begin(), known.end(), k) != known.end()) continue;
    const std::string hint = did_you_mean(k, known);
    if (!hint.empty()) notes.push_back(sources.note_at(value, "unknown key '" + k + "' is not priced" + hint));
  }
}

// A new_cluster with the keys dbcost reads (the rest of a real spec does not change its cost).
YAML::Node filter_cluster(const YAML::Node& c) {
  if (!c.IsMap()) return c;
  std::optional<YAML::Node> out;
  out.emplace(pick_keys(c, cluster_spec_keys()));
  for (const auto& [block, keys] : kAttributeKeys)
    if (child(c, block).IsMap()) out.emplace(with_key(*out, block, pick_keys(child(c, block), keys)));
  if (child(c, "autoscale").IsMap())
    out.emplace(with_key(*out, "autoscale", pick_keys(child(c, "autoscale"), {"min_workers", "max_workers"})));
  return *out;
}

// A cluster that names neither node_type_id nor instance_pool_id runs on the workspace's default
// node type (a pipeline cluster inherits it too), which the bundle does not say: "" when it names one.
std::string missing_node_type(const BundleSources& sources, const YamlView& cluster) {
  if (!cluster.is_map() || cluster.has("node_type_id") || cluster.has("instance_pool_id")) return "";
  return sources.note_at(cluster,
                         "not priced: the cluster names no node_type_id, so it runs on the workspace's default node "
                         "type, which the bundle does not say (set node_type_id, or give --default-node-type TYPE, to "
                         "price it)");
}

// The first cluster of the job that cannot be priced, as a note; "" when every one can.
std::string unpriceable_job(const BundleSources& sources, const YamlView& job) {
  for (const auto& jc : job["job_clusters"].is_sequence() ? job["job_clusters"].items() : std::vector<YamlView>{})
    if (auto note = missing_node_type(sources, jc["new_cluster"]); !note.empty()) return note;
  for (const auto& t : job["tasks"].is_sequence() ? job["tasks"].items() : std::vector<YamlView>{}) {
    if (!t.is_map()) continue;
    const YamlView compute = t.has("for_each_task") ? t["for_each_task"]["task"] : t;
    if (compute.has("existing_cluster_id") || compute.has("job_cluster_key")) continue;
    if (auto note = missing_node_type(sources, compute["new_cluster"]); !note.empty()) return note;
  }
  return "";
}

std::string flat_tag(const YAML::Node& tags, const std::string& key) { return scalar(child(tags, key)); }

// SQL warehouse tags are {custom_tags: [{key, value}]} in the API; a flat mapping is read too.
YAML::Node warehouse_tags(const YAML::Node& tags) {
  YAML::Node out(YAML::NodeType::Map);
  const YAML::Node custom = child(tags, "custom_tags");
  if (custom.IsSequence()) {
    for (const auto& t : custom)
      if (child(t, "key").IsScalar() && child(t, "value").IsScalar()) out.force_insert(t["key"], t["value"]);
  } else if (tags.IsMap()) {
    for (auto it = tags.begin(); it != tags.end(); ++it)
      if (it->second.IsScalar()) out.force_insert(it->first, it->second);
  }
  return out;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
  return out;
}

// --- cloud --------------------------------------------------------------------------------------

struct CloudEvidence {
  std::vector<std::string> attributes;  // clouds named by attribute blocks
  std::map<std::string, int> nodes;     // cloud -> node types it knows
};

void look_at_cluster(const YAML::Node& c, const InstanceCatalog& instances, CloudEvidence& e) {
  if (!c.IsMap()) return;
  for (const auto& [block, cloud] : {std::pair<const char*, const char*>{"azure_attributes", "azure"},
                                     {"aws_attributes", "aws"},
                                     {"gcp_attributes", "gcp"}})
    if (child(c, block).IsDefined()) e.attributes.push_back(cloud);
  for (const char* key : {"node_type_id", "driver_node_type_id"}) {
    const std::string node = scalar(child(c, key));
    if (node.empty()) continue;
    for (const auto& [upper, lower] :
         {std::pair<const char*, const char*>{"AZURE", "azure"}, {"AWS", "aws"}, {"GCP", "gcp"}})
      if (instances.find(node, upper)) ++e.nodes[lower];
  }
}

std::pair<std::string, std::string> infer_cloud(const Bundle& b, const std::string& forced,
                                                const InstanceCatalog& instances, std::vector<std::string>& notes) {
  if (!forced.empty()) {
    std::string c = forced;
    for (auto& ch : c) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return {c, "--cloud"};
  }
  CloudEvidence e;
  const YAML::Node& r = b.resources;
  const YAML::Node jobs = child(r, "jobs");
  if (jobs.IsMap())
    for (auto it = jobs.begin(); it != jobs.end(); ++it) {
      const YAML::Node clusters = child(it->second, "job_clusters");
      if (clusters.IsSequence())
        for (const auto& jc : clusters) look_at_cluster(child(jc, "new_cluster"), instances, e);
      const YAML::Node tasks = child(it->second, "tasks");
      if (tasks.IsSequence())
        for (const auto& t : tasks) look_at_cluster(child(compute_of(t), "new_cluster"), instances, e);
    }
  const YAML::Node pipelines = child(r, "pipelines");
  if (pipelines.IsMap())
    for (auto it = pipelines.begin(); it != pipelines.end(); ++it)
      if (child(it->second, "clusters").IsSequence())
        for (const auto& c : child(it->second, "clusters")) look_at_cluster(c, instances, e);
  const YAML::Node clusters = child(r, "clusters");
  if (clusters.IsMap())
    for (auto it = clusters.begin(); it != clusters.end(); ++it) look_at_cluster(it->second, instances, e);
  std::sort(e.attributes.begin(), e.attributes.end());
  e.attributes.erase(std::unique(e.attributes.begin(), e.attributes.end()), e.attributes.end());
  if (e.attributes.size() == 1) return {e.attributes.front(), e.attributes.front() + "_attributes"};
  if (e.attributes.size() > 1) notes.push_back("clusters carry attributes of several clouds: " + join(e.attributes));
  if (!e.nodes.empty()) {
    std::string best;
    int votes = 0;
    for (const char* c : {"azure", "aws", "gcp"})
      if (e.nodes.count(c) && e.nodes.at(c) > votes) {
        best = c;
        votes = e.nodes.at(c);
      }
    return {best, "node types"};
  }
  const std::string host = b.workspace_host;
  if (host.find("azuredatabricks.net") != std::string::npos) return {"azure", "workspace host"};
  if (host.find("gcp.databricks.com") != std::string::npos) return {"gcp", "workspace host"};
  if (host.find("databricks.com") != std::string::npos) return {"aws", "workspace host"};
  notes.push_back("no cluster, attribute or workspace host names the cloud: azure assumed (give --cloud)");
  return {"azure", "assumed"};
}

// --- jobs ---------------------------------------------------------------------------------------

enum class Starts { Manual, Time, Data, Continuous };

struct JobContext {
  const BundleSources& sources;
  const std::set<std::string>& bundle_clusters;
  std::set<std::string>& used_clusters;
  double month_hours;
  std::string team_tag;
};

// "${resources.clusters.NAME.id}" -> NAME; "" for any other cluster id.
std::string bundle_cluster_of(const std::string& id) {
  const std::string prefix = "${resources.clusters.", suffix = ".id}";
  if (id.rfind(prefix, 0) == 0 && id.size() > prefix.size() + suffix.size() &&
      id.compare(id.size() - suffix.size(), suffix.size(), suffix) == 0)
    return id.substr(prefix.size(), id.size() - prefix.size() - suffix.size());
  return "";
}

// The task's compute into `out`: a cluster of this bundle, a job cluster or a new cluster.
// Returns whether the task is free here (a control task, or one on a cluster outside the bundle).
bool convert_task_compute(const YAML::Node& t, const YamlView& tv, const std::string& key, YAML::Node& out,
                          ResourcePlan& plan, JobContext& ctx) {
  if (is_control_task(t)) return true;
  const YAML::Node compute = compute_of(t);
  if (child(compute, "existing_cluster_id").IsDefined()) {
    const std::string id = scalar(child(compute, "existing_cluster_id"));
    const std::string cluster = bundle_cluster_of(id);
    if (!cluster.empty() && ctx.bundle_clusters.count(cluster)) {
      out.force_insert("existing_cluster_id", cluster);
      ctx.used_clusters.insert(cluster);
      return false;
    }
    plan.notes.push_back("task " + key + " runs on existing cluster '" + id +
                         "', not a resource of this bundle: billed to that cluster");
    return true;
  }
  if (child(compute, "job_cluster_key").IsDefined()) out.force_insert("job_cluster_key", compute["job_cluster_key"]);
  if (child(compute, "new_cluster").IsDefined()) {
    note_near_misses(ctx.sources, ctx.sources.view(compute["new_cluster"], tv.path() + ".new_cluster"),
                     cluster_spec_keys(), plan.notes);
    out.force_insert("new_cluster", filter_cluster(compute["new_cluster"]));
  }
  if (child(t, "environment_key").IsDefined()) out.force_insert("environment_key", t["environment_key"]);
  return false;
}

// A priced task's retries, timeout and runtime (from the runtimes file; else none, and `missing`).
void convert_task_runtime(const YAML::Node& t, const std::string& key, const JobRuntimes* rt, YAML::Node& out,
                          ResourcePlan& plan, std::vector<std::string>& missing) {
  const auto found = rt ? rt->tasks.find(key) : std::map<std::string, TaskRuntimes>::const_iterator();
  const TaskRuntimes* tr = rt && found != rt->tasks.end() ? &found->second : nullptr;
  if (tr && tr->max_retries)
    out.force_insert("max_retries", *tr->max_retries);
  else if (child(t, "max_retries").IsScalar())
    out.force_insert("max_retries", t["max_retries"]);
  if (child(t, "timeout_seconds").IsScalar()) out.force_insert("timeout_seconds", t["timeout_seconds"]);
  if (!tr) {
    out.force_insert("runtime", minutes_zero());
    missing.push_back(key);
    return;
  }
  out.force_insert("runtime", tr->runtime);
  if (tr->failure_probability) out.force_insert("failure_probability", *tr->failure_probability);
  if (tr->serverless) out.force_insert("serverless", *tr->serverless);
  if (tr->reference_given) plan.reference_given.insert(key);
}

YAML::Node convert_task(const YAML::Node& t, const YamlView& tv, const JobRuntimes* rt, ResourcePlan& plan,
                        JobContext& ctx, std::vector<std::string>& missing) {
  const std::string key = scalar(child(t, "task_key"));
  YAML::Node out(YAML::NodeType::Map);
  if (child(t, "task_key").IsDefined()) out.force_insert("task_key", t["task_key"]);
  const YAML::Node deps = child(t, "depends_on");
  if (deps.IsSequence()) {
    YAML::Node d(YAML::NodeType::Sequence);
    for (const auto& item : deps)
      d.push_back(item.IsMap() ? pick_keys(item, {"task_key", "outcome"}) : YAML::Node(item));
    out.force_insert("depends_on", d);
  }
  if (!convert_task_compute(t, tv, key, out, plan, ctx)) {
    convert_task_runtime(t, key, rt, out, plan, missing);
    return out;
  }
  plan.free_tasks.insert(key);
  out.force_insert("runtime", minutes_zero());
  if (child(t, "run_job_task").IsDefined())
    plan.notes.push_back("task " + key + " starts job " + scalar(child(t, {"run_job_task", "job_id"})) +
                         ": that job is priced on its own");
  return out;
}

YAML::Node convert_tasks(const std::string& name, const YamlView& job, const JobRuntimes* rt, ResourcePlan& plan,
                         JobContext& ctx, std::vector<std::string>& missing) {
  YAML::Node tasks(YAML::NodeType::Sequence);
  const YAML::Node source = child(job.node(), "tasks");
  if (!source.IsSequence()) return source;
  std::vector<std::string> keys;
  std::size_t index = 0;
  for (const auto& t : source) {
    const YamlView tv = ctx.sources.view(t, job.path() + ".tasks[" + std::to_string(index++) + "]");
    if (!t.IsMap()) {
      tasks.push_back(t);
      continue;
    }
    keys.push_back(scalar(child(t, "task_key")));
    tasks.push_back(convert_task(t, tv, rt, plan, ctx, missing));
  }
  if (rt)
    for (const auto& [key, tr] : rt->tasks)
      if (std::find(keys.begin(), keys.end(), key) == keys.end())
        plan.notes.push_back("runtime for task '" + key + "' ignored: job " + name + " has no such task" +
                             did_you_mean(key, keys));
  return tasks;
}

// The job's schedule, trigger and continuous blocks, as the scenario reads them; how it starts.
Starts convert_triggers(const YAML::Node& j, YAML::Node& out, ResourcePlan& plan) {
  Starts starts = Starts::Manual;
  if (child(j, "schedule").IsDefined()) {
    out.force_insert("schedule", pick_keys(j["schedule"], {"quartz_cron_expression", "timezone_id", "pause_status"}));
    starts = Starts::Time;
  }
  if (child(j, "trigger").IsDefined()) {
    const YAML::Node t = j["trigger"];
    YAML::Node picked = pick_keys(t, {"pause_status"});
    if (child(t, "periodic").IsDefined()) {
      picked.force_insert("periodic", pick_keys(t["periodic"], {"interval", "unit"}));
      starts = Starts::Time;
    }
    for (const char* kind : {"table_update", "file_arrival"})
      if (child(t, kind).IsDefined()) {
        picked.force_insert(kind,
                            pick_keys(t[kind], {"table_names", "condition", "url", "min_time_between_triggers_seconds",
                                                "wait_after_last_change_seconds"}));
        starts = Starts::Data;
      }
    if (picked.size() > (child(t, "pause_status").IsDefined() ? 1u : 0u))
      out.force_insert("trigger", picked);
    else
      plan.notes.push_back("trigger kind not modelled (model, sql_condition): the job is taken as started by hand");
  }
  if (child(j, "continuous").IsDefined()) {
    out.force_insert("continuous", pick_keys(j["continuous"], {"pause_status", "task_retry_mode"}));
    starts = Starts::Continuous;
  }
  return starts;
}

// A job started by hand runs runs_per_month times, as file arrivals at that rate.
void convert_manual_runs(const std::string& name, const JobRuntimes* rt, Starts starts, double month_hours,
                         YAML::Node& out, ResourcePlan& plan) {
  if (starts != Starts::Manual) {
    if (rt && rt->runs_per_month)
      plan.notes.push_back("runs_per_month ignored: the job has a schedule, trigger or is continuous");
    return;
  }
  if (!rt || !rt->runs_per_month) {
    plan.runs_known = false;
    plan.notes.push_back("no schedule or trigger: runs only when started (give jobs." + name +
                         ".runs_per_month in the runtimes file)");
    return;
  }
  YAML::Node fa(YAML::NodeType::Map);
  fa.force_insert("url", "runs_per_month");
  YAML::Node trigger(YAML::NodeType::Map);
  trigger.force_insert("file_arrival", fa);
  out.force_insert("trigger", trigger);
  YAML::Node arrivals(YAML::NodeType::Map);
  arrivals.force_insert("per_hour", number_text(*rt->runs_per_month / month_hours));
  out.force_insert("arrivals", arrivals);
  plan.trigger = "manual, " + number_text(*rt->runs_per_month) + " runs/month";
}

// A data-triggered job's arrivals from the runtimes file. Returns whether its trigger must be
// dropped (no arrivals: the scenario cannot read a data trigger without them).
bool convert_arrivals(const std::string& name, const JobRuntimes* rt, Starts starts, YAML::Node& out,
                      ResourcePlan& plan) {
  if (starts != Starts::Data) {
    if (rt && rt->arrivals && !(rt->runs_per_month && starts == Starts::Manual))
      plan.notes.push_back("arrivals ignored: the job has no table_update or file_arrival trigger");
    return false;
  }
  if (rt && rt->arrivals) {
    out.force_insert("arrivals", *rt->arrivals);
    return false;
  }
  if (!plan.paused) {
    plan.runs_known = false;
    plan.notes.push_back("runs follow data arrivals (give jobs." + name + ".arrivals in the runtimes file)");
  }
  return true;
}

YAML::Node convert_job_clusters(const YamlView& job, JobContext& ctx, ResourcePlan& plan) {
  YAML::Node jcs(YAML::NodeType::Sequence);
  for (const auto& jc : job["job_clusters"].items()) {
    if (!jc.is_map()) {
      jcs.push_back(jc.node());
      continue;
    }
    YAML::Node m = pick_keys(jc.node(), {"job_cluster_key"});
    if (jc.has("new_cluster")) {
      note_near_misses(ctx.sources, jc["new_cluster"], cluster_spec_keys(), plan.notes);
      m.force_insert("new_cluster", filter_cluster(jc["new_cluster"].node()));
    }
    jcs.push_back(m);
  }
  return jcs;
}

YAML::Node scalar_tags(const YAML::Node& tags) {
  YAML::Node t(YAML::NodeType::Map);
  for (auto it = tags.begin(); it != tags.end(); ++it)
    if (it->second.IsScalar()) t.force_insert(it->first, it->second);
  return t;
}

YAML::Node convert_job(const std::string& name, const YamlView& job, const JobRuntimes* rt, ResourcePlan& plan,
                       JobContext& ctx) {
  const YAML::Node& j = job.node();
  YAML::Node out(YAML::NodeType::Map);
  note_near_misses(ctx.sources, job, job_keys(), plan.notes);
  if (child(j, "tags").IsMap()) out.force_insert("tags", scalar_tags(child(j, "tags")));
  const Starts starts = convert_triggers(j, out, plan);
  for (const char* k : {"max_concurrent_runs", "timeout_seconds"})
    if (child(j, k).IsScalar()) out.force_insert(k, j[k]);
  if (child(j, "performance_target").IsScalar()) out.force_insert("performance_target", j["performance_target"]);
  if (rt && rt->max_retries) out.force_insert("max_retries", *rt->max_retries);
  if (rt && rt->sla_minutes) out.force_insert("sla_minutes", *rt->sla_minutes);
  convert_manual_runs(name, rt, starts, ctx.month_hours, out, plan);
  const bool drop_trigger = convert_arrivals(name, rt, starts, out, plan);
  if (job["job_clusters"].is_sequence()) out.force_insert("job_clusters", convert_job_clusters(job, ctx, plan));
  std::vector<std::string> missing;
  out.force_insert("tasks", convert_tasks(name, job, rt, plan, ctx, missing));
  if (plan.paused) plan.runs_known = true;
  plan.priced = plan.paused || (missing.empty() && plan.runs_known);
  if (!missing.empty() && !plan.paused)
    plan.notes.insert(plan.notes.begin(), "cost depends on runtime: no runtime for task" +
                                              std::string(missing.size() > 1 ? "s " : " ") + join(missing));
  if (plan.paused) plan.notes.insert(plan.notes.begin(), "paused: no runs");
  if (drop_trigger || (!plan.priced && starts == Starts::Continuous)) {
    plan.runs_known = plan.paused;
    return without_key(without_key(without_key(without_key(out, "continuous"), "trigger"), "arrivals"), "schedule");
  }
  return out;
}

}  // namespace

std::pair<std::string, std::string> month_bounds(const std::string& month) {
  int y = 0, m = 0;
  char tail = 0;
  if (month.size() != 7 || std::sscanf(month.c_str(), "%4d-%2d%c", &y, &m, &tail) != 2 || month[4] != '-' || m < 1 ||
      m > 12 || y < 1970)
    throw InputError({"", 0, 0, "--month"}, "expected a month as YYYY-MM, got '" + month + "'");
  char a[40], b[40];
  std::snprintf(a, sizeof a, "%04d-%02d-01", y, m);
  std::snprintf(b, sizeof b, "%04d-%02d-01", m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1);
  return {a, b};
}

std::string next_month() {
  using namespace std::chrono;
  const year_month_day today{floor<days>(system_clock::now())};
  const year_month next = year_month{today.year(), today.month()} + months{1};
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u", static_cast<int>(next.year()), static_cast<unsigned>(next.month()));
  return buf;
}

namespace {

double hours_in_month(const std::string& yyyy_mm) {
  int y = 0, m = 0;
  std::sscanf(yyyy_mm.c_str(), "%d-%d", &y, &m);
  using namespace std::chrono;
  const year_month first{year{y}, month{static_cast<unsigned>(m)}};
  const year_month next = first + months{1};
  return static_cast<double>((sys_days{next / 1} - sys_days{first / 1}).count()) * 24;
}

YAML::Node discounts_section(const Discounts& discounts) {
  YAML::Node d(YAML::NodeType::Map);
  d.force_insert("dbu_percent", discounts.dbu_percent.to_string());
  d.force_insert("vm_percent", discounts.vm_percent.to_string());
  if (!discounts.spot_vm_percent.is_zero()) d.force_insert("spot_vm_percent", discounts.spot_vm_percent.to_string());
  if (!discounts.sku_percent.empty()) {
    YAML::Node skus(YAML::NodeType::Map);
    for (const auto& [sku, s] : discounts.sku_percent) skus.force_insert(sku, s.percent.to_string());
    d.force_insert("skus", skus);
  }
  return d;
}

// The scenario's pricing: the price files given (absolute paths) and the discounts.
YAML::Node pricing_section(const ConversionOptions& options) {
  YAML::Node pricing(YAML::NodeType::Map);
  auto absolute = [](const std::string& p) {
    return p.empty() || p == "builtin" ? p : std::filesystem::absolute(p).string();
  };
  if (!options.pricing.prices.empty()) pricing.force_insert("prices", absolute(options.pricing.prices));
  if (!options.pricing.instances.empty()) pricing.force_insert("instances", absolute(options.pricing.instances));
  if (!options.pricing.photon_multipliers.empty())
    pricing.force_insert("photon_multipliers", absolute(options.pricing.photon_multipliers));
  if (!options.pricing.warehouse_shapes.empty())
    pricing.force_insert("warehouse_shapes", absolute(options.pricing.warehouse_shapes));
  if (options.discounts.any()) pricing.force_insert("discounts", discounts_section(options.discounts));
  if (!options.pricing.account_prices.empty())
    pricing.force_insert("account_prices", absolute(options.pricing.account_prices));
  return pricing;
}

// scenario, cloud, tier, region, period (the month, UTC), pricing, assumptions and team_tag.
YAML::Node scenario_settings(const Bundle& bundle, const BundleScenario& out, const Runtimes& runtimes,
                             const ConversionOptions& options, const std::pair<std::string, std::string>& month) {
  const auto& [start, end] = month;
  YAML::Node tree(YAML::NodeType::Map);
  tree.force_insert("scenario", bundle.name + " (" + bundle.target + ")");
  tree.force_insert("cloud", out.cloud);
  tree.force_insert("tier", options.tier.empty() ? std::string("premium") : options.tier);
  if (!options.region.empty()) tree.force_insert("region", options.region);
  YAML::Node period(YAML::NodeType::Map);
  period.force_insert("start", start);
  period.force_insert("end", end);
  period.force_insert("timezone", "UTC");
  tree.force_insert("period", period);
  const YAML::Node pricing = pricing_section(options);
  if (pricing.size() > 0) tree.force_insert("pricing", pricing);
  if (runtimes.assumptions) tree.force_insert("assumptions", *runtimes.assumptions);
  tree.force_insert("team_tag", options.team_tag);
  return tree;
}

// `tasks: null`, `tasks: []` or no tasks key: the CLI deploys such a job, and it runs nothing.
bool no_tasks(const YamlView& job) {
  const YAML::Node tasks = child(job.node(), "tasks");
  return !tasks.IsDefined() || tasks.IsNull() || (tasks.IsSequence() && tasks.size() == 0);
}

YAML::Node convert_jobs(const Bundle& bundle, const YamlView& resources, const Runtimes& runtimes, JobContext& ctx,
                        BundleScenario& out) {
  std::map<std::string, BundleJobInfo> infos;
  for (auto& info : bundle_jobs(bundle, ctx.team_tag)) infos.emplace(info.name, info);
  YAML::Node jobs(YAML::NodeType::Map);
  std::vector<std::string> names;
  if (resources["jobs"].is_map()) {
    for (const auto& [name, job] : resources["jobs"].entries()) {
      names.push_back(name);
      ResourcePlan plan;
      plan.name = name;
      plan.kind = "job";
      plan.node = job.node();
      if (!job.is_map()) job.fail("expected a job: a mapping with tasks, job_clusters, schedule, ...");
      const auto& info = infos.at(name);
      plan.team = info.team;
      plan.trigger = info.trigger;
      plan.paused = info.paused;
      plan.clusters = info.clusters;
      if (no_tasks(job)) {
        plan.priced = true;
        plan.in_scenario = false;
        plan.notes.push_back(ctx.sources.note_at(job, "job " + name + " has no tasks: nothing runs, priced as 0"));
        out.resources.push_back(std::move(plan));
        continue;
      }
      if (const std::string note = unpriceable_job(ctx.sources, job); !note.empty()) {
        plan.in_scenario = false;
        plan.notes.push_back(note);
        out.resources.push_back(std::move(plan));
        continue;
      }
      const auto rt = runtimes.jobs.find(name);
      jobs.force_insert(name, convert_job(name, job, rt == runtimes.jobs.end() ? nullptr : &rt->second, plan, ctx));
      out.resources.push_back(std::move(plan));
    }
  }
  for (const auto& [name, rt] : runtimes.jobs)
    if (std::find(names.begin(), names.end(), name) == names.end())
      out.notes.push_back("runtimes for job '" + name + "' ignored: no such job in target " + bundle.target +
                          did_you_mean(name, names));
  return jobs;
}

// --- pipelines, SQL warehouses and all-purpose clusters -----------------------------------------

// The pipeline's default cluster (label absent or "default"), first of its kind, into the plan.
std::optional<YAML::Node> default_pipeline_cluster(const std::string& name, const YAML::Node& n, ResourcePlan& plan) {
  std::optional<YAML::Node> cluster;
  if (!child(n, "clusters").IsSequence()) return cluster;
  std::size_t i = 0;
  for (const auto& c : child(n, "clusters")) {
    std::string label = scalar(child(c, "label"), "default");
    for (auto& ch : label) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (label == "default" && !cluster) {
      cluster.emplace(c);
      plan.cluster.emplace(filter_cluster(c));
      plan.cluster_path = "resources.pipelines." + name + ".clusters[" + std::to_string(i) + "]";
    }
    ++i;
  }
  return cluster;
}

// A continuous pipeline runs the month through; a triggered one is billed its hours_per_month as
// one update a day.
void pipeline_updates(const std::string& name, bool continuous, const PipelineRuntimes* rt, double month_hours,
                      YAML::Node& op, ResourcePlan& plan) {
  if (continuous) {
    plan.hours_per_month = month_hours;
    plan.priced = true;
    return;
  }
  // The month's hours as one update a day, so the engine bills exactly hours_per_month.
  const double hours = rt ? rt->hours_per_month : 0;
  op.force_insert("updates_per_day", "1");
  op.force_insert("update_minutes", number_text(hours * 60 / (month_hours / 24)));
  if (rt) {
    plan.hours_per_month = hours;
    plan.priced = true;
  } else {
    plan.notes.push_back("cost depends on runtime: give pipelines." + name + ".hours_per_month in the runtimes file");
  }
}

// The scenario's pipeline, or nothing for a classic pipeline without a default cluster.
std::optional<YAML::Node> convert_pipeline(const std::string& name, const YAML::Node& n, const PipelineRuntimes* rt,
                                           double month_hours, const std::string& team_tag, ResourcePlan& plan,
                                           const BundleSources& sources) {
  const bool serverless = scalar(child(n, "serverless")) == "true";
  const bool continuous = scalar(child(n, "continuous")) == "true";
  const std::optional<YAML::Node> cluster = default_pipeline_cluster(name, n, plan);
  plan.team = flat_tag(child(n, "tags"), team_tag);
  if (plan.team.empty() && cluster) plan.team = flat_tag(child(*cluster, "custom_tags"), team_tag);
  if (plan.team.empty()) plan.team = "(untagged)";
  plan.trigger = continuous ? "continuous" : "triggered";
  if (scalar(child(n, "development")) == "true") plan.trigger += ", development";
  const std::string edition = scalar(child(n, "edition"), "ADVANCED");
  plan.clusters = serverless ? "serverless" : cluster ? cluster_text(*cluster) : "default cluster";
  plan.clusters += " (" + edition + (scalar(child(n, "photon")) == "true" ? ", photon" : "") + ")";
  if (!serverless && !cluster) {
    plan.notes.push_back("no default cluster in clusters: its size is not known");
    return std::nullopt;
  }
  if (!serverless) {
    const std::string missing = missing_node_type(sources, sources.view(*cluster, plan.cluster_path));
    if (!missing.empty()) {
      plan.notes.push_back(missing);
      return std::nullopt;
    }
  }
  YAML::Node op = pick_keys(n, {"edition", "photon", "serverless", "continuous"});
  if (child(n, "tags").IsMap()) op.force_insert("tags", warehouse_tags(child(n, "tags")));
  if (plan.cluster) {
    YAML::Node clusters(YAML::NodeType::Sequence);
    clusters.push_back(*plan.cluster);
    op.force_insert("clusters", clusters);
  }
  if (serverless && rt && rt->dbus_per_hour) op.force_insert("dbus_per_hour", *rt->dbus_per_hour);
  pipeline_updates(name, continuous, rt, month_hours, op, plan);
  return op;
}

YAML::Node convert_pipelines(const YamlView& resources, const Runtimes& runtimes, double month_hours,
                             const std::string& team_tag, const BundleSources& sources, BundleScenario& out) {
  YAML::Node pipelines(YAML::NodeType::Map);
  if (!resources["pipelines"].is_map()) return pipelines;
  std::vector<std::string> pnames;
  for (const auto& [name, p] : resources["pipelines"].entries()) {
    pnames.push_back(name);
    ResourcePlan plan;
    plan.name = name;
    plan.kind = "pipeline";
    plan.node = p.node();
    const auto rt = runtimes.pipelines.find(name);
    const auto op = convert_pipeline(name, p.node(), rt == runtimes.pipelines.end() ? nullptr : &rt->second,
                                     month_hours, team_tag, plan, sources);
    if (op) pipelines.force_insert(name, *op);
    out.resources.push_back(std::move(plan));
  }
  for (const auto& [name, rt] : runtimes.pipelines)
    if (std::find(pnames.begin(), pnames.end(), name) == pnames.end())
      out.notes.push_back("runtimes for pipeline '" + name + "' ignored: no such pipeline" +
                          did_you_mean(name, pnames));
  return pipelines;
}

YAML::Node convert_warehouse(const std::string& name, const YAML::Node& n, const Runtimes& runtimes,
                             const std::string& team_tag, ResourcePlan& plan) {
  YAML::Node ow =
      pick_keys(n, {"warehouse_type", "enable_serverless_compute", "cluster_size", "min_num_clusters",
                    "max_num_clusters", "auto_stop_mins", "enable_photon", "spot_instance_policy", "channel", "name"});
  const YAML::Node tags = warehouse_tags(child(n, "tags"));
  ow.force_insert("tags", tags);
  plan.team = scalar(child(tags, team_tag), "(untagged)");
  plan.trigger = "on query";
  plan.clusters = scalar(child(n, "cluster_size"), "?") + " x" + scalar(child(n, "min_num_clusters"), "1") + "-" +
                  scalar(child(n, "max_num_clusters"), scalar(child(n, "min_num_clusters"), "1")) +
                  (scalar(child(n, "enable_serverless_compute")) == "true" ? " serverless" : "");
  const auto rt = runtimes.sql_warehouses.find(name);
  if (rt != runtimes.sql_warehouses.end()) {
    for (auto it = rt->second.begin(); it != rt->second.end(); ++it) ow.force_insert(it->first, it->second);
    plan.priced = true;
  } else {
    YAML::Node activity(YAML::NodeType::Map);
    activity.force_insert("queries_per_hour", "0");
    ow.force_insert("activity", activity);
    plan.notes.push_back("cost depends on use: give sql_warehouses." + name + ".activity in the runtimes file");
  }
  return ow;
}

YAML::Node convert_warehouses(const YamlView& resources, const Runtimes& runtimes, const std::string& team_tag,
                              BundleScenario& out) {
  YAML::Node warehouses(YAML::NodeType::Map);
  if (!resources["sql_warehouses"].is_map()) return warehouses;
  for (const auto& [name, w] : resources["sql_warehouses"].entries()) {
    ResourcePlan plan;
    plan.name = name;
    plan.kind = "sql-warehouse";
    plan.node = w.node();
    warehouses.force_insert(name, convert_warehouse(name, w.node(), runtimes, team_tag, plan));
    out.resources.push_back(std::move(plan));
  }
  return warehouses;
}

YAML::Node convert_all_purpose(const std::string& name, const YamlView& c, const Runtimes& runtimes,
                               const BundleSources& sources, const std::string& team_tag, ResourcePlan& plan) {
  note_near_misses(sources, c, cluster_spec_keys(), plan.notes);
  YAML::Node oc(YAML::NodeType::Map);
  oc.force_insert("new_cluster", filter_cluster(c.node()));
  plan.team = flat_tag(child(c.node(), "custom_tags"), team_tag);
  if (plan.team.empty()) plan.team = "(untagged)";
  plan.trigger = "interactive";
  plan.clusters = cluster_text(c.node());
  const auto rt = runtimes.clusters.find(name);
  if (rt != runtimes.clusters.end()) {
    for (auto it = rt->second.begin(); it != rt->second.end(); ++it) oc.force_insert(it->first, it->second);
    plan.priced = true;
  } else {
    YAML::Node activity(YAML::NodeType::Map);
    activity.force_insert("users", "0");
    oc.force_insert("activity", activity);
    plan.notes.push_back("cost depends on use: give clusters." + name + ".activity in the runtimes file");
  }
  return oc;
}

YAML::Node convert_all_purpose_clusters(const YamlView& resources, const Runtimes& runtimes,
                                        const BundleSources& sources, const std::string& team_tag,
                                        BundleScenario& out) {
  YAML::Node all_purpose(YAML::NodeType::Map);
  if (!resources["clusters"].is_map()) return all_purpose;
  for (const auto& [name, c] : resources["clusters"].entries()) {
    ResourcePlan plan;
    plan.name = name;
    plan.kind = "all-purpose";
    plan.node = c.node();
    if (const std::string note = missing_node_type(sources, c); !note.empty()) {
      plan.team = flat_tag(child(c.node(), "custom_tags"), team_tag);
      if (plan.team.empty()) plan.team = "(untagged)";
      plan.trigger = "interactive";
      plan.in_scenario = false;
      plan.notes.push_back(note);
      out.resources.push_back(std::move(plan));
      continue;
    }
    all_purpose.force_insert(name, convert_all_purpose(name, c, runtimes, sources, team_tag, plan));
    out.resources.push_back(std::move(plan));
  }
  return all_purpose;
}

// --- resources dbcost has no model for ----------------------------------------------------------

struct OtherKind {
  const char* key;   // under resources:
  const char* kind;  // as the estimate shows it
  bool costs;        // bills Databricks compute of its own
  const char* why;
};

// Every resource kind of the bundle schema (databricks/cli@7bbe2852 bundle/config/resources.go)
// besides jobs, pipelines, sql_warehouses and clusters.
const std::vector<OtherKind>& other_kinds() {
  static const std::vector<OtherKind> kinds = {
      {"model_serving_endpoints", "model-serving-endpoint", true,
       "serving compute (DBU per hour of provisioned "
       "concurrency) has no model in dbcost"},
      {"apps", "app", true, "app compute (DBU per hour while running) has no model in dbcost"},
      {"vector_search_endpoints", "vector-search-endpoint", true, "vector search units have no model in dbcost"},
      {"vector_search_indexes", "vector-search-index", true,
       "sync compute and storage of the index have no model in dbcost"},
      {"database_instances", "database-instance", true, "Lakebase capacity units have no model in dbcost"},
      {"synced_database_tables", "synced-database-table", true, "the sync pipeline's compute has no model in dbcost"},
      {"postgres_projects", "postgres-project", true, "Lakebase compute has no model in dbcost"},
      {"postgres_branches", "postgres-branch", true, "Lakebase compute has no model in dbcost"},
      {"postgres_endpoints", "postgres-endpoint", true, "Lakebase compute has no model in dbcost"},
      {"postgres_synced_tables", "postgres-synced-table", true, "the sync pipeline's compute has no model in dbcost"},
      {"quality_monitors", "quality-monitor", true,
       "monitor refreshes run on serverless compute dbcost does not model"},
      {"instance_pools", "instance-pool", true, "idle pool instances are cloud VMs dbcost does not model"},
      {"job_runs", "job-run", true, "a one-time run: price the job it runs instead"},
      {"dashboards", "dashboard", false, "its queries are billed to the SQL warehouse that runs them"},
      {"alerts", "alert", false, "its query is billed to the SQL warehouse that runs it"},
      {"genie_spaces", "genie-space", false, "its queries are billed to the SQL warehouse that runs them"},
      {"experiments", "experiment", false, "no compute of its own (runs are billed to their jobs or clusters)"},
      {"models", "model", false, "no compute of its own"},
      {"registered_models", "registered-model", false, "no compute of its own"},
      {"catalogs", "catalog", false, "no compute of its own (storage is billed by the cloud)"},
      {"schemas", "schema", false, "no compute of its own (storage is billed by the cloud)"},
      {"volumes", "volume", false, "no compute of its own (storage is billed by the cloud)"},
      {"external_locations", "external-location", false, "no compute of its own"},
      {"database_catalogs", "database-catalog", false,
       "no compute of its own (its instance is priced, or not, "
       "as database_instances)"},
      {"postgres_catalogs", "postgres-catalog", false, "no compute of its own"},
      {"postgres_databases", "postgres-database", false, "no compute of its own"},
      {"postgres_roles", "postgres-role", false, "no compute of its own"},
      {"secret_scopes", "secret-scope", false, "no compute of its own"},
      {"secrets", "secret", false, "no compute of its own"}};
  return kinds;
}

// Resources of the other kinds: at 0 with the reason when they bill nothing of their own, else
// listed as not priced with the reason; a kind the schema does not define is not priced either.
void list_other_resources(const YamlView& resources, const BundleSources& sources, BundleScenario& out) {
  if (!resources.is_map()) return;
  for (const auto& [key, group] : resources.entries()) {
    if (key == "jobs" || key == "pipelines" || key == "sql_warehouses" || key == "clusters") continue;
    const auto& kinds = other_kinds();
    const auto k = std::find_if(kinds.begin(), kinds.end(), [&](const OtherKind& o) { return key == o.key; });
    const std::vector<std::pair<std::string, YamlView>> items =
        group.is_map() ? group.entries() : std::vector<std::pair<std::string, YamlView>>{{"(" + key + ")", group}};
    for (const auto& [name, r] : items) {
      ResourcePlan plan;
      plan.name = name;
      plan.kind = k == kinds.end() ? key : k->kind;
      plan.team = "(untagged)";
      plan.node = r.node();
      plan.in_scenario = false;
      plan.priced = k != kinds.end() && !k->costs;
      if (k == kinds.end())
        plan.notes.push_back(sources.note_at(
            r, "not priced: resource kind '" + key + "' is not one dbcost knows" + did_you_mean(key, [&] {
                 std::vector<std::string> names = {"jobs", "pipelines", "sql_warehouses", "clusters"};
                 for (const auto& o : kinds) names.push_back(o.key);
                 return names;
               }())));
      else if (k->costs)
        plan.notes.push_back(sources.note_at(r, std::string("not priced: ") + k->why));
      else
        plan.notes.push_back(std::string("priced as 0: ") + k->why);
      out.resources.push_back(std::move(plan));
    }
  }
}

// Resources defined in Python are not in the YAML dbcost reads.
void list_python_resources(const Bundle& bundle, BundleScenario& out) {
  if (bundle.python_resources.empty()) return;
  ResourcePlan plan;
  plan.name = "(python)";
  plan.kind = "python";
  plan.team = "(untagged)";
  plan.in_scenario = false;
  plan.notes.push_back(bundle.python_resources);
  out.resources.push_back(std::move(plan));
}

}  // namespace

BundleScenario bundle_scenario(const Bundle& bundle, const Runtimes& runtimes, const BundleSources& sources,
                               const ConversionOptions& options, const InstanceCatalog& instances) {
  BundleScenario out;
  out.month = options.month.empty() ? next_month() : options.month;
  const auto month = month_bounds(out.month);
  std::tie(out.cloud, out.cloud_source) = infer_cloud(bundle, options.cloud, instances, out.notes);
  const double month_hours = hours_in_month(out.month);
  YAML::Node tree = scenario_settings(bundle, out, runtimes, options, month);

  if (!options.default_node_type.empty())  // refused at the flag, not once per cluster that takes it
    instances.get(options.default_node_type, out.cloud, SourceLocation{"", 0, 0, "--default-node-type"});
  const YamlView resources = sources.view(
      with_default_node_type(bundle.resources, options.default_node_type, sources, out.notes), "resources");
  std::set<std::string> bundle_clusters, used_clusters;
  if (resources["clusters"].is_map())
    for (const auto& [name, c] : resources["clusters"].entries()) bundle_clusters.insert(name);
  JobContext ctx{sources, bundle_clusters, used_clusters, month_hours, options.team_tag};
  const YAML::Node jobs = convert_jobs(bundle, resources, runtimes, ctx, out);
  if (jobs.size() > 0) tree.force_insert("jobs", jobs);
  const YAML::Node pipelines = convert_pipelines(resources, runtimes, month_hours, options.team_tag, sources, out);
  if (pipelines.size() > 0) tree.force_insert("pipelines", pipelines);
  const YAML::Node warehouses = convert_warehouses(resources, runtimes, options.team_tag, out);
  if (warehouses.size() > 0) tree.force_insert("sql_warehouses", warehouses);
  const YAML::Node all_purpose = convert_all_purpose_clusters(resources, runtimes, sources, options.team_tag, out);
  if (all_purpose.size() > 0) tree.force_insert("all_purpose_clusters", all_purpose);
  list_other_resources(resources, sources, out);
  list_python_resources(bundle, out);
  out.tree = tree;
  return out;
}

}  // namespace dbcost
