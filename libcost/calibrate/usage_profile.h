// A usage export folded into what calibration infers from: per compute resource, its DBUs per UTC
// clock hour; per job, its runs and each run's clusters; per team and month, the billed DBU cost.
// Memory grows with resources x hours, not with records.
//
// Each DBU record (other units are counted and skipped) goes to one resource, the first that
// applies (usage_metadata and billing_origin_product in
// https://docs.databricks.com/aws/en/admin/system-tables/billing):
//  1. a SQL warehouse: usage_metadata.warehouse_id;
//  2. a job: usage_metadata.job_id, on a job cluster (its cluster_id, a JOBS_COMPUTE SKU) or on
//     serverless jobs compute (is_serverless, or a SERVERLESS SKU); a run is its job_run_id;
//  3. an all-purpose cluster: cluster_id with an ALL_PURPOSE_COMPUTE SKU. Jobs on all-purpose
//     compute carry no job_id and so stay part of the cluster they ran on;
//  4. anything else (serverless notebooks, pipelines, model serving, Jobs Light, ...): one "other"
//     resource per SKU and team.
// A resource's team is the team tag of most of its DBUs, as chargeback attributes each record.
// Billed cost: each record's quantity at the price in effect at its usage_start_time
// (PriceBook::find, the chargeback price join), summed exactly per (month, team, price row) and
// rounded once to a micro-unit; untagged usage is the team "(untagged)".
#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "io/timestamp.h"
#include "money/decimal.h"
#include "money/money.h"
#include "pricing/price_book.h"

namespace dbcost {

inline constexpr const char* kUntaggedTeam = "(untagged)";

struct HourUse {
  double dbus = 0;
  double idle_dbus = 0;
};
using HourlyUse = std::map<std::int64_t, HourUse>;  // UTC hour (seconds / 3600) -> use

struct ResourceUse {
  std::string id;
  std::string sku_name;   // the SKU of most DBUs
  std::string node_type;  // usage_metadata.node_type ("" for serverless)
  bool photon = false;
  HourlyUse hours;
  std::map<std::string, double> team_dbus;
  std::map<std::string, double> sku_dbus;
  double dbus() const;
  std::string team() const;
};

struct JobRunUse {
  std::string run_id;
  std::map<std::string, ResourceUse> clusters;  // by cluster_id
  ResourceUse serverless;                       // serverless jobs compute (no cluster)
  std::int64_t first_hour() const;
};

struct JobUse {
  std::string job_id;
  std::string job_name;
  std::map<std::string, JobRunUse> runs;  // by job_run_id
  std::map<std::string, double> team_dbus;
  std::string team() const;
};

struct UsageProfileOptions {
  std::string team_tag = "team";
  UnixSeconds from = kBeginningOfTime;  // records whose usage_start_time is in [from, to)
  UnixSeconds to = kEndOfTime;
};

struct UsageProfile {
  std::string source;
  std::uint64_t records = 0;                   // DBU records read in the period
  std::uint64_t skipped = 0;                   // records in another unit or outside the period
  std::string cloud = "AZURE";                 // of most DBUs
  std::string tier = "PREMIUM";                // the SKU prefix of most DBUs
  std::string region;                          // of most region-suffixed DBUs (sku_regions.h); "" = none
  bool has_idle = false;                       // the dbcost_idle_quantity column was present and used
  std::int64_t first_hour = 0, last_hour = 0;  // of the records read
  std::int64_t last_start_hour =
      std::numeric_limits<std::int64_t>::min();    // the last job run start or non-job record: the period's last day
  std::map<std::string, JobUse> jobs;              // by job_id
  std::map<std::string, ResourceUse> all_purpose;  // by cluster_id
  std::map<std::string, ResourceUse> warehouses;   // by warehouse_id
  std::map<std::string, ResourceUse> other;        // by "<sku>|<team>"
  // Billed DBU cost per (month "YYYY-MM", team).
  std::map<std::pair<std::string, std::string>, Money> billed;
  std::map<std::string, std::string> currency;  // by month
};

// Throws InputError on a malformed file, or when a record's SKU has no price (naming the SKU).
UsageProfile read_usage_profile(const std::string& path, const PriceBook& prices, const UsageProfileOptions& options);
UsageProfile read_usage_profile_text(std::string_view text, const std::string& name, const PriceBook& prices,
                                     const UsageProfileOptions& options);

}  // namespace dbcost
