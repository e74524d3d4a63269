// Writing CSV cells (RFC 4180) for the reports dbcost writes, with formula-like cells neutralised
// as the OWASP "CSV Injection" cheat sheet advises: a spreadsheet runs a cell that starts with
// =, +, -, @, a tab or a carriage return as a formula, and names, tags and job names come from
// users' exports. Such a cell is written with a single quote in front ("'=HYPERLINK(...)"), and
// quoted. A cell that is a plain number (optional sign, digits, optional decimal part, optional
// exponent: -12.50, +3, -1e5) is a number, not a formula, and is written as it is.
#pragma once

#include <string>
#include <string_view>

namespace dbcost {

enum class CsvFormulas {
  Neutralise,  // formula-like cells get a leading ' (reports: the default)
  Raw,         // cells as they are (data files read back by dbcost or by code; --raw-csv)
};

// Optional sign, one or more digits, optionally '.' and one or more digits, optionally e/E, an
// optional sign and one or more digits.
bool is_plain_number(std::string_view cell);
// Starts with =, +, -, @, tab or CR and is not a plain number.
bool is_formula_like(std::string_view cell);
// One cell: a formula-like cell prefixed with ' (unless Raw); quoted, quotes doubled, when it holds a
// comma, a quote, CR or LF, or was neutralised.
std::string csv_cell(std::string_view cell, CsvFormulas formulas = CsvFormulas::Neutralise);

}  // namespace dbcost
