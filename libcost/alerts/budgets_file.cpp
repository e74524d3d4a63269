#include "alerts/budgets_file.h"

#include <cctype>

#include "io/atomic_file.h"
#include "io/csv_reader.h"

namespace dbcost {

BudgetMap load_budgets(const std::string& path) { return parse_budgets(read_file(path), path); }

BudgetMap parse_budgets(std::string_view text, const std::string& file_name) {
  enum : unsigned { kTeam, kBudget, kCurrency };
  CsvColumns<3> csv(file_name, text, {"team", "monthly_budget", "currency"}, {true, true, false});
  BudgetMap budgets;
  while (csv.next()) {
    const std::string team(csv.get(kTeam));
    if (team.empty()) csv.fail(kTeam, "empty team");
    if (budgets.count(team)) csv.fail(kTeam, "team '" + team + "' appears twice");
    const std::string amount(csv.get(kBudget));
    const auto money = Money::parse(amount);
    if (!money || money->micros() <= 0)
      csv.fail(kBudget, "expected an amount above zero such as 25000 or 25000.00, got '" + amount + "'");
    const std::string currency(csv.get(kCurrency));
    const bool code = currency.size() == 3 && std::isupper(static_cast<unsigned char>(currency[0])) &&
                      std::isupper(static_cast<unsigned char>(currency[1])) &&
                      std::isupper(static_cast<unsigned char>(currency[2]));
    if (!currency.empty() && !code) csv.fail(kCurrency, "expected a currency code such as USD, got '" + currency + "'");
    budgets[team] = {*money, currency, csv.where(kTeam), csv.where(kCurrency)};
  }
  return budgets;
}

void check_budgets(const BudgetMap& budgets, const std::vector<std::string>& teams, const std::string& currency) {
  for (const auto& [team, b] : budgets) {
    bool known = false;
    for (const auto& t : teams) known = known || t == team;
    if (!known) {
      std::string list;
      for (const auto& t : teams) {
        if (!list.empty()) list += ", ";
        list += t;
      }
      std::string message = "no spend for team '" + team + "'";
      message += did_you_mean(team, teams);
      if (!list.empty()) message += "; teams: " + list;
      throw InputError(b.where, message);
    }
    if (!b.currency.empty() && b.currency != currency) {
      throw InputError(b.currency_where, "budget in " + b.currency + " but the spend is in " + currency);
    }
  }
}

}  // namespace dbcost
