#include "usage/record_reader.h"

#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <filesystem>

#include "core/errors.h"
#include "io/atomic_file.h"

namespace dbcost {
namespace {

UsageReadOptions team_tag() {
  UsageReadOptions o;
  o.tag_keys = {"team"};
  o.required = {kSkuNameColumn, kUsageStartTimeColumn, kUsageQuantityColumn, kUsageMetadataColumn};
  return o;
}

constexpr const char* kHeader =
    "usage_metadata,sku_name,usage_start_time,custom_tags,usage_quantity,product_features\n";

std::string row(int i) {
  return "\"{\"\"job_id\"\":\"\"" + std::to_string(i % 7) + "\"\",\"\"cluster_id\"\":\"\"c" + std::to_string(i) +
         "\"\"}\",PREMIUM_JOBS_COMPUTE,2026-03-02T10:00:00Z,\"{\"\"team\"\":\"\"t\"\"}\",0.5,"
         "\"{\"\"is_photon\"\":true}\"\r\n";
}

TEST(RecordReaderTest, ReadsFieldsPerRecord) {
  std::vector<UsageRecord> seen;
  std::vector<std::string> jobs;
  read_usage_records_text(std::string(kHeader) + row(1) + row(9), "t.csv", team_tag(), [&](const UsageRecord& r) {
    seen.push_back(r);
    jobs.emplace_back(*r.usage_metadata.job_id);
    EXPECT_EQ(r.custom_tags.at("team"), "t");
    EXPECT_EQ(r.sku_name, "PREMIUM_JOBS_COMPUTE");
    EXPECT_EQ(r.usage_unit, "DBU");  // no usage_unit column
    EXPECT_EQ(r.product_features.is_photon, std::optional<bool>(true));
    EXPECT_FALSE(r.product_features.is_serverless);
  });
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(jobs, (std::vector<std::string>{"1", "2"}));
  EXPECT_EQ(seen[1].line, 3u);
}

TEST(RecordReaderTest, StreamsLargeAndCompressedFilesAcrossBlocks) {
  const auto dir = std::filesystem::temp_directory_path() / ("dbcost_records_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::string text = kHeader;
  constexpr int kRows = 30000;  // about 4 MB: several 1 MiB read blocks
  for (int i = 0; i < kRows; ++i) text += row(i);
  write_file_atomically((dir / "u.csv").string(), text);
  gzFile gz = ::gzopen((dir / "u.csv.gz").c_str(), "wb");
  ::gzwrite(gz, text.data(), static_cast<unsigned>(text.size()));
  ::gzclose(gz);
  for (const char* name : {"u.csv", "u.csv.gz"}) {
    std::size_t n = 0;
    Decimal sum;
    std::uint64_t last_line = 0;
    read_usage_records((dir / name).string(), team_tag(), [&](const UsageRecord& r) {
      EXPECT_EQ(r.usage_metadata.cluster_id, "c" + std::to_string(n));
      ++n;
      sum += r.usage_quantity;
      last_line = r.line;
    });
    EXPECT_EQ(n, static_cast<std::size_t>(kRows)) << name;
    EXPECT_EQ(sum, Decimal::from_int(kRows / 2)) << name;
    EXPECT_EQ(last_line, static_cast<std::uint64_t>(kRows + 1)) << name;
  }
  std::filesystem::remove_all(dir);
}

TEST(RecordReaderTest, ErrorsNameFileLineAndColumn) {
  auto read = [](const std::string& text) {
    read_usage_records_text(text, "u.csv", team_tag(), [](const UsageRecord&) {});
  };
  try {
    read("sku_name,usage_start_time,usage_quantity\n");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), "u.csv:1: usage_metadata: missing column 'usage_metadata' in the header");
  }
  try {
    read(std::string(kHeader) + row(1) + "{},X,2026-03-02T10:00:00Z,{},abc,{}\n");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), "u.csv:3:5: usage_quantity: expected a decimal quantity, got 'abc'");
  }
}

}  // namespace
}  // namespace dbcost
