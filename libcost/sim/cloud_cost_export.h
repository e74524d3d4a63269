// One simulated trial's cloud side written as the cloud provider's cost export, beside its usage
// export (sim/usage_export.h), so that a join of the two by cluster, warehouse and pool id finds each
// cluster's VM cost as a real workspace's exports would give it.
//
// Lines: one per VM per UTC clock hour it ran (ChargePeriodStart/End on the hour), or per a node's
// disks where the warehouse shape prices them (S10 LRS on Azure; warehouse_shapes.csv), from the
// trace's VM spans (sim/usage_trace.h): a cluster's driver and workers, on demand or spot as priced,
// from the start-up request to its end; a warehouse's running clusters; a pool's idle instances. A
// line's cost is its share of what the simulation charged for the span (count x charged price,
// spread evenly over time), 10 decimals, so the lines of a workload sum to SimResult::vm_cost to far
// less than a cent. An autoscaling cluster priced between its sizes has a fractional last VM: it is
// a line whose quantity is that fraction of the hour.
//
// Tags, as Databricks puts them on VMs (https://docs.databricks.com/admin/account-settings/usage-detail-tags.html,
// https://learn.microsoft.com/en-us/azure/databricks/admin/account-settings/usage-detail-tags):
// Vendor=Databricks, ClusterId, ClusterName, Creator, the cluster's custom_tags and `<team_tag>:
// <team>`; JobId, RunName (the job's name) and the job's tags on job clusters, whose ClusterName is
// job-<job_id>-run-<job_run_id>; SqlEndpointId on warehouse VMs; VMs taken from a pool, and idle pool
// instances, carry the pool's tags only: Vendor, DatabricksInstancePoolId, DatabricksInstancePoolCreatorId
// and the pool's team tag. Ids are the usage export's: cluster_id (usage/simulated_ids.h), warehouse
// and pool by scenario name. Creator is <team>@example.com (the scenario has no users).
//
// Formats: FOCUS 1.2 as AWS Data Exports and Azure Cost Management write it (every cloud; GCP as
// "Google Cloud"), FinOps-Open-Cost-and-Usage-Spec/FOCUS_Spec@v1.2:specification/columns/*.md;
// native: AWS CUR 2.0 (https://docs.aws.amazon.com/cur/latest/userguide/table-dictionary-cur2.html;
// BoxUsage:/SpotUsage:<type> usage types, resource_tags JSON with user_<snake_case> keys) and Azure
// cost details, actual cost
// (MicrosoftDocs/azure-docs@01068c9b:articles/cost-management-billing/automate/understand-usage-details-fields.md;
// one line per resource per UTC day, as its Date column allows; Tags without braces). GCP's billing
// export is not one dbcost reads: native on GCP is a ModelError.
#pragma once

#include <string>

#include "sim/engine.h"
#include "sim/usage_export.h"
#include "sim/usage_trace.h"
#include "workload/scenario.h"

namespace dbcost {

enum class CloudExportKind { Focus, Native };

std::string cloud_cost_export_csv(const Scenario& sc, const SimResult& result, const UsageTrace& trace,
                                  CloudExportKind kind, const UsageExportOptions& options = {});

}  // namespace dbcost
