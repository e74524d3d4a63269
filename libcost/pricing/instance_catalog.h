// The instance catalog: node_type_id -> cloud, vCPUs, memory, DBU/hour (standard engine), on-demand
// VM price per hour in its region, expected spot price (given, or on-demand less a discount) and the
// published eviction-rate band. The default (scenarios/data/instances.csv, embedded) carries a source
// and confidence per row.
//
// A type may have one row per region (same node_type_id and cloud, different `region`) and at most
// one region-less row. A lookup for a region takes that region's row, else the region-less row;
// when only other regions have rows it is an InputError naming them, never another region's price.
// A lookup without a region takes the type's default row: its region-less row, else the first row
// listed for it. A user's CSV with the same columns replaces every row of each type it lists and
// adds the rest. Also here: Photon DBU multipliers per cloud and compute kind, and SQL warehouse sizes.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/errors.h"
#include "money/decimal.h"

namespace dbcost {

struct NodeType {
  std::string node_type_id;
  std::string cloud;  // AZURE, AWS, GCP
  int vcpus = 0;
  Decimal memory_gb;
  int gpus = 0;
  Decimal dbus_per_hour;
  Decimal on_demand_per_hour;                  // VM list price, currency units per hour
  std::string region;                          // "" = every region without a row of its own
  Decimal spot_discount_percent;               // expected spot price = on_demand * (1 - discount/100) ...
  std::optional<Decimal> spot_price_per_hour;  // ... unless the row gives the expected spot price itself
  std::string eviction_band;                   // 0-5, 5-10, 10-15, 15-20, 20+ (percent, as the clouds publish)
  std::string source;
  std::string as_of;
  std::string confidence;
  SourceLocation where;

  Decimal spot_per_hour() const;
};

class InstanceCatalog {
 public:
  static const InstanceCatalog& builtin();  // the embedded default, alive for the program
  static InstanceCatalog load(const std::string& path);
  static InstanceCatalog from_csv(const std::string& text, const std::string& file_name);
  // Each type `other` lists replaces all of this catalog's rows of that type (every region); the
  // types it does not list are kept.
  void extend(const InstanceCatalog& other);

  // The type's default row; nullptr when the cloud has no such type.
  const NodeType* find(const std::string& node_type_id, const std::string& cloud) const;
  // The row for `region` (the default row when region is ""); nullptr when the type is unknown or
  // only other regions have rows.
  const NodeType* find(const std::string& node_type_id, const std::string& cloud, const std::string& region) const;
  // Throw InputError at `where`: an unknown type with a did-you-mean over the cloud's node types, a
  // type priced only elsewhere with the regions it has. Both name the --instances remedy.
  const NodeType& get(const std::string& node_type_id, const std::string& cloud, const SourceLocation& where) const;
  const NodeType& get(const std::string& node_type_id, const std::string& cloud, const std::string& region,
                      const SourceLocation& where) const;
  // Every row: by cloud and node_type_id, a type's rows in the order listed.
  std::vector<NodeType> nodes() const;

 private:
  std::map<std::pair<std::string, std::string>, std::vector<NodeType>> nodes_;  // (cloud, node_type_id)
};

// DBU multiplier for Photon by cloud and compute kind (job, all-purpose, dlt).
class PhotonMultipliers {
 public:
  static const PhotonMultipliers& builtin();  // the embedded default, alive for the program
  static PhotonMultipliers load(const std::string& path);
  static PhotonMultipliers from_csv(const std::string& text, const std::string& file_name);
  // Throws ModelError when the pair is not listed.
  Decimal get(const std::string& cloud, const std::string& kind) const;
  struct Row {
    std::string cloud, kind;
    Decimal multiplier;
    std::string source, confidence;
  };
  const std::vector<Row>& rows() const { return rows_; }

 private:
  std::vector<Row> rows_;
};

// DBU/hour of one SQL warehouse cluster by cluster_size (2X-Small ... 4X-Large).
class WarehouseSizes {
 public:
  static const WarehouseSizes& builtin();  // the embedded default, alive for the program
  static WarehouseSizes from_csv(const std::string& text, const std::string& file_name);
  const Decimal* find(const std::string& cluster_size) const;
  std::vector<std::string> sizes() const;

 private:
  std::vector<std::pair<std::string, Decimal>> sizes_;
};

}  // namespace dbcost
