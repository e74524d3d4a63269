#include "usage/json_fields.h"

#include <gtest/gtest.h>

#include <algorithm>

#include <nlohmann/json.hpp>
#include <random>

namespace dbcost {
namespace {

std::string doubled(const std::string& s) {
  std::string out;
  for (char c : s) {
    out += c;
    if (c == '"') out += '"';
  }
  return out;
}

std::optional<std::string> get(const JsonFields& f, std::size_t i) {
  const auto v = f.value(i);
  return v ? std::optional<std::string>(std::string(*v)) : std::nullopt;
}

TEST(ChargebackJsonFieldsTest, ReadsTheWantedTopLevelKeysOnly) {
  JsonFields f({"team", "job_id", "flag", "obj", "missing"});
  ASSERT_TRUE(f.scan(R"({"env":"prod","nested":{"team":"inner","list":[1,{"a":"}"}]},"team":"data-eng",)"
                     R"("job_id":12345,"flag":true,"obj":null,"n":null,"other":{"team":"x","team":"y"}})"));
  EXPECT_EQ(get(f, 0), "data-eng");  // the nested "team" is not top-level
  EXPECT_EQ(get(f, 1), "12345");     // numbers and booleans give their literal text
  EXPECT_EQ(get(f, 2), "true");
  EXPECT_EQ(get(f, 3), std::nullopt);  // null is absent
  EXPECT_EQ(get(f, 4), std::nullopt);
  ASSERT_TRUE(f.scan(R"({"team":null})"));
  EXPECT_EQ(get(f, 0), std::nullopt);
  ASSERT_TRUE(f.scan(R"( { "env" : "a" , "env" : "b" } )"));     // an unwanted key may repeat
  EXPECT_FALSE(f.scan(R"( { "team" : "a" , "team" : "b" } )"));  // a wanted one may not
  for (const char* empty : {"", "  ", "null", "{}", " { } "}) {
    ASSERT_TRUE(f.scan(empty)) << empty;
    EXPECT_EQ(get(f, 0), std::nullopt) << empty;
  }
}

TEST(ChargebackJsonFieldsTest, DecodesEveryEscape) {
  JsonFields f({"team", "caf\xC3\xA9"});
  ASSERT_TRUE(f.scan(R"({"team":"a\"b\\c\/d\be\ff\ng\rh\ti\u00e9\ud83d\ude00"})"));
  EXPECT_EQ(get(f, 0), "a\"b\\c/d\be\ff\ng\rh\ti\xC3\xA9\xF0\x9F\x98\x80");
  // Keys match after decoding.
  ASSERT_TRUE(f.scan(R"({"te\u0061m":"x","caf\u00e9":"y"})"));
  EXPECT_EQ(get(f, 0), "x");
  EXPECT_EQ(get(f, 1), "y");
  // Tag keys match exactly: no case folding, no trimming.
  ASSERT_TRUE(f.scan(R"({"Team":"x","team ":"y"})"));
  EXPECT_EQ(get(f, 0), std::nullopt);
}

TEST(ChargebackJsonFieldsTest, RejectsMalformedText) {
  JsonFields f({"team"});
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({"team":"x)", "unterminated string at character 9"},
      {R"({"team":"\x"})", "invalid escape at character 10"},
      {R"({"team":"\ud800"})", "unpaired high surrogate at character 10"},
      {R"({"team":"\udc00"})", "unpaired low surrogate at character 10"},
      {R"({"team":"\u12"})", "expected four hex digits after \\u at character 10"},
      {"{\"team\":\"a\tb\"}", "control character in a string at character 11"},
      {R"({"team":"x",})", "expected a string key at character 13"},
      {R"({"team" "x"})", "expected ':' at character 9"},
      {R"({"team":"x"} x)", "unexpected text after the JSON object at character 14"},
      {R"({"a":[1,2}})", "expected ',' or ']' at character 10"},
      {R"({"a":01})", "expected ',' or '}' at character 7"},
      {R"({"a":-})", "expected a value at character 6"},
      {R"({"a":1.})", "expected a digit at character 8"},
      {R"(["team"])", "expected a JSON object at character 1"},
      {R"({team:"x"})", "expected a string key at character 2"},
      {std::string(70, '['), "expected a JSON object at character 1"},
      {"{\"a\":" + std::string(70, '[') + std::string(70, ']') + "}", "nesting too deep at character 70"},
      {R"({"team":"a","x":1,"team":"b"})", "key 'team' appears twice at character 19"},
      {R"({"team":["a","b"]})", "expected a string, number or null for 'team', got an array at character 9"},
      {R"({"team":{"name":"a"}})", "expected a string, number or null for 'team', got an object at character 9"},
  };
  for (const auto& [text, error] : cases) {
    EXPECT_FALSE(f.scan(text)) << text;
    EXPECT_EQ(f.error(), error) << text;
  }
}

TEST(ChargebackJsonFieldsTest, ReadsTheDoubledQuotesOfACsvCellAsTheTextItself) {
  JsonFields f({"team"});
  ASSERT_TRUE(f.scan(R"({""note"":""say \""hi\"""",""team"":""data-eng""})", true));
  EXPECT_EQ(get(f, 0), "data-eng");
  ASSERT_TRUE(f.scan(R"({""team"":""a \""b\"" c""})", true));
  EXPECT_EQ(get(f, 0), "a \"b\" c");
  EXPECT_FALSE(f.scan(R"({""team"":"x""})", true));
  EXPECT_EQ(f.error(), "malformed CSV quoting: a quote that is not doubled at character 11");
  EXPECT_FALSE(f.scan(R"({""team"":""x"})", true));
  EXPECT_EQ(f.error(), "malformed CSV quoting: a quote that is not doubled at character 14");
}

// Random objects written by nlohmann::json (an independent encoder) decode to the same strings,
// as plain text and as a CSV cell's doubled form.
TEST(ChargebackJsonFieldsTest, RandomObjectsDecodeLikeAnIndependentParser) {
  std::mt19937_64 rng(7);
  const std::vector<std::string> alphabet = {"a",    "Z",           "0",  " ",    "\"",       "\\",
                                             "/",    ",",           ":",  "{",    "}",        "[",
                                             "]",    "\n",          "\t", "\x01", "\xC3\xA9", "\xF0\x9F\x98\x80",
                                             "team", "\xE2\x82\xAC"};
  auto random_string = [&] {
    std::string s;
    for (int n = static_cast<int>(rng() % 12); n > 0; --n) s += alphabet[rng() % alphabet.size()];
    return s;
  };
  const std::vector<std::string> keys = {"team", "job_id", "cluster_id", "t\"eam", "caf\xC3\xA9"};
  JsonFields f(keys);
  for (int trial = 0; trial < 2000; ++trial) {
    nlohmann::json obj = nlohmann::json::object();
    for (int n = static_cast<int>(rng() % 6); n > 0; --n) {
      const std::string key = rng() % 2 ? keys[rng() % keys.size()] : random_string();
      switch (rng() % 5) {
        case 0:  // arrays only under unwanted keys: a wanted key holding one is an error
          if (std::find(keys.begin(), keys.end(), key) == keys.end())
            obj[key] = nlohmann::json::array({random_string(), 1, {{"team", "nested"}}});
          break;
        case 1:
          obj[key] = nullptr;
          break;
        case 2:
          obj[key] = static_cast<int>(rng() % 1000);
          break;
        default:
          obj[key] = random_string();
      }
    }
    const bool ascii = rng() % 2;
    const std::string text = obj.dump(rng() % 2 ? 1 : -1, ' ', ascii);
    for (const bool dbl : {false, true}) {
      const std::string scanned = dbl ? doubled(text) : text;
      ASSERT_TRUE(f.scan(scanned, dbl)) << text << ": " << f.error();
      for (std::size_t k = 0; k < keys.size(); ++k) {
        std::optional<std::string> expected;
        if (obj.contains(keys[k])) {
          const auto& v = obj[keys[k]];
          if (v.is_string()) expected = v.get<std::string>();
          if (v.is_number()) expected = v.dump();
        }
        EXPECT_EQ(get(f, k), expected) << text << " key " << keys[k];
      }
    }
  }
}

}  // namespace
}  // namespace dbcost
