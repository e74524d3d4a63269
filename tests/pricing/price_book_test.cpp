#include "pricing/price_book.h"

#include <gtest/gtest.h>

#include "io/atomic_file.h"
#include "pricing/cluster_quote.h"

namespace dbcost {
namespace {

const std::string kData = std::string(DBCOST_SOURCE_DIR) + "/tests/data/";

UnixSeconds at(const char* s) { return *parse_timestamp_utc(s); }

TEST(PriceBookTest, ListPricesExportFollowsEffectiveDates) {
  const auto book = PriceBook::load(kData + "list_prices_midmonth.csv");
  EXPECT_EQ(book.get("PREMIUM_JOBS_COMPUTE", "AZURE", "DBU", at("2026-03-15T23:59:59Z")).price.to_string(), "0.3");
  EXPECT_EQ(book.get("PREMIUM_JOBS_COMPUTE", "AZURE", "DBU", at("2026-03-16T00:00:00Z")).price.to_string(), "0.33");
  EXPECT_EQ(book.find("PREMIUM_JOBS_COMPUTE", "AZURE", "DBU", at("2024-12-31")), nullptr);
  // effective_list (the promotion) wins over default.
  EXPECT_EQ(book.get("PREMIUM_JOBS_COMPUTE_(PHOTON)", "azure", "DBU", at("2026-03-01")).price.to_string(), "0.25");
  // No effective_list: default.
  EXPECT_EQ(book.get("PREMIUM_ALL_PURPOSE_COMPUTE", "AZURE", "DBU", at("2026-03-01")).price.to_string(), "0.55");
}

TEST(PriceBookTest, SpanAcrossAMidMonthChangeIsExact) {
  const auto book = PriceBook::load(kData + "list_prices_midmonth.csv");
  PricingContext ctx;
  ctx.prices = &book;
  // 7.5 DBU/h over March 2026 (744 h): 360 h at 0.30 + 384 h at 0.33 = 810 + 950.40 = 1760.40 by hand.
  const Money cost =
      dbu_cost_over(ctx, "PREMIUM_JOBS_COMPUTE", *Decimal::parse("7.5"), at("2026-03-01"), at("2026-04-01"));
  EXPECT_EQ(cost, *Money::parse("1760.40"));
}

TEST(PriceBookTest, BuiltinHasTheSourcedFigures) {
  const auto book = PriceBook::builtin();
  const UnixSeconds now = at("2026-11-25");
  // databrickslabs/lakemeter-oss backend/static/pricing/dbu-rates.json @ cfb3d2f1 (fetched 2026-04-10); Azure
  // Standard 0.40 from Microsoft's DBCU table,
  // https://learn.microsoft.com/en-us/azure/cost-management-billing/reservations/reservation-discount-databricks.
  EXPECT_EQ(book.get("PREMIUM_JOBS_COMPUTE", "AZURE", "DBU", now).price.to_string(), "0.3");
  EXPECT_EQ(book.get("PREMIUM_ALL_PURPOSE_COMPUTE_(PHOTON)", "AZURE", "DBU", now).price.to_string(), "0.55");
  EXPECT_EQ(book.get("STANDARD_ALL_PURPOSE_COMPUTE", "AZURE", "DBU", now).price.to_string(), "0.4");
  EXPECT_EQ(book.get("PREMIUM_JOBS_COMPUTE", "AWS", "DBU", now).price.to_string(), "0.15");
  EXPECT_EQ(book.get("ENTERPRISE_JOBS_COMPUTE", "AWS", "DBU", now).price.to_string(), "0.2");
  EXPECT_EQ(book.get("PREMIUM_DLT_ADVANCED_COMPUTE_(PHOTON)", "AWS", "DBU", now).price.to_string(), "0.36");
  EXPECT_EQ(book.get("PREMIUM_SERVERLESS_SQL_COMPUTE", "AWS", "DBU", now, "us-east-1").price.to_string(), "0.7");
  EXPECT_EQ(book.get("PREMIUM_JOBS_SERVERLESS_COMPUTE", "AZURE", "DBU", now, "northeurope").price.to_string(), "0.47");
  // A region-suffixed SKU from a usage record is priced in the region its suffix names.
  EXPECT_EQ(book.get("PREMIUM_JOBS_SERVERLESS_COMPUTE_EU_NORTH", "AZURE", "DBU", now).price.to_string(), "0.47");
  for (const auto& row : book.rows()) {
    EXPECT_FALSE(row.source.empty()) << row.sku_name;
    EXPECT_FALSE(row.as_of.empty()) << row.sku_name;
    EXPECT_FALSE(row.confidence.empty()) << row.sku_name;
  }
}

// Region-priced SKUs: the built-in book lists them per region code, a list_prices export and usage
// records name them with a region suffix (PREMIUM_JOBS_SERVERLESS_COMPUTE_US_EAST_2 on eastus2).
TEST(PriceBookTest, RegionPricedSkusNeverTakeAnotherRegionsPrice) {
  const auto book = PriceBook::builtin();
  const UnixSeconds now = at("2026-11-25");
  // databrickslabs/lakemeter-oss dbu-rates.json, azure:<region>:PREMIUM: eastus 0.45, northeurope 0.47,
  // centralus 0.47, westeurope 0.50.
  EXPECT_EQ(book.get("PREMIUM_JOBS_SERVERLESS_COMPUTE", "AZURE", "DBU", now, "eastus").price.to_string(), "0.45");
  EXPECT_EQ(book.get("PREMIUM_JOBS_SERVERLESS_COMPUTE", "AZURE", "DBU", now, "westeurope").price.to_string(), "0.5");
  EXPECT_EQ(book.get("PREMIUM_JOBS_SERVERLESS_COMPUTE", "AZURE", "DBU", now, "EastUS2").price.to_string(), "0.45");
  EXPECT_EQ(book.get("PREMIUM_JOBS_SERVERLESS_COMPUTE_US_EAST_2", "AZURE", "DBU", now).price.to_string(), "0.45");
  EXPECT_EQ(book.get("PREMIUM_JOBS_SERVERLESS_COMPUTE_US_WEST_OREGON", "AWS", "DBU", now).price.to_string(), "0.35");
  EXPECT_EQ(book.get("PREMIUM_SERVERLESS_SQL_COMPUTE_EUROPE_FRANKFURT", "AWS", "DBU", now).price.to_string(), "0.91");
  // Classic SKUs cost the same everywhere: one row for every region.
  EXPECT_EQ(book.get("PREMIUM_JOBS_COMPUTE", "AZURE", "DBU", now, "japaneast").price.to_string(), "0.3");
  // No row for the region, no suffix it could be named by, or no region at all: an error, never eastus's price.
  EXPECT_EQ(book.find("PREMIUM_JOBS_SERVERLESS_COMPUTE", "AZURE", "DBU", now, "japaneast"), nullptr);
  EXPECT_EQ(book.find("PREMIUM_JOBS_SERVERLESS_COMPUTE_JAPAN_EAST", "AZURE", "DBU", now), nullptr);
  EXPECT_EQ(book.find("PREMIUM_JOBS_SERVERLESS_COMPUTE_MARS_NORTH", "AZURE", "DBU", now), nullptr);
  EXPECT_EQ(book.find("PREMIUM_JOBS_SERVERLESS_COMPUTE", "AZURE", "DBU", now), nullptr);
  try {
    book.get("PREMIUM_JOBS_SERVERLESS_COMPUTE", "AZURE", "DBU", now, "japaneast");
    FAIL();
  } catch (const InputError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("in japaneast"), std::string::npos) << m;
    EXPECT_NE(m.find("has it for eastus, northeurope, centralus, westeurope, eastus2"), std::string::npos) << m;
    EXPECT_NE(m.find("PREMIUM_JOBS_SERVERLESS_COMPUTE_JAPAN_EAST"), std::string::npos) << m;
  }
  try {
    book.get("PREMIUM_JOBS_SERVERLESS_COMPUTE", "AZURE", "DBU", now);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("give the region"), std::string::npos) << e.what();
  }
}

