// The columns of system.billing.usage and the struct fields dbcost reads and writes, in one table
// ("Billable usage system table reference", https://docs.databricks.com/aws/en/admin/system-tables/billing;
// Azure: https://learn.microsoft.com/en-us/azure/databricks/admin/system-tables/billing, Jan 2026).
//
// kUsageColumns is in the order Databricks lists the columns, which is the order dbcost's exports
// write them, plus dbcost's own dbcost_idle_quantity last. Readers find columns by name in any
// order and ignore the ones they do not know. Map and struct columns are written as JSON text
// ({"team":"data-eng"}), as a CSV export of the table writes them.
//
// The struct field tables name each field's JSON key and its UsageRecord member. `null_written`:
// dbcost's export writes the key with null when the value is absent (the fields its simulated
// records can have); other fields are left out when absent.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "usage/usage_record.h"

namespace dbcost {

enum class UsageColumnType { String, Timestamp, Date, Decimal, StringMap, Struct };

struct UsageColumn {
  std::string_view name;
  UsageColumnType type;
};

enum UsageColumnId : unsigned {
  kRecordIdColumn,
  kAccountIdColumn,
  kWorkspaceIdColumn,
  kSkuNameColumn,
  kCloudColumn,
  kUsageStartTimeColumn,
  kUsageEndTimeColumn,
  kUsageDateColumn,
  kCustomTagsColumn,
  kUsageUnitColumn,
  kUsageQuantityColumn,
  kUsageMetadataColumn,
  kIdentityMetadataColumn,
  kRecordTypeColumn,
  kIngestionDateColumn,
  kBillingOriginProductColumn,
  kProductFeaturesColumn,
  kUsageTypeColumn,
  kIdleQuantityColumn,  // dbcost's, not Databricks'
  kUsageColumnCount
};

inline constexpr std::array<UsageColumn, kUsageColumnCount> kUsageColumns = {{
    {"record_id", UsageColumnType::String},
    {"account_id", UsageColumnType::String},
    {"workspace_id", UsageColumnType::String},
    {"sku_name", UsageColumnType::String},
    {"cloud", UsageColumnType::String},
    {"usage_start_time", UsageColumnType::Timestamp},
    {"usage_end_time", UsageColumnType::Timestamp},
    {"usage_date", UsageColumnType::Date},
    {"custom_tags", UsageColumnType::StringMap},
    {"usage_unit", UsageColumnType::String},
    {"usage_quantity", UsageColumnType::Decimal},
    {"usage_metadata", UsageColumnType::Struct},
    {"identity_metadata", UsageColumnType::Struct},
    {"record_type", UsageColumnType::String},
    {"ingestion_date", UsageColumnType::Date},
    {"billing_origin_product", UsageColumnType::String},
    {"product_features", UsageColumnType::Struct},
    {"usage_type", UsageColumnType::String},
    {"dbcost_idle_quantity", UsageColumnType::Decimal},
}};

constexpr std::string_view usage_column_name(UsageColumnId id) { return kUsageColumns[id].name; }

template <class Struct, class Value>
struct UsageStructField {
  std::string_view name;
  std::optional<Value> Struct::*member;
  bool null_written;
};

inline constexpr std::array<UsageStructField<UsageMetadata, std::string>, 14> kUsageMetadataFields = {{
    {"cluster_id", &UsageMetadata::cluster_id, false},
    {"job_id", &UsageMetadata::job_id, false},
    {"warehouse_id", &UsageMetadata::warehouse_id, false},
    {"instance_pool_id", &UsageMetadata::instance_pool_id, false},
    {"node_type", &UsageMetadata::node_type, false},
    {"job_run_id", &UsageMetadata::job_run_id, false},
    {"job_name", &UsageMetadata::job_name, false},
    {"notebook_id", &UsageMetadata::notebook_id, false},
    {"notebook_path", &UsageMetadata::notebook_path, false},
    {"dlt_pipeline_id", &UsageMetadata::dlt_pipeline_id, false},
    {"dlt_update_id", &UsageMetadata::dlt_update_id, false},
    {"endpoint_name", &UsageMetadata::endpoint_name, false},
    {"endpoint_id", &UsageMetadata::endpoint_id, false},
    {"budget_policy_id", &UsageMetadata::budget_policy_id, false},
}};

inline constexpr std::array<UsageStructField<IdentityMetadata, std::string>, 3> kIdentityMetadataFields = {{
    {"run_as", &IdentityMetadata::run_as, true},
    {"owned_by", &IdentityMetadata::owned_by, false},
    {"created_by", &IdentityMetadata::created_by, false},
}};

inline constexpr std::array<UsageStructField<ProductFeatures, bool>, 2> kProductFeatureFlags = {{
    {"is_serverless", &ProductFeatures::is_serverless, true},
    {"is_photon", &ProductFeatures::is_photon, true},
}};

inline constexpr std::array<UsageStructField<ProductFeatures, std::string>, 4> kProductFeatureTexts = {{
    {"jobs_tier", &ProductFeatures::jobs_tier, true},
    {"sql_tier", &ProductFeatures::sql_tier, true},
    {"dlt_tier", &ProductFeatures::dlt_tier, false},
    {"performance_target", &ProductFeatures::performance_target, true},
}};

}  // namespace dbcost
