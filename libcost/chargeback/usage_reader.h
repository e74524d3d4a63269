// Reading a system.billing.usage export (CSV, .gz accepted) into exact sums: one UsageGroup per
// (period, team, workspace, SKU, price row), holding the sum of usage_quantity as an exact Decimal.
//
// - Columns are found by name in any order; extra columns are ignored. Required: sku_name, cloud,
//   usage_unit, usage_quantity, usage_start_time, custom_tags; usage_metadata, identity_metadata
//   and workspace_id when the owners file or --shared-id need them. An optional
//   dbcost_idle_quantity column (the part of usage_quantity an all-purpose cluster spent idle, as
//   simulated exports carry it) is summed alongside.
// - Every record is summed whatever its record_type: a RETRACTION carries the negated quantity of
//   the ORIGINAL it cancels and a RESTATEMENT the corrected one, so the sum is the corrected usage
//   (record_type in https://docs.databricks.com/aws/en/admin/system-tables/billing). Counts per record_type are kept
//   for the report.
// - The period is the one holding usage_start_time (UTC); the price is the list_prices row for
//   (sku_name, cloud, usage_unit) in effect at usage_start_time (PriceBook::find, which also maps
//   region-suffixed serverless SKUs). Usage with no price is kept apart per SKU. With account
//   prices (UsageOptions::account_prices), the account_prices row in effect at the same instant is
//   kept beside it and bills the group; the list row still gives the list cost.
// - Lines come from usage/'s streaming reader (usage/usage_lines.h) over io/byte_source.h; the
//   steps of one record are in chargeback/usage_sums.h.
// - Memory grows with the number of groups, not rows: a plain file is mapped and read in blocks,
//   dropping the pages already read. A plain file is cut at line boundaries into one part per
//   thread; each part is summed exactly on its own thread and the parts are added, so the result
//   does not depend on the number of threads. A .gz file or a pipe is streamed: on one thread
//   alone, or decompressed (read) on one while the others take its blocks of lines in turn from a
//   bounded queue (2 MB blocks, two waiting per summing thread), each summing into its own part
//   with every line numbered as in the file; errors and each group's first record are those with
//   the smallest line, as on one thread.
// - A --shared-id that matches none of the records' ids (job_id, cluster_id, warehouse_id, run_as,
//   workspace_id) is an InputError naming the option and the id, with the closest id read as a
//   suggestion: each part marks the ids it met and the marks are joined with the parts' sums; the
//   candidates are read in a second pass, on that error path only (none for a pipe).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "chargeback/attribution.h"
#include "chargeback/period.h"
#include "money/decimal.h"
#include "pricing/price_book.h"

namespace dbcost {

// What else a group is told apart by: a usage_metadata id (chargeback --by team,job or cluster).
enum class GroupDetail { None, JobId, ClusterId };

struct UsageOptions {
  AttributionRules rules;
  PeriodKind period = PeriodKind::Month;
  unsigned threads = 0;                          // 0 = one per core
  std::size_t min_part_bytes = 16u << 20;        // parts are at least this long
  std::size_t block_bytes = 8u << 20;            // read size per part
  const PriceBook* account_prices = nullptr;     // system.billing.account_prices: the billed prices
  std::string shared_id_option = "--shared-id";  // how the caller spells the option, in errors
  bool require_shared_id_match = true;           // false for one of several exports read apart
  GroupDetail detail = GroupDetail::None;
  bool resource_usage = false;  // keep each cluster's, warehouse's and pool's usage per hour (UsageLedger)
};

struct UsageGroup {
  std::int64_t period = 0;  // period key (period.h)
  std::string team;         // a team, "(shared)" or "(unallocated)"
  std::string workspace_id;
  std::string sku_name;
  std::string cloud;
  std::string usage_unit;
  std::string detail;                 // per UsageOptions::detail: job_id, or cluster_id else warehouse_id; "" when none
  const PriceRow* price = nullptr;    // list
  const PriceRow* account = nullptr;  // the account price that bills the group, when one covers it
  Decimal quantity;
  Decimal idle_quantity;
  std::uint64_t records = 0;
  SourceLocation first;  // the group's first record (empty for a ledger read back from text)
};

// Usage whose (sku_name, cloud, usage_unit) has no price at its start time, per period and SKU.
struct UnpricedUsage {
  std::int64_t period = 0;
  std::string sku_name;
  std::string cloud;
  std::string usage_unit;
  Decimal quantity;
  std::uint64_t records = 0;
  SourceLocation first;  // the first such record
};

// The usage of one cluster, SQL warehouse or instance pool (usage_metadata.cluster_id, warehouse_id,
// instance_pool_id) in one hour, counted toward one group: what a cloud cost line of that resource
// is split by (chargeback/whole_bill.h). A pool-backed cluster's record counts for the cluster and the pool.
enum class ResourceKind : std::uint8_t { Cluster, Warehouse, Pool };
struct ResourceUsage {
  ResourceKind kind = ResourceKind::Cluster;
  std::string id;
  UnixSeconds hour = 0;   // the hour holding usage_start_time
  std::size_t group = 0;  // index into UsageLedger::groups
  Decimal quantity;       // usage_quantity, every record_type summed
};

struct RecordCounts {
  std::uint64_t records = 0;
  std::uint64_t original = 0;
  std::uint64_t retraction = 0;
  std::uint64_t restatement = 0;
};

struct UsageLedger {
  std::string source;
  PeriodKind period = PeriodKind::Month;
  std::vector<UsageGroup> groups;       // sorted by period, team, workspace, SKU, cloud, unit, price start
  std::vector<UnpricedUsage> unpriced;  // sorted by period, SKU, cloud, unit
  RecordCounts counts;
  std::vector<std::string> account_ids;       // the distinct account_id values read, sorted
  std::vector<ResourceUsage> resource_usage;  // sorted by kind, id, hour, group (UsageOptions::resource_usage)
  bool has_idle = false;
  unsigned parts = 1;  // how many parts were read in parallel
};

UsageLedger read_usage(const std::string& path, const PriceBook& prices, const UsageOptions& options);
// The same from text in memory (a DataFrame written as CSV, a test); `name` is used in errors.
UsageLedger read_usage_text(std::string_view text, const std::string& name, const PriceBook& prices,
                            const UsageOptions& options);

}  // namespace dbcost
