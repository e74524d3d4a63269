#include "io/table.h"

#include <algorithm>
#include <stdexcept>

#include "core/text_escape.h"

namespace dbcost {

void Table::add_row(std::vector<std::string> cells) {
  if (cells.size() != columns_.size()) throw std::logic_error("Table::add_row: wrong number of cells");
  rows_.push_back(std::move(cells));
}

std::string Table::to_text() const {
  std::vector<std::string> head;
  for (const auto& col : columns_) head.push_back(escape_controls(col.name));
  std::vector<std::vector<std::string>> shown;
  shown.reserve(rows_.size());
  for (const auto& r : rows_) {
    std::vector<std::string> cells;
    cells.reserve(r.size());
    for (const auto& cell : r) cells.push_back(escape_controls(cell));
    shown.push_back(std::move(cells));
  }
  std::vector<std::size_t> width(columns_.size());
  for (std::size_t c = 0; c < columns_.size(); ++c) {
    width[c] = head[c].size();
    for (const auto& r : shown) width[c] = std::max(width[c], r[c].size());
  }
  auto line = [&](const std::vector<std::string>& cells) {
    std::string out;
    for (std::size_t c = 0; c < cells.size(); ++c) {
      const std::string pad(width[c] - cells[c].size(), ' ');
      if (c) out += "  ";
      out += columns_[c].numeric ? pad + cells[c] : cells[c] + (c + 1 == cells.size() ? "" : pad);
    }
    return out + "\n";
  };
  std::string out = line(head);
  std::vector<std::string> rule;
  for (auto w : width) rule.emplace_back(w, '-');
  out += line(rule);
  for (const auto& r : shown) out += line(r);
  return out;
}

std::string Table::to_csv(const RenderOptions& options) const {
  const CsvFormulas formulas = options.csv_formulas();
  std::string out;
  for (std::size_t c = 0; c < columns_.size(); ++c) out += (c ? "," : "") + csv_cell(columns_[c].name, formulas);
  out += "\n";
  for (const auto& r : rows_) {
    for (std::size_t c = 0; c < r.size(); ++c) out += (c ? "," : "") + csv_cell(r[c], formulas);
    out += "\n";
  }
  return out;
}

std::string Table::to_markdown() const {
  auto esc = [](const std::string& s) {
    std::string o;
    for (char ch : escape_controls(s)) {
      if (ch == '|') o += '\\';
      o += ch;
    }
    return o;
  };
  std::string out = "|";
  for (const auto& col : columns_) out += " " + esc(col.name) + " |";
  out += "\n|";
  for (const auto& col : columns_) out += col.numeric ? " ---: |" : " --- |";
  out += "\n";
  for (const auto& r : rows_) {
    out += "|";
    for (const auto& cell : r) out += " " + esc(cell) + " |";
    out += "\n";
  }
  return out;
}

nlohmann::json Table::to_json() const {
  nlohmann::json arr = nlohmann::json::array();
  for (const auto& r : rows_) {
    nlohmann::json obj = nlohmann::json::object();
    for (std::size_t c = 0; c < r.size(); ++c) {
      if (!columns_[c].numeric) {
        obj[columns_[c].name] = r[c];
      } else if (r[c].empty()) {
        obj[columns_[c].name] = nullptr;
      } else {
        obj[columns_[c].name] = nlohmann::json::parse(r[c]);
      }
    }
    arr.push_back(std::move(obj));
  }
  return arr;
}

std::string Table::render(const std::string& format, const RenderOptions& options) const {
  if (format == "table") return to_text();
  if (format == "csv") return to_csv(options);
  if (format == "md") return to_markdown();
  if (format == "json") return to_json().dump(2) + "\n";
  throw std::invalid_argument("unknown format '" + format + "'");
}

}  // namespace dbcost
