#include "chargeback/whole_bill_report.h"

#include <map>

#include "chargeback/whole_bill_focus.h"
#include "core/text_escape.h"

namespace dbcost {
namespace {

constexpr std::array<const char*, kCostClasses> kCloudColumns = {"cloud_compute", "cloud_storage", "cloud_network",
                                                                 "cloud_other"};

std::string count(std::uint64_t n, const char* noun) { return std::to_string(n) + " " + noun + (n == 1 ? "" : "s"); }

// total / whole in percent to one decimal, half away from zero ("" when the whole is zero).
std::string share_of(Money total, Money whole) {
  if (whole.micros() == 0) return "";
  const __int128 num = static_cast<__int128>(total.micros()) * 1000;
  const __int128 den = whole.micros();
  __int128 q = num / den;
  const __int128 r = num % den;
  const __int128 twice = (r < 0 ? -r : r) * 2;
  const __int128 abs_den = den < 0 ? -den : den;
  if (twice >= abs_den) q += ((num < 0) != (den < 0)) ? -1 : 1;
  const bool negative = q < 0;
  const auto a = static_cast<std::int64_t>(negative ? -q : q);
  return std::string(negative ? "-" : "") + std::to_string(a / 10) + "." + std::to_string(a % 10);
}

std::map<std::pair<std::int64_t, std::string>, const WholeBillTotal*> totals_by_period(const WholeBill& bill) {
  std::map<std::pair<std::int64_t, std::string>, const WholeBillTotal*> out;
  for (const auto& t : bill.totals) out[{t.period_key, t.currency}] = &t;
  return out;
}

std::vector<std::string> money_cells(Decimal dbus, Money dbu, const std::array<Money, kCostClasses>& cloud, Money total,
                                     Money whole) {
  std::vector<std::string> cells = {format_dbus(dbus), dbu.format_cents()};
  Money cloud_total;
  for (const Money& m : cloud) {
    cells.push_back(m.format_cents());
    cloud_total += m;
  }
  cells.push_back(cloud_total.format_cents());
  cells.push_back(total.format_cents());
  cells.push_back(share_of(total, whole));
  return cells;
}

}  // namespace

Table whole_bill_table(const WholeBill& bill) {
  std::vector<Column> cols = {{"period"}};
  const auto key_columns = bill_view_columns(bill.view, bill.cluster_names);
  for (const auto& k : key_columns) cols.push_back({k});
  cols.push_back({"currency"});
  cols.push_back({"dbus", true, true});
  cols.push_back({"dbu_cost", true, true});
  for (const char* c : kCloudColumns) cols.push_back({c, true, true});
  cols.push_back({"cloud_cost", true, true});
  cols.push_back({"total_cost", true, true});
  cols.push_back({"share_pct", true, true});
  Table t(cols);
  const auto totals = totals_by_period(bill);
  struct Sum {
    Decimal dbus;
    Money dbu;
    std::array<Money, kCostClasses> cloud{};
  };
  std::map<std::pair<std::int64_t, std::string>, Sum> sums;
  auto add_total_row = [&](std::int64_t key, const std::string& currency) {
    const WholeBillTotal* w = totals.at({key, currency});
    const Sum& s = sums[{key, currency}];
    std::vector<std::string> row = {w->period, "(total)"};
    for (std::size_t i = 1; i < key_columns.size(); ++i) row.emplace_back();
    row.push_back(currency);
    const Money whole = w->whole();
    for (auto& c : money_cells(s.dbus, s.dbu, s.cloud, whole, whole)) row.push_back(std::move(c));
    t.add_row(std::move(row));
  };
  for (std::size_t i = 0; i < bill.rows.size(); ++i) {
    const WholeBillRow& r = bill.rows[i];
    const WholeBillTotal* w = totals.at({r.period_key, r.currency});
    std::vector<std::string> row = {r.period};
    for (const auto& k : r.key) row.push_back(k);
    row.push_back(r.currency);
    for (auto& c : money_cells(r.dbus, r.dbu, r.cloud, r.total(), w->whole())) row.push_back(std::move(c));
    t.add_row(std::move(row));
    Sum& s = sums[{r.period_key, r.currency}];
    s.dbus += r.dbus;
    s.dbu += r.dbu;
    for (std::size_t c = 0; c < kCostClasses; ++c) s.cloud[c] += r.cloud[c];
    const bool last = i + 1 == bill.rows.size() || bill.rows[i + 1].period_key != r.period_key ||
                      bill.rows[i + 1].currency != r.currency;
    if (last) add_total_row(r.period_key, r.currency);
  }
  return t;
}

nlohmann::ordered_json whole_bill_json(const WholeBill& bill) {
  nlohmann::ordered_json j;
  j["view"] = bill_view_name(bill.view);
  j["period_kind"] = period_kind_name(bill.dbu.ledger.period);
  j["shared"] = shared_mode_name(bill.dbu.mode);
  j["exports"] = nlohmann::ordered_json::array();
  for (const auto& e : bill.exports)
    j["exports"].push_back({{"file", e.file},
                            {"format", format_name(e.format)},
                            {"cost", cloud_amount_name(e.amount)},
                            {"lines", e.lines}});
  const auto& c = bill.counts;
  j["lines"] = {
      {"by_hour_usage", c.by_hour_usage}, {"by_period_usage", c.by_period_usage}, {"by_tags", c.by_tags},
      {"idle_pool", c.idle_pool},         {"unattributed", c.unattributed},       {"not_databricks", c.not_databricks},
      {"dbu_charges", c.dbu_charges}};
  j["totals"] = nlohmann::ordered_json::array();
  for (const auto& t : bill.totals)
    j["totals"].push_back({{"period", t.period},
                           {"currency", t.currency},
                           {"databricks", t.databricks.format_cents()},
                           {"cloud", t.cloud.format_cents()},
                           {"dbu_on_cloud", t.dbu_on_cloud.format_cents()},
                           {"attributed", t.attributed.format_cents()},
                           {"idle_pools", t.idle_pools.format_cents()},
                           {"unattributed", t.unattributed.format_cents()},
                           {"not_databricks", t.not_databricks.format_cents()},
                           {"whole", t.whole().format_cents()}});
  if (bill.counts.dbu_charges > 0)
    for (auto& t : j["totals"])
      t["dbu_drawdown"] =
          (*Money::parse(t["databricks"].get<std::string>()) - *Money::parse(t["dbu_on_cloud"].get<std::string>()))
              .format_cents();
  j["rows"] = whole_bill_table(bill).to_json();
  return j;
}

std::string whole_bill_summary(const WholeBill& bill) {
  const auto& counts = bill.dbu.ledger.counts;
  std::string out = "usage: " + bill.dbu.ledger.source + " (" + count(counts.records, "record") + ")\n";
  for (const auto& e : bill.exports)
    out += "cloud costs: " + e.file + " (" + std::string(format_name(e.format)) + ", " + count(e.lines, "line") + ", " +
           cloud_amount_name(e.amount) + " cost)\n";
  const auto& c = bill.counts;
  out += "cloud lines: " + std::to_string(c.by_hour_usage) + " split by their resource's usage in their hours, " +
         std::to_string(c.by_period_usage) + " by its usage in the period, " + std::to_string(c.by_tags) +
         " by their own tags, " + std::to_string(c.idle_pool) + " idle pool, " + std::to_string(c.unattributed) +
         " Databricks but unattributed, " + std::to_string(c.not_databricks) + " not Databricks, " +
         std::to_string(c.dbu_charges) + " DBU charges\n";
  out += std::string("shared and unallocated spend: ") +
         (bill.dbu.mode == SharedMode::Proportional ? "spread in proportion to direct DBU cost"
          : bill.dbu.mode == SharedMode::Even       ? "spread evenly over the teams"
          : bill.dbu.mode == SharedMode::Weights    ? "spread by the weights file"
                                                    : "kept in their own rows") +
         "\n";
  for (const auto& t : bill.totals) {
    out += "bills " + t.period + " " + t.currency + ": Databricks " + t.databricks.format_cents() + " + cloud " +
           t.cloud.format_cents();
    if (c.dbu_charges > 0) out += " - DBU charges on the cloud bill " + t.dbu_on_cloud.format_cents();
    out += " = whole " + t.whole().format_cents() + "; cloud: attributed " + t.attributed.format_cents() +
           ", idle pools " + t.idle_pools.format_cents() + ", Databricks unattributed " +
           t.unattributed.format_cents() + ", not Databricks " + t.not_databricks.format_cents() + "\n";
    if (c.dbu_charges > 0 && t.databricks != t.dbu_on_cloud)
      out += "  DBUs " + t.period + ": " + t.databricks.format_cents() + " at the usage's prices, " +
             t.dbu_on_cloud.format_cents() + " on the cloud bill: " + (t.databricks - t.dbu_on_cloud).format_cents() +
             " drawn from commitments (DBCU) or discounted\n";
  }
  return out;
}

std::string render_whole_bill(const WholeBill& bill, const std::string& format, const std::string& team_tag,
                              const RenderOptions& options) {
  if (format == "focus") return whole_bill_focus_csv(bill, team_tag, options);
  if (format == "json") return whole_bill_json(bill).dump(2) + "\n";
  const Table t = whole_bill_table(bill);
  if (format == "csv") return t.to_csv(options);
  const std::string summary = escape_controls(whole_bill_summary(bill), Newlines::Keep);
  if (format == "md") return summary + "\n" + t.to_markdown();
  return summary + "\n" + t.to_text();
}

}  // namespace dbcost
