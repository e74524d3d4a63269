#include "pricing/instance_catalog.h"

#include <algorithm>
#include <charconv>

#include "core/ascii_case.h"
#include "io/atomic_file.h"
#include "io/csv_reader.h"

namespace dbcost {

namespace embedded {
std::string_view instances();
std::string_view photon_multipliers();
std::string_view warehouse_sizes();
}  // namespace embedded

namespace {

template <unsigned N>
Decimal decimal_cell(const CsvColumns<N>& csv, unsigned i, bool allow_empty = false) {
  const auto text = csv.get(i);
  if (text.empty() && allow_empty) return Decimal{};
  const auto d = Decimal::parse(text);
  if (!d) csv.fail(i, "expected a decimal number, got '" + std::string(text) + "'");
  if (d->is_negative()) csv.fail(i, "must not be negative, got '" + std::string(text) + "'");
  if (*d > Decimal::from_int(1'000'000)) csv.fail(i, "must be at most 1000000, got '" + std::string(text) + "'");
  return *d;
}

template <unsigned N>
int int_cell(const CsvColumns<N>& csv, unsigned i, bool allow_empty = false) {
  const auto text = csv.get(i);
  if (text.empty() && allow_empty) return 0;
  int v = 0;
  const auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size() || v < 0)
    csv.fail(i, "expected a whole number, got '" + std::string(text) + "'");
  return v;
}

}  // namespace

Decimal NodeType::spot_per_hour() const {
  if (spot_price_per_hour) return *spot_price_per_hour;
  const Decimal keep = Decimal::from_int(100) - spot_discount_percent;
  return Decimal::from_raw((on_demand_per_hour * keep).raw() / 100);
}

const InstanceCatalog& InstanceCatalog::builtin() {
  static const InstanceCatalog catalog = from_csv(std::string(embedded::instances()), "<builtin>/instances.csv");
  return catalog;
}

InstanceCatalog InstanceCatalog::load(const std::string& path) { return from_csv(read_file(path), path); }

InstanceCatalog InstanceCatalog::from_csv(const std::string& text, const std::string& file_name) {
  enum : unsigned {
    kId,
    kCloud,
    kVcpus,
    kMem,
    kGpus,
    kDbus,
    kOnDemand,
    kRegion,
    kSpot,
    kSpotPrice,
    kBand,
    kSource,
    kAsOf,
    kConf
  };
  const std::array<const char*, 14> names = {"node_type_id",
                                             "cloud",
                                             "vcpus",
                                             "memory_gb",
                                             "gpus",
                                             "dbus_per_hour",
                                             "on_demand_per_hour",
                                             "region",
                                             "spot_discount_percent",
                                             "spot_per_hour",
                                             "eviction_band",
                                             "source",
                                             "as_of",
                                             "confidence"};
  std::array<bool, 14> required{};
  for (unsigned i : {kId, kCloud, kDbus, kOnDemand}) required[i] = true;
  CsvColumns<14> csv(file_name, text, names, required);
  InstanceCatalog out;
  while (csv.next()) {
    NodeType n;
    n.where = csv.where(kId);
    n.node_type_id = std::string(csv.get(kId));
    if (n.node_type_id.empty()) csv.fail(kId, "empty node_type_id");
    n.cloud = ascii_upper(csv.get(kCloud));
    if (n.cloud != "AZURE" && n.cloud != "AWS" && n.cloud != "GCP")
      csv.fail(kCloud, "expected AWS, AZURE or GCP, got '" + std::string(csv.get(kCloud)) + "'");
    n.vcpus = int_cell(csv, kVcpus, true);
    n.memory_gb = decimal_cell(csv, kMem, true);
    n.gpus = int_cell(csv, kGpus, true);
    n.dbus_per_hour = decimal_cell(csv, kDbus);
    n.on_demand_per_hour = decimal_cell(csv, kOnDemand);
    n.region = std::string(csv.get(kRegion));
    n.spot_discount_percent = decimal_cell(csv, kSpot, true);
    if (n.spot_discount_percent > Decimal::from_int(100)) csv.fail(kSpot, "a discount cannot pass 100 percent");
    if (!csv.get(kSpotPrice).empty()) {
      n.spot_price_per_hour = decimal_cell(csv, kSpotPrice);
      if (*n.spot_price_per_hour > n.on_demand_per_hour)
        csv.fail(kSpotPrice, "the expected spot price " + n.spot_price_per_hour->to_string() +
                                 " is above the on-demand price " + n.on_demand_per_hour.to_string());
    }
    n.eviction_band = std::string(csv.get(kBand));
    static const std::vector<std::string> bands = {"", "0-5", "5-10", "10-15", "15-20", "20+"};
    if (std::find(bands.begin(), bands.end(), n.eviction_band) == bands.end())
      csv.fail(kBand, "expected one of 0-5, 5-10, 10-15, 15-20, 20+, got '" + n.eviction_band + "'");
    n.source = std::string(csv.get(kSource));
    n.as_of = std::string(csv.get(kAsOf));
    n.confidence = std::string(csv.get(kConf));
    auto& rows = out.nodes_[std::make_pair(n.cloud, n.node_type_id)];
    for (const auto& r : rows)
      if (r.region == n.region)
        csv.fail(kId, "node type '" + n.node_type_id + "' is listed twice" +
                          (n.region.empty() ? std::string(" without a region") : " for region " + n.region) +
                          " (first at line " + std::to_string(r.where.line) + ")");
    rows.push_back(std::move(n));
  }
  return out;
}

