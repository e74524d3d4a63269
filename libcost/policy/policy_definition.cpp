#include "policy/policy_definition.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "io/atomic_file.h"
#include "io/json_unique.h"
#include "policy/policy_families.h"
#include "spec/cluster_spec.h"

namespace dbcost {

namespace {

const std::vector<std::string> kPolicyObjectKeys = {"name",
                                                    "policy_id",
                                                    "description",
                                                    "definition",
                                                    "policy_family_id",
                                                    "policy_family_definition_overrides",
                                                    "libraries",
                                                    "max_clusters_per_user",
                                                    "is_default",
                                                    "creator_user_name",
                                                    "created_at_timestamp"};

const std::vector<std::string> kClusterTypes = {"all-purpose", "job", "dlt"};

// Where keys sit in the policy file, found again with yaml-cpp (it reads JSON and keeps marks).
class Locator {
 public:
  Locator(const std::string* text, std::string file) : text_(text), file_(std::move(file)) {}

  SourceLocation at(const std::vector<std::string>& keys, const std::string& field) const {
    SourceLocation loc{file_, 0, 0, field};
    if (text_ == nullptr || keys.empty()) return loc;
    try {
      const YAML::Node root = YAML::Load(*text_);
      find(root, keys, 0, loc);
    } catch (const YAML::Exception&) {
    }
    return loc;
  }

 private:
  static void find(const YAML::Node& node, const std::vector<std::string>& keys, std::size_t i, SourceLocation& loc) {
    if (!node.IsMap()) return;
    for (auto it = node.begin(); it != node.end(); ++it) {
      if (!it->first.IsScalar() || it->first.Scalar() != keys[i]) continue;
      const auto mark = it->first.Mark();
      if (mark.line >= 0) {
        loc.line = static_cast<std::size_t>(mark.line) + 1;
        loc.column = static_cast<std::size_t>(mark.column) + 1;
      }
      if (i + 1 < keys.size()) find(it->second, keys, i + 1, loc);
      return;
    }
  }

  const std::string* text_;
  std::string file_;
};

void check_path(const std::string& path, const std::function<SourceLocation(const std::string&)>& locate) {
  const auto steps = split_path(path);
  const auto& names = policy_attribute_names();
  if (std::find(names.begin(), names.end(), steps[0]) == names.end())
    throw InputError(locate(""), "unknown attribute '" + steps[0] + "'" + did_you_mean(steps[0], names) +
                                     ": a policy path starts with a Clusters API attribute, dbus_per_hour or "
                                     "cluster_type");
  if (steps[0] == "autoscale" && (steps.size() != 2 || (steps[1] != "min_workers" && steps[1] != "max_workers")))
    throw InputError(locate(""), "expected autoscale.min_workers or autoscale.max_workers" +
                                     did_you_mean(steps.size() > 1 ? steps[1] : "", {"min_workers", "max_workers"}));
}

void check_cluster_type_values(const PolicyRule& r, const std::function<SourceLocation(const std::string&)>& locate) {
  if (r.path != "cluster_type") return;
  auto check = [&](const Json& v, const char* field) {
    const std::string s = value_text(v);
    if (std::find(kClusterTypes.begin(), kClusterTypes.end(), s) == kClusterTypes.end())
      throw InputError(locate(field),
                       "cluster_type is all-purpose, job or dlt, got '" + s + "'" + did_you_mean(s, kClusterTypes));
  };
  if (r.type == RuleType::Fixed) check(r.value, "value");
  for (const auto& v : r.values) check(v, "values");
}

std::string child_field(const std::string& path, const std::string& field) {
  std::string out = path;
  out += '.';
  out += field;
  return out;
}

struct Builder {
  Policy policy;
  Locator locator;

  // Adds (or, for overrides, replaces) the rules of a definition object found at `keys` in the file.
  void add_rules(const Json& definition, const std::vector<std::string>& keys, bool inline_in_file) {
    for (auto item = definition.begin(); item != definition.end(); ++item) {
      const std::string& path = item.key();
      const Json& body = item.value();
      auto locate = [&](const std::string& field) {
        std::vector<std::string> k = keys;
        if (inline_in_file) {
          k.push_back(path);
          if (!field.empty()) k.push_back(field);
        }
        return locator.at(k, field.empty() ? path : child_field(path, field));
      };
      check_path(path, locate);
      PolicyRule rule = parse_rule(path, body, locate);
      check_cluster_type_values(rule, locate);
      for (const auto& n : rule.notes) policy.notes.push_back({locate(n.field), n.message});
      auto it =
          std::find_if(policy.rules.begin(), policy.rules.end(), [&](const PolicyRule& r) { return r.path == path; });
      if (it != policy.rules.end()) {
        *it = std::move(rule);
      } else {
        policy.rules.push_back(std::move(rule));
      }
    }
  }

  // A definition given inline or as JSON text (as the API sends it).
  std::pair<Json, bool> definition_object(const Json& value, const std::string& key) const {
    const auto where = locator.at({key}, key);
    if (value.is_object()) return {value, true};
    if (!value.is_string()) throw InputError(where, key + " must be a JSON object or JSON text");
    try {
      Json parsed = parse_json_unique<Json>(value.get<std::string>());
      if (!parsed.is_object()) throw InputError(where, key + " must hold a JSON object");
      return {parsed, false};
    } catch (const Json::exception& e) {  // parse_error, or out_of_range for a number such as 1e400
      throw InputError(where, key + " is not valid JSON text: " + e.what());
    } catch (const JsonDuplicateKey& e) {
      throw InputError(where, key + " is not valid: " + e.what());
    }
  }

