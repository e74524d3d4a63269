// The error types dbcost raises. Every message says where, then what:
//   scenarios/etl.yaml:14:7: jobs.etl.new_cluster.node_type_id: unknown node type 'X' (did you mean 'Y'?)
// Messages quote values from the input, so their control characters are escaped when the error is
// made (core/text_escape.h: ESC as \x1b, a newline as \n): a message is one line and safe to print.
// InputError is bad input (CLI exit code 2); ModelError is a model that cannot be evaluated as
// asked (also exit 2: the input asked for it); anything else is an internal failure (exit 3).
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace dbcost {

struct SourceLocation {
  std::string file;        // "" when the input did not come from a file
  std::size_t line = 0;    // 1-based; 0 = unknown
  std::size_t column = 0;  // 1-based; 0 = unknown
  std::string field;       // dotted path or column name; "" when not applicable

  std::string to_string() const;
};

class InputError : public std::runtime_error {
 public:
  InputError(SourceLocation where, const std::string& what);
  // The location as given (file and field unescaped); what() and reason() are escaped.
  const SourceLocation& where() const { return where_; }
  const std::string& reason() const { return reason_; }

 private:
  SourceLocation where_;
  std::string reason_;
};

class ModelError : public std::runtime_error {
 public:
  explicit ModelError(const std::string& what);
};

// Throws an InputError at the line and column (in bytes, 1-based) of the first byte of `text` that
// is not part of a well-formed UTF-8 character (RFC 3629: no overlong forms, no surrogates).
void require_utf8(std::string_view text, const std::string& file);
// The offset of the first byte of `text` that is not part of a well-formed UTF-8 character, or npos;
// ASCII runs are checked eight bytes at a time.
std::size_t utf8_invalid_at(std::string_view text);
// The length of the well-formed UTF-8 character at text[i] (1 to 4 bytes), or 0 when none starts there.
std::size_t utf8_char_length(std::string_view text, std::size_t i);
// "not UTF-8 text: byte 0xFF does not start a valid UTF-8 character (...)".
std::string utf8_error_message(unsigned char byte);

// Up to `limit` candidates closest to `word` by edit distance (case-insensitive), best first,
// only those close enough to be plausible typos.
std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace dbcost
