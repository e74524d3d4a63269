#include "chargeback/usage_reader.h"

#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <fstream>
#include <random>
#include <thread>

#include "chargeback/focus.h"
#include "core/errors.h"
#include "io/atomic_file.h"

namespace dbcost {
namespace {

const std::string kData = std::string(DBCOST_SOURCE_DIR) + "/tests/data/chargeback/";

UsageOptions march_options() {
  UsageOptions o;
  o.rules.owners = Owners::load(kData + "owners.csv");
  o.rules.shared_ids = {"wh-shared"};
  o.rules.shared_tags = {{"cost_center", "shared"}};
  return o;
}

std::vector<std::string> describe(const UsageLedger& ledger) {
  std::vector<std::string> out;
  for (const auto& g : ledger.groups)
    out.push_back(period_label(ledger.period, g.period) + "|" + g.team + "|" + g.workspace_id + "|" + g.sku_name + "|" +
                  g.price->price.to_string() + "|" + g.quantity.to_string() + "|" + std::to_string(g.records));
  return out;
}

const std::vector<std::string> kMarchGroups = {
    // r08 is shared by its warehouse id, r09 by its cost_center tag, although both carry a team tag.
    "2026-03|(shared)|1111|PREMIUM_ALL_PURPOSE_COMPUTE|0.55|2|1",
    "2026-03|(shared)|1111|PREMIUM_SERVERLESS_SQL_COMPUTE|0.65|30|1",  // effective_list (promotion) price
    "2026-03|(unallocated)|2222|PREMIUM_JOBS_COMPUTE|0.33|3|1",
    // r03 starts 2026-03-16 00:30+01:00, i.e. before the price change at 2026-03-16T00:00Z.
    "2026-03|analytics|1111|PREMIUM_JOBS_COMPUTE|0.3|7.333333333333333333|1",
    "2026-03|analytics|2222|PREMIUM_ALL_PURPOSE_COMPUTE|0.55|4|1",
    // r11 and its RETRACTION r12 net to zero.
    "2026-03|data-eng|1111|PREMIUM_ALL_PURPOSE_COMPUTE|0.55|0|2",
    // r01 and r15, whose tag value is written "data\u002deng".
    "2026-03|data-eng|1111|PREMIUM_JOBS_COMPUTE|0.3|11|2",
    "2026-03|data-eng|1111|PREMIUM_JOBS_COMPUTE|0.33|12.5|1",
    // r05 20, RETRACTION -20, RESTATEMENT 18 (job 901 in the owners file), and r14 2 (tag keys "Team" and
    // "team " do not match "team"; run_as svc-ml@example.com is in the owners file).
    "2026-03|ml|2222|PREMIUM_JOBS_COMPUTE|0.3|20|4",
    "2026-03|ml|3333|PREMIUM_JOBS_COMPUTE|0.3|1|1",                // job_id wins over workspace 3333
    "2026-03|platform|3333|PREMIUM_ALL_PURPOSE_COMPUTE|0.55|1|1",  // workspace 3333
    "2026-04|data-eng|1111|PREMIUM_JOBS_COMPUTE|0.33|1|1",
};

TEST(UsageReaderTest, SumsTheHandMadeExportExactly) {
  const auto book = PriceBook::load(kData + "list_prices.csv");
  const auto ledger = read_usage(kData + "usage_march.csv", book, march_options());
  EXPECT_EQ(describe(ledger), kMarchGroups);
  EXPECT_EQ(ledger.counts.records, 17u);
  EXPECT_EQ(ledger.counts.original, 14u);
  EXPECT_EQ(ledger.counts.retraction, 2u);
  EXPECT_EQ(ledger.counts.restatement, 1u);
  EXPECT_TRUE(ledger.unpriced.empty());
  EXPECT_FALSE(ledger.has_idle);
  EXPECT_EQ(ledger.account_ids, std::vector<std::string>{"acc-1"});
}

TEST(UsageReaderTest, KeepsEachAccountOnce) {
  const auto book = PriceBook::load(kData + "list_prices.csv");
  const std::string header = "account_id,sku_name,cloud,usage_unit,usage_quantity,usage_start_time,custom_tags\n";
  const std::string row = ",PREMIUM_JOBS_COMPUTE,AZURE,DBU,1,2026-03-02T00:00:00Z,{}\n";
  const auto ledger = read_usage_text(header + "b" + row + "a" + row + "b" + row + row, "usage.csv", book, {});
  EXPECT_EQ(ledger.account_ids, (std::vector<std::string>{"a", "b"}));  // sorted; an empty cell is no account
  const Chargeback cb = allocate_chargeback(ledger, {});
  try {
    focus_csv(cb, "team");
    ADD_FAILURE() << "two accounts in one FOCUS file";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("holds accounts a, b"), std::string::npos) << e.what();
  }
  const auto none = read_usage_text(
      "sku_name,cloud,usage_unit,usage_quantity,usage_start_time,custom_tags\n" + row.substr(1), "usage.csv", book, {});
  EXPECT_TRUE(none.account_ids.empty());
  EXPECT_THROW(focus_csv(allocate_chargeback(none, {}), "team"), InputError);
}

TEST(UsageReaderTest, GzipTextAndEveryThreadCountGiveTheSameSums) {
  const auto book = PriceBook::load(kData + "list_prices.csv");
  auto options = march_options();
  EXPECT_EQ(describe(read_usage(kData + "usage_march.csv.gz", book, options)), kMarchGroups);
  const std::string text = read_file(kData + "usage_march.csv");
  options.min_part_bytes = 1;
  options.block_bytes = 1;  // the smallest block: lines are carried over block ends
  for (unsigned threads : {1u, 2u, 3u, 7u, 40u}) {
    options.threads = threads;
    const auto from_text = read_usage_text(text, "usage_march.csv", book, options);
    EXPECT_EQ(describe(from_text), kMarchGroups) << threads;
    EXPECT_EQ(from_text.parts, threads) << threads;
    EXPECT_EQ(describe(read_usage(kData + "usage_march.csv", book, options)), kMarchGroups) << threads;
  }
}

const PriceBook& simple_book() {
  static const PriceBook book = PriceBook::from_csv(
      "sku_name,cloud,currency_code,usage_unit,price\n"
      "JOBS,AZURE,USD,DBU,0.5\n"
      "SQL,AZURE,EUR,DBU,0.25\n",
      "book.csv");
  return book;
}

const std::string kHeader =
    "workspace_id,sku_name,cloud,usage_start_time,usage_unit,usage_quantity,custom_tags,usage_metadata,"
    "identity_metadata,record_type\n";

std::string row(const std::string& tags, const std::string& meta = "{}", const std::string& identity = "{}",
                const std::string& qty = "1", const std::string& ws = "10") {
  auto q = [](const std::string& s) {
    std::string out = "\"";
    for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
  };
  return ws + ",JOBS,AZURE,2026-03-01T00:00:00Z,DBU," + qty + "," + q(tags) + "," + q(meta) + "," + q(identity) +
         ",ORIGINAL\n";
}

std::vector<std::string> teams_of(const std::string& text, const UsageOptions& options) {
  std::vector<std::string> out;
  for (const auto& g : read_usage_text(text, "u.csv", simple_book(), options).groups)
    out.push_back(g.team + "=" + g.quantity.to_string());
  return out;
}

TEST(UsageReaderTest, AttributionOrderIsSharedThenTagThenOwnersThenUnallocated) {
  UsageOptions o;
  o.rules.team_tag = "squad";
  o.rules.shared_tags = {{"pool", "common"}};
  o.rules.shared_ids = {"wh-1", "svc@x"};
  o.rules.owners.add(IdKind::JobId, "7", "jobs-team");
  o.rules.owners.add(IdKind::ClusterId, "c-1", "cluster-team");
  o.rules.owners.add(IdKind::WarehouseId, "w-1", "warehouse-team");
  o.rules.owners.add(IdKind::RunAs, "bob@x", "bob-team");
  o.rules.owners.add(IdKind::WorkspaceId, "10", "workspace-team");
  const std::string text =
      kHeader + row(R"({"squad":"a","pool":"common"})", "{}", "{}", "1") +  // shared by tag
      row(R"({"squad":"a"})", R"({"warehouse_id":"wh-1"})", "{}", "2") +    // shared by id
      row(R"({"squad":"a"})", "{}", R"({"run_as":"svc@x"})", "4") +         // shared by run_as
      row(R"({"squad":"a","team":"b"})", R"({"job_id":"7"})", "{}", "8") +  // the tag beats the owners
      row(R"({"squad":""})", R"({"job_id":"7","cluster_id":"c-1"})", "{}", "16") +
      row("{}", R"({"cluster_id":"c-1","warehouse_id":"w-1"})", R"({"run_as":"bob@x"})", "32") +
      row("{}", R"({"warehouse_id":"w-1"})", R"({"run_as":"bob@x"})", "64") +
      row("", "{}", R"({"run_as":"bob@x"})", "128") + row("null", "{}", "{}", "256") +
      row("{}", "{}", "{}", "512", "99") +                                        // nothing matches
      row(R"({"Squad":"a"})", "{}", "{}", "1024", "99") +                         // keys match exactly
      row(R"({"squad":"a"})", R"({"warehouse_id":"wh\u002d1"})", "{}", "2048") +  // an id written with escapes
      row(R"({"squad":"a"})", R"({"job_name":"say \"wh-2\"","job_id":"x"})", "{}", "4096");
  EXPECT_EQ(teams_of(text, o),
            (std::vector<std::string>{"(shared)=2055", "(unallocated)=1536", "a=4104", "bob-team=128",
                                      "cluster-team=32", "jobs-team=16", "warehouse-team=64", "workspace-team=256"}));
}

