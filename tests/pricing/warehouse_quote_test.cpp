#include "pricing/warehouse_quote.h"

#include <gtest/gtest.h>

#include "bundle/bundle_estimate.h"
#include "pricing/pricing_sources.h"
#include "workload/scenario_reader.h"
#include "workload/warehouse_spec_reader.h"

namespace dbcost {
namespace {

const UnixSeconds kAt = *parse_timestamp_utc("2026-06-01");

WarehouseQuote quote(const std::string& yaml, Cloud cloud, const std::string& region,
                     const LoadedPricing& pricing = load_pricing({})) {
  const auto spec = read_warehouse_spec(YamlView::parse(yaml, "spec.yaml"), pricing.warehouse_sizes);
  return quote_warehouse(spec, pricing.context(cloud, Tier::Premium, region, {}), pricing.warehouse_shapes, kAt);
}

bool has_note(const std::vector<std::string>& notes, const std::string& part) {
  for (const auto& n : notes)
    if (n.find(part) != std::string::npos) return true;
  return false;
}

TEST(WarehouseShapesTest, BuiltinCoversEverySizeOnBothCloudsWithCatalogNodes) {
  const auto pricing = load_pricing({});
  const std::vector<std::pair<std::string, int>> workers = {{"2X-Small", 1},  {"X-Small", 2},    {"Small", 4},
                                                            {"Medium", 8},    {"Large", 16},     {"X-Large", 32},
                                                            {"2X-Large", 64}, {"3X-Large", 128}, {"4X-Large", 256}};
  for (const auto& [size, n] : workers)
    for (const char* cloud : {"AWS", "AZURE"}) {
      const auto* s = pricing.warehouse_shapes.find(size, cloud);
      ASSERT_NE(s, nullptr) << cloud << " " << size;
      EXPECT_EQ(s->workers, n);
      EXPECT_NE(pricing.instances.find(s->driver_node_type_id, cloud), nullptr) << s->driver_node_type_id;
      EXPECT_NE(pricing.instances.find(s->worker_node_type_id, cloud), nullptr) << s->worker_node_type_id;
      EXPECT_NE(pricing.warehouse_sizes.find(size), nullptr);
    }
  EXPECT_EQ(pricing.warehouse_shapes.find("Small", "AWS")->driver_node_type_id, "i3.4xlarge");
  EXPECT_EQ(pricing.warehouse_shapes.find("4X-Large", "AZURE")->driver_node_type_id, "Standard_E64ds_v4");
  EXPECT_EQ(pricing.warehouse_shapes.find("Small", "AWS")->disks_per_node, 0);
}

TEST(WarehouseShapesTest, AzureDisksPerNodeHour) {
  const auto* s = WarehouseShapes::builtin().find("Small", "AZURE");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->disks_per_node, 8);
  EXPECT_EQ(s->disk_price_per_month.to_string(), "5.89");
  EXPECT_EQ(s->hours_per_month, 730);
  // 8 x 5.89 / 730 = 47.12 / 730 = 0.0645479452054794520547..., cut at 18 decimals.
  EXPECT_EQ(s->disks_per_node_hour().to_string(), "0.064547945205479452");
}

TEST(WarehouseQuoteTest, ProSmallAzureByHand) {
  const auto q = quote("{warehouse_type: PRO, cluster_size: Small, min_num_clusters: 1, max_num_clusters: 3}",
                       Cloud::Azure, "eastus");
  EXPECT_EQ(q.sku_name, "PREMIUM_SQL_PRO_COMPUTE");
  ASSERT_EQ(q.sizes.size(), 2u);
  // 12 DBU/h x 0.55 = 6.60 per cluster.
  EXPECT_EQ(q.sizes[0].dbu_cost, *Money::parse("6.60"));
  // E16ds_v4 1.152 + 4 x E8ds_v4 0.576 = 3.456; disks 5 x 0.064547945205479452 = 0.32273972602739726.
  EXPECT_EQ(q.nodes.driver_per_hour.to_string(), "1.152");
  EXPECT_EQ(q.nodes.worker_per_hour.to_string(), "0.576");
  EXPECT_FALSE(q.nodes.workers_on_spot);
  EXPECT_EQ(q.nodes.disks_per_hour.to_string(), "0.32273972602739726");
  EXPECT_EQ(q.nodes.vm_per_hour.to_string(), "3.77873972602739726");
  EXPECT_EQ(q.sizes[0].vm_cost, *Money::parse("3.77874"));
  EXPECT_EQ(q.sizes[0].total_cost, *Money::parse("10.37874"));
  // Three clusters: three times each.
  EXPECT_EQ(q.sizes[1].clusters, 3);
  EXPECT_EQ(q.sizes[1].dbus_per_hour.to_string(), "36");
  EXPECT_EQ(q.sizes[1].dbu_cost, *Money::parse("19.80"));
  EXPECT_EQ(q.sizes[1].vm_cost, *Money::parse("11.336219"));  // 11.33621917808219178
  // Azure never uses spot, so no policy note; the disk price is unconfirmed.
  EXPECT_FALSE(has_note(q.notes, "spot_instance_policy"));
  EXPECT_TRUE(has_note(q.notes, "8 x S10 LRS per node at 5.89 a month over 730 hours"));
}

TEST(WarehouseQuoteTest, AwsSpotInstancePolicy) {
  // COST_OPTIMIZED: i3.4xlarge on demand 1.248 + 4 x i3.2xlarge spot 0.624 x 0.492 = 0.307008.
  const auto cost = quote("{warehouse_type: CLASSIC, cluster_size: Small, spot_instance_policy: COST_OPTIMIZED}",
                          Cloud::Aws, "us-east-1");
  EXPECT_EQ(cost.sku_name, "PREMIUM_SQL_COMPUTE");
  EXPECT_TRUE(cost.nodes.workers_on_spot);
  EXPECT_EQ(cost.nodes.worker_per_hour.to_string(), "0.307008");
  EXPECT_EQ(cost.nodes.vm_per_hour.to_string(), "2.476032");
  EXPECT_EQ(cost.sizes[0].dbu_cost, *Money::parse("2.64"));  // 12 x 0.22
  EXPECT_TRUE(cost.notes.empty());
  // RELIABILITY_OPTIMIZED: every node on demand, 1.248 + 4 x 0.624 = 3.744.
  const auto reliable = quote(
      "{warehouse_type: CLASSIC, cluster_size: Small, spot_instance_policy: RELIABILITY_OPTIMIZED}", Cloud::Aws, "");
  EXPECT_FALSE(reliable.nodes.workers_on_spot);
  EXPECT_EQ(reliable.nodes.vm_per_hour.to_string(), "3.744");
  // Unset and POLICY_UNSPECIFIED: the default (COST_OPTIMIZED), said in a note.
  for (const char* yaml :
       {"{cluster_size: Small}", "{cluster_size: Small, spot_instance_policy: POLICY_UNSPECIFIED}"}) {
    const auto q = quote(yaml, Cloud::Aws, "us-east-1");
    EXPECT_EQ(q.nodes.vm_per_hour.to_string(), "2.476032");
    EXPECT_TRUE(has_note(q.notes, "spot_instance_policy not set: priced as COST_OPTIMIZED")) << yaml;
  }
}

TEST(WarehouseQuoteTest, AzureIgnoresCostOptimizedWithANote) {
  const auto q = quote("{cluster_size: X-Small, spot_instance_policy: COST_OPTIMIZED}", Cloud::Azure, "eastus");
  // E8ds_v4 0.576 + 2 x 0.576 on demand + 3 nodes' disks 3 x 0.064547945205479452.
  EXPECT_EQ(q.nodes.vm_per_hour.to_string(), "1.921643835616438356");
  EXPECT_TRUE(has_note(q.notes, "AZURE warehouses run every node on demand"));
}

TEST(WarehouseQuoteTest, ServerlessHasNoVms) {
  const auto q = quote("{cluster_size: Large, enable_serverless_compute: true, spot_instance_policy: COST_OPTIMIZED}",
                       Cloud::Aws, "us-east-1");
  EXPECT_EQ(q.sku_name, "PREMIUM_SERVERLESS_SQL_COMPUTE");
  EXPECT_EQ(q.nodes.shape, nullptr);
  EXPECT_TRUE(q.nodes.vm_per_hour.is_zero());
  EXPECT_EQ(q.sizes[0].vm_cost, Money{});
  EXPECT_EQ(q.sizes[0].dbu_cost, *Money::parse("28.00"));  // 40 x 0.70
  EXPECT_TRUE(q.notes.empty());
}

TEST(WarehouseQuoteTest, AUserShapesFileOverridesTheDiskPrice) {
  LoadedPricing pricing = load_pricing({});
  pricing.warehouse_shapes.extend(WarehouseShapes::from_csv(
      "cluster_size,cloud,driver_node_type_id,worker_node_type_id,workers,disks_per_node,disk_gb,disk_sku,"
      "disk_price_per_month,hours_per_month\n"
      "Small,AZURE,Standard_E16ds_v4,Standard_E8ds_v4,4,8,128,S10 LRS,7.30,730\n",
      "mine.csv"));
  const auto q = quote("{cluster_size: Small}", Cloud::Azure, "eastus", pricing);
  // 8 x 7.30 / 730 = 0.08 per node-hour; 5 nodes 0.40; VMs 3.456.
  EXPECT_EQ(q.nodes.disks_per_hour.to_string(), "0.4");
  EXPECT_EQ(q.nodes.vm_per_hour.to_string(), "3.856");
  EXPECT_FALSE(has_note(q.notes, "unconfirmed price"));  // the user's row has no confidence column
  // Other sizes keep the built-in rows.
  EXPECT_EQ(pricing.warehouse_shapes.find("Medium", "AZURE")->disk_price_per_month.to_string(), "5.89");
}

void expect_input_error(const std::function<void()>& f, const std::string& where, const std::string& what) {
  try {
    f();
    FAIL() << "no error; expected " << what;
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(where), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(what), std::string::npos) << e.what();
  }
}

