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

namespace {

std::string size_text(std::size_t bytes) {
  return std::to_string(bytes >> 20) + " MiB (" + std::to_string(bytes) + " bytes)";
}

// "a -> b -> c", or its first and last three names and how many there are.
std::string join_chain(const std::vector<std::string>& names) {
  std::string out;
  const bool shorten = names.size() > 8;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (shorten && i == 3) {
      out += " -> ...";
      i = names.size() - 4;
      continue;
    }
    out += (out.empty() ? "" : " -> ") + names[i];
  }
  if (shorten) out += " (" + std::to_string(names.size()) + " variables)";
  return out;
}

std::string depth_message(const std::string& chain) {
  return "variables refer to each other more than " + std::to_string(kMaxVariableDepth) +
         " levels deep, the most dbcost follows: " + chain;
}

[[noreturn]] void refuse(const YamlView& at, const std::string& message) {
  throw VariableLimitError(at.where(), message);
}

}  // namespace

std::string VariableResolver::chain_to(const std::string& name) const {
  std::vector<std::string> names;
  for (const auto& f : resolving_) names.push_back(f.name);
  names.push_back(name);
  for (auto it = cache_.find(name); it != cache_.end() && !it->second.next.empty(); it = cache_.find(it->second.next))
    names.push_back(it->second.next);
  return join_chain(names);
}

std::string VariableResolver::chain_of(const std::string& ref) const {
  if (ref.rfind("var.", 0) != 0) return "${" + ref + "}";
  const std::string rest = ref.substr(4);
  return chain_to(rest.substr(0, rest.find_first_of(".[")));
}

void VariableResolver::refer_to(const std::string& name, const Resolved& r, const YamlView& used_at) {
  if (resolving_.size() + r.height > kMaxVariableDepth) refuse(used_at, depth_message(chain_to(name)));
  if (!resolving_.empty() && r.height > resolving_.back().below) {
    resolving_.back().below = r.height;
    resolving_.back().deepest = name;
  }
}

void VariableResolver::charge_copy(std::size_t bytes) {
  Placement& p = placing_.back();
  p.bytes += bytes;
  total_bytes_ += bytes;
  ++copied_values_;
  if (p.bytes > kMaxVariableValueBytes)
    refuse(p.at, "'${" + p.ref + "}' expands to more than " + size_text(kMaxVariableValueBytes) +
                     ", the most dbcost expands one value to: " + chain_of(p.ref));
  if (total_bytes_ > kMaxVariableTotalBytes)
    refuse(p.at, "'${" + p.ref + "}' takes the values expanded from variables past " +
                     size_text(kMaxVariableTotalBytes) + " in all, the most dbcost expands: " + chain_of(p.ref));
  if (copied_values_ > kMaxVariableCopiedValues)
    refuse(p.at, "'${" + p.ref + "}' takes the values copied from complex variables past " +
                     std::to_string(kMaxVariableCopiedValues) + ", the most dbcost copies: " + chain_of(p.ref));
}

