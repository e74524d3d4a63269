#include "pricing/sku_regions.h"

#include <algorithm>
#include <array>

#include "core/ascii_case.h"
#include "io/csv_reader.h"

namespace dbcost {

namespace embedded {
std::string_view sku_regions();
}

namespace {}  // namespace

const SkuRegions& SkuRegions::builtin() {
  static const SkuRegions table = from_csv(std::string(embedded::sku_regions()), "<builtin>/sku_regions.csv");
  return table;
}

SkuRegions SkuRegions::from_csv(const std::string& text, const std::string& file_name) {
  enum : unsigned { kCloud, kRegion, kSkuRegion, kSource, kConfidence };
  const std::array<const char*, 5> names = {"cloud", "region", "sku_region", "source", "confidence"};
  CsvColumns<5> csv(file_name, text, names, {true, true, true, false, false});
  SkuRegions out;
  while (csv.next()) {
    SkuRegion r;
    r.cloud = ascii_upper(std::string(csv.get(kCloud)));
    r.region = ascii_lower(std::string(csv.get(kRegion)));
    r.sku_region = ascii_upper(std::string(csv.get(kSkuRegion)));
    if (r.region.empty()) csv.fail(kRegion, "empty region");
    if (r.sku_region.empty()) csv.fail(kSkuRegion, "empty sku_region");
    for (const auto& o : out.rows_)
      if (o.cloud == r.cloud && (o.region == r.region || o.sku_region == r.sku_region))
        csv.fail(kRegion, r.cloud + " " + r.region + " / " + r.sku_region + " is listed twice");
    r.source = std::string(csv.get(kSource));
    r.confidence = std::string(csv.get(kConfidence));
    out.rows_.push_back(std::move(r));
  }
  return out;
}

std::optional<std::string> SkuRegions::suffix_of(const std::string& cloud, const std::string& region) const {
  const std::string c = ascii_upper(cloud), r = ascii_lower(region);
  for (const auto& row : rows_)
    if (row.cloud == c && row.region == r) return row.sku_region;
  return std::nullopt;
}

std::optional<SkuRegions::Split> SkuRegions::split(const std::string& cloud, const std::string& sku) const {
  const std::string c = ascii_upper(cloud);
  const SkuRegion* best = nullptr;
  for (const auto& row : rows_) {
    if (row.cloud != c || sku.size() <= row.sku_region.size() + 1) continue;
    const auto at = sku.size() - row.sku_region.size();
    if (sku.compare(at, std::string::npos, row.sku_region) != 0 || sku[at - 1] != '_') continue;
    if (!best || row.sku_region.size() > best->sku_region.size()) best = &row;
  }
  if (!best) return std::nullopt;
  return Split{sku.substr(0, sku.size() - best->sku_region.size() - 1), best->region, best->sku_region};
}

}  // namespace dbcost
