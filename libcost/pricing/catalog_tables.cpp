#include "pricing/catalog_tables.h"

#include <cctype>

namespace dbcost {
namespace {

bool contains_ci(const std::string& hay, const std::string& needle) {
  if (needle.empty()) return true;
  auto lower = [](std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  };
  return lower(hay).find(lower(needle)) != std::string::npos;
}

}  // namespace

Table price_book_table(const PriceBook& book, const std::string& cloud, const std::string& sku) {
  Table t({{"sku_name"},
           {"cloud"},
           {"region"},
           {"currency_code"},
           {"usage_unit"},
           {"price"},
           {"price_start_time"},
           {"price_end_time"},
           {"confidence"},
           {"source"}});
  for (const auto& r : book.rows()) {
    if (!contains_ci(r.cloud, cloud) || !contains_ci(r.sku_name, sku)) continue;
    t.add_row({r.sku_name, r.cloud, r.region, r.currency_code, r.usage_unit, r.price.to_string(),
               r.start == kBeginningOfTime ? "" : format_timestamp_utc(r.start),
               r.end == kEndOfTime ? "" : format_timestamp_utc(r.end), r.confidence, r.source});
  }
  return t;
}

Table instance_table(const InstanceCatalog& catalog, const std::string& cloud, const std::string& node) {
  Table t({{"node_type_id"},
           {"cloud"},
           {"vcpus", true},
           {"memory_gb", true},
           {"gpus", true},
           {"dbus_per_hour", true},
           {"on_demand_per_hour", true},
           {"spot_per_hour", true},
           {"region"},
           {"eviction_band"},
           {"confidence"},
           {"source"}});
  for (const auto& x : catalog.nodes()) {
    if (!contains_ci(x.cloud, cloud) || !contains_ci(x.node_type_id, node)) continue;
    t.add_row({x.node_type_id, x.cloud, std::to_string(x.vcpus), x.memory_gb.to_string(), std::to_string(x.gpus),
               x.dbus_per_hour.to_string(), x.on_demand_per_hour.to_string(), x.spot_per_hour().to_string(), x.region,
               x.eviction_band, x.confidence, x.source});
  }
  return t;
}

}  // namespace dbcost
