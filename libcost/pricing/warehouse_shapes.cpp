#include "pricing/warehouse_shapes.h"

#include <array>
#include <cctype>
#include <charconv>

#include "core/ascii_case.h"
#include "io/atomic_file.h"
#include "io/csv_reader.h"

namespace dbcost {

namespace embedded {
std::string_view warehouse_shapes();
}  // namespace embedded

namespace {

enum : unsigned {
  kSize,
  kCloud,
  kDriver,
  kWorker,
  kWorkers,
  kDisks,
  kDiskGb,
  kDiskSku,
  kDiskPrice,
  kHours,
  kSource,
  kConf,
  kDiskConf,
  kColumns
};

using Csv = CsvColumns<kColumns>;

int whole(const Csv& csv, unsigned i, int max) {
  const auto text = csv.get(i);
  int v = 0;
  const auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size() || v < 0 || v > max)
    csv.fail(i, "expected a whole number from 0 to " + std::to_string(max) + ", got '" + std::string(text) + "'");
  return v;
}

Decimal amount(const Csv& csv, unsigned i) {
  const auto text = csv.get(i);
  const auto d = Decimal::parse(text);
  if (!d || d->is_negative() || *d > Decimal::from_int(1'000'000))
    csv.fail(i, "expected a decimal number from 0 to 1000000, got '" + std::string(text) + "'");
  return *d;
}

}  // namespace

Decimal WarehouseShape::disks_per_node_hour() const {
  if (disks_per_node == 0 || hours_per_month == 0) return Decimal{};
  return Decimal::from_raw((disk_price_per_month * disks_per_node).raw() / hours_per_month);
}

const WarehouseShapes& WarehouseShapes::builtin() {
  static const WarehouseShapes shapes =
      from_csv(std::string(embedded::warehouse_shapes()), "<builtin>/warehouse_shapes.csv");
  return shapes;
}

WarehouseShapes WarehouseShapes::load(const std::string& path) { return from_csv(read_file(path), path); }

WarehouseShapes WarehouseShapes::from_csv(const std::string& text, const std::string& file_name) {
  const std::array<const char*, kColumns> names = {
      "cluster_size",   "cloud",    "driver_node_type_id",  "worker_node_type_id", "workers", "disks_per_node",
      "disk_gb",        "disk_sku", "disk_price_per_month", "hours_per_month",     "source",  "confidence",
      "disk_confidence"};
  std::array<bool, kColumns> required{};
  for (unsigned i : {kSize, kCloud, kDriver, kWorker, kWorkers}) required[i] = true;
  Csv csv(file_name, text, names, required);
  WarehouseShapes out;
  while (csv.next()) {
    WarehouseShape s;
    s.where = csv.where(kSize);
    s.cluster_size = std::string(csv.get(kSize));
    if (s.cluster_size.empty()) csv.fail(kSize, "empty cluster_size");
    s.cloud = ascii_upper(csv.get(kCloud));
    if (s.cloud != "AZURE" && s.cloud != "AWS" && s.cloud != "GCP")
      csv.fail(kCloud, "expected AWS, AZURE or GCP, got '" + std::string(csv.get(kCloud)) + "'");
    s.driver_where = csv.where(kDriver);
    s.worker_where = csv.where(kWorker);
    s.driver_node_type_id = std::string(csv.get(kDriver));
    if (s.driver_node_type_id.empty()) csv.fail(kDriver, "empty driver_node_type_id");
    s.worker_node_type_id = std::string(csv.get(kWorker));
    if (s.worker_node_type_id.empty()) csv.fail(kWorker, "empty worker_node_type_id");
    s.workers = whole(csv, kWorkers, 100000);
    s.disks_per_node = csv.get(kDisks).empty() ? 0 : whole(csv, kDisks, 1000);
    if (s.disks_per_node > 0) {
      s.disk_gb = csv.get(kDiskGb).empty() ? Decimal{} : amount(csv, kDiskGb);
      s.disk_sku = std::string(csv.get(kDiskSku));
      s.disk_price_per_month = amount(csv, kDiskPrice);
      s.hours_per_month = whole(csv, kHours, 100000);
      if (s.hours_per_month < 672 || s.hours_per_month > 744)
        csv.fail(kHours,
                 "expected 672 to 744 hours in a month (730 = 8760 / 12), got " + std::to_string(s.hours_per_month));
    }
    s.source = std::string(csv.get(kSource));
    s.confidence = std::string(csv.get(kConf));
    s.disk_confidence = std::string(csv.get(kDiskConf));
    const auto key = std::make_pair(s.cloud, s.cluster_size);
    if (out.shapes_.count(key))
      csv.fail(kSize, s.cloud + " " + s.cluster_size + " is listed twice (first at line " +
                          std::to_string(out.shapes_[key].where.line) + ")");
    out.shapes_[key] = std::move(s);
  }
  return out;
}

void WarehouseShapes::extend(const WarehouseShapes& other) {
  for (const auto& [k, v] : other.shapes_) shapes_[k] = v;
}

const WarehouseShape* WarehouseShapes::find(const std::string& cluster_size, const std::string& cloud) const {
  const auto it = shapes_.find({ascii_upper(cloud), cluster_size});
  return it == shapes_.end() ? nullptr : &it->second;
}

std::vector<WarehouseShape> WarehouseShapes::shapes() const {
  std::vector<WarehouseShape> out;
  for (const auto& [k, v] : shapes_) out.push_back(v);
  return out;
}

}  // namespace dbcost
