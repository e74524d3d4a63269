#include "pricing/instance_catalog.h"

#include <gtest/gtest.h>

#include <functional>

#include "pricing/cluster_quote.h"

namespace dbcost {
namespace {

const std::string kHeader =
    "node_type_id,cloud,vcpus,memory_gb,gpus,dbus_per_hour,on_demand_per_hour,region,spot_discount_percent,"
    "spot_per_hour,eviction_band,source,as_of,confidence\n";

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

TEST(InstanceCatalogTest, SpotPriceColumnOverridesTheDiscount) {
  const auto c = InstanceCatalog::from_csv(kHeader +
                                               "given,AZURE,4,16,0,1,0.5,eastus,60,0.125,0-5,t,2026-01-01,X\n"
                                               "discounted,AZURE,4,16,0,1,0.5,eastus,60,,0-5,t,2026-01-01,X\n"
                                               "neither,AZURE,4,16,0,1,0.5,eastus,,,0-5,t,2026-01-01,X\n",
                                           "c.csv");
  // The row's own spot price wins over 60% off (which would be 0.5 x 0.4 = 0.2).
  EXPECT_EQ(c.find("given", "AZURE")->spot_per_hour().to_string(), "0.125");
  EXPECT_EQ(c.find("discounted", "AZURE")->spot_per_hour().to_string(), "0.2");
  EXPECT_EQ(c.find("neither", "AZURE")->spot_per_hour().to_string(), "0.5");
  EXPECT_EQ(error_of([] {
              InstanceCatalog::from_csv(kHeader + "x,AZURE,4,16,0,1,0.5,eastus,,0.6,0-5,t,2026-01-01,X\n", "c.csv");
            }),
            "c.csv:2:10: spot_per_hour: the expected spot price 0.6 is above the on-demand price 0.5");
}

TEST(InstanceCatalogTest, OldHeaderWithoutSpotPriceStillLoads) {
  const auto c = InstanceCatalog::from_csv(
      "node_type_id,cloud,vcpus,memory_gb,gpus,dbus_per_hour,on_demand_per_hour,region,spot_discount_percent,"
      "eviction_band,source,as_of,confidence\n"
      "Standard_D8s_v3,AZURE,8,32,0,1.5,0.384,eastus,60,0-5,fixture,2026-01-01,UNCONFIRMED\n",
      "old.csv");
  // 0.384 x (100 - 60) / 100 = 0.1536.
  EXPECT_EQ(c.find("Standard_D8s_v3", "AZURE")->spot_per_hour().to_string(), "0.1536");
}

const std::string kRegional = kHeader +
                              "two,AZURE,4,16,0,1,0.2,eastus,,0.05,0-5,t,2026-01-01,X\n"
                              "two,AZURE,4,16,0,1,0.3,westeurope,,0.07,0-5,t,2026-01-01,X\n"
                              "any,AZURE,4,16,0,1,0.2,eastus,,,0-5,t,2026-01-01,X\n"
                              "any,AZURE,4,16,0,1,0.25,,,,0-5,t,2026-01-01,X\n";

TEST(InstanceCatalogTest, ARegionTakesItsRowElseTheRegionlessOne) {
  const auto c = InstanceCatalog::from_csv(kRegional, "c.csv");
  const SourceLocation at{"s.yaml", 7, 3, "node_type_id"};
  EXPECT_EQ(c.get("two", "AZURE", "westeurope", at).on_demand_per_hour.to_string(), "0.3");
  EXPECT_EQ(c.get("two", "AZURE", "westeurope", at).spot_per_hour().to_string(), "0.07");
  EXPECT_EQ(c.get("two", "AZURE", "eastus", at).on_demand_per_hour.to_string(), "0.2");
  // No region asked: a type without a region-less row defaults to its first row.
  EXPECT_EQ(c.get("two", "azure", "", at).region, "eastus");
  EXPECT_EQ(c.find("two", "AZURE")->region, "eastus");
  // A region-less row is the default and serves every region without its own row.
  EXPECT_EQ(c.get("any", "AZURE", "", at).on_demand_per_hour.to_string(), "0.25");
  EXPECT_EQ(c.get("any", "AZURE", "northeurope", at).on_demand_per_hour.to_string(), "0.25");
  EXPECT_EQ(c.get("any", "AZURE", "eastus", at).on_demand_per_hour.to_string(), "0.2");
  EXPECT_EQ(c.nodes().size(), 4u);
}

TEST(InstanceCatalogTest, OnlyOtherRegionsIsAnErrorNamingThem) {
  const auto c = InstanceCatalog::from_csv(kRegional, "c.csv");
  EXPECT_EQ(c.find("two", "AZURE", "northeurope"), nullptr);
  EXPECT_EQ(error_of([&] {
              c.get("two", "AZURE", "northeurope", {"s.yaml", 7, 3, "node_type_id"});
            }),
            "s.yaml:7:3: node_type_id: no northeurope VM price for AZURE node type 'two': the instance catalog lists "
            "it for eastus, westeurope; add a row for northeurope (or one with an empty region) to an instance "
            "catalog CSV and pass it with --instances FILE (a scenario names the file under pricing: instances:)");
}

TEST(InstanceCatalogTest, ARegionListedTwiceIsAnError) {
  EXPECT_EQ(error_of([] {
              InstanceCatalog::from_csv(
                  kHeader + "a,AWS,4,16,0,1,0.2,us-east-1,,,,,,\na,AWS,4,16,0,1,0.3,us-east-1,,,,,,\n", "c.csv");
            }),
            "c.csv:3:1: node_type_id: node type 'a' is listed twice for region us-east-1 (first at line 2)");
  EXPECT_EQ(error_of([] {
              InstanceCatalog::from_csv(kHeader + "a,AWS,4,16,0,1,0.2,,,,,,,\na,AWS,4,16,0,1,0.3,,,,,,,\n", "c.csv");
            }),
            "c.csv:3:1: node_type_id: node type 'a' is listed twice without a region (first at line 2)");
  // The same id on two clouds is two types.
  EXPECT_EQ(InstanceCatalog::from_csv(kHeader + "a,AWS,4,16,0,1,0.2,,,,,,,\na,GCP,4,16,0,1,0.3,,,,,,,\n", "c.csv")
                .nodes()
                .size(),
            2u);
}

TEST(InstanceCatalogTest, AUserTypeReplacesEveryRegionOfIt) {
  auto c = InstanceCatalog::from_csv(kRegional, "builtin.csv");
  c.extend(InstanceCatalog::from_csv(kHeader + "two,AZURE,4,16,0,1,0.4,westeurope,,,,,,\n", "mine.csv"));
  EXPECT_EQ(c.find("two", "AZURE", "eastus"), nullptr);
  EXPECT_EQ(c.find("two", "AZURE", "westeurope")->on_demand_per_hour.to_string(), "0.4");
  EXPECT_EQ(c.find("any", "AZURE", "northeurope")->on_demand_per_hour.to_string(), "0.25");
}

TEST(InstanceCatalogTest, UnknownTypeNamesTheCloudAndTheRemedy) {
  const auto c = InstanceCatalog::builtin();
  EXPECT_EQ(error_of([&] {
              c.get("n2-standard-6", "GCP", "us-central1", {"b.yml", 16, 27, "node_type_id"});
            }),
            "b.yml:16:27: node_type_id: unknown GCP node type 'n2-standard-6' (did you mean 'n2-standard-16'?); add it "
            "to an instance catalog CSV and pass it with --instances FILE (a scenario names the file under pricing: "
            "instances:)");
  EXPECT_EQ(error_of([&] {
              c.get("m5.xlarge", "AZURE", {"q.json", 2, 19, "node_type_id"});
            }),
            "q.json:2:19: node_type_id: unknown AZURE node type 'm5.xlarge' (it is a AWS node type); add it to an "
            "instance catalog CSV and pass it with --instances FILE (a scenario names the file under pricing: "
            "instances:)");
}

TEST(InstanceCatalogTest, BuiltinHasTheNewFamiliesWithTheirSourcedFigures) {
  const auto c = InstanceCatalog::builtin();
  // overwatch Azure_Instance_Details.csv and lakemeter vm-costs (eastus, 2025-12-18).
  EXPECT_EQ(c.find("Standard_D4ds_v5", "AZURE")->dbus_per_hour.to_string(), "1");
  EXPECT_EQ(c.find("Standard_D4ds_v5", "AZURE")->on_demand_per_hour.to_string(), "0.226");
  EXPECT_EQ(c.find("Standard_D4ds_v5", "AZURE")->spot_per_hour().to_string(), "0.057133");
  EXPECT_EQ(c.find("Standard_E8ds_v5", "AZURE")->dbus_per_hour.to_string(), "2.75");
  EXPECT_EQ(c.find("Standard_L8s_v3", "AZURE")->on_demand_per_hour.to_string(), "0.696");
  // overwatch AWS_Instance_Details.csv (DBU) and lakemeter us-east-1 (on demand, 90-day spot).
  EXPECT_EQ(c.find("r5d.xlarge", "AWS")->dbus_per_hour.to_string(), "0.9");
  EXPECT_EQ(c.find("m7g.xlarge", "AWS")->on_demand_per_hour.to_string(), "0.1632");
  EXPECT_EQ(c.find("g5.12xlarge", "AWS")->gpus, 4);
  // overwatch Gcp_Instance_Details.csv (DBU), the Cloud Billing Catalog price in us-central1.
  const NodeType* n2 = c.find("n2-standard-4", "GCP");
  EXPECT_EQ(n2->dbus_per_hour.to_string(), "0.72");
  EXPECT_EQ(n2->on_demand_per_hour.to_string(), "0.194236");
  EXPECT_EQ(n2->region, "us-central1");
  // A second region: the default stays the first row, germanywestcentral is asked by name.
  EXPECT_EQ(c.find("Standard_D16ds_v5", "AZURE")->region, "eastus");
  EXPECT_EQ(c.find("Standard_D16ds_v5", "AZURE", "germanywestcentral")->on_demand_per_hour.to_string(), "1.088");
  EXPECT_EQ(c.find("Standard_D16ds_v5", "AZURE", "westeurope"), nullptr);
}

}  // namespace
}  // namespace dbcost
