#include "chargeback/focus.h"

#include <gtest/gtest.h>

#include <map>

#include "usage/usage_csv.h"

namespace dbcost {
namespace {

const std::string kData = std::string(DBCOST_SOURCE_DIR) + "/tests/data/chargeback/";

using Row = std::map<std::string, std::string>;

std::vector<Row> parse(const std::string& csv) {
  std::vector<std::string> header;
  std::vector<Row> rows;
  const char* p = csv.data();
  const char* end = p + csv.size();
  std::string buffer;
  while (p < end) {
    const unsigned count = header.empty() ? 46 : static_cast<unsigned>(header.size());
    CsvLine cells{nullptr, std::vector<std::uint32_t>(count)};
    const CsvScan s = scan_csv_line(p, end, count, cells);
    EXPECT_EQ(s.status, CsvScanStatus::Ok);
    if (header.empty()) {
      for (unsigned i = 0; i < count; ++i) header.emplace_back(csv_text(cells.cell(i), buffer));
    } else {
      Row r;
      for (unsigned i = 0; i < count; ++i) r[header[i]] = std::string(csv_text(cells.cell(i), buffer));
      rows.push_back(r);
    }
    p = s.next;
  }
  return rows;
}

std::int64_t cents(const std::string& s) { return Money::parse(s)->cents(); }

TEST(ChargebackFocusTest, RowsCarryEachTeamsFiguresAndSumToTheBill) {
  const PriceBook book = PriceBook::load(kData + "list_prices.csv");
  UsageOptions o;
  o.rules.owners = Owners::load(kData + "owners.csv");
  o.rules.shared_ids = {"wh-shared"};
  o.rules.shared_tags = {{"cost_center", "shared"}};
  const Chargeback cb = allocate_chargeback(read_usage(kData + "usage_march.csv", book, o), {});
  const std::string csv = focus_csv(cb, "team");
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "BilledCost,BillingAccountId,BillingAccountName,BillingCurrency,BillingPeriodEnd,BillingPeriodStart,"
            "ChargeCategory,ChargeClass,ChargeDescription,ChargeFrequency,ChargePeriodEnd,ChargePeriodStart,"
            "CommitmentDiscountCategory,CommitmentDiscountId,CommitmentDiscountName,CommitmentDiscountQuantity,"
            "CommitmentDiscountStatus,CommitmentDiscountType,CommitmentDiscountUnit,ConsumedQuantity,ConsumedUnit,"
            "ContractedCost,ContractedUnitPrice,EffectiveCost,InvoiceIssuerName,ListCost,ListUnitPrice,"
            "PricingCategory,PricingQuantity,PricingUnit,ProviderName,PublisherName,ServiceCategory,ServiceName,"
            "ServiceSubcategory,SkuId,SkuMeter,SkuPriceDetails,SkuPriceId,SubAccountId,SubAccountName,Tags,"
            "x_Period,x_Team,x_AllocatedFrom,x_Cloud");
  const auto rows = parse(csv);
  std::map<std::pair<std::string, std::string>, std::int64_t> by_team;
  std::map<std::string, std::int64_t> by_period;
  std::map<std::string, Decimal> spread_quantity;  // (period, pool, SKU price) -> the parts' quantities
  for (const auto& r : rows) {
    EXPECT_EQ(r.at("BilledCost"), r.at("EffectiveCost"));
    EXPECT_EQ(r.at("ListCost"), r.at("ContractedCost"));  // list prices bill
    EXPECT_EQ(r.at("ChargeCategory"), "Usage");
    EXPECT_EQ(r.at("ChargeClass"), "");
    EXPECT_EQ(r.at("BillingAccountId"), "acc-1");
    EXPECT_EQ(r.at("InvoiceIssuerName"), "Microsoft");  // Azure usage
    EXPECT_EQ(r.at("PricingUnit"), "DBU");
    EXPECT_EQ(r.at("Tags"), "{\"team\":\"" + r.at("x_Team") + "\"}");
    EXPECT_EQ(r.at("BillingPeriodStart"), r.at("x_Period") + "-01T00:00:00Z");
    by_team[{r.at("x_Period"), r.at("x_Team")}] += cents(r.at("BilledCost"));
    by_period[r.at("x_Period")] += cents(r.at("BilledCost"));
    // Every row, a part of spread spend too, has one unit price and its quantity: the cost is quantity x
    // price to within a cent (direct) or two (a part), and ListCost is that product exactly.
    const Decimal q = *Decimal::parse(r.at("PricingQuantity"));
    const Money exact = Money::product(q, *Decimal::parse(r.at("ListUnitPrice")));
    const bool direct = r.at("x_AllocatedFrom").empty();
    EXPECT_LE(std::abs(exact.micros() - Money::parse(r.at("BilledCost"))->micros()),
              (direct ? 1 : 2) * Money::kMicrosPerCent);
    if (!direct) spread_quantity[r.at("x_Period") + r.at("x_AllocatedFrom") + r.at("SkuPriceId")] += q;
  }
  // The parts of each spread group add up to its usage: the warehouse's 30 DBU of serverless SQL.
  EXPECT_EQ(spread_quantity.at("2026-03(shared)PREMIUM_SERVERLESS_SQL_COMPUTE/AZURE/DBU/USD/2025-01-01T00:00:00Z")
                .to_string(),
            "30");
  for (const auto& l : cb.lines) EXPECT_EQ((by_team[{l.period, l.team}]), l.total.cents()) << l.team;
  EXPECT_EQ(by_period["2026-03"], 4027);
  EXPECT_EQ(by_period["2026-04"], 33);
  // data-eng's JOBS usage before and after the price change on 2026-03-16: 11 x 0.30 and 12.5 x 0.33.
  std::vector<std::string> jobs;
  for (const auto& r : rows)
    if (r.at("x_Team") == "data-eng" && r.at("x_Period") == "2026-03" && r.at("SkuId") == "PREMIUM_JOBS_COMPUTE" &&
        r.at("x_AllocatedFrom").empty())
      jobs.push_back(r.at("ChargePeriodStart") + " " + r.at("ChargePeriodEnd") + " " + r.at("PricingQuantity") + " " +
                     r.at("ListUnitPrice") + " " + r.at("BilledCost") + " " + r.at("SubAccountId") + " " +
                     r.at("ServiceName"));
  EXPECT_EQ(jobs, (std::vector<std::string>{
                      "2026-03-01T00:00:00Z 2026-03-16T00:00:00Z 11 0.3 3.30 1111 Jobs Compute",
                      "2026-03-16T00:00:00Z 2026-04-01T00:00:00Z 12.5 0.33 4.13 1111 Jobs Compute",
                  }));
}

TEST(ChargebackFocusTest, ServiceNamesFollowTheSku) {
  EXPECT_EQ(focus_service_name("PREMIUM_JOBS_COMPUTE_(PHOTON)"), "Jobs Compute");
  EXPECT_EQ(focus_service_name("PREMIUM_JOBS_SERVERLESS_COMPUTE_US_EAST_2"), "Serverless Jobs");
  EXPECT_EQ(focus_service_name("STANDARD_JOBS_LIGHT_COMPUTE"), "Jobs Light Compute");
  EXPECT_EQ(focus_service_name("PREMIUM_ALL_PURPOSE_COMPUTE"), "All-Purpose Compute");
  EXPECT_EQ(focus_service_name("PREMIUM_DLT_ADVANCED_COMPUTE"), "Declarative Pipelines");
  EXPECT_EQ(focus_service_name("PREMIUM_SERVERLESS_SQL_COMPUTE"), "Serverless SQL");
  EXPECT_EQ(focus_service_name("PREMIUM_SQL_PRO_COMPUTE"), "Databricks SQL");
  EXPECT_EQ(focus_service_name("ENTERPRISE_SERVERLESS_REAL_TIME_INFERENCE"), "Model Serving");
  EXPECT_EQ(focus_service_name("SOMETHING_NEW"), "Databricks");
  EXPECT_STREQ(focus_service("PREMIUM_SERVERLESS_SQL_COMPUTE").category, "Databases");
  EXPECT_STREQ(focus_service("PREMIUM_SERVERLESS_SQL_COMPUTE").subcategory, "Data Warehouses");
  EXPECT_STREQ(focus_service("PREMIUM_ALL_PURPOSE_COMPUTE").subcategory, "Virtual Machines");
  EXPECT_STREQ(focus_service("PREMIUM_JOBS_COMPUTE").category, "Analytics");
  EXPECT_STREQ(focus_service("SOMETHING_NEW").subcategory, "Other (Other)");
}

TEST(ChargebackFocusTest, ProductsKeepEveryDigit) {
  const auto d = [](const char* s) { return *Decimal::parse(s); };
  EXPECT_EQ(exact_product(d("0.000000000000000001"), d("0.000000000000000003")),
            "0.000000000000000000000000000000000003");
  EXPECT_EQ(exact_product(d("-0.15"), d("3")), "-0.45");
  EXPECT_EQ(exact_product(d("0"), d("-5")), "0");
  EXPECT_EQ(exact_product(d("12345678901234.5"), d("0.33")), "4074074037407.385");
  // 1/3 of a DBU split three ways at 0.55: 0.183333333333333333 15 = 0.55 x 0.333333333333333333.
  EXPECT_EQ(exact_product(d("0.55"), d("0.333333333333333333")), "0.18333333333333333315");
}

TEST(ChargebackFocusTest, QuantitiesSplitExactly) {
  const auto strings = [](const std::vector<Decimal>& v) {
    std::vector<std::string> s;
    for (const auto& d : v) s.push_back(d.to_string());
    return s;
  };
  const auto d = [](const char* s) { return *Decimal::parse(s); };
  // 10 / 3: each floor is 3.333333333333333333, the one unit left goes to the first (ties to the lower index).
  EXPECT_EQ(strings(split_quantity(d("10"), {1, 1, 1})),
            (std::vector<std::string>{"3.333333333333333334", "3.333333333333333333", "3.333333333333333333"}));
  EXPECT_EQ(strings(split_quantity(d("1"), {0, 0})), (std::vector<std::string>{"0.5", "0.5"}));
  EXPECT_EQ(strings(split_quantity(d("-3"), {2, 1})), (std::vector<std::string>{"-2", "-1"}));
  // Weights -1 and -2 are shares 1/3 and 2/3; remainders 1 and 2 (of 3): the unit left goes to the second.
  EXPECT_EQ(strings(split_quantity(d("1"), {-1, -2})),
            (std::vector<std::string>{"0.333333333333333333", "0.666666666666666667"}));
}

}  // namespace
}  // namespace dbcost
