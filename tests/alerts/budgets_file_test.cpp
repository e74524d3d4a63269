#include "alerts/budgets_file.h"

#include <gtest/gtest.h>

namespace dbcost {
namespace {

std::string error_of(const std::string& text, const std::vector<std::string>& teams = {"analytics", "bi"}) {
  try {
    check_budgets(parse_budgets(text, "budgets.csv"), teams, "USD");
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(BudgetsFileTest, ReadsAmountsExactly) {
  const auto b = parse_budgets("team,monthly_budget,currency\nanalytics,9000,USD\nbi,4000.5,\n", "budgets.csv");
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(b.at("analytics").amount, Money::from_cents(900000));
  EXPECT_EQ(b.at("bi").amount, Money::from_cents(400050));
  EXPECT_EQ(b.at("bi").currency, "");
  EXPECT_EQ(b.at("bi").where.line, 3u);
}

TEST(BudgetsFileTest, ErrorsSayWhereAndWhat) {
  EXPECT_EQ(error_of("team,monthly_budget\nanalytics,-5\n"),
            "budgets.csv:2:2: monthly_budget: expected an amount above zero such as 25000 or 25000.00, got '-5'");
  EXPECT_EQ(error_of("team,monthly_budget\nanalytics,1\nanalytics,2\n"),
            "budgets.csv:3:1: team: team 'analytics' appears twice");
  EXPECT_EQ(error_of("monthly_budget,team\n10,analytcs\n"),
            "budgets.csv:2:2: team: no spend for team 'analytcs' (did you mean 'analytics'?); teams: analytics, bi");
  EXPECT_EQ(error_of("team,monthly_budget,currency\nbi,10,EUR\n"),
            "budgets.csv:2:3: currency: budget in EUR but the spend is in USD");
  EXPECT_EQ(error_of("team,monthly_budget,currency\nbi,10,usd\n"),
            "budgets.csv:2:3: currency: expected a currency code such as USD, got 'usd'");
  EXPECT_EQ(error_of("team,budget\nbi,10\n"),
            "budgets.csv:1: monthly_budget: missing column 'monthly_budget' in the header");
}

}  // namespace
}  // namespace dbcost
