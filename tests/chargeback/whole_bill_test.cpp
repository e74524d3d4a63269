#include "chargeback/whole_bill.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "chargeback/whole_bill_report.h"
#include "core/errors.h"
#include "money/allocate.h"

namespace dbcost {
namespace {

const std::string kSets = std::string(DBCOST_SOURCE_DIR) + "/tests/data/wholebill/";

struct Set {
  std::string usage, prices, cloud, owners;
};

const Set kFocus{kSets + "focus/usage.csv", kSets + "focus/prices.csv", kSets + "focus/focus12_aws.csv", ""};
const Set kCur2{kSets + "cur2/usage.csv", kSets + "cur2/prices.csv", kSets + "cur2/cur2.csv",
                kSets + "cur2/owners.csv"};
const Set kAzure{kSets + "azure/usage.csv", kSets + "azure/prices.csv", kSets + "azure/azure_actual_cost.csv", ""};

WholeBill join(const Set& set, BillView view, SharedMode mode, unsigned threads, const std::string& cloud = "") {
  UsageOptions usage;
  usage.threads = threads;
  usage.min_part_bytes = 1;
  usage.detail = group_detail_of(view);
  usage.resource_usage = true;
  if (!set.owners.empty()) usage.rules.owners = Owners::load(set.owners);
  const PriceBook book = PriceBook::load(set.prices);
  AllocationOptions allocation;
  allocation.mode = mode;
  WholeBillOptions options;
  options.view = view;
  options.allocation = allocation;
  options.rules = usage.rules;
  options.threads = threads;
  options.min_part_bytes = 1;
  return join_whole_bill(allocate_chargeback(read_usage(set.usage, book, usage), allocation),
                         {cloud.empty() ? set.cloud : cloud}, options);
}

std::string csv_of(const WholeBill& bill) { return whole_bill_table(bill).to_csv(); }

std::string write_temp(const std::string& name, const std::string& text) {
  // Per process: several test runs may share the temporary directory.
  const auto path =
      std::filesystem::temp_directory_path() / ("dbcost_whole_bill_" + std::to_string(::getpid()) + "_" + name);
  std::ofstream(path) << text;
  return path.string();
}

TEST(WholeBillTest, EveryThreadCountGivesTheSameBill) {
  for (const Set* set : {&kFocus, &kCur2, &kAzure})
    for (BillView view : {BillView::Team, BillView::TeamJob, BillView::Cluster}) {
      const std::string one = csv_of(join(*set, view, SharedMode::Proportional, 1));
      for (unsigned threads : {2u, 3u, 8u})
        EXPECT_EQ(csv_of(join(*set, view, SharedMode::Proportional, threads)), one)
            << set->cloud << " " << bill_view_name(view) << " " << threads;
    }
}

TEST(WholeBillTest, RowsSumToBothBillsInEveryViewAndMode) {
  for (const Set* set : {&kFocus, &kCur2, &kAzure})
    for (BillView view : {BillView::Team, BillView::TeamJob, BillView::TeamSku, BillView::Workspace, BillView::Cluster})
      for (SharedMode mode : {SharedMode::Proportional, SharedMode::Even, SharedMode::None}) {
        const WholeBill bill = join(*set, view, mode, 2);
        ASSERT_EQ(bill.totals.size(), 1u);
        const WholeBillTotal& t = bill.totals[0];
        Money dbu, cloud, charges;
        for (const auto& r : bill.rows) {
          dbu += r.dbu;
          cloud += r.cloud_total();
          EXPECT_EQ(r.total(), r.dbu + r.cloud_total());
        }
        for (const auto& c : bill.cloud_charges) charges += c.cost;
        EXPECT_EQ(dbu, t.databricks) << set->cloud;
        EXPECT_EQ(cloud, t.cloud - t.dbu_on_cloud) << set->cloud;
        EXPECT_EQ(charges, cloud) << set->cloud;
        EXPECT_EQ(t.attributed + t.idle_pools + t.unattributed + t.not_databricks, t.cloud - t.dbu_on_cloud);
      }
}

TEST(WholeBillTest, AzureDbuLinesAreCountedOnceAndShownBesideTheUsage) {
  const WholeBill bill = join(kAzure, BillView::Team, SharedMode::None, 1);
  const WholeBillTotal& t = bill.totals[0];
  // tests/data/wholebill/azure/README.md: six "Azure Databricks" lines billing Jobs DBUs at 0.28.
  EXPECT_EQ(bill.counts.dbu_charges, 6u);
  EXPECT_EQ(t.dbu_on_cloud.format_cents(), "14.57");
  EXPECT_EQ(t.databricks.format_cents(), "14.99");
  EXPECT_EQ(t.whole().format_cents(), "26.53");
  EXPECT_NE(whole_bill_summary(bill).find("0.42 drawn from commitments (DBCU) or discounted"), std::string::npos);
}

TEST(WholeBillTest, ALineWithoutTheChosenCostIsAnErrorAtItsLine) {
  // An Azure amortized export prices reservation usage only amortized: billed cost is refused there.
  const std::string header =
      "date,billingAccountId,subscriptionId,meterCategory,meterName,quantity,unitOfMeasure,"
      "costInBillingCurrency,billingCurrency,resourceId,consumedService,chargeType,pricingModel,tags\n";
  const std::string vm = "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/";
  const std::string path = write_temp(
      "amortized_cost.csv", header + "2026-03-01,8611537,s1,Virtual Machines,D4s v3,1,1 Hour,1.50,USD," + vm +
                                "vm1,Microsoft.Compute,Usage,OnDemand,\"\"\"Vendor\"\": \"\"Databricks\"\"\"\n" +
                                "2026-03-01,8611537,s1,Virtual Machines,D4s v3,1,1 Hour,0.90,USD," + vm +
                                "vm2,Microsoft.Compute,Usage,Reservation,\n");
  UsageOptions usage;
  usage.resource_usage = true;
  const PriceBook book = PriceBook::load(kAzure.prices);
  WholeBillOptions options;
  options.amount = CloudAmount::Billed;
  auto run = [&] {
    return join_whole_bill(allocate_chargeback(read_usage(kAzure.usage, book, usage), {}), {path}, options);
  };
  try {
    run();
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().file, path);
    EXPECT_EQ(e.where().line, 3u);
    EXPECT_NE(std::string(e.what()).find("--cloud-cost amortized"), std::string::npos) << e.what();
  }
  options.amount = CloudAmount::Auto;
  const WholeBill bill = run();
  EXPECT_EQ(bill.exports[0].amount, CloudAmount::Amortized);
  EXPECT_EQ(bill.totals[0].cloud.format_cents(), "2.40");
  EXPECT_EQ(bill.totals[0].unattributed.format_cents(), "1.50");
  EXPECT_EQ(bill.totals[0].not_databricks.format_cents(), "0.90");
  std::filesystem::remove(path);
}

TEST(WholeBillTest, AnErrorInAPartIsToldAtItsLineInTheFile) {
  // The FOCUS set with line 15's BilledCost broken: every thread count names line 15.
  std::ifstream in(kFocus.cloud);
  std::string text, line;
  for (int n = 1; std::getline(in, line); ++n) text += (n == 15 ? "oops" + line.substr(line.find(',')) : line) + "\n";
  const std::string path = write_temp("broken_focus.csv", text);
  for (unsigned threads : {1u, 2u, 3u, 5u}) {
    try {
      join(kFocus, BillView::Team, SharedMode::None, threads, path);
      FAIL() << "expected an InputError";
    } catch (const InputError& e) {
      EXPECT_EQ(e.where().line, 15u) << threads;
      EXPECT_EQ(e.where().field, "BilledCost") << threads;
    }
  }
  std::filesystem::remove(path);
}

TEST(WholeBillTest, DecimalSplitsAreExactAndFollowTheLargestRemainders) {
  // 1.00 split 1:1:1 at 10^-18: two parts of 0.333...3 and the left unit to the first (ties by index).
  const auto parts = allocate_largest_remainder(Decimal::from_int(1),
                                                {Decimal::from_int(1), Decimal::from_int(1), Decimal::from_int(1)});
  EXPECT_EQ(parts[0].to_string(), "0.333333333333333334");
  EXPECT_EQ(parts[1].to_string(), "0.333333333333333333");
  EXPECT_EQ(parts[2].to_string(), "0.333333333333333333");
  // A credit splits by magnitude; weights far beyond 64 bits do not overflow.
  const auto big = allocate_largest_remainder(*Decimal::parse("-10000.000000000000000001"),
                                              {*Decimal::parse("3000000"), *Decimal::parse("1000000")});
  EXPECT_EQ(big[0].to_string(), "-7500.000000000000000001");
  EXPECT_EQ(big[1].to_string(), "-2500");
}

TEST(WholeBillTest, ViewsAndAmountsAreParsedOrRefused) {
  EXPECT_EQ(parse_bill_view("team,job"), BillView::TeamJob);
  EXPECT_EQ(group_detail_of(BillView::Cluster), GroupDetail::ClusterId);
  EXPECT_EQ(bill_view_columns(BillView::TeamSku), (std::vector<std::string>{"team", "sku_name"}));
  EXPECT_THROW(parse_bill_view("job"), InputError);
  EXPECT_EQ(parse_cloud_amount("amortized"), CloudAmount::Amortized);
  EXPECT_THROW(parse_cloud_amount("net"), InputError);
}

}  // namespace
}  // namespace dbcost
