#include "chargeback/chargeback_report.h"

#include <algorithm>

#include "chargeback/focus.h"
#include "core/text_escape.h"

namespace dbcost {
namespace {

std::string count(std::uint64_t n, const char* noun) { return std::to_string(n) + " " + noun + (n == 1 ? "" : "s"); }

constexpr std::size_t kSpreadTeamsShown = 10;

// "spread 2026-03: 19.59 USD (shared 18.60, unallocated 0.99) over 4 teams: data-eng 8.58, ml 7.28, ..."
// with the largest shares first, the smallest beyond kSpreadTeamsShown summed as "N more".
std::string spread_line(const SharedSpread& s) {
  auto teams = s.teams;
  std::stable_sort(teams.begin(), teams.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  std::string out = "spread " + s.period + ": " + (s.shared + s.unallocated).format_cents() + " " +
                    escape_controls(s.currency) + " (shared " + s.shared.format_cents() + ", unallocated " +
                    s.unallocated.format_cents() + ") over " + count(teams.size(), "team") + ":";
  Money rest;
  for (std::size_t i = 0; i < teams.size(); ++i) {
    if (i < kSpreadTeamsShown)
      out += (i ? ", " : " ") + escape_controls(teams[i].first) + " " + teams[i].second.format_cents();
    else
      rest += teams[i].second;
  }
  if (teams.size() > kSpreadTeamsShown)
    out += ", " + std::to_string(teams.size() - kSpreadTeamsShown) + " more " + rest.format_cents();
  return out + "\n";
}

}  // namespace

Table chargeback_table(const Chargeback& cb) {
  std::vector<Column> cols = {{"period"},
                              {"team"},
                              {"dbus", true, true},
                              {"direct_cost", true, true},
                              {"shared_cost", true, true},
                              {"total_cost", true, true},
                              {"currency"}};
  const bool with_list = !cb.account_prices.empty();
  if (with_list) cols.push_back({"list_cost", true, true});
  if (cb.ledger.has_idle) {
    cols.push_back({"idle_dbus", true, true});
    cols.push_back({"idle_cost", true, true});
  }
  Table t(cols);
  for (const auto& l : cb.lines) {
    std::vector<std::string> row = {l.period,
                                    l.team,
                                    format_dbus(l.dbus),
                                    l.direct.format_cents(),
                                    l.shared.format_cents(),
                                    l.total.format_cents(),
                                    l.currency};
    if (with_list) row.push_back(l.list_cost.format_cents());
    if (cb.ledger.has_idle) {
      row.push_back(format_dbus(l.idle_dbus));
      row.push_back(l.idle_cost.format_cents());
    }
    t.add_row(std::move(row));
  }
  return t;
}

nlohmann::ordered_json chargeback_json(const Chargeback& cb) {
  nlohmann::ordered_json j;
  j["period_kind"] = period_kind_name(cb.ledger.period);
  j["shared"] = shared_mode_name(cb.mode);
  const auto& c = cb.ledger.counts;
  j["records"] = {
      {"total", c.records}, {"original", c.original}, {"retraction", c.retraction}, {"restatement", c.restatement}};
  j["totals"] = nlohmann::ordered_json::array();
  for (const auto& t : cb.totals)
    j["totals"].push_back({{"period", t.period},
                           {"currency", t.currency},
                           {"dbus", format_dbus(t.dbus)},
                           {"total_cost", t.billed.format_cents()},
                           {"exact_cost", t.exact.format_exact()}});
  j["rows"] = nlohmann::ordered_json::array();
  for (const auto& l : cb.lines) {
    nlohmann::ordered_json row = {{"period", l.period},
                                  {"team", l.team},
                                  {"dbus", format_dbus(l.dbus)},
                                  {"direct_cost", l.direct.format_cents()},
                                  {"shared_cost", l.shared.format_cents()},
                                  {"total_cost", l.total.format_cents()},
                                  {"currency", l.currency}};
    if (!cb.account_prices.empty()) row["list_cost"] = l.list_cost.format_cents();
    if (cb.ledger.has_idle) {
      row["idle_dbus"] = format_dbus(l.idle_dbus);
      row["idle_cost"] = l.idle_cost.format_cents();
    }
    j["rows"].push_back(std::move(row));
  }
  j["unpriced"] = nlohmann::ordered_json::array();
  for (const auto& u : cb.ledger.unpriced)
    j["unpriced"].push_back({{"period", period_label(cb.ledger.period, u.period)},
                             {"sku_name", u.sku_name},
                             {"cloud", u.cloud},
                             {"usage_unit", u.usage_unit},
                             {"quantity", u.quantity.to_string()},
                             {"records", u.records}});
  j["spread"] = nlohmann::ordered_json::array();
  for (const auto& sp : cb.spreads) {
    nlohmann::ordered_json teams = nlohmann::ordered_json::array();
    for (const auto& [team, share] : sp.teams) teams.push_back({{"team", team}, {"shared_cost", share.format_cents()}});
    j["spread"].push_back({{"period", sp.period},
                           {"currency", sp.currency},
                           {"shared", sp.shared.format_cents()},
                           {"unallocated", sp.unallocated.format_cents()},
                           {"total", (sp.shared + sp.unallocated).format_cents()},
                           {"teams", std::move(teams)}});
  }
  return j;
}

std::string chargeback_summary(const Chargeback& cb) {
  const auto& c = cb.ledger.counts;
  std::string out = "usage: " + escape_controls(cb.ledger.source) + " (" + count(c.records, "record");
  if (c.retraction + c.restatement > 0)
    out += ", netting " + count(c.retraction, "retraction") + " and " + count(c.restatement, "restatement");
  out += ")\n";
  out += std::string("shared and unallocated spend: ") +
         (cb.mode == SharedMode::Proportional ? "spread in proportion to direct cost"
          : cb.mode == SharedMode::Even       ? "spread evenly over the teams"
          : cb.mode == SharedMode::Weights    ? "spread by the weights file"
                                              : "kept in their own rows") +
         "\n";
  for (const auto& t : cb.totals)
    out += "bill " + t.period + ": " + t.billed.format_cents() + " " + escape_controls(t.currency) + " (" +
           format_dbus(t.dbus) + " DBU)\n";
  for (const auto& sp : cb.spreads) out += spread_line(sp);
  if (!cb.ledger.unpriced.empty()) out += "unpriced usage is shown as (unpriced), with no cost\n";
  if (!cb.account_prices.empty())
    out += "billed at the account prices of " + cb.account_prices +
           " where they cover the SKU, else at list prices; list_cost is the same usage at list prices\n";
  return out;
}

std::string render_chargeback(const Chargeback& cb, const std::string& format, const std::string& team_tag,
                              const RenderOptions& options) {
  if (format == "focus") return focus_csv(cb, team_tag, options);
  if (format == "json") return chargeback_json(cb).dump(2) + "\n";
  const Table t = chargeback_table(cb);
  if (format == "csv") return t.to_csv(options);
  const std::string summary = escape_controls(chargeback_summary(cb), Newlines::Keep);
  if (format == "md") return summary + "\n" + t.to_markdown();
  return summary + "\n" + t.to_text();
}

}  // namespace dbcost
