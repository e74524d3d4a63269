// Contract discounts (spot VMs never discounted, per-SKU DBU discounts), account prices and the
// DBCU drawdown, each checked against figures worked by hand.
#include <gtest/gtest.h>

#include "io/atomic_file.h"
#include "io/cluster_spec_reader.h"
#include "pricing/cluster_quote.h"
#include "pricing/commitments.h"
#include "pricing/quote_report.h"

namespace dbcost {
namespace {

const std::string kData = std::string(DBCOST_SOURCE_DIR) + "/tests/data/";

// Standard_D8s_v3: 1.5 DBU/h, 0.384/h on demand, spot 60% off = 0.1536/h. Azure premium jobs 0.30/DBU,
// all-purpose 0.55/DBU (built-in book).
struct Fixture {
  PriceBook book = PriceBook::builtin();
  InstanceCatalog instances = InstanceCatalog::from_csv(read_file(kData + "instances_fixture.csv"), "instances.csv");
  PhotonMultipliers photon = PhotonMultipliers::builtin();
  PricingContext ctx() const {
    PricingContext c;
    c.cloud = Cloud::Azure;
    c.tier = Tier::Premium;
    c.prices = &book;
    c.instances = &instances;
    c.photon = &photon;
    return c;
  }
};

ClusterSpec spec(const std::string& yaml) { return read_cluster_spec(YamlView::parse(yaml, "spec.yaml")); }
Money money(const char* text) { return *Money::parse(text); }
Decimal dec(const char* text) { return *Decimal::parse(text); }

const UnixSeconds kAt = *parse_timestamp_utc("2026-03-01");
const char* kSpotWorkers =
    "{node_type_id: Standard_D8s_v3, num_workers: 4, "
    "azure_attributes: {availability: SPOT_WITH_FALLBACK_AZURE, first_on_demand: 1}}";

TEST(DiscountsTest, TheVmDiscountNeverAppliesToSpotVms) {
  Fixture f;
  QuoteRequest r;
  r.spec = spec(kSpotWorkers);
  r.ctx = f.ctx();
  r.ctx.discounts.vm_percent = dec("30");
  r.hours = Decimal::from_int(10);
  const auto rep = make_quote(r);
  const auto& h = rep.quote.sizes[0];
  // By hand, per hour: driver on demand 0.384, 4 spot workers x 0.1536 = 0.6144; VM list 0.9984.
  // Billed: 0.384 x 0.7 = 0.2688 + 0.6144 (spot, undiscounted) = 0.8832. DBU 7.5 x 0.30 = 2.25.
  EXPECT_EQ(h.on_demand_nodes, 1);
  EXPECT_EQ(h.spot_nodes, 4);
  EXPECT_EQ(h.vm_cost, money("0.9984"));
  EXPECT_EQ(h.vm_spot_cost, money("0.6144"));
  EXPECT_EQ(h.vm_cost_discounted, money("0.8832"));
  EXPECT_EQ(h.total_cost_discounted, money("3.1332"));
  // 10 hours: VM 9.984 list, 8.832 billed; DBU 22.50; total 31.332 billed (list 32.484).
  EXPECT_EQ(rep.span[0].vm_cost_discounted, money("8.832"));
  EXPECT_EQ(rep.span[0].total_cost, money("32.484"));
  EXPECT_EQ(rep.span[0].total_cost_discounted, money("31.332"));
}

TEST(DiscountsTest, ADriverOnSpotIsNotDiscountedEither) {
  Fixture f;
  auto ctx = f.ctx();
  ctx.discounts.vm_percent = dec("50");
  const auto q = quote_cluster(spec("{node_type_id: Standard_D8s_v3, num_workers: 1, "
                                    "azure_attributes: {availability: SPOT_AZURE, first_on_demand: 0}}"),
                               ComputeKind::Job, ctx, kAt);
  // Both nodes spot: 2 x 0.1536 = 0.3072, billed as is.
  EXPECT_EQ(q.sizes[0].spot_nodes, 2);
  EXPECT_EQ(q.sizes[0].vm_cost_discounted, money("0.3072"));
  // A contract that does cover spot says so with spot_vm_percent: 0.3072 less 10% = 0.27648.
  ctx.discounts.spot_vm_percent = dec("10");
  EXPECT_EQ(quote_cluster(spec("{node_type_id: Standard_D8s_v3, num_workers: 1, "
                               "azure_attributes: {availability: SPOT_AZURE, first_on_demand: 0}}"),
                          ComputeKind::Job, ctx, kAt)
                .sizes[0]
                .vm_cost_discounted,
            money("0.27648"));
}

TEST(DiscountsTest, ASkuDiscountOverridesTheGlobalOneForThatSkuOnly) {
  Fixture f;
  auto ctx = f.ctx();
  ctx.discounts.dbu_percent = dec("10");
  ctx.discounts.sku_percent["PREMIUM_JOBS_COMPUTE"] = {dec("25"), {}};
  const auto s = spec("{node_type_id: Standard_D8s_v3, num_workers: 4}");
  // Jobs: 7.5 DBU/h x 0.30 = 2.25 less 25% = 1.6875. All-purpose: 7.5 x 0.55 = 4.125 less 10% = 3.7125.
  EXPECT_EQ(quote_cluster(s, ComputeKind::Job, ctx, kAt).sizes[0].dbu_cost_discounted, money("1.6875"));
  EXPECT_EQ(quote_cluster(s, ComputeKind::AllPurpose, ctx, kAt).sizes[0].dbu_cost_discounted, money("3.7125"));
  // The Photon SKU is another SKU: 18.75 DBU/h x 0.30 = 5.625 less the global 10% = 5.0625.
  const auto photon = spec("{node_type_id: Standard_D8s_v3, num_workers: 4, runtime_engine: PHOTON}");
  EXPECT_EQ(quote_cluster(photon, ComputeKind::Job, ctx, kAt).sizes[0].dbu_cost_discounted, money("5.0625"));
}

TEST(DiscountsTest, ARegionalServerlessSkuMatchesItsBaseName) {
  Discounts d;
  d.dbu_percent = dec("5");
  d.sku_percent["PREMIUM_JOBS_SERVERLESS_COMPUTE"] = {dec("20"), {}};
  d.sku_percent["PREMIUM_JOBS_COMPUTE"] = {dec("30"), {}};
  EXPECT_EQ(d.dbu_percent_for("PREMIUM_JOBS_SERVERLESS_COMPUTE"), dec("20"));
  EXPECT_EQ(d.dbu_percent_for("PREMIUM_JOBS_SERVERLESS_COMPUTE_US_EAST_2"), dec("20"));
  EXPECT_EQ(d.dbu_percent_for("PREMIUM_JOBS_COMPUTE"), dec("30"));
  // Only serverless SKUs carry a region suffix; Photon is a SKU of its own.
  EXPECT_EQ(d.dbu_percent_for("PREMIUM_JOBS_COMPUTE_(PHOTON)"), dec("5"));
  EXPECT_EQ(d.dbu_percent_for("PREMIUM_JOBS_COMPUTE_US_EAST_2"), dec("5"));
  EXPECT_EQ(d.dbu_percent_for("PREMIUM_JOBS_SERVERLESS_COMPUTE_us_east"), dec("5"));
}

TEST(DiscountsTest, AnUnknownSkuOrABadPercentIsAnError) {
  Discounts d;
  d.sku_percent["PREMIUM_JOB_COMPUTE"] = {dec("20"), {"s.yaml", 4, 7, "pricing.discounts.skus.PREMIUM_JOB_COMPUTE"}};
  try {
    check_sku_discounts(d, PriceBook::builtin());
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()).rfind("s.yaml:4:7: pricing.discounts.skus.PREMIUM_JOB_COMPUTE: no SKU "
                                          "'PREMIUM_JOB_COMPUTE' in the price book (did you mean",
                                          0),
              0u)
        << e.what();
  }
  EXPECT_THROW(read_sku_discount("PREMIUM_JOBS_COMPUTE", "--sku-discount"), InputError);
  EXPECT_THROW(read_sku_discount("PREMIUM_JOBS_COMPUTE=101", "--sku-discount"), InputError);
  EXPECT_THROW(read_sku_discount("=5", "--sku-discount"), InputError);
  const auto ok = read_sku_discount("PREMIUM_JOBS_COMPUTE=12.5", "--sku-discount");
  EXPECT_EQ(ok.first, "PREMIUM_JOBS_COMPUTE");
  EXPECT_EQ(ok.second, dec("12.5"));
}

