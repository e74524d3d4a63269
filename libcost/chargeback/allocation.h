// From exact usage sums to the chargeback: per period and currency, the bill, each team's direct
// cost, and shared and unallocated spend spread over the teams by the rule the user picks.
//
// Money, per (period, currency):
//  - a group's cost is Money::product(quantity sum, price): exact, rounded once to a micro-unit; the
//    price is the group's account price when account prices cover it (billed), else its list price;
//    list_cost beside it takes the list price (a part of spread spend scaled by list/billed);
//  - the bill is the sum of the group costs, rounded to the cent (half away from zero);
//  - direct costs: the bill's cents are apportioned over the rows (each team, "(shared)",
//    "(unallocated)") by their exact costs: every row gets its exact cost rounded down to the cent
//    and the cents left go one each to the largest remainders, so the rows sum to the bill and no
//    row is a cent or more from its exact cost;
//  - shared costs: the cents of "(shared)" and "(unallocated)" are split over the teams with
//    allocate_largest_remainder, weighted by each team's exact direct cost (proportional; a net
//    credit weighs zero, and all-zero weights split evenly), equally over the teams with usage in
//    the period (even), or by a weights file (weights); with none they stay in their own rows, as
//    they also do in a period with no team to carry them.
// Hence the teams (and any kept rows) of a period sum to the bill exactly, under every rule.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "chargeback/usage_reader.h"
#include "money/money.h"

namespace dbcost {

enum class SharedMode { Proportional, Even, Weights, None };
SharedMode parse_shared_mode(const std::string& text);  // proportional|even|weights|none
const char* shared_mode_name(SharedMode mode);

// A weights file: columns team,weight and optionally period (a label such as 2026-03). A period
// with rows of its own uses them; other periods use the rows without a period.
class TeamWeights {
 public:
  static TeamWeights load(const std::string& path);
  static TeamWeights from_csv(const std::string& text, const std::string& file_name);
  void add(const std::string& period, const std::string& team, Decimal weight);
  const std::map<std::string, Decimal>* for_period(const std::string& period) const;
  bool empty() const { return by_period_.empty(); }
  std::string source;

 private:
  std::map<std::string, std::map<std::string, Decimal>> by_period_;  // "" = every period
};

struct AllocationOptions {
  SharedMode mode = SharedMode::Proportional;
  TeamWeights weights;
  bool allow_unpriced = false;
};

struct ChargebackLine {
  std::int64_t period_key = 0;
  std::string period;
  std::string team;
  std::string currency;
  Decimal dbus;  // usage_quantity of DBU-unit usage recorded against the row
  Money direct;  // cents
  Money shared;  // cents
  Money total;   // cents
  Decimal idle_dbus;
  Money idle_cost;  // cents, part of direct
  Money list_cost;  // cents: the line's charges at list price (= total without account prices)
};

struct PeriodTotal {
  std::int64_t period_key = 0;
  std::string period;
  std::string currency;
  Money exact;   // sum of the group costs, micro-units
  Money billed;  // cents
  Decimal dbus;
};

// A FOCUS-grained charge: a group's direct cost, or a team's part of a shared or unallocated group.
struct Charge {
  std::string team;
  std::string allocated_from;  // "" for direct cost; "(shared)" or "(unallocated)" when allocated
  std::size_t group = 0;       // index into ledger.groups
  Money cost;                  // cents, billed
  Money list_cost = {};        // cents, at list price (allocate_chargeback)
};

// The shared and unallocated spend of one period and currency, as spread over the teams that carry
// it (the pool's rows' direct cost; the shares sum to shared + unallocated).
struct SharedSpread {
  std::string period;
  std::string currency;
  Money shared;                                      // cents
  Money unallocated;                                 // cents
  std::vector<std::pair<std::string, Money>> teams;  // each carrier and its share in cents, by name
};

struct Chargeback {
  UsageLedger ledger;
  SharedMode mode = SharedMode::Proportional;
  std::vector<ChargebackLine> lines;  // sorted by period, team, currency
  std::vector<PeriodTotal> totals;    // sorted by period, currency
  std::vector<Charge> charges;        // grouped by period and currency, then by team
  std::string account_prices;         // the account_prices file that billed some usage, or ""
  std::vector<SharedSpread> spreads;  // the periods whose pool was spread, sorted by period, currency
};

// Throws InputError listing the SKUs without a price unless allow_unpriced (then each period with
// such usage gets a "(unpriced)" line with its DBUs and no cost).
Chargeback allocate_chargeback(UsageLedger ledger, const AllocationOptions& options);

// Integers summing to `total`, each within one unit of numerators[i] / denominator (whose sum
// should be within a unit of total): floors first, then the units left one each to the largest
// remainders (or taken from the smallest), ties to the lower index.
std::vector<std::int64_t> apportion(std::int64_t total, const std::vector<__int128>& numerators, __int128 denominator);

// A DBU figure to six decimals, half away from zero, trailing zeros dropped ("12.5", "0.000001").
std::string format_dbus(Decimal d);

}  // namespace dbcost
