#include "usage/usage_lines.h"

#include <algorithm>

#include "io/csv_reader.h"

namespace dbcost {

UsageHeader::UsageHeader(std::string_view header_line, std::string file, std::span<const WantedColumn> wanted)
    : file_(std::move(file)), positions_(wanted.size(), -1) {
  names_ = detail::csv_header(detail::strip_bom(header_line));
  if (names_.empty() || (names_.size() == 1 && names_[0].empty()))
    throw InputError({file_, 1, 1, ""}, "empty file: expected a CSV header line");
  for (std::size_t c = 0; c < wanted.size(); ++c) {
    const std::string name(wanted[c].name);
    wanted_names_.push_back(name);
    for (std::size_t h = 0; h < names_.size(); ++h) {
      if (names_[h] != name) continue;
      if (positions_[c] >= 0)
        throw InputError({file_, 1, h + 1, name}, "malformed CSV: a column appears twice in the header");
      positions_[c] = static_cast<int>(h);
    }
    if (positions_[c] < 0 && wanted[c].required_because)
      throw InputError({file_, 1, 0, name}, "missing column '" + name + "' in the header" + wanted[c].required_because);
    if (positions_[c] >= 0) cells_ = std::max(cells_, static_cast<unsigned>(positions_[c]) + 1);
  }
}

void UsageLineScanner::fail(unsigned wanted, std::string message) const {
  throw UsageRowError{line_, header_.position(wanted) + std::size_t{1}, header_.name(wanted), std::move(message)};
}

void UsageLineScanner::fail_scan(const CsvScan& s) const {
  const char* what = s.status == CsvScanStatus::TooFewFields     ? "malformed CSV: too few fields on this line"
                     : s.status == CsvScanStatus::QuoteNotClosed ? "malformed CSV: a quoted field is not closed"
                                                                 : "malformed CSV: a quote inside a field that is not "
                                                                   "quoted, or text after a closing quote";
  const std::string field = s.column < header_.names().size() ? header_.names()[s.column] : "";
  throw UsageRowError{line_, s.column + std::size_t{1}, field, what};
}

void UsageLineScanner::fail_fields(unsigned fields) const {
  const std::size_t n = header_.names().size();
  throw UsageRowError{
      line_, n + 1, "",
      "malformed CSV: " + std::to_string(fields) + " fields on this line, the header has " + std::to_string(n)};
}

}  // namespace dbcost
