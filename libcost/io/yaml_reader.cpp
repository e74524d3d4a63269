#include "io/yaml_reader.h"

#include <yaml-cpp/depthguard.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>
#include <unordered_map>

#include "io/atomic_file.h"
#include "io/yaml_merge.h"

namespace dbcost {

namespace {

// Expanded sizes of the collections already walked; nodes are told apart by their position in the
// text and then by identity (an alias is the node it names, at the anchor's position).
class YamlTreeCheck {
 public:
  YamlTreeCheck(const std::string& file, std::size_t first_line) : file_(file), first_line_(first_line) {}

  std::size_t size(const YAML::Node& n, const std::string& path) {
    if (!n.IsMap() && !n.IsSequence()) return 1;
    const int pos = n.Mark().pos;
    for (const auto& [seen, count] : sizes_[pos])
      if (seen.is(n)) return count;
    for (const auto& open : stack_)
      if (open.is(n)) fail(n, path, "an alias names a node that contains it, so the value never ends");
    stack_.push_back(n);
    std::size_t total = 1;
    std::size_t index = 0;
    std::unordered_map<std::string, YAML::Mark> keys;
    for (auto it = n.begin(); it != n.end(); ++it, ++index) {
      if (n.IsMap()) {
        const std::string key = it->first.IsScalar() ? it->first.Scalar() : std::string();
        const std::string child = path.empty() ? key : path + "." + key;
        if (it->first.IsScalar()) {
          const auto [first, fresh] = keys.emplace(key, it->first.Mark());
          if (!fresh)
            fail(it->first, child,
                 "key '" + key + "' appears twice in this mapping (first at line " + line_of(first->second) + ")");
        }
        total += size(it->first, child) + size(it->second, child);
      } else {
        total += size(*it, path + "[" + std::to_string(index) + "]");
      }
      if (total > detail::kMaxYamlValues)
        fail(n, path,
             "aliases expand this value to more than " + std::to_string(detail::kMaxYamlValues) +
                 " values (an alias bomb?)");
    }
    stack_.pop_back();
    sizes_[pos].emplace_back(n, total);
    return total;
  }

 private:
  std::string line_of(const YAML::Mark& m) const {
    return std::to_string(static_cast<std::size_t>(m.line) + 1 - first_line_);
  }
  [[noreturn]] void fail(const YAML::Node& n, const std::string& path, const std::string& message) const {
    const auto m = n.Mark();
    const bool known = m.line >= 0 && static_cast<std::size_t>(m.line) >= first_line_;
    throw InputError({file_, known ? static_cast<std::size_t>(m.line) + 1 - first_line_ : 0,
                      known ? static_cast<std::size_t>(m.column) + 1 : 0, path},
                     message);
  }

