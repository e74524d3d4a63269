#include "policy/policy_rule.h"

#include <gtest/gtest.h>

namespace dbcost {
namespace {

PolicyRule rule(const std::string& body, const std::string& path = "attr") {
  return parse_rule(path, Json::parse(body), [&](const std::string& field) {
    return SourceLocation{"p.json", 0, 0, field.empty() ? path : path + "." + field};
  });
}

std::string error(const std::string& body) {
  try {
    rule(body);
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

TEST(PolicyRuleTest, FixedAcceptsOnlyItsValue) {
  const auto r = rule(R"({"type": "fixed", "value": "PHOTON", "hidden": true})");
  EXPECT_TRUE(r.accepts("PHOTON"));
  EXPECT_FALSE(r.accepts("STANDARD"));
  EXPECT_TRUE(r.hidden);
  EXPECT_EQ(r.describe(), "fixed(value=PHOTON)");
}

TEST(PolicyRuleTest, ForbiddenAcceptsNothingPresent) {
  const auto r = rule(R"({"type": "forbidden", "hidden": true})");
  EXPECT_FALSE(r.accepts("pool-1"));
  EXPECT_TRUE(r.may_be_missing());
}

TEST(PolicyRuleTest, AllowlistAndBlocklist) {
  const auto allow = rule(R"({"type": "allowlist", "values": ["ON_DEMAND_AZURE", "SPOT_WITH_FALLBACK_AZURE"]})");
  EXPECT_TRUE(allow.accepts("ON_DEMAND_AZURE"));
  EXPECT_FALSE(allow.accepts("SPOT_AZURE"));
  EXPECT_FALSE(allow.may_be_missing());
  EXPECT_EQ(allow.describe(), "allowlist(values=[ON_DEMAND_AZURE, SPOT_WITH_FALLBACK_AZURE])");
  const auto block = rule(R"({"type": "blocklist", "values": ["Standard_NC6s_v3"]})");
  EXPECT_FALSE(block.accepts("Standard_NC6s_v3"));
  EXPECT_TRUE(block.accepts("Standard_DS3_v2"));
}

TEST(PolicyRuleTest, NumbersAndNumericStringsCompareAsNumbers) {
  const auto r = rule(R"({"type": "allowlist", "values": [1, 2.5, "4"]})");
  EXPECT_TRUE(r.accepts(1));
  EXPECT_TRUE(r.accepts("1"));
  EXPECT_TRUE(r.accepts(1.0));
  EXPECT_TRUE(r.accepts("2.50"));
  EXPECT_TRUE(r.accepts(4));
  EXPECT_FALSE(r.accepts(3));
  EXPECT_FALSE(r.accepts("one"));
  const auto b = rule(R"({"type": "fixed", "value": true})");
  EXPECT_TRUE(b.accepts("true"));
  EXPECT_FALSE(b.accepts(false));
}

TEST(PolicyRuleTest, RegexMatchesTheWholeValue) {
  const auto r = rule(R"({"type": "regex", "pattern": "1[4-9]\\.[0-9]+\\.x-scala2\\.12"})");
  EXPECT_TRUE(r.accepts("15.4.x-scala2.12"));
  EXPECT_FALSE(r.accepts("15.4.x-scala2.12-photon"));  // a prefix match is not enough
  EXPECT_FALSE(r.accepts("13.3.x-scala2.12"));
  const auto numbers = rule(R"({"type": "regex", "pattern": "[0-9]{2}"})");
  EXPECT_TRUE(numbers.accepts(42));  // matched as its JSON text
}

TEST(PolicyRuleTest, RangeBoundsAreInclusiveAndNumeric) {
  const auto r = rule(R"({"type": "range", "minValue": 10, "maxValue": 120})");
  EXPECT_TRUE(r.accepts(10));
  EXPECT_TRUE(r.accepts(120));
  EXPECT_TRUE(r.accepts("60"));
  EXPECT_FALSE(r.accepts(9));
  EXPECT_FALSE(r.accepts(120.5));
  EXPECT_FALSE(r.accepts("sixty"));
  EXPECT_EQ(r.describe(), "range(minValue=10, maxValue=120)");
  const auto upper = rule(R"({"type": "range", "maxValue": 10.5})");
  EXPECT_TRUE(upper.accepts(-3));
  EXPECT_TRUE(upper.accepts(10.5));
  EXPECT_EQ(upper.describe(), "range(maxValue=10.5)");
}

TEST(PolicyRuleTest, UnlimitedAcceptsAnythingAndMayBeMissing) {
  const auto r = rule(R"({"type": "unlimited", "defaultValue": 4320, "isOptional": true})");
  EXPECT_TRUE(r.accepts(0));
  EXPECT_TRUE(r.may_be_missing());
  EXPECT_EQ(*r.default_value, 4320);
}

TEST(PolicyRuleTest, DefaultOrOptionalLetsTheAttributeBeMissing) {
  EXPECT_FALSE(rule(R"({"type": "range", "maxValue": 10})").may_be_missing());
  EXPECT_TRUE(rule(R"({"type": "range", "maxValue": 10, "isOptional": true})").may_be_missing());
  EXPECT_TRUE(rule(R"({"type": "range", "maxValue": 10, "defaultValue": 5})").may_be_missing());
  EXPECT_TRUE(rule(R"({"type": "fixed", "value": 1})").may_be_missing());
}

TEST(PolicyRuleTest, LegacyWhitelistIsAnAllowlist) {
  const auto r = rule(R"({"type": "whitelist", "values": ["USER_ISOLATION", "SINGLE_USER"]})");
  EXPECT_EQ(r.type, RuleType::Allowlist);
  EXPECT_EQ(rule(R"({"type": "blacklist", "values": ["NONE"]})").type, RuleType::Blocklist);
}

TEST(PolicyRuleTest, RoundTripsToThePolicyLanguage) {
  const auto r = rule(R"({"type": "range", "minValue": 1, "maxValue": 10, "defaultValue": 2, "isOptional": true})");
  EXPECT_EQ(r.to_json().dump(), R"({"type":"range","minValue":1,"maxValue":10,"defaultValue":2,"isOptional":true})");
}

TEST(PolicyRuleTest, UnknownTypeSaysDidYouMean) {
  EXPECT_EQ(error(R"({"type": "rnage", "maxValue": 1})"),
            "p.json: attr.type: unknown rule type 'rnage' (did you mean 'range'?)");
  EXPECT_EQ(error(R"({"type": "allow_list", "values": [1]})"),
            "p.json: attr.type: unknown rule type 'allow_list' (did you mean 'allowlist'?)");
}

TEST(PolicyRuleTest, UnknownFieldSaysDidYouMean) {
  EXPECT_EQ(error(R"({"type": "range", "maxvalue": 1})"),
            "p.json: attr.maxvalue: unknown rule field 'maxvalue' (did you mean 'maxValue'?)");
  EXPECT_EQ(error(R"({"type": "unlimited", "defualtValue": 1})"),
            "p.json: attr.defualtValue: unknown rule field 'defualtValue' (did you mean 'defaultValue'?)");
}

TEST(PolicyRuleTest, MissingMisplacedAndBadFieldsAreErrors) {
  EXPECT_EQ(error(R"({"value": 1})"),
            "p.json: attr: missing \"type\" (one of fixed, forbidden, allowlist, blocklist, regex, range, unlimited)");
  EXPECT_EQ(error(R"({"type": "fixed"})"), "p.json: attr: a fixed rule needs \"value\"");
  EXPECT_EQ(error(R"({"type": "allowlist"})"), "p.json: attr: an allowlist rule needs \"values\"");
  EXPECT_EQ(error(R"({"type": "range", "maxValue": "ten"})"),
            "p.json: attr.maxValue: \"maxValue\" must be a number, got \"ten\"");
  EXPECT_EQ(error(R"({"type": "range", "minValue": 5, "maxValue": 1})"),
            "p.json: attr.minValue: minValue 5 is above maxValue 1");
  EXPECT_EQ(error(R"({"type": "fixed", "value": 1, "hidden": "yes"})"),
            "p.json: attr.hidden: \"hidden\" must be true or false, got \"yes\"");
  EXPECT_EQ(error(R"({"type": "regex", "pattern": "(unclosed"})")
                .rfind("p.json: attr.pattern: invalid regular expression '(unclosed'", 0),
            0u);
  EXPECT_EQ(error(R"({"type": "forbidden", "defaultValue": 1})"),
            "p.json: attr.defaultValue: a forbidden rule cannot have a defaultValue");
  EXPECT_EQ(error(R"("fixed")"), "p.json: attr: a rule is a mapping with a \"type\", got \"fixed\"");
}

std::vector<std::string> notes(const PolicyRule& r) {
  std::vector<std::string> out;
  for (const auto& n : r.notes) out.push_back(n.field + ": " + n.message);
  return out;
}

// What the Policies API stores is read, with a note (policy_rule.h, "Leniencies").
TEST(PolicyRuleTest, DefaultOutsideTheRuleIsKeptWithANote) {
  const auto r = rule(R"({"type": "allowlist", "values": ["Standard_DS3_v2", "Standard_DS4_v2"],
                          "defaultValue": "Standard_D8s_v3"})");
  ASSERT_TRUE(r.default_value.has_value());
  EXPECT_EQ(*r.default_value, Json("Standard_D8s_v3"));
  EXPECT_FALSE(r.accepts(*r.default_value));
  EXPECT_EQ(notes(r),
            std::vector<std::string>{
                "defaultValue: defaultValue Standard_D8s_v3 breaks the rule allowlist(values=[Standard_DS3_v2, "
                "Standard_DS4_v2]): kept, as Databricks keeps it; a cluster that takes it is refused"});
  const auto range = rule(R"({"type": "range", "maxValue": 10, "defaultValue": 20})");
  EXPECT_EQ(range.default_value, Json(20));
  EXPECT_EQ(range.notes.size(), 1u);
}

TEST(PolicyRuleTest, FieldOfAnotherTypeIsIgnoredWithANote) {
  const auto r = rule(R"({"type": "unlimited", "value": "15.4.x-scala2.12"})");
  EXPECT_TRUE(r.accepts(Json("13.3.x-scala2.12")));
  EXPECT_TRUE(r.value.is_null());
  EXPECT_FALSE(r.default_value.has_value());
  EXPECT_EQ(notes(r), std::vector<std::string>{"value: \"value\" does not apply to an unlimited rule: ignored (a "
                                               "default is \"defaultValue\")"});
  const auto fixed = rule(R"({"type": "fixed", "value": "bookings", "values": ["bookings"], "minValue": 1})");
  EXPECT_TRUE(fixed.values.empty());
  EXPECT_FALSE(fixed.min_value.has_value());
  EXPECT_EQ(notes(fixed), (std::vector<std::string>{"values: \"values\" does not apply to a fixed rule: ignored",
                                                    "minValue: \"minValue\" does not apply to a fixed rule: ignored"}));
}

TEST(PolicyRuleTest, StringFlagsAndBoundsAreReadWithANote) {
  const auto r = rule(R"({"type": "range", "minValue": "10", "maxValue": "120", "hidden": "true",
                          "isOptional": "false"})");
  EXPECT_TRUE(r.hidden);
  EXPECT_FALSE(r.is_optional);
  EXPECT_EQ(r.min_value, Decimal::from_int(10));
  EXPECT_EQ(r.max_value, Decimal::from_int(120));
  EXPECT_FALSE(r.accepts(Json(121)));
  EXPECT_TRUE(r.accepts(Json(120)));
  EXPECT_EQ(notes(r), (std::vector<std::string>{"minValue: \"minValue\" is the string \"10\": read as the number",
                                                "maxValue: \"maxValue\" is the string \"120\": read as the number",
                                                "isOptional: \"isOptional\" is the string \"false\": read as false",
                                                "hidden: \"hidden\" is the string \"true\": read as true"}));
}

// Found by the policy_reader fuzz target: std::regex read the back-reference number into a long
// without an overflow check (UBSan: signed integer overflow in regex_compiler.tcc). RE2 has no
// back-references, and would read a count of more than 9 digits as literal text.
TEST(PolicyRuleTest, OverlongRegexNumbersAreErrors) {
  EXPECT_EQ(error(R"({"type": "regex", "pattern": "[0-9]+\\11111111111111111111|2.12"})"),
            "p.json: attr.pattern: regex feature not supported: back-reference \\1 (dbcost matches policy regexes in "
            "linear time with RE2, which has no back-references)");
  EXPECT_EQ(error(R"({"type": "regex", "pattern": "a{1,99999999999999999999}"})"),
            "p.json: attr.pattern: invalid regular expression 'a{1,99999999999999999999}': the number "
            "'99999999999999999999' is too large");
  EXPECT_EQ(error(R"({"type": "regex", "pattern": "a{1234567890}"})"),
            "p.json: attr.pattern: invalid regular expression 'a{1234567890}': the number '1234567890' is too large");
  // Escaped backslashes, short counts and long literal digits stay valid.
  EXPECT_TRUE(rule(R"({"type": "regex", "pattern": "a{2,3}\\\\12345678901234"})").accepts(Json("aa\\12345678901234")));
  EXPECT_TRUE(rule(R"({"type": "regex", "pattern": "a{2,3}12345678901234"})").accepts(Json("aa12345678901234")));
}

}  // namespace
}  // namespace dbcost
