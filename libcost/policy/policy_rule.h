// One rule of a compute policy: the limitation on one attribute path.
//
// Types and fields follow the compute policy reference
// (https://docs.databricks.com/aws/en/admin/clusters/policy-definition, "Supported policy types"):
//   fixed      value                      exactly this value
//   forbidden  -                          the attribute must not be set
//   allowlist  values                     one of these values
//   blocklist  values                     none of these values
//   regex      pattern                    the whole value matches (Java syntax, matched by RE2 in
//                                         linear time; anchored, as the reference's paraphrase
//                                         says — unconfirmed verbatim)
//   range      minValue, maxValue         a number within the bounds (each optional, inclusive)
//   unlimited  -                          no restriction; carries a default or marks optional
// and on any type: defaultValue, isOptional, hidden. `whitelist`/`blacklist`, the names older
// policies used (the pre-2021 docs kept them "because it is the word that appears in the software"),
// are read as allowlist/blocklist.
//
// Leniencies: the Cluster Policies API stores definitions it does not interpret strictly, and dbcost
// reads every stored policy. Each is accepted with a note (RuleNote; `dbcost policy` prints them as
// warnings), never an error:
//  - a field of another type (`value` on an unlimited rule, `values` on a fixed one, `minValue` on
//    an allowlist): ignored, as it limits nothing for that type;
//  - isOptional / hidden given as the strings "true" or "false" (JSON written by hand or by
//    templates): read as the boolean;
//  - minValue / maxValue given as numeric strings: read as the number;
//  - a defaultValue the rule itself refuses (outside an allowlist or a range): kept, as Databricks
//    keeps it; a cluster that takes it breaks the rule, and `policy check` / `apply` report that.
// Still refused: unknown fields and types, a rule that lacks its own field (fixed without value,
// allowlist without values, regex without pattern), a regex RE2 cannot run, minValue > maxValue,
// a defaultValue on a forbidden rule, and objects, lists or null where a value is expected.
//
// Values compare as JSON, except that numbers and numeric strings compare as numbers (exactly,
// as decimals: 1, 1.0 and "1" are equal) and true/false equal the strings "true"/"false": cluster
// specs written in YAML, and Spark confs (always strings), make the distinction meaningless.
// Regex patterns match the value's text (numbers as written in JSON). Databricks reads them as Java
// regexes; dbcost translates them to RE2, which matches in time linear in the value and with bounded
// stack, so a hostile policy cannot hang or crash it. A Java feature RE2 has no equivalent for
// (back-references, lookaround, atomic groups, possessive quantifiers, class intersections and
// nested classes, the U flag, \v) is refused when the policy is read, as an InputError naming it.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/errors.h"
#include "money/decimal.h"
#include "policy/cluster_attributes.h"

namespace re2 {
class RE2;
}

namespace dbcost {

enum class RuleType { Fixed, Forbidden, Allowlist, Blocklist, Regex, Range, Unlimited };

// Something the rule's text says that dbcost read leniently; `field` is the rule field it is about.
struct RuleNote {
  std::string field;
  std::string message;
};

struct PolicyRule {
  std::string path;
  RuleType type = RuleType::Unlimited;
  Json value;                // fixed
  std::vector<Json> values;  // allowlist, blocklist
  std::string pattern;       // regex
  std::optional<Decimal> min_value, max_value;
  std::optional<Json> default_value;
  bool is_optional = false;
  bool hidden = false;
  SourceLocation where;
  std::vector<RuleNote> notes;

  // Whether a missing attribute is allowed: optional, or a default fills it. fixed and forbidden
  // never need the attribute (Databricks applies fixed values to omitted fields whatever
  // apply_policy_default_values says).
  bool may_be_missing() const;
  // Whether `v` satisfies the rule (the attribute being present).
  bool accepts(const Json& v) const;
  // `range(minValue=10, maxValue=120)`, `fixed(value=PHOTON)`, `allowlist(values=[a, b])`, ...
  std::string describe() const;
  Json to_json() const;  // the rule in the policy language

 private:
  friend PolicyRule parse_rule(const std::string&, const Json&,
                               const std::function<SourceLocation(const std::string&)>&);
  std::shared_ptr<const re2::RE2> regex_;  // compiled `pattern`
};

std::string to_string(RuleType t);
// Reads one rule. `locate(field)` gives the location of a field of the rule ("" = the rule) for
// errors: unknown fields and types (with a did-you-mean), missing or misplaced fields, bad values.
PolicyRule parse_rule(const std::string& path, const Json& body,
                      const std::function<SourceLocation(const std::string&)>& locate);

// Numbers and numeric strings as exact decimals; nullopt for anything else.
std::optional<Decimal> json_decimal(const Json& v);
Json decimal_json(Decimal d);
bool policy_values_equal(const Json& a, const Json& b);

}  // namespace dbcost
