#include "chargeback/ledger_text.h"

#include <gtest/gtest.h>

#include <sstream>

#include "chargeback/chargeback_report.h"
#include "chargeback/focus.h"
#include "core/errors.h"
#include "io/atomic_file.h"

namespace dbcost {
namespace {

const std::string kData = std::string(DBCOST_SOURCE_DIR) + "/tests/data/chargeback/";

// The export cut into shards of `per_shard` records, each with the header.
std::vector<std::string> shards_of(const std::string& text, std::size_t per_shard) {
  std::istringstream in(text);
  std::string header, line;
  std::getline(in, header);
  std::vector<std::string> out;
  std::size_t n = 0;
  while (std::getline(in, line)) {
    if (n++ % per_shard == 0) out.push_back(header + "\n");
    out.back() += line + "\n";
  }
  return out;
}

TEST(LedgerTextTest, ShardsThroughTextMergeToTheWholeFile) {
  const auto book = PriceBook::load(kData + "list_prices.csv");
  UsageOptions options;
  const std::string text = read_file(kData + "usage_march.csv");
  const auto whole = allocate_chargeback(read_usage_text(text, "usage.csv", book, options), {});
  for (std::size_t per_shard : {1u, 4u, 7u}) {
    std::vector<UsageLedger> parts;
    for (const auto& shard : shards_of(text, per_shard)) {
      const auto ledger = read_usage_text(shard, "usage.csv", book, options);
      parts.push_back(ledger_from_text(ledger_to_text(ledger), "ledger", book));
    }
    const auto merged = allocate_chargeback(merge_ledgers(std::move(parts)), {});
    EXPECT_EQ(chargeback_table(merged).render("csv"), chargeback_table(whole).render("csv")) << per_shard;
    EXPECT_EQ(merged.ledger.counts.records, whole.ledger.counts.records);
    EXPECT_EQ(merged.ledger.account_ids, std::vector<std::string>{"acc-1"}) << per_shard;
    EXPECT_EQ(focus_csv(merged, "team"), focus_csv(whole, "team")) << per_shard;
    ASSERT_EQ(merged.ledger.groups.size(), whole.ledger.groups.size());
    for (std::size_t i = 0; i < whole.ledger.groups.size(); ++i) {
      EXPECT_EQ(merged.ledger.groups[i].quantity.to_string(), whole.ledger.groups[i].quantity.to_string());
      EXPECT_EQ(merged.ledger.groups[i].price, whole.ledger.groups[i].price);
    }
  }
}

TEST(LedgerTextTest, ForeignTextAndMissingPricesAreErrors) {
  const auto book = PriceBook::load(kData + "list_prices.csv");
  EXPECT_THROW(ledger_from_text("{}", "x", book), InputError);
  EXPECT_THROW(ledger_from_text("not json", "x", book), InputError);
  const auto ledger = read_usage(kData + "usage_march.csv", book, {});
  const auto other = PriceBook::from_csv(
      "price_start_time,price_end_time,account_id,sku_name,cloud,currency_code,usage_unit,pricing\n"
      "2020-01-01T00:00:00Z,,a,PREMIUM_JOBS_COMPUTE,AZURE,USD,DBU,\"{\"\"default\"\":\"\"0.1\"\"}\"\n",
      "other.csv");
  try {
    ledger_from_text(ledger_to_text(ledger), "ledger", other);
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("read every ledger with the same prices"), std::string::npos) << e.what();
  }
  EXPECT_THROW(merge_ledgers({}), ModelError);
}

}  // namespace
}  // namespace dbcost
