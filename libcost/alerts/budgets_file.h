// Monthly budgets per team from a CSV with the columns team,monthly_budget[,currency]: an amount
// as a plain decimal (up to 6 decimals, > 0) and an optional ISO 4217 code that must match the
// spend's currency (Databricks budgets are in USD,
// https://learn.microsoft.com/en-us/azure/databricks/admin/account-settings/budgets). Every error is located
// (file:line:column: column: what was expected).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/errors.h"
#include "money/money.h"

namespace dbcost {

struct TeamBudget {
  Money amount;
  std::string currency;           // "" = the spend's currency
  SourceLocation where;           // the team cell
  SourceLocation currency_where;  // the currency cell
};

using BudgetMap = std::map<std::string, TeamBudget>;

BudgetMap load_budgets(const std::string& path);
BudgetMap parse_budgets(std::string_view text, const std::string& file_name);

// Throws InputError at the budget's row for a team not in `teams` (with a did-you-mean) or a
// currency other than `currency`.
void check_budgets(const BudgetMap& budgets, const std::vector<std::string>& teams, const std::string& currency);

}  // namespace dbcost
