// A report table: named columns, string cells, rendered as an aligned text table, CSV, Markdown
// or JSON. Columns marked numeric are right-aligned and written as JSON numbers; cells are
// already formatted (money to cents, quantities exactly), so every format shows the same figures.
// Cells hold values from users' files (tags, names), so the text table and Markdown show their
// control characters escaped (core/text_escape.h), and CSV neutralises formula-like cells
// (io/csv_writer.h) unless RenderOptions::raw_csv.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "io/csv_writer.h"

namespace dbcost {

// How reports are rendered; the CLI's --raw-csv sets raw_csv.
struct RenderOptions {
  // CSV cells as they are: a cell starting with =, +, -, @, tab or CR is not given a leading '.
  bool raw_csv = false;

  CsvFormulas csv_formulas() const { return raw_csv ? CsvFormulas::Raw : CsvFormulas::Neutralise; }
};

struct Column {
  std::string name;
  bool numeric = false;
  bool exact = false;  // counted, not simulated: money and quantities that must not pass through a double
};

class Table {
 public:
  Table() = default;
  explicit Table(std::vector<Column> columns) : columns_(std::move(columns)) {}
  void add_row(std::vector<std::string> cells);

  const std::vector<Column>& columns() const { return columns_; }
  const std::vector<std::vector<std::string>>& rows() const { return rows_; }

  std::string to_text() const;  // control characters in cells escaped
  std::string to_csv(const RenderOptions& options = {}) const;
  std::string to_markdown() const;  // control characters and | in cells escaped
  nlohmann::json to_json() const;   // array of objects, numeric cells as numbers ("" as null)
  // One of table|csv|md|json.
  std::string render(const std::string& format, const RenderOptions& options = {}) const;

 private:
  std::vector<Column> columns_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace dbcost
