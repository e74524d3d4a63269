#include "core/text_escape.h"

#include "core/errors.h"

namespace dbcost {
namespace {

constexpr char kHex[] = "0123456789abcdef";

// The code point of the well-formed `n`-byte UTF-8 character at s[i].
char32_t code_point(std::string_view s, std::size_t i, std::size_t n) {
  const auto b = [&](std::size_t k) { return static_cast<char32_t>(static_cast<unsigned char>(s[i + k])); };
  if (n == 1) return b(0);
  if (n == 2) return (b(0) & 0x1F) << 6 | (b(1) & 0x3F);
  if (n == 3) return (b(0) & 0x0F) << 12 | (b(1) & 0x3F) << 6 | (b(2) & 0x3F);
  return (b(0) & 0x07) << 18 | (b(1) & 0x3F) << 12 | (b(2) & 0x3F) << 6 | (b(3) & 0x3F);
}

bool hidden_format(char32_t c) {
  return (c >= 0x80 && c <= 0x9F) || c == 0x2028 || c == 0x2029 || (c >= 0x202A && c <= 0x202E) ||
         (c >= 0x2066 && c <= 0x2069);
}

struct Step {
  std::size_t length;  // bytes of the character (or the stray byte) at the position
  bool escaped;
};

// The byte or character at s[i]: its length, and whether it is escaped; when it is and `out` is not
// null, its escape is appended to `out`.
Step step(std::string_view s, std::size_t i, Newlines newlines, std::string* out) {
  const unsigned char b = static_cast<unsigned char>(s[i]);
  if (b >= 0x20 && b < 0x7F) return {1, false};
  if (b < 0x80) {
    if (b == '\n' && newlines == Newlines::Keep) return {1, false};
    if (out) {
      switch (b) {
        case 0:
          *out += "\\0";
          break;
        case '\t':
          *out += "\\t";
          break;
        case '\n':
          *out += "\\n";
          break;
        case '\r':
          *out += "\\r";
          break;
        default:
          *out += "\\x";
          *out += kHex[b >> 4];
          *out += kHex[b & 15];
      }
    }
    return {1, true};
  }
  const std::size_t n = utf8_char_length(s, i);
  if (n == 0) {  // not UTF-8
    if (out) *out += std::string("\\x") + kHex[b >> 4] + kHex[b & 15];
    return {1, true};
  }
  const char32_t c = code_point(s, i, n);
  if (!hidden_format(c)) return {n, false};
  if (out) {
    *out += "\\u";
    for (int shift = 12; shift >= 0; shift -= 4) *out += kHex[(c >> shift) & 15];
  }
  return {n, true};
}

}  // namespace

bool needs_escape(std::string_view text, Newlines newlines) {
  for (std::size_t i = 0; i < text.size();) {
    const Step st = step(text, i, newlines, nullptr);
    if (st.escaped) return true;
    i += st.length;
  }
  return false;
}

std::string escape_controls(std::string_view text, Newlines newlines) {
  if (!needs_escape(text, newlines)) return std::string(text);
  std::string out;
  out.reserve(text.size() + 16);
  for (std::size_t i = 0; i < text.size();) {
    const Step st = step(text, i, newlines, &out);
    if (!st.escaped) out.append(text.substr(i, st.length));
    i += st.length;
  }
  return out;
}

}  // namespace dbcost
