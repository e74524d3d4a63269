#include "usage/usage_csv.h"

#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace dbcost {
namespace {

// Bit i of `quotes` / `commas` / `high` / `newlines` is set when byte i of the n (<= 64) bytes at p
// is a quote / a comma / not ASCII / a newline.
[[gnu::always_inline]] inline void block_masks(const char* p, std::size_t n, const char* buffer_end,
                                               std::uint64_t& quotes, std::uint64_t& commas, std::uint64_t& high,
                                               std::uint64_t& newlines) {
  alignas(16) char copy[64];
  if (static_cast<std::size_t>(buffer_end - p) < 64) {
    std::memset(copy, 0, sizeof copy);
    std::memcpy(copy, p, n);
    p = copy;
  }
#if defined(__SSE2__)
  const __m128i q = _mm_set1_epi8('"');
  const __m128i c = _mm_set1_epi8(',');
  const __m128i nl = _mm_set1_epi8('\n');
  const auto* v = reinterpret_cast<const __m128i*>(p);
  const __m128i v0 = _mm_loadu_si128(v), v1 = _mm_loadu_si128(v + 1), v2 = _mm_loadu_si128(v + 2),
                v3 = _mm_loadu_si128(v + 3);
  auto mask = [](__m128i a, __m128i b, __m128i cc, __m128i d, __m128i x) {
    const auto bits = [&](__m128i y) {
      return static_cast<std::uint64_t>(static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(y, x))));
    };
    return bits(a) | bits(b) << 16 | bits(cc) << 32 | bits(d) << 48;
  };
  const std::uint64_t mq = mask(v0, v1, v2, v3, q);
  const std::uint64_t mc = mask(v0, v1, v2, v3, c);
  const std::uint64_t mn = mask(v0, v1, v2, v3, nl);
  const auto sign = [](__m128i y) {
    return static_cast<std::uint64_t>(static_cast<std::uint32_t>(_mm_movemask_epi8(y)));
  };
  const std::uint64_t mh = sign(v0) | sign(v1) << 16 | sign(v2) << 32 | sign(v3) << 48;
#else
  std::uint64_t mq = 0, mc = 0, mh = 0, mn = 0;
  for (int k = 0; k < 64; ++k) {
    mq |= static_cast<std::uint64_t>(p[k] == '"') << k;
    mc |= static_cast<std::uint64_t>(p[k] == ',') << k;
    mn |= static_cast<std::uint64_t>(p[k] == '\n') << k;
    mh |= static_cast<std::uint64_t>(static_cast<unsigned char>(p[k]) >= 0x80) << k;
  }
#endif
  const std::uint64_t valid = n == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << n) - 1;
  quotes = mq & valid;
  commas = mc & valid;
  high = mh & valid;
  newlines = mn & valid;
}

// Bit i = XOR of bits 0..i: set from an opening quote up to (not including) its closing quote.
inline std::uint64_t prefix_xor(std::uint64_t x) {
  x ^= x << 1;
  x ^= x << 2;
  x ^= x << 4;
  x ^= x << 8;
  x ^= x << 16;
  x ^= x << 32;
  return x;
}

}  // namespace

std::string_view csv_trim(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  return s;
}

