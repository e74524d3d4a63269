// Largest-remainder allocation: split an exact total over non-negative weights so that the parts
// sum exactly to the total, in whole steps (a cent by default).
//
// Each part first gets floor(total * w_i / sum(w)) steps; the steps left over go one each to the
// parts with the largest remainders, ties to the lower index so the result is deterministic.
// Negative totals (credits) are split the same way by magnitude. All-zero weights split evenly.
#pragma once

#include <cstdint>
#include <vector>

#include "money/decimal.h"
#include "money/money.h"

namespace dbcost {

std::vector<Money> allocate_largest_remainder(Money total, const std::vector<Money>& weights,
                                              Money step = Money::from_cents(1));
std::vector<Money> allocate_largest_remainder(Money total, const std::vector<Decimal>& weights,
                                              Money step = Money::from_cents(1));
std::vector<std::int64_t> allocate_largest_remainder(std::int64_t total, const std::vector<__int128>& weights);
// An exact decimal split in steps of 10^-18 (a Decimal's last digit).
std::vector<Decimal> allocate_largest_remainder(Decimal total, const std::vector<Decimal>& weights);

}  // namespace dbcost
