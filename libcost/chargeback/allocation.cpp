#include "chargeback/allocation.h"

#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <tuple>

#include "io/atomic_file.h"
#include "io/csv_reader.h"
#include "money/allocate.h"

namespace dbcost {
namespace {

__int128 floor_div128(__int128 a, __int128 b) {
  __int128 q = a / b;
  if (a % b != 0 && ((a < 0) != (b < 0))) --q;
  return q;
}

struct RowSum {
  std::vector<std::size_t> groups;
  std::vector<__int128> micros;  // per group
  __int128 total = 0;
  Decimal dbus;
  Decimal idle_dbus;
  Money idle_cost;
};

bool is_pool(const std::string& team) { return team == kSharedTeam || team == kUnallocatedTeam; }

[[noreturn]] void throw_unpriced(const UsageLedger& ledger) {
  struct Missing {
    std::uint64_t records = 0;
    SourceLocation first;
  };
  std::map<std::tuple<std::string, std::string, std::string>, Missing> skus;
  for (const auto& u : ledger.unpriced) {
    auto& m = skus[{u.sku_name, u.cloud, u.usage_unit}];
    if (m.records == 0 || u.first.line < m.first.line) m.first = u.first;
    m.records += u.records;
  }
  const SourceLocation* first = nullptr;
  std::string list;
  for (const auto& [k, m] : skus) {
    if (!first || m.first.line < first->line) first = &m.first;
    if (!list.empty()) list += "; ";
    list += std::get<0>(k) + " (" + std::get<1>(k) + ", " + std::get<2>(k) + ": " + std::to_string(m.records) +
            (m.records == 1 ? " record" : " records") + ", first at line " + std::to_string(m.first.line) + ")";
  }
  throw InputError(*first, "no price for " + std::to_string(skus.size()) + (skus.size() == 1 ? " SKU" : " SKUs") +
                               " at the usage time: " + list +
                               "; give a list_prices export that covers them with --prices, or --allow-unpriced");
}

constexpr const char* kMoneyRange = "the range dbcost counts exactly (+/-9.2 trillion, in micro-units)";

// quantity x the billed price of one group (its account price, else list); beyond the money
// range, an error at the group's first record.
Money group_cost(const UsageGroup& g, Decimal quantity, const std::string& source, const std::string& period) {
  const Decimal price = (g.account ? g.account : g.price)->price;
  try {
    return Money::product(quantity, price);
  } catch (const ModelError&) {
    const SourceLocation where = g.first.file.empty() ? SourceLocation{source, 0, 0, "usage_quantity"} : g.first;
    throw InputError(where, "the cost of " + quantity.to_string() + " " + g.usage_unit + " of " + g.sku_name + " at " +
                                price.to_string() + " in period " + period + " passes " + kMoneyRange +
                                ": check the usage quantities");
  }
}

// A charge at list price, to the cent: a direct charge is its group's list cost; a part of spread
// spend is its billed cents scaled by the group's list/billed cost.
Money list_cost_of(const Charge& c, const UsageGroup& g) {
  if (!g.account) return c.cost;
  const Money list = Money::product(g.quantity, g.price->price);
  if (c.allocated_from.empty()) return list.round_to_cents();
  const Money billed = Money::product(g.quantity, g.account->price);
  if (billed.micros() == 0) return Money();
  return Money::product(c.cost.to_decimal(), Decimal::from_int(1), list.micros(), billed.micros()).round_to_cents();
}

}  // namespace

SharedMode parse_shared_mode(const std::string& text) {
  if (text == "proportional") return SharedMode::Proportional;
  if (text == "even") return SharedMode::Even;
  if (text == "weights") return SharedMode::Weights;
  if (text == "none") return SharedMode::None;
  throw InputError({"", 0, 0, "--shared"}, "expected proportional, even, weights or none, got '" + text + "'");
}

const char* shared_mode_name(SharedMode mode) {
  switch (mode) {
    case SharedMode::Proportional:
      return "proportional";
    case SharedMode::Even:
      return "even";
    case SharedMode::Weights:
      return "weights";
    case SharedMode::None:
      return "none";
  }
  return "?";
}

TeamWeights TeamWeights::load(const std::string& path) { return from_csv(read_file(path), path); }

TeamWeights TeamWeights::from_csv(const std::string& text, const std::string& file_name) {
  enum : unsigned { kTeam, kWeight, kPeriod };
  CsvColumns<3> csv(file_name, text, {"team", "weight", "period"}, {true, true, false});
  TeamWeights w;
  w.source = file_name;
  while (csv.next()) {
    const std::string team(csv.get(kTeam));
    if (team.empty()) csv.fail(kTeam, "empty team");
    if (is_reserved_team(team)) csv.fail(kTeam, "'" + team + "' is a reserved name");
    const auto weight = Decimal::parse(csv.get(kWeight));
    if (!weight || weight->is_negative())
      csv.fail(kWeight, "expected a non-negative number, got '" + std::string(csv.get(kWeight)) + "'");
    const std::string period(csv.get(kPeriod));
    if (w.by_period_[period].count(team)) csv.fail(kTeam, "team '" + team + "' appears twice for this period");
    w.add(period, team, *weight);
  }
  return w;
}

void TeamWeights::add(const std::string& period, const std::string& team, Decimal weight) {
  by_period_[period][team] = weight;
}

const std::map<std::string, Decimal>* TeamWeights::for_period(const std::string& period) const {
  auto it = by_period_.find(period);
  if (it == by_period_.end()) it = by_period_.find("");
  return it == by_period_.end() ? nullptr : &it->second;
}

std::vector<std::int64_t> apportion(std::int64_t total, const std::vector<__int128>& numerators, __int128 denominator) {
  if (denominator == 0) throw std::invalid_argument("apportion: zero denominator");
  const std::size_t n = numerators.size();
  if (n == 0) {
    if (total != 0) throw std::invalid_argument("apportion: a non-zero total needs at least one part");
    return {};
  }
  const int sign = denominator < 0 ? -1 : 1;
  const __int128 den = denominator * sign;
  std::vector<std::int64_t> parts(n);
  std::vector<__int128> remainder(n);
  __int128 given = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const __int128 num = numerators[i] * sign;
    const __int128 q = floor_div128(num, den);
    parts[i] = static_cast<std::int64_t>(q);
    remainder[i] = num - q * den;
    given += q;
  }
  __int128 left = total - given;
  if (left > static_cast<__int128>(n) || left < -static_cast<__int128>(n))
    throw std::logic_error("apportion: the parts do not add up to the total");
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  if (left > 0) {
    std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return remainder[a] > remainder[b]; });
    for (std::size_t k = 0; left > 0; ++k, --left) ++parts[order[k % n]];
  } else if (left < 0) {
    std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return remainder[a] < remainder[b]; });
    for (std::size_t k = 0; left < 0; ++k, ++left) --parts[order[k % n]];
  }
  return parts;
}

