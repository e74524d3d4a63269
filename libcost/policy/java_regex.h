// Policy patterns are Java regexes (java.util.regex, what Databricks validates and matches them
// with); dbcost matches them with RE2, in time linear in the value and without recursion. The
// translation reads a pattern as Java does and writes it in RE2's syntax where the two spell
// the same thing differently (named groups, octal, \u, \e and \cX escapes, counts with leading
// zeros, Java's ASCII classes \p{Alpha} ... \p{Space} and their \P negations, \s and \S, whose
// whitespace includes the vertical tab in Java and not in RE2), and refuses what RE2 cannot match
// or would silently read differently. Everything else passes through; RE2 rejects what it does not
// know (\Z, \G, \R, \h, \p{javaLowerCase}, the x flag, ...).
#pragma once

#include <memory>
#include <string>

namespace re2 {
class RE2;
}

namespace dbcost {

// Why a pattern cannot be matched: a Java feature RE2 lacks (the message names it), or a pattern
// Java would not accept either.
struct RegexRefusal {
  std::string message;
};

// Compiles a policy pattern (Java syntax) with RE2 for RE2::FullMatch, or throws RegexRefusal.
std::shared_ptr<const re2::RE2> compile_policy_regex(const std::string& pattern);

}  // namespace dbcost
