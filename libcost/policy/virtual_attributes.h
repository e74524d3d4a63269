// The policy language's virtual attributes ("Virtual attribute paths" in
// https://docs.databricks.com/aws/en/admin/clusters/policy-definition):
//  - cluster_type: all-purpose, job or dlt; what is being created, given by the caller;
//  - dbus_per_hour: "the maximum DBUs a resource can use on an hourly basis including the driver
//    node". dbcost reads it as the cluster at its largest: driver + max workers
//    (autoscale.max_workers, else num_workers; 0 for a single node), each node's DBU/h from the
//    instance catalog, times the Photon multiplier of the cloud and cluster type when Photon is on
//    — the figures `dbcost quote` prices (pricing/cluster_quote.h). Whether Databricks counts
//    Photon and autoscale this way is unconfirmed (not documented by Databricks).
// A dlt cluster is priced as DLT Core: the DBU rate and the Photon multiplier do not depend on
// the edition.
#pragma once

#include <optional>
#include <string>

#include "io/timestamp.h"
#include "io/yaml_reader.h"
#include "pricing/pricing_sources.h"

namespace dbcost {

struct PolicyPricing {
  const LoadedPricing* pricing = nullptr;  // nullptr: dbus_per_hour cannot be computed (a ModelError if asked)
  std::optional<Cloud> cloud;              // nullopt: from the spec's attributes block, else Azure
  Tier tier = Tier::Premium;
  std::string region;
  UnixSeconds at = 0;                                // the instant whose price rows quote_cluster reads; 0 = now
  const struct RuntimeVersions* runtimes = nullptr;  // auto: spark_version aliases; nullptr = built in

  UnixSeconds instant() const;  // `at`, or now
};

// DBU/h of one cluster spec: the driver and one worker (Photon included), and the worker count
// dbus_per_hour is read at.
struct ClusterDbus {
  Decimal driver_dbus_per_hour;
  Decimal worker_dbus_per_hour;
  int max_workers = 0;

  Decimal dbus_per_hour() const { return driver_dbus_per_hour + worker_dbus_per_hour * max_workers; }
  // The most workers that keep dbus_per_hour at or under `limit`; -1 when the driver alone is over.
  int workers_within(Decimal limit) const;
};

const std::vector<std::string>& cluster_types();  // all-purpose, job, dlt
// Throws InputError for anything else (with a did-you-mean).
void check_cluster_type(const std::string& cluster_type);
ComputeKind compute_kind_for(const std::string& cluster_type);

// Reads the spec with read_cluster_spec and prices it with quote_cluster.
ClusterDbus cluster_dbus(const YamlView& spec, const std::string& cluster_type, const PolicyPricing& pricing);

}  // namespace dbcost
