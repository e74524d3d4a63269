// Reading a system.billing.usage export record by record into UsageRecord (usage/usage_record.h),
// for readers that need each record (calibration); chargeback sums records without building them
// (chargeback/usage_reader.h). Memory is one read block plus the current line, whatever the file.
//
// Columns are found by name (usage/usage_schema.h); `required` must be there, all others are read
// when present. An empty cell is an absent value. usage_unit absent as a column reads as DBU. From
// custom_tags only the keys in `tag_keys` are kept. Struct cells are JSON text: a field whose value
// is null is absent; a product_features flag other than true/false reads as absent. Every
// record_type is passed on: a RETRACTION's negated quantity nets its ORIGINAL.
//
// Errors are InputError file:line:column: column: what (a malformed line or cell, an empty
// sku_name, a bad timestamp or quantity).
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "io/byte_source.h"
#include "usage/usage_record.h"
#include "usage/usage_schema.h"

namespace dbcost {

struct UsageReadOptions {
  std::vector<std::string> tag_keys;
  std::vector<UsageColumnId> required = {kSkuNameColumn, kUsageStartTimeColumn, kUsageQuantityColumn};
  std::size_t block_bytes = 1u << 20;
};

// The record is valid during the call only (the reader reuses it).
using UsageRecordSink = std::function<void(const UsageRecord&)>;

// A plain file, a .gz file, a pipe or stdin (open_block_source).
void read_usage_records(const std::string& path, const UsageReadOptions& options, const UsageRecordSink& sink);
// The same over text in memory; `name` is used in errors.
void read_usage_records_text(std::string_view text, const std::string& name, const UsageReadOptions& options,
                             const UsageRecordSink& sink);
void read_usage_records(BlockSource& source, const std::string& name, const UsageReadOptions& options,
                        const UsageRecordSink& sink);

}  // namespace dbcost
