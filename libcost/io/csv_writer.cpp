#include "io/csv_writer.h"

namespace dbcost {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Skips the digits at s[i...]; false when there are none.
bool digits(std::string_view s, std::size_t& i) {
  const std::size_t from = i;
  while (i < s.size() && is_digit(s[i])) ++i;
  return i > from;
}

}  // namespace

bool is_plain_number(std::string_view s) {
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  if (!digits(s, i)) return false;
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (!digits(s, i)) return false;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (!digits(s, i)) return false;
  }
  return i == s.size();
}

bool is_formula_like(std::string_view s) {
  if (s.empty()) return false;
  switch (s.front()) {
    case '=':
    case '+':
    case '-':
    case '@':
    case '\t':
    case '\r':
      return !is_plain_number(s);
    default:
      return false;
  }
}

std::string csv_cell(std::string_view cell, CsvFormulas formulas) {
  const bool neutralise = formulas == CsvFormulas::Neutralise && is_formula_like(cell);
  if (!neutralise && cell.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(cell);
  std::string out;
  out.reserve(cell.size() + 3);
  out += '"';
  if (neutralise) out += '\'';
  for (char c : cell) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

}  // namespace dbcost
