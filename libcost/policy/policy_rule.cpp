#include "policy/policy_rule.h"

#include <re2/re2.h>

#include <algorithm>
#include <cstdint>

namespace dbcost {

namespace {

const std::vector<std::string>& rule_type_names() {
  static const std::vector<std::string> names = {"fixed", "forbidden", "allowlist", "blocklist",
                                                 "regex", "range",     "unlimited"};
  return names;
}

const std::vector<std::string>& rule_fields() {
  static const std::vector<std::string> fields = {"type",     "value",        "values",     "pattern", "minValue",
                                                  "maxValue", "defaultValue", "isOptional", "hidden"};
  return fields;
}

std::string a_rule(const std::string& type) {
  return (type == "allowlist" || type == "unlimited" ? "an " : "a ") + type + " rule";
}

// Policy patterns are Java regexes (java.util.regex, what Databricks validates and matches them
// with); dbcost matches them with RE2, in time linear in the value and without recursion. The
// translation below reads a pattern as Java does and writes it in RE2's syntax where the two spell
// the same thing differently (named groups, octal, \u, \e and \cX escapes, counts with leading
// zeros), and refuses what RE2 cannot match or would silently read differently. Everything else
// passes through; RE2 rejects what it does not know (\Z, \G, \R, \h, \p{javaLowerCase}, the x
// flag, ...).

// A repetition count longer than this is refused with its own message: RE2 reads a longer count, or
// one with a leading zero, as literal text (Java reads a number, or refuses the pattern).
constexpr std::size_t kMaxRegexNumberDigits = 9;
// The memory RE2 may use for one compiled pattern (and its matching cache); a pattern needing more
// is refused ("pattern too large"), rather than exhausting memory.
constexpr std::int64_t kMaxRegexMemory = 4 << 20;

// Why a pattern cannot be translated: a Java feature RE2 lacks (the message names it), or a pattern
// Java would not accept either.
struct RegexRefusal {
  std::string message;
};

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
    std::size_t stop = i_ + 2;
    if ((e == 'p' || e == 'P' || e == 'x' || e == 'N') && stop < p_.size() && p_[stop] == '{') {
      const std::size_t close = p_.find('}', stop);  // \p{Lu}, \x{2028}: the braces are no count
      stop = close == std::string::npos ? p_.size() : close + 1;
    }
    out_.append(p_, i_, stop - i_);
    i_ = stop;
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

// Compiles a policy pattern (Java syntax) with RE2 for RE2::FullMatch, or throws RegexRefusal.
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

std::string join_values(const std::vector<Json>& values) {
  std::string out;
  for (const auto& v : values) out += (out.empty() ? "" : ", ") + value_text(v);
  return out;
}

}  // namespace

std::string to_string(RuleType t) { return rule_type_names()[static_cast<std::size_t>(t)]; }

std::optional<Decimal> json_decimal(const Json& v) {
  if (v.is_number()) return Decimal::parse(v.dump());
  if (v.is_string()) return Decimal::parse(v.get<std::string>());
  return std::nullopt;
}

Json decimal_json(Decimal d) { return Json::parse(d.to_string()); }

bool policy_values_equal(const Json& a, const Json& b) {
  const auto da = json_decimal(a);
  const auto db = json_decimal(b);
  if (da && db) return *da == *db;
  if (a.is_boolean() && b.is_string()) return b.get<std::string>() == (a.get<bool>() ? "true" : "false");
  if (b.is_boolean() && a.is_string()) return policy_values_equal(b, a);
  return a == b;
}

bool PolicyRule::may_be_missing() const {
  return type == RuleType::Fixed || type == RuleType::Forbidden || type == RuleType::Unlimited || is_optional ||
         default_value.has_value();
}

bool PolicyRule::accepts(const Json& v) const {
  auto listed = [&] {
    return std::any_of(values.begin(), values.end(), [&](const Json& x) { return policy_values_equal(x, v); });
  };
  switch (type) {
    case RuleType::Fixed:
      return policy_values_equal(value, v);
    case RuleType::Forbidden:
      return false;
    case RuleType::Allowlist:
      return listed();
    case RuleType::Blocklist:
      return !listed();
    case RuleType::Regex:
      return RE2::FullMatch(value_text(v), *regex_);
    case RuleType::Range: {
      const auto d = json_decimal(v);
      return d && (!min_value || *d >= *min_value) && (!max_value || *d <= *max_value);
    }
    case RuleType::Unlimited:
      return true;
  }
  return true;
}

std::string PolicyRule::describe() const {
  switch (type) {
    case RuleType::Fixed:
      return "fixed(value=" + value_text(value) + ")";
    case RuleType::Allowlist:
    case RuleType::Blocklist:
      return to_string(type) + "(values=[" + join_values(values) + "])";
    case RuleType::Regex:
      return "regex(pattern=" + pattern + ")";
    case RuleType::Range: {
      std::string args;
      if (min_value) args = "minValue=" + min_value->to_string();
      if (max_value) args += (args.empty() ? "" : ", ") + std::string("maxValue=") + max_value->to_string();
      return "range(" + args + ")";
    }
    default:
      return to_string(type);
  }
}

Json PolicyRule::to_json() const {
  Json j = Json::object();
  j["type"] = to_string(type);
  if (type == RuleType::Fixed) j["value"] = value;
  if (type == RuleType::Allowlist || type == RuleType::Blocklist) j["values"] = values;
  if (type == RuleType::Regex) j["pattern"] = pattern;
  if (min_value) j["minValue"] = decimal_json(*min_value);
  if (max_value) j["maxValue"] = decimal_json(*max_value);
  if (default_value) j["defaultValue"] = *default_value;
  if (is_optional) j["isOptional"] = true;
  if (hidden) j["hidden"] = true;
  return j;
}

PolicyRule parse_rule(const std::string& path, const Json& body,
                      const std::function<SourceLocation(const std::string&)>& locate) {
  auto fail = [&](const std::string& field, const std::string& message) -> void {
    throw InputError(locate(field), message);
  };
  if (!body.is_object()) fail("", "a rule is a mapping with a \"type\", got " + body.dump());
  for (const auto& [k, v] : body.items()) {
    const auto& fields = rule_fields();
    if (std::find(fields.begin(), fields.end(), k) == fields.end())
      fail(k, "unknown rule field '" + k + "'" + did_you_mean(k, fields));
  }
  if (!body.contains("type"))
    fail("", "missing \"type\" (one of fixed, forbidden, allowlist, blocklist, regex, range, unlimited)");
  if (!body["type"].is_string()) fail("type", "\"type\" must be a string, got " + body["type"].dump());
  std::string type = body["type"].get<std::string>();
  if (type == "whitelist") type = "allowlist";
  if (type == "blacklist") type = "blocklist";
  const auto& names = rule_type_names();
  const auto it = std::find(names.begin(), names.end(), type);
  if (it == names.end()) fail("type", "unknown rule type '" + type + "'" + did_you_mean(type, names));

  PolicyRule r;
  r.path = path;
  r.type = static_cast<RuleType>(it - names.begin());
  r.where = locate("");
  auto only_for = [&](const char* field, std::initializer_list<RuleType> types) {
    if (!body.contains(field)) return false;
    if (std::find(types.begin(), types.end(), r.type) == types.end())
      fail(field, std::string("\"") + field + "\" does not apply to " + a_rule(type));
    return true;
  };
  auto need = [&](const char* field) {
    if (!body.contains(field)) fail("", a_rule(type) + " needs \"" + field + "\"");
  };
  auto flag = [&](const char* field) {
    if (!body.contains(field)) return false;
    if (!body[field].is_boolean()) fail(field, std::string("\"") + field + "\" must be true or false");
    return body[field].get<bool>();
  };
  auto bound = [&](const char* field) -> std::optional<Decimal> {
    if (!only_for(field, {RuleType::Range})) return std::nullopt;
    const auto d = body[field].is_number() ? json_decimal(body[field]) : std::nullopt;
    if (!d) fail(field, std::string("\"") + field + "\" must be a number, got " + body[field].dump());
    return d;
  };

  const bool has_value = only_for("value", {RuleType::Fixed});
  const bool has_values = only_for("values", {RuleType::Allowlist, RuleType::Blocklist});
  const bool has_pattern = only_for("pattern", {RuleType::Regex});
  only_for("minValue", {RuleType::Range});
  only_for("maxValue", {RuleType::Range});
  if (r.type == RuleType::Fixed) need("value");
  if (has_value) {
    r.value = body["value"];
    if (r.value.is_object() || r.value.is_array() || r.value.is_null())
      fail("value", "\"value\" must be a string, number or boolean, got " + r.value.dump());
  }
  if (r.type == RuleType::Allowlist || r.type == RuleType::Blocklist) need("values");
  if (has_values) {
    const auto& vs = body["values"];
    if (!vs.is_array() || vs.empty()) fail("values", "\"values\" must be a non-empty list");
    for (const auto& v : vs) {
      if (v.is_object() || v.is_array() || v.is_null())
        fail("values", "\"values\" holds strings, numbers or booleans, got " + v.dump());
      r.values.push_back(v);
    }
  }
  if (r.type == RuleType::Regex) need("pattern");
  if (has_pattern) {
    if (!body["pattern"].is_string()) fail("pattern", "\"pattern\" must be a string");
    r.pattern = body["pattern"].get<std::string>();
    try {
      r.regex_ = compile_policy_regex(r.pattern);
    } catch (const RegexRefusal& e) {
      fail("pattern", e.message);
    }
  }
  r.min_value = bound("minValue");
  r.max_value = bound("maxValue");
  if (r.min_value && r.max_value && *r.min_value > *r.max_value)
    fail("minValue", "minValue " + r.min_value->to_string() + " is above maxValue " + r.max_value->to_string());
  r.is_optional = flag("isOptional");
  r.hidden = flag("hidden");
  if (body.contains("defaultValue")) {
    if (r.type == RuleType::Forbidden) fail("defaultValue", "a forbidden rule cannot have a defaultValue");
    const auto& d = body["defaultValue"];
    if (d.is_object() || d.is_array() || d.is_null())
      fail("defaultValue", "\"defaultValue\" must be a string, number or boolean, got " + d.dump());
    if (!r.accepts(d)) fail("defaultValue", "defaultValue " + value_text(d) + " breaks the rule " + r.describe());
    r.default_value = d;
  }
  return r;
}

}  // namespace dbcost
