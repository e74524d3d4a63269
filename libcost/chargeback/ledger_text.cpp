#include "chargeback/ledger_text.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <tuple>

#include "core/errors.h"

namespace dbcost {
namespace {

using nlohmann::json;

auto group_key(const UsageGroup& g) {
  return std::tie(g.period, g.team, g.workspace_id, g.sku_name, g.cloud, g.usage_unit, g.price);
}
auto unpriced_key(const UnpricedUsage& u) { return std::tie(u.period, u.sku_name, u.cloud, u.usage_unit); }

Decimal decimal_of(const json& v, const std::string& name) {
  const auto d = Decimal::parse(v.get<std::string>());
  if (!d) throw InputError({name, 0, 0, "quantity"}, "expected a decimal, got '" + v.get<std::string>() + "'");
  return *d;
}

}  // namespace

std::string ledger_to_text(const UsageLedger& l) {
  json groups = json::array(), unpriced = json::array();
  for (const auto& g : l.groups)
    groups.push_back({g.period, g.team, g.workspace_id, g.sku_name, g.cloud, g.usage_unit,
                      g.price ? json(g.price->start) : json(nullptr), g.quantity.to_string(),
                      g.idle_quantity.to_string(), g.records});
  for (const auto& u : l.unpriced)
    unpriced.push_back(
        {u.period, u.sku_name, u.cloud, u.usage_unit, u.quantity.to_string(), u.records, u.first.file, u.first.line});
  const json doc = {{"dbcost_ledger", 1},
                    {"source", l.source},
                    {"period", period_kind_name(l.period)},
                    {"counts", {l.counts.records, l.counts.original, l.counts.retraction, l.counts.restatement}},
                    {"accounts", l.account_ids},
                    {"has_idle", l.has_idle},
                    {"parts", l.parts},
                    {"groups", groups},
                    {"unpriced", unpriced}};
  return doc.dump();
}

UsageLedger ledger_from_text(std::string_view text, const std::string& name, const PriceBook& prices) {
  UsageLedger l;
  try {
    const json doc = json::parse(text);
    if (!doc.contains("dbcost_ledger")) throw InputError({name, 0, 0, ""}, "not a dbcost usage ledger");
    l.source = doc.at("source").get<std::string>();
    l.period = parse_period_kind(doc.at("period").get<std::string>(), "period");
    const auto& c = doc.at("counts");
    l.counts = {c.at(0).get<std::uint64_t>(), c.at(1).get<std::uint64_t>(), c.at(2).get<std::uint64_t>(),
                c.at(3).get<std::uint64_t>()};
    if (doc.contains("accounts")) l.account_ids = doc.at("accounts").get<std::vector<std::string>>();
    l.has_idle = doc.at("has_idle").get<bool>();
    l.parts = doc.at("parts").get<unsigned>();
    for (const auto& g : doc.at("groups")) {
      UsageGroup u;
      u.period = g.at(0).get<std::int64_t>();
      u.team = g.at(1).get<std::string>();
      u.workspace_id = g.at(2).get<std::string>();
      u.sku_name = g.at(3).get<std::string>();
      u.cloud = g.at(4).get<std::string>();
      u.usage_unit = g.at(5).get<std::string>();
      if (!g.at(6).is_null()) {
        const auto start = g.at(6).get<UnixSeconds>();
        u.price = prices.find(u.sku_name, u.cloud, u.usage_unit, start);
        if (!u.price || u.price->start != start)
          throw InputError({name, 0, 0, "price"}, "the price book has no " + u.sku_name + " " + u.cloud + " " +
                                                      u.usage_unit + " row starting at " + format_timestamp_utc(start) +
                                                      "; read every ledger with the same prices");
      }
      u.quantity = decimal_of(g.at(7), name);
      u.idle_quantity = decimal_of(g.at(8), name);
      u.records = g.at(9).get<std::uint64_t>();
      l.groups.push_back(std::move(u));
    }
    for (const auto& x : doc.at("unpriced")) {
      UnpricedUsage u;
      u.period = x.at(0).get<std::int64_t>();
      u.sku_name = x.at(1).get<std::string>();
      u.cloud = x.at(2).get<std::string>();
      u.usage_unit = x.at(3).get<std::string>();
      u.quantity = decimal_of(x.at(4), name);
      u.records = x.at(5).get<std::uint64_t>();
      u.first.file = x.at(6).get<std::string>();
      u.first.line = x.at(7).get<std::size_t>();
      l.unpriced.push_back(std::move(u));
    }
  } catch (const json::exception& e) {
    throw InputError({name, 0, 0, ""}, std::string("not a dbcost usage ledger: ") + e.what());
  }
  return l;
}

UsageLedger merge_ledgers(std::vector<UsageLedger> parts) {
  if (parts.empty()) throw ModelError("no usage ledgers to merge");
  UsageLedger out;
  out.period = parts.front().period;
  out.parts = 0;
  for (auto& p : parts) {
    if (p.period != out.period) throw ModelError("usage ledgers with different periods cannot be merged");
    out.source += (out.source.empty() ? "" : ", ") + p.source;
    out.counts.records += p.counts.records;
    out.counts.original += p.counts.original;
    out.counts.retraction += p.counts.retraction;
    out.counts.restatement += p.counts.restatement;
    out.account_ids.insert(out.account_ids.end(), p.account_ids.begin(), p.account_ids.end());
    out.has_idle = out.has_idle || p.has_idle;
    out.parts += p.parts;
    std::move(p.groups.begin(), p.groups.end(), std::back_inserter(out.groups));
    std::move(p.unpriced.begin(), p.unpriced.end(), std::back_inserter(out.unpriced));
  }
  auto by_price_start = [](const UsageGroup& a, const UsageGroup& b) {
    const auto ka = std::tie(a.period, a.team, a.workspace_id, a.sku_name, a.cloud, a.usage_unit);
    const auto kb = std::tie(b.period, b.team, b.workspace_id, b.sku_name, b.cloud, b.usage_unit);
    if (ka != kb) return ka < kb;
    const UnixSeconds sa = a.price ? a.price->start : kBeginningOfTime,
                      sb = b.price ? b.price->start : kBeginningOfTime;
    return sa < sb;
  };
  std::sort(out.account_ids.begin(), out.account_ids.end());
  out.account_ids.erase(std::unique(out.account_ids.begin(), out.account_ids.end()), out.account_ids.end());
  std::stable_sort(out.groups.begin(), out.groups.end(), by_price_start);
  std::vector<UsageGroup> groups;
  for (auto& g : out.groups) {
    if (!groups.empty() && group_key(groups.back()) == group_key(g)) {
      groups.back().quantity = groups.back().quantity + g.quantity;
      groups.back().idle_quantity = groups.back().idle_quantity + g.idle_quantity;
      groups.back().records += g.records;
    } else {
      groups.push_back(std::move(g));
    }
  }
  out.groups = std::move(groups);
  std::stable_sort(out.unpriced.begin(), out.unpriced.end(),
                   [](const UnpricedUsage& a, const UnpricedUsage& b) { return unpriced_key(a) < unpriced_key(b); });
  std::vector<UnpricedUsage> unpriced;
  for (auto& u : out.unpriced) {
    if (!unpriced.empty() && unpriced_key(unpriced.back()) == unpriced_key(u)) {
      unpriced.back().quantity = unpriced.back().quantity + u.quantity;
      unpriced.back().records += u.records;
    } else {
      unpriced.push_back(std::move(u));
    }
  }
  out.unpriced = std::move(unpriced);
  return out;
}

}  // namespace dbcost
