#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "core/errors.h"
#include "io/atomic_file.h"
#include "usage/record_reader.h"
#include "usage/record_writer.h"
#include "usage/simulated_ids.h"
#include "usage/usage_schema.h"

namespace dbcost {
namespace {

constexpr UnixSeconds k20260302T10 = 1772445600;  // 2026-03-02T10:00:00Z

// The columns of system.billing.usage as Databricks' reference lists them, and dbcost's one.
TEST(UsageSchemaTest, HeaderIsDatabricksColumnsThenDbcostIdle) {
  EXPECT_EQ(usage_csv_header(),
            "record_id,account_id,workspace_id,sku_name,cloud,usage_start_time,usage_end_time,usage_date,custom_tags,"
            "usage_unit,usage_quantity,usage_metadata,identity_metadata,record_type,ingestion_date,"
            "billing_origin_product,product_features,usage_type,dbcost_idle_quantity\n");
  EXPECT_EQ(usage_column_name(kUsageQuantityColumn), "usage_quantity");
  EXPECT_EQ(kUsageColumns[kUsageQuantityColumn].type, UsageColumnType::Decimal);
  EXPECT_EQ(kUsageColumns[kCustomTagsColumn].type, UsageColumnType::StringMap);
  EXPECT_EQ(kUsageColumns[kUsageMetadataColumn].type, UsageColumnType::Struct);
}

TEST(UsageSchemaTest, StructFieldNamesAreUnique) {
  std::set<std::string_view> meta, features;
  for (const auto& f : kUsageMetadataFields) EXPECT_TRUE(meta.insert(f.name).second) << f.name;
  for (const auto& f : kProductFeatureFlags) EXPECT_TRUE(features.insert(f.name).second) << f.name;
  for (const auto& f : kProductFeatureTexts) EXPECT_TRUE(features.insert(f.name).second) << f.name;
  EXPECT_EQ(meta.size(), 14u);
  EXPECT_EQ(features.size(), 6u);
}

UsageRecord sample_record() {
  UsageRecord r;
  r.record_id = "r-1";
  r.account_id = "acc";
  r.workspace_id = "1234567890123456";
  r.sku_name = "PREMIUM_JOBS_COMPUTE";
  r.cloud = "AZURE";
  r.usage_start_time = k20260302T10;
  r.usage_end_time = k20260302T10 + 3600;
  r.usage_date = "2026-03-02";
  r.custom_tags = {{"team", "data, eng"}, {"env", "prod"}};
  r.usage_quantity = *Decimal::parse("1.5");
  r.usage_metadata.job_id = "100000";
  r.usage_metadata.job_run_id = "100000000003";
  r.usage_metadata.cluster_id = "etl-run3-main";
  r.usage_metadata.node_type = "Standard_DS3_v2";
  r.record_type = "ORIGINAL";
  r.ingestion_date = "2026-03-03";
  r.billing_origin_product = "JOBS";
  r.product_features.is_serverless = false;
  r.product_features.is_photon = true;
  r.product_features.jobs_tier = "CLASSIC";
  r.usage_type = "COMPUTE_TIME";
  r.dbcost_idle_quantity = *Decimal::parse("0.25");
  return r;
}

// Written by hand from the record above: JSON keys sorted, absent struct fields dropped except
// the ones the export writes as null, quantities with 12 decimals, cells with quotes or commas quoted.
constexpr const char* kSampleLine =
    "r-1,acc,1234567890123456,PREMIUM_JOBS_COMPUTE,AZURE,2026-03-02T10:00:00.000Z,2026-03-02T11:00:00.000Z,"
    "2026-03-02,\"{\"\"env\"\":\"\"prod\"\",\"\"team\"\":\"\"data, eng\"\"}\",DBU,1.500000000000,"
    "\"{\"\"cluster_id\"\":\"\"etl-run3-main\"\",\"\"job_id\"\":\"\"100000\"\",\"\"job_run_id\"\":\"\"100000000003\"\","
    "\"\"node_type\"\":\"\"Standard_DS3_v2\"\"}\",\"{\"\"run_as\"\":null}\",ORIGINAL,2026-03-03,JOBS,"
    "\"{\"\"is_photon\"\":true,\"\"is_serverless\"\":false,\"\"jobs_tier\"\":\"\"CLASSIC\"\","
    "\"\"performance_target\"\":null,\"\"sql_tier\"\":null}\",COMPUTE_TIME,0.250000000000\n";

UsageReadOptions tags(std::vector<std::string> keys) {
  UsageReadOptions o;
  o.tag_keys = std::move(keys);
  return o;
}

TEST(UsageWriterTest, WritesTheRecordAsAnExportLine) {
  std::string out;
  append_usage_csv(sample_record(), out);
  EXPECT_EQ(out, kSampleLine);
}

TEST(UsageWriterTest, QuantitiesKeepTheirDecimalsBeyondTwelve) {
  UsageRecord r = sample_record();
  r.usage_quantity = *Decimal::parse("-2.1234567890123");
  r.dbcost_idle_quantity.reset();
  std::string out;
  append_usage_csv(r, out);
  EXPECT_NE(out.find(",DBU,-2.1234567890123,"), std::string::npos) << out;
  EXPECT_EQ(out.substr(out.size() - 15), ",COMPUTE_TIME,\n");
}

TEST(UsageRoundTripTest, WriterThenReaderGivesTheRecordBack) {
  std::string text = usage_csv_header();
  append_usage_csv(sample_record(), text);
  std::vector<UsageRecord> seen;
  read_usage_records_text(text, "u.csv", tags({"team", "env", "missing"}),
                          [&](const UsageRecord& r) { seen.push_back(r); });
  ASSERT_EQ(seen.size(), 1u);
  const UsageRecord& r = seen[0];
  EXPECT_EQ(r.line, 2u);
  EXPECT_EQ(r.record_id, "r-1");
  EXPECT_EQ(r.account_id, "acc");
  EXPECT_EQ(r.workspace_id, "1234567890123456");
  EXPECT_EQ(r.sku_name, "PREMIUM_JOBS_COMPUTE");
  EXPECT_EQ(r.cloud, "AZURE");
  EXPECT_EQ(r.usage_start_time, 1772445600);
  EXPECT_EQ(r.usage_end_time, std::optional<UnixSeconds>(1772449200));
  EXPECT_EQ(r.usage_date, "2026-03-02");
  EXPECT_EQ(r.custom_tags, (std::map<std::string, std::string>{{"env", "prod"}, {"team", "data, eng"}}));
  EXPECT_EQ(r.usage_unit, "DBU");
  EXPECT_EQ(r.usage_quantity, Decimal::from_raw(Decimal::kScale * 3 / 2));
  EXPECT_EQ(r.usage_metadata.job_id, "100000");
  EXPECT_EQ(r.usage_metadata.job_run_id, "100000000003");
  EXPECT_EQ(r.usage_metadata.cluster_id, "etl-run3-main");
  EXPECT_EQ(r.usage_metadata.node_type, "Standard_DS3_v2");
  EXPECT_FALSE(r.usage_metadata.warehouse_id);
  EXPECT_FALSE(r.identity_metadata.run_as);  // written as null
  EXPECT_EQ(r.record_type, "ORIGINAL");
  EXPECT_EQ(r.ingestion_date, "2026-03-03");
  EXPECT_EQ(r.billing_origin_product, "JOBS");
  EXPECT_EQ(r.product_features.is_serverless, std::optional<bool>(false));
  EXPECT_EQ(r.product_features.is_photon, std::optional<bool>(true));
  EXPECT_EQ(r.product_features.jobs_tier, "CLASSIC");
  EXPECT_FALSE(r.product_features.performance_target);  // written as null
  EXPECT_EQ(r.usage_type, "COMPUTE_TIME");
  EXPECT_EQ(r.dbcost_idle_quantity, std::optional(Decimal::from_raw(Decimal::kScale / 4)));

  std::string again;
  append_usage_csv(r, again);
  EXPECT_EQ(again, kSampleLine);
}

TEST(SimulatedIdsTest, JobClusterIdFormatsAndParsesBack) {
  const std::string id = format_job_cluster_id("etl", 3, "main");
  EXPECT_EQ(id, "etl-run3-main");
  const auto parsed = parse_job_cluster_id(id);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->job_name, "etl");
  EXPECT_EQ(parsed->run, "3");
  EXPECT_EQ(parsed->cluster_key, "main");
  // The first "-run<N>-" splits: a key holding "-run<N>-" stays whole, a job name holding one does not.
  const auto keyed = parse_job_cluster_id("etl-run12-a-run3-b");
  ASSERT_TRUE(keyed);
  EXPECT_EQ(keyed->job_name, "etl");
  EXPECT_EQ(keyed->run, "12");
  EXPECT_EQ(keyed->cluster_key, "a-run3-b");
  for (const char* not_ours :
       {"etl-run-main", "etl-run3-", "etl-runx3-main", "shared-ap", "0123-456789-abcdefgh", "etl-run3-ma\nin"})
    EXPECT_FALSE(parse_job_cluster_id(not_ours)) << not_ours;
  EXPECT_EQ(format_pipeline_cluster_id("ingest"), "dlt-execution-ingest");
}

TEST(SimulatedIdsTest, JobRunIdFormatsAndParsesBack) {
  EXPECT_EQ(simulated_job_id(2), 100002);
  EXPECT_EQ(format_job_run_id(100002, 7), "100002000007");
  const auto parsed = parse_job_run_id("100002000007");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->job_id, 100002);
  EXPECT_EQ(parsed->run, 7);
  EXPECT_FALSE(parse_job_run_id(""));
  EXPECT_FALSE(parse_job_run_id("-5"));
  EXPECT_FALSE(parse_job_run_id("12a"));
}

