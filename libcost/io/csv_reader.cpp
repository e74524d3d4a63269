#include "io/csv_reader.h"

namespace dbcost::detail {

std::string_view strip_bom(std::string_view text) {
  if (text.size() >= 3 && static_cast<unsigned char>(text[0]) == 0xEF && static_cast<unsigned char>(text[1]) == 0xBB &&
      static_cast<unsigned char>(text[2]) == 0xBF)
    text.remove_prefix(3);
  return text;
}

std::vector<std::string> csv_header(std::string_view text) {
  std::vector<std::string> out;
  const auto end = text.find('\n');
  std::string_view line = text.substr(0, end);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (line.empty()) return out;
  std::string cell;
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        cell += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cell += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.push_back(cell);
      cell.clear();
    } else if (c != ' ' && c != '\t') {
      cell += c;
    }
  }
  out.push_back(cell);
  return out;
}

void rethrow_csv_error(const std::string& file, const ::io::error::base& e) {
  unsigned line = 0;
  if (const auto* fl = dynamic_cast<const ::io::error::with_file_line*>(&e); fl && fl->file_line > 0)
    line = static_cast<unsigned>(fl->file_line);
  std::string reason = "malformed CSV";
  if (dynamic_cast<const ::io::error::too_few_columns*>(&e)) reason = "malformed CSV: too few fields on this line";
  if (dynamic_cast<const ::io::error::too_many_columns*>(&e)) reason = "malformed CSV: too many fields on this line";
  if (dynamic_cast<const ::io::error::escaped_string_not_closed*>(&e))
    reason = "malformed CSV: a quoted field is not closed";
  if (dynamic_cast<const ::io::error::line_length_limit_exceeded*>(&e))
    reason = "malformed CSV: line longer than 16 MiB";
  if (dynamic_cast<const ::io::error::duplicated_column_in_header*>(&e))
    reason = "malformed CSV: a column appears twice in the header";
  if (dynamic_cast<const ::io::error::header_missing*>(&e)) reason = "empty file: expected a CSV header line";
  throw InputError({file, line, 0, ""}, reason);
}

}  // namespace dbcost::detail
