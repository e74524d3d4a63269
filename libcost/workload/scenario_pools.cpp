// instance_pools: node type, idle instances and availability of each pool.
#include "workload/scenario_sections.h"

namespace dbcost::scenario_read {
namespace {

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

}  // namespace

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

}  // namespace dbcost::scenario_read