const char* kAccountExport =
    "price_start_time,price_end_time,account_id,sku_name,cloud,currency_code,usage_unit,pricing\n"
    "2026-01-01T00:00:00.000Z,2026-03-15T00:00:00.000Z,acc,PREMIUM_JOBS_COMPUTE,AZURE,USD,DBU,"
    "\"{\"\"default\"\":\"\"0.24\"\",\"\"effective_list\"\":{\"\"default\"\":\"\"0.30\"\"}}\"\n"
    "2026-03-15T00:00:00.000Z,,acc,PREMIUM_JOBS_COMPUTE,AZURE,USD,DBU,"
    "\"{\"\"default\"\":\"\"0.21\"\",\"\"effective_list\"\":{\"\"default\"\":\"\"0.30\"\"}}\"\n";

TEST(AccountPricesTest, TheAccountPriceIsPricingDefault) {
  const auto book = PriceBook::account_prices_from_csv(kAccountExport, "account_prices.csv");
  ASSERT_EQ(book.rows().size(), 2u);
  EXPECT_EQ(book.rows()[0].price, dec("0.24"));
  EXPECT_EQ(book.rows()[0].confidence, "ACCOUNT_PRICES");
  // The same file read as list prices takes effective_list.default.
  EXPECT_EQ(PriceBook::from_csv(kAccountExport, "x.csv").rows()[0].price, dec("0.30"));
  // Flattened columns, as a SELECT of the struct's fields writes them.
  const auto flat = PriceBook::account_prices_from_csv(
      "account_id,sku_name,cloud,currency_code,usage_unit,pricing.default,pricing.effective_list.default,"
      "price_start_time,price_end_time\n"
      "acc,PREMIUM_JOBS_COMPUTE,AZURE,USD,DBU,0.25,0.30,2026-01-01,\n",
      "flat.csv");
  EXPECT_EQ(flat.rows()[0].price, dec("0.25"));
  const auto flat_list = PriceBook::from_csv(
      "sku_name,cloud,currency_code,usage_unit,pricing.default,pricing.effective_list.default,price_start_time,"
      "price_end_time\nPREMIUM_JOBS_COMPUTE,AZURE,USD,DBU,0.25,0.30,2026-01-01,\n",
      "flat.csv");
  EXPECT_EQ(flat_list.rows()[0].price, dec("0.30"));
  try {
    PriceBook::account_prices_from_csv(
        "price_start_time,price_end_time,sku_name,cloud,currency_code,usage_unit,pricing\n"
        "2026-01-01,,PREMIUM_JOBS_COMPUTE,AZURE,USD,DBU,\"{\"\"effective_list\"\":{\"\"default\"\":\"\"0.3\"\"}}\"\n",
        "a.csv");
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), "a.csv:2:7: pricing: pricing has no default (the account price)");
  }
}

