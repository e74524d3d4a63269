// Located YAML (and JSON, read as YAML) for scenario, spec, bundle and policy files.
//
// A YamlView is a node plus the dotted path that reached it and the file it came from, so every
// typed read can fail with "file:line:column: path: what was expected". Readers call
// check_keys() on every mapping: an unknown key is an error with a did-you-mean, never ignored.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/errors.h"
#include "money/decimal.h"

namespace dbcost {

namespace detail {
// Values a document may expand to once every alias is followed (an alias bomb expands to billions).
constexpr std::size_t kMaxYamlValues = 1'000'000;
// Rejects what yaml-cpp accepts but no reader should: an alias inside the node it names (a cycle
// that never ends), aliases expanding past kMaxYamlValues values, and a key given twice in one
// mapping (yaml-cpp would keep one silently). `first_line` is the 0-based line of the file's first
// line in the marks of `root`.
void check_yaml_tree(const YAML::Node& root, const std::string& file, std::size_t first_line = 0);
// What a yaml-cpp parse error means, for the user: "malformed YAML/JSON: ..." or the nesting limit.
std::string yaml_error_message(const YAML::Exception& e);
}  // namespace detail

class YamlView {
 public:
  YamlView() = default;
  YamlView(std::shared_ptr<const std::string> file, const YAML::Node& node, std::string path)
      : file_(std::move(file)), node_(node), path_(std::move(path)) {}
  YamlView(const YamlView&) = default;
  // Assignment rebinds the view: YAML::Node's own assignment would write the other node's value
  // into the node this view refers to, changing the document.
  YamlView& operator=(const YamlView& other) {
    file_ = other.file_;
    node_.reset(other.node_);
    path_ = other.path_;
    return *this;
  }

  // Parses text; a syntax error becomes an InputError at its line and column.
  static YamlView parse(const std::string& text, const std::string& file_name);
  static YamlView load(const std::string& path);

  const YAML::Node& node() const { return node_; }
  const std::string& path() const { return path_; }
  const std::string& file() const { return *file_; }
  SourceLocation where() const;
  [[noreturn]] void fail(const std::string& message) const;

  bool defined() const { return node_.IsDefined() && !node_.IsNull(); }
  bool is_map() const { return node_.IsMap(); }
  bool is_sequence() const { return node_.IsSequence(); }
  bool is_scalar() const { return node_.IsScalar(); }
  bool has(const std::string& key) const;
  YamlView operator[](const std::string& key) const;              // undefined view (with the child path) when absent
  std::vector<std::pair<std::string, YamlView>> entries() const;  // mapping entries in file order
  std::vector<YamlView> items() const;                            // sequence items

  // Errors when this is not a mapping, or has a key outside `allowed`.
  void check_keys(const std::vector<std::string>& allowed) const;
  void expect_map() const;
  void expect_sequence() const;

  std::string as_string() const;
  std::int64_t as_int() const;
  std::int64_t as_int(std::int64_t min, std::int64_t max) const;
  double as_double() const;
  Decimal as_decimal() const;
  bool as_bool() const;

  std::string get_string(const std::string& key, const std::string& fallback) const;
  std::int64_t get_int(const std::string& key, std::int64_t fallback) const;
  double get_double(const std::string& key, double fallback) const;
  bool get_bool(const std::string& key, bool fallback) const;

 private:
  std::shared_ptr<const std::string> file_;
  YAML::Node node_;
  std::string path_;
};

}  // namespace dbcost
