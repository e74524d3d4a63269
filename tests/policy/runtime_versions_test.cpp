#include "policy/runtime_versions.h"

#include <gtest/gtest.h>

#include "policy/policy_check.h"

namespace dbcost {
namespace {

// Hand-picked: two LTS lines and a newer non-LTS release.
const char* kList =
    "version,spark_version,ml_spark_version,lts,released,source\n"
    "14.3,14.3.x-scala2.12,14.3.x-cpu-ml-scala2.12,true,2024-02-01,x\n"
    "15.3,15.3.x-scala2.12,15.3.x-cpu-ml-scala2.12,false,2024-06-01,x\n"
    "15.4,15.4.x-scala2.12,15.4.x-cpu-ml-scala2.12,true,2024-08-01,x\n"
    "16.0,16.0.x-scala2.12,16.0.x-cpu-ml-scala2.12,false,2024-11-01,x\n";

UnixSeconds day(const char* d) { return *parse_timestamp_utc(d); }

TEST(RuntimeVersionsTest, AliasesResolveAgainstWhatWasReleasedByThen) {
  const auto list = runtime_versions_from_csv(kList, "r.csv");
  const auto dec = day("2024-12-15");
  EXPECT_EQ(resolve_spark_version(list, "auto:latest", dec), "16.0.x-scala2.12");
  EXPECT_EQ(resolve_spark_version(list, "auto:latest-ml", dec), "16.0.x-cpu-ml-scala2.12");
  EXPECT_EQ(resolve_spark_version(list, "auto:latest-lts", dec), "15.4.x-scala2.12");
  EXPECT_EQ(resolve_spark_version(list, "auto:latest-lts-ml", dec), "15.4.x-cpu-ml-scala2.12");
  EXPECT_EQ(resolve_spark_version(list, "auto:prev-lts", dec), "14.3.x-scala2.12");
  EXPECT_EQ(resolve_spark_version(list, "auto:prev-lts-ml", dec), "14.3.x-cpu-ml-scala2.12");
  // In July 2024 15.4 was not out: 15.3 is the latest, 14.3 the latest LTS, none before it.
  const auto jul = day("2024-07-01");
  EXPECT_EQ(resolve_spark_version(list, "auto:latest", jul), "15.3.x-scala2.12");
  EXPECT_EQ(resolve_spark_version(list, "auto:latest-lts", jul), "14.3.x-scala2.12");
  EXPECT_THROW(resolve_spark_version(list, "auto:prev-lts", jul), InputError);
  EXPECT_EQ(resolve_spark_version(list, "15.4.x-scala2.12", jul), "15.4.x-scala2.12");
}

TEST(RuntimeVersionsTest, UnknownAliasAndBadRowsAreErrors) {
  const auto list = runtime_versions_from_csv(kList, "r.csv");
  try {
    resolve_spark_version(list, "auto:lastest-lts", day("2024-12-01"));
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              "spark_version: unknown runtime alias 'auto:lastest-lts' (did you mean 'auto:latest-lts'?): expected "
              "auto:latest, auto:latest-lts or auto:prev-lts, each optionally with -ml");
  }
  try {
    runtime_versions_from_csv("version,spark_version,ml_spark_version,lts,released\n15.4,a,b,yes,2024-08-01\n",
                              "r.csv");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), "r.csv:2:4: lts: expected true or false, got 'yes'");
  }
}

TEST(RuntimeVersionsTest, BuiltInListHasTheLtsLines) {
  const auto& list = builtin_runtime_versions();
  EXPECT_EQ(resolve_spark_version(list, "auto:latest-lts", day("2025-01-15")), "15.4.x-scala2.12");
  EXPECT_EQ(resolve_spark_version(list, "auto:prev-lts", day("2025-01-15")), "14.3.x-scala2.12");
}

// A policy's alias is checked as the version it stands for, on both sides.
TEST(RuntimeVersionsTest, PolicyCheckResolvesAliases) {
  const auto list = runtime_versions_from_csv(kList, "r.csv");
  PolicyPricing pricing;
  pricing.runtimes = &list;
  pricing.at = day("2024-12-15");
  const Policy fixed = parse_policy(R"({"spark_version": {"type": "fixed", "value": "auto:latest-lts"}})", "p.json");
  EXPECT_TRUE(check_policy(fixed, Json::parse(R"({"spark_version": "15.4.x-scala2.12"})"), "job", pricing).empty());
  const auto v = check_policy(fixed, Json::parse(R"({"spark_version": "14.3.x-scala2.12"})"), "job", pricing);
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].message, "must be 15.4.x-scala2.12");
  const Policy allow = parse_policy(
      R"({"spark_version": {"type": "allowlist", "values": ["auto:latest-lts", "auto:prev-lts"]}})", "p.json");
  EXPECT_TRUE(check_policy(allow, Json::parse(R"({"spark_version": "auto:prev-lts"})"), "job", pricing).empty());
  EXPECT_EQ(check_policy(allow, Json::parse(R"({"spark_version": "auto:latest"})"), "job", pricing).size(), 1u);
}

}  // namespace
}  // namespace dbcost
