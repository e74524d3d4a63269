// Reading a SQL warehouse (spec/warehouse_spec.h) from a scenario's or bundle's sql_warehouses entry;
// cluster_size is checked against the warehouse size table.
#pragma once

#include "io/yaml_reader.h"
#include "pricing/instance_catalog.h"
#include "spec/warehouse_spec.h"

namespace dbcost {

// Reads the keys above without checking for others (the caller knows what else may be there);
// a value outside its range or list is an InputError at that value.
WarehouseSpec read_warehouse_spec(const YamlView& v, const WarehouseSizes& sizes);

}  // namespace dbcost
