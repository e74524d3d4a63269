// Classic clusters of a scenario: on its pools, priced in its cloud and region, and the notes on
// the cloud defaults they leave to Databricks.
#include "workload/scenario_sections.h"

#include <algorithm>

#include "io/cluster_spec_reader.h"

namespace dbcost::scenario_read {
namespace {

const PoolWorkload* pool_named(const Scenario& sc, const std::string& name) {
  for (const auto& p : sc.pools)
    if (p.name == name) return &p;
  return nullptr;
}

// A cluster on the scenario's pools takes their node types and availability: workers from
// instance_pool_id, the driver from driver_instance_pool_id (else the workers' pool).
void take_pools(ClusterSpec& spec, const YamlView& v, const Scenario& sc) {
  auto pool = [&](const char* key, const std::string& id, std::string& node_type, SourceLocation& where,
                  const char* node_key) -> const PoolWorkload* {
    if (id.empty()) return nullptr;
    const PoolWorkload* p = pool_named(sc, id);
    if (!p) {
      if (node_type.empty()) {
        std::vector<std::string> names;
        for (const auto& q : sc.pools) names.push_back(q.name);
        v[key].fail(std::string(key) + " '" + id + "' is not one of the scenario's instance_pools" +
                    did_you_mean(id, names) + "; name one, or give " + node_key +
                    " to price the cluster without its pool");
      }
      return nullptr;
    }
    if (!node_type.empty() && node_type != p->node_type_id)
      v[node_key].fail("a cluster on instance pool '" + id + "' takes the pool's node type " + p->node_type_id +
                       ", not " + node_type);
    node_type = p->node_type_id;
    where = v[key].where();
    return p;
  };
  const PoolWorkload* workers =
      pool("instance_pool_id", spec.instance_pool_id, spec.node_type_id, spec.node_type_where, "node_type_id");
  const PoolWorkload* driver = pool("driver_instance_pool_id", spec.driver_instance_pool_id, spec.driver_node_type_id,
                                    spec.driver_node_type_where, "driver_node_type_id");
  if (!workers) return;
  const bool driver_spot = driver ? driver->spot : workers->spot;
  spec.availability = workers->spot ? Availability::Spot : Availability::OnDemand;
  spec.first_on_demand = driver_spot ? 0 : 1;
  spec.availability_given = spec.first_on_demand_given = true;
}

}  // namespace

ClusterSpec read_cluster(const YamlView& v, const Scenario& sc) {
  ClusterSpec spec = read_cluster_spec(v, true);
  take_pools(spec, v, sc);
  const std::string cloud = to_string(sc.cloud);
  if (spec.cloud && *spec.cloud != sc.cloud)
    v.fail("the cluster has " + to_string(*spec.cloud) + " attributes but the scenario's cloud is " + cloud);
  sc.pricing->instances.get(spec.node_type_id, cloud, sc.region, spec.node_type_where);
  sc.pricing->instances.get(spec.driver_type(), cloud, sc.region,
                            spec.driver_node_type_id.empty() ? spec.node_type_where : spec.driver_node_type_where);
  return spec;
}

double classic_dbus_per_hour(const ClusterSpec& spec, ComputeKind kind, const Scenario& sc) {
  const std::string cloud = to_string(sc.cloud);
  const NodeType& driver = sc.pricing->instances.get(spec.driver_type(), cloud, spec.node_type_where);
  const NodeType& worker = sc.pricing->instances.get(spec.node_type_id, cloud, spec.node_type_where);
  const double workers = (spec.min_workers() + spec.max_workers()) / 2.0;
  const double photon = spec.photon() ? sc.pricing->photon.get(cloud, photon_kind(kind)).to_double() : 1.0;
  return (driver.dbus_per_hour.to_double() + workers * worker.dbus_per_hour.to_double()) * photon;
}

void note_cloud_defaults(Scenario& sc) {
  std::vector<std::pair<std::string, std::vector<std::string>>> seen;
  auto note = [&](const ClusterSpec& c) {
    std::vector<std::string> notes;
    with_cloud_defaults(c, sc.cloud, &notes);
    for (const auto& n : notes) {
      auto it = std::find_if(seen.begin(), seen.end(), [&](const auto& e) { return e.first == n; });
      if (it == seen.end()) it = seen.insert(seen.end(), {n, {}});
      it->second.push_back(c.where.file + ":" + std::to_string(c.where.line) + ":" + std::to_string(c.where.column));
    }
  };
  for (const auto& job : sc.jobs) {
    for (const auto& [key, c] : job.job_clusters) note(c);
    for (const auto& t : job.tasks)
      if (t.new_cluster) note(*t.new_cluster);
  }
  for (const auto& a : sc.all_purpose) note(a.cluster);
  for (const auto& p : sc.pipelines)
    if (p.cluster) note(*p.cluster);
  for (const auto& [text, where] : seen) {
    std::string at;
    for (std::size_t i = 0; i < where.size() && i < 3; ++i) at += (i ? ", " : "") + where[i];
    if (where.size() > 3) at += " and " + std::to_string(where.size() - 3) + " more";
    sc.notes.push_back(std::to_string(where.size()) + (where.size() == 1 ? " cluster (" : " clusters (") + at +
                       "): " + text);
  }
}

}  // namespace dbcost::scenario_read
