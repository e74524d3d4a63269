// Control characters made visible, for text shown on a terminal or a Markdown page: a tag value,
// a job name or a file name with ESC in it must not recolour, move the cursor or retitle the
// terminal, and one with a newline must not start a line of its own in a table.
//
//   NUL -> \0, tab -> \t, LF -> \n, CR -> \r, other C0 controls and DEL -> \xNN (ESC -> \x1b),
//   C1 controls U+0080-U+009F -> \u0080 ... \u009f, the bidirectional overrides, embeddings and
//   isolates (U+202A-U+202E, U+2066-U+2069) and U+2028/U+2029 -> \u202e ..., bytes that are not
//   UTF-8 -> \xNN.
// Every other character passes unchanged, so UTF-8 text ("équipe", "数据") reads as it is. A
// backslash is not doubled: the escapes are for reading, JSON output holds the exact text.
#pragma once

#include <string>
#include <string_view>

namespace dbcost {

enum class Newlines {
  Escape,  // a value: a line break is shown as \n
  Keep,    // a whole multi-line text: line breaks stay, every other control is escaped
};

// `text` with its control characters escaped; escaping twice gives the same text.
std::string escape_controls(std::string_view text, Newlines newlines = Newlines::Escape);
// True when escape_controls would change `text`.
bool needs_escape(std::string_view text, Newlines newlines = Newlines::Escape);

}  // namespace dbcost
