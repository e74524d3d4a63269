// A chargeback billed at account prices, with list prices beside it, by hand.
#include <gtest/gtest.h>

#include "chargeback/allocation.h"
#include "chargeback/chargeback_report.h"
#include "chargeback/focus.h"

namespace dbcost {
namespace {

// Built-in list prices: Azure premium jobs 0.30/DBU, all-purpose 0.55/DBU. The account pays 0.24 for
// jobs until 2026-03-15 and 0.21 from then on; all-purpose has no account price.
const char* kAccount =
    "price_start_time,price_end_time,account_id,sku_name,cloud,currency_code,usage_unit,pricing\n"
    "2026-01-01T00:00:00.000Z,2026-03-15T00:00:00.000Z,acc,PREMIUM_JOBS_COMPUTE,AZURE,USD,DBU,"
    "\"{\"\"default\"\":\"\"0.24\"\"}\"\n"
    "2026-03-15T00:00:00.000Z,,acc,PREMIUM_JOBS_COMPUTE,AZURE,USD,DBU,\"{\"\"default\"\":\"\"0.21\"\"}\"\n";

const char* kUsage =
    "account_id,sku_name,cloud,usage_unit,usage_quantity,usage_start_time,custom_tags\n"
    "acc,PREMIUM_JOBS_COMPUTE,AZURE,DBU,10,2026-03-02T00:00:00Z,\"{\"\"team\"\":\"\"etl\"\"}\"\n"
    "acc,PREMIUM_ALL_PURPOSE_COMPUTE,AZURE,DBU,4,2026-03-02T00:00:00Z,\"{\"\"team\"\":\"\"bi\"\"}\"\n"
    "acc,PREMIUM_JOBS_COMPUTE,AZURE,DBU,6,2026-03-20T00:00:00Z,{}\n";

Chargeback billed(bool with_account) {
  // The ledger points into both books: they outlive it.
  static const PriceBook account = PriceBook::account_prices_from_csv(kAccount, "account_prices.csv");
  static const PriceBook list = PriceBook::builtin();
  UsageOptions o;
  if (with_account) o.account_prices = &account;
  return allocate_chargeback(read_usage_text(kUsage, "usage.csv", list, o), {});
}

TEST(ChargebackAccountPricesTest, BilledAtAccountPricesWithListBeside) {
  const auto cb = billed(true);
  // etl 10 x 0.24 = 2.40 (list 3.00); bi 4 x 0.55 = 2.20 (no account price: list); unallocated
  // 6 x 0.21 = 1.26 (list 1.80). Bill 5.86. The 126 unallocated cents spread by direct cost:
  // 126 x 2.40 / 4.60 = 65.74 and 126 x 2.20 / 4.60 = 60.26 -> 65 + 60, the cent left to etl: 66 and 60.
  // List: etl 3.00 + 0.66 x 1.80 / 1.26 = 0.94 -> 3.94; bi 2.20 + 0.60 x 1.80 / 1.26 = 0.86 -> 3.06.
  ASSERT_EQ(cb.totals.size(), 1u);
  EXPECT_EQ(cb.totals[0].billed.format_cents(), "5.86");
  ASSERT_EQ(cb.lines.size(), 2u);
  EXPECT_EQ(cb.lines[0].team, "bi");
  EXPECT_EQ(cb.lines[0].total.format_cents(), "2.80");
  EXPECT_EQ(cb.lines[0].list_cost.format_cents(), "3.06");
  EXPECT_EQ(cb.lines[1].team, "etl");
  EXPECT_EQ(cb.lines[1].total.format_cents(), "3.06");
  EXPECT_EQ(cb.lines[1].list_cost.format_cents(), "3.94");
  EXPECT_EQ(cb.account_prices, "account_prices.csv");
  // FOCUS: the etl direct row bills 2.40 and lists 3.00 at 0.30 a DBU.
  const Table focus = focus_table(cb, "team");
  const auto& cols = focus.columns();
  auto col = [&](const char* name) {
    for (std::size_t i = 0; i < cols.size(); ++i)
      if (cols[i].name == name) return i;
    return cols.size();
  };
  bool seen = false;
  for (const auto& row : focus.rows())
    if (row[col("x_Team")] == "etl" && row[col("x_AllocatedFrom")].empty()) {
      seen = true;
      EXPECT_EQ(row[col("BilledCost")], "2.40");
      EXPECT_EQ(row[col("EffectiveCost")], "2.40");
      EXPECT_EQ(row[col("ListCost")], "3");  // 10 x 0.30, exact
      EXPECT_EQ(row[col("ListUnitPrice")], "0.3");
      EXPECT_EQ(row[col("ContractedUnitPrice")], "0.24");
      EXPECT_EQ(row[col("ContractedCost")], "2.4");  // 10 x 0.24
      EXPECT_EQ(row[col("BillingAccountId")], "acc");
    }
  EXPECT_TRUE(seen);
  EXPECT_NE(render_chargeback(cb, "table", "team").find("list_cost"), std::string::npos);
}

TEST(ChargebackAccountPricesTest, WithoutAccountPricesListIsBilled) {
  const auto cb = billed(false);
  // 10 x 0.30 + 4 x 0.55 + 6 x 0.30 = 3.00 + 2.20 + 1.80 = 7.00; list_cost equals the total, no column.
  EXPECT_EQ(cb.totals[0].billed.format_cents(), "7.00");
  for (const auto& l : cb.lines) EXPECT_EQ(l.list_cost, l.total);
  EXPECT_TRUE(cb.account_prices.empty());
  EXPECT_EQ(render_chargeback(cb, "table", "team").find("list_cost"), std::string::npos);
}

}  // namespace
}  // namespace dbcost
