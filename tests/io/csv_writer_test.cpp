#include "io/csv_writer.h"

#include <gtest/gtest.h>

#include "io/table.h"

namespace dbcost {
namespace {

TEST(CsvWriterTest, FormulaLikeCellsGetAQuoteAndAreQuoted) {
  EXPECT_EQ(csv_cell("=HYPERLINK(\"http://evil\",\"x\")"), "\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\"");
  EXPECT_EQ(csv_cell("=1+2"), "\"'=1+2\"");
  EXPECT_EQ(csv_cell("+cmd|' /C calc'!A0"), "\"'+cmd|' /C calc'!A0\"");
  EXPECT_EQ(csv_cell("-2+3"), "\"'-2+3\"");
  EXPECT_EQ(csv_cell("@SUM(1+9)*cmd|' /C calc'!A0"), "\"'@SUM(1+9)*cmd|' /C calc'!A0\"");
  EXPECT_EQ(csv_cell("\t=1+2"), "\"'\t=1+2\"");
  EXPECT_EQ(csv_cell("\r=1+2"), "\"'\r=1+2\"");
  EXPECT_EQ(csv_cell("-"), "\"'-\"");
  EXPECT_EQ(csv_cell("=a,b"), "\"'=a,b\"");
}

TEST(CsvWriterTest, PlainNumbersAreLeftAlone) {
  EXPECT_EQ(csv_cell("-12.50"), "-12.50");
  EXPECT_EQ(csv_cell("+3"), "+3");
  EXPECT_EQ(csv_cell("1e5"), "1e5");
  EXPECT_EQ(csv_cell("-1e5"), "-1e5");
  EXPECT_EQ(csv_cell("-1.5E-7"), "-1.5E-7");
  EXPECT_EQ(csv_cell("0"), "0");
  EXPECT_TRUE(is_plain_number("-12.50"));
  EXPECT_TRUE(is_plain_number("+0.5e+10"));
  // Not plain numbers: a formula or text that only starts like one.
  EXPECT_FALSE(is_plain_number(""));
  EXPECT_FALSE(is_plain_number("-"));
  EXPECT_FALSE(is_plain_number("-.5"));
  EXPECT_FALSE(is_plain_number("-12."));
  EXPECT_FALSE(is_plain_number("-1e"));
  EXPECT_FALSE(is_plain_number("-1+1"));
  EXPECT_FALSE(is_plain_number("-12.50 "));
  EXPECT_FALSE(is_plain_number("-0x1F"));
  EXPECT_EQ(csv_cell("-1+1"), "\"'-1+1\"");
  EXPECT_EQ(csv_cell("-.5"), "\"'-.5\"");
}

TEST(CsvWriterTest, OtherCellsAreQuotedOnlyAsCsvRequires) {
  EXPECT_EQ(csv_cell("data-eng"), "data-eng");
  EXPECT_EQ(csv_cell(""), "");
  EXPECT_EQ(csv_cell("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_cell("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(csv_cell("cr\r"), "\"cr\r\"");
  EXPECT_EQ(csv_cell("a=b"), "a=b");  // only the first character counts
  EXPECT_EQ(csv_cell(" =1+2"), " =1+2");
  EXPECT_EQ(csv_cell("'=1+2"), "'=1+2");
  EXPECT_EQ(csv_cell("{\"team\":\"=x\"}"), "\"{\"\"team\"\":\"\"=x\"\"}\"");
  EXPECT_EQ(csv_cell("équipe"), "équipe");
}

TEST(CsvWriterTest, RawWritesCellsAsTheyAre) {
  EXPECT_EQ(csv_cell("=1+2", CsvFormulas::Raw), "=1+2");
  EXPECT_EQ(csv_cell("@SUM(A1)", CsvFormulas::Raw), "@SUM(A1)");
  EXPECT_EQ(csv_cell("=a,b", CsvFormulas::Raw), "\"=a,b\"");
  EXPECT_EQ(csv_cell("-12.50", CsvFormulas::Raw), "-12.50");
}

TEST(CsvWriterTest, TableCsvNeutralisesUnlessRaw) {
  Table t({{"team"}, {"delta", true}});
  t.add_row({"=HYPERLINK(\"http://x\")", "-12.50"});
  t.add_row({"+cmd", "1e5"});
  t.add_row({"ok", "-3"});
  EXPECT_EQ(t.to_csv(),
            "team,delta\n"
            "\"'=HYPERLINK(\"\"http://x\"\")\",-12.50\n"
            "\"'+cmd\",1e5\n"
            "ok,-3\n");
  EXPECT_EQ(t.render("csv"), t.to_csv());
  EXPECT_EQ(t.to_csv(RenderOptions{.raw_csv = true}),
            "team,delta\n"
            "\"=HYPERLINK(\"\"http://x\"\")\",-12.50\n"
            "+cmd,1e5\n"
            "ok,-3\n");
  EXPECT_EQ(t.render("csv", RenderOptions{.raw_csv = true}), t.to_csv(RenderOptions{.raw_csv = true}));
}

}  // namespace
}  // namespace dbcost
