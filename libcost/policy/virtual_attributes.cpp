#include "policy/virtual_attributes.h"

#include <algorithm>
#include <chrono>

#include "io/cluster_spec_reader.h"
#include "pricing/cluster_quote.h"
#include "spec/cluster_spec.h"

namespace dbcost {

UnixSeconds PolicyPricing::instant() const {
  if (at != 0) return at;
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

int ClusterDbus::workers_within(Decimal limit) const {
  if (driver_dbus_per_hour > limit) return -1;
  if (worker_dbus_per_hour.is_zero()) return max_workers;
  int lo = 0, hi = max_workers;
  while (lo < hi) {
    const int mid = lo + (hi - lo + 1) / 2;
    if (driver_dbus_per_hour + worker_dbus_per_hour * mid <= limit) {
      lo = mid;
    } else {
      hi = mid - 1;
    }
  }
  return lo;
}

const std::vector<std::string>& cluster_types() {
  static const std::vector<std::string> types = {"all-purpose", "job", "dlt"};
  return types;
}

void check_cluster_type(const std::string& cluster_type) {
  const auto& types = cluster_types();
  if (std::find(types.begin(), types.end(), cluster_type) == types.end())
    throw InputError({"", 0, 0, "cluster_type"}, "expected all-purpose, job or dlt, got '" + cluster_type + "'" +
                                                     did_you_mean(cluster_type, types));
}

ComputeKind compute_kind_for(const std::string& cluster_type) {
  check_cluster_type(cluster_type);
  if (cluster_type == "job") return ComputeKind::Job;
  if (cluster_type == "dlt") return ComputeKind::DltCore;
  return ComputeKind::AllPurpose;
}

ClusterDbus cluster_dbus(const YamlView& spec, const std::string& cluster_type, const PolicyPricing& pricing) {
  const ComputeKind kind = compute_kind_for(cluster_type);
  if (pricing.pricing == nullptr)
    throw ModelError("the policy limits dbus_per_hour, which needs the instance catalog and Photon multipliers");
  const ClusterSpec cluster = read_cluster_spec(spec);
  const Cloud cloud = pricing.cloud ? *pricing.cloud : cluster.cloud ? *cluster.cloud : Cloud::Azure;
  const PricingContext ctx = pricing.pricing->context(cloud, pricing.tier, pricing.region, {});
  const UnixSeconds at = pricing.instant();
  const ClusterQuote q = quote_cluster(cluster, kind, ctx, at);
  ClusterDbus out;
  out.driver_dbus_per_hour = q.sizes.back().driver_dbus_per_hour;
  out.worker_dbus_per_hour = q.worker->dbus_per_hour * q.photon_multiplier;
  out.max_workers = cluster.max_workers();
  return out;
}

}  // namespace dbcost