  const std::string& file_;
  std::size_t first_line_;
  std::vector<YAML::Node> stack_;
  std::unordered_map<int, std::vector<std::pair<YAML::Node, std::size_t>>> sizes_;
};

[[noreturn]] void merge_error(const YAML::Node& n, const std::string& file, std::size_t first_line) {
  const auto m = n.Mark();
  const bool known = m.line >= 0 && static_cast<std::size_t>(m.line) >= first_line;
  throw InputError({file, known ? static_cast<std::size_t>(m.line) + 1 - first_line : 0,
                    known ? static_cast<std::size_t>(m.column) + 1 : 0, "<<"},
                   "a merge key needs a mapping or a list of mappings as its value (<<: *anchor or <<: [*a, *b])");
}

void expand_merges(YAML::Node node, const std::string& file, std::size_t first_line, std::size_t depth) {
  if (depth > 1000) return;  // deeper than the parser's own limit
  if (node.IsSequence()) {
    for (auto item : node) expand_merges(item, file, first_line, depth + 1);
    return;
  }
  if (!node.IsMap()) return;
  std::optional<YAML::Node> merge;
  for (auto it = node.begin(); it != node.end(); ++it) {
    if (it->first.IsScalar() && it->first.Scalar() == "<<" && it->first.Tag() != "!")
      merge.emplace(it->second);
    else
      expand_merges(it->second, file, first_line, depth + 1);
  }
  if (!merge) return;
  std::vector<YAML::Node> sources;
  if (merge->IsMap()) sources.push_back(*merge);
  if (merge->IsSequence())
    for (const auto& m : *merge) sources.push_back(m);
  if (sources.empty()) merge_error(*merge, file, first_line);
  for (auto& m : sources) {
    if (!m.IsMap()) merge_error(m, file, first_line);
    expand_merges(m, file, first_line, depth + 1);
  }
  node.remove("<<");
  // The mapping's own keys win; among merged mappings the last that gives a key wins.
  std::unordered_map<std::string, std::size_t> winner;
  for (auto it = node.begin(); it != node.end(); ++it) winner[it->first.Scalar()] = sources.size();
  for (std::size_t i = 0; i < sources.size(); ++i)
    for (auto it = sources[i].begin(); it != sources[i].end(); ++it) {
      auto [w, added] = winner.emplace(it->first.Scalar(), i);
      if (!added && w->second < sources.size()) w->second = i;
    }
  for (std::size_t i = 0; i < sources.size(); ++i)
    for (auto it = sources[i].begin(); it != sources[i].end(); ++it)
      if (winner.at(it->first.Scalar()) == i) node.force_insert(it->first, it->second);
}

}  // namespace

void detail::expand_merge_keys(const YAML::Node& root, const std::string& file, std::size_t first_line) {
  expand_merges(root, file, first_line, 0);
}

void detail::check_yaml_tree(const YAML::Node& root, const std::string& file, std::size_t first_line) {
  YamlTreeCheck(file, first_line).size(root, "");
}

YamlView YamlView::parse(const std::string& text, const std::string& file_name) {
  auto file = std::make_shared<const std::string>(file_name);
  require_utf8(text, file_name);
  try {
    YAML::Node root = YAML::Load(text);
    detail::check_yaml_tree(root, file_name);
    detail::expand_merge_keys(root, file_name);
    return YamlView(file, root, "");
  } catch (const YAML::Exception& e) {
    throw InputError(
        {file_name, static_cast<std::size_t>(e.mark.line + 1), static_cast<std::size_t>(e.mark.column + 1), ""},
        detail::yaml_error_message(e));
  }
}

std::string detail::yaml_error_message(const YAML::Exception& e) {
  if (const auto* deep = dynamic_cast<const YAML::DeepRecursion*>(&e))
    return "nesting deeper than " + std::to_string(deep->depth() - 1) +
           " levels of mappings and sequences, past what dbcost reads (a scenario or bundle needs a dozen)";
  return "malformed YAML/JSON: " + e.msg;
}

YamlView YamlView::load(const std::string& path) { return parse(read_file(path), path); }

namespace {

// A container built in memory (a merge, a substitution) has no position: the first position
// found in it stands for it, keys before their values (a block mapping starts at its first key).
YAML::Mark position_of(const YAML::Node& n, int depth = 0) {
  if (!n.IsDefined() || n.Mark().line >= 0 || depth > 8) return n.IsDefined() ? n.Mark() : YAML::Mark::null_mark();
  if (n.IsMap())
    for (auto it = n.begin(); it != n.end(); ++it) {
      if (it->first.Mark().line >= 0) return it->first.Mark();
      if (const YAML::Mark m = position_of(it->second, depth + 1); m.line >= 0) return m;
    }
  if (n.IsSequence())
    for (const auto& item : n)
      if (const YAML::Mark m = position_of(item, depth + 1); m.line >= 0) return m;
  return YAML::Mark::null_mark();
}

}  // namespace

SourceLocation YamlView::where() const {
  SourceLocation loc{file_ ? *file_ : std::string(), 0, 0, path_};
  if (node_.IsDefined()) {
    const auto m = position_of(node_);
    if (m.line >= 0) {
      loc.line = static_cast<std::size_t>(m.line) + 1;
      loc.column = static_cast<std::size_t>(m.column) + 1;
    }
  }
  return loc;
}

void YamlView::fail(const std::string& message) const { throw InputError(where(), message); }

bool YamlView::has(const std::string& key) const { return node_.IsMap() && node_[key].IsDefined(); }

YamlView YamlView::operator[](const std::string& key) const {
  const std::string child = path_.empty() ? key : path_ + "." + key;
  if (!node_.IsMap()) return YamlView(file_, YAML::Node(YAML::NodeType::Undefined), child);
  const YAML::Node n = node_[key];
  if (!n.IsDefined()) return YamlView(file_, YAML::Node(YAML::NodeType::Undefined), child);
  return YamlView(file_, n, child);
}

std::vector<std::pair<std::string, YamlView>> YamlView::entries() const {
  expect_map();
  std::vector<std::pair<std::string, YamlView>> out;
  for (auto it = node_.begin(); it != node_.end(); ++it) {
    YamlView key(file_, it->first, path_);
    if (!it->first.IsScalar()) key.fail("mapping keys must be plain strings");
    const std::string k = it->first.Scalar();
    out.emplace_back(k, YamlView(file_, it->second, path_.empty() ? k : path_ + "." + k));
  }
  return out;
}

std::vector<YamlView> YamlView::items() const {
  expect_sequence();
  std::vector<YamlView> out;
  std::size_t i = 0;
  for (auto it = node_.begin(); it != node_.end(); ++it, ++i)
    out.emplace_back(file_, *it, path_ + "[" + std::to_string(i) + "]");
  return out;
}

void YamlView::expect_map() const {
  if (!node_.IsMap()) fail("expected a mapping of keys to values");
}

void YamlView::expect_sequence() const {
  if (!node_.IsSequence()) fail("expected a list");
}

void YamlView::check_keys(const std::vector<std::string>& allowed) const {
  expect_map();
  for (auto it = node_.begin(); it != node_.end(); ++it) {
    const std::string k = it->first.IsScalar() ? it->first.Scalar() : std::string();
    bool ok = false;
    for (const auto& a : allowed) ok = ok || a == k;
    if (!ok) {
      YamlView key(file_, it->first, path_.empty() ? k : path_ + "." + k);
      if (k.empty()) key.fail("empty key (a stray comma or colon?)");
      key.fail("unknown key '" + k + "'" + did_you_mean(k, allowed));
    }
  }
}

std::string YamlView::as_string() const {
  if (!node_.IsScalar()) fail("expected a text value");
  return node_.Scalar();
}

std::int64_t YamlView::as_int() const {
  if (!node_.IsScalar()) fail("expected a whole number");
  const std::string s = as_string();
  std::int64_t v = 0;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) fail("expected a whole number, got '" + s + "'");
  return v;
}

