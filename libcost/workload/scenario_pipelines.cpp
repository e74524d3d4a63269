// pipelines: Lakeflow Declarative Pipelines, classic or serverless, continuous or triggered.
#include "workload/scenario_sections.h"

#include <cctype>
#include <optional>

namespace dbcost::scenario_read {
namespace {

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

ComputeKind pipeline_kind(const YamlView& v) {
  std::string edition = v.get_string("edition", "ADVANCED");
  for (auto& c : edition) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (edition != "CORE" && edition != "PRO" && edition != "ADVANCED")
    v["edition"].fail("expected CORE, PRO or ADVANCED, got '" + v["edition"].as_string() + "'");
  return edition == "CORE" ? ComputeKind::DltCore : edition == "PRO" ? ComputeKind::DltPro : ComputeKind::DltAdvanced;
}

// A serverless pipeline's DBU/h: given, else its default cluster's x from_cluster_factor, else the
// default rate; the last two in its performance target.
void pipeline_serverless_rate(const YamlView& v, const Scenario& sc, PipelineWorkload& p) {
  const Assumptions& a = sc.assumptions;
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

// A triggered pipeline's updates: update_minutes, and a schedule or updates_per_day.
void read_pipeline_updates(const YamlView& v, PipelineWorkload& p) {
  const bool triggered = v.has("schedule") || v.has("updates_per_day");
  if (p.continuous && (triggered || v.has("update_minutes")))
    v["continuous"].fail("a continuous pipeline runs through the period: give no schedule or updates");
  if (p.continuous) return;
  if (v.has("schedule") && v.has("updates_per_day")) v.fail("give schedule or updates_per_day, not both");
  if (!triggered || !v.has("update_minutes"))
    v.fail("a triggered pipeline needs update_minutes and a schedule or updates_per_day (or continuous: true)");
  p.update_minutes = read_spread(v["update_minutes"]);
  if (v.has("updates_per_day")) p.updates_per_day = non_negative(v["updates_per_day"]);
  if (!v.has("schedule")) return;
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

PipelineWorkload read_pipeline(const std::string& name, const YamlView& v, const Scenario& sc,
                               const std::string& team_tag) {
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
  p.kind = pipeline_kind(v);
  p.cluster = default_pipeline_cluster(v["clusters"], sc);
  if (p.cluster) p.cluster->runtime_engine = v.get_bool("photon", false) ? "PHOTON" : "STANDARD";
  if (!p.serverless && !p.cluster)
    v.fail("a classic pipeline needs a default cluster in clusters (node_type_id and workers); or serverless: true");
  if (p.serverless) pipeline_serverless_rate(v, sc, p);
  auto tags = p.tags;
  if (p.cluster)
    for (const auto& [k, t] : p.cluster->custom_tags) tags.emplace(k, t);
  p.team = team_of(tags, team_tag);
  read_pipeline_updates(v, p);
  return p;
}

}  // namespace

void read_pipelines(const YamlView& root, Scenario& sc, const std::string& team_tag) {
  if (!root.has("pipelines")) return;
  for (const auto& [name, v] : root["pipelines"].entries())
    sc.pipelines.push_back(read_pipeline(name, v, sc, team_tag));
}

}  // namespace dbcost::scenario_read