TEST(UsageReaderTest, ColumnsInAnyOrderWithExtrasBomAndCrlf) {
  const std::string text =
      "\xEF\xBB\xBF"
      "extra,usage_quantity,custom_tags,usage_unit,cloud,sku_name,usage_start_time\r\n"
      "x,\"2.5\",\"{\"\"team\"\":\"\"t\"\"}\",DBU,azure,JOBS,2026-03-01 10:00:00.000+00:00\r\n"
      "\r\n"
      "y,0.5,{},DBU,AZURE,SQL,2026-03-01T10:00:00.999999Z\r\n";
  const auto ledger = read_usage_text(text, "u.csv", simple_book(), {});
  ASSERT_EQ(ledger.groups.size(), 2u);
  EXPECT_EQ(ledger.groups[0].team, "(unallocated)");
  EXPECT_EQ(ledger.groups[0].price->currency_code, "EUR");
  EXPECT_EQ(ledger.groups[1].team, "t");
  EXPECT_EQ(ledger.groups[1].cloud, "AZURE");
  EXPECT_EQ(ledger.groups[1].quantity.to_string(), "2.5");
  EXPECT_EQ(ledger.groups[1].workspace_id, "");
}

TEST(UsageReaderTest, UsageWithoutAPriceIsKeptApartWithItsFirstLine) {
  const std::string text = kHeader + row("{}") + "10,NOPE,AZURE,2026-03-01T00:00:00Z,DBU,2,{},{},{},ORIGINAL\n" +
                           "10,NOPE,AZURE,2026-03-02T00:00:00Z,DBU,3,{},{},{},ORIGINAL\n" +
                           "10,JOBS,AWS,2026-03-02T00:00:00Z,DBU,4,{},{},{},ORIGINAL\n";
  const auto ledger = read_usage_text(text, "u.csv", simple_book(), {});
  ASSERT_EQ(ledger.unpriced.size(), 2u);
  EXPECT_EQ(ledger.unpriced[0].sku_name, "JOBS");
  EXPECT_EQ(ledger.unpriced[0].cloud, "AWS");
  EXPECT_EQ(ledger.unpriced[0].first.to_string(), "u.csv:5:2: sku_name:");
  EXPECT_EQ(ledger.unpriced[1].sku_name, "NOPE");
  EXPECT_EQ(ledger.unpriced[1].quantity.to_string(), "5");
  EXPECT_EQ(ledger.unpriced[1].records, 2u);
  EXPECT_EQ(ledger.unpriced[1].first.line, 3u);
  EXPECT_EQ(ledger.groups.size(), 1u);
}

