// The hot path's CSV pieces for system.billing.usage exports: splitting one record into raw cells,
// reading a cell's text (undoing doubled quotes only in the cells that are read), and exact
// quantities without going through a string.
//
// A record is one line (RFC 4180 quoting with "" inside quoted cells; CRLF accepted). Exports write
// struct and map columns as JSON, whose strings escape newlines, so a quoted cell never spans lines;
// one that does is reported as not closed. Lines are read 64 bytes at a time: bit masks of quotes,
// commas and newlines (the first newline ends the line), a prefix XOR of the quote bits marks what
// is inside quotes, and the commas outside are the cell boundaries. The same masks check the
// quoting of the whole line: an opening quote must start a cell (or follow a closing quote, making a
// "" pair) and a closing quote must end one. The bytes' top bits, from the same loads, tell an
// all-ASCII line (most are), whose UTF-8 needs no further check. The cells are counted with popcnt
// where the processor has it (chosen at run time; the build does not require it).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "money/decimal.h"

namespace dbcost {

struct CsvCell {
  std::string_view raw;  // as written, quotes included
  bool quoted = false;   // raw is "...", "" pairs inside
};

enum class CsvScanStatus { Ok, TooFewFields, QuoteNotClosed, BadQuote };

struct CsvScan {
  const char* next = nullptr;  // the start of the following line
  CsvScanStatus status = CsvScanStatus::Ok;
  unsigned column = 0;  // 0-based cell where a problem was found
  unsigned fields = 0;  // cells on the line (when status is Ok)
  bool ascii = true;    // no byte of the line is 0x80 or above (when status is Ok)
};

// A scanned line: cell i spans [ends[i - 1] + 1, ends[i]) from begin (from 0 for the first).
struct CsvLine {
  const char* begin = nullptr;
  std::vector<std::uint32_t> ends;

  CsvCell cell(unsigned i) const {
    const std::uint32_t from = i == 0 ? 0 : ends[i - 1] + 1;
    const std::string_view raw(begin + from, ends[i] - from);
    return {raw, !raw.empty() && raw.front() == '"'};
  }
};

// Splits the line starting at `p` into its first `count` cells (line.ends must hold as many); `end`
// is the end of the buffer. The cells after `count` are checked but not kept.
CsvScan scan_csv_line(const char* p, const char* end, unsigned count, CsvLine& line);

std::string_view csv_trim(std::string_view s);

// The cell's text: unquoted cells without surrounding spaces; quoted cells without their quotes,
// "" pairs undone in `buffer` when there are any.
std::string_view csv_unquote(const CsvCell& cell, std::string& buffer);
inline std::string_view csv_text(const CsvCell& cell, std::string& buffer) {
  if (cell.quoted) return csv_unquote(cell, buffer);
  const std::string_view s = cell.raw;
  if (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.back() == ' ' || s.back() == '\t')) return csv_trim(s);
  return s;
}

// The content of a cell holding JSON, its quotes left doubled when the cell is quoted, for
// JsonFields::scan(text, doubled).
struct CsvContent {
  std::string_view text;
  bool doubled = false;
};
inline CsvContent csv_content(const CsvCell& cell) {
  if (cell.quoted) return {cell.raw.substr(1, cell.raw.size() - 2), true};
  return {csv_trim(cell.raw), false};
}

// Decimal::parse for plain decimals ("-259.295800000000000000") without allocating; anything else
// (exponents, more than 18 decimals) goes to Decimal::parse, so the result is always the same.
std::optional<Decimal> parse_quantity(std::string_view text);

}  // namespace dbcost
