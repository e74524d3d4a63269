#include "io/cluster_spec_reader.h"

namespace dbcost {

namespace {

Availability read_availability(const YamlView& v, Cloud cloud) {
  const std::string s = v.as_string();
  const std::string suffix = cloud == Cloud::Azure ? "_AZURE" : cloud == Cloud::Gcp ? "_GCP" : "";
  if (s == "ON_DEMAND" + suffix) return Availability::OnDemand;
  if (s == "SPOT" + suffix) return Availability::Spot;
  if (s == "SPOT_WITH_FALLBACK" + suffix) return Availability::SpotWithFallback;
  if (cloud == Cloud::Gcp && s == "PREEMPTIBLE_GCP") return Availability::Spot;
  if (cloud == Cloud::Gcp && s == "PREEMPTIBLE_WITH_FALLBACK_GCP") return Availability::SpotWithFallback;
  v.fail("expected ON_DEMAND" + suffix + ", SPOT" + suffix + " or SPOT_WITH_FALLBACK" + suffix + ", got '" + s + "'");
}

}  // namespace

ClusterSpec read_cluster_spec(const YamlView& view, bool pool_gives_node_type) {
  view.check_keys(cluster_spec_keys());
  ClusterSpec spec;
  spec.where = view.where();
  if (view.has("node_type_id")) {
    spec.node_type_id = view["node_type_id"].as_string();
    spec.node_type_where = view["node_type_id"].where();
  }
  if (view.has("driver_node_type_id")) {
    spec.driver_node_type_id = view["driver_node_type_id"].as_string();
    spec.driver_node_type_where = view["driver_node_type_id"].where();
  }
  spec.instance_pool_id = view.get_string("instance_pool_id", "");
  spec.driver_instance_pool_id = view.get_string("driver_instance_pool_id", "");
  if (spec.node_type_id.empty()) {
    if (!spec.instance_pool_id.empty() && pool_gives_node_type) {
      spec.node_type_where = view["instance_pool_id"].where();
    } else if (!spec.instance_pool_id.empty()) {
      view.fail("node_type_id is needed to price a cluster from instance pool '" + spec.instance_pool_id +
                "' (the pool's node type is not in the spec)");
    } else {
      view.fail("missing node_type_id");
    }
  }
  spec.is_single_node = view.get_bool("is_single_node", false);
  if (view.has("num_workers") && view.has("autoscale"))
    view["autoscale"].fail("give either num_workers or autoscale, not both");
  if (view.has("num_workers")) {
    const auto v = view["num_workers"];
    const auto n = v.as_int();
    if (n < 0) v.fail("num_workers cannot be negative, got " + std::to_string(n));
    if (n > 100000) v.fail("num_workers above 100000 is not a Databricks cluster");
    spec.num_workers = static_cast<int>(n);
  }
  if (view.has("autoscale")) {
    const auto a = view["autoscale"];
    a.check_keys({"min_workers", "max_workers"});
    if (!a.has("min_workers") || !a.has("max_workers")) a.fail("autoscale needs min_workers and max_workers");
    Autoscale s;
    const auto mn = a["min_workers"].as_int();
    const auto mx = a["max_workers"].as_int();
    if (mn < 0) a["min_workers"].fail("min_workers cannot be negative, got " + std::to_string(mn));
    if (mx < 0) a["max_workers"].fail("max_workers cannot be negative, got " + std::to_string(mx));
    if (mn > mx)
      a["min_workers"].fail("min_workers (" + std::to_string(mn) + ") is above max_workers (" + std::to_string(mx) +
                            ")");
    if (mx > 100000) a["max_workers"].fail("max_workers above 100000 is not a Databricks cluster");
    s.min_workers = static_cast<int>(mn);
    s.max_workers = static_cast<int>(mx);
    spec.autoscale = s;
  }
  if (spec.is_single_node) {
    spec.num_workers = 0;
    spec.autoscale.reset();
  }
  spec.spark_version = view.get_string("spark_version", "");
  if (view.has("runtime_engine")) {
    spec.runtime_engine = view["runtime_engine"].as_string();
    if (spec.runtime_engine != "PHOTON" && spec.runtime_engine != "STANDARD" && spec.runtime_engine != "NULL")
      view["runtime_engine"].fail("expected PHOTON, STANDARD or NULL, got '" + spec.runtime_engine + "'");
  }
  spec.policy_id = view.get_string("policy_id", "");
  spec.apply_policy_default_values = view.get_bool("apply_policy_default_values", false);
  if (view.has("autotermination_minutes")) {
    const auto v = view["autotermination_minutes"];
    const auto m = v.as_int();
    if (m != 0 && (m < 10 || m > 10000))
      v.fail("autotermination_minutes must be 0 or from 10 to 10000, got " + std::to_string(m));
    spec.autotermination_minutes = static_cast<int>(m);
  }
  if (view.has("custom_tags")) {
    for (const auto& [k, v] : view["custom_tags"].entries()) spec.custom_tags[k] = v.as_string();
  }
  int attribute_blocks = 0;
  for (const char* block : {"azure_attributes", "aws_attributes", "gcp_attributes"}) {
    if (!view.has(block)) continue;
    ++attribute_blocks;
    const auto a = view[block];
    const Cloud cloud = std::string(block) == "azure_attributes" ? Cloud::Azure
                        : std::string(block) == "aws_attributes" ? Cloud::Aws
                                                                 : Cloud::Gcp;
    spec.cloud = cloud;
    if (cloud == Cloud::Azure) {
      a.check_keys({"availability", "first_on_demand", "spot_bid_max_price", "log_analytics_info",
                    "capacity_reservation_group"});
    } else if (cloud == Cloud::Aws) {
      a.check_keys({"availability", "first_on_demand", "spot_bid_price_percent", "zone_id", "instance_profile_arn",
                    "ebs_volume_type", "ebs_volume_count", "ebs_volume_size", "ebs_volume_iops",
                    "ebs_volume_throughput"});
    } else {
      a.check_keys({"availability", "first_on_demand", "boot_disk_size", "google_service_account", "local_ssd_count",
                    "use_preemptible_executors", "zone_id"});
    }
    if (a.has("availability")) {
      spec.availability = read_availability(a["availability"], cloud);
      spec.availability_given = true;
    }
    if (a.has("first_on_demand")) {
      spec.first_on_demand = static_cast<int>(a["first_on_demand"].as_int(0, 100000));
      spec.first_on_demand_given = true;
    }
    if (a.has("spot_bid_max_price")) {
      const auto v = a["spot_bid_max_price"];
      const Decimal d = v.as_decimal();
      if (d != Decimal::from_int(-1) && !(d > Decimal{})) v.fail("spot_bid_max_price must be -1 or above 0");
      spec.spot_bid_max_price = d;
    }
    if (a.has("spot_bid_price_percent")) {
      const auto v = a["spot_bid_price_percent"];
      const auto p = v.as_int(1, 10000);
      spec.spot_bid_price_percent = Decimal::from_int(p);
    }
  }
  if (attribute_blocks > 1) view.fail("give only one of azure_attributes, aws_attributes, gcp_attributes");
  return spec;
}

}  // namespace dbcost
