// The nodes of one SQL warehouse cluster (classic and pro; serverless has none in the customer's
// account) by cluster_size and cloud: a driver and `workers` workers of the listed instance types,
// billed by the cloud while the cluster runs (https://docs.databricks.com/en/sql/admin/warehouse-behavior.html,
// https://learn.microsoft.com/en-us/azure/databricks/compute/sql-warehouse/warehouse-behavior).
// On Azure each node also carries `disks_per_node` managed disks "charged hourly": their monthly
// list price over hours_per_month (730 = 8760 / 12) is a cost per node-hour.
// The default (scenarios/data/warehouse_shapes.csv, embedded) carries sources and confidences; a
// user's CSV with the same columns replaces rows with the same (cluster_size, cloud) and adds the rest.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/errors.h"
#include "money/decimal.h"

namespace dbcost {

struct WarehouseShape {
  std::string cluster_size;
  std::string cloud;  // AWS, AZURE, GCP
  std::string driver_node_type_id;
  std::string worker_node_type_id;
  int workers = 0;
  int disks_per_node = 0;
  Decimal disk_gb;
  std::string disk_sku;
  Decimal disk_price_per_month;  // one disk, currency units per month
  int hours_per_month = 0;
  std::string source;
  std::string confidence;       // of the instance types and counts
  std::string disk_confidence;  // of the disk price
  SourceLocation where;
  SourceLocation driver_where;
  SourceLocation worker_where;

  // disks_per_node x disk_price_per_month / hours_per_month (0 without disks).
  Decimal disks_per_node_hour() const;
};

class WarehouseShapes {
 public:
  static const WarehouseShapes& builtin();  // the embedded default, alive for the program
  static WarehouseShapes load(const std::string& path);
  static WarehouseShapes from_csv(const std::string& text, const std::string& file_name);
  // Rows of `other` replace rows with the same key and add new ones.
  void extend(const WarehouseShapes& other);

  const WarehouseShape* find(const std::string& cluster_size, const std::string& cloud) const;
  std::vector<WarehouseShape> shapes() const;

 private:
  std::map<std::pair<std::string, std::string>, WarehouseShape> shapes_;  // (cloud, cluster_size)
};

}  // namespace dbcost
