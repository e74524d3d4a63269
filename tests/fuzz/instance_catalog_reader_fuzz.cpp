// Instance catalog CSV text -> InstanceCatalog (pricing/instance_catalog.h), merged over the
// embedded catalog; the same text is also read as Photon multipliers, SQL warehouse sizes and SQL
// warehouse shapes, the other catalog tables.
#include "fuzz_input.h"
#include "pricing/instance_catalog.h"
#include "pricing/warehouse_shapes.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(dbcost::fuzz::as_text(data, size));
  dbcost::fuzz::expect_input_errors([&] {
    const dbcost::InstanceCatalog read = dbcost::InstanceCatalog::from_csv(text, "instances.csv");
    dbcost::InstanceCatalog catalog = dbcost::InstanceCatalog::builtin();
    catalog.extend(read);
    for (const auto& node : read.nodes()) {
      (void)catalog.get(node.node_type_id, node.cloud, {});
      (void)node.spot_per_hour();
    }
  });
  dbcost::fuzz::expect_input_errors([&] {
    const auto photon = dbcost::PhotonMultipliers::from_csv(text, "photon_multipliers.csv");
    for (const auto& row : photon.rows()) (void)photon.get(row.cloud, row.kind);
  });
  dbcost::fuzz::expect_input_errors([&] {
    const auto sizes = dbcost::WarehouseSizes::from_csv(text, "warehouse_sizes.csv");
    for (const auto& s : sizes.sizes()) (void)sizes.find(s);
  });
  dbcost::fuzz::expect_input_errors([&] {
    dbcost::WarehouseShapes shapes = dbcost::WarehouseShapes::builtin();
    shapes.extend(dbcost::WarehouseShapes::from_csv(text, "warehouse_shapes.csv"));
    for (const auto& s : shapes.shapes()) (void)s.disks_per_node_hour();
  });
  return 0;
}
