// One record of Databricks' billable usage table, system.billing.usage, as dbcost reads and writes it
// (columns and fields: "Billable usage system table reference",
// https://docs.databricks.com/aws/en/admin/system-tables/billing and
// https://learn.microsoft.com/en-us/azure/databricks/admin/system-tables/billing, Jan 2026).
//
// - One record is one resource's usage of one SKU over [usage_start_time, usage_end_time) (an
//   hour for compute), usage_quantity in usage_unit (DBU for compute) as decimal(38,18), negative
//   on a RETRACTION (record_type ORIGINAL, RETRACTION or RESTATEMENT).
// - custom_tags is a map<string,string>; usage_metadata, identity_metadata and product_features are
//   structs of which only a few fields are set per record (null otherwise: std::nullopt here). The
//   fields dbcost uses are members; usage/usage_schema.h lists them with their column names.
// - dbcost_idle_quantity is not Databricks': dbcost's simulated exports carry the part of
//   usage_quantity a cluster spent idle in it (empty on real exports).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "io/timestamp.h"
#include "money/decimal.h"

namespace dbcost {

struct UsageMetadata {
  std::optional<std::string> cluster_id, job_id, warehouse_id, instance_pool_id, node_type, job_run_id, job_name;
  std::optional<std::string> notebook_id, notebook_path, dlt_pipeline_id, dlt_update_id, endpoint_name, endpoint_id;
  std::optional<std::string> budget_policy_id;
};

struct IdentityMetadata {
  std::optional<std::string> run_as, owned_by, created_by;
};

struct ProductFeatures {
  std::optional<bool> is_serverless, is_photon;
  std::optional<std::string> jobs_tier, sql_tier, dlt_tier, performance_target;
};

struct UsageRecord {
  std::string record_id;
  std::string account_id;
  std::string workspace_id;
  std::string sku_name;
  std::string cloud;  // AWS, AZURE, GCP
  UnixSeconds usage_start_time = 0;
  std::optional<UnixSeconds> usage_end_time;
  std::string usage_date;                          // YYYY-MM-DD (UTC)
  std::map<std::string, std::string> custom_tags;  // when read: the tag keys asked for only
  std::string usage_unit = "DBU";
  Decimal usage_quantity;
  UsageMetadata usage_metadata;
  IdentityMetadata identity_metadata;
  std::string record_type = "ORIGINAL";
  std::string ingestion_date;  // YYYY-MM-DD
  std::string billing_origin_product;
  ProductFeatures product_features;
  std::string usage_type;
  std::optional<Decimal> dbcost_idle_quantity;

  std::uint64_t line = 0;  // the record's line in the file it was read from (1 = the header)
};

}  // namespace dbcost