TEST(UsageReaderTest, IdleQuantitiesAreSummedWhenTheColumnExists) {
  const auto ledger = read_usage(kData + "usage_idle.csv", PriceBook::load(kData + "list_prices.csv"), {});
  EXPECT_TRUE(ledger.has_idle);
  ASSERT_EQ(ledger.groups.size(), 2u);
  EXPECT_EQ(ledger.groups[0].team, "analytics");
  EXPECT_EQ(ledger.groups[0].quantity.to_string(), "10");
  EXPECT_EQ(ledger.groups[0].idle_quantity.to_string(), "4.25");
  EXPECT_EQ(ledger.groups[1].idle_quantity.to_string(), "0");
}

std::string error_of(const std::string& text, UsageOptions options = {}) {
  try {
    read_usage_text(text, "u.csv", simple_book(), options);
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

TEST(UsageReaderTest, BadInputIsLocated) {
  EXPECT_EQ(error_of(""), "u.csv:1:1: empty file: expected a CSV header line");
  EXPECT_EQ(error_of("sku_name,cloud,usage_start_time,usage_unit,custom_tags\n"),
            "u.csv:1: usage_quantity: missing column 'usage_quantity' in the header");
  UsageOptions with_owners;
  with_owners.rules.owners.add(IdKind::RunAs, "a", "t");
  EXPECT_EQ(error_of("sku_name,cloud,usage_start_time,usage_unit,usage_quantity,custom_tags\n", with_owners),
            "u.csv:1: identity_metadata: missing column 'identity_metadata' in the header (the owners file maps "
            "run_as)");
  EXPECT_EQ(error_of("sku_name,cloud,sku_name\n"),
            "u.csv:1:3: sku_name: malformed CSV: a column appears twice in the header");
  EXPECT_EQ(error_of(kHeader + row("{}") + row("{}", "{}", "{}", "1.5x")),
            "u.csv:3:6: usage_quantity: expected a decimal quantity, got '1.5x'");
  EXPECT_EQ(error_of(kHeader + "10,JOBS,AZURE,2026-02-30T00:00:00Z,DBU,1,{},{},{},ORIGINAL\n"),
            "u.csv:2:4: usage_start_time: expected a timestamp such as 2026-03-01T10:00:00.000+00:00, got "
            "'2026-02-30T00:00:00Z'");
  EXPECT_EQ(error_of(kHeader + row(R"({"team":"a",})")),
            "u.csv:2:7: custom_tags: expected a JSON object: expected a string key at character 17");
  EXPECT_EQ(error_of(kHeader + row(R"j({"team":"(shared)"})j")),
            "u.csv:2:7: custom_tags: team '(shared)' is a reserved name");
  EXPECT_EQ(error_of(kHeader + "10,JOBS,AZ\"URE,2026-03-01,DBU,1,{},{},{},ORIGINAL\n"),
            "u.csv:2:3: cloud: malformed CSV: a quote inside a field that is not quoted, or text after a closing "
            "quote");
  EXPECT_EQ(error_of(kHeader + "10,JOBS,AZURE,2026-03-01,DBU,1,\"{}\n"),
            "u.csv:2:7: custom_tags: malformed CSV: a quoted field is not closed");
  EXPECT_EQ(error_of(kHeader + "10,JOBS,AZURE,2026-03-01,DBU\n"),
            "u.csv:2:6: usage_quantity: malformed CSV: too few fields on this line");
  EXPECT_EQ(error_of(kHeader + ",JOBS,AZURE,2026-03-01,,1,{},{},{},ORIGINAL\n"),
            "u.csv:2:5: usage_unit: empty usage_unit");
}

TEST(UsageReaderTest, FilesWithoutRowsOrFinalNewlineAndPipesAreRead) {
  const std::string dir = ::testing::TempDir();
  write_file_atomically(dir + "/header_only.csv", kHeader);
  EXPECT_TRUE(read_usage(dir + "/header_only.csv", simple_book(), {}).groups.empty());
  const std::string text = kHeader + row("{}") + row(R"({"team":"t"})", "{}", "{}", "2");
  std::string no_newline = text;
  no_newline.pop_back();
  write_file_atomically(dir + "/no_newline.csv", no_newline);
  UsageOptions o;
  o.threads = 2;
  o.min_part_bytes = 1;
  EXPECT_EQ(read_usage(dir + "/no_newline.csv", simple_book(), o).groups.size(), 2u);
  const std::string fifo = dir + "/usage_fifo.csv";
  ::unlink(fifo.c_str());
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::thread writer([&] { std::ofstream(fifo) << text; });
  const auto ledger = read_usage(fifo, simple_book(), o);
  writer.join();
  ::unlink(fifo.c_str());
  ASSERT_EQ(ledger.groups.size(), 2u);
  EXPECT_EQ(ledger.parts, 1u);
  EXPECT_EQ(ledger.groups[1].team, "t");
}

TEST(UsageReaderTest, OwnersFileErrorsAreLocated) {
  auto owners_error = [](const std::string& text) {
    try {
      Owners::from_csv(text, "o.csv");
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(owners_error("kind,id,team\njobid,1,a\n"),
            "o.csv:2:1: kind: expected job_id, cluster_id, warehouse_id, run_as or workspace_id, got 'jobid' (did you "
            "mean 'job_id'?)");
  EXPECT_EQ(owners_error("kind,id,team\njob_id,1,a\njob_id,1,b\n"),
            "o.csv:3:2: id: job_id '1' is already mapped to team 'a'");
  EXPECT_EQ(owners_error("kind,id,team\njob_id,1,a\njob_id,1,a\n"), "no error");
  EXPECT_EQ(owners_error("kind,id,team\njob_id,,a\n"), "o.csv:2:2: id: empty id");
  EXPECT_EQ(owners_error("kind,id,team\njob_id,1,(unallocated)\n"),
            "o.csv:2:3: team: '(unallocated)' is a reserved name");
  EXPECT_EQ(owners_error("kind,team\n"), "o.csv:1: id: missing column 'id' in the header");
  EXPECT_EQ(parse_shared_tag("cost_center=shared=yes").value, "shared=yes");
  EXPECT_THROW(parse_shared_tag("=x"), InputError);
  EXPECT_THROW(parse_shared_tag("novalue"), InputError);
}

// 200 records of job job-A, 100 of team c without ids, 200 of warehouse wh-B run as etl@x: cut in
// four parts, job-A is met in the first part only and wh-B in the last only.
std::string ids_in_turn() {
  std::string text = kHeader;
  for (int i = 0; i < 200; ++i) text += row(R"({"team":"a"})", R"({"job_id":"job-A"})");
  for (int i = 0; i < 100; ++i) text += row(R"({"team":"c"})");
  for (int i = 0; i < 200; ++i) text += row(R"({"team":"b"})", R"({"warehouse_id":"wh-B"})", R"({"run_as":"etl@x"})");
  return text;
}

TEST(UsageReaderTest, SharedIdsMatchedInDifferentPartsAreJoined) {
  const std::string text = ids_in_turn();
  UsageOptions o;
  o.min_part_bytes = 1;
  o.rules.shared_ids = {"job-A", "wh-B", "job-A"};
  for (unsigned threads : {1u, 4u}) {
    o.threads = threads;
    EXPECT_EQ(teams_of(text, o), (std::vector<std::string>{"(shared)=400", "c=100"})) << threads;
    EXPECT_EQ(read_usage_text(text, "u.csv", simple_book(), o).parts, threads);
  }
  o.rules.shared_ids = {"wh-B", "wh-C"};
  for (unsigned threads : {1u, 4u}) {
    o.threads = threads;
    EXPECT_EQ(error_of(text, o),
              "u.csv: --shared-id: 'wh-C' matches no job_id, cluster_id, warehouse_id, run_as or workspace_id of its "
              "records (did you mean 'wh-B'?)")
        << threads;
  }
  o.rules.shared_ids = {"etl@y"};  // run_as and workspace ids are candidates too
  EXPECT_EQ(error_of(text, o),
            "u.csv: --shared-id: 'etl@y' matches no job_id, cluster_id, warehouse_id, run_as or workspace_id of its "
            "records (did you mean 'etl@x'?)");
  o.rules.shared_ids = {"nightly-reports"};
  o.shared_id_option = "shared_ids";
  EXPECT_EQ(error_of(text, o),
            "u.csv: shared_ids: 'nightly-reports' matches no job_id, cluster_id, warehouse_id, run_as or workspace_id "
            "of its records");
  o.require_shared_id_match = false;  // one of several exports: the id may be in another
  EXPECT_EQ(teams_of(text, o), (std::vector<std::string>{"a=200", "b=200", "c=100"}));
}

TEST(UsageReaderTest, ASharedIdOfRecordsSharedByTagHasMatched) {
  const std::string text = kHeader + row(R"({"team":"a","cc":"shared"})", R"({"cluster_id":"cl-1"})") +
                           row(R"({"team":"a"})", R"({"cluster_id":"cl-2"})");
  UsageOptions o;
  o.rules.shared_tags = {{"cc", "shared"}};
  o.rules.shared_ids = {"cl-1"};
  EXPECT_EQ(teams_of(text, o), (std::vector<std::string>{"(shared)=1", "a=1"}));
}

TEST(UsageReaderTest, AnUnmatchedSharedIdInAFileSuggestsFromItsIds) {
  const std::string path = ::testing::TempDir() + "/" + std::to_string(::getpid()) + "-shared_ids.csv";
  write_file_atomically(path, ids_in_turn());
  UsageOptions o;
  o.min_part_bytes = 1;
  o.threads = 4;
  o.rules.shared_ids = {"job-a"};
  try {
    read_usage(path, simple_book(), o);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), path +
                                         ": --shared-id: 'job-a' matches no job_id, cluster_id, warehouse_id, run_as "
                                         "or workspace_id of its records (did you mean 'job-A'?)");
  }
}

TEST(UsageReaderTest, ErrorLinesAreExactWhenTheFileIsSplit) {
  std::string text = kHeader;
  for (int i = 0; i < 500; ++i) text += row(R"({"team":"a"})");
  text += row("{}", "{}", "{}", "oops");
  for (int i = 0; i < 100; ++i) text += row(R"({"team":"a"})");
  UsageOptions o;
  o.min_part_bytes = 1;
  for (unsigned threads : {1u, 2u, 5u}) {
    o.threads = threads;
    EXPECT_EQ(error_of(text, o), "u.csv:502:6: usage_quantity: expected a decimal quantity, got 'oops'") << threads;
  }
  const std::string path = ::testing::TempDir() + "/" + std::to_string(::getpid()) + "-split_error.csv";
  write_file_atomically(path, text);
  o.threads = 3;
  try {
    read_usage(path, simple_book(), o);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().line, 502u);
  }
  EXPECT_THROW(read_usage(kData + "does_not_exist.csv", simple_book(), o), InputError);
}

void write_gzip(const std::string& path, const std::string& text) {
  gzFile gz = ::gzopen(path.c_str(), "wb");
  ASSERT_NE(gz, nullptr);
  ASSERT_EQ(::gzwrite(gz, text.data(), static_cast<unsigned>(text.size())), static_cast<int>(text.size()));
  ASSERT_EQ(::gzclose(gz), Z_OK);
}

TEST(UsageReaderTest, GzipIsSummedOnSeveralThreadsAsThePlainFile) {
  // Row i: team t<i % 3>, quantity (i % 7) + 0.25; 3000 rows in blocks of 4 KiB (about 40 rows), so
  // that lines straddle the blocks the reading thread hands to the summing ones.
  const int rows = 3000;
  std::string text = kHeader;
  std::int64_t quarters[3] = {0, 0, 0};
  for (int i = 0; i < rows; ++i) {
    const std::string tags = R"({"team":"t)" + std::to_string(i % 3) + R"("})";
    text += row(tags, "{}", "{}", std::to_string(i % 7) + ".25");
    quarters[i % 3] += 4 * (i % 7) + 1;
  }
  const std::string dir = ::testing::TempDir() + "/" + std::to_string(::getpid());
  write_file_atomically(dir + "-gz_threads.csv", text);
  write_gzip(dir + "-gz_threads.csv.gz", text);
  auto sums = [](const UsageLedger& l) {
    std::vector<std::string> out;
    for (const auto& g : l.groups)
      out.push_back(g.team + "=" + g.quantity.to_string() + " n=" + std::to_string(g.records) +
                    " first=" + std::to_string(g.first.line));
    return out;
  };
  // First records: t0 on line 2, t1 on 3, t2 on 4; each team has 1000 rows.
  std::vector<std::string> expected;
  for (int t = 0; t < 3; ++t)
    expected.push_back("t" + std::to_string(t) + "=" +
                       Decimal::from_raw(quarters[t] * Decimal::kScale / 4).to_string() +
                       " n=1000 first=" + std::to_string(2 + t));
  UsageOptions o;
  o.block_bytes = 1;
  o.min_part_bytes = 1;
  for (unsigned threads : {1u, 2u, 3u}) {
    o.threads = threads;
    const auto plain = read_usage(dir + "-gz_threads.csv", simple_book(), o);
    const auto gz = read_usage(dir + "-gz_threads.csv.gz", simple_book(), o);
    EXPECT_EQ(sums(plain), expected) << threads;
    EXPECT_EQ(sums(gz), expected) << threads;
    EXPECT_EQ(gz.parts, std::max(1u, threads - 1)) << threads;
    EXPECT_EQ(gz.counts.records, static_cast<std::uint64_t>(rows)) << threads;
  }

  // Two bad rows, on lines 2502 and 2902 of 3001: the first is reported whichever thread met it.
  std::string bad = kHeader;
  for (int i = 0; i < rows; ++i) bad += row(R"({"team":"a"})", "{}", "{}", i == 2500 ? "oops" : i == 2900 ? "1e" : "1");
  write_file_atomically(dir + "-gz_bad.csv", bad);
  write_gzip(dir + "-gz_bad.csv.gz", bad);
  for (unsigned threads : {1u, 2u, 3u}) {
    o.threads = threads;
    for (const std::string name : {"-gz_bad.csv", "-gz_bad.csv.gz"}) {
      try {
        read_usage(dir + name, simple_book(), o);
        ADD_FAILURE() << name << " " << threads;
      } catch (const InputError& e) {
        EXPECT_EQ(std::string(e.what()),
                  dir + name + ":2502:6: usage_quantity: expected a decimal quantity, got 'oops'")
            << threads;
      }
    }
  }
}

}  // namespace
}  // namespace dbcost
