#include "io/json_unique.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace dbcost {
namespace {

using Json = nlohmann::ordered_json;

TEST(JsonUniqueTest, ParsesAsNlohmannDoesWithoutDuplicates) {
  const char* text = R"({"a": {"type": "fixed", "value": 1}, "b": [{"x": 1}, {"x": 2}], "c": null})";
  EXPECT_EQ(parse_json_unique<Json>(text), Json::parse(text));
  EXPECT_THROW(parse_json_unique<Json>("{\"a\": "), Json::parse_error);
}

TEST(JsonUniqueTest, ADuplicateKeyNamesItsObjectAndKey) {
  try {
    parse_json_unique<Json>(R"({"spark_version": {"type": "fixed", "type": "regex"}})");
    FAIL() << "no error";
  } catch (const JsonDuplicateKey& e) {
    EXPECT_EQ(e.path, std::vector<std::string>{"spark_version"});
    EXPECT_EQ(e.key, "type");
    EXPECT_STREQ(e.what(), "key 'type' appears twice in one object");
  }
  try {
    parse_json_unique<Json>(R"({"a": 1, "b": [{"c": {"d": 1, "d": 2}}]})");
    FAIL() << "no error";
  } catch (const JsonDuplicateKey& e) {
    EXPECT_EQ(e.path, (std::vector<std::string>{"b", "c"}));
    EXPECT_EQ(e.key, "d");
  }
  EXPECT_THROW(parse_json_unique<nlohmann::json>(R"({"default": "0.1", "default": "0.2"})"), JsonDuplicateKey);
  // The same key in sibling objects is fine.
  EXPECT_NO_THROW(parse_json_unique<Json>(R"({"a": {"k": 1}, "b": {"k": 2}, "k": 3})"));
}

}  // namespace
}  // namespace dbcost
