// Reading named CSV columns with locations, over fast-cpp-csv-parser (<libfccp/csv.h>).
//
// Columns are found by header name in any order; extra columns are ignored; a missing required
// column is an error naming the file and the column. Every cell can say where it came from
// (file:line:column, the column being its 1-based position in the header) so readers built on
// this report errors the way the rest of dbcost does. Quoted fields follow RFC 4180 on one
// line; a UTF-8 byte-order mark and CRLF line ends are accepted.
#pragma once

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wstringop-truncation"
#include <libfccp/csv.h>
#pragma GCC diagnostic pop
#else
#include <libfccp/csv.h>
#endif

#include <array>
#include <string>
#include <string_view>
#include <utility>

#include "core/errors.h"

namespace dbcost {

namespace detail {
// Header column names of `text` (first line), unquoted.
std::vector<std::string> csv_header(std::string_view text);
std::string_view strip_bom(std::string_view text);
[[noreturn]] void rethrow_csv_error(const std::string& file, const ::io::error::base& e);
}  // namespace detail

template <unsigned N>
class CsvColumns {
 public:
  using Reader = ::io::CSVReader<N, ::io::trim_chars<' ', '\t'>, ::io::double_quote_escape<',', '"'>>;

  CsvColumns(std::string file, std::string_view text, const std::array<const char*, N>& names,
             const std::array<bool, N>& required)
      : file_(std::move(file)), text_(detail::strip_bom(text)) {
    require_utf8(text_, file_);
    const auto header = detail::csv_header(text_);
    if (header.empty()) throw InputError({file_, 1, 1, ""}, "empty file: expected a CSV header line");
    for (unsigned i = 0; i < N; ++i) {
      names_[i] = names[i];
      for (std::size_t h = 0; h < header.size(); ++h)
        if (header[h] == names[i]) header_pos_[i] = h + 1;
      if (required[i] && header_pos_[i] == 0)
        throw InputError({file_, 1, 0, names[i]}, "missing column '" + std::string(names[i]) + "' in the header");
    }
    try {
      reader_ = std::make_unique<Reader>(file_, text_.data(), text_.data() + text_.size());
      read_header(std::make_index_sequence<N>{});
    } catch (const ::io::error::base& e) {
      detail::rethrow_csv_error(file_, e);
    }
  }

  bool next() {
    try {
      for (auto& c : cells_) c = nullptr;
      return read(std::make_index_sequence<N>{});
    } catch (const ::io::error::base& e) {
      detail::rethrow_csv_error(file_, e);
    }
  }

  bool has(unsigned i) const { return header_pos_[i] != 0; }
  // The cell, or "" when the column is absent.
  std::string_view get(unsigned i) const { return cells_[i] ? std::string_view(cells_[i]) : std::string_view(); }
  unsigned line() const { return reader_->get_file_line(); }
  SourceLocation where(unsigned i) const { return {file_, line(), header_pos_[i], names_[i]}; }
  [[noreturn]] void fail(unsigned i, const std::string& message) const { throw InputError(where(i), message); }
  const std::string& file() const { return file_; }

 private:
  template <std::size_t... I>
  void read_header(std::index_sequence<I...>) {
    reader_->read_header(::io::ignore_extra_column | ::io::ignore_missing_column, names_[I]...);
  }
  template <std::size_t... I>
  bool read(std::index_sequence<I...>) {
    return reader_->read_row(cells_[I]...);
  }

  std::string file_;
  std::string_view text_;
  std::array<std::string, N> names_;
  std::array<std::size_t, N> header_pos_{};
  std::array<char*, N> cells_{};
  std::unique_ptr<Reader> reader_;
};

}  // namespace dbcost
