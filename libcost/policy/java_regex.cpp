#include "policy/java_regex.h"

#include <re2/re2.h>

#include <cstdint>
#include <utility>

namespace dbcost {
namespace {

// A repetition count longer than this is refused with its own message: RE2 reads a longer count, or
// one with a leading zero, as literal text (Java reads a number, or refuses the pattern).
constexpr std::size_t kMaxRegexNumberDigits = 9;
// The memory RE2 may use for one compiled pattern (and its matching cache); a pattern needing more
// is refused ("pattern too large"), rather than exhausting memory.
constexpr std::int64_t kMaxRegexMemory = 4 << 20;

// `text`, or its first `limit` bytes (not cutting a UTF-8 character) and its length: patterns, and
// RE2's messages that quote them, appear in errors.
std::string shortened(const std::string& text, std::size_t limit) {
  if (text.size() <= limit + 20) return text;
  std::size_t n = limit;
  while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
  return text.substr(0, n) + "... (" + std::to_string(text.size()) + " bytes)";
}

RegexRefusal invalid(const std::string& pattern, const std::string& why) {
  return RegexRefusal{"invalid regular expression '" + shortened(pattern, 100) + "': " + shortened(why, 200)};
}

[[noreturn]] void refuse_feature(const std::string& feature, const std::string& why) {
  throw RegexRefusal{"regex feature not supported: " + shortened(feature, 100) + " (" + why + ")"};
}

[[noreturn]] void refuse_linear(const std::string& feature, const std::string& what_re2_lacks) {
  refuse_feature(feature, "dbcost matches policy regexes in linear time with RE2, which has no " + what_re2_lacks);
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_octal(char c) { return c >= '0' && c <= '7'; }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Java's POSIX classes \p{Name} (US-ASCII only, as java.util.regex.Pattern defines them without the
// U flag, which dbcost refuses) and the RE2 class that holds the same characters.
const char* java_posix_class(const std::string& name) {
  static const std::pair<const char*, const char*> names[] = {
      {"Lower", "lower"}, {"Upper", "upper"},   {"ASCII", "ascii"}, {"Alpha", "alpha"}, {"Digit", "digit"},
      {"Alnum", "alnum"}, {"Punct", "punct"},   {"Graph", "graph"}, {"Print", "print"}, {"Blank", "blank"},
      {"Cntrl", "cntrl"}, {"XDigit", "xdigit"}, {"Space", "space"}};
  for (const auto& [java, posix] : names)
    if (name == java) return posix;
  return nullptr;
}

std::string hex_escape(unsigned code) {
  static const char digits[] = "0123456789ABCDEF";
  std::string hex;
  do {
    hex.insert(hex.begin(), digits[code % 16]);
    code /= 16;
  } while (code != 0);
  return "\\x{" + hex + "}";
}

class JavaRegexTranslator {
 public:
  explicit JavaRegexTranslator(const std::string& pattern) : p_(pattern) {}

  std::string translate() {
    while (i_ < p_.size()) {
      const char c = p_[i_];
      const bool after_quantifier = quantifier_;
      quantifier_ = false;
      if (!flag_group_.empty() && (c == '*' || c == '+' || c == '?' || c == '{'))
        throw invalid(p_, "the quantifier at index " + std::to_string(i_) + " follows the flag group " + flag_group_ +
                              ", which it cannot repeat (Java refuses it or repeats nothing; RE2 would repeat what "
                              "precedes the group)");
      flag_group_.clear();
      if (c == '\\') {
        escape(false);
      } else if (c == '[') {
        char_class();
      } else if (c == '(') {
        group();
      } else if (c == '*' || c == '+' || c == '?') {
        if (after_quantifier && c == '+')
          refuse_linear("possessive quantifier " + last_quantifier_ + "+", "possessive quantifiers");
        out_ += c;
        ++i_;
        // `*?` is lazy; a `+` after it is an error for both Java and RE2.
        if (!(after_quantifier && c == '?')) {
          quantifier_ = true;
          last_quantifier_ = std::string(1, c);
        }
      } else if (c == '{') {
        count();
      } else {
        out_ += c;
        ++i_;
      }
    }
    return out_;
  }

 private:
  // `\` at i_: a back-reference, \Q...\E, or an escape (common to classes and the rest).
  void escape(bool in_class) {
    if (i_ + 1 >= p_.size()) {  // a trailing backslash: RE2 refuses it, as Java does
      out_ += p_[i_++];
      return;
    }
    const char e = p_[i_ + 1];
    if (!in_class && e >= '1' && e <= '9') {
      // Java reads \1 to \9 as back-references always, and further digits while the number stays
      // within the groups opened so far.
      std::size_t j = i_ + 2;
      unsigned long ref = static_cast<unsigned long>(e - '0');
      while (j < p_.size() && is_digit(p_[j]) && ref * 10 + static_cast<unsigned long>(p_[j] - '0') <= groups_) {
        ref = ref * 10 + static_cast<unsigned long>(p_[j] - '0');
        ++j;
      }
      refuse_linear("back-reference " + p_.substr(i_, j - i_), "back-references");
    }
    if (!in_class && e == 'k' && i_ + 2 < p_.size() && p_[i_ + 2] == '<') {
      const std::size_t close = p_.find('>', i_ + 3);
      refuse_linear("back-reference " + p_.substr(i_, close == std::string::npos ? 3 : close + 1 - i_),
                    "back-references");
    }
    if (e == 'v')
      refuse_feature("\\v",
                     "Java reads \\v as any vertical whitespace, RE2 as the vertical tab alone: write "
                     "[\\n\\x0B\\f\\r\\x{85}\\x{2028}\\x{2029}] or \\x0B");
    if (!in_class && e == 'Q') {  // literal text up to \E (or the end), as in Java
      const std::size_t end = p_.find("\\E", i_ + 2);
      const std::size_t stop = end == std::string::npos ? p_.size() : end + 2;
      out_.append(p_, i_, stop - i_);
      i_ = stop;
      return;
    }
    if (e == '0' && i_ + 2 < p_.size() && is_octal(p_[i_ + 2])) {
      // Java: \0n, \0nn, \0mnn (m at most 3); RE2 reads at most two digits after the 0.
      std::size_t j = i_ + 2;
      unsigned code = 0;
      const std::size_t max_digits = p_[j] <= '3' ? 3 : 2;
      for (std::size_t n = 0; n < max_digits && j < p_.size() && is_octal(p_[j]); ++n, ++j)
        code = code * 8 + static_cast<unsigned>(p_[j] - '0');
      out_ += hex_escape(code);
      i_ = j;
      return;
    }
    if (e == '0')  // Java: "Illegal octal escape sequence"; RE2 would read the NUL character
      throw invalid(p_, "\\0 at index " + std::to_string(i_) + " is not an octal escape \\0n, \\0nn or \\0mnn");
    if (e == 'e') {  // Java's escape character; RE2 has no \e
      out_ += "\\x{1B}";
      i_ += 2;
      return;
    }
    if (e == 'c' && i_ + 2 < p_.size() && static_cast<unsigned char>(p_[i_ + 2]) < 0x80) {
      out_ += hex_escape(static_cast<unsigned>(p_[i_ + 2]) ^ 0x40);  // Java's control character \cX
      i_ += 3;
      return;
    }
    if (e == 'u' && i_ + 6 <= p_.size() && std::all_of(p_.begin() + i_ + 2, p_.begin() + i_ + 6, is_hex)) {
      out_ += "\\x{" + p_.substr(i_ + 2, 4) + "}";  // Java's \uhhhh
      i_ += 6;
      return;
    }
    if (e == 's' || e == 'S') {  // Java's \s includes the vertical tab \x0B, RE2's does not
      out_ += posix_class("space", e == 'S', in_class);
      i_ += 2;
      return;
    }
    std::size_t stop = i_ + 2;
    if ((e == 'p' || e == 'P' || e == 'x' || e == 'N') && stop < p_.size() && p_[stop] == '{') {
      const std::size_t close = p_.find('}', stop);  // \p{Lu}, \x{2028}: the braces are no count
      stop = close == std::string::npos ? p_.size() : close + 1;
      if (e != 'x' && e != 'N' && close != std::string::npos) {
        if (const char* posix = java_posix_class(p_.substr(i_ + 3, close - i_ - 3))) {
          out_ += posix_class(posix, e == 'P', in_class);
          i_ = stop;
          return;
        }
      }
    }
    out_.append(p_, i_, stop - i_);
    i_ = stop;
  }

  // RE2's ASCII class `name` (negated or not), as an item of a class or a class of its own.
  static std::string posix_class(const std::string& name, bool negated, bool in_class) {
    const std::string item = "[:" + std::string(negated ? "^" : "") + name + ":]";
    return in_class ? item : "[" + item + "]";
  }

  // `[` at i_ up to its `]`. Java reads `[` inside a class as a nested class (a union) and `&&` as an
  // intersection; RE2 reads both as literal characters (or `[:alpha:]` as a POSIX class).
  void char_class() {
    const std::size_t start = i_;
    out_ += p_[i_++];
    if (i_ < p_.size() && p_[i_] == '^') out_ += p_[i_++];
    if (i_ < p_.size() && p_[i_] == ']') out_ += p_[i_++];  // a leading ] is literal in both
    while (i_ < p_.size()) {
      const char c = p_[i_];
      if (c == ']') {
        out_ += p_[i_++];
        return;
      }
      if (c == '\\') {
        escape(true);
      } else if (c == '[') {
        refuse_feature("nested character class, the '[' at index " + std::to_string(i_) + " in the class at index " +
                           std::to_string(start),
                       "RE2 has no class unions and reads '[' in a class as a '[' or a POSIX class like [:alpha:]; "
                       "write \\[ for a '['");
      } else if (c == '&' && i_ + 1 < p_.size() && p_[i_ + 1] == '&') {
        refuse_feature("character class intersection &&, at index " + std::to_string(i_) + " in the class at index " +
                           std::to_string(start),
                       "RE2 has no class intersections and reads && as two '&'");
      } else {
        out_ += p_[i_++];
      }
    }
    // Unclosed: RE2 reports it.
  }

  // `(` at i_.
  void group() {
    const std::string rest = p_.substr(i_, 4);
    auto starts = [&](const char* s) { return rest.rfind(s, 0) == 0; };
    if (starts("(?=")) refuse_linear("lookahead (?=", "lookaround");
    if (starts("(?!")) refuse_linear("negative lookahead (?!", "lookaround");
    if (starts("(?<=")) refuse_linear("lookbehind (?<=", "lookaround");
    if (starts("(?<!")) refuse_linear("negative lookbehind (?<!", "lookaround");
    if (starts("(?>")) refuse_linear("atomic group (?>", "atomic groups");
    if (rest.size() >= 4 && starts("(?<") && is_ascii_letter(rest[3])) {
      out_ += "(?P<";  // Java's named group (?<name>...); this RE2 spells it (?P<name>...)
      i_ += 3;
      ++groups_;
      return;
    }
    if (starts("(?")) {
      // Flags: (?imsU-imsU) or (?flags:...). Java's U is Unicode character classes; RE2's U is
      // ungreedy matching.
      std::size_t j = i_ + 2;
      while (j < p_.size() && (is_ascii_letter(p_[j]) || p_[j] == '-')) ++j;
      const std::string flags = p_.substr(i_ + 2, j - i_ - 2);
      if (flags.substr(0, flags.find('-')).find('U') != std::string::npos)  // turned on, not off
        refuse_feature("flag U in (?" + flags,
                       "Java's U makes \\w, \\d, \\s and \\b Unicode-aware; RE2's are ASCII and its U means "
                       "ungreedy");
      if (j < p_.size() && p_[j] == ')') {  // (?i) alone: a quantifier may not follow
        flag_group_ = p_.substr(i_, j + 1 - i_);
        out_ += flag_group_;
        i_ = j + 1;
        return;
      }
      out_ += "(?";
      i_ += 2;
      return;
    }
    out_ += p_[i_++];
    ++groups_;
  }

  // `{` at i_: Java reads it as a repetition count, always ("Illegal repetition" otherwise).
  void count() {
    const std::size_t start = i_;
    auto bad = [&](const std::string& why) -> void { throw invalid(p_, why); };
    auto number = [&](std::size_t& j) {
      const std::size_t from = j;
      while (j < p_.size() && is_digit(p_[j])) ++j;
      std::string n = p_.substr(from, j - from);
      if (n.size() > kMaxRegexNumberDigits) bad("the number '" + n + "' is too large");
      while (n.size() > 1 && n[0] == '0') n.erase(0, 1);  // RE2 reads {01} as text
      return n;
    };
    auto not_a_count = [&] {
      bad("'{' at index " + std::to_string(start) +
          " is not a repetition {n}, {n,} or {n,m} (write \\{ for a literal '{')");
    };
    std::size_t j = i_ + 1;
    if (j >= p_.size() || !is_digit(p_[j])) not_a_count();
    std::string text = "{" + number(j);
    if (j < p_.size() && p_[j] == ',') {
      text += ',';
      ++j;
      if (j < p_.size() && is_digit(p_[j])) text += number(j);
    }
    if (j >= p_.size() || p_[j] != '}') not_a_count();
    text += '}';
    out_ += text;
    last_quantifier_ = p_.substr(start, j + 1 - start);
    i_ = j + 1;
    quantifier_ = true;
  }

  const std::string& p_;
  std::string out_;
  std::size_t i_ = 0;
  unsigned long groups_ = 0;     // capturing groups opened so far
  bool quantifier_ = false;      // the last token read was a quantifier
  std::string last_quantifier_;  // its text
  std::string flag_group_;       // the last token read was this flag group, (?i)
};

}  // namespace

std::shared_ptr<const re2::RE2> compile_policy_regex(const std::string& pattern) {
  const std::string translated = JavaRegexTranslator(pattern).translate();
  RE2::Options options;
  options.set_log_errors(false);
  options.set_max_mem(kMaxRegexMemory);
  options.set_never_capture(true);  // only whether the value matches is needed
  auto re = std::make_shared<const RE2>(translated, options);
  if (re->ok()) return re;
  if (re->error_code() == RE2::ErrorPatternTooLarge)
    throw invalid(pattern, "too large (" + re->error() + "; dbcost gives a " + std::to_string(kMaxRegexMemory >> 20) +
                               " MiB budget to a compiled regex)");
  throw invalid(pattern, re->error());
}

}  // namespace dbcost
