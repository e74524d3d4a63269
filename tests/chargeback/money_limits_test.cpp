// Money read and summed without a double and without a wrap: JSON-number prices read from their
// text, and period totals past the int64 range of micro-units refused with a location.
#include <gtest/gtest.h>

#include "chargeback/allocation.h"
#include "chargeback/usage_reader.h"
#include "core/errors.h"
#include "pricing/price_book.h"

namespace dbcost {
namespace {

const std::string kPricesHeader =
    "price_start_time,price_end_time,account_id,sku_name,cloud,currency_code,usage_unit,pricing\n";
const std::string kUsageHeader =
    "record_id,workspace_id,sku_name,cloud,usage_start_time,usage_end_time,custom_tags,usage_unit,usage_quantity\n";

std::string usage_line(const std::string& id, const std::string& quantity, const std::string& team = "data-eng") {
  return id + ",1111,PREMIUM_JOBS_COMPUTE,AZURE,2026-03-02T10:00:00Z,2026-03-02T11:00:00Z,\"{\"\"team\"\":\"\"" + team +
         "\"\"}\",DBU," + quantity + "\n";
}

PriceBook prices_with(const std::string& pricing_cell) {
  return PriceBook::from_csv(
      kPricesHeader + "2025-01-01T00:00:00Z,,acc,PREMIUM_JOBS_COMPUTE,AZURE,USD,DBU," + pricing_cell + "\n", "lp.csv");
}

// Spark's to_json writes a DECIMAL(38,18) price as a JSON number: 0.123456789012345678 as a double is
// 0.12345678901234567736..., printed back as 0.12345678901234568.
TEST(MoneyLimitsTest, AJsonNumberPriceIsReadToItsLastDigit) {
  const auto book = prices_with(R"("{""default"":0.123456789012345678,""effective_list"":{""default"":null}}")");
  ASSERT_EQ(book.rows().size(), 1u);
  EXPECT_EQ(book.rows()[0].price.to_string(), "0.123456789012345678");
  const auto nested = prices_with(R"("{""default"":1,""effective_list"":{""default"":7.250000000000000001}}")");
  EXPECT_EQ(nested.rows()[0].price.to_string(), "7.250000000000000001");
  EXPECT_EQ(prices_with(R"("{""default"":42}")").rows()[0].price.to_string(), "42");
  EXPECT_EQ(prices_with(R"("{""default"":1.5e-1}")").rows()[0].price.to_string(), "0.15");
}

// 10^12 DBUs at 0.123456789012345678 cost exactly 123,456,789,012.345678; the double's price
// 0.12345678901234568 would give 123,456,789,012.34568, two micro-units more.
TEST(MoneyLimitsTest, AJsonNumberPriceCostsTheExactAmount) {
  const auto book = prices_with(R"("{""default"":0.123456789012345678}")");
  const auto ledger = read_usage_text(kUsageHeader + usage_line("r1", "1000000000000"), "u.csv", book, {});
  const Chargeback cb = allocate_chargeback(ledger, {});
  EXPECT_EQ(cb.totals.at(0).exact.micros(), 123'456'789'012'345'678);
  EXPECT_EQ(cb.totals.at(0).billed.format_cents(), "123456789012.35");
}

TEST(MoneyLimitsTest, APeriodPastTheMoneyRangeIsALocatedError) {
  const auto book = prices_with(R"("{""default"":""5.00""}")");
  const std::string text = kUsageHeader + usage_line("r1", "1000000000000") + usage_line("r2", "1000000000000", "ml");
  try {
    allocate_chargeback(read_usage_text(text, "u.csv", book, {}), {});
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              "u.csv: usage_quantity: the cost of period 2026-03 (USD) passes the range dbcost counts exactly "
              "(+/-9.2 trillion, in micro-units): check the usage quantities of that period");
  }
}

TEST(MoneyLimitsTest, AGroupPastTheMoneyRangeIsLocatedAtItsFirstRecord) {
  const auto book = prices_with(R"("{""default"":""5.00""}")");
  const std::string text =
      kUsageHeader + usage_line("r1", "1") + usage_line("r2", "1000000000000") + usage_line("r3", "1000000000000");
  try {
    allocate_chargeback(read_usage_text(text, "u.csv", book, {}), {});
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              "u.csv:2:9: usage_quantity: the cost of 2000000000001 DBU of PREMIUM_JOBS_COMPUTE at 5 in period 2026-03 "
              "passes the range dbcost counts exactly (+/-9.2 trillion, in micro-units): check the usage quantities");
  }
}

TEST(MoneyLimitsTest, ApportionNeverLoopsOnATotalItsPartsCannotReach) {
  EXPECT_THROW(apportion(INT64_MAX, {1, 1}, 1), std::logic_error);
  EXPECT_EQ(apportion(3, {1, 1}, 1), (std::vector<std::int64_t>{2, 1}));
}

}  // namespace
}  // namespace dbcost