TEST(WarehouseShapesTest, CsvErrorsNameTheCell) {
  const std::string head =
      "cluster_size,cloud,driver_node_type_id,worker_node_type_id,workers,disks_per_node,disk_gb,disk_sku,"
      "disk_price_per_month,hours_per_month\n";
  expect_input_error([&] { WarehouseShapes::from_csv(head + "Small,AZURE,a,b,4,8,128,S10,5.89,30\n", "s.csv"); },
                     "s.csv:2:10", "expected 672 to 744 hours in a month (730 = 8760 / 12), got 30");
  expect_input_error([&] { WarehouseShapes::from_csv(head + "Small,AZURE,a,b,four,0,,,,\n", "s.csv"); }, "s.csv:2:5",
                     "expected a whole number from 0 to 100000, got 'four'");
  expect_input_error([&] { WarehouseShapes::from_csv(head + "Small,AZURE,a,b,4,8,128,S10,-1,730\n", "s.csv"); },
                     "s.csv:2:9", "expected a decimal number from 0 to 1000000, got '-1'");
  expect_input_error(
      [&] { WarehouseShapes::from_csv(head + "Small,AWS,a,b,4,0,,,,\nSmall,aws,a,b,4,0,,,,\n", "s.csv"); }, "s.csv:3:1",
      "AWS Small is listed twice (first at line 2)");
  expect_input_error([&] { WarehouseShapes::from_csv("cluster_size,cloud,workers\nSmall,AWS,4\n", "s.csv"); },
                     "s.csv:1", "missing column 'driver_node_type_id'");
}

