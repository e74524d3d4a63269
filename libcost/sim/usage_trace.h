// The billed stretches of one simulated trial, kept so the trial can be written out as a
// system.billing.usage export (sim/usage_export.h). A span is one compute resource emitting DBUs
// evenly over [start, end) (seconds since the epoch): a job run's cluster from ready (or from the
// start-up request, with dbus_during_startup) to its end, a task on serverless compute, an
// all-purpose cluster busy or idle (job runs on it included: their records carry the cluster's
// tags and no job), a SQL warehouse running. `dbus` is the
// total over the span, so their sum per workload is the run's `dbus` and, times the SKU price,
// its DBU cost. Pools bill no DBUs and leave no spans.
//
// The same trial's cloud side, for its cloud cost export (sim/cloud_cost_export.h): a VmSpan is the
// VMs (and disks) of one compute resource over [start, end), `cost` what the engine added to the
// workload's vm_cost for them (so their sum per workload is SimResult::vm_cost), spread over its
// nodes in proportion to count x charged price. A cluster's VM time runs from the start-up request
// to its end; a spot segment's cost (evictions, replacements, fallbacks) is spread over the
// cluster's nominal nodes. Idle pool instances are spans of the pool's workload.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/sku.h"
#include "money/decimal.h"

namespace dbcost {

struct BilledSpan {
  int workload = 0;       // index into SimResult::workloads
  std::int64_t run = -1;  // job run number within the workload (0-based), -1 outside job runs
  std::string compute;    // a job run's cluster key or task key; all-purpose cluster or warehouse name
  ComputeKind kind = ComputeKind::Job;
  std::string sku_name;
  std::string node_type;  // "" for serverless compute
  bool photon = false;
  double start = 0, end = 0;
  double dbus = 0;
  bool idle = false;
  std::string instance_pool_id;  // the pool a pool-backed cluster's workers come from
};

// Identical nodes of a compute resource: `count` VMs of one type, or their disks. Autoscaling
// clusters are priced at a point between their sizes, so a count may be fractional.
struct VmGroup {
  bool driver = false;  // the driver (its pool is driver_instance_pool_id when given)
  bool disk = false;    // managed disks of the nodes: `type` is the disk SKU
  bool spot = false;
  std::string type;  // instance type, or disk SKU
  int vcpus = 0;
  double count = 0;
  Decimal list_price;     // on demand, per `price_hours` hours of one VM (disk: one month of the node's disks)
  Decimal charged_price;  // what the simulation charges per `price_hours`, after discounts (spot: the spot price)
  int price_hours = 1;    // disks are priced per month of hours_per_month hours
};
using VmShape = std::vector<VmGroup>;

struct VmSpan {
  int workload = 0;
  std::int64_t run = -1;
  std::string compute;  // as BilledSpan::compute; a pool's name for idle pool instances
  double start = 0, end = 0;
  double cost = 0;
  std::shared_ptr<const VmShape> shape;
  int pool = -1, driver_pool = -1;  // the scenario's instance pools the nodes come from
  bool pool_idle = false;           // idle instances of the pool `pool`
};

struct UsageTrace {
  std::vector<BilledSpan> spans;
  std::vector<VmSpan> vms;
};

}  // namespace dbcost
