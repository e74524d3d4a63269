// Hourly rates of the workloads billed by the hour of use outside job runs: Lakeflow Declarative
// Pipelines and serverless notebooks (docs/scenario.md). The engine bills them over their spans;
// `dbcost estimate` shows them as a resource's cost per run-hour.
//
//   classic pipeline     default cluster at the edition's DLT SKU (Photon SKU and multiplier with
//                        `photon`), autoscale at the midpoint of its two sizes, plus its VMs
//   serverless pipeline  dbus_per_hour x the JOBS_SERVERLESS_COMPUTE price (no VMs)
//   serverless notebook  dbus_per_hour x the ALL_PURPOSE_SERVERLESS_COMPUTE price (no VMs)
// DBU prices are read at the period's start in the scenario's region, less pricing.discounts.
#pragma once

#include <memory>
#include <string>

#include "sim/usage_trace.h"
#include "workload/scenario.h"

namespace dbcost {

struct HourRate {
  double dbus_per_hour = 0;
  double dbu_cost_per_hour = 0;       // billed
  double dbu_list_cost_per_hour = 0;  // at list price (commitment drawdown)
  double vm_per_hour = 0;
  ComputeKind kind = ComputeKind::JobServerless;
  std::string sku_name;
  std::string node_type;  // "" for serverless compute
  bool photon = false;
  std::shared_ptr<const VmShape> vms;  // classic pipelines: the nodes behind vm_per_hour
  double total() const { return dbu_cost_per_hour + vm_per_hour; }
};

// The SKU's price per DBU for the scenario (its tier, cloud, region, period start) as billed:
// the account price, or list less the SKU's discount.
double discounted_dbu_price(const Scenario& sc, ComputeKind kind);
HourRate pipeline_hour(const PipelineWorkload& p, const Scenario& sc);
HourRate notebook_hour(const NotebookWorkload& n, const Scenario& sc);

}  // namespace dbcost
