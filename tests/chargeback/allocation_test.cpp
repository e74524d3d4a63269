#include "chargeback/allocation.h"

#include <gtest/gtest.h>

#include "chargeback/chargeback_report.h"

#include <map>
#include <random>

namespace dbcost {
namespace {

const std::string kData = std::string(DBCOST_SOURCE_DIR) + "/tests/data/chargeback/";

Chargeback march(SharedMode mode) {
  static const PriceBook book = PriceBook::load(kData + "list_prices.csv");
  UsageOptions o;
  o.rules.owners = Owners::load(kData + "owners.csv");
  o.rules.shared_ids = {"wh-shared"};
  o.rules.shared_tags = {{"cost_center", "shared"}};
  AllocationOptions a;
  a.mode = mode;
  if (mode == SharedMode::Weights) a.weights = TeamWeights::load(kData + "weights.csv");
  return allocate_chargeback(read_usage(kData + "usage_march.csv", book, o), a);
}

std::vector<std::string> lines_of(const Chargeback& cb) {
  std::vector<std::string> out;
  for (const auto& l : cb.lines)
    out.push_back(l.period + " " + l.team + " " + format_dbus(l.dbus) + " " + l.direct.format_cents() + " " +
                  l.shared.format_cents() + " " + l.total.format_cents() + " " + l.currency);
  return out;
}

// Costs by hand (usage_reader_test lists the groups): analytics 7.333333333333333333 x 0.30 = 2.2 (to the
// micro-unit) + 4 x 0.55 = 2.20 -> 4.40; data-eng 11 x 0.30 + 12.5 x 0.33 = 3.30 + 4.125 = 7.425; ml 21 x
// 0.30 = 6.30; platform 0.55; shared 30 x 0.65 + 2 x 0.55 = 20.60; unallocated 3 x 0.33 = 0.99. March bill
// 40.265 -> 40.27: every row gets its cents rounded down (4026 in all) and the cent left goes to the largest
// remainder, data-eng's half cent: 7.43. The pool is 20.60 + 0.99 = 21.59.
TEST(ChargebackAllocationTest, ProportionalByHand) {
  const auto cb = march(SharedMode::Proportional);
  // 2159 cents x 4.40 / 18.675 = 508.68, x 7.425 / 18.675 = 858.40, x 6.30 / 18.675 = 728.34,
  // x 0.55 / 18.675 = 63.59: floors 2157, the 2 cents left to the largest remainders (.68 and .59).
  EXPECT_EQ(lines_of(cb), (std::vector<std::string>{
                              "2026-03 analytics 11.333333 4.40 5.09 9.49 USD",
                              "2026-03 data-eng 23.5 7.43 8.58 16.01 USD",
                              "2026-03 ml 21 6.30 7.28 13.58 USD",
                              "2026-03 platform 1 0.55 0.64 1.19 USD",
                              "2026-04 data-eng 1 0.33 0.00 0.33 USD",
                          }));
  ASSERT_EQ(cb.totals.size(), 2u);
  EXPECT_EQ(cb.totals[0].exact.format_exact(), "40.265");
  EXPECT_EQ(cb.totals[0].billed.format_cents(), "40.27");
  EXPECT_EQ(format_dbus(cb.totals[0].dbus), "91.833333");
  EXPECT_EQ(cb.totals[1].billed.format_cents(), "0.33");
}

TEST(ChargebackAllocationTest, EvenWeightsAndNoneByHand) {
  // 2159 / 4 = 539.75: 539 each and the 3 cents left to the first three teams (equal remainders).
  EXPECT_EQ(lines_of(march(SharedMode::Even)), (std::vector<std::string>{
                                                   "2026-03 analytics 11.333333 4.40 5.40 9.80 USD",
                                                   "2026-03 data-eng 23.5 7.43 5.40 12.83 USD",
                                                   "2026-03 ml 21 6.30 5.40 11.70 USD",
                                                   "2026-03 platform 1 0.55 5.39 5.94 USD",
                                                   "2026-04 data-eng 1 0.33 0.00 0.33 USD",
                                               }));
  // weights.csv: analytics 3, data-eng 1, finance 0, ml 1 -> 1295.4, 431.8, 0, 431.8: floors 2157, the 2
  // cents to data-eng and ml (.8 each). platform has no weight; finance gets a row.
  EXPECT_EQ(lines_of(march(SharedMode::Weights)), (std::vector<std::string>{
                                                      "2026-03 analytics 11.333333 4.40 12.95 17.35 USD",
                                                      "2026-03 data-eng 23.5 7.43 4.32 11.75 USD",
                                                      "2026-03 finance 0 0.00 0.00 0.00 USD",
                                                      "2026-03 ml 21 6.30 4.32 10.62 USD",
                                                      "2026-03 platform 1 0.55 0.00 0.55 USD",
                                                      "2026-04 data-eng 1 0.33 0.00 0.33 USD",
                                                  }));
  EXPECT_EQ(lines_of(march(SharedMode::None)), (std::vector<std::string>{
                                                   "2026-03 (shared) 32 20.60 0.00 20.60 USD",
                                                   "2026-03 (unallocated) 3 0.99 0.00 0.99 USD",
                                                   "2026-03 analytics 11.333333 4.40 0.00 4.40 USD",
                                                   "2026-03 data-eng 23.5 7.43 0.00 7.43 USD",
                                                   "2026-03 ml 21 6.30 0.00 6.30 USD",
                                                   "2026-03 platform 1 0.55 0.00 0.55 USD",
                                                   "2026-04 data-eng 1 0.33 0.00 0.33 USD",
                                               }));
}

TEST(ChargebackAllocationTest, ApportionByHand) {
  // Thirds of 100: 33 each, the unit left to the first (equal remainders).
  EXPECT_EQ(apportion(100, {100, 100, 100}, 3), (std::vector<std::int64_t>{34, 33, 33}));
  // Exact parts 2.5, 3.5 and 4 sum to 10; total 10: floors 2, 3, 4 and one unit to the first .5.
  EXPECT_EQ(apportion(10, {25, 35, 40}, 10), (std::vector<std::int64_t>{3, 3, 4}));
  // Negative parts round down too: -2.5 -> -3, 4.5 -> 4; total 2 gives the unit to the larger remainder (tie,
  // first).
  EXPECT_EQ(apportion(2, {-25, 45}, 10), (std::vector<std::int64_t>{-2, 4}));
  // A total below the floors takes units from the smallest remainders.
  EXPECT_EQ(apportion(5, {30, 35}, 10), (std::vector<std::int64_t>{2, 3}));
  EXPECT_EQ(apportion(-7, {-35, -35}, 10), (std::vector<std::int64_t>{-3, -4}));
  EXPECT_EQ(apportion(-3, {1, 2}, -1), (std::vector<std::int64_t>{-1, -2}));
  EXPECT_THROW(apportion(1, {}, 1), std::invalid_argument);
  EXPECT_THROW(apportion(1, {1}, 0), std::invalid_argument);
}

TEST(ChargebackAllocationTest, DbusShowSixDecimals) {
  EXPECT_EQ(format_dbus(*Decimal::parse("1.2345675")), "1.234568");
  EXPECT_EQ(format_dbus(*Decimal::parse("-1.2345665")), "-1.234567");
  EXPECT_EQ(format_dbus(*Decimal::parse("0.0000004")), "0");
  EXPECT_EQ(format_dbus(*Decimal::parse("12.5")), "12.5");
}

UsageLedger tiny_ledger(const PriceBook& book, const std::vector<std::tuple<std::string, const char*, int>>& rows) {
  UsageLedger ledger;
  ledger.source = "tiny";
  for (const auto& [team, qty, period] : rows) {
    UsageGroup g;
    g.period = period;
    g.team = team;
    g.sku_name = "JOBS";
    g.cloud = "AZURE";
    g.usage_unit = "DBU";
    g.price = &book.rows()[0];
    g.quantity = *Decimal::parse(qty);
    ledger.groups.push_back(g);
  }
  return ledger;
}

TEST(ChargebackAllocationTest, UnpricedUsageFailsUnlessAllowed) {
  const PriceBook book =
      PriceBook::from_csv("sku_name,cloud,currency_code,usage_unit,price\nJOBS,AZURE,USD,DBU,1\n", "b");
  UsageLedger ledger = tiny_ledger(book, {{"a", "1", 24314}});
  ledger.unpriced.push_back({24314, "NOPE", "AZURE", "DBU", *Decimal::parse("2"), 2, {"u.csv", 7, 4, "sku_name"}});
  ledger.unpriced.push_back({24315, "NOPE", "AZURE", "DBU", *Decimal::parse("1"), 1, {"u.csv", 9, 4, "sku_name"}});
  ledger.unpriced.push_back({24314, "ZED", "AWS", "DBU", *Decimal::parse("1"), 1, {"u.csv", 3, 4, "sku_name"}});
  try {
    allocate_chargeback(ledger, {});
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              "u.csv:3:4: sku_name: no price for 2 SKUs at the usage time: NOPE (AZURE, DBU: 3 records, first at "
              "line 7); ZED (AWS, DBU: 1 record, first at line 3); give a list_prices export that covers them with "
              "--prices, or --allow-unpriced");
  }
  AllocationOptions allow;
  allow.allow_unpriced = true;
  EXPECT_EQ(lines_of(allocate_chargeback(ledger, allow)),
            (std::vector<std::string>{"2026-03 (unpriced) 3 0.00 0.00 0.00 ", "2026-03 a 1 1.00 0.00 1.00 USD",
                                      "2026-04 (unpriced) 1 0.00 0.00 0.00 "}));
}

std::vector<std::string> spreads_of(const Chargeback& cb) {
  std::vector<std::string> out;
  for (const auto& s : cb.spreads) {
    std::string line = s.period + " " + s.currency + " " + s.shared.format_cents() + " " + s.unallocated.format_cents();
    for (const auto& [team, share] : s.teams) line += " " + team + "=" + share.format_cents();
    out.push_back(line);
  }
  return out;
}

// The pool of March by hand (above): shared 30 x 0.65 + 2 x 0.55 = 20.60, unallocated 3 x 0.33 = 0.99; April
// has no pool, so nothing is spread there.
TEST(ChargebackAllocationTest, SpreadsSayWhatWasSpreadOverWhom) {
  EXPECT_EQ(spreads_of(march(SharedMode::Proportional)),
            std::vector<std::string>{"2026-03 USD 20.60 0.99 analytics=5.09 data-eng=8.58 ml=7.28 platform=0.64"});
  EXPECT_EQ(spreads_of(march(SharedMode::Weights)),
            std::vector<std::string>{"2026-03 USD 20.60 0.99 analytics=12.95 data-eng=4.32 finance=0.00 ml=4.32"});
  EXPECT_TRUE(march(SharedMode::None).spreads.empty());
  // The summary's line: 5.09 + 8.58 + 7.28 + 0.64 = 21.59 = 20.60 + 0.99, the largest share first.
  const std::string summary = chargeback_summary(march(SharedMode::Proportional));
  EXPECT_NE(summary.find("\nspread 2026-03: 21.59 USD (shared 20.60, unallocated 0.99) over 4 teams: data-eng 8.58, "
                         "ml 7.28, analytics 5.09, platform 0.64\n"),
            std::string::npos)
      << summary;
  const auto json = chargeback_json(march(SharedMode::Proportional));
  ASSERT_EQ(json["spread"].size(), 1u);
  EXPECT_EQ(json["spread"][0]["total"], "21.59");
  EXPECT_EQ(json["spread"][0]["unallocated"], "0.99");
  EXPECT_EQ(json["spread"][0]["teams"][3]["team"], "platform");
  EXPECT_EQ(json["spread"][0]["teams"][3]["shared_cost"], "0.64");
}

TEST(ChargebackAllocationTest, ASpreadOverManyTeamsNamesTheLargestTen) {
  const PriceBook book =
      PriceBook::from_csv("sku_name,cloud,currency_code,usage_unit,price\nJOBS,AZURE,USD,DBU,1\n", "b");
  // Teams t01..t12 with 1..12 DBU at 1 USD (78 in all) carry 7.80 of shared spend evenly: 0.65 each.
  std::vector<std::tuple<std::string, const char*, int>> rows = {{"(shared)", "7.8", 24314}};
  const char* qty[] = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"};
  for (int i = 0; i < 12; ++i) rows.emplace_back((i < 9 ? "t0" : "t") + std::to_string(i + 1), qty[i], 24314);
  AllocationOptions even;
  even.mode = SharedMode::Even;
  const std::string summary = chargeback_summary(allocate_chargeback(tiny_ledger(book, rows), even));
  EXPECT_NE(summary.find("\nspread 2026-03: 7.80 USD (shared 7.80, unallocated 0.00) over 12 teams: t01 0.65, t02 "
                         "0.65, t03 0.65, t04 0.65, t05 0.65, t06 0.65, t07 0.65, t08 0.65, t09 0.65, t10 0.65, 2 more "
                         "1.30\n"),
            std::string::npos)
      << summary;
}

TEST(ChargebackAllocationTest, WeightsMustCoverThePeriodAndNotAllBeZero) {
  const PriceBook book =
      PriceBook::from_csv("sku_name,cloud,currency_code,usage_unit,price\nJOBS,AZURE,USD,DBU,1\n", "b");
  const auto ledger = tiny_ledger(book, {{"a", "1", 24314}, {"(shared)", "1", 24314}});
  AllocationOptions o;
  o.mode = SharedMode::Weights;
  o.weights = TeamWeights::from_csv("team,weight,period\na,1,2026-04\n", "w.csv");
  EXPECT_THROW(allocate_chargeback(ledger, o), InputError);
  o.weights = TeamWeights::from_csv("team,weight\na,0\nb,0\n", "w.csv");
  try {
    allocate_chargeback(ledger, o);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), "w.csv: weight: the weights for period 2026-03 are all zero");
  }
  auto weights_error = [](const std::string& text) {
    try {
      TeamWeights::from_csv(text, "w.csv");
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(weights_error("team,weight\na,-1\n"), "w.csv:2:2: weight: expected a non-negative number, got '-1'");
  EXPECT_EQ(weights_error("team,weight\na,1\na,2\n"), "w.csv:3:1: team: team 'a' appears twice for this period");
  EXPECT_EQ(weights_error("team,weight\n(shared),1\n"), "w.csv:2:1: team: '(shared)' is a reserved name");
  EXPECT_EQ(weights_error("team\na\n"), "w.csv:1: weight: missing column 'weight' in the header");
  // With nothing shared, a period needs no weights.
  EXPECT_EQ(lines_of(allocate_chargeback(tiny_ledger(book, {{"a", "2", 24314}}), o)),
            (std::vector<std::string>{"2026-03 a 2 2.00 0.00 2.00 USD"}));
}

// Random ledgers: several periods and two currencies, random teams, prices and quantities (credits
// included). Under every rule, every period's teams sum to its bill to the cent, each direct cost is
// within a cent of its exact cost, proportional shares are within a cent of pool x weight / total weight,
// and the FOCUS charges add up to the teams' totals.
TEST(ChargebackAllocationTest, RandomLedgersAlwaysSumToTheBill) {
  std::mt19937_64 rng(2026);
  std::string prices = "sku_name,cloud,currency_code,usage_unit,price\n";
  for (int i = 0; i < 12; ++i)
    prices += "SKU" + std::to_string(i) + ",AZURE," + (i % 4 == 3 ? "EUR" : "USD") + ",DBU,0." +
              std::to_string(100000 + rng() % 900000) + std::to_string(rng() % 1000000000) + "\n";
  const PriceBook book = PriceBook::from_csv(prices, "b");
  const std::vector<std::string> teams = {"(shared)", "(unallocated)", "a", "b", "c", "d", "e", "f", "g"};
  for (int trial = 0; trial < 300; ++trial) {
    UsageLedger ledger;
    ledger.source = "random";
    std::map<std::tuple<std::int64_t, std::string, std::size_t>, std::size_t> seen;
    const int n = 1 + static_cast<int>(rng() % 40);
    for (int k = 0; k < n; ++k) {
      UsageGroup g;
      g.period = 24312 + static_cast<std::int64_t>(rng() % 3);
      g.team = teams[rng() % (trial % 5 == 0 ? 2 : teams.size())];
      const std::size_t price = rng() % book.rows().size();
      if (!seen.emplace(std::make_tuple(g.period, g.team, price), k).second) continue;
      g.price = &book.rows()[price];
      g.sku_name = g.price->sku_name;
      g.usage_unit = "DBU";
      __int128 raw = static_cast<__int128>(rng() % 100000000000ULL) * static_cast<__int128>(rng() % 100000000000ULL);
      if (rng() % 10 == 0) raw = -raw / 7;
      g.quantity = Decimal::from_raw(raw);
      ledger.groups.push_back(g);
    }
    std::sort(ledger.groups.begin(), ledger.groups.end(), [](const UsageGroup& x, const UsageGroup& y) {
      return std::tie(x.period, x.team) < std::tie(y.period, y.team);
    });
    for (const SharedMode mode : {SharedMode::Proportional, SharedMode::Even, SharedMode::Weights, SharedMode::None}) {
      AllocationOptions o;
      o.mode = mode;
      for (const auto& t : {"a", "c", "e", "z"})
        o.weights.add("", t, Decimal::from_int(static_cast<std::int64_t>(1 + rng() % 5)));
      const Chargeback cb = allocate_chargeback(ledger, o);
      std::map<std::pair<std::string, std::string>, __int128> exact, exact_pool, weight_total;
      std::map<std::tuple<std::string, std::string, std::string>, __int128> exact_team;
      for (const auto& g : ledger.groups) {
        const auto key = std::make_pair(period_label(PeriodKind::Month, g.period), g.price->currency_code);
        const __int128 micros = Money::product(g.quantity, g.price->price).micros();
        exact[key] += micros;
        exact_team[{key.first, key.second, g.team}] += micros;
        if (g.team == "(shared)" || g.team == "(unallocated)") exact_pool[key] += micros;
      }
      std::map<std::pair<std::string, std::string>, std::int64_t> sum_total, sum_direct_teams, sum_shared;
      for (const auto& l : cb.lines) {
        const auto key = std::make_pair(l.period, l.currency);
        ASSERT_EQ(l.total, l.direct + l.shared);
        sum_total[key] += l.total.cents();
        sum_shared[key] += l.shared.cents();
        const __int128 e = exact_team[std::make_tuple(l.period, l.currency, l.team)];
        const __int128 diff = static_cast<__int128>(l.direct.micros()) - e;
        EXPECT_LT(diff < 0 ? -diff : diff, Money::kMicrosPerCent) << l.team;
        // Spread spend keeps its own row only under none, or when no team is there to carry it.
        if (mode != SharedMode::None && l.team.front() == '(') {
          EXPECT_NE(mode, SharedMode::Weights);
          EXPECT_EQ(std::count_if(cb.lines.begin(), cb.lines.end(),
                                  [&](const auto& m) {
                                    return m.period == l.period && m.currency == l.currency && m.team.front() != '(';
                                  }),
                    0);
        }
      }
      for (const auto& t : cb.totals) {
        const auto key = std::make_pair(t.period, t.currency);
        EXPECT_EQ(t.exact.micros(), static_cast<std::int64_t>(exact[key]));
        EXPECT_EQ(sum_total[key], t.billed.cents()) << t.period << " " << t.currency;
      }
      if (mode == SharedMode::Proportional) {
        for (const auto& t : cb.totals) {
          const auto key = std::make_pair(t.period, t.currency);
          std::int64_t pool_cents = 0;
          __int128 w_total = 0;
          for (const auto& l : cb.lines)
            if (l.period == t.period && l.currency == t.currency && l.team.front() != '(')
              w_total += std::max<__int128>(exact_team[std::make_tuple(l.period, l.currency, l.team)], 0);
          pool_cents = sum_shared[key];
          for (const auto& l : cb.lines) {
            if (l.period != t.period || l.currency != t.currency || l.team.front() == '(' || w_total == 0) continue;
            const __int128 w = std::max<__int128>(exact_team[std::make_tuple(l.period, l.currency, l.team)], 0);
            const __int128 off =
                static_cast<__int128>(l.shared.cents()) * w_total - static_cast<__int128>(pool_cents) * w;
            EXPECT_LT(off < 0 ? -off : off, w_total) << l.team;
          }
        }
      }
      std::map<std::tuple<std::string, std::string, std::string>, std::int64_t> charge_sum;
      for (const auto& c : cb.charges) {
        const UsageGroup& g = cb.ledger.groups[c.group];
        charge_sum[{period_label(PeriodKind::Month, g.period), g.price->currency_code, c.team}] += c.cost.cents();
      }
      for (const auto& l : cb.lines) {
        const std::int64_t charged = charge_sum[std::make_tuple(l.period, l.currency, l.team)];
        EXPECT_EQ(charged, l.total.cents()) << l.team << " " << static_cast<int>(mode);
      }
    }
  }
}

}  // namespace
}  // namespace dbcost