TEST(AccountPricesTest, AccountPricesBillAndListPricesShowBeside) {
  Fixture f;
  const auto account = PriceBook::account_prices_from_csv(kAccountExport, "account_prices.csv");
  QuoteRequest r;
  r.spec = spec("{node_type_id: Standard_D8s_v3, num_workers: 4}");
  r.ctx = f.ctx();
  r.ctx.account_prices = &account;
  r.ctx.discounts.dbu_percent = dec("50");  // for SKUs the account prices do not cover
  r.at = kAt;
  r.hours = Decimal::from_int(10);
  auto rep = make_quote(r);
  // 75 DBUs: list 75 x 0.30 = 22.50; billed 75 x 0.24 = 18.00 (the account price, not list less 50%).
  EXPECT_EQ(rep.span[0].dbu_cost, money("22.50"));
  EXPECT_EQ(rep.span[0].dbu_cost_discounted, money("18.00"));
  EXPECT_EQ(rep.quote.billed.basis(), "account price");
  // A span over the account price change on 2026-03-15: 7.5 DBU/h for 24 h before (0.24) and 24 h after (0.21):
  // 180 x 0.24 + 180 x 0.21 = 43.20 + 37.80 = 81.00; list 360 x 0.30 = 108.00.
  r.from = *parse_timestamp_utc("2026-03-14");
  r.to = *parse_timestamp_utc("2026-03-16");
  rep = make_quote(r);
  EXPECT_EQ(rep.span[0].dbu_cost, money("108"));
  EXPECT_EQ(rep.span[0].dbu_cost_discounted, money("81"));
  // All-purpose is not in the account prices: list 75 x 0.55 = 41.25 less 50% = 20.625.
  r.from.reset();
  r.to.reset();
  r.kind = ComputeKind::AllPurpose;
  rep = make_quote(r);
  EXPECT_EQ(rep.span[0].dbu_cost_discounted, money("20.625"));
  EXPECT_EQ(rep.quote.billed.basis(), "list less 50%");
  EXPECT_NE(quote_summary(rep, r).find("the account prices do not cover PREMIUM_ALL_PURPOSE_COMPUTE"),
            std::string::npos);
}