  void build(const Json& doc) {
    if (!doc.is_object())
      throw InputError(locator.at({}, ""), "a policy is a JSON object of rules, or a policy object with a definition");
    const bool policy_object = doc.contains("definition") || doc.contains("policy_family_id");
    if (!policy_object) {
      add_rules(doc, {}, true);
      return;
    }
    for (const auto& [k, v] : doc.items()) {
      if (std::find(kPolicyObjectKeys.begin(), kPolicyObjectKeys.end(), k) == kPolicyObjectKeys.end())
        throw InputError(locator.at({k}, k), "unknown policy key '" + k + "'" + did_you_mean(k, kPolicyObjectKeys));
    }
    auto text = [&](const char* key) {
      if (!doc.contains(key)) return std::string();
      if (!doc[key].is_string()) throw InputError(locator.at({key}, key), std::string(key) + " must be a string");
      return doc[key].get<std::string>();
    };
    if (doc.contains("name")) policy.name = text("name");
    policy.policy_id = text("policy_id");
    policy.family_id = text("policy_family_id");
    if (doc.contains("definition")) {
      const auto [definition, inline_in_file] = definition_object(doc["definition"], "definition");
      add_rules(definition, {"definition"}, inline_in_file);
      return;
    }
    const auto& family = policy_family(policy.family_id, locator.at({"policy_family_id"}, "policy_family_id"));
    Builder base{Policy{}, Locator(nullptr, "families/" + family.policy_family_id + ".json")};
    base.add_rules(family.definition(), {}, false);
    policy.rules = std::move(base.policy.rules);
    if (doc.contains("policy_family_definition_overrides")) {
      const auto [overrides, inline_in_file] =
          definition_object(doc["policy_family_definition_overrides"], "policy_family_definition_overrides");
      add_rules(overrides, {"policy_family_definition_overrides"}, inline_in_file);
    }
  }
};

// nlohmann's message reads "[json.exception.parse_error.101] parse error at line 3, column 20: what",
// or "[json.exception.out_of_range.406] number overflow parsing '1e400'" with no position.
SourceLocation json_error_location(const std::string& what, const std::string& file, std::string& reason) {
  SourceLocation loc{file, 0, 0, ""};
  const auto id_end = what.find("] ");
  reason = id_end == std::string::npos ? what : what.substr(id_end + 2);
  const auto at = what.find(" at line ");
  if (at == std::string::npos) return loc;
  unsigned long line = 0, column = 0;
  if (std::sscanf(what.c_str() + at, " at line %lu, column %lu", &line, &column) == 2) {
    loc.line = line;
    loc.column = column;
  }
  const auto colon = what.find(": ", at);
  if (colon != std::string::npos) reason = what.substr(colon + 2);
  return loc;
}

// nlohmann reports a number too large for a double ("number overflow parsing '1e400'") without a
// position: the first occurrence of that literal in the text is where it is.
void locate_number(const std::string& text, const std::string& reason, SourceLocation& loc) {
  const auto open = reason.find("parsing '");
  if (open == std::string::npos) return;
  const auto close = reason.find('\'', open + 9);
  if (close == std::string::npos) return;
  const auto at = text.find(reason.substr(open + 9, close - open - 9));
  if (at == std::string::npos) return;
  const auto line_start = text.rfind('\n', at);
  loc.line =
      static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n')) + 1;
  loc.column = line_start == std::string::npos ? at + 1 : at - line_start;
}

}  // namespace

const std::vector<std::string>& policy_attribute_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> n = cluster_spec_keys();
    n.push_back("dbus_per_hour");
    n.push_back("cluster_type");
    return n;
  }();
  return names;
}

std::string PolicyNote::text() const {
  const std::string at = where.to_string();
  return at.empty() ? message : at + " " + message;
}

const PolicyRule* Policy::rule(const std::string& path) const {
  for (const auto& r : rules)
    if (r.path == path) return &r;
  return nullptr;
}

std::vector<std::string> Policy::hidden_paths() const {
  std::vector<std::string> out;
  for (const auto& r : rules)
    if (r.hidden) out.push_back(r.path);
  return out;
}

Json Policy::definition_json() const {
  Json out = Json::object();
  for (const auto& r : rules) out[r.path] = r.to_json();
  return out;
}

Policy parse_policy(const std::string& text, const std::string& file_name) {
  Json doc;
  try {
    doc = parse_json_unique<Json>(text);
  } catch (const Json::exception& e) {  // parse_error, or out_of_range for a number such as 1e400
    std::string reason;
    auto loc = json_error_location(e.what(), file_name, reason);
    if (loc.line == 0) locate_number(text, reason, loc);
    throw InputError(loc, "malformed JSON: " + reason);
  } catch (const JsonDuplicateKey& e) {
    std::vector<std::string> keys = e.path;
    keys.push_back(e.key);
    std::string field;
    for (const auto& k : keys) field += (field.empty() ? "" : ".") + k;
    throw InputError(Locator(&text, file_name).at(keys, field), e.what());
  }
  Builder b{Policy{}, Locator(&text, file_name)};
  b.policy.file = file_name;
  b.policy.name = file_name.empty() ? "policy" : std::filesystem::path(file_name).stem().string();
  b.build(doc);
  return std::move(b.policy);
}

Policy load_policy(const std::string& path) { return parse_policy(read_file(path), path); }

Policy policy_from_json(const Json& document, const std::string& name) {
  Builder b{Policy{}, Locator(nullptr, "")};
  b.policy.name = name;
  b.build(document);
  return std::move(b.policy);
}

}  // namespace dbcost
