#include "usage/clusters_export.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "io/atomic_file.h"
#include "io/csv_reader.h"
#include "usage/json_fields.h"

namespace dbcost {
namespace {

enum Col : unsigned {
  kId,
  kName,
  kDriver,
  kWorker,
  kCount,
  kMin,
  kMax,
  kAutoTermination,
  kAzure,
  kAws,
  kDbr,
  kChange,
  kOwner,
  kDriverPool,
  kWorkerPool,
  kColumns
};

std::optional<int> count_cell(const CsvColumns<kColumns>& csv, unsigned col) {
  const std::string_view s = csv.get(col);
  if (s.empty() || s == "null" || s == "NULL") return std::nullopt;
  int v = 0;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || v < 0)
    csv.fail(col, "expected a whole number >= 0, got '" + std::string(s) + "'");
  return v;
}

std::string null_as_empty(std::string_view s) { return s == "null" || s == "NULL" ? std::string() : std::string(s); }

}  // namespace

ClustersExport parse_clusters_export(std::string_view text, const std::string& name) {
  CsvColumns<kColumns> csv(
      name, text,
      {"cluster_id", "cluster_name", "driver_node_type", "worker_node_type", "worker_count", "min_autoscale_workers",
       "max_autoscale_workers", "auto_termination_minutes", "azure_attributes", "aws_attributes", "dbr_version",
       "change_time", "owned_by", "driver_instance_pool_id", "worker_instance_pool_id"},
      {true, false, false, false, false, false, false, false, false, false, false, false, false, false, false});
  ClustersExport out;
  JsonFields attributes({"availability", "first_on_demand", "spot_bid_max_price", "spot_bid_price_percent"});
  while (csv.next()) {
    ClusterRecord c;
    c.cluster_id = std::string(csv.get(kId));
    if (c.cluster_id.empty()) csv.fail(kId, "empty cluster_id");
    c.cluster_name = std::string(csv.get(kName));
    c.driver_node_type = std::string(csv.get(kDriver));
    c.worker_node_type = std::string(csv.get(kWorker));
    c.worker_count = count_cell(csv, kCount);
    c.min_autoscale_workers = count_cell(csv, kMin);
    c.max_autoscale_workers = count_cell(csv, kMax);
    c.auto_termination_minutes = count_cell(csv, kAutoTermination);
    for (unsigned col : {kAzure, kAws}) {
      if (csv.get(col).empty()) continue;
      if (!attributes.scan(csv.get(col))) csv.fail(col, "expected a JSON object: " + attributes.error());
      if (const auto v = attributes.value(0)) c.availability = std::string(*v);
      if (const auto v = attributes.value(1)) {
        int n = 0;
        const auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
        if (ec != std::errc() || p != v->data() + v->size() || n < 0)
          csv.fail(col, "first_on_demand: expected a whole number >= 0, got '" + std::string(*v) + "'");
        c.first_on_demand = n;
      }
      if (const auto v = attributes.value(2)) c.spot_bid_max_price = std::string(*v);
      if (const auto v = attributes.value(3)) c.spot_bid_price_percent = std::string(*v);
    }
    std::string dbr(csv.get(kDbr));
    std::transform(dbr.begin(), dbr.end(), dbr.begin(), [](unsigned char ch) { return std::tolower(ch); });
    c.photon = dbr.find("photon") != std::string::npos;
    c.owned_by = null_as_empty(csv.get(kOwner));
    c.driver_pool_id = null_as_empty(csv.get(kDriverPool));
    c.worker_pool_id = null_as_empty(csv.get(kWorkerPool));
    if (!csv.get(kChange).empty()) {
      const auto t = parse_timestamp_utc(csv.get(kChange));
      if (!t) csv.fail(kChange, "expected a timestamp, got '" + std::string(csv.get(kChange)) + "'");
      c.change_time = *t;
    }
    auto it = out.find(c.cluster_id);
    if (it == out.end())
      out.emplace(c.cluster_id, std::move(c));
    else if (c.change_time >= it->second.change_time)
      it->second = std::move(c);
  }
  return out;
}

ClustersExport load_clusters_export(const std::string& path) {
  const std::string text = read_file(path);
  return parse_clusters_export(text, path);
}

}  // namespace dbcost