// A list_prices export has no region column: its regional rows are the suffixed SKUs.
TEST(PriceBookTest, AnExportIsReadByTheRegionsSuffix) {
  const auto book = PriceBook::from_csv(
      "price_start_time,price_end_time,account_id,sku_name,cloud,currency_code,usage_unit,pricing\n"
      "2025-01-01T00:00:00.000Z,,a,PREMIUM_JOBS_SERVERLESS_COMPUTE_US_EAST,AZURE,USD,DBU,\"{\"\"default\"\":\"\"0."
      "45\"\"}\"\n"
      "2025-01-01T00:00:00.000Z,,a,PREMIUM_JOBS_SERVERLESS_COMPUTE_US_EAST_2,AZURE,USD,DBU,\"{\"\"default\"\":\"\"0."
      "46\"\"}\"\n"
      "2025-01-01T00:00:00.000Z,,a,PREMIUM_SQL_PRO_COMPUTE_US_WEST_OREGON,AWS,USD,DBU,\"{\"\"default\"\":\"\"0.55\"\"}"
      "\"\n",
      "list_prices.csv");
  const UnixSeconds now = at("2026-03-01");
  EXPECT_EQ(book.get("PREMIUM_JOBS_SERVERLESS_COMPUTE", "AZURE", "DBU", now, "eastus").price.to_string(), "0.45");
  EXPECT_EQ(book.get("PREMIUM_JOBS_SERVERLESS_COMPUTE", "AZURE", "DBU", now, "eastus2").price.to_string(), "0.46");
  EXPECT_EQ(book.get("PREMIUM_JOBS_SERVERLESS_COMPUTE_US_EAST_2", "AZURE", "DBU", now).price.to_string(), "0.46");
  EXPECT_EQ(book.get("PREMIUM_SQL_PRO_COMPUTE", "AWS", "DBU", now, "us-west-2").price.to_string(), "0.55");
  EXPECT_EQ(book.find("PREMIUM_JOBS_SERVERLESS_COMPUTE", "AZURE", "DBU", now, "westus"), nullptr);
  EXPECT_EQ(book.find("PREMIUM_SQL_PRO_COMPUTE", "AWS", "DBU", now, "us-east-1"), nullptr);
}