std::int64_t YamlView::as_int(std::int64_t min, std::int64_t max) const {
  const std::int64_t v = as_int();
  if (v < min || v > max)
    fail("expected a whole number from " + std::to_string(min) + " to " + std::to_string(max) + ", got " +
         std::to_string(v));
  return v;
}

double YamlView::as_double() const {
  if (!node_.IsScalar()) fail("expected a number");
  const std::string s = as_string();
  double v = 0;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || !std::isfinite(v)) fail("expected a number, got '" + s + "'");
  return v;
}

Decimal YamlView::as_decimal() const {
  if (!node_.IsScalar()) fail("expected a decimal number");
  const std::string s = as_string();
  const auto d = Decimal::parse(s);
  if (!d) fail("expected a decimal number, got '" + s + "'");
  return *d;
}

bool YamlView::as_bool() const {
  if (!node_.IsScalar()) fail("expected true or false");
  const std::string s = as_string();
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  fail("expected true or false, got '" + s + "'");
}

std::string YamlView::get_string(const std::string& key, const std::string& fallback) const {
  const auto v = (*this)[key];
  return v.defined() ? v.as_string() : fallback;
}
std::int64_t YamlView::get_int(const std::string& key, std::int64_t fallback) const {
  const auto v = (*this)[key];
  return v.defined() ? v.as_int() : fallback;
}
double YamlView::get_double(const std::string& key, double fallback) const {
  const auto v = (*this)[key];
  return v.defined() ? v.as_double() : fallback;
}
bool YamlView::get_bool(const std::string& key, bool fallback) const {
  const auto v = (*this)[key];
  return v.defined() ? v.as_bool() : fallback;
}

}  // namespace dbcost