Commitment dbcu(const char* amount, int year, int month, int term_years = 1) {
  Commitment c;
  c.amount = money(amount);
  c.start_year = year;
  c.start_month = month;
  c.term_years = term_years;
  return c;
}

TEST(CommitmentTest, DrawdownOverThreeMonthsByHand) {
  // Balance 10,000; months use 4,000, 5,000 and 3,000 of DBU list cost: balances 6,000, 1,000, 0 and 2,000
  // overage in month 3, billed at the month's billed/list ratio 2,700/3,000 = 0.9 -> 1,800.
  const auto rows = dbcu_drawdown(dbcu("10000", 2026, 1), {{2026, 1, money("4000"), money("3600")},
                                                           {2026, 2, money("5000"), money("4500")},
                                                           {2026, 3, money("3000"), money("2700")}});
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].month, "2026-01");
  EXPECT_EQ(rows[0].balance_before, money("10000"));
  EXPECT_EQ(rows[0].drawn, money("4000"));
  EXPECT_EQ(rows[0].balance_after, money("6000"));
  EXPECT_EQ(rows[1].drawn, money("5000"));
  EXPECT_EQ(rows[1].balance_after, money("1000"));
  EXPECT_EQ(rows[2].balance_before, money("1000"));
  EXPECT_EQ(rows[2].drawn, money("1000"));
  EXPECT_EQ(rows[2].balance_after, money("0"));
  EXPECT_EQ(rows[2].overage_list, money("2000"));
  EXPECT_EQ(rows[2].overage_billed, money("1800"));
  for (const auto& r : rows) EXPECT_TRUE(r.in_term);
  EXPECT_EQ(rows[0].overage_list, money("0"));
  EXPECT_EQ(rows[2].expired, money("0"));
}

TEST(CommitmentTest, TheUnusedBalanceExpiresInTheTermsLastMonth) {
  // A one-year term from 2025-04: its last month is 2026-03. 1,000 a month from 2026-02 on a 5,000 pool:
  // February leaves 4,000, March 3,000 which expires; April is outside the term, all overage.
  const auto rows = dbcu_drawdown(dbcu("5000", 2025, 4), {{2026, 2, money("1000"), money("1000")},
                                                          {2026, 3, money("1000"), money("1000")},
                                                          {2026, 4, money("1000"), money("800")}});
  EXPECT_EQ(rows[1].balance_after, money("3000"));
  EXPECT_EQ(rows[1].expired, money("3000"));
  EXPECT_FALSE(rows[2].in_term);
  EXPECT_EQ(rows[2].drawn, money("0"));
  EXPECT_EQ(rows[2].balance_before, money("0"));
  EXPECT_EQ(rows[2].overage_list, money("1000"));
  EXPECT_EQ(rows[2].overage_billed, money("800"));
  // A month before the term starts is all overage too; a three-year term covers 36 months.
  const auto early = dbcu_drawdown(
      dbcu("100", 2026, 2, 3),
      {{2026, 1, money("10"), money("10")}, {2029, 1, money("10"), money("10")}, {2029, 2, money("10"), money("10")}});
  EXPECT_FALSE(early[0].in_term);
  EXPECT_EQ(early[0].overage_list, money("10"));
  EXPECT_TRUE(early[1].in_term);
  EXPECT_EQ(early[1].expired, money("90"));
  EXPECT_FALSE(early[2].in_term);
  EXPECT_THROW(dbcu_drawdown(dbcu("100", 2026, 1), {{2026, 2, {}, {}}, {2026, 1, {}, {}}}), ModelError);
}

TEST(CommitmentTest, TheTermStartsOnTheFirstOfAMonth) {
  Commitment c;
  read_commitment_start("2026-07-01", {}, c);
  EXPECT_EQ(c.start_label(), "2026-07-01");
  auto error = [](const char* text) {
    Commitment x;
    try {
      read_commitment_start(text, {"s.yaml", 3, 9, "start"}, x);
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(error("2026-07-15"),
            "s.yaml:3:9: start: expected the first day of a month (the drawdown is kept by calendar month), got "
            "'2026-07-15'");
  EXPECT_EQ(error("2026-13-01"), "s.yaml:3:9: start: expected a date YYYY-MM-DD, got '2026-13-01'");
  EXPECT_EQ(error("2026-1-01"), "s.yaml:3:9: start: expected a date YYYY-MM-DD, got '2026-1-01'");
}

}  // namespace
}  // namespace dbcost