class TempDir {
 public:
  TempDir() : path_(std::filesystem::temp_directory_path() / ("dbcost_usage_" + std::to_string(::getpid()))) {
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// Every record written back as its export line, with its line number.
std::vector<std::string> lines_read(const std::string& path) {
  std::vector<std::string> out;
  read_usage_records(path, tags({"team", "env"}), [&](const UsageRecord& r) {
    std::string line = std::to_string(r.line) + ":";
    append_usage_csv(r, line);
    out.push_back(line);
  });
  return out;
}

TEST(UsageSourcesTest, PlainGzipAndPipeGiveTheSameRecords) {
  std::string text = usage_csv_header();
  constexpr int kRecords = 20000;  // about 8 MB: several read blocks
  for (int i = 0; i < kRecords; ++i) {
    UsageRecord r = sample_record();
    r.record_id = "r-" + std::to_string(i);
    r.usage_start_time = k20260302T10 + 3600 * (i % 48);
    append_usage_csv(r, text);
  }
  const TempDir dir;
  write_file_atomically(dir / "u.csv", text);
  gzFile gz = ::gzopen((dir / "u.csv.gz").c_str(), "wb");
  ASSERT_EQ(::gzwrite(gz, text.data(), static_cast<unsigned>(text.size())), static_cast<int>(text.size()));
  ::gzclose(gz);
  ASSERT_EQ(::mkfifo((dir / "pipe").c_str(), 0600), 0);
  std::thread writer([&] { std::ofstream(dir / "pipe", std::ios::binary) << text; });
  const auto piped = lines_read(dir / "pipe");
  writer.join();

  const auto plain = lines_read(dir / "u.csv");
  ASSERT_EQ(plain.size(), static_cast<std::size_t>(kRecords));
  EXPECT_EQ(plain[0], "2:r-0" + std::string(kSampleLine).substr(3));
  EXPECT_EQ(plain.back().substr(0, 14), "20001:r-19999,");
  EXPECT_EQ(lines_read(dir / "u.csv.gz"), plain);
  EXPECT_EQ(piped, plain);
}

TEST(UsageReaderErrorsTest, NameFileLineColumnAndWhat) {
  auto read = [](const std::string& text) {
    read_usage_records_text(text, "u.csv", tags({}), [](const UsageRecord&) {});
  };
  auto message = [&](const std::string& text) {
    try {
      read(text);
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  const std::string header = "sku_name,usage_start_time,usage_quantity,usage_end_time\n";
  EXPECT_EQ(message("sku_name,usage_quantity\n"),
            "u.csv:1: usage_start_time: missing column 'usage_start_time' in the header");
  EXPECT_EQ(message(header + "A,2026-03-02T10:00:00Z,1,\nA,2026-03-02T10:00:00Z,1,2026-03-02T25:00:00Z\n"),
            "u.csv:3:4: usage_end_time: expected a timestamp such as 2026-03-01T10:00:00.000+00:00, got "
            "'2026-03-02T25:00:00Z'");
  EXPECT_EQ(message(header + "A,2026-03-02T10:00:00Z,1x,\n"),
            "u.csv:2:3: usage_quantity: expected a decimal quantity, got '1x'");
  EXPECT_EQ(message(header + ",2026-03-02T10:00:00Z,1,\n"), "u.csv:2:1: sku_name: empty sku_name");
  EXPECT_EQ(message(header + "A,2026-03-02T10:00:00Z,1,,extra\n"),
            "u.csv:2:5: malformed CSV: 5 fields on this line, the header has 4");
  EXPECT_EQ(message(header + "A,x\"y,1,\n"),
            "u.csv:2:2: usage_start_time: malformed CSV: a quote inside a field that is not quoted, or text after a "
            "closing quote");
  EXPECT_EQ(message(""), "u.csv:1:1: empty file: expected a CSV header line");
}

}  // namespace
}  // namespace dbcost