TEST(PriceBookTest, UnknownSkuSuggestsTheNearestOne) {
  const auto book = PriceBook::builtin();
  try {
    book.get("PREMIUM_JOBS_COMPUTE_PHOTON", "AZURE", "DBU", at("2026-03-01"));
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("did you mean 'PREMIUM_JOBS_COMPUTE_(PHOTON)'"), std::string::npos)
        << e.what();
  }
}

TEST(PriceBookTest, BadFilesNameFileLineAndColumn) {
  const std::string header =
      "price_start_time,price_end_time,account_id,sku_name,cloud,currency_code,usage_unit,pricing\n";
  auto error_of = [](const std::string& text) {
    try {
      PriceBook::from_csv(text, "lp.csv");
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(error_of(header + "2026-01-01,,a,S,AZURE,USD,DBU,\"{\"\"default\"\":\"\"abc\"\"}\"\n"),
            "lp.csv:2:8: pricing: expected a decimal price, got 'abc'");
  EXPECT_EQ(error_of(header + "2026-02-30,,a,S,AZURE,USD,DBU,\"{\"\"default\"\":\"\"1\"\"}\"\n"),
            "lp.csv:2:1: price_start_time: expected a timestamp such as 2026-03-01 or 2026-03-01T00:00:00Z, got "
            "'2026-02-30'");
  EXPECT_EQ(error_of("price_start_time,price_end_time,sku_name,cloud,currency_code,pricing\n"),
            "lp.csv:1: usage_unit: missing column 'usage_unit' in the header");
  EXPECT_EQ(error_of(header + "2026-01-01,,a,S,AZURE,USD\n"), "lp.csv:2: malformed CSV: too few fields on this line");
  EXPECT_EQ(error_of(""), "lp.csv:1:1: empty file: expected a CSV header line");
  EXPECT_EQ(error_of("sku_name,cloud,currency_code,usage_unit,price\nX,AZURE,USD,DBU,0.3O\n"),
            "lp.csv:2:5: price: expected a decimal price, got '0.3O'");
  EXPECT_EQ(error_of("sku_name,cloud,currency_code,usage_unit,price\nX,AZURE,USD,DBU,-1\n"),
            "lp.csv:2:5: price: a price cannot be negative, got '-1'");
  EXPECT_EQ(error_of(header + "2026-01-01,,a,S,AZURE,USD,DBU,\"{\"\"default\"\":\"\"1\"\"}\"\n" +
                     "2026-01-02,,a,S,AZURE,USD,DBU,\"{\"\"default\"\":\"\"2\"\"}\"\n"),
            "lp.csv:3:4: sku_name: price for S overlaps the one at line 2 in time");
}

}  // namespace
}  // namespace dbcost
