#include "bundle/bundle_variables.h"

#include <algorithm>
#include <cstdlib>

namespace dbcost {

VariableResolver::VariableResolver(const BundleSources& sources, std::map<std::string, VariableDefinition> definitions,
                                   VariableInputs inputs, std::string bundle_name, std::string target)
    : sources_(sources),
      definitions_(std::move(definitions)),
      inputs_(std::move(inputs)),
      bundle_name_(std::move(bundle_name)),
      target_(std::move(target)) {}

std::optional<std::string> VariableResolver::environment(const std::string& name) const {
  const std::string key = "BUNDLE_VAR_" + name;
  if (inputs_.environment) {
    const auto it = inputs_.environment->find(key);
    if (it == inputs_.environment->end()) return std::nullopt;
    return it->second;
  }
  const char* v = std::getenv(key.c_str());
  if (!v) return std::nullopt;
  return std::string(v);
}

YAML::Node VariableResolver::value_node(const std::string& name, const YamlView& used_at, std::string* origin) {
  const auto def_it = definitions_.find(name);
  if (def_it == definitions_.end()) {
    std::vector<std::string> names;
    for (const auto& [n, d] : definitions_) names.push_back(n);
    used_at.fail("unknown variable '" + name + "'" + did_you_mean(name, names) +
                 (names.empty() ? " (the bundle defines no variables)" : ""));
  }
  const auto& def = def_it->second;
  std::string from;
  std::optional<YAML::Node> raw;
  if (const auto cli = inputs_.cli.find(name); cli != inputs_.cli.end()) {
    if (def.complex)
      used_at.fail("variable '" + name + "' is complex: it cannot be set with --var (give it in a target)");
    raw.emplace(cli->second);
    from = "--var";
  } else if (const auto env = environment(name); env && !def.complex) {
    raw.emplace(*env);
    from = "BUNDLE_VAR_" + name;
  } else if (const auto file = inputs_.overrides_file.find(name); file != inputs_.overrides_file.end()) {
    raw.emplace(file->second);
    from = "variable-overrides.json";
  } else if (def.value) {
    raw.emplace(*def.value);
    from = def.value_origin;
  } else if (!def.lookup.empty()) {
    raw.emplace(def.lookup);
    from = "lookup";
  }
  if (origin) *origin = from;
  if (const auto c = cache_.find(name); c != cache_.end()) return c->second;
  if (!raw)
    used_at.fail("variable '" + name + "' has no value: give --var " + name + "=..., BUNDLE_VAR_" + name +
                 ", a value under targets." + target_ + ".variables, or a default");
  if (std::find(resolving_.begin(), resolving_.end(), name) != resolving_.end()) {
    std::string cycle;
    for (auto it = std::find(resolving_.begin(), resolving_.end(), name); it != resolving_.end(); ++it)
      cycle += *it + " -> ";
    used_at.fail("variables refer to each other in a cycle: " + cycle + name);
  }
  resolving_.push_back(name);
  const YAML::Node resolved = resolve(*raw, "variables." + name);
  resolving_.pop_back();
  if (!def.complex && (resolved.IsMap() || resolved.IsSequence()))
    sources_.view(resolved, "variables." + name)
        .fail("variable '" + name + "' holds " + (resolved.IsMap() ? "a mapping" : "a list") +
              ": declare it with type: complex");
  cache_.emplace(name, resolved);
  return resolved;
}

std::pair<std::string, std::string> VariableResolver::value_of(const std::string& name, const YamlView& used_at) {
  std::string origin;
  const YAML::Node v = value_node(name, used_at, &origin);
  if (v.IsScalar()) return {v.Scalar(), origin};
  YAML::Emitter e;
  e << YAML::Flow << v;
  return {e.c_str(), origin};
}

YAML::Node VariableResolver::reference(const std::string& ref, const YamlView& used_at, bool* found) {
  *found = true;
  if (ref == "bundle.target" || ref == "bundle.environment") return YAML::Node(target_);
  if (ref == "bundle.name") return YAML::Node(bundle_name_);
  if (ref.rfind("var.", 0) != 0) {
    *found = false;
    return YAML::Node();
  }
  const std::string rest = ref.substr(4);
  const auto end = rest.find_first_of(".[");
  const std::string name = rest.substr(0, end);
  std::optional<YAML::Node> node;
  node.emplace(value_node(name, used_at, nullptr));
  std::size_t pos = end;
  std::string walked = name;
  while (pos != std::string::npos && pos < rest.size()) {
    if (rest[pos] == '.') {
      const auto next = rest.find_first_of(".[", pos + 1);
      const std::string key = rest.substr(pos + 1, next == std::string::npos ? std::string::npos : next - pos - 1);
      const YAML::Node& current = *node;
      if (!current.IsMap() || !current[key].IsDefined())
        used_at.fail("variable '" + walked + "' has no key '" + key + "'");
      const YAML::Node child = current[key];
      node.emplace(child);
      walked += "." + key;
      pos = next;
    } else {
      const auto close = rest.find(']', pos);
      const std::string index = rest.substr(pos + 1, close == std::string::npos ? std::string::npos : close - pos - 1);
      std::size_t i = 0;
      try {
        i = static_cast<std::size_t>(std::stoul(index));
      } catch (const std::exception&) {
        used_at.fail("expected a list index in '${" + ref + "}', got '" + index + "'");
      }
      const YAML::Node& current = *node;
      if (!current.IsSequence() || i >= current.size())
        used_at.fail("variable '" + walked + "' has no item [" + index + "]");
      const YAML::Node child = current[i];
      node.emplace(child);
      walked += "[" + index + "]";
      pos = close == std::string::npos ? close : close + 1;
    }
  }
  return *node;
}

YAML::Node VariableResolver::resolve_string(const YAML::Node& node, const std::string& path) {
  const std::string& s = node.Scalar();
  if (s.find("${") == std::string::npos) return node;
  const YamlView at = sources_.view(node, path);
  std::string out;
  bool changed = false;
  std::size_t pos = 0;
  while (pos < s.size()) {
    const auto open = s.find("${", pos);
    const auto close = open == std::string::npos ? open : s.find('}', open);
    if (open == std::string::npos || close == std::string::npos) {
      out += s.substr(pos);
      break;
    }
    out += s.substr(pos, open - pos);
    const std::string ref = s.substr(open + 2, close - open - 2);
    bool found = false;
    const YAML::Node value = reference(ref, at, &found);
    if (!found) {
      out += s.substr(open, close + 1 - open);
    } else if (value.IsScalar()) {
      out += value.Scalar();
      changed = true;
    } else if (open == 0 && close + 1 == s.size()) {
      return resolve(value, path);
    } else if (value.IsNull() || !value.IsDefined()) {
      changed = true;
    } else {
      at.fail("'${" + ref + "}' is a complex value: it can only stand alone as a whole value, not inside a string");
    }
    pos = close + 1;
  }
  return changed ? sources_.scalar_at(out, node) : node;
}

YAML::Node VariableResolver::resolve(const YAML::Node& node, const std::string& path) {
  if (node.IsMap()) {
    YAML::Node out(YAML::NodeType::Map);
    for (auto it = node.begin(); it != node.end(); ++it) {
      const std::string k = it->first.IsScalar() ? it->first.Scalar() : std::string();
      out.force_insert(it->first, resolve(it->second, path.empty() ? k : path + "." + k));
    }
    return out;
  }
  if (node.IsSequence()) {
    YAML::Node out(YAML::NodeType::Sequence);
    std::size_t i = 0;
    for (const auto& item : node) out.push_back(resolve(item, path + "[" + std::to_string(i++) + "]"));
    return out;
  }
  if (node.IsScalar()) return resolve_string(node, path);
  return node;
}

std::pair<std::string, std::string> parse_var_assignment(const std::string& text) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0)
    throw InputError({"", 0, 0, "--var"}, "expected name=value, got '" + text + "'");
  return {text.substr(0, eq), text.substr(eq + 1)};
}

}  // namespace dbcost
