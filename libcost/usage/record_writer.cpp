#include "usage/record_writer.h"

#include <nlohmann/json.hpp>

#include "io/csv_writer.h"
#include "usage/usage_schema.h"

namespace dbcost {
namespace {

std::string raw_cell(std::string_view text) { return csv_cell(text, CsvFormulas::Raw); }

// "2026-03-01T10:00:00.000Z", the form Databricks SQL exports write.
std::string timestamp_ms(UnixSeconds t) {
  std::string s = format_timestamp_utc(t);
  return s.substr(0, s.size() - 1) + ".000Z";
}

std::string quantity_text(const Decimal& q, int decimals) {
  std::string s = q.to_string();
  auto dot = s.find('.');
  if (dot == std::string::npos) {
    if (decimals <= 0) return s;
    dot = s.size();
    s += '.';
  }
  const auto have = static_cast<int>(s.size() - dot - 1);
  if (have < decimals) s.append(static_cast<std::size_t>(decimals - have), '0');
  return s;
}

template <class Struct, class Fields>
void put_fields(nlohmann::json& out, const Struct& s, const Fields& fields) {
  for (const auto& f : fields) {
    const auto& v = s.*f.member;
    if (v)
      out[std::string(f.name)] = *v;
    else if (f.null_written)
      out[std::string(f.name)] = nullptr;
  }
}

template <class Struct, class... Fields>
std::string struct_cell(const Struct& s, const Fields&... fields) {
  nlohmann::json out = nlohmann::json::object();
  (put_fields(out, s, fields), ...);
  return raw_cell(out.dump());
}

std::string map_cell(const std::map<std::string, std::string>& m) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [k, v] : m) out[k] = v;
  return raw_cell(out.dump());
}

std::string cell(const UsageRecord& r, UsageColumnId c, const UsageWriteOptions& options) {
  switch (c) {
    case kRecordIdColumn:
      return raw_cell(r.record_id);
    case kAccountIdColumn:
      return raw_cell(r.account_id);
    case kWorkspaceIdColumn:
      return raw_cell(r.workspace_id);
    case kSkuNameColumn:
      return raw_cell(r.sku_name);
    case kCloudColumn:
      return raw_cell(r.cloud);
    case kUsageStartTimeColumn:
      return timestamp_ms(r.usage_start_time);
    case kUsageEndTimeColumn:
      return r.usage_end_time ? timestamp_ms(*r.usage_end_time) : "";
    case kUsageDateColumn:
      return raw_cell(r.usage_date);
    case kCustomTagsColumn:
      return map_cell(r.custom_tags);
    case kUsageUnitColumn:
      return raw_cell(r.usage_unit);
    case kUsageQuantityColumn:
      return quantity_text(r.usage_quantity, options.quantity_decimals);
    case kUsageMetadataColumn:
      return struct_cell(r.usage_metadata, kUsageMetadataFields);
    case kIdentityMetadataColumn:
      return struct_cell(r.identity_metadata, kIdentityMetadataFields);
    case kRecordTypeColumn:
      return raw_cell(r.record_type);
    case kIngestionDateColumn:
      return raw_cell(r.ingestion_date);
    case kBillingOriginProductColumn:
      return raw_cell(r.billing_origin_product);
    case kProductFeaturesColumn:
      return struct_cell(r.product_features, kProductFeatureFlags, kProductFeatureTexts);
    case kUsageTypeColumn:
      return raw_cell(r.usage_type);
    case kIdleQuantityColumn:
      return r.dbcost_idle_quantity ? quantity_text(*r.dbcost_idle_quantity, options.quantity_decimals) : "";
    case kUsageColumnCount:
      break;
  }
  return "";
}

}  // namespace

std::string usage_csv_header() {
  std::string out;
  for (const auto& c : kUsageColumns) {
    if (!out.empty()) out += ',';
    out += c.name;
  }
  return out + '\n';
}

void append_usage_csv(const UsageRecord& record, std::string& out, const UsageWriteOptions& options) {
  for (unsigned c = 0; c < kUsageColumnCount; ++c) {
    if (c > 0) out += ',';
    out += cell(record, static_cast<UsageColumnId>(c), options);
  }
  out += '\n';
}

}  // namespace dbcost
