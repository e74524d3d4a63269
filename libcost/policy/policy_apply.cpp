#include "policy/policy_apply.h"

#include <algorithm>

namespace dbcost {

namespace {

bool is_virtual(const std::string& path) { return path == "cluster_type" || path == "dbus_per_hour"; }

bool autoscales(const Json& spec) { return spec.contains("autoscale") && !spec["autoscale"].is_null(); }

bool other_sizing_form(const std::string& path, const Json& spec) {
  if (path == "num_workers") return autoscales(spec);
  if (path.rfind("autoscale.", 0) == 0) return !autoscales(spec);
  return false;
}

class Editor {
 public:
  explicit Editor(Json spec) : spec_(std::move(spec)) {
    if (!spec_.is_object()) spec_ = Json::object();
  }

  std::optional<Json> get(const std::string& path) const {
    const auto attributes = flatten_cluster(spec_);
    if (const Json* v = find_attribute(attributes, path)) return *v;
    return std::nullopt;
  }

  void set(const std::string& path, const Json& value, const std::string& reason) {
    const auto before = get(path);
    if (before && *before == value) return;
    set_attribute(spec_, path, value);
    changes_.push_back({path, before ? *before : Json(), value, reason});
  }

  // A leaf, or a whole block (`autoscale`, `init_scripts`).
  std::optional<Json> get_any(const std::string& path) const {
    if (auto leaf = get(path)) return leaf;
    if (const Json* node = find_subtree(spec_, path)) return *node;
    return std::nullopt;
  }

  void erase(const std::string& path, const std::string& reason) {
    const auto before = get_any(path);
    if (!before) return;
    erase_attribute(spec_, path);
    changes_.push_back({path, *before, Json(), reason});
  }

  // Attribute paths a rule applies to: its own, or every match of a wildcard (last first, so
  // removing list items keeps the earlier indexes valid).
  std::vector<std::string> targets(const PolicyRule& rule) const {
    if (!is_wildcard_path(rule.path)) return {rule.path};
    std::vector<std::string> out;
    for (const auto& [path, value] : flatten_cluster(spec_))
      if (path_matches(rule.path, path)) out.push_back(path);
    std::reverse(out.begin(), out.end());
    return out;
  }

  const Json& spec() const { return spec_; }
  std::vector<PolicyChange>& changes() { return changes_; }

