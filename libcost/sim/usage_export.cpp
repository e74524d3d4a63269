#include "sim/usage_export.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

#include "core/errors.h"
#include "io/csv_writer.h"
#include "pricing/sku_regions.h"
#include "usage/record_writer.h"
#include "usage/simulated_ids.h"

namespace dbcost {
namespace {

// The export is data that dbcost (chargeback, calibrate) and code read back, in the shape of
// system.billing.usage, so cells are written as they are: no formula neutralisation (docs/cli.md).
std::string raw_cell(std::string_view text) { return csv_cell(text, CsvFormulas::Raw); }

// A DBU figure with 12 decimals, so that record rounding moves a month's cost by far less than a cent.
Decimal decimal12(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.12f", v);
  const auto d = Decimal::parse(buf);
  if (!d) throw ModelError(std::string("usage export: DBU figure ") + buf + " is out of range");
  return *d;
}

// "2026-03-01T10:00:00.000Z", the form Databricks SQL exports write.
std::string timestamp_ms(UnixSeconds t) {
  std::string s = format_timestamp_utc(t);
  return s.substr(0, s.size() - 1) + ".000Z";
}

// A stable UUID-shaped id from a 64-bit state (splitmix64).
std::string uuid_from(std::uint64_t x) {
  auto next = [&x] {
    std::uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  };
  const std::uint64_t a = next(), b = next();
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08llx-%04llx-4%03llx-%04llx-%012llx", static_cast<unsigned long long>(a >> 32),
                static_cast<unsigned long long>((a >> 16) & 0xffff), static_cast<unsigned long long>(a & 0xfff),
                static_cast<unsigned long long>(0x8000 | ((b >> 48) & 0x3fff)),
                static_cast<unsigned long long>(b & 0xffffffffffffULL));
  return buf;
}

std::uint64_t hash_text(const std::string& s) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ULL;
  return h;
}

bool is_sql(ComputeKind k) {
  return k == ComputeKind::SqlClassic || k == ComputeKind::SqlPro || k == ComputeKind::SqlServerless;
}

std::string billing_origin_product(ComputeKind k) {
  switch (k) {
    case ComputeKind::Job:
    case ComputeKind::JobLight:
    case ComputeKind::JobServerless:
      return "JOBS";
    case ComputeKind::AllPurpose:
      return "ALL_PURPOSE";
    case ComputeKind::AllPurposeServerless:
      return "INTERACTIVE";
    case ComputeKind::DltCore:
    case ComputeKind::DltPro:
    case ComputeKind::DltAdvanced:
      return "DLT";
    case ComputeKind::SqlClassic:
    case ComputeKind::SqlPro:
    case ComputeKind::SqlServerless:
      return "SQL";
  }
  return "JOBS";
}

// product_features.performance_target: a serverless job's or pipeline's target, always
// PERFORMANCE_OPTIMIZED for serverless notebooks, null on classic compute and SQL.
std::optional<std::string> performance_target(const BilledSpan& b, const JobWorkload* job,
                                              const PipelineWorkload* pipeline) {
  if (b.kind == ComputeKind::AllPurposeServerless) return to_string(PerformanceTarget::PerformanceOptimized);
  if (b.kind != ComputeKind::JobServerless) return std::nullopt;
  if (pipeline) return to_string(pipeline->performance_target);
  if (job) return to_string(job->performance_target);
  return std::nullopt;
}

// One record: a resource's DBUs in one clock hour.
struct RecordKey {
  std::int64_t hour;
  int workload;
  std::int64_t run;
  std::string compute;
  std::string sku_name;
  bool operator<(const RecordKey& o) const {
    return std::tie(hour, workload, run, compute, sku_name) <
           std::tie(o.hour, o.workload, o.run, o.compute, o.sku_name);
  }
};

struct RecordValue {
  const BilledSpan* span = nullptr;  // the first span: kind, node type, photon
  double dbus = 0;
  double idle_dbus = 0;
};

std::map<RecordKey, RecordValue> hourly_records(const UsageTrace& trace) {
  std::map<RecordKey, RecordValue> out;
  for (const auto& b : trace.spans) {
    if (!(b.dbus > 0) || !std::isfinite(b.dbus)) continue;
    const double length = b.end - b.start;
    auto add = [&](std::int64_t hour, double share) {
      auto& v = out[RecordKey{hour, b.workload, b.run, b.compute, b.sku_name}];
      if (!v.span) v.span = &b;
      v.dbus += b.dbus * share;
      if (b.idle) v.idle_dbus += b.dbus * share;
    };
    if (!(length > 0)) {
      add(static_cast<std::int64_t>(std::floor(b.start / 3600)), 1);
      continue;
    }
    for (double t = b.start; t < b.end;) {
      const double hour = std::floor(t / 3600);
      const double e = std::min(b.end, (hour + 1) * 3600);
      add(static_cast<std::int64_t>(hour), (e - t) / length);
      t = e;
    }
  }
  return out;
}

// The SKU as system.billing.usage names it: region-priced SKUs carry the region's suffix
// (PREMIUM_JOBS_SERVERLESS_COMPUTE_US_EAST_2), as a list_prices export lists them.
std::string billed_sku(const Scenario& sc, const std::string& sku) {
  const PriceRow* row = sc.pricing->prices.find(sku, to_string(sc.cloud), "DBU", sc.start, sc.region);
  if (!row) return sku;
  if (row->sku_name != sku) return row->sku_name;
  if (row->region.empty()) return sku;
  const auto suffix = SkuRegions::builtin().suffix_of(to_string(sc.cloud), sc.region);
  return suffix ? sku + "_" + *suffix : sku;
}

}  // namespace

