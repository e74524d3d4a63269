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
    const unsigned count = header.empty() ? 27 : static_cast<unsigned>(header.size());
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
            "BilledCost,BillingCurrency,ChargeCategory,ChargeClass,ChargeDescription,ChargeFrequency,"
            "ChargePeriodStart,ChargePeriodEnd,ConsumedQuantity,ConsumedUnit,EffectiveCost,ListCost,ListUnitPrice,"
            "PricingCategory,PricingQuantity,PricingUnit,ProviderName,PublisherName,ServiceCategory,ServiceName,"
            "SkuId,SubAccountId,Tags,x_Period,x_Team,x_AllocatedFrom,x_Cloud");
  const auto rows = parse(csv);
  std::map<std::pair<std::string, std::string>, std::int64_t> by_team;
  std::map<std::string, std::int64_t> by_period;
  for (const auto& r : rows) {
    EXPECT_EQ(r.at("BilledCost"), r.at("EffectiveCost"));
    EXPECT_EQ(r.at("BilledCost"), r.at("ListCost"));
    EXPECT_EQ(r.at("ChargeCategory"), "Usage");
    EXPECT_EQ(r.at("Tags"), "{\"team\":\"" + r.at("x_Team") + "\"}");
    by_team[{r.at("x_Period"), r.at("x_Team")}] += cents(r.at("BilledCost"));
    by_period[r.at("x_Period")] += cents(r.at("BilledCost"));
    if (r.at("x_AllocatedFrom").empty()) {
      // A direct row has one unit price: its cost is quantity x price to within a cent.
      const Money exact =
          Money::product(*Decimal::parse(r.at("PricingQuantity")), *Decimal::parse(r.at("ListUnitPrice")));
      EXPECT_LE(std::abs(exact.micros() - Money::parse(r.at("BilledCost"))->micros()), Money::kMicrosPerCent);
    } else {
      EXPECT_EQ(r.at("PricingQuantity"), "");
      EXPECT_TRUE(r.at("x_AllocatedFrom") == "(shared)" || r.at("x_AllocatedFrom") == "(unallocated)");
    }
  }
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
}

}  // namespace
}  // namespace dbcost
