#include "pricing/cluster_quote.h"

#include <gtest/gtest.h>

#include "io/atomic_file.h"
#include "io/cluster_spec_reader.h"
#include "pricing/quote_report.h"

namespace dbcost {
namespace {

const std::string kData = std::string(DBCOST_SOURCE_DIR) + "/tests/data/";

struct Fixture {
  PriceBook book = PriceBook::builtin();
  InstanceCatalog instances = InstanceCatalog::from_csv(read_fixture(), "instances_fixture.csv");
  PhotonMultipliers photon = PhotonMultipliers::builtin();

  static std::string read_fixture();
  PricingContext ctx(Cloud cloud = Cloud::Azure) const {
    PricingContext c;
    c.cloud = cloud;
    c.tier = Tier::Premium;
    c.prices = &book;
    c.instances = &instances;
    c.photon = &photon;
    return c;
  }
};

std::string Fixture::read_fixture() { return read_file(kData + "instances_fixture.csv"); }

ClusterSpec spec(const std::string& yaml) { return read_cluster_spec(YamlView::parse(yaml, "spec.yaml")); }

const UnixSeconds kAt = *parse_timestamp_utc("2026-03-01");

TEST(ClusterQuoteTest, DriverPlusFourWorkersOnDemand) {
  Fixture f;
  const auto q = quote_cluster(spec("{node_type_id: Standard_D8s_v3, num_workers: 4}"), ComputeKind::Job, f.ctx(), kAt);
  ASSERT_EQ(q.sizes.size(), 1u);
  const auto& h = q.sizes[0];
  // By hand: 5 nodes x 1.5 DBU/h = 7.5 DBU/h; x 0.30 = 2.25; VM 5 x 0.384 = 1.92; total 4.17.
  EXPECT_EQ(q.sku_name, "PREMIUM_JOBS_COMPUTE");
  EXPECT_EQ(h.driver_dbus_per_hour.to_string(), "1.5");
  EXPECT_EQ(h.workers_dbus_per_hour.to_string(), "6");
  EXPECT_EQ(h.dbu_cost, *Money::parse("2.25"));
  EXPECT_EQ(h.vm_cost, *Money::parse("1.92"));
  EXPECT_EQ(h.total_cost, *Money::parse("4.17"));
}

TEST(ClusterQuoteTest, PhotonMultipliesDbusNotThePrice) {
  Fixture f;
  const auto q = quote_cluster(spec("{node_type_id: Standard_D8s_v3, num_workers: 4, runtime_engine: PHOTON}"),
                               ComputeKind::Job, f.ctx(), kAt);
  // Worked example on Databricks Labs figures (Photon x2.5: lakemeter-oss dbu-multipliers.json; D8s_v3 1.5 DBU/h:
  // overwatch Azure_Instance_Details.csv): 5 x 1.5 x 2.5 = 18.75 DBU/h x 0.30 = 5.625; VM 1.92.
  EXPECT_EQ(q.sku_name, "PREMIUM_JOBS_COMPUTE_(PHOTON)");
  EXPECT_EQ(q.photon_multiplier.to_string(), "2.5");
  EXPECT_EQ(q.sizes[0].dbus_per_hour.to_string(), "18.75");
  EXPECT_EQ(q.sizes[0].dbu_cost, *Money::parse("5.625"));
  EXPECT_EQ(q.sizes[0].vm_cost, *Money::parse("1.92"));
  // A -photon- spark_version turns it on unless runtime_engine says STANDARD.
  EXPECT_TRUE(spec("{node_type_id: x, spark_version: 14.3.x-photon-scala2.12}").photon());
  EXPECT_FALSE(spec("{node_type_id: x, spark_version: 14.3.x-photon-scala2.12, runtime_engine: STANDARD}").photon());
}

TEST(ClusterQuoteTest, SpotWithFirstOnDemandOneKeepsTheDriverOnDemand) {
  Fixture f;
  const auto q = quote_cluster(
      spec("{node_type_id: Standard_D8s_v3, num_workers: 4, azure_attributes: {availability: SPOT_WITH_FALLBACK_AZURE, "
           "first_on_demand: 1, spot_bid_max_price: -1}}"),
      ComputeKind::Job, f.ctx(), kAt);
  const auto& h = q.sizes[0];
  // Spot at 60% off: 0.384 x 0.4 = 0.1536. VM = 0.384 + 4 x 0.1536 = 0.9984. DBUs unchanged (2.25).
  EXPECT_EQ(h.on_demand_nodes, 1);
  EXPECT_EQ(h.spot_nodes, 4);
  EXPECT_EQ(h.vm_cost, *Money::parse("0.9984"));
  EXPECT_EQ(h.vm_on_demand_cost, *Money::parse("1.92"));
  EXPECT_EQ(h.dbu_cost, *Money::parse("2.25"));
  EXPECT_EQ(h.total_cost, *Money::parse("3.2484"));
}

// The Clusters API defaults on AWS: availability SPOT_WITH_FALLBACK, first_on_demand 0, so a spec
// without aws_attributes runs every node, the driver too, on spot; the quote says so.
TEST(ClusterQuoteTest, AwsDefaultsPutEveryNodeOnSpotAndSaySo) {
  Fixture f;
  const auto bare =
      quote_cluster(spec("{node_type_id: m5.xlarge, num_workers: 3}"), ComputeKind::Job, f.ctx(Cloud::Aws), kAt);
  // m5.xlarge 0.192/h on demand, 50% off on spot: 0.096. Four nodes on spot: 0.384. DBUs 4 x 0.69 x 0.15.
  EXPECT_EQ(bare.availability, Availability::SpotWithFallback);
  EXPECT_EQ(bare.sizes[0].on_demand_nodes, 0);
  EXPECT_EQ(bare.sizes[0].spot_nodes, 4);
  EXPECT_EQ(bare.sizes[0].vm_cost, *Money::parse("0.384"));
  EXPECT_EQ(bare.sizes[0].dbu_cost, *Money::parse("0.414"));
  ASSERT_EQ(bare.notes.size(), 2u);
  EXPECT_NE(bare.notes[0].find("SPOT_WITH_FALLBACK, the Clusters API default"), std::string::npos) << bare.notes[0];
  EXPECT_NE(bare.notes[1].find("first_on_demand: 0"), std::string::npos) << bare.notes[1];
  // Given availability, only first_on_demand defaults (to 0).
  const auto spot =
      quote_cluster(spec("{node_type_id: m5.xlarge, num_workers: 3, aws_attributes: {availability: SPOT}}"),
                    ComputeKind::Job, f.ctx(Cloud::Aws), kAt);
  EXPECT_EQ(spot.sizes[0].spot_nodes, 4);
  ASSERT_EQ(spot.notes.size(), 1u);
  // ON_DEMAND given: nothing defaults that changes the price.
  const auto od =
      quote_cluster(spec("{node_type_id: m5.xlarge, num_workers: 3, aws_attributes: {availability: ON_DEMAND}}"),
                    ComputeKind::Job, f.ctx(Cloud::Aws), kAt);
  EXPECT_EQ(od.sizes[0].vm_cost, *Money::parse("0.768"));
  EXPECT_TRUE(od.notes.empty());
  // Azure documents no default: on demand, and the quote says it assumed so.
  const auto azure =
      quote_cluster(spec("{node_type_id: Standard_D8s_v3, num_workers: 1}"), ComputeKind::Job, f.ctx(), kAt);
  EXPECT_EQ(azure.sizes[0].spot_nodes, 0);
  ASSERT_EQ(azure.notes.size(), 1u);
  EXPECT_NE(azure.notes[0].find("priced ON_DEMAND_AZURE, as Databricks documents no default"), std::string::npos);
}

TEST(ClusterQuoteTest, BidBelowTheSpotPriceFallsBackOrFails) {
  Fixture f;
  const std::string base =
      "{node_type_id: Standard_D8s_v3, num_workers: 2, azure_attributes: {first_on_demand: 1, spot_bid_max_price: "
      "0.1, ";
  const auto q = quote_cluster(spec(base + "availability: SPOT_WITH_FALLBACK_AZURE}}"), ComputeKind::Job, f.ctx(), kAt);
  EXPECT_EQ(q.sizes[0].spot_nodes, 0);
  EXPECT_EQ(q.sizes[0].vm_cost, *Money::parse("1.152"));
  EXPECT_THROW(quote_cluster(spec(base + "availability: SPOT_AZURE}}"), ComputeKind::Job, f.ctx(), kAt), ModelError);
}

TEST(ClusterQuoteTest, AutoscaleGivesTheRangeFromMinToMax) {
  Fixture f;
  const auto q = quote_cluster(spec("{node_type_id: m5.xlarge, autoscale: {min_workers: 2, max_workers: 8}, "
                                    "aws_attributes: {availability: ON_DEMAND}}"),
                               ComputeKind::AllPurpose, f.ctx(Cloud::Aws), kAt);
  ASSERT_EQ(q.sizes.size(), 2u);
  // AWS premium all-purpose 0.55. Min: 3 x 0.69 = 2.07 DBU -> 1.1385; VM 3 x 0.192 = 0.576.
  EXPECT_EQ(q.sizes[0].dbu_cost, *Money::parse("1.1385"));
  EXPECT_EQ(q.sizes[0].vm_cost, *Money::parse("0.576"));
  // Max: 9 x 0.69 = 6.21 DBU -> 3.4155; VM 9 x 0.192 = 1.728; total 5.1435.
  EXPECT_EQ(q.sizes[1].dbu_cost, *Money::parse("3.4155"));
  EXPECT_EQ(q.sizes[1].total_cost, *Money::parse("5.1435"));
}

TEST(ClusterQuoteTest, SpanFollowsAMidMonthPriceChange) {
  Fixture f;
  const auto book = PriceBook::load(kData + "list_prices_midmonth.csv");
  QuoteRequest r;
  r.spec = spec("{node_type_id: Standard_D8s_v3, num_workers: 4}");
  r.ctx = f.ctx();
  r.ctx.prices = &book;
  r.from = *parse_timestamp_utc("2026-03-01");
  r.to = *parse_timestamp_utc("2026-04-01");
  const auto rep = make_quote(r);
  // DBU 1760.40 (see PriceBookTest) + VM 1.92 x 744 h = 1428.48 -> 3188.88.
  EXPECT_EQ(rep.hours.to_string(), "744");
  EXPECT_EQ(rep.span[0].dbu_cost, *Money::parse("1760.40"));
  EXPECT_EQ(rep.span[0].vm_cost, *Money::parse("1428.48"));
  EXPECT_EQ(rep.span[0].total_cost, *Money::parse("3188.88"));
}

TEST(ClusterQuoteTest, ContractDiscountsApplyApart) {
  Fixture f;
  QuoteRequest r;
  r.spec = spec("{node_type_id: Standard_D8s_v3, num_workers: 4}");
  r.ctx = f.ctx();
  r.ctx.discounts = {*Decimal::parse("20"), *Decimal::parse("10")};
  r.hours = Decimal::from_int(10);
  const auto rep = make_quote(r);
  // 10 h: DBU 22.50 less 20% = 18.00; VM 19.20 less 10% = 17.28; total 35.28 (list 41.70).
  EXPECT_EQ(rep.span[0].total_cost, *Money::parse("41.70"));
  EXPECT_EQ(rep.span[0].dbu_cost_discounted, *Money::parse("18"));
  EXPECT_EQ(rep.span[0].vm_cost_discounted, *Money::parse("17.28"));
  EXPECT_EQ(rep.span[0].total_cost_discounted, *Money::parse("35.28"));
}

TEST(ClusterSpecTest, BadSpecsAreLocated) {
  auto error_of = [](const std::string& yaml) {
    try {
      read_cluster_spec(YamlView::parse(yaml, "spec.yaml"));
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(error_of("node_type_id: a\nnum_workers: -2\n"),
            "spec.yaml:2:14: num_workers: num_workers cannot be negative, got -2");
  EXPECT_EQ(error_of("node_type_id: a\nautoscale: {min_workers: 5, max_workers: 2}\n"),
            "spec.yaml:2:26: autoscale.min_workers: min_workers (5) is above max_workers (2)");
  EXPECT_EQ(error_of("node_type_id: a\nnum_worker: 2\n"),
            "spec.yaml:2:1: num_worker: unknown key 'num_worker' (did you mean 'num_workers'?)");
  EXPECT_EQ(error_of("{\"node_type_id\": \"a\", \"num_workers\": 2,}"), "no error");
  EXPECT_EQ(error_of("{\"node_type_id\": \"a\", \"num_workers\": }"),
            "spec.yaml:1:38: num_workers: expected a whole number");
  EXPECT_EQ(error_of("node_type_id: a\nazure_attributes: {availability: SPOT}\n"),
            "spec.yaml:2:34: azure_attributes.availability: expected ON_DEMAND_AZURE, SPOT_AZURE or "
            "SPOT_WITH_FALLBACK_AZURE, got 'SPOT'");
}

TEST(InstanceCatalogTest, BuiltinCoversCommonNodeTypesWithSources) {
  const auto c = InstanceCatalog::builtin();
  int azure = 0, aws = 0;
  for (const auto& n : c.nodes()) {
    azure += n.cloud == "AZURE";
    aws += n.cloud == "AWS";
    EXPECT_FALSE(n.source.empty()) << n.node_type_id;
    EXPECT_GT(n.dbus_per_hour, Decimal{}) << n.node_type_id;
  }
  EXPECT_GE(azure, 25);
  EXPECT_GE(aws, 20);
  // databrickslabs/overwatch src/main/resources/{Azure,AWS}_Instance_Details.csv: DS3_v2 0.75 DBU/h, DS4_v2 1.5
  // (not the 0.15 typo), m5.xlarge 0.69 at 0.192/h.
  EXPECT_EQ(c.find("Standard_DS3_v2", "AZURE")->dbus_per_hour.to_string(), "0.75");
  EXPECT_EQ(c.find("Standard_DS4_v2", "AZURE")->dbus_per_hour.to_string(), "1.5");
  EXPECT_EQ(c.find("m5.xlarge", "AWS")->on_demand_per_hour.to_string(), "0.192");
  try {
    c.get("Standard_DS3v2", "AZURE", {"spec.json", 3, 20, "node_type_id"});
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              "spec.json:3:20: node_type_id: unknown AZURE node type 'Standard_DS3v2' (did you mean "
              "'Standard_DS3_v2'?); add it to an instance catalog CSV and pass it with --instances FILE (a scenario "
              "names the file under pricing: instances:)");
  }
}

// The built-in books on GCP, by hand from scenarios/data: n2-standard-4 is 0.72 DBU/h and 0.194236/h on
// demand (0.059952/h spot) in us-central1; PREMIUM_JOBS_COMPUTE on GCP is 0.15 per DBU, Photon x2.5.
struct Builtin {
  PriceBook book = PriceBook::builtin();
  InstanceCatalog instances = InstanceCatalog::builtin();
  PhotonMultipliers photon = PhotonMultipliers::builtin();
  PricingContext ctx(Cloud cloud, const std::string& region) const {
    PricingContext c;
    c.cloud = cloud;
    c.tier = Tier::Premium;
    c.region = region;
    c.prices = &book;
    c.instances = &instances;
    c.photon = &photon;
    return c;
  }
};

TEST(ClusterQuoteTest, GcpJobClusterIsDbusTimesPricePlusVms) {
  Builtin b;
  const auto q = quote_cluster(
      spec("{node_type_id: n2-standard-4, num_workers: 2, gcp_attributes: {availability: ON_DEMAND_GCP}}"),
      ComputeKind::Job, b.ctx(Cloud::Gcp, "us-central1"), kAt);
  // 3 nodes x 0.72 = 2.16 DBU/h x 0.15 = 0.324; VMs 3 x 0.194236 = 0.582708; total 0.906708.
  EXPECT_EQ(q.sku_name, "PREMIUM_JOBS_COMPUTE");
  EXPECT_EQ(q.sizes[0].dbus_per_hour.to_string(), "2.16");
  EXPECT_EQ(q.sizes[0].dbu_cost, *Money::parse("0.324"));
  EXPECT_EQ(q.sizes[0].vm_cost, *Money::parse("0.582708"));
  EXPECT_EQ(q.sizes[0].total_cost, *Money::parse("0.906708"));

  const auto photon =
      quote_cluster(spec("{node_type_id: n2-standard-4, num_workers: 2, runtime_engine: PHOTON,"
                         " gcp_attributes: {availability: PREEMPTIBLE_WITH_FALLBACK_GCP, first_on_demand: 1}}"),
                    ComputeKind::Job, b.ctx(Cloud::Gcp, ""), kAt);
  // 2.16 x 2.5 = 5.4 DBU/h x 0.15 = 0.81; driver on demand 0.194236 + 2 workers at the row's spot
  // price 0.059952 = 0.31414; total 1.12414.
  EXPECT_EQ(photon.sku_name, "PREMIUM_JOBS_COMPUTE_(PHOTON)");
  EXPECT_EQ(photon.sizes[0].dbus_per_hour.to_string(), "5.4");
  EXPECT_EQ(photon.sizes[0].dbu_cost, *Money::parse("0.81"));
  EXPECT_EQ(photon.sizes[0].vm_cost, *Money::parse("0.31414"));
  EXPECT_EQ(photon.sizes[0].total_cost, *Money::parse("1.12414"));
}

TEST(ClusterQuoteTest, TheRegionPicksTheVmPriceRow) {
  Builtin b;
  const auto s = spec("{node_type_id: Standard_D16ds_v5, num_workers: 1}");
  // 2 nodes x 4 DBU/h x 0.30 = 2.4 everywhere; VMs 2 x 1.088 in germanywestcentral, 2 x 0.904 in eastus.
  const auto de = quote_cluster(s, ComputeKind::Job, b.ctx(Cloud::Azure, "germanywestcentral"), kAt);
  EXPECT_EQ(de.sizes[0].dbu_cost, *Money::parse("2.4"));
  EXPECT_EQ(de.sizes[0].vm_cost, *Money::parse("2.176"));
  const auto us = quote_cluster(s, ComputeKind::Job, b.ctx(Cloud::Azure, "eastus"), kAt);
  EXPECT_EQ(us.sizes[0].vm_cost, *Money::parse("1.808"));
  try {
    quote_cluster(s, ComputeKind::Job, b.ctx(Cloud::Azure, "westeurope"), kAt);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("no westeurope VM price for AZURE node type 'Standard_D16ds_v5': the "
                                         "instance catalog lists it for eastus, germanywestcentral;"),
              std::string::npos)
        << e.what();
  }
}

TEST(InstanceCatalogTest, UserCatalogReplacesAndExtends) {
  auto c = InstanceCatalog::builtin();
  const std::string user =
      "node_type_id,cloud,dbus_per_hour,on_demand_per_hour\nStandard_D8s_v3,AZURE,1.5,0.5\nmy_node,AZURE,3,1\n";
  c.extend(InstanceCatalog::from_csv(user, "mine.csv"));
  EXPECT_EQ(c.find("Standard_D8s_v3", "AZURE")->on_demand_per_hour.to_string(), "0.5");
  EXPECT_EQ(c.find("my_node", "azure")->dbus_per_hour.to_string(), "3");
}

}  // namespace
}  // namespace dbcost
