#include "usage/usage_csv.h"

#include <gtest/gtest.h>

#include <random>

namespace dbcost {
namespace {

std::vector<std::string> split(const std::string& line, unsigned count, CsvScan* scan_out = nullptr) {
  CsvLine cells{nullptr, std::vector<std::uint32_t>(count)};
  const CsvScan scan = scan_csv_line(line.data(), line.data() + line.size(), count, cells);
  if (scan_out) *scan_out = scan;
  std::vector<std::string> out;
  if (scan.status != CsvScanStatus::Ok) return out;
  std::string buffer;
  for (unsigned i = 0; i < count; ++i) out.emplace_back(csv_text(cells.cell(i), buffer));
  return out;
}

// RFC 4180 as Python's csv module writes it: quoted when needed, quotes doubled.
std::string encode(const std::string& cell) {
  if (cell.find_first_of(",\"\r\n") == std::string::npos &&
      (cell.empty() || (cell.front() != ' ' && cell.back() != ' ')))
    return cell;
  std::string out = "\"";
  for (char c : cell) {
    out += c;
    if (c == '"') out += '"';
  }
  return out + "\"";
}

TEST(UsageCsvTest, SplitsQuotedCellsWithDoubledQuotes) {
  EXPECT_EQ(split("a,\"b,c\",\"say \"\"hi\"\"\",,\"\"\n", 5),
            (std::vector<std::string>{"a", "b,c", "say \"hi\"", "", ""}));
  EXPECT_EQ(split("x,\"{\"\"team\"\":\"\"a\"\"}\",z\r\nnext,line\n", 3),
            (std::vector<std::string>{"x", "{\"team\":\"a\"}", "z"}));
  EXPECT_EQ(split(" padded ,last", 2), (std::vector<std::string>{"padded", "last"}));
  // Only the cells asked for are kept; the next line starts after the newline.
  CsvScan scan;
  const std::string two_lines = "1,2,3,4\n5,6\n";
  EXPECT_EQ(split(two_lines, 2, &scan), (std::vector<std::string>{"1", "2"}));
  EXPECT_EQ(scan.next, two_lines.data() + 8);
  // JSON cells keep their doubled quotes for JsonFields.
  CsvLine cells{nullptr, std::vector<std::uint32_t>(2)};
  const std::string json = "\"{\"\"a\"\":1}\",{}";
  scan_csv_line(json.data(), json.data() + json.size(), 2, cells);
  EXPECT_EQ(csv_content(cells.cell(0)).text, "{\"\"a\"\":1}");
  EXPECT_TRUE(csv_content(cells.cell(0)).doubled);
  EXPECT_EQ(csv_content(cells.cell(1)).text, "{}");
  EXPECT_FALSE(csv_content(cells.cell(1)).doubled);
}

TEST(UsageCsvTest, ReportsMalformedLines) {
  CsvScan scan;
  EXPECT_TRUE(split("a,b\"c,d\n", 3, &scan).empty());
  EXPECT_EQ(scan.status, CsvScanStatus::BadQuote);
  EXPECT_EQ(scan.column, 1u);
  EXPECT_TRUE(split("\"abc\"x,1\n", 2, &scan).empty());
  EXPECT_EQ(scan.status, CsvScanStatus::BadQuote);
  EXPECT_EQ(scan.column, 0u);
  EXPECT_TRUE(split("a,\"b\nc\"\n", 2, &scan).empty());
  EXPECT_EQ(scan.status, CsvScanStatus::QuoteNotClosed);
  EXPECT_TRUE(split("a,b\n", 3, &scan).empty());
  EXPECT_EQ(scan.status, CsvScanStatus::TooFewFields);
  EXPECT_EQ(scan.column, 2u);
  // Cells past the ones kept are still checked.
  EXPECT_TRUE(split("a,b,c\"d\n", 1, &scan).empty());
  EXPECT_EQ(scan.status, CsvScanStatus::BadQuote);
  EXPECT_EQ(scan.column, 2u);
  // A quote pair straddling a 64-byte block boundary, and a bad quote just after one.
  const std::string pad(62, 'x');
  EXPECT_EQ(split("\"" + pad + "\"\"y\",z\n", 2), (std::vector<std::string>{pad + "\"y", "z"}));
  EXPECT_TRUE(split("\"" + pad + "\"y,z\n", 2, &scan).empty());
  EXPECT_EQ(scan.status, CsvScanStatus::BadQuote);
}

// Random rows encoded as a CSV writer would read back cell for cell, at every alignment.
TEST(UsageCsvTest, RandomRowsRoundTrip) {
  std::mt19937_64 rng(11);
  const std::vector<std::string> pieces = {"a", "0", ",", "\"", "\"\"", " ", "{\"team\":\"x\"}", "\\", "é", "\t"};
  for (int trial = 0; trial < 3000; ++trial) {
    std::vector<std::string> row(1 + rng() % 20);
    for (auto& cell : row) {
      const int n = static_cast<int>(rng() % 8 == 0 ? rng() % 100 : rng() % 6);
      for (int k = 0; k < n; ++k) cell += pieces[rng() % pieces.size()];
      if (cell.find_first_of(",\"") == std::string::npos) {  // unquoted cells are read trimmed
        while (!cell.empty() && (cell.back() == ' ' || cell.back() == '\t')) cell.pop_back();
        while (!cell.empty() && (cell.front() == ' ' || cell.front() == '\t')) cell.erase(0, 1);
      }
    }
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) line += (i ? "," : "") + encode(row[i]);
    line += rng() % 2 ? "\r\n" : "\n";
    const std::string buffer = std::string(rng() % 64, '#') + line;
    CsvLine cells{nullptr, std::vector<std::uint32_t>(row.size())};
    const char* start = buffer.data() + (buffer.size() - line.size());
    const CsvScan scan = scan_csv_line(start, buffer.data() + buffer.size(), static_cast<unsigned>(row.size()), cells);
    ASSERT_EQ(scan.status, CsvScanStatus::Ok) << line;
    EXPECT_EQ(scan.next, buffer.data() + buffer.size());
    std::string scratch;
    for (unsigned i = 0; i < row.size(); ++i) EXPECT_EQ(csv_text(cells.cell(i), scratch), row[i]) << line;
  }
}

TEST(UsageCsvTest, QuantitiesParseExactlyAsDecimalDoes) {
  EXPECT_EQ(parse_quantity("259.295800000000000000")->raw(), Decimal::parse("259.2958")->raw());
  EXPECT_EQ(parse_quantity("-0.000000000000000001")->raw(), -1);
  EXPECT_EQ(parse_quantity("123456789012345678.123456789012345678")->to_string(),
            "123456789012345678.123456789012345678");
  EXPECT_EQ(parse_quantity("1e-3")->to_string(), "0.001");
  EXPECT_EQ(parse_quantity("0.1000000000000000000000")->to_string(), "0.1");
  for (const char* bad : {"", "-", ".", "1.2.3", "abc", "1,5", "12a", " 1", "0.0000000000000000001"})
    EXPECT_FALSE(parse_quantity(bad).has_value()) << bad;
  std::mt19937_64 rng(3);
  for (int trial = 0; trial < 20000; ++trial) {
    std::string s;
    if (rng() % 4 == 0) s += rng() % 2 ? "-" : "+";
    for (int n = static_cast<int>(rng() % 21); n > 0; --n) s += static_cast<char>('0' + rng() % 10);
    if (rng() % 3) {
      s += '.';
      for (int n = static_cast<int>(rng() % 21); n > 0; --n) s += static_cast<char>('0' + rng() % 10);
    }
    if (rng() % 10 == 0) s += "e-" + std::to_string(rng() % 5);
    if (!s.empty() && rng() % 20 == 0) s[rng() % s.size()] = 'x';
    const auto fast = parse_quantity(s);
    const auto slow = Decimal::parse(s);
    ASSERT_EQ(fast.has_value(), slow.has_value()) << s;
    if (fast) {
      EXPECT_EQ(fast->raw(), slow->raw()) << s;
    }
  }
}

TEST(UsageCsvTest, TellsLinesWithBytesAboveAscii) {
  CsvScan scan;
  split("plain,ascii\r\n", 2, &scan);
  EXPECT_TRUE(scan.ascii);
  // A byte at or above 0x80 in the first block, in a later block, in a quoted cell, on the last byte.
  for (std::size_t at : {0u, 5u, 63u, 64u, 70u, 130u}) {
    std::string line(140, 'x');
    line[at] = static_cast<char>(0x80 + at % 64);
    line[100] = ',';
    split(line + "\n", 2, &scan);
    EXPECT_EQ(scan.status, CsvScanStatus::Ok) << at;
    EXPECT_FALSE(scan.ascii) << at;
  }
  split("a,\"caf\xC3\xA9\"\n", 2, &scan);
  EXPECT_FALSE(scan.ascii);
  // The next line's bytes are not this line's.
  split("a,b\n\xFF\n", 2, &scan);
  EXPECT_TRUE(scan.ascii);
}

TEST(UsageCsvTest, LineEndsAreFoundAtEveryOffsetInABlock) {
  // A quoted last cell before CRLF or LF (then another line), or before the end of the buffer with
  // or without a CR: the line end at every byte of a 64-byte block, and a CR on the last byte of one
  // block with its LF on the first of the next.
  for (std::size_t width = 1; width < 140; ++width) {
    const std::string first(width, 'x');
    const std::string line = first + ",\"y\"\"z\"";  // width + 7 bytes
    for (const std::string ending : {"\r\n", "\n", "\r", ""}) {
      const bool more = !ending.empty() && ending.back() == '\n';
      const std::string text = line + ending + (more ? "next,\"line\"\n" : "");
      CsvScan scan;
      EXPECT_EQ(split(text, 2, &scan), (std::vector<std::string>{first, "y\"z"})) << width << " " << ending.size();
      EXPECT_EQ(scan.next, text.data() + (more ? line.size() + ending.size() : text.size()))
          << width << " " << ending.size();
      EXPECT_EQ(scan.fields, 2u);
    }
  }
}

}  // namespace
}  // namespace dbcost
