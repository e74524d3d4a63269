#include "spec/cluster_spec.h"

namespace dbcost {

ClusterSpec with_cloud_defaults(const ClusterSpec& given, Cloud cloud, std::vector<std::string>* notes) {
  ClusterSpec spec = given;
  if (cloud == Cloud::Azure && !spec.availability_given && notes)
    notes->push_back(
        "no azure_attributes.availability: priced ON_DEMAND_AZURE, as Databricks documents no default "
        "(give the availability to be sure)");
  if (cloud != Cloud::Aws) return spec;
  if (!spec.availability_given) {
    spec.availability = Availability::SpotWithFallback;
    spec.availability_given = true;
    if (notes)
      notes->push_back(
          "no aws_attributes.availability: priced as SPOT_WITH_FALLBACK, the Clusters API default "
          "(give ON_DEMAND to price it on demand)");
  }
  if (!spec.first_on_demand_given) {
    spec.first_on_demand = 0;
    spec.first_on_demand_given = true;
    if (notes && spec.availability != Availability::OnDemand)
      notes->push_back(
          "no aws_attributes.first_on_demand: 0, the Clusters API default, so the driver is on spot "
          "too");
  }
  return spec;
}

const std::vector<std::string>& cluster_spec_keys() {
  static const std::vector<std::string> keys = {"apply_policy_default_values",
                                                "autoscale",
                                                "autotermination_minutes",
                                                "aws_attributes",
                                                "azure_attributes",
                                                "cluster_log_conf",
                                                "cluster_name",
                                                "custom_tags",
                                                "data_security_mode",
                                                "docker_image",
                                                "driver_instance_pool_id",
                                                "driver_node_type_id",
                                                "enable_elastic_disk",
                                                "enable_local_disk_encryption",
                                                "gcp_attributes",
                                                "init_scripts",
                                                "instance_pool_id",
                                                "is_single_node",
                                                "kind",
                                                "node_type_id",
                                                "num_workers",
                                                "policy_id",
                                                "remote_disk_throughput",
                                                "runtime_engine",
                                                "single_user_name",
                                                "spark_conf",
                                                "spark_env_vars",
                                                "spark_version",
                                                "ssh_public_keys",
                                                "total_initial_remote_disk_size",
                                                "use_ml_runtime",
                                                "workload_type",
                                                "cluster_source",
                                                "driver_node_type_flexibility",
                                                "worker_node_type_flexibility"};
  return keys;
}

bool ClusterSpec::photon() const {
  if (runtime_engine == "PHOTON") return true;
  if (runtime_engine == "STANDARD") return false;
  return spark_version.find("-photon-") != std::string::npos;
}

}  // namespace dbcost