const char* kScenarioHead = "scenario: wh\ncloud: aws\nperiod: {start: 2026-06-01, end: 2026-07-01}\n";

TEST(WarehouseScenarioTest, UnknownValuesAreLocatedErrors) {
  expect_input_error(
      [] {
        parse_scenario(std::string(kScenarioHead) +
                           "sql_warehouses:\n  w:\n    cluster_size: Small\n    spot_instance_policy: CHEAP\n"
                           "    activity: {queries_per_hour: 1}\n",
                       "wh.yaml");
      },
      "wh.yaml:7:27: sql_warehouses.w.spot_instance_policy",
      "expected COST_OPTIMIZED, RELIABILITY_OPTIMIZED or POLICY_UNSPECIFIED, got 'CHEAP'");
  expect_input_error(
      [] {
        parse_scenario(std::string(kScenarioHead) +
                           "sql_warehouses:\n  w:\n    cluster_size: Small\n    spot_instance_policy: COST_OPTIMISED\n"
                           "    activity: {queries_per_hour: 1}\n",
                       "wh.yaml");
      },
      "wh.yaml:7:27", "(did you mean 'COST_OPTIMIZED'?)");
  expect_input_error(
      [] {
        parse_scenario(std::string(kScenarioHead) +
                           "sql_warehouses:\n  w:\n    warehouse_type: TYPE_UNSPECIFIED\n    cluster_size: Small\n"
                           "    activity: {queries_per_hour: 1}\n",
                       "wh.yaml");
      },
      "wh.yaml:6:21: sql_warehouses.w.warehouse_type", "expected PRO or CLASSIC, got 'TYPE_UNSPECIFIED'");
}

TEST(WarehouseScenarioTest, NotesCarryTheDefaultPolicy) {
  const Scenario sc =
      parse_scenario(std::string(kScenarioHead) +
                         "sql_warehouses:\n  w: {cluster_size: Small, activity: {queries_per_hour: 1}}\n"
                         "  r: {cluster_size: Small, spot_instance_policy: RELIABILITY_OPTIMIZED,"
                         " activity: {queries_per_hour: 1}}\n",
                     "wh.yaml");
  ASSERT_EQ(sc.warehouses.size(), 2u);
  EXPECT_TRUE(has_note(sc.warehouses[0].notes, "spot_instance_policy not set: priced as COST_OPTIMIZED"));
  EXPECT_TRUE(sc.warehouses[1].notes.empty());
}

}  // namespace
}  // namespace dbcost