std::string usage_export_csv(const Scenario& sc, const SimResult& result, const UsageTrace& trace,
                             const UsageExportOptions& options) {
  const std::string account_id = uuid_from(hash_text("account:" + sc.name));
  const std::string workspace_id =
      std::to_string(1'000'000'000'000'000LL + (hash_text("workspace:" + sc.name) % 1'000'000'000'000'000LL));
  const std::string cloud = to_string(sc.cloud);
  std::map<std::string, const JobWorkload*> jobs;
  for (const auto& j : sc.jobs) jobs[j.name] = &j;
  std::map<std::string, std::string> billed;
  std::map<std::string, const PipelineWorkload*> pipelines;
  for (const auto& pl : sc.pipelines) pipelines[pl.name] = &pl;
  std::string out = usage_csv_header();
  std::uint64_t n = 0;
  const std::uint64_t id_seed = options.seed * 0x2545f4914f6cdd1dULL ^ hash_text(sc.name);
  UsageRecord r;
  r.account_id = account_id;
  r.workspace_id = workspace_id;
  r.cloud = cloud;
  r.usage_unit = "DBU";
  r.record_type = "ORIGINAL";
  r.usage_type = "COMPUTE_TIME";
  for (const auto& [key, value] : hourly_records(trace)) {
    const BilledSpan& b = *value.span;
    if (key.workload < 0 || static_cast<std::size_t>(key.workload) >= result.workloads.size())
      throw ModelError("usage trace names workload " + std::to_string(key.workload) + ", which the run does not have");
    const WorkloadInfo& w = result.workloads[static_cast<std::size_t>(key.workload)];
    const UnixSeconds start = key.hour * 3600;
    r.usage_quantity = decimal12(value.dbus);
    if (r.usage_quantity == Decimal()) continue;

    const JobWorkload* job = w.kind == "job" ? jobs.at(w.name) : nullptr;
    const PipelineWorkload* pipeline = w.kind == "pipeline" ? pipelines.at(w.name) : nullptr;
    r.custom_tags.clear();
    if (job) r.custom_tags.insert(job->tags.begin(), job->tags.end());
    if (pipeline) r.custom_tags.insert(pipeline->tags.begin(), pipeline->tags.end());
    r.custom_tags[options.team_tag] = w.team;

    UsageMetadata& meta = r.usage_metadata;
    meta = {};
    const bool on_all_purpose = job && b.kind == ComputeKind::AllPurpose;
    if (job && !on_all_purpose) {
      const std::int64_t job_id = simulated_job_id(key.workload);
      meta.job_id = std::to_string(job_id);
      meta.job_run_id = format_job_run_id(job_id, key.run);
      meta.job_name = w.name;
    }
    if (pipeline) meta.dlt_pipeline_id = w.name;
    if (is_sql(b.kind)) {
      meta.warehouse_id = b.compute;
    } else if (pipeline) {
      if (!pipeline->serverless) meta.cluster_id = format_pipeline_cluster_id(w.name);
    } else if (!is_serverless(b.kind)) {
      meta.cluster_id = job && !on_all_purpose ? format_job_cluster_id(w.name, key.run, b.compute) : b.compute;
    }
    if (!b.node_type.empty()) meta.node_type = b.node_type;
    if (!b.instance_pool_id.empty()) meta.instance_pool_id = b.instance_pool_id;

    ProductFeatures& features = r.product_features;
    features = {};
    features.is_serverless = is_serverless(b.kind);
    features.is_photon = b.photon;
    if (b.kind == ComputeKind::Job) features.jobs_tier = "CLASSIC";
    if (b.kind == ComputeKind::JobLight) features.jobs_tier = "LIGHT";
    if (is_sql(b.kind)) features.sql_tier = b.kind == ComputeKind::SqlClassic ? "CLASSIC" : "PRO";
    features.performance_target = performance_target(b, job, pipeline);

    r.record_id = uuid_from(id_seed + n++);
    auto sku = billed.find(b.sku_name);
    if (sku == billed.end()) sku = billed.emplace(b.sku_name, billed_sku(sc, b.sku_name)).first;
    r.sku_name = sku->second;
    r.usage_start_time = start;
    r.usage_end_time = start + 3600;
    r.usage_date = format_date_utc(start);
    r.ingestion_date = format_date_utc(start + 86400);
    r.billing_origin_product = pipeline ? std::string("DLT") : billing_origin_product(b.kind);
    r.dbcost_idle_quantity = value.idle_dbus > 0 ? std::optional(decimal12(value.idle_dbus)) : std::nullopt;
    append_usage_csv(r, out);
  }
  return out;
}

std::string list_prices_csv(const Scenario& sc, const UsageTrace& trace) {
  std::set<std::string> skus;
  UnixSeconds from = sc.start;
  for (const auto& b : trace.spans) {
    skus.insert(b.sku_name);
    from = std::min(from, static_cast<UnixSeconds>(std::floor(b.start / 3600)) * 3600);
  }
  const std::string cloud = to_string(sc.cloud);
  const std::string account_id = uuid_from(hash_text("account:" + sc.name));
  std::string out = "price_start_time,price_end_time,account_id,sku_name,cloud,currency_code,usage_unit,pricing\n";
  for (const auto& sku : skus) {
    const PriceRow& row = sc.pricing->prices.get(sku, cloud, "DBU", sc.start, sc.region);
    const std::string price = row.price.to_string();
    const nlohmann::json pricing = {{"default", price}, {"effective_list", {{"default", price}}}};
    out += timestamp_ms(from) + ",," + account_id + ',' + raw_cell(billed_sku(sc, sku)) + ',' + cloud + ',' +
           raw_cell(row.currency_code) + ",DBU," + raw_cell(pricing.dump()) + '\n';
  }
  return out;
}

}  // namespace dbcost