namespace {

// The start of the line after the one at p.
const char* next_line(const char* p, const char* end) {
  const auto* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
  return nl ? nl + 1 : end;
}

// scan_csv_line's body, compiled twice: with the popcnt instruction and without (a library call).
// kFindEnd: the line's end is found in the blocks as they are scanned; otherwise `len` (the line
// without its line end) and `next` are given.
template <bool kFindEnd>
[[gnu::always_inline]] inline CsvScan scan_line(const char* p, const char* end, std::size_t len, const char* next,
                                                unsigned count, CsvLine& line) {
  CsvScan out;
  if constexpr (kFindEnd) {
    len = static_cast<std::size_t>(end - p);
    next = end;
  }
  line.begin = p;
  std::uint32_t* ends = line.ends.data();
  unsigned col = 0;
  std::uint64_t inside = 0;         // all ones when the previous block ended inside quotes
  std::uint64_t boundary_in = 1;    // bit 0: the byte before this block ends a cell or a quote
  std::uint64_t pending_close = 0;  // bit 0: the previous block ended on a closing quote
  unsigned separators = 0;
  std::uint64_t high_bytes = 0;
  for (std::size_t off = 0; off < len; off += 64) {
    std::size_t n = std::min<std::size_t>(64, len - off);
    std::uint64_t quotes, commas, high, newlines;
    block_masks(p + off, n, end, quotes, commas, high, newlines);
    if constexpr (kFindEnd) {
      bool at_end = off + n == len;  // the end of the buffer: a last line without its newline
      if (newlines) {
        n = static_cast<std::size_t>(__builtin_ctzll(newlines));
        next = p + off + n + 1;
        at_end = true;
      } else if (!at_end && p[off + 63] == '\r') {  // maybe a CRLF across two blocks: scan knowing the end
        next = next_line(p + off, end);
        const char* line_end = next[-1] == '\n' ? next - 1 : next;
        if (line_end[-1] == '\r') --line_end;
        return scan_line<false>(p, end, static_cast<std::size_t>(line_end - p), next, count, line);
      }
      if (at_end) {
        if (n > 0 && p[off + n - 1] == '\r') --n;
        len = off + n;
        if (n == 0) break;
        const std::uint64_t valid = n == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << n) - 1;
        quotes &= valid;
        commas &= valid;
        high &= valid;
      }
    }
    high_bytes |= high;
    const std::uint64_t in_quotes = prefix_xor(quotes) ^ inside;
    inside = static_cast<std::uint64_t>(static_cast<std::int64_t>(in_quotes) >> 63);
    const std::uint64_t seps = commas & ~in_quotes;
    const std::uint64_t opening = quotes & in_quotes;
    const std::uint64_t closing = quotes & ~in_quotes;
    const std::uint64_t last = std::uint64_t{1} << (n - 1);
    // An opening quote follows a cell boundary or a closing quote; a closing quote precedes a cell
    // boundary, an opening quote (a "" pair) or the end of the line.
    std::uint64_t bad = opening & ~(((seps | closing) << 1) | boundary_in);
    bad |= closing & ~(((seps | opening) >> 1) | last);
    if (pending_close & ~(seps | opening)) bad |= 1;
    pending_close = n == 64 ? closing >> 63 : 0;
    boundary_in = (seps | closing) >> 63;
    if (bad) {
      const int at = __builtin_ctzll(bad);
      out.next = kFindEnd && next == end ? next_line(p + off, end) : next;
      out.status = CsvScanStatus::BadQuote;
      out.column = col + static_cast<unsigned>(__builtin_popcountll(seps & ((std::uint64_t{1} << at) - 1)));
      return out;
    }
    separators += static_cast<unsigned>(__builtin_popcountll(seps));
    if (col == count) continue;
    for (std::uint64_t s = seps; s != 0; s &= s - 1) {
      ends[col] = static_cast<std::uint32_t>(off) + static_cast<std::uint32_t>(__builtin_ctzll(s));
      if (++col == count) break;
    }
  }
  out.next = next;
  if (inside) {
    out.status = CsvScanStatus::QuoteNotClosed;
    out.column = col;
    return out;
  }
  out.fields = separators + 1;
  out.ascii = high_bytes == 0;
  if (col < count) {
    ends[col] = static_cast<std::uint32_t>(len);
    if (++col < count) {
      out.status = CsvScanStatus::TooFewFields;
      out.column = col;
    }
  }
  return out;
}

#if defined(__x86_64__) || defined(__i386__)
[[gnu::target("popcnt")]] CsvScan scan_line_popcnt(const char* p, const char* end, unsigned count, CsvLine& line) {
  return scan_line<true>(p, end, 0, nullptr, count, line);
}
#endif

CsvScan scan_line_portable(const char* p, const char* end, unsigned count, CsvLine& line) {
  return scan_line<true>(p, end, 0, nullptr, count, line);
}

