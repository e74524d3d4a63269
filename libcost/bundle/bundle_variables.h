// Bundle variables and `${...}` substitution, as the Databricks CLI resolves them
// (databricks/cli bundle/config/variable/variable.go and the bundle docs, docs/bundles.md).
//
// A variable's value, first found wins: `--var name=value`, the environment variable
// BUNDLE_VAR_<name>, .databricks/bundle/<target>/variable-overrides.json, the selected target's
// `variables.<name>` (a value, or {default: ...}), the root's `variables.<name>.default`, a
// `lookup` (dbcost does not call the workspace: the value is the looked-up object's name).
// None of them is an error. A `type: complex` variable holds a mapping or list: `"${var.x}"` as a
// whole string becomes that structure, and `${var.x.key}` reads inside it.
// References resolved anywhere in strings: ${var.<name>[.path]}, ${bundle.target},
// ${bundle.name} (and the older ${bundle.environment}); other references (${workspace.*},
// ${resources.*}, ...) stay as written. Values may refer to other variables; a cycle is an error.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "bundle/bundle_sources.h"

namespace dbcost {

struct VariableDefinition {
  std::string name;
  bool complex = false;
  std::optional<YAML::Node> value;  // the default, after the target's override
  std::string value_origin;         // "default", "target", ...
  std::string lookup;               // "<kind> '<name>'" when the variable is a lookup
  YAML::Node definition;            // for locations
};

struct VariableInputs {
  std::map<std::string, std::string> cli;                         // --var name=value
  std::optional<std::map<std::string, std::string>> environment;  // nullopt = the process environment
  std::map<std::string, YAML::Node> overrides_file;               // variable-overrides.json
};

class VariableResolver {
 public:
  VariableResolver(const BundleSources& sources, std::map<std::string, VariableDefinition> definitions,
                   VariableInputs inputs, std::string bundle_name, std::string target);

  // A copy of `node` with every reference in its strings resolved (fresh containers; strings
  // that changed become new scalars at their old position).
  YAML::Node resolve(const YAML::Node& node, const std::string& path);
  // A simple variable's value as text, and where it came from (cli, env, overrides file,
  // target, default, lookup).
  std::pair<std::string, std::string> value_of(const std::string& name, const YamlView& used_at);
  const std::map<std::string, VariableDefinition>& definitions() const { return definitions_; }
  void set_bundle_name(std::string name) { bundle_name_ = std::move(name); }

 private:
  YAML::Node value_node(const std::string& name, const YamlView& used_at, std::string* origin);
  YAML::Node reference(const std::string& ref, const YamlView& used_at, bool* found);
  YAML::Node resolve_string(const YAML::Node& node, const std::string& path);
  std::optional<std::string> environment(const std::string& name) const;

  const BundleSources& sources_;
  std::map<std::string, VariableDefinition> definitions_;
  VariableInputs inputs_;
  std::string bundle_name_;
  std::string target_;
  std::vector<std::string> resolving_;
  std::map<std::string, YAML::Node> cache_;
};

// Parses "name=value" (the --var flag); throws InputError naming --var.
std::pair<std::string, std::string> parse_var_assignment(const std::string& text);

}  // namespace dbcost
