// The streaming reader of a system.billing.usage CSV export that every reader of usage builds on
// (chargeback's sums, calibration's records through usage/record_reader.h, alerts through
// chargeback): the header matched against the columns a reader wants, then the lines of blocks from
// a BlockSource (io/byte_source.h) split into cells, one record per line.
//
// - Columns are found by name in any order; extra columns are ignored; a column given twice is an
//   error. A missing required column is an error naming it and why it is needed.
// - Each line is checked whole: its quoting (usage/usage_csv.h), UTF-8, and at most as many fields
//   as the header; only the wanted cells are kept. Empty lines are skipped but counted.
// - Errors inside a line are UsageRowError, with the line counted from the scanner's first line, so
//   that parts of a file read in parallel can be numbered when they are put together;
//   UsageRowError::at turns one into the InputError file:line:column: column: what.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/errors.h"
#include "usage/json_fields.h"
#include "usage/usage_csv.h"

namespace dbcost {

struct UsageRowError {
  std::uint64_t line = 0;
  std::size_t column = 0;  // 1-based
  std::string field;
  std::string message;

  // `lines_before`: lines of the file before the scanner's first (1 for the header).
  InputError at(const std::string& file, std::uint64_t lines_before) const {
    return InputError({file, lines_before + line, column, field}, message);
  }
};

// A wanted column: its name and, when required, why (appended to the error; "" = no reason given).
struct WantedColumn {
  std::string_view name;
  const char* required_because = nullptr;  // nullptr: optional
};

class UsageHeader {
 public:
  // `header_line`: the file's first line (a byte-order mark and the line end are allowed).
  UsageHeader(std::string_view header_line, std::string file, std::span<const WantedColumn> wanted);

  const std::string& file() const { return file_; }
  const std::vector<std::string>& names() const { return names_; }
  bool has(unsigned wanted) const { return positions_[wanted] >= 0; }
  // 0-based position in the header of a column that is there.
  unsigned position(unsigned wanted) const { return static_cast<unsigned>(positions_[wanted]); }
  const int* positions() const { return positions_.data(); }  // by wanted column, -1 when absent
  const std::string& name(unsigned wanted) const { return wanted_names_[wanted]; }
  unsigned cells() const { return cells_; }  // cells a line is split into: up to the last wanted one

 private:
  std::string file_;
  std::vector<std::string> names_;
  std::vector<std::string> wanted_names_;
  std::vector<int> positions_;  // -1 when absent
  unsigned cells_ = 0;
};

class UsageLineScanner {
 public:
  explicit UsageLineScanner(const UsageHeader& header)
      : header_(header), pos_(header.positions()), cells_{nullptr, std::vector<std::uint32_t>(header.cells())} {}

  // Calls on_record() for each record in [p, end) (`end` ends a line), its cells ready.
  template <class OnRecord>
  void consume(const char* p, const char* end, OnRecord&& on_record) {
    while (p < end) {
      ++line_;
      if (*p == '\n') {
        ++p;
        continue;
      }
      if (*p == '\r' && (p + 1 == end || p[1] == '\n')) {
        p += p + 1 == end ? 1 : 2;
        continue;
      }
      const CsvScan s = scan_csv_line(p, end, header_.cells(), cells_);
      if (s.status != CsvScanStatus::Ok) fail_scan(s);
      if (!s.ascii) check_utf8(std::string_view(p, static_cast<std::size_t>(s.next - p)));
      if (s.fields > header_.names().size()) fail_fields(s.fields);
      on_record();
      p = s.next;
    }
  }

  std::uint64_t line() const { return line_; }  // the current line, 1 = the scanner's first
  // The next line consumed is numbered `line` (a block of a stream whose lines before it are counted).
  void number_next(std::uint64_t line) { line_ = line - 1; }

  bool has(unsigned wanted) const { return pos_[wanted] >= 0; }
  CsvCell cell(unsigned wanted) const { return cells_.cell(static_cast<unsigned>(pos_[wanted])); }
  // The cell's text; "" when the column is absent.
  std::string_view text(unsigned wanted, std::string& buffer) const {
    if (pos_[wanted] < 0) return {};
    return csv_text(cell(wanted), buffer);
  }
  // The cell's JSON read into `fields` (an absent column reads as empty); an error names the column.
  void json(unsigned wanted, JsonFields& fields) const {
    const CsvContent content = has(wanted) ? csv_content(cell(wanted)) : CsvContent{};
    if (!fields.scan(content.text, content.doubled)) fail(wanted, "expected a JSON object: " + fields.error());
  }
  [[noreturn]] void fail(unsigned wanted, std::string message) const;

 private:
  [[noreturn]] void fail_scan(const CsvScan& s) const;
  void check_utf8(std::string_view text) const {
    if (const std::size_t bad = utf8_invalid_at(text); bad != std::string_view::npos)
      throw UsageRowError{line_, bad + 1, "", utf8_error_message(static_cast<unsigned char>(text[bad]))};
  }
  [[noreturn]] void fail_fields(unsigned fields) const;

  const UsageHeader& header_;
  const int* pos_;
  CsvLine cells_;
  std::uint64_t line_ = 0;
};

}  // namespace dbcost