 private:
  Json spec_;
  std::vector<PolicyChange> changes_;
};

void fill(Editor& e, const PolicyRule& rule, bool apply_default_values) {
  if (e.get(rule.path)) return;
  if (rule.type == RuleType::Fixed && rule.path == "num_workers" && autoscales(e.spec())) {
    e.erase("autoscale", "fixed num_workers replaces autoscale");
    e.set(rule.path, rule.value, "fixed");
    return;
  }
  if (other_sizing_form(rule.path, e.spec())) return;
  if (rule.type == RuleType::Fixed) {
    e.set(rule.path, rule.value, "fixed");
  } else if (apply_default_values && rule.default_value) {
    e.set(rule.path, *rule.default_value, "defaultValue");
  }
}

// A value the rule does not accept: the default, else the first allowed value, else none.
void replace(Editor& e, const PolicyRule& rule, const std::string& path, bool present) {
  if (rule.default_value) {
    e.set(path, *rule.default_value, present ? "not accepted: defaultValue" : "required: defaultValue");
  } else if (rule.type == RuleType::Allowlist) {
    e.set(path, rule.values.front(), present ? "not in allowlist: first value" : "required: first allowed value");
  } else if (present && rule.may_be_missing()) {
    e.erase(path, "not accepted: removed");
  }
}

void enforce_rule(Editor& e, const PolicyRule& rule) {
  const bool wildcard = is_wildcard_path(rule.path);
  for (const auto& path : e.targets(rule)) {
    const auto v = e.get(path);
    if (rule.type == RuleType::Forbidden) {
      e.erase(path, "forbidden");
      continue;
    }
    if (rule.type == RuleType::Fixed && path == "num_workers" && autoscales(e.spec())) {
      e.erase("autoscale", "fixed num_workers replaces autoscale");
      e.set(path, rule.value, "fixed");
      continue;
    }
    if (!v) {
      if (wildcard || other_sizing_form(path, e.spec())) continue;
      if (rule.type == RuleType::Fixed) {
        e.set(path, rule.value, "fixed");
      } else if (rule.default_value) {
        e.set(path, *rule.default_value, "defaultValue");
      } else if (!rule.is_optional && rule.type == RuleType::Range) {
        e.set(path, decimal_json(rule.min_value ? *rule.min_value : *rule.max_value), "required: range bound");
      } else if (!rule.is_optional && rule.type == RuleType::Allowlist) {
        replace(e, rule, path, false);
      }
      continue;
    }
    if (rule.accepts(*v)) continue;
    if (rule.type == RuleType::Fixed) {
      e.set(path, rule.value, "fixed");
    } else if (rule.type == RuleType::Range && json_decimal(*v)) {
      const Decimal d = *json_decimal(*v);
      if (rule.min_value && d < *rule.min_value) e.set(path, decimal_json(*rule.min_value), "clamped to minValue");
      if (rule.max_value && d > *rule.max_value) e.set(path, decimal_json(*rule.max_value), "clamped to maxValue");
    } else {
      replace(e, rule, path, true);
    }
  }
}

void keep_autoscale_ordered(Editor& e) {
  const auto mn = e.get("autoscale.min_workers");
  const auto mx = e.get("autoscale.max_workers");
  if (!mn || !mx) return;
  const auto a = json_decimal(*mn);
  const auto b = json_decimal(*mx);
  if (a && b && *a > *b) e.set("autoscale.min_workers", *mx, "lowered to max_workers");
}

void enforce_dbus(Editor& e, const Policy& policy, const PolicyRule& rule, const std::string& cluster_type,
                  const PolicyPricing& pricing) {
  if (!rule.max_value) return;
  const ClusterDbus dbus =
      policy_cluster_dbus(policy, YamlView::parse(e.spec().dump(), "<enforced spec>"), true, cluster_type, pricing);
  if (dbus.dbus_per_hour() <= *rule.max_value) return;
  const int n = dbus.workers_within(*rule.max_value);
  if (n < 0) return;
  const std::string reason = "dbus_per_hour maxValue=" + rule.max_value->to_string() + ": " +
                             dbus.driver_dbus_per_hour.to_string() + " + " + std::to_string(n) + " x " +
                             dbus.worker_dbus_per_hour.to_string() + " DBU/h";
  if (autoscales(e.spec())) {
    e.set("autoscale.max_workers", n, reason);
    const auto mn = e.get("autoscale.min_workers");
    if (mn && json_decimal(*mn) && *json_decimal(*mn) > Decimal::from_int(n))
      e.set("autoscale.min_workers", n, "lowered to max_workers");
  } else {
    e.set("num_workers", n, reason);
  }
}

// A fixed instance_pool_id: the pool gives the node types, and Databricks drops the spec's. The
// violations are read before, with the spec's node type standing for the pool's (dbcost does not
// know the pool).
void drop_pool_node_types(const Policy& policy, Editor& e) {
  const PolicyRule* pool = policy.rule("instance_pool_id");
  if (pool == nullptr || pool->type != RuleType::Fixed) return;
  const auto id = e.get("instance_pool_id");
  if (!id || !policy_values_equal(*id, pool->value)) return;
  e.erase("node_type_id", "fixed instance_pool_id: the pool gives the node type");
  e.erase("driver_node_type_id", "fixed instance_pool_id: the pool gives the node type");
}

AppliedSpec finish(const Policy& policy, Editor& e, const std::string& cluster_type, const PolicyPricing& pricing) {
  AppliedSpec out;
  out.remaining = check_policy(policy, e.spec(), cluster_type, pricing);
  drop_pool_node_types(policy, e);
  out.spec = e.spec();
  out.hidden = policy.hidden_paths();
  out.changes = std::move(e.changes());
  return out;
}

}  // namespace

Json PolicyChange::to_json() const {
  Json j = Json::object();
  j["path"] = path;
  j["before"] = before;
  j["after"] = after;
  j["reason"] = reason;
  return j;
}

AppliedSpec apply_policy(const Policy& policy, const Json& spec, bool apply_default_values,
                         const std::string& cluster_type, const PolicyPricing& pricing) {
  check_cluster_type(cluster_type);
  Editor e(spec);
  for (const auto& rule : policy.rules)
    if (!is_virtual(rule.path) && !is_wildcard_path(rule.path)) fill(e, rule, apply_default_values);
  return finish(policy, e, cluster_type, pricing);
}

AppliedSpec enforce_policy(const Policy& policy, const Json& spec, const std::string& cluster_type,
                           const PolicyPricing& pricing) {
  check_cluster_type(cluster_type);
  Editor e(spec);
  for (const auto& rule : policy.rules)
    if (!is_virtual(rule.path)) enforce_rule(e, rule);
  keep_autoscale_ordered(e);
  if (const PolicyRule* dbus = policy.rule("dbus_per_hour")) enforce_dbus(e, policy, *dbus, cluster_type, pricing);
  return finish(policy, e, cluster_type, pricing);
}

Json applied_json(const AppliedSpec& applied) {
  Json j = Json::object();
  j["spec"] = applied.spec;
  j["hidden"] = applied.hidden;
  j["changes"] = Json::array();
  for (const auto& c : applied.changes) j["changes"].push_back(c.to_json());
  j["violations"] = Json::array();
  for (const auto& v : applied.remaining) j["violations"].push_back(v.to_json());
  return j;
}

}  // namespace dbcost
