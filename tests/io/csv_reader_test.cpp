#include "io/csv_reader.h"

#include <gtest/gtest.h>

namespace dbcost {
namespace {

std::string read_error(const std::string& text) {
  try {
    CsvColumns<2> csv("f.csv", text, {"team", "monthly_budget"}, {true, true});
    while (csv.next()) {
    }
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(CsvReaderTest, InvalidUtf8IsAnErrorAtTheByte) {
  EXPECT_EQ(read_error("team,monthly_budget\nbookings,6000\ncaf\xe9,4000\n"),
            "f.csv:3:4: not UTF-8 text: byte 0xE9 does not start a valid UTF-8 character (save the file as UTF-8)");
  // An overlong form of '/' and a lone continuation byte are refused as well.
  EXPECT_NE(read_error("team,monthly_budget\n\xc0\xaf,1\n"), "");
  EXPECT_NE(read_error("team,monthly_budget\n\x80,1\n"), "");
}

TEST(CsvReaderTest, BomAndCrlfAreAccepted) {
  EXPECT_EQ(read_error("\xef\xbb\xbfteam,monthly_budget\r\ncaf\xc3\xa9,4000\r\n"), "");
}

}  // namespace
}  // namespace dbcost
