#include "io/yaml_reader.h"

#include <gtest/gtest.h>

namespace dbcost {
namespace {

// The message of the InputError that parsing `text` as "f.yaml" throws, or "" when none is thrown.
std::string parse_error(const std::string& text) {
  try {
    YamlView::parse(text, "f.yaml");
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(YamlReaderTest, DuplicateKeyIsAnErrorAtTheSecondOne) {
  EXPECT_EQ(parse_error("jobs:\n  j:\n    tags: {team: a, team: b}\n"),
            "f.yaml:3:21: jobs.j.tags.team: key 'team' appears twice in this mapping (first at line 3)");
  EXPECT_EQ(parse_error("a: 1\nb: 2\na: 3\n"),
            "f.yaml:3:1: a: key 'a' appears twice in this mapping (first at line 1)");
}

TEST(YamlReaderTest, RecursiveAliasIsAnErrorNotAnEndlessWalk) {
  EXPECT_EQ(parse_error("jobs:\n  j: &j\n    tasks: [*j]\n"),
            "f.yaml:2:6: jobs.j.tasks[0]: an alias names a node that contains it, so the value never ends");
}

TEST(YamlReaderTest, AliasBombIsRefusedBeforeAnyReaderExpandsIt) {
  std::string text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i <= 8; ++i) {
    const std::string prev = "*a" + std::to_string(i - 1);
    text += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [" + prev;
    for (int k = 1; k < 10; ++k) text += ", " + prev;
    text += "]\n";
  }
  // a5 expands to about 1.2 million values, the first past the limit.
  EXPECT_EQ(parse_error(text),
            "f.yaml:6:5: a5: aliases expand this value to more than 1000000 values (an alias bomb?)");
}

TEST(YamlReaderTest, SharedAliasesWithinTheLimitAreFine) {
  EXPECT_EQ(parse_error("base: &b {minutes: 5}\nx: *b\ny: *b\n"), "");
}

TEST(YamlReaderTest, InvalidUtf8IsAnErrorAtTheByte) {
  EXPECT_EQ(parse_error("tags: {team: caf\xe9}\n"),
            "f.yaml:1:17: not UTF-8 text: byte 0xE9 does not start a valid UTF-8 character (save the file as UTF-8)");
  EXPECT_EQ(parse_error("team: \"caf\xc3\xa9\"\n"), "");
}

}  // namespace
}  // namespace dbcost

namespace dbcost {
namespace {

TEST(YamlViewTest, AssignmentRebindsAndLeavesTheDocumentAlone) {
  const YamlView root = YamlView::parse("a:\n  b: 1\nc: 2\n", "f.yml");
  YamlView v = root["a"];
  v = v["b"];
  EXPECT_EQ(v.node().Scalar(), "1");
  EXPECT_EQ(v.path(), "a.b");
  EXPECT_TRUE(root["a"].is_map());  // YAML::Node's assignment would have made it the scalar 1
  EXPECT_EQ(root["a"]["b"].node().Scalar(), "1");
}

TEST(YamlViewTest, ContainerBuiltInMemoryIsLocatedAtItsFirstKey) {
  const YamlView root = YamlView::parse("x: 0\njob:\n  name: etl\n  tasks: []\n", "f.yml");
  YAML::Node copy(YAML::NodeType::Map);
  for (auto it = root["job"].node().begin(); it != root["job"].node().end(); ++it)
    copy.force_insert(it->first, it->second);
  const YamlView v(std::make_shared<const std::string>("f.yml"), copy, "job");
  EXPECT_EQ(v.where().line, 3u);
  EXPECT_EQ(v.where().column, 3u);
  EXPECT_EQ(root.node()["job"].size(), 2u);  // locating it changed nothing
}

}  // namespace
}  // namespace dbcost
