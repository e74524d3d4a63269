// A report table: named columns, string cells, rendered as an aligned text table, CSV, Markdown
// or JSON. Columns marked numeric are right-aligned and written as JSON numbers; cells are
// already formatted (money to cents, quantities exactly), so every format shows the same figures.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace dbcost {

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

  std::string to_text() const;
  std::string to_csv() const;
  std::string to_markdown() const;
  nlohmann::json to_json() const;  // array of objects, numeric cells as numbers ("" as null)
  // One of table|csv|md|json.
  std::string render(const std::string& format) const;

 private:
  std::vector<Column> columns_;
  std::vector<std::vector<std::string>> rows_;
};

std::string csv_escape(const std::string& cell);

}  // namespace dbcost
