#include "policy/cluster_attributes.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

#include "core/ascii_case.h"

namespace dbcost {

namespace {

bool is_whole_key_map(const std::string& name) {
  return name == "spark_conf" || name == "spark_env_vars" || name == "custom_tags";
}

bool all_digits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
}

std::string child_path(const std::string& parent, const std::string& step) {
  std::string out = parent;
  out += '.';
  out += step;
  return out;
}

Json plain_scalar(const std::string& s) {
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return nullptr;
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  const char* begin = s.data() + (s[0] == '+' ? 1 : 0);
  const char* end = s.data() + s.size();
  std::int64_t i = 0;
  if (auto [p, ec] = std::from_chars(begin, end, i); ec == std::errc() && p == end) return i;
  const char first = *begin == '-' ? (begin + 1 < end ? begin[1] : ' ') : *begin;
  if (std::isdigit(static_cast<unsigned char>(first)) || first == '.') {
    double d = 0;
    if (auto [p, ec] = std::from_chars(begin, end, d); ec == std::errc() && p == end && std::isfinite(d)) return d;
  }
  return s;
}

void flatten_into(const Json& value, const std::string& path, ClusterAttributes& out) {
  if (value.is_null()) return;
  if (value.is_object() && !value.empty()) {
    for (const auto& [k, v] : value.items()) flatten_into(v, child_path(path, k), out);
  } else if (value.is_array() && !value.empty()) {
    for (std::size_t i = 0; i < value.size(); ++i) flatten_into(value[i], child_path(path, std::to_string(i)), out);
  } else {
    out.emplace_back(path, value);
  }
}

// The one destination block of cluster_log_conf ({"dbfs": {"destination": ...}}), or "".
std::string log_conf_kind(const Json& conf) {
  if (!conf.is_object() || conf.size() != 1 || !conf.begin().value().is_object()) return "";
  return conf.begin().key();
}

}  // namespace

Json yaml_to_json(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Scalar:
      if (!node.Tag().empty() && node.Tag() != "?") return node.Scalar();
      return plain_scalar(node.Scalar());
    case YAML::NodeType::Sequence: {
      Json out = Json::array();
      for (const auto& item : node) out.push_back(yaml_to_json(item));
      return out;
    }
    case YAML::NodeType::Map: {
      Json out = Json::object();
      for (const auto& kv : node) out[kv.first.Scalar()] = yaml_to_json(kv.second);
      return out;
    }
    default:
      return nullptr;
  }
}

Json cluster_json(const YamlView& view) {
  view.expect_map();
  if (view.has("new_cluster") && view.node().size() == 1) return cluster_json(view["new_cluster"]);
  return yaml_to_json(view.node());
}

ClusterAttributes flatten_cluster(const Json& spec) {
  ClusterAttributes out;
  if (!spec.is_object()) return out;
  for (const auto& [key, value] : spec.items()) {
    if (is_whole_key_map(key) && value.is_object()) {
      for (const auto& [k, v] : value.items()) flatten_into(v, child_path(key, k), out);
      continue;
    }
    flatten_into(value, key, out);
    if (key == "cluster_log_conf") {
      const std::string kind = log_conf_kind(value);
      if (kind.empty()) continue;
      out.emplace_back("cluster_log_conf.type", ascii_upper(kind));
      const auto& block = value[kind];
      if (block.contains("destination")) out.emplace_back("cluster_log_conf.path", block["destination"]);
    }
  }
  return out;
}

const Json* find_attribute(const ClusterAttributes& attributes, const std::string& path) {
  for (const auto& [p, v] : attributes)
    if (p == path) return &v;
  return nullptr;
}

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> out;
  const auto dot = path.find('.');
  if (dot != std::string::npos && is_whole_key_map(path.substr(0, dot)))
    return {path.substr(0, dot), path.substr(dot + 1)};
  std::size_t start = 0;
  while (true) {
    const auto next = path.find('.', start);
    out.push_back(path.substr(start, next == std::string::npos ? std::string::npos : next - start));
    if (next == std::string::npos) break;
    start = next + 1;
  }
  return out;
}

const Json* find_subtree(const Json& spec, const std::string& path) {
  const Json* node = &spec;
  for (const auto& step : split_path(path)) {
    if (node->is_object() && node->contains(step)) {
      node = &(*node)[step];
    } else if (node->is_array() && !step.empty() && step.find_first_not_of("0123456789") == std::string::npos &&
               std::stoul(step) < node->size()) {
      node = &(*node)[std::stoul(step)];
    } else {
      return nullptr;
    }
  }
  return node;
}

bool is_wildcard_path(const std::string& path) {
  const auto steps = split_path(path);
  return std::find(steps.begin(), steps.end(), "*") != steps.end();
}

bool path_matches(const std::string& rule_path, const std::string& attribute_path) {
  if (rule_path == attribute_path) return true;
  if (rule_path.find('*') == std::string::npos) return false;
  const auto r = split_path(rule_path);
  const auto a = split_path(attribute_path);
  if (r.size() != a.size()) return false;
  for (std::size_t i = 0; i < r.size(); ++i)
    if (r[i] != "*" && r[i] != a[i]) return false;
  return true;
}

void set_attribute(Json& spec, const std::string& path, const Json& value) {
  if (path == "cluster_log_conf.type" || path == "cluster_log_conf.path") {
    Json& conf = spec["cluster_log_conf"];
    if (!conf.is_object()) conf = Json::object();
    std::string kind = log_conf_kind(conf);
    if (path == "cluster_log_conf.path") {
      conf[kind.empty() ? "dbfs" : kind]["destination"] = value;
    } else {
      Json block = kind.empty() ? Json::object() : conf[kind];
      conf = Json::object();
      conf[ascii_lower(value_text(value))] = block;
    }
    return;
  }
  const auto steps = split_path(path);
  Json* node = &spec;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const bool last = i + 1 == steps.size();
    const std::string& step = steps[i];
    Json* child = nullptr;
    if (node->is_array() && all_digits(step)) {
      const auto index = static_cast<std::size_t>(std::stoul(step));
      while (node->size() <= index) node->push_back(last ? Json() : Json::object());
      child = &(*node)[index];
    } else {
      if (!node->is_object()) *node = Json::object();
      child = &(*node)[step];
    }
    if (last) {
      *child = value;
      return;
    }
    if (child->is_null()) {
      const bool list = !(i == 0 && is_whole_key_map(step)) && all_digits(steps[i + 1]);
      *child = list ? Json::array() : Json::object();
    }
    node = child;
  }
}

void erase_attribute(Json& spec, const std::string& path) {
  if (path == "cluster_log_conf.type" || path == "cluster_log_conf.path") {
    spec.erase("cluster_log_conf");
    return;
  }
  const auto steps = split_path(path);
  std::vector<std::pair<Json*, std::string>> trail;
  Json* node = &spec;
  for (const auto& step : steps) {
    trail.emplace_back(node, step);
    if (node->is_array() && all_digits(step) && std::stoul(step) < node->size()) {
      node = &(*node)[std::stoul(step)];
    } else if (node->is_object() && node->contains(step)) {
      node = &(*node)[step];
    } else {
      return;
    }
  }
  for (auto it = trail.rbegin(); it != trail.rend(); ++it) {
    Json& parent = *it->first;
    if (parent.is_array()) {
      parent.erase(std::stoul(it->second));
    } else {
      parent.erase(it->second);
    }
    if (!parent.empty() || it + 1 == trail.rend()) break;
  }
}

std::string value_text(const Json& value) { return value.is_string() ? value.get<std::string>() : value.dump(); }

}  // namespace dbcost
