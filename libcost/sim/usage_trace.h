// The billed stretches of one simulated trial, kept so the trial can be written out as a
// system.billing.usage export (sim/usage_export.h). A span is one compute resource emitting DBUs
// evenly over [start, end) (seconds since the epoch): a job run's cluster from ready (or from the
// start-up request, with dbus_during_startup) to its end, a task on serverless compute, an
// all-purpose cluster busy or idle (job runs on it included: their records carry the cluster's
// tags and no job), a SQL warehouse running. `dbus` is the
// total over the span, so their sum per workload is the run's `dbus` and, times the SKU price,
// its DBU cost. Pools bill no DBUs and leave no spans.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/sku.h"

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
};

struct UsageTrace {
  std::vector<BilledSpan> spans;
};

}  // namespace dbcost
