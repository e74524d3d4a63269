// Writing UsageRecords as a system.billing.usage CSV export: every column of kUsageColumns
// (usage/usage_schema.h) in its order, one record per line, so that every reader of usage
// (usage/record_reader.h, chargeback) reads it back.
//
// Timestamps are written as Databricks SQL exports write them (2026-03-01T10:00:00.000Z); map and
// struct cells as JSON with sorted keys (struct fields as the schema's tables say); quantities with
// at least `quantity_decimals` decimals (dbcost's exports: 12), never rounded. Cells are written as
// they are, quoted only where CSV needs it: the export is data read back, not a report, so no
// formula neutralisation (docs/cli.md).
#pragma once

#include <string>

#include "usage/usage_record.h"

namespace dbcost {

struct UsageWriteOptions {
  int quantity_decimals = 12;
};

std::string usage_csv_header();
void append_usage_csv(const UsageRecord& record, std::string& out, const UsageWriteOptions& options = {});

}  // namespace dbcost
