#include "pricing/commitments.h"

#include <cstdio>

#include "io/timestamp.h"

namespace dbcost {

namespace {

std::string month_label(int year, int month) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", year, month);
  return buf;
}

int month_index(int year, int month) { return year * 12 + (month - 1); }

// The billed price of `overage` list: pro rata to the month's billed and list DBU cost.
Money billed_part(Money overage, const MonthListCost& m) {
  if (overage.micros() == 0 || m.list_cost.micros() == 0) return Money();
  return Money::product(overage.to_decimal(), Decimal::from_int(1), m.billed_cost.micros(), m.list_cost.micros());
}

}  // namespace

std::string Commitment::start_label() const { return month_label(start_year, start_month) + "-01"; }

std::vector<DrawdownRow> dbcu_drawdown(const Commitment& c, const std::vector<MonthListCost>& months) {
  const int first = month_index(c.start_year, c.start_month);
  const int last = first + 12 * c.term_years - 1;
  Money balance = c.amount;
  std::vector<DrawdownRow> out;
  int previous = -1;
  for (const auto& m : months) {
    const int k = month_index(m.year, m.month);
    if (k <= previous) throw ModelError("months for a commitment drawdown must be in order, each once");
    previous = k;
    if (m.list_cost.micros() < 0 || m.billed_cost.micros() < 0)
      throw ModelError("a month's DBU cost cannot be negative (" + month_label(m.year, m.month) + ")");
    DrawdownRow r;
    r.month = month_label(m.year, m.month);
    r.list_cost = m.list_cost;
    r.in_term = k >= first && k <= last;
    if (r.in_term) {
      r.balance_before = balance;
      r.drawn = std::min(balance, m.list_cost);
      balance -= r.drawn;
      r.balance_after = balance;
      if (k == last) {
        r.expired = balance;
        balance = Money();
      }
    }
    r.overage_list = m.list_cost - r.drawn;
    r.overage_billed = billed_part(r.overage_list, m);
    out.push_back(r);
  }
  return out;
}

void read_commitment_start(const std::string& text, const SourceLocation& where, Commitment& into) {
  int y = 0, m = 0, d = 0;
  char tail = 0;
  const bool shape = text.size() == 10 && std::sscanf(text.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3;
  if (!shape || !days_from_civil_checked(y, static_cast<unsigned>(m), static_cast<unsigned>(d)))
    throw InputError(where, "expected a date YYYY-MM-DD, got '" + text + "'");
  if (d != 1)
    throw InputError(where,
                     "expected the first day of a month (the drawdown is kept by calendar month), got '" + text + "'");
  into.start_year = y;
  into.start_month = m;
}

}  // namespace dbcost
