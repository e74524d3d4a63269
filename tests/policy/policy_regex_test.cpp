// Regex rules: Java patterns, matched with RE2 in linear time (libcost/policy/policy_rule.h).
#include <gtest/gtest.h>

#include <string>

#include "policy/policy_rule.h"

namespace dbcost {
namespace {

PolicyRule regex_rule(const std::string& pattern) {
  Json body = {{"type", "regex"}, {"pattern", pattern}};
  return parse_rule("attr", body, [](const std::string& field) {
    return SourceLocation{"p.json", 3, 7, field.empty() ? "attr" : "attr." + field};
  });
}

// The error reading a rule with `pattern`, or "no error".
std::string regex_error(const std::string& pattern) {
  try {
    regex_rule(pattern);
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

std::string refused(const std::string& feature, const std::string& why) {
  return "p.json:3:7: attr.pattern: regex feature not supported: " + feature + " (" + why + ")";
}

std::string no_linear(const std::string& feature, const std::string& what) {
  return refused(feature, "dbcost matches policy regexes in linear time with RE2, which has no " + what);
}

// std::regex recursed once per character: `.*` against 30,000 characters overflowed the stack.
TEST(PolicyRegexTest, DotStarMatchesAHundredThousandCharacters) {
  const std::string value(100'000, 'x');
  EXPECT_TRUE(regex_rule(".*").accepts(Json(value)));
  EXPECT_TRUE(regex_rule("x*").accepts(Json(value)));
  EXPECT_TRUE(regex_rule("(x|y)+").accepts(Json(value)));
  EXPECT_FALSE(regex_rule("x*y").accepts(Json(value)));
}

// std::regex backtracked exponentially: (a+)+$ took 22 s at 31 characters, doubling per character.
TEST(PolicyRegexTest, NestedQuantifiersDoNotBacktrack) {
  const std::string value = std::string(99'999, 'a') + "!";
  EXPECT_FALSE(regex_rule("(a+)+$").accepts(Json(value)));
  EXPECT_FALSE(regex_rule("(a|a)*").accepts(Json(value)));
  EXPECT_FALSE(regex_rule("(a*)*b").accepts(Json(value)));
  EXPECT_FALSE(regex_rule("(.*a){20}").accepts(Json(value)));
  EXPECT_TRUE(regex_rule("(a+)+!").accepts(Json(value)));
}

TEST(PolicyRegexTest, BackReferencesAreRefused) {
  EXPECT_EQ(regex_error("(a)\\1"), no_linear("back-reference \\1", "back-references"));
  // As Java reads it: \1 to \9 always, more digits while the number names an opened group.
  EXPECT_EQ(regex_error("(a)\\12"), no_linear("back-reference \\1", "back-references"));
  EXPECT_EQ(regex_error("(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)(k)(l)\\12"),
            no_linear("back-reference \\12", "back-references"));
  EXPECT_EQ(regex_error("(?<v>1[0-9])\\.\\k<v>"), no_linear("back-reference \\k<v>", "back-references"));
}

TEST(PolicyRegexTest, LookaroundAtomicGroupsAndPossessiveQuantifiersAreRefused) {
  EXPECT_EQ(regex_error("(?=1)[0-9]+"), no_linear("lookahead (?=", "lookaround"));
  EXPECT_EQ(regex_error("(?!13\\.)[0-9.]+"), no_linear("negative lookahead (?!", "lookaround"));
  EXPECT_EQ(regex_error(".*(?<=-photon)"), no_linear("lookbehind (?<=", "lookaround"));
  EXPECT_EQ(regex_error(".*(?<!-ml)"), no_linear("negative lookbehind (?<!", "lookaround"));
  EXPECT_EQ(regex_error("(?>a+)b"), no_linear("atomic group (?>", "atomic groups"));
  EXPECT_EQ(regex_error("a*+"), no_linear("possessive quantifier *+", "possessive quantifiers"));
  EXPECT_EQ(regex_error("a++b"), no_linear("possessive quantifier ++", "possessive quantifiers"));
  EXPECT_EQ(regex_error("a?+"), no_linear("possessive quantifier ?+", "possessive quantifiers"));
  EXPECT_EQ(regex_error("a{2,3}+"), no_linear("possessive quantifier {2,3}+", "possessive quantifiers"));
}

// Java features RE2 would read differently, silently: refused rather than matched another way.
TEST(PolicyRegexTest, JavaSyntaxRE2ReadsDifferentlyIsRefused) {
  EXPECT_EQ(regex_error("[a-z&&[^aeiou]]+"),
            refused("character class intersection &&, at index 4 in the class at index 0",
                    "RE2 has no class intersections and reads && as two '&'"));
  EXPECT_EQ(regex_error("x[a-c[x-z]]"),
            refused("nested character class, the '[' at index 5 in the class at index 1",
                    "RE2 has no class unions and reads '[' in a class as a '[' or a POSIX class like [:alpha:]; "
                    "write \\[ for a '['"));
  EXPECT_EQ(regex_error("(?U)\\w+"),
            refused("flag U in (?U",
                    "Java's U makes \\w, \\d, \\s and \\b Unicode-aware; RE2's are ASCII and its U "
                    "means ungreedy"));
  EXPECT_EQ(regex_error("a\\vb"),
            refused("\\v",
                    "Java reads \\v as any vertical whitespace, RE2 as the vertical tab alone: write "
                    "[\\n\\x0B\\f\\r\\x{85}\\x{2028}\\x{2029}] or \\x0B"));
  EXPECT_EQ(regex_error("\\$\\{a}"), "no error");
  EXPECT_EQ(regex_error("${a}"),
            "p.json:3:7: attr.pattern: invalid regular expression '${a}': '{' at index 1 is not a repetition {n}, "
            "{n,} or {n,m} (write \\{ for a literal '{')");
  EXPECT_EQ(
      regex_error("a(?i){2}"),
      "p.json:3:7: attr.pattern: invalid regular expression 'a(?i){2}': the quantifier at index 5 follows the flag "
      "group (?i), which it cannot repeat (Java refuses it or repeats nothing; RE2 would repeat what precedes the "
      "group)");
  EXPECT_EQ(regex_error("x\\0"),
            "p.json:3:7: attr.pattern: invalid regular expression 'x\\0': \\0 at index 1 is not an octal escape \\0n, "
            "\\0nn or \\0mnn");
  EXPECT_EQ(regex_error("a{,3}"),
            "p.json:3:7: attr.pattern: invalid regular expression 'a{,3}': '{' at index 1 is not a repetition {n}, "
            "{n,} or {n,m} (write \\{ for a literal '{')");
}

TEST(PolicyRegexTest, OtherErrorsAreRE2sLocated) {
  EXPECT_EQ(regex_error("(unclosed"),
            "p.json:3:7: attr.pattern: invalid regular expression '(unclosed': missing ): "
            "(unclosed");
  EXPECT_EQ(regex_error("15\\.\\Z"),
            "p.json:3:7: attr.pattern: invalid regular expression '15\\.\\Z': invalid escape sequence: \\Z");
  EXPECT_EQ(regex_error("\\p{javaLowerCase}"),
            "p.json:3:7: attr.pattern: invalid regular expression '\\p{javaLowerCase}': invalid character class "
            "range: \\p{javaLowerCase}");
  EXPECT_EQ(regex_error("a{1001}"),
            "p.json:3:7: attr.pattern: invalid regular expression 'a{1001}': invalid repetition size: {1001}");
  // A pattern whose program passes RE2's memory budget is an error, not memory exhaustion; a long
  // pattern is quoted in part.
  std::string huge;
  for (int i = 0; i < 400; ++i) huge += "[a-z]{1000}";
  EXPECT_EQ(regex_error(huge), "p.json:3:7: attr.pattern: invalid regular expression '" + huge.substr(0, 100) +
                                   "... (4400 bytes)': too large (pattern too large - compile failed; dbcost gives a "
                                   "4 MiB budget to a compiled regex)");
  const std::string unclosed = "(" + std::string(300, 'a');
  const std::string re2_message = "missing ): " + unclosed;  // RE2's, quoting the pattern
  EXPECT_EQ(regex_error(unclosed), "p.json:3:7: attr.pattern: invalid regular expression '" + unclosed.substr(0, 100) +
                                       "... (301 bytes)': " + re2_message.substr(0, 200) + "... (312 bytes)");
}

TEST(PolicyRegexTest, MatchesTheWholeValueAsJavaDoes) {
  const auto r = regex_rule("1[4-9]\\.[0-9]+\\.x-scala2\\.12");
  EXPECT_TRUE(r.accepts("15.4.x-scala2.12"));
  EXPECT_FALSE(r.accepts("15.4.x-scala2.12-photon"));  // anchored at the end
  EXPECT_FALSE(r.accepts("v15.4.x-scala2.12"));        // and at the start
  EXPECT_FALSE(r.accepts("15a4.x-scala2.12"));         // an escaped dot is a dot
  const auto alternation = regex_rule("PHOTON|STANDARD");
  EXPECT_TRUE(alternation.accepts("PHOTON"));
  EXPECT_TRUE(alternation.accepts("STANDARD"));
  EXPECT_FALSE(alternation.accepts("PHOTONSTANDARD"));
  EXPECT_FALSE(alternation.accepts("photon"));  // case-sensitive
  EXPECT_TRUE(regex_rule("(?i)photon").accepts("PHOTON"));
  const auto digits = regex_rule("\\d{2,3}");
  EXPECT_TRUE(digits.accepts(42));  // a number matches as its JSON text
  EXPECT_TRUE(digits.accepts("120"));
  EXPECT_FALSE(digits.accepts("4"));
  EXPECT_FALSE(digits.accepts("1200"));
  const auto negated = regex_rule("Standard_[^N][A-Za-z0-9_]*");
  EXPECT_TRUE(negated.accepts("Standard_DS3_v2"));
  EXPECT_FALSE(negated.accepts("Standard_NC6s_v3"));
  EXPECT_TRUE(regex_rule("[]a]+").accepts("]a]"));  // a leading ] is literal
  EXPECT_TRUE(regex_rule("\\w+\\s\\S").accepts("ab_1 x"));
  EXPECT_TRUE(regex_rule("a.*?b").accepts("axxb"));  // lazy quantifiers are fine
  EXPECT_TRUE(regex_rule("\\Q1.2*\\E").accepts("1.2*"));
  EXPECT_FALSE(regex_rule("\\Q1.2*\\E").accepts("1x22"));
  EXPECT_TRUE(regex_rule("\\p{Lu}\\p{L}+").accepts("Été"));
  EXPECT_TRUE(regex_rule("a\\{b}").accepts("a{b}"));
  EXPECT_TRUE(regex_rule("[{}]+").accepts("{}"));
}

// Java syntax RE2 spells differently is translated.
TEST(PolicyRegexTest, JavaSpellingsAreTranslated) {
  EXPECT_TRUE(regex_rule("(?<major>1[0-9])\\.x").accepts("15.x"));  // named group
  EXPECT_TRUE(regex_rule("a{01,002}").accepts("aa"));               // leading zeros: RE2 would read text
  EXPECT_FALSE(regex_rule("a{01,002}").accepts("a{01,002}"));
  EXPECT_TRUE(regex_rule("a{0}b").accepts("b"));
  EXPECT_TRUE(regex_rule("\\0101").accepts("A"));  // Java octal \0mnn; RE2 reads \010 then 1
  EXPECT_TRUE(regex_rule("\\041\\0411").accepts("!!1"));
  EXPECT_TRUE(regex_rule("\\u00e9t\\u00E9").accepts("été"));
  EXPECT_TRUE(regex_rule("[\\u0041-\\u005A]+").accepts("AZ"));
  EXPECT_TRUE(regex_rule("(?-U)a").accepts("a"));  // U turned off is RE2's default
  EXPECT_TRUE(regex_rule("\\e\\cA\\c[").accepts(Json(std::string("\x1b\x01\x1b"))));
}

// Java's POSIX classes (java.util.regex.Pattern: "POSIX character classes (US-ASCII only)"); RE2
// refused \p{Alpha} as an unknown Unicode class.
TEST(PolicyRegexTest, JavaPosixClassesAreAsciiClasses) {
  EXPECT_TRUE(regex_rule("\\p{Alpha}+").accepts("Databricks"));
  EXPECT_FALSE(regex_rule("\\p{Alpha}+").accepts("Été"));  // US-ASCII only, unlike \p{L}
  EXPECT_TRUE(regex_rule("CC-\\p{Digit}{4}").accepts("CC-9921"));
  EXPECT_FALSE(regex_rule("CC-\\p{Digit}{4}").accepts("CC-99a1"));
  EXPECT_TRUE(regex_rule("[\\p{Upper}\\p{Digit}_]+").accepts("TEAM_1"));  // inside a class
  EXPECT_FALSE(regex_rule("[\\p{Upper}\\p{Digit}_]+").accepts("team_1"));
  EXPECT_TRUE(regex_rule("\\P{Digit}+").accepts("abc"));  // \P negates
  EXPECT_FALSE(regex_rule("\\P{Digit}+").accepts("a1"));
  EXPECT_TRUE(regex_rule("[\\P{Lower}]+").accepts("AB1"));
  EXPECT_FALSE(regex_rule("[\\P{Lower}]+").accepts("aB"));
  EXPECT_FALSE(regex_rule("[^\\p{Punct}]+").accepts("a-b"));
  EXPECT_TRUE(regex_rule("\\p{Alnum}\\p{XDigit}\\p{Graph}\\p{Print}\\p{Blank}\\p{ASCII}").accepts("z0~ \t\x7f"));
  EXPECT_TRUE(regex_rule("\\p{Cntrl}\\p{Space}").accepts(Json(std::string("\x01\x0b"))));
  EXPECT_TRUE(regex_rule("\\p{Lu}").accepts("É"));  // Unicode categories pass through
}

// Java's \s is [ \t\n\x0B\f\r]; RE2's lacks the vertical tab \x0B.
TEST(PolicyRegexTest, WhitespaceIncludesTheVerticalTabAsInJava) {
  const Json vt(std::string("a\x0B") + "b");
  EXPECT_TRUE(regex_rule("a\\sb").accepts(vt));
  EXPECT_FALSE(regex_rule("a\\Sb").accepts(vt));
  EXPECT_TRUE(regex_rule("a[\\s]b").accepts(vt));
  EXPECT_FALSE(regex_rule("a[^\\s]b").accepts(vt));
  EXPECT_TRUE(regex_rule("a[\\S]b").accepts("axb"));
  EXPECT_TRUE(regex_rule("\\w+\\s\\S").accepts("ab_1 x"));
}

}  // namespace
}  // namespace dbcost
