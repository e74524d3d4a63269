#include "workload/warehouse_spec_reader.h"

namespace dbcost {

WarehouseSpec read_warehouse_spec(const YamlView& v, const WarehouseSizes& sizes) {
  WarehouseSpec w;
  w.where = v.where();
  const std::string type = v.get_string("warehouse_type", "PRO");
  if (type != "PRO" && type != "CLASSIC") v["warehouse_type"].fail("expected PRO or CLASSIC, got '" + type + "'");
  const bool serverless = v.get_bool("enable_serverless_compute", false);
  if (serverless && type != "PRO") v["enable_serverless_compute"].fail("serverless compute needs warehouse_type PRO");
  w.kind = serverless ? ComputeKind::SqlServerless : type == "PRO" ? ComputeKind::SqlPro : ComputeKind::SqlClassic;
  if (!v.has("cluster_size")) v.fail("missing cluster_size");
  w.cluster_size = v["cluster_size"].as_string();
  w.cluster_size_where = v["cluster_size"].where();
  const auto* dbus = sizes.find(w.cluster_size);
  if (!dbus)
    v["cluster_size"].fail("unknown cluster_size '" + w.cluster_size + "'" +
                           did_you_mean(w.cluster_size, sizes.sizes()));
  w.cluster_dbus_per_hour = *dbus;
  w.min_num_clusters = static_cast<int>(v.has("min_num_clusters") ? v["min_num_clusters"].as_int(1, 30) : 1);
  w.max_num_clusters =
      static_cast<int>(v.has("max_num_clusters") ? v["max_num_clusters"].as_int(1, 40) : w.min_num_clusters);
  if (w.max_num_clusters < w.min_num_clusters) v["max_num_clusters"].fail("max_num_clusters is below min_num_clusters");
  w.auto_stop_mins = static_cast<int>(v.get_int("auto_stop_mins", 120));
  if (w.auto_stop_mins != 0 && (w.auto_stop_mins < 1 || w.auto_stop_mins > 100000))
    v["auto_stop_mins"].fail("expected 0 or a number of minutes");
  if (v.has("spot_instance_policy")) {
    const std::string p = v["spot_instance_policy"].as_string();
    if (p == "COST_OPTIMIZED")
      w.spot_instance_policy = SpotInstancePolicy::CostOptimized;
    else if (p == "RELIABILITY_OPTIMIZED")
      w.spot_instance_policy = SpotInstancePolicy::ReliabilityOptimized;
    else if (p != "POLICY_UNSPECIFIED")
      v["spot_instance_policy"].fail(
          "expected COST_OPTIMIZED, RELIABILITY_OPTIMIZED or POLICY_UNSPECIFIED, got '" + p + "'" +
          did_you_mean(p, {"COST_OPTIMIZED", "RELIABILITY_OPTIMIZED", "POLICY_UNSPECIFIED"}));
  }
  return w;
}

}  // namespace dbcost
