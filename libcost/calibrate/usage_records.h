// A streaming, per-record reader of a system.billing.usage export (CSV, .gz accepted), for
// calibration: the chargeback reader sums records into groups, calibration needs each record's
// resource ids and hour. Memory is one read block plus the current line, whatever the file size.
//
// Columns are found by name in any order (databricks-facts §3.1); extra columns are ignored.
// Required: sku_name, usage_start_time, usage_quantity, usage_metadata. Read when present: cloud,
// usage_unit (absent = DBU), custom_tags, product_features, billing_origin_product and dbcost's
// dbcost_idle_quantity. From usage_metadata (§3.2): job_id, job_run_id, job_name, cluster_id,
// warehouse_id, node_type, notebook_id, dlt_pipeline_id, endpoint_name; from product_features
// (§3.6): is_serverless, is_photon. Struct and map cells are JSON text (chargeback/json_fields.h).
// Every record_type is passed on: a RETRACTION's negated quantity nets its ORIGINAL (§3.4).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "io/timestamp.h"
#include "money/decimal.h"

namespace dbcost {

// One record; the views are valid during the callback only.
struct UsageRecord {
  std::uint64_t line = 0;
  std::string_view sku_name, cloud, usage_unit, billing_origin_product;
  UnixSeconds start = 0;
  Decimal quantity;
  std::optional<Decimal> idle_quantity;
  std::string_view team;  // the team tag's value, "" when absent or empty
  std::string_view job_id, job_run_id, job_name, cluster_id, warehouse_id, node_type;
  std::string_view notebook_id, dlt_pipeline_id, endpoint_name;
  std::optional<bool> is_serverless, is_photon;
};

using UsageRecordSink = std::function<void(const UsageRecord&)>;

// Throws InputError (file:line:column: column: what) on a malformed file or cell.
void read_usage_records(const std::string& path, const std::string& team_tag, const UsageRecordSink& sink);
// The same over text in memory; `name` is used in errors.
void read_usage_records_text(std::string_view text, const std::string& name, const std::string& team_tag,
                             const UsageRecordSink& sink);

}  // namespace dbcost
