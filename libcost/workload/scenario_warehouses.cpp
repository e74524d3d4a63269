// sql_warehouses: a warehouse spec (warehouse_spec_reader.h) and its query activity.
#include "workload/scenario_sections.h"

#include "pricing/warehouse_quote.h"
#include "workload/warehouse_spec_reader.h"

namespace dbcost::scenario_read {
namespace {

WarehouseWorkload read_warehouse(const std::string& name, const YamlView& v, const Scenario& sc,
                                 const std::string& team_tag) {
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
  if (v.has("queries_per_cluster")) w.queries_per_cluster = static_cast<int>(v["queries_per_cluster"].as_int(1, 1000));
  if (!v.has("activity")) v.fail("missing activity: {days: ..., hours: ..., queries_per_hour: ...}");
  w.queries = read_arrivals(v["activity"], "queries_per_hour");
  if (v["activity"].has("query_seconds")) w.query_seconds = read_spread(v["activity"]["query_seconds"]).mean;
  return w;
}

}  // namespace

void read_warehouses(const YamlView& root, Scenario& sc, const std::string& team_tag) {
  if (!root.has("sql_warehouses")) return;
  for (const auto& [name, v] : root["sql_warehouses"].entries())
    sc.warehouses.push_back(read_warehouse(name, v, sc, team_tag));
}

}  // namespace dbcost::scenario_read