std::string format_dbus(Decimal d) {
  constexpr __int128 kStep = 1'000'000'000'000LL;  // 10^-6 in 18-decimal units
  __int128 q = d.raw() / kStep;
  const __int128 r = d.raw() % kStep;
  if ((r < 0 ? -r : r) * 2 >= kStep) q += d.raw() < 0 ? -1 : 1;
  return Decimal::from_raw(q * kStep).to_string();
}

namespace {

// One period and currency: the teams' rows, priced group by group, and the period's total.
struct PeriodSums {
  std::map<std::string, RowSum> rows;
  PeriodTotal total;
};

PeriodSums sum_period(const UsageLedger& ledger, const std::vector<std::size_t>& group_ids, std::int64_t period_key,
                      const std::string& label, const std::string& currency) {
  PeriodSums s{{}, PeriodTotal{period_key, label, currency, Money{}, Money{}, Decimal{}}};
  __int128 exact = 0;
  for (const std::size_t gi : group_ids) {
    const UsageGroup& g = ledger.groups[gi];
    RowSum& r = s.rows[g.team];
    const __int128 micros = group_cost(g, g.quantity, ledger.source, label).micros();
    r.groups.push_back(gi);
    r.micros.push_back(micros);
    r.total += micros;
    exact += micros;
    if (g.usage_unit == "DBU") {
      r.dbus += g.quantity;
      r.idle_dbus += g.idle_quantity;
      s.total.dbus += g.quantity;
    }
    if (!g.idle_quantity.is_zero()) r.idle_cost += group_cost(g, g.idle_quantity, ledger.source, label);
  }
  if (exact > INT64_MAX || exact < INT64_MIN)
    throw InputError({ledger.source, 0, 0, "usage_quantity"}, "the cost of period " + label + " (" + currency +
                                                                  ") passes " + kMoneyRange +
                                                                  ": check the usage quantities of that period");
  s.total.exact = Money::from_micros(static_cast<std::int64_t>(exact));
  s.total.billed = s.total.exact.round_to_cents();
  return s;
}

// The billed total apportioned to the rows by their exact cost, in cents.
std::map<std::string, Money> direct_costs(const std::map<std::string, RowSum>& rows, Money billed) {
  std::vector<std::string> names;
  std::vector<__int128> row_micros;
  for (const auto& [team, r] : rows) {
    names.push_back(team);
    row_micros.push_back(r.total);
  }
  const auto direct = apportion(billed.cents(), row_micros, Money::kMicrosPerCent);
  std::map<std::string, Money> direct_of;
  for (std::size_t i = 0; i < names.size(); ++i) direct_of[names[i]] = Money::from_cents(direct[i]);
  return direct_of;
}

// What the shared and unallocated rows cost directly: their cents, groups and group costs.
struct SharedPool {
  std::int64_t cents = 0;
  std::vector<std::size_t> groups;
  std::vector<__int128> micros;
};

SharedPool shared_pool(const std::map<std::string, RowSum>& rows, const std::map<std::string, Money>& direct_of) {
  SharedPool pool;
  for (const auto& [team, r] : rows)
    if (is_pool(team)) {
      pool.cents += direct_of.at(team).cents();
      pool.groups.insert(pool.groups.end(), r.groups.begin(), r.groups.end());
      pool.micros.insert(pool.micros.end(), r.micros.begin(), r.micros.end());
    }
  return pool;
}

// Who carries the pool, and with what weights: the period's weights, or the other teams evenly
// or by their direct cost.
struct Recipients {
  std::vector<std::string> teams;
  std::vector<Money> money_weights;
  std::vector<Decimal> decimal_weights;
};

Recipients pool_recipients(const std::map<std::string, RowSum>& rows, const AllocationOptions& options,
                           const std::string& label) {
  Recipients out;
  if (options.mode == SharedMode::Weights) {
    const auto* w = options.weights.for_period(label);
    if (!w) throw InputError({options.weights.source, 0, 0, ""}, "no weights for period " + label);
    Decimal sum;
    for (const auto& [team, weight] : *w) {
      out.teams.push_back(team);
      out.decimal_weights.push_back(weight);
      sum += weight;
    }
    if (sum.is_zero())
      throw InputError({options.weights.source, 0, 0, "weight"}, "the weights for period " + label + " are all zero");
    return out;
  }
  for (const auto& [team, r] : rows) {
    if (is_pool(team)) continue;
    out.teams.push_back(team);
    out.money_weights.push_back(options.mode == SharedMode::Even
                                    ? Money::from_micros(1)
                                    : Money::from_micros(static_cast<std::int64_t>(std::max<__int128>(r.total, 0))));
  }
  return out;
}

// The pool's cents apportioned to the recipients by largest remainder; each recipient gets a row.
std::map<std::string, Money> spread_pool(const SharedPool& pool, const Recipients& to, SharedMode mode,
                                         std::map<std::string, RowSum>& rows) {
  std::map<std::string, Money> shared_of;
  const auto shares = mode == SharedMode::Weights
                          ? allocate_largest_remainder(Money::from_cents(pool.cents), to.decimal_weights)
                          : allocate_largest_remainder(Money::from_cents(pool.cents), to.money_weights);
  for (std::size_t i = 0; i < to.teams.size(); ++i) {
    shared_of[to.teams[i]] = shares[i];
    rows.try_emplace(to.teams[i]);
  }
  return shared_of;
}

// One line a team (the pool's rows too when nobody carries them), its direct cents charged to
// its own groups.
void add_team_lines(const PeriodSums& sums, const std::map<std::string, Money>& direct_of,
                    const std::map<std::string, Money>& shared_of, bool spread, Chargeback& cb) {
  for (const auto& [team, r] : sums.rows) {
    if (spread && is_pool(team)) continue;
    ChargebackLine line;
    line.period_key = sums.total.period_key;
    line.period = sums.total.period;
    line.team = team;
    line.currency = sums.total.currency;
    line.dbus = r.dbus;
    line.direct = direct_of.count(team) ? direct_of.at(team) : Money{};
    line.shared = shared_of.count(team) ? shared_of.at(team) : Money{};
    line.total = line.direct + line.shared;
    line.idle_dbus = r.idle_dbus;
    line.idle_cost = r.idle_cost.round_to_cents();
    cb.lines.push_back(line);
    if (r.groups.empty()) continue;
    const auto parts = apportion(line.direct.cents(), r.micros, Money::kMicrosPerCent);
    for (std::size_t k = 0; k < r.groups.size(); ++k)
      cb.charges.push_back({team, "", r.groups[k], Money::from_cents(parts[k])});
  }
}

// Each recipient's share charged to the pool's groups by their cost (evenly if they cost nothing).
void add_shared_charges(const UsageLedger& ledger, const SharedPool& pool, const Recipients& to,
                        const std::map<std::string, Money>& shared_of, Chargeback& cb) {
  const __int128 pool_total = std::accumulate(pool.micros.begin(), pool.micros.end(), static_cast<__int128>(0));
  for (const auto& team : to.teams) {
    const std::int64_t share = shared_of.at(team).cents();
    if (share == 0) continue;
    std::vector<__int128> num(pool.groups.size(), share);
    if (pool_total != 0)
      for (std::size_t k = 0; k < num.size(); ++k) num[k] = static_cast<__int128>(share) * pool.micros[k];
    const auto parts = apportion(share, num, pool_total != 0 ? pool_total : static_cast<__int128>(num.size()));
    for (std::size_t k = 0; k < pool.groups.size(); ++k)
      if (parts[k] != 0)
        cb.charges.push_back({team, ledger.groups[pool.groups[k]].team, pool.groups[k], Money::from_cents(parts[k])});
  }
}

SharedSpread shared_spread(const PeriodTotal& total, const std::map<std::string, Money>& direct_of,
                           const std::map<std::string, Money>& shared_of) {
  SharedSpread out{total.period, total.currency, {}, {}, {shared_of.begin(), shared_of.end()}};
  if (const auto it = direct_of.find(std::string(kSharedTeam)); it != direct_of.end()) out.shared = it->second;
  if (const auto it = direct_of.find(std::string(kUnallocatedTeam)); it != direct_of.end())
    out.unallocated = it->second;
  return out;
}

void allocate_period(const UsageLedger& ledger, const AllocationOptions& options, std::int64_t period_key,
                     const std::string& currency, const std::vector<std::size_t>& group_ids, Chargeback& cb) {
  const std::string label = period_label(ledger.period, period_key);
  try {
    PeriodSums sums = sum_period(ledger, group_ids, period_key, label, currency);
    const std::map<std::string, Money> direct_of = direct_costs(sums.rows, sums.total.billed);
    const SharedPool pool = shared_pool(sums.rows, direct_of);
    Recipients to;
    if (!pool.groups.empty() && options.mode != SharedMode::None) to = pool_recipients(sums.rows, options, label);
    const bool spread = !to.teams.empty();
    std::map<std::string, Money> shared_of;
    if (spread) shared_of = spread_pool(pool, to, options.mode, sums.rows);
    add_team_lines(sums, direct_of, shared_of, spread, cb);
    if (spread) {
      add_shared_charges(ledger, pool, to, shared_of, cb);
      cb.spreads.push_back(shared_spread(sums.total, direct_of, shared_of));
    }
    cb.totals.push_back(sums.total);
  } catch (const ModelError& e) {
    throw InputError({ledger.source, 0, 0, "usage_quantity"}, "period " + label + ": " + e.what());
  }
}

// Each charge's cost at list prices, summed on its team's line; the account prices' source.
void add_list_costs(const UsageLedger& ledger, Chargeback& cb) {
  std::map<std::tuple<std::int64_t, std::string, std::string>, Money> list_of;
  for (auto& c : cb.charges) {
    const UsageGroup& g = ledger.groups[c.group];
    c.list_cost = list_cost_of(c, g);
    list_of[{g.period, c.team, g.price->currency_code}] += c.list_cost;
    if (g.account) cb.account_prices = g.account->source;
  }
  for (auto& l : cb.lines) l.list_cost = list_of[{l.period_key, l.team, l.currency}];
}

// The DBUs without a price, one line a period (allowed with allow_unpriced).
void add_unpriced_lines(const UsageLedger& ledger, Chargeback& cb) {
  std::map<std::int64_t, Decimal> unpriced_dbus;
  for (const auto& u : ledger.unpriced) {
    auto& d = unpriced_dbus[u.period];
    if (u.usage_unit == "DBU") d += u.quantity;
  }
  for (const auto& [key, dbus] : unpriced_dbus) {
    ChargebackLine line;
    line.period_key = key;
    line.period = period_label(ledger.period, key);
    line.team = std::string(kUnpricedTeam);
    line.dbus = dbus;
    cb.lines.push_back(line);
  }
}

}  // namespace

Chargeback allocate_chargeback(UsageLedger ledger, const AllocationOptions& options) {
  if (!ledger.unpriced.empty() && !options.allow_unpriced) throw_unpriced(ledger);
  Chargeback cb;
  cb.mode = options.mode;
  std::map<std::pair<std::int64_t, std::string>, std::vector<std::size_t>> buckets;
  for (std::size_t i = 0; i < ledger.groups.size(); ++i)
    buckets[{ledger.groups[i].period, ledger.groups[i].price->currency_code}].push_back(i);
  for (const auto& [bucket, group_ids] : buckets)
    allocate_period(ledger, options, bucket.first, bucket.second, group_ids, cb);
  add_list_costs(ledger, cb);
  add_unpriced_lines(ledger, cb);
  std::stable_sort(cb.lines.begin(), cb.lines.end(), [](const ChargebackLine& a, const ChargebackLine& b) {
    return std::tie(a.period_key, a.team, a.currency) < std::tie(b.period_key, b.team, b.currency);
  });
  cb.ledger = std::move(ledger);
  return cb;
}

}  // namespace dbcost
