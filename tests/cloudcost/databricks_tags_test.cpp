#include "cloudcost/databricks_tags.h"

#include <gtest/gtest.h>

namespace dbcost {
namespace {

CloudTags tags_of(std::string_view text) {
  std::string error;
  const auto t = parse_tag_text(text, error);
  EXPECT_TRUE(t.has_value()) << error;
  return t.value_or(CloudTags{});
}

TEST(TagText, BracedAndUnbracedReadAlike) {
  const CloudTags braced = tags_of(R"({"Vendor":"Databricks","ClusterId":"0301-abc"})");
  const CloudTags bare = tags_of(R"("Vendor": "Databricks","ClusterId": "0301-abc")");
  EXPECT_EQ(braced, bare);
  EXPECT_EQ(braced, (CloudTags{{"ClusterId", "0301-abc"}, {"Vendor", "Databricks"}}));
}

TEST(TagText, EmptyNullLiteralsAndEscapes) {
  EXPECT_TRUE(tags_of("").empty());
  EXPECT_TRUE(tags_of("  null ").empty());
  EXPECT_TRUE(tags_of("{}").empty());
  EXPECT_EQ(tags_of(R"({"a":null,"b":true,"c":12.50,"d":"x\u00e9\n"})"),
            (CloudTags{{"b", "true"}, {"c", "12.50"}, {"d", "x\xc3\xa9\n"}}));
}

// Plain strings are read without the JSON parser; the same tags written with an escape (which needs
// it) read alike, and what only looks plain (a trailing comma, a brace too many) is still refused.
TEST(TagText, PlainAndEscapedTextReadAlike) {
  EXPECT_EQ(tags_of(R"( { "team" : "ml" , "Vendor":"Databricks" } )"),
            tags_of(R"({"team":"m\u006c","Vendor":"Databricks"})"));
  EXPECT_EQ(tags_of(R"({"team":"dév"})"), (CloudTags{{"team", "d\xc3\xa9v"}}));
  EXPECT_EQ(tags_of(R"({"team":"","x":"y"})"), (CloudTags{{"team", ""}, {"x", "y"}}));
  std::string error;
  EXPECT_FALSE(parse_tag_text(R"({"a":"b",})", error));
  EXPECT_FALSE(parse_tag_text(R"({"a":"b"}})", error));
  EXPECT_FALSE(parse_tag_text(R"({"a":"b","a":"b"})", error));
  EXPECT_EQ(error, "key 'a' appears twice in one object");
}

TEST(TagText, Errors) {
  std::string error;
  EXPECT_FALSE(parse_tag_text(R"({"a":{"b":"c"}})", error));
  EXPECT_EQ(error, "the value of tag 'a' is an object or an array");
  EXPECT_FALSE(parse_tag_text(R"("a":"1","a":"2")", error));
  EXPECT_EQ(error, "key 'a' appears twice in one object");
  EXPECT_FALSE(parse_tag_text(R"(["a"])", error));
  EXPECT_EQ(error, "an array");
}

// Text that is not JSON is told at its character, counted in the text as the export wrote it
// (braces added to Azure's unbraced form and spaces trimmed do not count).
TEST(TagText, SyntaxErrorsAtTheirCharacter) {
  const auto error_of = [](std::string_view text) {
    std::string error;
    EXPECT_FALSE(parse_tag_text(text, error)) << text;
    return error;
  };
  EXPECT_EQ(error_of(R"({"a":"1")"), "expected ',' or '}' at character 9");  // the text ends after 8
  EXPECT_EQ(error_of(R"(  {"a":"1")"), "expected ',' or '}' at character 11");
  EXPECT_EQ(error_of("Vendor=Databricks;ClusterId=0301"), "expected a string key at character 1");
  EXPECT_EQ(error_of(R"("a":)"), "expected a value at character 5");
  EXPECT_EQ(error_of(R"("a": "1" "b": "2")"), "expected ',' or '}' at character 10");
  EXPECT_EQ(error_of(R"({"a" "1"})"), "expected ':' at character 6");
}

TEST(DatabricksTags, KeySpellingsOfEachExport) {
  for (const CloudTags& t : {
           CloudTags{{"Vendor", "Databricks"}, {"ClusterId", "c1"}, {"JobId", "7"}},
           CloudTags{{"user:Vendor", "Databricks"}, {"user:ClusterId", "c1"}, {"user:JobId", "7"}},
           CloudTags{{"user_vendor", "Databricks"}, {"user_cluster_id", "c1"}, {"user_job_id", "7"}},
       }) {
    const DatabricksTags d = databricks_tags(t);
    EXPECT_TRUE(d.vendor_databricks);
    EXPECT_EQ(d.cluster_id, "c1");
    EXPECT_EQ(d.job_id, "7");
    EXPECT_FALSE(d.job_id_from_cluster_name);
    EXPECT_EQ(d.relation, DatabricksRelation::Attributable);
  }
}

TEST(DatabricksTags, WarehouseUnderEitherName) {
  EXPECT_EQ(databricks_tags({{"SqlEndpointId", "w1"}}).warehouse_id, "w1");
  EXPECT_EQ(databricks_tags({{"SqlWarehouseId", "w2"}}).warehouse_id, "w2");
  EXPECT_EQ(databricks_tags({{"SqlWarehouseId", "w2"}}).relation, DatabricksRelation::Attributable);
}

TEST(DatabricksTags, JobIdFromAJobClusterName) {
  const DatabricksTags d = databricks_tags({{"Vendor", "databricks"}, {"ClusterName", "job-123-run-456"}});
  EXPECT_EQ(d.job_id, "123");
  EXPECT_TRUE(d.job_id_from_cluster_name);
  EXPECT_EQ(d.relation, DatabricksRelation::Unattributable);  // no cluster id: nothing to join on
  EXPECT_FALSE(databricks_tags({{"ClusterName", "job-12x-run-456"}}).job_id);
  EXPECT_FALSE(databricks_tags({{"ClusterName", "job-123-run-"}}).job_id);
  EXPECT_FALSE(databricks_tags({{"ClusterName", "analysts"}}).job_id);
}

TEST(DatabricksTags, Relations) {
  EXPECT_EQ(databricks_tags({}).relation, DatabricksRelation::NotDatabricks);
  EXPECT_EQ(databricks_tags({{"team", "web"}, {"Vendor", "Acme"}}).relation, DatabricksRelation::NotDatabricks);
  EXPECT_EQ(databricks_tags({{"Vendor", "Databricks"}}).relation, DatabricksRelation::Unattributable);
  EXPECT_EQ(databricks_tags({{"Vendor", "Databricks"}, {"ClusterId", ""}}).relation,
            DatabricksRelation::Unattributable);
  EXPECT_EQ(databricks_tags({{"DatabricksInstancePoolId", "p1"}}).relation, DatabricksRelation::Attributable);
  EXPECT_EQ(relation_name(DatabricksRelation::Unattributable), "unattributable");
}

TEST(CostClass, Rules) {
  EXPECT_EQ(cost_class_of({"Compute", "Amazon Elastic Compute Cloud", "", "USE1-EBS:VolumeUsage.gp3", ""}),
            CostClass::Storage);
  EXPECT_EQ(cost_class_of({"Compute", "Amazon Elastic Compute Cloud", "", "USE1-DataTransfer-Regional-Bytes", ""}),
            CostClass::Network);
  EXPECT_EQ(cost_class_of({"", "AmazonEC2", "", "", "i-0123"}), CostClass::Compute);
  EXPECT_EQ(cost_class_of({"", "AmazonEC2", "", "", "vol-0123"}), CostClass::Storage);
  EXPECT_EQ(cost_class_of({"", "AmazonEC2", "", "", "nat-0123"}), CostClass::Network);
  EXPECT_EQ(cost_class_of({"Networking", "Azure DNS", "", "", ""}), CostClass::Network);
  EXPECT_EQ(cost_class_of({"", "Azure Databricks", "", "Premium Jobs Compute DBU", ""}), CostClass::Other);
  EXPECT_EQ(cost_class_name(CostClass::Network), "network");
}

}  // namespace
}  // namespace dbcost
