#include "cloudcost/cloud_cost_reader.h"

#include <gtest/gtest.h>

#include <cctype>
#include <fstream>
#include <random>
#include <sstream>

#include "cloudcost/databricks_tags.h"
#include "core/errors.h"

namespace dbcost {
namespace {

const std::string kData = std::string(DBCOST_SOURCE_DIR) + "/tests/data/cloudcost/";

std::string dec(const std::optional<Decimal>& v) { return v ? v->to_string() : "-"; }
std::string when(std::optional<UnixSeconds> v) { return v ? format_timestamp_utc(*v) : "-"; }

// Everything of a line but its account, periods and currency (checked by common()).
std::string describe(const CloudCostLine& l) {
  std::string tags;
  for (const auto& [k, v] : l.tags) tags += k + "=" + v + ";";
  return std::to_string(l.line) + " " + l.resource_id + " [" + l.resource_type + "|" + l.service_name + "|" +
         l.service_category + "|" + l.usage_type + "] billed " + dec(l.billed_cost) + " effective " +
         dec(l.effective_cost) + " list " + dec(l.list_cost) + " contracted " + dec(l.contracted_cost) + " qty " +
         dec(l.pricing_quantity) + " " + l.pricing_unit + " " + std::string(charge_category_name(l.charge_category)) +
         "/" + l.charge_type + " " + std::string(cost_class_name(l.cost_class)) + " {" + tags + "}";
}

// The Databricks view: relation, then the ids that are set.
std::string view(const CloudCostLine& l) {
  const DatabricksTags d = databricks_tags(l.tags);
  std::string out(relation_name(d.relation));
  const auto add = [&](const char* name, const std::optional<std::string>& v) {
    if (v) out += std::string(" ") + name + "=" + *v;
  };
  if (d.vendor_databricks) out += " vendor";
  add("cluster", d.cluster_id);
  add("name", d.cluster_name);
  add("creator", d.creator);
  add("job", d.job_id);
  add("run", d.run_name);
  add("warehouse", d.warehouse_id);
  add("pool", d.pool_id);
  add("pool_creator", d.pool_creator_id);
  if (d.job_id_from_cluster_name) out += " (job from name)";
  return out;
}

struct Common {
  std::string provider, account, sub_account, bp_start, bp_end, cp_start, cp_end, currency;
};

std::string common(const CloudCostLine& l) {
  return l.provider + " " + l.billing_account_id + " " + l.sub_account_id + " bp " + when(l.billing_period_start) +
         ".." + when(l.billing_period_end) + " cp " + when(l.charge_period_start) + ".." + when(l.charge_period_end) +
         " " + l.currency;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string error_of(const std::string& text, const std::string& name = "x.csv", CloudCostReadOptions options = {}) {
  try {
    read_cloud_costs_text(text, name, options);
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

// ---------------------------------------------------------------- FOCUS

// The Azure files (FOCUS and cost details) hold the same workspace's six resources, in this order.
void expect_azure_workspace_views(const CloudCosts& c) {
  EXPECT_EQ(view(c.lines[0]),
            "attributable vendor cluster=0301-101010-jobaz name=job-3333-run-4444 creator=etl@example.com job=3333 "
            "run=nightly-etl");
  EXPECT_EQ(view(c.lines[1]), "attributable vendor pool=0301-pool-az1 pool_creator=5151");
  EXPECT_EQ(view(c.lines[2]), "attributable vendor warehouse=b2c3d4e5f6a7b8c9");
  EXPECT_EQ(view(c.lines[3]),
            "attributable vendor cluster=0301-202020-analystsaz name=analysts creator=ana@example.com");
  EXPECT_EQ(view(c.lines[4]), "unattributable vendor");
  EXPECT_EQ(view(c.lines[5]), "not-databricks");
}

TEST(CloudCostReader, Focus12AwsEveryValue) {
  const CloudCosts c = read_cloud_costs(kData + "focus12_aws.csv");
  EXPECT_EQ(c.format, CloudCostFormat::Focus12);
  EXPECT_EQ(format_name(c.format), "focus-1.2");
  ASSERT_EQ(c.lines.size(), 7u);
  for (const auto& l : c.lines)
    EXPECT_EQ(common(l),
              "AWS 111122223333 444455556666 bp 2026-03-01T00:00:00Z..2026-04-01T00:00:00Z cp "
              "2026-03-01T00:00:00Z..2026-03-02T00:00:00Z USD");
  const std::vector<std::string> expected = {
      "2 i-0a1b2c3d4e5f60001 [Instance|Amazon Elastic Compute Cloud|Compute|USE1-BoxUsage:m5.xlarge] billed 1.92 "
      "effective 1.92 list 1.92 contracted 1.92 qty 10 Hours Usage/Usage compute "
      "{ClusterId=0301-101010-jobc1;ClusterName=job-1111-run-2222;Creator=etl@example.com;JobId=1111;RunName=nightly-"
      "etl;Vendor=Databricks;}",
      "3 i-0a1b2c3d4e5f60002 [Instance|Amazon Elastic Compute Cloud|Compute|USE1-SpotUsage:i3.xlarge] billed 0.4875 "
      "effective 0.4875 list 1.56 contracted 0.4875 qty 5 Hours Usage/Usage compute "
      "{DatabricksInstancePoolCreatorId=4242;DatabricksInstancePoolId=0301-pool-spot1;Vendor=Databricks;}",
      // 1.24799999999999999989E0 rounds up at the 18th decimal; 0.87360000000000004317 down.
      "4 i-0a1b2c3d4e5f60003 [Instance|Amazon Elastic Compute Cloud|Compute|USE1-BoxUsage:i3.2xlarge] billed 1.248 "
      "effective 0.873600000000000043 list 1.248 contracted 1.248 qty 2 Hours Usage/Usage compute "
      "{SqlEndpointId=a1b2c3d4e5f6a7b8;Vendor=Databricks;}",
      "5 vol-0a1b2c3d4e5f60004 [Volume|Amazon Elastic Compute Cloud|Compute|USE1-EBS:VolumeUsage.gp3] billed 0.8 "
      "effective 0.8 list 0.8 contracted 0.8 qty 10 GB-Mo Usage/Usage storage "
      "{ClusterId=0301-202020-analysts;ClusterName=analysts;Creator=ana@example.com;Vendor=Databricks;}",
      "6 arn:aws:ec2:us-east-1:444455556666:natgateway/nat-0abc12345 [NatGateway|Amazon Elastic Compute "
      "Cloud|Compute|USE1-NatGateway-Hours] billed 1.08 effective 1.08 list 1.08 contracted 1.08 qty 24 Hours "
      "Usage/Usage network {Vendor=Databricks;}",
      "7 arn:aws:s3:::web-assets [Bucket|Amazon Simple Storage Service|Storage|TimedStorage-ByteHrs] billed 1.15 "
      "effective 1.15 list 1.15 contracted 1.15 qty 50 GB-Mo Usage/Usage storage {team=web;}",
      "8  [|Amazon Elastic Compute Cloud|Compute|] billed -0.5 effective -0.5 list - contracted - qty -  "
      "Credit/Credit compute {}",
  };
  for (std::size_t i = 0; i < expected.size(); ++i) EXPECT_EQ(describe(c.lines[i]), expected[i]) << i;
  const std::vector<std::string> views = {
      "attributable vendor cluster=0301-101010-jobc1 name=job-1111-run-2222 creator=etl@example.com job=1111 "
      "run=nightly-etl",
      "attributable vendor pool=0301-pool-spot1 pool_creator=4242",
      "attributable vendor warehouse=a1b2c3d4e5f6a7b8",
      "attributable vendor cluster=0301-202020-analysts name=analysts creator=ana@example.com",
      "unattributable vendor",
      "not-databricks",
      "not-databricks",
  };
  for (std::size_t i = 0; i < views.size(); ++i) EXPECT_EQ(view(c.lines[i]), views[i]) << i;
}

TEST(CloudCostReader, GzipReadsAsPlain) {
  const CloudCosts plain = read_cloud_costs(kData + "focus12_aws.csv");
  const CloudCosts gz = read_cloud_costs(kData + "focus12_aws.csv.gz");
  EXPECT_EQ(gz.format, plain.format);
  ASSERT_EQ(gz.lines.size(), plain.lines.size());
  for (std::size_t i = 0; i < gz.lines.size(); ++i) {
    EXPECT_EQ(describe(gz.lines[i]), describe(plain.lines[i]));
    EXPECT_EQ(common(gz.lines[i]), common(plain.lines[i]));
  }
}

TEST(CloudCostReader, SmallBlocksReadAsOne) {
  CloudCostReadOptions small;
  small.block_bytes = 64;
  const CloudCosts a = read_cloud_costs(kData + "focus12_aws.csv.gz", small);
  const CloudCosts b = read_cloud_costs(kData + "focus12_aws.csv");
  ASSERT_EQ(a.lines.size(), b.lines.size());
  for (std::size_t i = 0; i < a.lines.size(); ++i) EXPECT_EQ(describe(a.lines[i]), describe(b.lines[i]));
}

TEST(CloudCostReader, Focus10AzureEveryValue) {
  const CloudCosts c = read_cloud_costs(kData + "focus10_azure.csv");
  EXPECT_EQ(c.format, CloudCostFormat::Focus10);
  ASSERT_EQ(c.lines.size(), 6u);
  const std::string rg =
      "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/"
      "databricks-rg-ws1-abcdefghijklm/providers/";
  for (std::size_t i = 0; i < 6; ++i)
    EXPECT_EQ(common(c.lines[i]),
              "Microsoft /providers/Microsoft.Billing/billingAccounts/8611537 "
              "/subscriptions/00000000-0000-0000-0000-00000000000" +
                  std::string(i == 5 ? "2" : "1") +
                  " bp 2026-03-01T00:00:00Z..2026-04-01T00:00:00Z cp "
                  "2026-03-01T00:00:00Z..2026-03-02T00:00:00Z EUR");
  const std::vector<std::string> expected = {
      "2 " + rg +
          "Microsoft.Compute/virtualMachines/ddbdee8a1b2c4d5e-0 [Virtual machine|Virtual Machines|Compute|E8ds v4] "
          "billed 1.728 effective 1.728 list 1.728 contracted 1.728 qty 3 Hours Usage/Usage compute "
          "{ClusterId=0301-101010-jobaz;ClusterName=job-3333-run-4444;Creator=etl@example.com;JobId=3333;RunName="
          "nightly-etl;Vendor=Databricks;}",
      "3 " + rg +
          "Microsoft.Compute/virtualMachines/0f1e2d3c4b5a6978-1 [Virtual machine|Virtual Machines|Compute|E4ds v4 "
          "Spot] billed 0.1152 effective 0.1152 list 1.152 contracted 0.1152 qty 4 Hours Usage/Usage compute "
          "{DatabricksInstancePoolCreatorId=5151;DatabricksInstancePoolId=0301-pool-az1;Vendor=Databricks;}",
      "4 " + rg +
          "Microsoft.Compute/virtualMachines/1a2b3c4d5e6f7a8b-2 [Virtual machine|Virtual Machines|Compute|E8ds v4] "
          "billed 1.152 effective 1.152 list 1.152 contracted 1.152 qty 2 Hours Usage/Usage compute "
          "{SqlEndpointId=b2c3d4e5f6a7b8c9;Vendor=Databricks;}",
      "5 " + rg +
          "Microsoft.Compute/disks/0a1b2c3d-containerRootVolume [Disk|Storage|Storage|P10 LRS Disk] billed 9.855 "
          "effective 9.855 list 9.855 contracted 9.855 qty 0.5 Months Usage/Usage storage "
          "{ClusterId=0301-202020-analystsaz;ClusterName=analysts;Creator=ana@example.com;Vendor=Databricks;}",
      "6 " + rg +
          "Microsoft.Network/natGateways/dbx-nat [NAT gateway|NAT Gateway|Networking|Gateway] billed 1.08 effective "
          "1.08 list 1.08 contracted 1.08 qty 24 Hours Usage/Usage network {Vendor=Databricks;}",
      "7 /subscriptions/00000000-0000-0000-0000-000000000002/resourceGroups/web/providers/Microsoft.Web/serverfarms/"
      "web-plan [App Service plan|Azure App Service|Web|B1] billed 1.8 effective 1.8 list 1.8 contracted 1.8 qty 24 "
      "Hours Usage/Usage other {reviewed=true;team=web;}",
  };
  for (std::size_t i = 0; i < expected.size(); ++i) EXPECT_EQ(describe(c.lines[i]), expected[i]) << i;
  expect_azure_workspace_views(c);
}

// The 21 columns FOCUS 1.0-1.2 make mandatory, in the order given, and one line of values.
const std::string kFocusHeader =
    "BilledCost,BillingAccountId,BillingAccountName,BillingCurrency,BillingPeriodEnd,BillingPeriodStart,"
    "ChargeCategory,ChargeClass,ChargeDescription,ChargePeriodEnd,ChargePeriodStart,ContractedCost,EffectiveCost,"
    "InvoiceIssuerName,ListCost,PricingQuantity,PricingUnit,ProviderName,PublisherName,ServiceCategory,ServiceName";
const std::string kFocusRow =
    "2.5,acct,Acct,USD,2026-04-01T00:00:00Z,2026-03-01T00:00:00Z,Usage,,vm,2026-03-01T01:00:00Z,"
    "2026-03-01T00:00:00Z,2.25,2,AWS,3,1,Hours,AWS,AWS,Compute,Amazon EC2";

TEST(CloudCostReader, FocusVersionFromAddedColumns) {
  EXPECT_EQ(read_cloud_costs_text(kFocusHeader + "\n" + kFocusRow + "\n", "f.csv").format, CloudCostFormat::Focus10);
  EXPECT_EQ(
      read_cloud_costs_text(kFocusHeader + ",ServiceSubcategory\n" + kFocusRow + ",Virtual Machines\n", "f.csv").format,
      CloudCostFormat::Focus11);
  EXPECT_EQ(read_cloud_costs_text(kFocusHeader + ",SkuMeter,InvoiceId\n" + kFocusRow + ",m,i\n", "f.csv").format,
            CloudCostFormat::Focus12);
  const CloudCosts c = read_cloud_costs_text(kFocusHeader + "\r\n" + kFocusRow + "\r\n", "f.csv");
  ASSERT_EQ(c.lines.size(), 1u);
  EXPECT_EQ(describe(c.lines[0]),
            "2  [|Amazon EC2|Compute|] billed 2.5 effective 2 list 3 contracted 2.25 qty 1 Hours Usage/Usage "
            "compute {}");
  EXPECT_EQ(
      common(c.lines[0]),
      "AWS acct  bp 2026-03-01T00:00:00Z..2026-04-01T00:00:00Z cp 2026-03-01T00:00:00Z..2026-03-01T01:00:00Z USD");
}

TEST(CloudCostReader, FocusColumnNamesInAnyCase) {
  std::string lower;
  for (const char ch : kFocusHeader) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  const CloudCosts c = read_cloud_costs_text(lower + ",tags\n" + kFocusRow + ",\"{\"\"k\"\":\"\"v\"\"}\"\n", "f.csv");
  ASSERT_EQ(c.lines.size(), 1u);
  EXPECT_EQ(c.lines[0].billed_cost->to_string(), "2.5");
  EXPECT_EQ(c.lines[0].tags.at("k"), "v");
}

TEST(CloudCostReader, FocusErrors) {
  const std::string h = kFocusHeader + ",Tags\n";
  EXPECT_EQ(error_of(h + kFocusRow + ",\n" + "abc" + kFocusRow.substr(3) + ",\n"),
            "x.csv:3:1: BilledCost: expected a decimal amount, got 'abc'");
  EXPECT_EQ(error_of(h + ",acct" + kFocusRow.substr(8) + ",\n"),
            "x.csv:2:1: BilledCost: expected a decimal amount, got an empty cell");
  std::string when = kFocusRow;
  when.replace(when.find("2026-03-01T00:00:00Z,2.25"), 20, "2026-02-30T00:00:00Z");
  EXPECT_EQ(error_of(h + when + ",\n"),
            "x.csv:2:11: ChargePeriodStart: expected a timestamp such as 2026-03-01T00:00:00Z or a date such as "
            "2026-03-01 or 03/01/2026, got '2026-02-30T00:00:00Z'");
  std::string category = kFocusRow;
  category.replace(category.find("Usage"), 5, "Use");
  EXPECT_EQ(error_of(h + category + ",\n"),
            "x.csv:2:7: ChargeCategory: expected Usage, Purchase, Tax, Credit or Adjustment, got 'Use'");
  EXPECT_EQ(error_of(h + kFocusRow + ",\"{\"\"a\"\":\"\"1\"\",\"\"a\"\":\"\"2\"\"}\"\n"),
            "x.csv:2:22: Tags: expected a JSON object of tags: key 'a' appears twice in one object");
  EXPECT_EQ(error_of(h + kFocusRow + ",\"{\"\"a\"\":[1]}\"\n"),
            "x.csv:2:22: Tags: expected a JSON object of tags: the value of tag 'a' is an object or an array");
  EXPECT_EQ(error_of(h + kFocusRow + ",\"[1]\"\n"), "x.csv:2:22: Tags: expected a JSON object of tags: an array");
  EXPECT_EQ(error_of(h + kFocusRow + ",x,y\n"), "x.csv:2:23: malformed CSV: 23 fields on this line, the header has 22");
  std::string no_list = kFocusHeader;
  no_list.erase(no_list.find(",ListCost"), 9);
  EXPECT_EQ(error_of(no_list + "\n"),
            "x.csv:1: ListCost: missing column 'ListCost' in the header: FOCUS 1.0, 1.1 and 1.2 make it mandatory");
  EXPECT_EQ(error_of(kFocusHeader + ",Tags,tags\n"),
            "x.csv:1:23: tags: malformed CSV: a column appears twice in the header (also as 'Tags')");
  EXPECT_EQ(error_of("a,b\n1,2\n"),
            "x.csv:1:1: not a cloud cost export this reader knows: expected FOCUS 1.0-1.2 (BilledCost, "
            "ChargePeriodStart, ...), AWS CUR 2.0 (line_item_line_item_type, line_item_unblended_cost, ...) or Azure "
            "cost details (Date, MeterCategory, CostInBillingCurrency, ...)");
  EXPECT_EQ(error_of(""), "x.csv:1:1: empty file: expected a CSV header line");
}

// ---------------------------------------------------------------- AWS CUR 2.0

TEST(CloudCostReader, Cur2ResourceTagsEveryValue) {
  const CloudCosts c = read_cloud_costs(kData + "cur2_resource_tags.csv");
  EXPECT_EQ(c.format, CloudCostFormat::AwsCur2);
  EXPECT_EQ(format_name(c.format), "aws-cur-2.0");
  ASSERT_EQ(c.lines.size(), 8u);
  for (std::size_t i = 0; i < 7; ++i)
    EXPECT_EQ(common(c.lines[i]),
              "AWS 111122223333 444455556666 bp 2026-03-01T00:00:00Z..2026-04-01T00:00:00Z cp "
              "2026-03-01T10:00:00Z..2026-03-01T11:00:00Z USD");
  EXPECT_EQ(common(c.lines[7]),
            "AWS 111122223333 444455556666 bp 2026-03-01T00:00:00Z..2026-04-01T00:00:00Z cp "
            "2026-03-01T00:00:00Z..2026-04-01T00:00:00Z USD");
  const std::string job_tags =
      "{user_cluster_id=0301-101010-jobc1;user_cluster_name=job-1111-run-2222;user_creator=etl@example.com;user_job_"
      "id=1111;user_run_name=nightly-etl;user_vendor=Databricks;}";
  const std::vector<std::string> expected = {
      // Savings-plan covered: amortized = savings_plan_savings_plan_effective_cost.
      "2 i-0a1b2c3d4e5f60001 [Compute Instance|AmazonEC2||USE1-BoxUsage:m5.xlarge] billed 0.192 effective 0.1344 "
      "list 0.192 contracted 0.192 qty 1 Hrs Usage/SavingsPlanCoveredUsage compute " +
          job_tags,
      "3 i-0a1b2c3d4e5f60002 [Compute Instance|AmazonEC2||USE1-SpotUsage:i3.xlarge] billed 0.0975 effective 0.0975 "
      "list 0.312 contracted 0.0975 qty 1 Hrs Usage/Usage compute "
      "{user_databricks_instance_pool_creator_id=4242;user_databricks_instance_pool_id=0301-pool-spot1;user_vendor="
      "Databricks;}",
      // Reserved: amortized = reservation_effective_cost.
      "4 i-0a1b2c3d4e5f60003 [Compute Instance|AmazonEC2||USE1-BoxUsage:i3.2xlarge] billed 0 effective 0.4056 list "
      "0.624 contracted 0 qty 1 Hrs Usage/DiscountedUsage compute "
      "{user_sql_endpoint_id=a1b2c3d4e5f6a7b8;user_vendor=Databricks;}",
      "5 vol-0a1b2c3d4e5f60004 [Storage|AmazonEC2||USE1-EBS:VolumeUsage.gp3] billed 0.0107526882 effective "
      "0.0107526882 list 0.0107526882 contracted 0.0107526882 qty 0.1344086022 GB-Mo Usage/Usage storage "
      "{user_cluster_id=0301-202020-analysts;user_cluster_name=analysts;user_creator=ana@example.com;user_vendor="
      "Databricks;}",
      "6 arn:aws:ec2:us-east-1:444455556666:natgateway/nat-0abc12345 [NAT Gateway|AmazonEC2||USE1-NatGateway-Hours] "
      "billed 0.045 effective 0.045 list 0.045 contracted 0.045 qty 1 Hrs Usage/Usage network "
      "{user_vendor=Databricks;}",
      "7 web-assets [Storage|AmazonS3||TimedStorage-ByteHrs] billed 0.0015456989 effective 0.0015456989 list "
      "0.0015456989 contracted 0.0015456989 qty 0.0672043011 GB-Mo Usage/Usage storage {user_team=web;}",
      // The negation cancels the covered line's unblended cost; amortized it is zero.
      "8 i-0a1b2c3d4e5f60001 [Compute Instance|AmazonEC2||USE1-BoxUsage:m5.xlarge] billed -0.192 effective 0 list - "
      "contracted -0.192 qty 1 Hrs Usage/SavingsPlanNegation compute " +
          job_tags,
      "9  [|AmazonEC2||] billed 0.35 effective 0.35 list - contracted 0.35 qty -  Tax/Tax other {}",
  };
  for (std::size_t i = 0; i < expected.size(); ++i) EXPECT_EQ(describe(c.lines[i]), expected[i]) << i;
  const std::vector<std::string> views = {
      "attributable vendor cluster=0301-101010-jobc1 name=job-1111-run-2222 creator=etl@example.com job=1111 "
      "run=nightly-etl",
      "attributable vendor pool=0301-pool-spot1 pool_creator=4242",
      "attributable vendor warehouse=a1b2c3d4e5f6a7b8",
      "attributable vendor cluster=0301-202020-analysts name=analysts creator=ana@example.com",
      "unattributable vendor",
      "not-databricks",
      "attributable vendor cluster=0301-101010-jobc1 name=job-1111-run-2222 creator=etl@example.com job=1111 "
      "run=nightly-etl",
      "not-databricks",
  };
  for (std::size_t i = 0; i < views.size(); ++i) EXPECT_EQ(view(c.lines[i]), views[i]) << i;
}

TEST(CloudCostReader, Cur2TagColumnsReadAsTheMapColumn) {
  const CloudCosts map = read_cloud_costs(kData + "cur2_resource_tags.csv");
  const CloudCosts cols = read_cloud_costs(kData + "cur2_tag_columns.csv");
  EXPECT_EQ(cols.format, CloudCostFormat::AwsCur2);
  ASSERT_EQ(cols.lines.size(), map.lines.size());
  for (std::size_t i = 0; i < cols.lines.size(); ++i) {
    EXPECT_EQ(describe(cols.lines[i]), describe(map.lines[i])) << i;
    EXPECT_EQ(common(cols.lines[i]), common(map.lines[i])) << i;
  }
}

const std::string kCurHeader =
    "line_item_line_item_type,line_item_usage_start_date,line_item_usage_end_date,line_item_unblended_cost,"
    "line_item_currency_code,line_item_product_code";

TEST(CloudCostReader, Cur2AmortizedFees) {
  const std::string text =
      kCurHeader +
      ",savings_plan_total_commitment_to_date,savings_plan_used_commitment,reservation_unused_amortized_upfront_fee_"
      "for_billing_period,reservation_unused_recurring_fee,reservation_reservation_a_r_n\n"
      "SavingsPlanRecurringFee,2026-03-01,2026-03-01T01:00:00Z,10,USD,ComputeSavingsPlans,10,7.5,,,\n"
      "SavingsPlanUpfrontFee,2026-03-01,2026-03-01T01:00:00Z,1000,USD,ComputeSavingsPlans,,,,,\n"
      "RIFee,2026-03-01,2026-03-01T01:00:00Z,3,USD,AmazonEC2,,,0.25,0.5,arn:ri\n"
      "Fee,2026-03-01,2026-03-01T01:00:00Z,300,USD,AmazonEC2,,,,,arn:ri\n"
      "Fee,2026-03-01,2026-03-01T01:00:00Z,4,USD,AWSSupport,,,,,\n"
      "DiscountedUsage,2026-03-01,2026-03-01T01:00:00Z,0,USD,AmazonEC2,,,,,arn:ri\n"
      "edpdiscount,2026-03-01,2026-03-01T01:00:00Z,-1.5,USD,AmazonEC2,,,,,\n";
  const CloudCosts c = read_cloud_costs_text(text, "cur.csv");
  ASSERT_EQ(c.lines.size(), 7u);
  const auto eff = [&](std::size_t i) { return dec(c.lines[i].effective_cost); };
  EXPECT_EQ(eff(0), "2.5");  // 10 - 7.5 unused commitment
  EXPECT_EQ(eff(1), "0");
  EXPECT_EQ(eff(2), "0.75");  // 0.25 + 0.5 unused
  EXPECT_EQ(eff(3), "0");     // an RI's upfront fee
  EXPECT_EQ(eff(4), "4");
  EXPECT_EQ(eff(5), "-");  // reservation_effective_cost absent
  EXPECT_EQ(eff(6), "-1.5");
  EXPECT_EQ(c.lines[6].charge_type, "EdpDiscount");
  EXPECT_EQ(c.lines[6].charge_category, ChargeCategory::Credit);
  EXPECT_EQ(c.lines[0].charge_category, ChargeCategory::Purchase);
}

TEST(CloudCostReader, Cur2Errors) {
  EXPECT_EQ(error_of(kCurHeader + "\nBogus,2026-03-01,2026-03-02,1,USD,AmazonEC2\n"),
            "x.csv:2:1: line_item_line_item_type: expected a CUR line item type (Usage, DiscountedUsage, "
            "SavingsPlanCoveredUsage, SavingsPlanNegation, SavingsPlanUpfrontFee, SavingsPlanRecurringFee, RIFee, Fee, "
            "Tax, Credit, Refund, BundledDiscount, EdpDiscount, PrivateRateDiscount, SppDiscount, "
            "DistributorDiscount, Discount or RoundingAdjustment), got 'Bogus'");
  EXPECT_EQ(error_of(kCurHeader + "\nUsage,2026-03-01,2026-03-02,1.5.0,USD,AmazonEC2\n"),
            "x.csv:2:4: line_item_unblended_cost: expected a decimal amount, got '1.5.0'");
  EXPECT_EQ(error_of(kCurHeader + ",resource_tags\nUsage,2026-03-01,2026-03-02,1,USD,AmazonEC2,\"{\"\"a\"\":1\"\n"),
            "x.csv:2:7: resource_tags: expected a JSON object of tags: expected ',' or '}' at character 7");
  EXPECT_EQ(error_of(kCurHeader + ",resource_tags,resource_tags_user_team\n"),
            "x.csv:1:8: resource_tags_user_team: expected the tags either in a resource_tags column or in "
            "resource_tags_* columns, not in both");
  std::string no_currency = kCurHeader;
  no_currency.erase(no_currency.find(",line_item_currency_code"), 24);
  EXPECT_EQ(error_of(no_currency + "\n"),
            "x.csv:1: line_item_currency_code: missing column 'line_item_currency_code' in the header: every AWS CUR "
            "2.0 export has it");
}

// ---------------------------------------------------------------- Azure cost details

const std::string kAzureRg =
    "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/databricks-rg-ws1-abcdefghijklm/providers/";

TEST(CloudCostReader, AzureActualEveryValue) {
  const CloudCosts c = read_cloud_costs(kData + "azure_actual_cost.csv");
  EXPECT_EQ(c.format, CloudCostFormat::AzureActual);
  EXPECT_EQ(format_name(c.format), "azure-actual");
  ASSERT_EQ(c.lines.size(), 7u);
  for (std::size_t i = 0; i < 7; ++i)
    EXPECT_EQ(common(c.lines[i]), "Microsoft 8611537 00000000-0000-0000-0000-00000000000" +
                                      std::string(i == 5 ? "2" : "1") +
                                      " bp 2026-03-01T00:00:00Z..2026-03-31T00:00:00Z cp "
                                      "2026-03-01T00:00:00Z..2026-03-02T00:00:00Z EUR");
  const std::vector<std::string> expected = {
      // list = 3 x PayGPrice 0.576, contracted = 3 x UnitPrice 0.5184
      "2 " + kAzureRg +
          "Microsoft.Compute/virtualMachines/ddbdee8a1b2c4d5e-0 [Microsoft.Compute|Virtual Machines||E8ds v4] billed "
          "1.5552 effective 1.5552 list 1.728 contracted 1.5552 qty 3 1 Hour Usage/Usage compute "
          "{ClusterId=0301-101010-jobaz;ClusterName=job-3333-run-4444;Creator=etl@example.com;JobId=3333;RunName="
          "nightly-etl;Vendor=Databricks;}",
      "3 " + kAzureRg +
          "Microsoft.Compute/virtualMachines/0f1e2d3c4b5a6978-1 [Microsoft.Compute|Virtual Machines||E4ds v4 Spot] "
          "billed 0.1152 effective 0.1152 list 1.152 contracted 0.1152 qty 4 1 Hour Usage/Usage compute "
          "{DatabricksInstancePoolCreatorId=5151;DatabricksInstancePoolId=0301-pool-az1;Vendor=Databricks;}",
      // Reservation usage in an actual export: billed 0, its amortized cost is not in this file.
      "4 " + kAzureRg +
          "Microsoft.Compute/virtualMachines/1a2b3c4d5e6f7a8b-2 [Microsoft.Compute|Virtual Machines||E8ds v4] billed "
          "0 effective - list 1.152 contracted 0 qty 2 1 Hour Usage/Usage compute "
          "{SqlWarehouseId=b2c3d4e5f6a7b8c9;Vendor=Databricks;}",
      "5 " + kAzureRg +
          "Microsoft.Compute/disks/0a1b2c3d-containerRootVolume [Microsoft.Compute|Storage||P10 LRS Disk] billed "
          "9.855 effective 9.855 list 9.855 contracted 9.855 qty 0.5 1/Month Usage/Usage storage "
          "{ClusterId=0301-202020-analystsaz;ClusterName=analysts;Creator=ana@example.com;Vendor=Databricks;}",
      "6 " + kAzureRg +
          "Microsoft.Network/natGateways/dbx-nat [Microsoft.Network|NAT Gateway||Gateway] billed 1.08 effective 1.08 "
          "list 1.08 contracted 1.08 qty 24 1 Hour Usage/Usage network {Vendor=Databricks;}",
      "7 /subscriptions/00000000-0000-0000-0000-000000000002/resourceGroups/web/providers/Microsoft.Web/serverfarms/"
      "web-plan [Microsoft.Web|Azure App Service||B1] billed 1.8 effective 1.8 list 1.8 contracted 1.8 qty 24 1 Hour "
      "Usage/Usage other {team=web;}",
      "8  [|||] billed 100 effective - list - contracted 100 qty 1  Purchase/Purchase other {}",
  };
  for (std::size_t i = 0; i < expected.size(); ++i) EXPECT_EQ(describe(c.lines[i]), expected[i]) << i;
  expect_azure_workspace_views(c);
  EXPECT_EQ(view(c.lines[6]), "not-databricks");
}

TEST(CloudCostReader, AzureAmortizedCamelCaseBracedTags) {
  const CloudCosts c = read_cloud_costs(kData + "azure_amortized_cost.csv");
  EXPECT_EQ(c.format, CloudCostFormat::AzureAmortized);
  ASSERT_EQ(c.lines.size(), 7u);
  EXPECT_EQ(common(c.lines[0]),
            "Microsoft 8611537 00000000-0000-0000-0000-000000000001 bp 2026-03-01T00:00:00Z..2026-03-31T00:00:00Z cp "
            "2026-03-01T00:00:00Z..2026-03-02T00:00:00Z EUR");
  const CloudCosts actual = read_cloud_costs(kData + "azure_actual_cost.csv");
  // The on-demand and spot lines read the same in both exports, tags braced or not.
  for (const std::size_t i : {0u, 1u, 3u, 4u, 5u}) EXPECT_EQ(describe(c.lines[i]), describe(actual.lines[i])) << i;
  EXPECT_EQ(describe(c.lines[2]),
            "4 " + kAzureRg +
                "Microsoft.Compute/virtualMachines/1a2b3c4d5e6f7a8b-2 [Microsoft.Compute|Virtual Machines||E8ds v4] "
                "billed - effective 0.8112 list 1.152 contracted 0 qty 2 1 Hour Usage/Usage compute "
                "{SqlEndpointId=b2c3d4e5f6a7b8c9;Vendor=Databricks;}");
  EXPECT_EQ(describe(c.lines[6]),
            "8  [|Virtual Machines||E8ds v4] billed - effective 0.2 list - contracted - qty - 1 Hour "
            "Usage/UnusedReservation compute {}");
}

TEST(CloudCostReader, AzureKindFromOptionsOrName) {
  const std::string text = slurp(kData + "azure_amortized_cost.csv");
  CloudCostReadOptions amortized;
  amortized.azure_cost = AzureCostKind::Amortized;
  EXPECT_EQ(read_cloud_costs_text(text, "export.csv", amortized).format, CloudCostFormat::AzureAmortized);
  EXPECT_EQ(read_cloud_costs_text(text, "March-AmortizedCost.csv").format, CloudCostFormat::AzureAmortized);
  EXPECT_EQ(error_of(text, "export.csv"),
            "export.csv:8:17: chargeType: 'UnusedReservation' lines appear only in amortized cost exports: read the "
            "file as amortized cost (--azure-cost amortized, azure_cost='amortized' in Python, or 'amortized' in the "
            "file name)");
  CloudCostReadOptions actual;
  actual.azure_cost = AzureCostKind::Actual;
  EXPECT_EQ(error_of(text, "amortized.csv", actual).substr(0, 33), "amortized.csv:8:17: chargeType: '");
}

TEST(CloudCostReader, AzureErrors) {
  const std::string h = "Date,MeterCategory,CostInBillingCurrency,BillingCurrency,PricingModel,Tags\n";
  EXPECT_EQ(error_of(h + "13/01/2026,Storage,1,EUR,,\n"),
            "x.csv:2:1: Date: expected a timestamp such as 2026-03-01T00:00:00Z or a date such as 2026-03-01 or "
            "03/01/2026, got '13/01/2026'");
  EXPECT_EQ(error_of(h + "03/01/2026,Storage,1,EUR,Lease,\n"),
            "x.csv:2:5: PricingModel: expected On Demand, Reservation, SavingsPlan or Spot, got 'Lease'");
  EXPECT_EQ(error_of(h + "03/01/2026,Storage,1,EUR,,\"\"\"a\"\": \"\"1\"\",\"\"a\"\": \"\"2\"\"\"\n"),
            "x.csv:2:6: Tags: expected a JSON object of tags: key 'a' appears twice in one object");
  EXPECT_EQ(error_of(h + "03/01/2026,Storage,,EUR,,\n"),
            "x.csv:2:3: CostInBillingCurrency: expected a decimal amount, got an empty cell");
  EXPECT_EQ(error_of("Date,MeterCategory,BillingCurrency\n"),
            "x.csv:1: CostInBillingCurrency: missing column 'CostInBillingCurrency' in the header: every Azure cost "
            "details export has it");
  // The older EA column name for the cost, and the default charge type.
  const CloudCosts c = read_cloud_costs_text("date,metercategory,cost,currency\n2026-03-05,Bandwidth,0.01,USD\n", "y");
  ASSERT_EQ(c.lines.size(), 1u);
  EXPECT_EQ(describe(c.lines[0]),
            "2  [|Bandwidth||] billed 0.01 effective 0.01 list - contracted - qty -  Usage/Usage network {}");
}

// An amount beyond a trillion on one line (dbcost's money holds +/-9.2e12) is refused at its cell,
// whether it is beyond a Decimal (1e400) or not (1e15), as are Azure's quantity x price products.
TEST(CloudCostReader, AmountsBeyondATrillion) {
  const std::string h = kFocusHeader + "\n";
  const auto with_billed = [&](const std::string& billed) { return h + billed + kFocusRow.substr(3) + "\n"; };
  EXPECT_EQ(read_cloud_costs_text(with_billed("1000000000000"), "x.csv").lines[0].billed_cost,
            Decimal::from_int(1'000'000'000'000));
  EXPECT_EQ(read_cloud_costs_text(with_billed("-1e12"), "x.csv").lines[0].billed_cost,
            Decimal::from_int(-1'000'000'000'000));
  for (const std::string too_large :
       {"1000000000000.000001", "-1000000000000.01", "1e15", "99999999999999999999999", "1e400", "1e99999"})
    EXPECT_EQ(error_of(with_billed(too_large)),
              "x.csv:2:1: BilledCost: expected an amount between -1e12 and 1e12 (a trillion) on one line, got '" +
                  too_large + "'");
  for (const std::string not_a_number : {"NaN", "Infinity", "1e-99999", "$2.5"})
    EXPECT_EQ(error_of(with_billed(not_a_number)),
              "x.csv:2:1: BilledCost: expected a decimal amount, got '" + not_a_number + "'");
  const std::string azure = "Date,MeterCategory,CostInBillingCurrency,BillingCurrency,Quantity,PayGPrice,UnitPrice\n";
  const CloudCosts at_limit = read_cloud_costs_text(azure + "03/01/2026,Storage,1,EUR,500000000000,2,0.5\n", "a.csv");
  EXPECT_EQ(at_limit.lines[0].list_cost, Decimal::from_int(1'000'000'000'000));
  EXPECT_EQ(at_limit.lines[0].contracted_cost, Decimal::from_int(250'000'000'000));
  EXPECT_EQ(error_of(azure + "03/01/2026,Storage,1,EUR,500000000000,2.01,1\n"),
            "x.csv:2:6: PayGPrice: expected the quantity times this price between -1e12 and 1e12 on one line, got "
            "500000000000 x 2.01");
  EXPECT_EQ(error_of(azure + "03/01/2026,Storage,1,EUR,1000000000000,1,1000000000000\n"),
            "x.csv:2:7: UnitPrice: expected the quantity times this price between -1e12 and 1e12 on one line, got "
            "1000000000000 x 1000000000000");
}

// A period ends at or after its start: an end before it is a damaged line, not a period to join on.
TEST(CloudCostReader, PeriodsDoNotEndBeforeTheyStart) {
  std::string charge = kFocusRow;  // ChargePeriodEnd 01:00 → 2026-02-28T23:00:00Z, before the 00:00 start
  charge.replace(charge.find("2026-03-01T01:00:00Z"), 20, "2026-02-28T23:00:00Z");
  EXPECT_EQ(error_of(kFocusHeader + "\n" + charge + "\n"),
            "x.csv:2:10: ChargePeriodEnd: expected a time not before ChargePeriodStart 2026-03-01T00:00:00Z, got "
            "'2026-02-28T23:00:00Z'");
  std::string instant = kFocusRow;  // a zero-length period is kept
  instant.replace(instant.find("2026-03-01T01:00:00Z"), 20, "2026-03-01T00:00:00Z");
  EXPECT_EQ(read_cloud_costs_text(kFocusHeader + "\n" + instant + "\n", "x.csv").lines.size(), 1u);
  std::string billing = kFocusRow;
  billing.replace(billing.find("2026-04-01T00:00:00Z"), 20, "2026-02-01T00:00:00Z");
  EXPECT_EQ(error_of(kFocusHeader + "\n" + billing + "\n"),
            "x.csv:2:5: BillingPeriodEnd: expected a time not before BillingPeriodStart 2026-03-01T00:00:00Z, got "
            "'2026-02-01T00:00:00Z'");
  EXPECT_EQ(error_of(kCurHeader + "\nUsage,2026-03-01T10:00:00Z,2026-03-01T09:00:00Z,1,USD,AmazonEC2\n"),
            "x.csv:2:3: line_item_usage_end_date: expected a time not before line_item_usage_start_date "
            "2026-03-01T10:00:00Z, got '2026-03-01T09:00:00Z'");
  EXPECT_EQ(error_of("Date,MeterCategory,Cost,Currency,BillingPeriodStartDate,BillingPeriodEndDate\n"
                     "03/05/2026,Storage,1,EUR,03/01/2026,02/28/2026\n"),
            "x.csv:2:6: BillingPeriodEndDate: expected a time not before BillingPeriodStartDate 03/01/2026, got "
            "'02/28/2026'");
}

// Damaged exports: every outcome is lines or an InputError, never another exception.
TEST(CloudCostReader, DamagedFilesAreInputErrors) {
  std::mt19937 rng(20261207);
  const std::string alphabet = ",\"{}[]:e-.\n\r x9\\\xff";
  int errors = 0;
  for (const char* file : {"focus12_aws.csv", "focus10_azure.csv", "cur2_resource_tags.csv", "cur2_tag_columns.csv",
                           "azure_actual_cost.csv", "azure_amortized_cost.csv"}) {
    const std::string text = slurp(kData + file);
    for (int trial = 0; trial < 300; ++trial) {
      std::string damaged = text;
      const int edits = 1 + static_cast<int>(rng() % 3);
      for (int e = 0; e < edits; ++e) damaged[rng() % damaged.size()] = alphabet[rng() % alphabet.size()];
      try {
        read_cloud_costs_text(damaged, file);
      } catch (const InputError&) {
        ++errors;
      } catch (const std::exception& e) {
        ADD_FAILURE() << file << " trial " << trial << ": " << e.what();
      }
    }
  }
  EXPECT_GT(errors, 900);  // most damage is caught
}

}  // namespace
}  // namespace dbcost
