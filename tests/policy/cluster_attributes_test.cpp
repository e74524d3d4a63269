#include "policy/cluster_attributes.h"

#include <gtest/gtest.h>

namespace dbcost {
namespace {

Json spec(const std::string& yaml) { return cluster_json(YamlView::parse(yaml, "spec.yaml")); }

std::vector<std::string> paths(const ClusterAttributes& a) {
  std::vector<std::string> out;
  for (const auto& [p, v] : a) out.push_back(p);
  return out;
}

TEST(ClusterAttributesTest, NestedAttributesJoinWithDots) {
  const auto a =
      flatten_cluster(spec("node_type_id: Standard_DS3_v2\nautoscale: {min_workers: 1, max_workers: 8}\n"
                           "azure_attributes: {availability: SPOT_WITH_FALLBACK_AZURE, first_on_demand: 1}\n"
                           "workload_type: {clients: {notebooks: true, jobs: false}}\n"));
  EXPECT_EQ(paths(a), (std::vector<std::string>{"node_type_id", "autoscale.min_workers", "autoscale.max_workers",
                                                "azure_attributes.availability", "azure_attributes.first_on_demand",
                                                "workload_type.clients.notebooks", "workload_type.clients.jobs"}));
  EXPECT_EQ(*find_attribute(a, "autoscale.max_workers"), 8);
  EXPECT_EQ(*find_attribute(a, "workload_type.clients.jobs"), false);
}

TEST(ClusterAttributesTest, SparkConfTagAndEnvKeysStayWhole) {
  const auto a = flatten_cluster(spec(
      "spark_conf: {spark.databricks.io.cache.enabled: 'true', spark.sql.shuffle.partitions: 200}\n"
      "custom_tags: {Team: bookings, cost.center: '42'}\nspark_env_vars: {PYSPARK_PYTHON: /databricks/python3}\n"));
  EXPECT_EQ(paths(a), (std::vector<std::string>{"spark_conf.spark.databricks.io.cache.enabled",
                                                "spark_conf.spark.sql.shuffle.partitions", "custom_tags.Team",
                                                "custom_tags.cost.center", "spark_env_vars.PYSPARK_PYTHON"}));
  EXPECT_EQ(*find_attribute(a, "spark_conf.spark.databricks.io.cache.enabled"), "true");
  EXPECT_EQ(split_path("spark_conf.spark.databricks.io.cache.enabled"),
            (std::vector<std::string>{"spark_conf", "spark.databricks.io.cache.enabled"}));
}

TEST(ClusterAttributesTest, ListsAreIndexed) {
  const auto a = flatten_cluster(
      spec("init_scripts:\n  - workspace: {destination: /Shared/init.sh}\n  - volumes: {destination: /Volumes/a/b.sh}\n"
           "ssh_public_keys: [ssh-rsa AAA, ssh-rsa BBB]\n"));
  EXPECT_EQ(paths(a),
            (std::vector<std::string>{"init_scripts.0.workspace.destination", "init_scripts.1.volumes.destination",
                                      "ssh_public_keys.0", "ssh_public_keys.1"}));
}

TEST(ClusterAttributesTest, LogConfTypeAndPathAreDerived) {
  const auto a = flatten_cluster(spec("cluster_log_conf: {dbfs: {destination: 'dbfs:/logs'}}\n"));
  EXPECT_EQ(*find_attribute(a, "cluster_log_conf.dbfs.destination"), "dbfs:/logs");
  EXPECT_EQ(*find_attribute(a, "cluster_log_conf.type"), "DBFS");
  EXPECT_EQ(*find_attribute(a, "cluster_log_conf.path"), "dbfs:/logs");
  Json s = spec("cluster_log_conf: {dbfs: {destination: 'dbfs:/logs'}}\n");
  set_attribute(s, "cluster_log_conf.type", "VOLUMES");
  set_attribute(s, "cluster_log_conf.path", "/Volumes/main/logs");
  EXPECT_EQ(s.dump(), R"({"cluster_log_conf":{"volumes":{"destination":"/Volumes/main/logs"}}})");
}

TEST(ClusterAttributesTest, QuotedScalarsStayStrings) {
  const Json s = spec("num_workers: 4\nautotermination_minutes: '60'\nenable_elastic_disk: true\nspot: 0.5\nx: ~\n");
  EXPECT_TRUE(s["num_workers"].is_number_integer());
  EXPECT_TRUE(s["autotermination_minutes"].is_string());
  EXPECT_TRUE(s["enable_elastic_disk"].is_boolean());
  EXPECT_TRUE(s["spot"].is_number_float());
  EXPECT_TRUE(s["x"].is_null());
  const Json j = cluster_json(YamlView::parse(R"({"new_cluster": {"num_workers": "4", "n": 4}})", "spec.json"));
  EXPECT_EQ(j.dump(), R"({"num_workers":"4","n":4})");
  EXPECT_TRUE(flatten_cluster(spec("instance_pool_id: null\n")).empty());
}

TEST(ClusterAttributesTest, WildcardsMatchOneStep) {
  EXPECT_TRUE(path_matches("init_scripts.*.workspace.destination", "init_scripts.3.workspace.destination"));
  EXPECT_FALSE(path_matches("init_scripts.*.workspace.destination", "init_scripts.3.volumes.destination"));
  EXPECT_TRUE(path_matches("ssh_public_keys.*", "ssh_public_keys.0"));
  EXPECT_TRUE(path_matches("custom_tags.*", "custom_tags.cost.center"));
  EXPECT_TRUE(path_matches("aws_attributes.*", "aws_attributes.zone_id"));
  EXPECT_FALSE(path_matches("aws_attributes.*", "azure_attributes.availability"));
  EXPECT_TRUE(path_matches("num_workers", "num_workers"));
  EXPECT_TRUE(is_wildcard_path("init_scripts.*.workspace.destination"));
  EXPECT_FALSE(is_wildcard_path("custom_tags.Team"));
}

TEST(ClusterAttributesTest, SetAndEraseBuildAndPruneTheSpec) {
  Json s = Json::object();
  set_attribute(s, "autoscale.max_workers", 4);
  set_attribute(s, "spark_conf.spark.databricks.cluster.profile", "singleNode");
  set_attribute(s, "custom_tags.42", "x");
  set_attribute(s, "init_scripts.0.workspace.destination", "/init.sh");
  EXPECT_EQ(s.dump(),
            R"({"autoscale":{"max_workers":4},"spark_conf":{"spark.databricks.cluster.profile":"singleNode"},)"
            R"("custom_tags":{"42":"x"},"init_scripts":[{"workspace":{"destination":"/init.sh"}}]})");
  erase_attribute(s, "autoscale.max_workers");
  erase_attribute(s, "init_scripts.0.workspace.destination");
  erase_attribute(s, "spark_conf.spark.databricks.cluster.profile");
  erase_attribute(s, "not.there");
  EXPECT_EQ(s.dump(), R"({"custom_tags":{"42":"x"}})");
}

}  // namespace
}  // namespace dbcost
