#include "usage/json_fields.h"

#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace dbcost {
namespace {

constexpr int kMaxDepth = 64;

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool read_hex4(const char* p, const char* end, unsigned& out) {
  if (end - p < 4) return false;
  out = 0;
  for (int i = 0; i < 4; ++i) {
    const int d = hex_digit(p[i]);
    if (d < 0) return false;
    out = out * 16 + static_cast<unsigned>(d);
  }
  return true;
}

void append_utf8(std::string& s, unsigned cp) {
  if (cp < 0x80) {
    s += static_cast<char>(cp);
  } else if (cp < 0x800) {
    s += static_cast<char>(0xC0 | (cp >> 6));
    s += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    s += static_cast<char>(0xE0 | (cp >> 12));
    s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    s += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    s += static_cast<char>(0xF0 | (cp >> 18));
    s += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    s += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// The first quote, backslash or control character at or after p.
const char* string_stop(const char* p, const char* end) {
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i space_minus_one = _mm_set1_epi8(0x1F);
  while (end - p >= 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i control = _mm_cmpeq_epi8(_mm_max_epu8(v, space_minus_one), space_minus_one);
    const int mask =
        _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)), control));
    if (mask != 0) return p + __builtin_ctz(static_cast<unsigned>(mask));
    p += 16;
  }
#endif
  while (p < end && *p != '"' && *p != '\\' && static_cast<unsigned char>(*p) >= 0x20) ++p;
  return p;
}

bool is_digit(char c) { return static_cast<unsigned>(c - '0') < 10; }

const char* skip_ws(const char* p, const char* end) {
  while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) ++p;
  return p;
}

// A quote of the JSON text: one character, or two in a CSV cell's doubled form.
template <bool Doubled>
bool quote_at(const char* p, const char* end) {
  if constexpr (Doubled) return end - p >= 2 && p[0] == '"' && p[1] == '"';
  return p < end && *p == '"';
}
template <bool Doubled>
constexpr int kQuote = Doubled ? 2 : 1;

}  // namespace

JsonFields::JsonFields(std::vector<std::string> keys)
    : keys_(std::move(keys)), values_(keys_.size()), storage_(keys_.size()) {}

const char* JsonFields::fail(const std::string& what, const char* at) {
  error_ = what + " at character " + std::to_string(at - begin_ + 1);
  return nullptr;
}

// At an opening quote; returns the position after the closing one. Without escapes the value is a
// view of the text; with escapes it is decoded into `scratch`.
template <bool Doubled>
const char* JsonFields::string(const char* p, const char* end, std::string& scratch, std::string_view& out) {
  const char* open = p;
  if (!quote_at<Doubled>(p, end)) return fail("malformed CSV quoting: a quote that is not doubled", p);
  p += kQuote<Doubled>;
  const char* start = p;
  p = string_stop(p, end);
  if (p < end && *p == '"') {
    if (!quote_at<Doubled>(p, end)) return fail("malformed CSV quoting: a quote that is not doubled", p);
    out = std::string_view(start, static_cast<std::size_t>(p - start));
    return p + kQuote<Doubled>;
  }
  scratch.assign(start, p);
  while (true) {
    if (p >= end) return fail("unterminated string", open);
    const char ch = *p;
    if (ch == '"') {
      if (!quote_at<Doubled>(p, end)) return fail("malformed CSV quoting: a quote that is not doubled", p);
      out = scratch;
      return p + kQuote<Doubled>;
    }
    if (static_cast<unsigned char>(ch) < 0x20) return fail("control character in a string", p);
    if (ch != '\\') {
      const char* stop = string_stop(p, end);
      scratch.append(p, stop);
      p = stop;
      continue;
    }
    if (p + 1 >= end) return fail("unterminated escape", p);
    const char e = p[1];
    switch (e) {
      case '"':
        if (!quote_at<Doubled>(p + 1, end)) return fail("malformed CSV quoting: a quote that is not doubled", p + 1);
        scratch += '"';
        p += 1 + kQuote<Doubled>;
        continue;
      case '\\':
      case '/':
        scratch += e;
        break;
      case 'b':
        scratch += '\b';
        break;
      case 'f':
        scratch += '\f';
        break;
      case 'n':
        scratch += '\n';
        break;
      case 'r':
        scratch += '\r';
        break;
      case 't':
        scratch += '\t';
        break;
      case 'u': {
        unsigned cp;
        if (!read_hex4(p + 2, end, cp)) return fail("expected four hex digits after \\u", p);
        if (cp >= 0xDC00 && cp <= 0xDFFF) return fail("unpaired low surrogate", p);
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          unsigned low;
          if (end - p < 12 || p[6] != '\\' || p[7] != 'u' || !read_hex4(p + 8, end, low) || low < 0xDC00 ||
              low > 0xDFFF)
            return fail("unpaired high surrogate", p);
          cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          p += 6;
        }
        append_utf8(scratch, cp);
        p += 6;
        continue;
      }
      default:
        return fail("invalid escape", p);
    }
    p += 2;
  }
}

