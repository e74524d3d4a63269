#include "policy/policy_rule.h"

#include <re2/re2.h>

#include <algorithm>

#include "policy/java_regex.h"

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
  auto note = [&](const std::string& field, const std::string& message) { r.notes.push_back({field, message}); };
  auto only_for = [&](const char* field, std::initializer_list<RuleType> types) {
    if (!body.contains(field)) return false;
    if (std::find(types.begin(), types.end(), r.type) != types.end()) return true;
    note(field,
         std::string("\"") + field + "\" does not apply to " + a_rule(type) + ": ignored" +
             (std::string(field) == "value" && r.type != RuleType::Fixed ? " (a default is \"defaultValue\")" : ""));
    return false;
  };
  auto need = [&](const char* field) {
    if (!body.contains(field)) fail("", a_rule(type) + " needs \"" + field + "\"");
  };
  auto flag = [&](const char* field) {
    if (!body.contains(field)) return false;
    const Json& v = body[field];
    if (v.is_string() && (v.get<std::string>() == "true" || v.get<std::string>() == "false")) {
      note(field, std::string("\"") + field + "\" is the string " + v.dump() + ": read as " + v.get<std::string>());
      return v.get<std::string>() == "true";
    }
    if (!v.is_boolean()) fail(field, std::string("\"") + field + "\" must be true or false, got " + v.dump());
    return v.get<bool>();
  };
  auto bound = [&](const char* field) -> std::optional<Decimal> {
    if (!only_for(field, {RuleType::Range})) return std::nullopt;
    const Json& v = body[field];
    const auto d = v.is_number() || v.is_string() ? json_decimal(v) : std::nullopt;
    if (!d) fail(field, std::string("\"") + field + "\" must be a number, got " + v.dump());
    if (v.is_string()) note(field, std::string("\"") + field + "\" is the string " + v.dump() + ": read as the number");
    return d;
  };
  const bool has_value = only_for("value", {RuleType::Fixed});
  const bool has_values = only_for("values", {RuleType::Allowlist, RuleType::Blocklist});
  const bool has_pattern = only_for("pattern", {RuleType::Regex});
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
    if (!r.accepts(d))
      note("defaultValue", "defaultValue " + value_text(d) + " breaks the rule " + r.describe() +
                               ": kept, as Databricks keeps it; a cluster that takes it is refused");
    r.default_value = d;
  }
  return r;
}

}  // namespace dbcost