void VariableResolver::charge_total(std::size_t bytes, const YamlView& at, const std::string& ref) {
  total_bytes_ += bytes;
  if (total_bytes_ > kMaxVariableTotalBytes)
    refuse(at, "'${" + ref + "}' takes the values expanded from variables past " + size_text(kMaxVariableTotalBytes) +
                   " in all, the most dbcost expands: " + chain_of(ref));
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
  if (def.fixed) {
    raw.emplace(*def.fixed);
    from = "value";
  } else if (const auto cli = inputs_.cli.find(name); cli != inputs_.cli.end()) {
    if (def.complex)
      used_at.fail("variable '" + name + "' is complex: it cannot be set with --var (give it in a target)");
    raw.emplace(cli->second);
    from = "--var";
  } else if (const auto env = environment(name)) {
    if (def.complex)
      used_at.fail("variable '" + name + "' is complex: it cannot be set with the environment variable BUNDLE_VAR_" +
                   name + " (give it in a target or in variable-overrides.json)");
    raw.emplace(*env);
    from = "BUNDLE_VAR_" + name;
  } else if (!def.lookup.empty()) {
    raw.emplace(def.lookup);
    from = "lookup";
  } else if (const auto file = inputs_.overrides_file.find(name); file != inputs_.overrides_file.end()) {
    const bool structured = file->second.IsMap() || file->second.IsSequence();
    if (def.complex != structured)
      sources_.view(file->second, name)
          .fail(std::string("variable '") + name + "' is " + (def.complex ? "" : "not ") + "of type complex, but " +
                (structured ? "its value here is a mapping or list" : "its value here is not a mapping or list"));
    raw.emplace(file->second);
    from = "variable-overrides.json";
  } else if (def.value) {
    raw.emplace(*def.value);
    from = def.value_origin;
  }
  if (origin) *origin = from;
  if (const auto c = cache_.find(name); c != cache_.end()) {
    refer_to(name, c->second, used_at);
    return c->second.value;
  }
  if (!raw)
    used_at.fail("variable '" + name + "' has no value: give --var " + name + "=..., BUNDLE_VAR_" + name +
                 ", .databricks/bundle/" + target_ + "/variable-overrides.json, a value under targets." + target_ +
                 ".variables, or a default");
  const auto open = std::find_if(resolving_.begin(), resolving_.end(), [&](const Frame& f) { return f.name == name; });
  if (open != resolving_.end()) {
    std::string cycle;
    for (auto it = open; it != resolving_.end(); ++it) cycle += it->name + " -> ";
    used_at.fail("variables refer to each other in a cycle: " + cycle + name);
  }
  if (resolving_.size() + 1 > kMaxVariableDepth) refuse(used_at, depth_message(chain_to(name)));
  resolving_.push_back(Frame{name, 0, ""});
  std::optional<YAML::Node> resolved;
  try {
    resolved.emplace(resolve(*raw, "variables." + name));
  } catch (...) {
    resolving_.pop_back();
    throw;
  }
  const Frame frame = resolving_.back();
  resolving_.pop_back();
  const Resolved& r = cache_.emplace(name, Resolved{*resolved, frame.below + 1, frame.deepest}).first->second;
  refer_to(name, r, used_at);
  return r.value;
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
  std::string last_ref;
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
      if (out.size() + value.Scalar().size() > kMaxVariableValueBytes)
        refuse(at, "substituting '${" + ref + "}' makes this value longer than " + size_text(kMaxVariableValueBytes) +
                       ", the most dbcost expands one value to: " + chain_of(ref));
      out += value.Scalar();
      last_ref = ref;
      changed = true;
    } else if (open == 0 && close + 1 == s.size()) {
      // A complex value standing alone: copied here, every copy counted against the bounds.
      if (placing_.size() >= kMaxVariableDepth) {
        std::vector<std::string> refs;
        for (const auto& p : placing_) refs.push_back("${" + p.ref + "}");
        refs.push_back("${" + ref + "}");
        refuse(at, "complex values are placed inside each other more than " + std::to_string(kMaxVariableDepth) +
                       " levels deep, the most dbcost follows: " + join_chain(refs));
      }
      placing_.push_back(Placement{at, ref, 0});
      std::optional<YAML::Node> copy;
      try {
        copy.emplace(resolve(value, path));
      } catch (...) {
        placing_.pop_back();
        throw;
      }
      const std::size_t bytes = placing_.back().bytes;
      placing_.pop_back();
      if (!placing_.empty()) {
        placing_.back().bytes += bytes;
        charge_copy(0);
      }
      return *copy;
    } else if (value.IsNull() || !value.IsDefined()) {
      last_ref = ref;
      changed = true;
    } else {
      at.fail("'${" + ref + "}' is a complex value: it can only stand alone as a whole value, not inside a string");
    }
    pos = close + 1;
  }
  if (!changed) return node;
  if (out.size() > kMaxVariableValueBytes)
    refuse(at, "substituting '${" + last_ref + "}' makes this value longer than " + size_text(kMaxVariableValueBytes) +
                   ", the most dbcost expands one value to: " + chain_of(last_ref));
  if (placing_.empty()) charge_total(out.size(), at, last_ref);  // a copy counts its own bytes
  return sources_.scalar_at(out, node);
}

YAML::Node VariableResolver::fresh(YAML::NodeType::value type) {
  YAML::Node n(type);
  arena_.push_back(n);  // n's memory (one node) joins the arena's
  return n;
}

YAML::Node VariableResolver::resolve(const YAML::Node& node, const std::string& path) {
  const bool copying = !placing_.empty();
  if (node.IsMap()) {
    if (copying) charge_copy(0);
    YAML::Node out = fresh(YAML::NodeType::Map);
    for (auto it = node.begin(); it != node.end(); ++it) {
      const std::string k = it->first.IsScalar() ? it->first.Scalar() : std::string();
      if (copying) charge_copy(k.size());
      out.force_insert(it->first, resolve(it->second, path.empty() ? k : path + "." + k));
    }
    return out;
  }
  if (node.IsSequence()) {
    if (copying) charge_copy(0);
    YAML::Node out = fresh(YAML::NodeType::Sequence);
    std::size_t i = 0;
    for (const auto& item : node) out.push_back(resolve(item, path + "[" + std::to_string(i++) + "]"));
    return out;
  }
  if (node.IsScalar()) {
    const YAML::Node r = resolve_string(node, path);
    if (copying) charge_copy(r.IsScalar() ? r.Scalar().size() : 0);
    return r;
  }
  return node;
}

std::pair<std::string, std::string> parse_var_assignment(const std::string& text) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0)
    throw InputError({"", 0, 0, "--var"}, "expected name=value, got '" + text + "'");
  return {text.substr(0, eq), text.substr(eq + 1)};
}

}  // namespace dbcost
