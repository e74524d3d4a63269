// One simulated trial written as Databricks writes billing data, so chargeback, alerts and
// calibration read simulated months exactly as they read real ones.
//
// usage: a system.billing.usage export (https://docs.databricks.com/aws/en/admin/system-tables/billing), one record per
// compute resource, SKU and UTC clock hour [hh:00, hh+1:00), usage_quantity the DBUs emitted in that hour (the trace's
// spans spread evenly over their time). Resources: each job run's cluster (a job cluster key or a
// task's new_cluster; cluster_id "<job>-run<N>-<key>", usage/simulated_ids.h), serverless job
// compute (no cluster_id), tasks on an all-purpose cluster (billed as ALL_PURPOSE, without job_id, as Databricks does),
// all-purpose clusters and SQL warehouses (their scenario names as ids), serverless notebooks (INTERACTIVE) and
// pipelines (origin DLT, dlt_pipeline_id = the name; a classic one's cluster_id dlt-execution-<name>). custom_tags hold
// the job's tags and `<team_tag>: <team>`; usage_metadata job_id, job_run_id, job_name, cluster_id, warehouse_id,
// instance_pool_id (a pool-backed cluster's worker pool, by its scenario name) and node_type; product_features
// is_serverless, is_photon, jobs_tier, sql_tier and performance_target (serverless jobs and pipelines: theirs;
// notebooks PERFORMANCE_OPTIMIZED). The extra column dbcost_idle_quantity is the part of usage_quantity spent idle
// (chargeback shows it). Quantities carry 12 decimals, so record rounding moves a month's cost by far less than a cent.
// Records are UsageRecords (usage/usage_record.h) written by usage/record_writer.h.
//
// list_prices: the price row of every SKU in the trace as the simulation priced it (in effect at
// the period's start, in the scenario's region), as a system.billing.list_prices export
// (https://docs.databricks.com/aws/en/admin/system-tables/pricing) open from the first record's hour (or the period's
// start), so `dbcost chargeback --prices` on it gives the run's list DBU cost.
#pragma once

#include <cstdint>
#include <string>

#include "sim/engine.h"
#include "sim/usage_trace.h"
#include "workload/scenario.h"

namespace dbcost {

struct UsageExportOptions {
  std::uint64_t seed = 1;  // makes record ids differ between trials
  std::string team_tag = "team";
};

std::string usage_export_csv(const Scenario& sc, const SimResult& result, const UsageTrace& trace,
                             const UsageExportOptions& options = {});
std::string list_prices_csv(const Scenario& sc, const UsageTrace& trace);

}  // namespace dbcost
