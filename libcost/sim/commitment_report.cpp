#include "sim/commitment_report.h"

#include <cmath>
#include <map>

namespace dbcost {

namespace {

Money money_of(double v) { return Money::from_micros(std::llround(v * static_cast<double>(Money::kMicrosPerUnit))); }

std::string discounts_text(const Discounts& d) {
  std::string out = "DBUs at list less " + d.dbu_percent.to_string() + "%";
  if (!d.sku_percent.empty()) {
    out += " (";
    bool first = true;
    for (const auto& [sku, s] : d.sku_percent) {
      out += (first ? "" : ", ") + sku + " " + s.percent.to_string() + "%";
      first = false;
    }
    out += ")";
  }
  return out;
}

}  // namespace

bool prices_apart(const Scenario& sc) {
  return sc.discounts.any() || sc.pricing->account_prices.has_value() || !sc.commitments.empty();
}

std::vector<std::string> pricing_notes(const Scenario& sc) {
  std::vector<std::string> out;
  if (!prices_apart(sc)) return out;
  const auto& d = sc.discounts;
  std::string billed = "billed prices: ";
  if (sc.pricing->account_prices) {
    const auto& rows = sc.pricing->account_prices->rows();
    billed += "DBUs at the account prices of " + (rows.empty() ? std::string("(empty)") : rows.front().source) +
              " where they cover the SKU, else " + discounts_text(d);
  } else {
    billed += discounts_text(d);
  }
  billed += "; on-demand VMs less " + d.vm_percent.to_string() + "%; spot VMs at the spot price" +
            (d.spot_vm_percent.is_zero() ? ", undiscounted (reservations and savings plans do not cover spot)"
                                         : " less " + d.spot_vm_percent.to_string() + "%");
  out.push_back(billed + "; dbu_list_cost is the same DBUs at list price");
  for (const auto& c : sc.commitments)
    out.push_back("commitment " + c.kind + " " + c.amount.format_exact() + " from " + c.start_label() + " for " +
                  std::to_string(c.term_years) + (c.term_years == 1 ? " year" : " years") +
                  ": drawn down at DBU list price by the mean monthly DBU list cost over trials; the cost tables "
                  "are pay-as-you-go, before the pre-purchase");
  return out;
}

std::vector<MonthListCost> monthly_dbu_costs(const SimResult& r, const Scenario& sc) {
  const double list_total = r.dbu_list_cost.size() ? r.dbu_list_cost.colwise().mean().sum() : 0;
  const double billed_total = r.dbu_cost.size() ? r.dbu_cost.colwise().mean().sum() : 0;
  const double ratio = list_total > 0 ? billed_total / list_total : 1;
  std::map<std::pair<int, int>, double> by_month;
  for (Eigen::Index day = 0; day < r.daily_dbu_list_cost.cols(); ++day) {
    // A period day's noon places it in its local month whatever the daylight-saving offset.
    const CivilTime c = unix_to_civil(sc.start + day * 86400 + 43200, sc.zone);
    by_month[{c.year, c.month}] += r.daily_dbu_list_cost.col(day).mean();
  }
  std::vector<MonthListCost> out;
  for (const auto& [ym, list] : by_month) out.push_back({ym.first, ym.second, money_of(list), money_of(list * ratio)});
  return out;
}

Table drawdown_table(const std::vector<DrawdownRow>& rows) {
  Table t({{"month"},
           {"in_term"},
           {"dbu_list_cost", true, true},
           {"balance_before", true, true},
           {"drawn", true, true},
           {"balance_after", true, true},
           {"overage_list", true, true},
           {"overage_billed", true, true},
           {"expired", true, true}});
  for (const auto& row : rows)
    t.add_row({row.month, row.in_term ? "yes" : "no", row.list_cost.format_exact(), row.balance_before.format_exact(),
               row.drawn.format_exact(), row.balance_after.format_exact(), row.overage_list.format_exact(),
               row.overage_billed.format_exact(), row.expired.format_exact()});
  return t;
}

Table commitment_table(const SimResult& r, const Scenario& sc) {
  if (sc.commitments.empty()) return Table();
  return drawdown_table(dbcu_drawdown(sc.commitments.front(), monthly_dbu_costs(r, sc)));
}

}  // namespace dbcost