template <bool Doubled>
const char* JsonFields::skip_value(const char* p, const char* end, int depth) {
  if (depth > kMaxDepth) return fail("nesting too deep", p);
  if (p >= end) return fail("expected a value", p);
  const char ch = *p;
  if (ch == '"') {
    std::string_view ignored;
    return string<Doubled>(p, end, key_scratch_, ignored);
  }
  if (ch == '{' || ch == '[') {
    const char close = ch == '{' ? '}' : ']';
    p = skip_ws(p + 1, end);
    if (p < end && *p == close) return p + 1;
    while (true) {
      if (ch == '{') {
        if (!quote_at<Doubled>(p, end)) return fail("expected a string key", p);
        std::string_view ignored;
        if (!(p = string<Doubled>(p, end, key_scratch_, ignored))) return nullptr;
        p = skip_ws(p, end);
        if (!(p < end && *p == ':')) return fail("expected ':'", p);
        p = skip_ws(p + 1, end);
      }
      if (!(p = skip_value<Doubled>(p, end, depth + 1))) return nullptr;
      p = skip_ws(p, end);
      if (p < end && *p == ',') {
        p = skip_ws(p + 1, end);
        continue;
      }
      if (p < end && *p == close) return p + 1;
      return fail(ch == '{' ? "expected ',' or '}'" : "expected ',' or ']'", p);
    }
  }
  for (const char* word : {"true", "false", "null"}) {
    const std::size_t n = std::strlen(word);
    if (static_cast<std::size_t>(end - p) >= n && std::memcmp(p, word, n) == 0) return p + n;
  }
  const char* start = p;
  if (*p == '-') ++p;
  if (p < end && *p == '0') {
    ++p;
  } else if (p < end && is_digit(*p)) {
    while (p < end && is_digit(*p)) ++p;
  } else {
    return fail("expected a value", start);
  }
  if (p < end && *p == '.') {
    ++p;
    if (!(p < end && is_digit(*p))) return fail("expected a digit", p);
    while (p < end && is_digit(*p)) ++p;
  }
  if (p < end && (*p == 'e' || *p == 'E')) {
    ++p;
    if (p < end && (*p == '+' || *p == '-')) ++p;
    if (!(p < end && is_digit(*p))) return fail("expected a digit", p);
    while (p < end && is_digit(*p)) ++p;
  }
  return p;
}

template <bool Doubled>
bool JsonFields::scan_text(const char* p, const char* end) {
  p = skip_ws(p, end);
  if (p == end) return true;
  if (end - p >= 4 && std::memcmp(p, "null", 4) == 0) {
    p = skip_ws(p + 4, end);
    return p == end || fail("unexpected text after null", p);
  }
  if (*p != '{') return fail("expected a JSON object", p);
  p = skip_ws(p + 1, end);
  if (p < end && *p == '}') {
    ++p;
  } else {
    while (true) {
      if (!quote_at<Doubled>(p, end)) return fail("expected a string key", p);
      const char* key_at = p;
      std::string_view key;
      if (!(p = string<Doubled>(p, end, key_scratch_, key))) return false;
      std::size_t wanted = keys_.size();
      for (std::size_t i = 0; i < keys_.size(); ++i)
        if (keys_[i].size() == key.size() && std::memcmp(keys_[i].data(), key.data(), key.size()) == 0) {
          wanted = i;
          break;
        }
      p = skip_ws(p, end);
      if (!(p < end && *p == ':')) return fail("expected ':'", p);
      p = skip_ws(p + 1, end);
      if (wanted < keys_.size()) {
        if (seen_[wanted]) return fail("key '" + keys_[wanted] + "' appears twice", key_at);
        seen_[wanted] = 1;
      }
      if (wanted == keys_.size()) {
        if (!(p = skip_value<Doubled>(p, end, 1))) return false;
      } else if (p < end && *p == '"') {
        std::string_view v;
        if (!(p = string<Doubled>(p, end, storage_[wanted], v))) return false;
        values_[wanted] = v;
      } else {
        const char* start = p;
        if (!(p = skip_value<Doubled>(p, end, 1))) return false;
        const std::string_view literal(start, static_cast<std::size_t>(p - start));
        if (*start == '{' || *start == '[')
          return fail("expected a string, number or null for '" + keys_[wanted] + "', got " +
                          (*start == '{' ? "an object" : "an array"),
                      start);
        if (literal == "null")
          values_[wanted].reset();
        else
          values_[wanted] = literal;
      }
      p = skip_ws(p, end);
      if (p < end && *p == ',') {
        p = skip_ws(p + 1, end);
        continue;
      }
      if (p < end && *p == '}') {
        ++p;
        break;
      }
      return fail("expected ',' or '}'", p);
    }
  }
  p = skip_ws(p, end);
  return p == end || fail("unexpected text after the JSON object", p);
}

bool JsonFields::scan(std::string_view text, bool doubled_quotes) {
  for (auto& v : values_) v.reset();
  seen_.assign(keys_.size(), 0);
  error_.clear();
  begin_ = text.data();
  const char* end = text.data() + text.size();
  return doubled_quotes ? scan_text<true>(text.data(), end) : scan_text<false>(text.data(), end);
}

}  // namespace dbcost
