#include "policy/policy_check.h"

#include "policy/runtime_versions.h"

namespace dbcost {

namespace {

bool autoscales(const Json& spec) { return spec.contains("autoscale") && !spec["autoscale"].is_null(); }

bool other_sizing_form(const std::string& path, const Json& spec) {
  if (path == "num_workers") return autoscales(spec);
  if (path.rfind("autoscale.", 0) == 0) return !autoscales(spec);
  return false;
}

// A leaf, a derived or virtual attribute, or a whole subtree (`init_scripts`) at `path`.
const Json* lookup(const ClusterAttributes& attributes, const Json& spec, const std::string& path) {
  if (const Json* v = find_attribute(attributes, path)) return v;
  const Json* node = find_subtree(spec, path);
  return node == nullptr || node->is_null() ? nullptr : node;
}

std::string listed(const std::vector<Json>& values) {
  std::string out;
  for (const auto& v : values) out += (out.empty() ? "" : ", ") + value_text(v);
  return out;
}

std::string failure(const PolicyRule& r, const Json& v) {
  switch (r.type) {
    case RuleType::Fixed:
      return "must be " + value_text(r.value);
    case RuleType::Forbidden:
      return "must not be set";
    case RuleType::Allowlist:
      return "must be one of " + listed(r.values);
    case RuleType::Blocklist:
      return "must not be one of " + listed(r.values);
    case RuleType::Regex:
      return "must match " + r.pattern;
    case RuleType::Range: {
      const auto d = json_decimal(v);
      if (!d) return "must be a number";
      if (r.min_value && *d < *r.min_value) return "must be at least " + r.min_value->to_string();
      return "must be at most " + r.max_value->to_string();
    }
    case RuleType::Unlimited:
      break;
  }
  return "";
}

Violation violation(const std::string& path, const PolicyRule& r, const Json* v, std::string message) {
  Violation out;
  out.path = path;
  out.rule = &r;
  out.missing = v == nullptr;
  if (v) out.actual = *v;
  out.message = std::move(message);
  return out;
}

// `auto:` spark_version aliases, resolved as Databricks does when the cluster is created.
Json resolved_version(const Json& v, const PolicyPricing& pricing) {
  if (!v.is_string() || !is_runtime_alias(v.get<std::string>())) return v;
  const RuntimeVersions& list = pricing.runtimes ? *pricing.runtimes : builtin_runtime_versions();
  return resolve_spark_version(list, v.get<std::string>(), pricing.instant());
}

PolicyRule resolved_rule(const PolicyRule& rule, const PolicyPricing& pricing) {
  PolicyRule r = rule;
  if (rule.path != "spark_version") return r;
  r.value = resolved_version(r.value, pricing);
  for (auto& v : r.values) v = resolved_version(v, pricing);
  if (r.default_value) r.default_value = resolved_version(*r.default_value, pricing);
  return r;
}

std::vector<Violation> check(const Policy& policy, const Json& spec, const ClusterAttributes& attributes,
                             const PolicyPricing& pricing) {
  std::vector<Violation> out;
  for (const auto& rule : policy.rules) {
    const PolicyRule compare = resolved_rule(rule, pricing);
    if (is_wildcard_path(rule.path)) {
      for (const auto& [path, value] : attributes)
        if (path_matches(rule.path, path) && !compare.accepts(value))
          out.push_back(violation(path, rule, &value, failure(compare, value)));
      continue;
    }
    const Json* v = lookup(attributes, spec, rule.path);
    if (v != nullptr) {
      if (!compare.accepts(*v)) out.push_back(violation(rule.path, rule, v, failure(compare, *v)));
    } else if (rule.type == RuleType::Fixed && rule.path == "num_workers" && autoscales(spec)) {
      out.push_back(
          violation(rule.path, rule, nullptr, "must be " + value_text(rule.value) + "; the spec autoscales instead"));
    } else if (!rule.may_be_missing() && !other_sizing_form(rule.path, spec)) {
      out.push_back(violation(rule.path, rule, nullptr, "is required (no defaultValue, not isOptional)"));
    }
  }
  return out;
}

bool is_virtual(const std::string& path) { return path == "cluster_type" || path == "dbus_per_hour"; }

const Json* present(const Json& spec, const std::string& path) {
  const auto attributes = flatten_cluster(spec);
  return find_attribute(attributes, path);
}

}  // namespace

Json created_cluster(const Policy& policy, const Json& spec, bool apply_default_values) {
  Json out = spec.is_object() ? spec : Json::object();
  for (const auto& rule : policy.rules) {
    if (is_virtual(rule.path) || is_wildcard_path(rule.path) || present(out, rule.path)) continue;
    if (rule.type == RuleType::Fixed && rule.path == "num_workers" && autoscales(out)) {
      out.erase("autoscale");
      set_attribute(out, rule.path, rule.value);
    } else if (other_sizing_form(rule.path, out)) {
      continue;
    } else if (rule.type == RuleType::Fixed) {
      set_attribute(out, rule.path, rule.value);
    } else if (apply_default_values && rule.default_value) {
      set_attribute(out, rule.path, *rule.default_value);
    }
  }
  return out;
}

ClusterDbus policy_cluster_dbus(const Policy& policy, const YamlView& spec, bool apply_default_values,
                                const std::string& cluster_type, const PolicyPricing& pricing) {
  const Json given = cluster_json(spec);
  const Json created = created_cluster(policy, given, apply_default_values);
  if (created == given) return cluster_dbus(spec, cluster_type, pricing);
  return cluster_dbus(YamlView::parse(created.dump(), spec.where().file), cluster_type, pricing);
}

Json Violation::to_json() const {
  Json j = Json::object();
  j["path"] = path;
  j["rule"] = rule->to_json();
  j["actual"] = missing ? Json() : actual;
  j["missing"] = missing;
  j["message"] = message;
  if (!location.empty()) j["location"] = location;
  return j;
}

std::vector<Violation> check_policy(const Policy& policy, const YamlView& view, const std::string& cluster_type,
                                    const PolicyPricing& pricing) {
  check_cluster_type(cluster_type);
  const Json spec = cluster_json(view);
  ClusterAttributes attributes = flatten_cluster(spec);
  attributes.emplace_back("cluster_type", cluster_type);
  if (policy.uses("dbus_per_hour")) {
    const YamlView root = view.has("new_cluster") && view.node().size() == 1 ? view["new_cluster"] : view;
    attributes.emplace_back(
        "dbus_per_hour", decimal_json(policy_cluster_dbus(policy, root, true, cluster_type, pricing).dbus_per_hour()));
  }
  for (auto& [path, value] : attributes)
    if (path == "spark_version") value = resolved_version(value, pricing);
  return check(policy, spec, attributes, pricing);
}

std::vector<Violation> check_policy(const Policy& policy, const Json& spec, const std::string& cluster_type,
                                    const PolicyPricing& pricing) {
  return check_policy(policy, YamlView::parse(spec.dump(), "<spec>"), cluster_type, pricing);
}

}  // namespace dbcost