void InstanceCatalog::extend(const InstanceCatalog& other) {
  for (const auto& [k, v] : other.nodes_) nodes_[k] = v;
}

namespace {

const NodeType* default_row(const std::vector<NodeType>& rows) {
  for (const auto& r : rows)
    if (r.region.empty()) return &r;
  return rows.empty() ? nullptr : &rows.front();
}

const NodeType* region_row(const std::vector<NodeType>& rows, const std::string& region) {
  if (region.empty()) return default_row(rows);
  const NodeType* any = nullptr;
  for (const auto& r : rows) {
    if (r.region == region) return &r;
    if (r.region.empty()) any = &r;
  }
  return any;
}

constexpr char kRemedy[] =
    " to an instance catalog CSV and pass it with --instances FILE (a scenario names the file under pricing: "
    "instances:)";

}  // namespace

const NodeType* InstanceCatalog::find(const std::string& node_type_id, const std::string& cloud) const {
  return find(node_type_id, cloud, "");
}

const NodeType* InstanceCatalog::find(const std::string& node_type_id, const std::string& cloud,
                                      const std::string& region) const {
  const auto it = nodes_.find({ascii_upper(cloud), node_type_id});
  return it == nodes_.end() ? nullptr : region_row(it->second, region);
}

const NodeType& InstanceCatalog::get(const std::string& node_type_id, const std::string& cloud,
                                     const SourceLocation& where) const {
  return get(node_type_id, cloud, "", where);
}

const NodeType& InstanceCatalog::get(const std::string& node_type_id, const std::string& cloud,
                                     const std::string& region, const SourceLocation& where) const {
  const std::string c = ascii_upper(cloud);
  const auto it = nodes_.find({c, node_type_id});
  if (it != nodes_.end()) {
    if (const auto* n = region_row(it->second, region)) return *n;
    std::string listed;
    for (const auto& r : it->second) listed += (listed.empty() ? "" : ", ") + r.region;
    throw InputError(where, "no " + region + " VM price for " + c + " node type '" + node_type_id +
                                "': the instance catalog lists it for " + listed + "; add a row for " + region +
                                " (or one with an empty region)" + kRemedy);
  }
  std::vector<std::string> ids;
  for (const auto& [k, v] : nodes_)
    if (k.first == c) ids.push_back(k.second);
  std::string hint = did_you_mean(node_type_id, ids);
  if (hint.empty()) {
    for (const auto& [k, v] : nodes_)
      if (k.second == node_type_id) hint = " (it is a " + k.first + " node type)";
  }
  throw InputError(where, "unknown " + c + " node type '" + node_type_id + "'" + hint + "; add it" + kRemedy);
}

std::vector<NodeType> InstanceCatalog::nodes() const {
  std::vector<NodeType> out;
  for (const auto& [k, rows] : nodes_) out.insert(out.end(), rows.begin(), rows.end());
  return out;
}

const PhotonMultipliers& PhotonMultipliers::builtin() {
  static const PhotonMultipliers m =
      from_csv(std::string(embedded::photon_multipliers()), "<builtin>/photon_multipliers.csv");
  return m;
}

PhotonMultipliers PhotonMultipliers::load(const std::string& path) { return from_csv(read_file(path), path); }

PhotonMultipliers PhotonMultipliers::from_csv(const std::string& text, const std::string& file_name) {
  const std::array<const char*, 5> names = {"cloud", "compute_kind", "multiplier", "source", "confidence"};
  CsvColumns<5> csv(file_name, text, names, {true, true, true, false, false});
  PhotonMultipliers out;
  while (csv.next()) {
    Row r{ascii_upper(csv.get(0)), std::string(csv.get(1)), decimal_cell(csv, 2), std::string(csv.get(3)),
          std::string(csv.get(4))};
    if (r.kind != "job" && r.kind != "all-purpose" && r.kind != "dlt")
      csv.fail(1, "expected job, all-purpose or dlt, got '" + r.kind + "'");
    if (r.multiplier < Decimal::from_int(1)) csv.fail(2, "a Photon multiplier below 1 is not plausible");
    out.rows_.push_back(std::move(r));
  }
  return out;
}

Decimal PhotonMultipliers::get(const std::string& cloud, const std::string& kind) const {
  for (const auto& r : rows_)
    if (r.cloud == ascii_upper(cloud) && r.kind == kind) return r.multiplier;
  throw ModelError("no Photon DBU multiplier for " + ascii_upper(cloud) + " " + kind + " compute");
}

const WarehouseSizes& WarehouseSizes::builtin() {
  static const WarehouseSizes w = from_csv(std::string(embedded::warehouse_sizes()), "<builtin>/warehouse_sizes.csv");
  return w;
}

WarehouseSizes WarehouseSizes::from_csv(const std::string& text, const std::string& file_name) {
  const std::array<const char*, 2> names = {"cluster_size", "dbus_per_hour"};
  CsvColumns<2> csv(file_name, text, names, {true, true});
  WarehouseSizes out;
  while (csv.next()) out.sizes_.emplace_back(std::string(csv.get(0)), decimal_cell(csv, 1));
  return out;
}

const Decimal* WarehouseSizes::find(const std::string& cluster_size) const {
  for (const auto& [s, d] : sizes_)
    if (s == cluster_size) return &d;
  return nullptr;
}

std::vector<std::string> WarehouseSizes::sizes() const {
  std::vector<std::string> out;
  for (const auto& [s, d] : sizes_) out.push_back(s);
  return out;
}

}  // namespace dbcost
