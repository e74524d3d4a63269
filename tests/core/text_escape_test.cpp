#include "core/text_escape.h"

#include <gtest/gtest.h>

#include "core/errors.h"
#include "io/table.h"

namespace dbcost {
namespace {

using namespace std::string_literals;

TEST(TextEscapeTest, ControlCharactersBecomeVisible) {
  EXPECT_EQ(escape_controls("\x1b[31mred\x1b[0m"), "\\x1b[31mred\\x1b[0m");
  EXPECT_EQ(escape_controls("a\nb"), "a\\nb");
  EXPECT_EQ(escape_controls("a\tb\rc"), "a\\tb\\rc");
  EXPECT_EQ(escape_controls("nul\0here"s), "nul\\0here");
  EXPECT_EQ(escape_controls("\x01\x07\x08\x1f\x7f"), "\\x01\\x07\\x08\\x1f\\x7f");
  // OSC 8 hyperlink / window title: ESC ] ... BEL.
  EXPECT_EQ(escape_controls("\x1b]0;pwned\x07"), "\\x1b]0;pwned\\x07");
}

TEST(TextEscapeTest, C1ControlsAndBidiOverridesAreEscaped) {
  EXPECT_EQ(escape_controls("\xc2\x9b"
                            "31m"),
            "\\u009b31m");  // U+009B, CSI
  EXPECT_EQ(escape_controls("\xc2\x80\xc2\x9f"), "\\u0080\\u009f");
  EXPECT_EQ(escape_controls("abc\xe2\x80\xae"
                            "fed"),
            "abc\\u202efed");  // U+202E RIGHT-TO-LEFT OVERRIDE
  EXPECT_EQ(escape_controls("\xe2\x81\xa6x\xe2\x81\xa9"), "\\u2066x\\u2069");
  EXPECT_EQ(escape_controls("a\xe2\x80\xa8"
                            "b"),
            "a\\u2028b");
  // U+00A0 (no-break space) and U+2030 (per mille) are printable.
  EXPECT_EQ(escape_controls("\xc2\xa0\xe2\x80\xb0"), "\xc2\xa0\xe2\x80\xb0");
}

TEST(TextEscapeTest, Utf8TextPassesUnchanged) {
  EXPECT_EQ(escape_controls("équipe"), "équipe");
  EXPECT_EQ(escape_controls("数据"), "数据");
  EXPECT_EQ(escape_controls("emoji \xf0\x9f\x93\x8a"), "emoji \xf0\x9f\x93\x8a");
  EXPECT_EQ(escape_controls("C:\\data\\usage.csv"), "C:\\data\\usage.csv");
  EXPECT_FALSE(needs_escape("équipe 数据 |=+-@"));
}

TEST(TextEscapeTest, BytesThatAreNotUtf8AreEscaped) {
  EXPECT_EQ(escape_controls("caf\xe9"), "caf\\xe9");
  EXPECT_EQ(escape_controls("\xc0\xaf"), "\\xc0\\xaf");
  EXPECT_EQ(escape_controls("\xe6\x95"), "\\xe6\\x95");  // a character cut short
}

TEST(TextEscapeTest, KeepNewlinesForWholeTexts) {
  EXPECT_EQ(escape_controls("line 1\nline \x1b[2J2\n", Newlines::Keep), "line 1\nline \\x1b[2J2\n");
  EXPECT_EQ(escape_controls("a\r\n", Newlines::Keep), "a\\r\n");
}

TEST(TextEscapeTest, EscapingTwiceChangesNothing) {
  const std::string once = escape_controls("\x1b[31m\n\t\0\xc2\x9b\xff"s);
  EXPECT_EQ(escape_controls(once), once);
  EXPECT_FALSE(needs_escape(once));
}

TEST(TextEscapeTest, TableTextEscapesCellsAndAlignsTheEscapedText) {
  Table t({{"team"}, {"cost", true}});
  t.add_row({"\x1b[31mred", "1.00"});
  t.add_row({"a\nb", "22.00"});
  EXPECT_EQ(t.to_text(),
            "team          cost\n"
            "-----------  -----\n"
            "\\x1b[31mred   1.00\n"
            "a\\nb         22.00\n");
}

TEST(TextEscapeTest, TableMarkdownEscapesCellsAndPipes) {
  Table t({{"team"}, {"cost", true}});
  t.add_row({"a|b\x1b[0m", "1.00"});
  t.add_row({"line\nbreak", "2.00"});
  t.add_row({"équipe", "3.00"});
  EXPECT_EQ(t.to_markdown(),
            "| team | cost |\n"
            "| --- | ---: |\n"
            "| a\\|b\\x1b[0m | 1.00 |\n"
            "| line\\nbreak | 2.00 |\n"
            "| équipe | 3.00 |\n");
  // JSON keeps the exact text (nlohmann-json escapes it as JSON).
  EXPECT_EQ(t.to_json()[0]["team"], "a|b\x1b[0m");
  EXPECT_EQ(t.to_json().dump(), R"([{"cost":1.0,"team":"a|b\u001b[0m"},{"cost":2.0,"team":"line\nbreak"},)"
                                R"({"cost":3.0,"team":"équipe"}])");
}

TEST(TextEscapeTest, ErrorMessagesEscapeQuotedValues) {
  const InputError e({"usage.csv", 3, 7, "custom_tags"}, "unknown team '\x1b[31mred\n'");
  EXPECT_STREQ(e.what(), "usage.csv:3:7: custom_tags: unknown team '\\x1b[31mred\\n'");
  EXPECT_EQ(e.reason(), "unknown team '\\x1b[31mred\\n'");
  EXPECT_EQ(e.where().field, "custom_tags");
  const InputError located({"bad\x07name.csv", 1, 0, "a\tb"}, "x");
  EXPECT_STREQ(located.what(), "bad\\x07name.csv:1: a\\tb: x");
  const ModelError m("job '\x1b]0;title\x07' is too long");
  EXPECT_STREQ(m.what(), "job '\\x1b]0;title\\x07' is too long");
  EXPECT_STREQ(InputError({}, "équipe 数据").what(), "équipe 数据");
}

}  // namespace
}  // namespace dbcost