using ScanLine = CsvScan (*)(const char*, const char*, unsigned, CsvLine&);

ScanLine pick_scan_line() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("popcnt")) return scan_line_popcnt;
#endif
  return scan_line_portable;
}

}  // namespace

CsvScan scan_csv_line(const char* p, const char* end, unsigned count, CsvLine& line) {
  static const ScanLine scan = pick_scan_line();
  return scan(p, end, count, line);
}

std::string_view csv_unquote(const CsvCell& cell, std::string& buffer) {
  const std::string_view inner = cell.raw.substr(1, cell.raw.size() - 2);
  if (!std::memchr(inner.data(), '"', inner.size())) return inner;
  if (buffer.size() < inner.size()) buffer.resize(inner.size());
  const char* q = inner.data();
  const char* e = q + inner.size();
  char* o = buffer.data();
  while (q < e) {
    const char c = *q++;
    q += c == '"';
    *o++ = c;
  }
  return std::string_view(buffer.data(), static_cast<std::size_t>(o - buffer.data()));
}

namespace {

bool eight_digits(std::uint64_t chunk) {
  return ((chunk & 0xF0F0F0F0F0F0F0F0ULL) | (((chunk + 0x0606060606060606ULL) & 0xF0F0F0F0F0F0F0F0ULL) >> 4)) ==
         0x3333333333333333ULL;
}

// The value of eight ASCII digits, first digit most significant (little-endian load).
std::uint32_t eight_digit_value(std::uint64_t chunk) {
  chunk -= 0x3030303030303030ULL;
  chunk = (chunk * 10) + (chunk >> 8);
  chunk = (((chunk & 0x000000FF000000FFULL) * (100 + (1000000ULL << 32))) +
           (((chunk >> 16) & 0x000000FF000000FFULL) * (1 + (10000ULL << 32)))) >>
          32;
  return static_cast<std::uint32_t>(chunk);
}

// Reads a run of digits; `value` wraps past 19 digits, which callers reject by `digits`.
const char* read_digits(const char* p, const char* e, std::uint64_t& value, int& digits) {
  while (e - p >= 8) {
    std::uint64_t chunk;
    std::memcpy(&chunk, p, 8);
    if (!eight_digits(chunk)) break;
    value = value * 100000000ULL + eight_digit_value(chunk);
    p += 8;
    digits += 8;
  }
  while (p < e && static_cast<unsigned>(*p - '0') < 10) {
    value = value * 10 + static_cast<unsigned>(*p++ - '0');
    ++digits;
  }
  return p;
}

constexpr std::uint64_t kPow10[19] = {1ULL,
                                      10ULL,
                                      100ULL,
                                      1000ULL,
                                      10000ULL,
                                      100000ULL,
                                      1000000ULL,
                                      10000000ULL,
                                      100000000ULL,
                                      1000000000ULL,
                                      10000000000ULL,
                                      100000000000ULL,
                                      1000000000000ULL,
                                      10000000000000ULL,
                                      100000000000000ULL,
                                      1000000000000000ULL,
                                      10000000000000000ULL,
                                      100000000000000000ULL,
                                      1000000000000000000ULL};

}  // namespace

std::optional<Decimal> parse_quantity(std::string_view s) {
  const char* p = s.data();
  const char* e = p + s.size();
  bool negative = false;
  if (p < e && (*p == '-' || *p == '+')) negative = *p++ == '-';
  std::uint64_t whole = 0, frac = 0;
  int whole_digits = 0, frac_digits = 0;
  p = read_digits(p, e, whole, whole_digits);
  if (p < e && *p == '.') p = read_digits(p + 1, e, frac, frac_digits);
  if (p != e || whole_digits > 18 || frac_digits > 18 || whole_digits + frac_digits == 0) return Decimal::parse(s);
  const __int128 raw = static_cast<__int128>(whole) * static_cast<__int128>(kPow10[18]) +
                       static_cast<__int128>(frac) * kPow10[18 - frac_digits];
  return Decimal::from_raw(negative ? -raw : raw);
}

}  // namespace dbcost
