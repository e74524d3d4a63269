// Bundle variables and `${...}` substitution, as the Databricks CLI resolves them
// (databricks/cli bundle/config/variable/variable.go and the bundle docs, docs/bundles.md).
//
// A variable's value, first found wins (databricks/cli bundle/config/mutator/set_variables.go):
// its own `value:`, `--var name=value`, the environment variable BUNDLE_VAR_<name>, a `lookup`
// (dbcost does not call the workspace: the value is the looked-up object's name),
// .databricks/bundle/<target>/variable-overrides.json, the selected target's `variables.<name>`
// (a value, or {default: ...}), the root's `variables.<name>.default`. None of them is an error.
// A variable holds a mapping or list when `type: complex` says so or, as the Databricks CLI
// accepts, when its default is one: `"${var.x}"` as a whole string becomes that structure, and
// `${var.x.key}` reads inside it. A complex variable cannot be set with --var or BUNDLE_VAR_, and
// the overrides file must give it a mapping or list (and a scalar to any other), as the CLI refuses.
// References resolved anywhere in strings: ${var.<name>[.path]}, ${bundle.target},
// ${bundle.name} (and the older ${bundle.environment}); other references (${workspace.*},
// ${resources.*}, ...) stay as written. Values may refer to other variables; a cycle is an error.
//
// A bundle from a pull request is untrusted input, so expansion is bounded: a chain of references
// (`a: ${var.b}`, `b: ${var.c}`, ...) may be kMaxVariableDepth variables deep, one value (a string
// after substitution, or a complex value where it is placed) may expand to kMaxVariableValueBytes,
// and all values together to kMaxVariableTotalBytes, with at most kMaxVariableCopiedValues values
// copied from complex variables. Passing a bound is a VariableLimitError located at the reference
// that passes it. Resolution recurses once per level of references, so the depth bound also keeps
// the stack small.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "bundle/bundle_sources.h"

namespace dbcost {

// Variables in one chain of references (a chain of 4,000 would exhaust the stack; real bundles
// nest a few levels).
inline constexpr std::size_t kMaxVariableDepth = 100;
// Bytes one value may expand to (40 variables each holding four copies of the previous one would
// expand to 4^39 copies of the first).
inline constexpr std::size_t kMaxVariableValueBytes = std::size_t{1} << 20;
// Bytes every expanded value may take together.
inline constexpr std::size_t kMaxVariableTotalBytes = std::size_t{64} << 20;
// Values (mappings, lists, keys, scalars) copied from complex variables, as many as YAML aliases
// may expand to.
inline constexpr std::size_t kMaxVariableCopiedValues = detail::kMaxYamlValues;

// A bound on variable expansion was passed: the bundle is refused whether or not the variable is
// used by what is priced.
class VariableLimitError : public InputError {
 public:
  using InputError::InputError;
};

struct VariableDefinition {
  std::string name;
  bool complex = false;
  std::optional<YAML::Node> fixed;  // `value:` in the definition, ahead of every other source
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
  // A variable being resolved, and the longest chain of variables below it so far.
  struct Frame {
    std::string name;
    std::size_t below = 0;
    std::string deepest;  // the variable starting that chain
  };
  // A resolved variable: its value, the length of its longest chain of references (itself
  // included) and the next variable in that chain.
  struct Resolved {
    YAML::Node value;
    std::size_t height = 1;
    std::string next;
  };
  // A complex value being copied where `${...}` stands alone.
  struct Placement {
    YamlView at;
    std::string ref;
    std::size_t bytes = 0;
  };

  YAML::Node value_node(const std::string& name, const YamlView& used_at, std::string* origin);
  YAML::Node reference(const std::string& ref, const YamlView& used_at, bool* found);
  YAML::Node resolve_string(const YAML::Node& node, const std::string& path);
  std::optional<std::string> environment(const std::string& name) const;
  // Records that the variable being resolved refers to `name`; refuses a chain past the bound.
  void refer_to(const std::string& name, const Resolved& r, const YamlView& used_at);
  // The chain of variables through `name` (the ones being resolved, `name`, its longest chain).
  std::string chain_to(const std::string& name) const;
  // The chain behind a reference's text ("var.a.b" names variable a; other references themselves).
  std::string chain_of(const std::string& ref) const;
  // Counts bytes and values copied from a complex variable, refusing what passes a bound.
  void charge_copy(std::size_t bytes);
  void charge_total(std::size_t bytes, const YamlView& at, const std::string& ref);
  // An empty mapping or list in the arena's memory. yaml-cpp copies a node's whole memory into a
  // container it is inserted into unless they share one, so building every container in its own
  // memory would copy the bundle's nodes once per container (quadratic time).
  YAML::Node fresh(YAML::NodeType::value type);

  const BundleSources& sources_;
  std::map<std::string, VariableDefinition> definitions_;
  VariableInputs inputs_;
  std::string bundle_name_;
  std::string target_;
  std::vector<Frame> resolving_;
  std::map<std::string, Resolved> cache_;
  std::vector<Placement> placing_;
  std::size_t total_bytes_ = 0;
  std::size_t copied_values_ = 0;
  YAML::Node arena_{YAML::NodeType::Sequence};
};

// Parses "name=value" (the --var flag); throws InputError naming --var.
std::pair<std::string, std::string> parse_var_assignment(const std::string& text);

}  // namespace dbcost
