// Usage ledgers that travel: a ledger read on one machine (one usage file each) written as JSON
// text and read back against the same price book, and ledgers merged exactly (Decimal sums), so a
// chargeback over many files read in many places equals the one a single process reading every
// file would give. Groups are keyed by (period, team, workspace, SKU, cloud, unit, price row); the
// price row travels as its start time and is found again in the book.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "chargeback/usage_reader.h"

namespace dbcost {

std::string ledger_to_text(const UsageLedger& ledger);
// Throws InputError naming `name` when the text is not a ledger or a price row is not in `prices`.
UsageLedger ledger_from_text(std::string_view text, const std::string& name, const PriceBook& prices);
// Sums the parts' groups, unpriced usage and record counts; the parts must share a period kind.
UsageLedger merge_ledgers(std::vector<UsageLedger> parts);

}  // namespace dbcost
