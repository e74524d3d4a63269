// A classic cluster as the Jobs and Clusters APIs describe it (`new_cluster`, compute.ClusterSpec),
// read with Databricks' own field names so users paste real specs and policies apply directly.
//
// Cost-relevant reading (sources: ../docs/pricing.md):
//  - nodes = driver + num_workers (autoscale: min_workers..max_workers); is_single_node = driver only;
//  - Photon when runtime_engine is PHOTON, or unset/NULL with a spark_version containing "-photon-";
//  - availability ON_DEMAND* puts every node on demand; SPOT* and SPOT_WITH_FALLBACK* put the first
//    `first_on_demand` nodes (the driver first) on demand and the rest on spot.
//  - what a spec leaves out defaults per cloud (with_cloud_defaults): on AWS, as the Clusters API
//    says (terraform-provider-databricks docs/resources/cluster.md), availability SPOT_WITH_FALLBACK
//    and first_on_demand 0, so every node, the driver too, is spot; on GCP ON_DEMAND_GCP; Azure
//    documents no default, so all on demand, and first_on_demand 1 under spot (the create-compute
//    form's default), an assumption a spec overrides by giving it.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/errors.h"
#include "core/sku.h"
#include "money/decimal.h"

namespace dbcost {

enum class Availability { OnDemand, Spot, SpotWithFallback };

struct Autoscale {
  int min_workers = 0;
  int max_workers = 0;
};

struct ClusterSpec {
  std::string node_type_id;
  std::string driver_node_type_id;  // "" = node_type_id
  int num_workers = 0;
  std::optional<Autoscale> autoscale;
  bool is_single_node = false;
  std::string spark_version;
  std::string runtime_engine;  // "", NULL, STANDARD, PHOTON
  Availability availability = Availability::OnDemand;
  int first_on_demand = 1;
  bool availability_given = false;  // false: with_cloud_defaults decides
  bool first_on_demand_given = false;
  std::optional<Decimal> spot_bid_max_price;      // Azure, currency per hour; -1 = no price eviction
  std::optional<Decimal> spot_bid_price_percent;  // AWS, percent of on-demand (default 100)
  std::string instance_pool_id;
  std::string driver_instance_pool_id;
  std::string policy_id;
  bool apply_policy_default_values = false;
  std::optional<int> autotermination_minutes;
  std::map<std::string, std::string> custom_tags;
  std::optional<Cloud> cloud;  // from the attributes block, when one is given
  SourceLocation where;
  SourceLocation node_type_where;
  SourceLocation driver_node_type_where;

  bool photon() const;
  int min_workers() const { return autoscale ? autoscale->min_workers : num_workers; }
  int max_workers() const { return autoscale ? autoscale->max_workers : num_workers; }
  const std::string& driver_type() const { return driver_node_type_id.empty() ? node_type_id : driver_node_type_id; }
};

// The spec with the cloud's defaults for what it leaves out; a note per default that changes the
// price goes to `notes`.
ClusterSpec with_cloud_defaults(const ClusterSpec& spec, Cloud cloud, std::vector<std::string>* notes = nullptr);

// Every key a new_cluster mapping may hold (for did-you-mean and for policies).
const std::vector<std::string>& cluster_spec_keys();

}  // namespace dbcost
