// Each command's options checked in the library, named as the CLI (--flag) or Python (keyword)
// spells them, with the exact messages `dbcost` prints; and the set-up the two front ends share.
#include <gtest/gtest.h>

#include <functional>

#include "commands/alerts_command.h"
#include "commands/bundle_command.h"
#include "commands/chargeback_command.h"
#include "commands/other_commands.h"
#include "commands/quote_command.h"
#include "commands/scenario_commands.h"

namespace dbcost {
namespace {

// "field: reason", or "no error".
std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.where().field + ": " + e.reason();
  }
  return "no error";
}

PricingOptions pricing(FrontEnd front) {
  PricingOptions o;
  o.front = front;
  return o;
}

TEST(PricingOptionsTest, DiscountsAreNamedAsEachFrontEndSpellsThem) {
  auto cli = pricing(FrontEnd::Cli), py = pricing(FrontEnd::Python);
  cli.dbu_discount = py.dbu_discount = "150";
  EXPECT_EQ(error_of([&] { cli.discounts(); }), "--dbu-discount: expected a percentage from 0 to 100, got '150'");
  EXPECT_EQ(error_of([&] { py.discounts(); }), "dbu_discount: expected a percentage from 0 to 100, got '150'");
  cli = pricing(FrontEnd::Cli);
  cli.spot_vm_discount = "-1";
  EXPECT_EQ(error_of([&] { cli.discounts(); }), "--spot-vm-discount: expected a percentage from 0 to 100, got '-1'");
  py = pricing(FrontEnd::Python);
  py.sku_discounts = {"PREMIUM_JOBS_COMPUTE=5", "PREMIUM_JOBS_COMPUTE=6"};
  EXPECT_EQ(error_of([&] { py.discounts(); }), "sku_discounts: SKU PREMIUM_JOBS_COMPUTE is given twice");
  py.sku_discounts = {"=5"};
  EXPECT_EQ(error_of([&] { py.discounts(); }),
            "sku_discounts: expected SKU=PERCENT, such as PREMIUM_JOBS_COMPUTE=25, got '=5'");
}

TEST(PricingOptionsTest, DiscountsAreReadExactly) {
  auto o = pricing(FrontEnd::Python);
  o.dbu_discount = "12.5";
  o.vm_discount = "30";
  o.sku_discounts = {"PREMIUM_JOBS_COMPUTE=25"};
  const Discounts d = o.discounts();
  EXPECT_EQ(d.dbu_percent, *Decimal::parse("12.5"));
  EXPECT_EQ(d.vm_percent, *Decimal::parse("30"));
  EXPECT_EQ(d.spot_vm_percent, Decimal::from_int(0));
  ASSERT_EQ(d.sku_percent.count("PREMIUM_JOBS_COMPUTE"), 1u);
  EXPECT_EQ(d.sku_percent.at("PREMIUM_JOBS_COMPUTE").percent, Decimal::from_int(25));
  o.sku_discounts = {"PREMIUM_JOB_COMPUTE=5"};
  const auto loaded = load_pricing(o);
  EXPECT_NE(
      error_of([&] { o.discounts(loaded); }).find("sku_discounts: no SKU 'PREMIUM_JOB_COMPUTE' in the price book"),
      std::string::npos);
}

TEST(PricingOptionsTest, CloudAndTierAreKnownNames) {
  auto o = pricing(FrontEnd::Python);
  o.cloud = "mars";
  EXPECT_EQ(error_of([&] { o.validate(); }), "cloud: mars not in {azure,aws,gcp,AZURE,AWS,GCP}");
  o.cloud = "AWS";
  o.tier = "gold";
  EXPECT_EQ(error_of([&] { o.validate(); }),
            "tier: gold not in {premium,enterprise,standard,PREMIUM,ENTERPRISE,STANDARD}");
  o.tier = "enterprise";
  EXPECT_EQ(o.cloud_or(Cloud::Gcp), Cloud::Aws);
  o.cloud = "";
  EXPECT_EQ(o.cloud_or(Cloud::Gcp), Cloud::Gcp);
  EXPECT_EQ(o.cloud_or(std::nullopt), Cloud::Azure);
}

TEST(PricingOptionsTest, PolicyPricingIsBuiltFromTheOptions) {
  auto o = pricing(FrontEnd::Cli);
  o.cloud = "aws";
  o.tier = "standard";
  o.region = "us-east-1";
  const auto loaded = load_pricing(o);
  const PolicyPricing p = policy_pricing(o, loaded);
  EXPECT_EQ(p.pricing, &loaded);
  EXPECT_EQ(p.cloud, Cloud::Aws);
  EXPECT_EQ(p.tier, Tier::Standard);
  EXPECT_EQ(p.region, "us-east-1");
  o.cloud = "";
  EXPECT_EQ(policy_pricing(o, loaded).cloud, std::nullopt);
}

QuoteOptions quote_options(FrontEnd front) {
  QuoteOptions o;
  o.front = front;
  o.pricing.front = front;
  o.at = "2026-03-01";
  return o;
}

TEST(QuoteOptionsTest, ChecksBeforeTheSpecIsRead) {
  auto cli = quote_options(FrontEnd::Cli), py = quote_options(FrontEnd::Python);
  py.kind = "jobs";
  EXPECT_EQ(
      error_of([&] { py.validate(true); }),
      "kind: jobs not in {job,jobs-light,all-purpose,dlt-core,dlt-pro,dlt-advanced,jobs-serverless,dlt-serverless,"
      "all-purpose-serverless}");
  py.kind = "job";
  EXPECT_EQ(error_of([&] { cli.validate(false); }), "SPEC: give a new_cluster or SQL warehouse spec file to price");
  EXPECT_EQ(error_of([&] { py.validate(false); }), "spec: give a new_cluster or SQL warehouse spec file to price");
  cli.dbus_per_hour = py.dbus_per_hour = "4";
  EXPECT_EQ(error_of([&] { cli.validate(true); }), "--dbus-per-hour: --dbus-per-hour is for serverless kinds");
  EXPECT_EQ(error_of([&] { py.validate(true); }), "dbus_per_hour: dbus_per_hour is for serverless kinds");
  cli.dbus_per_hour = py.dbus_per_hour = "";
  cli.from = py.from = "2026-03-01";
  EXPECT_EQ(error_of([&] { cli.validate(true); }), "--to: give --from and --to together");
  EXPECT_EQ(error_of([&] { py.validate(true); }), "end: give start and end together");
  cli.kind = py.kind = "jobs-serverless";
  EXPECT_EQ(error_of([&] { cli.validate(false); }), "--from: serverless kinds are priced for --hours");
  EXPECT_EQ(error_of([&] { py.validate(false); }), "start: serverless kinds are priced for hours");
  cli.from = "";
  EXPECT_EQ(error_of([&] { cli.validate(false); }), "no error");
}

YamlView d8_spec() { return YamlView::parse("node_type_id: Standard_D8s_v3\nnum_workers: 4\n", "spec.yaml"); }

TEST(QuoteOptionsTest, QuotesWithTheDiscountsGiven) {
  // Standard_D8s_v3 (built-in: 1.5 DBU/h, 0.384/h) x 5 nodes, Azure premium jobs at 0.30/DBU, 10 hours:
  // DBUs 7.5/h -> 22.50 list, less 10% = 20.25; VMs 1.92/h -> 19.20, less 30% = 13.44; totals 41.70 and 33.69.
  auto o = quote_options(FrontEnd::Python);
  o.hours = "10";
  o.pricing.dbu_discount = "10";
  o.pricing.vm_discount = "30";
  const QuoteResult r = quote(d8_spec, o);
  const auto size = quote_result_json(r)["sizes"][0];
  EXPECT_EQ(size["dbu_cost"], "22.50");
  EXPECT_EQ(size["dbu_cost_discounted"], "20.25");
  EXPECT_EQ(size["vm_cost_discounted"], "13.44");
  EXPECT_EQ(size["total_cost"], "41.70");
  EXPECT_EQ(size["total_cost_discounted"], "33.69");
  o.hours = "-1";
  EXPECT_EQ(error_of([&] { quote(d8_spec, o); }), "hours: expected a non-negative number of hours, got '-1'");
  o.hours = "1";
  o.at = "yesterday";
  EXPECT_EQ(error_of([&] { quote(d8_spec, o); }), "at: expected a date or an ISO 8601 instant (UTC), got 'yesterday'");
}

TEST(QuoteOptionsTest, AWarehouseRefusesAKind) {
  auto o = quote_options(FrontEnd::Cli);
  o.kind_given = true;
  const auto warehouse = [] { return YamlView::parse("cluster_size: Small\n", "w.yaml"); };
  EXPECT_EQ(error_of([&] { quote(warehouse, o); }),
            "--kind: a SQL warehouse is billed by its warehouse_type; drop --kind");
}

TEST(BundleOptionsTest, MonthTrialsAndThreads) {
  BundleCommandOptions cli, py;
  py.front = py.pricing.front = FrontEnd::Python;
  cli.month = py.month = "2026-13";
  EXPECT_EQ(error_of([&] { cli.validate(); }), "--month: expected a month as YYYY-MM, got '2026-13'");
  EXPECT_EQ(error_of([&] { py.validate(); }), "month: expected a month as YYYY-MM, got '2026-13'");
  py.month = "";
  py.trials = -1;
  EXPECT_EQ(error_of([&] { py.validate(); }), "trials: Value -1 not in range 0 to 1000000");
  py.trials = 0;
  py.threads = 257;
  EXPECT_EQ(error_of([&] { py.validate(); }), "threads: Value 257 not in range 1 to 256");
}

TEST(BundleOptionsTest, TheEstimateGetsThePriceFilesAndDiscounts) {
  BundleCommandOptions o;
  o.front = o.pricing.front = FrontEnd::Python;
  o.month = "2026-04";
  o.pricing.files.prices = "book.csv";
  o.pricing.dbu_discount = "15";
  o.pricing.sku_discounts = {"PREMIUM_JOBS_COMPUTE=20"};
  const EstimateOptions e = o.estimate_options();
  EXPECT_EQ(e.pricing.prices, "book.csv");
  EXPECT_EQ(e.discounts.dbu_percent, Decimal::from_int(15));
  EXPECT_EQ(e.discounts.sku_percent.at("PREMIUM_JOBS_COMPUTE").percent, Decimal::from_int(20));
  EXPECT_EQ(e.month, "2026-04");
  o.pricing.vm_discount = "101";
  EXPECT_EQ(error_of([&] { o.estimate_options(); }), "vm_discount: expected a percentage from 0 to 100, got '101'");
}

TEST(AlertsOptionsTest, RangesAreCheckedForBothFrontEnds) {
  AlertsOptions cli, py;
  py.front = FrontEnd::Python;
  cli.settings.percents = py.settings.percents = {50, 0};
  EXPECT_EQ(error_of([&] { cli.validate(false, true); }),
            "--percents: expected percents above 0 and up to 1000, got 0.000000");
  EXPECT_EQ(error_of([&] { py.validate(false, true); }),
            "percents: expected percents above 0 and up to 1000, got 0.000000");
  py.settings = {};
  py.settings.probabilities = {1.5};
  EXPECT_EQ(error_of([&] { py.validate(false, true); }),
            "probabilities: expected probabilities above 0 and up to 1, got 1.500000");
  py.settings = {};
  py.settings.daily_per_year = {};
  EXPECT_EQ(error_of([&] { py.validate(false, true); }), "daily_per_year: expected at least one value");
  EXPECT_EQ(error_of([&] { validate_tuning_settings(py.settings, FrontEnd::Python, false); }), "no error");
  py.settings = {};
  py.settings.runaway_factor = 0.5;
  EXPECT_EQ(error_of([&] { py.validate(false, true); }),
            "runaway_factor: expected a factor from 1 to 1000, got 0.500000");
  py.settings = {};
  py.settings.new_workload_percent = 20000;
  EXPECT_EQ(error_of([&] { py.validate(false, true); }),
            "new_workload_percent: expected a percent from 0 to 10000, got 20000.000000");
  py.settings = {};
  py.months.trials = 3;
  EXPECT_EQ(error_of([&] { py.validate(false, true); }), "trials: Value 3 not in range 4 to 100000");
  py.months.trials = 200;
  py.settings.false_alarms_per_year = 400;
  EXPECT_EQ(error_of([&] { py.validate(false, true); }),
            "false_alarms_per_year: Value 400 not in range 0.000000 to 365.000000");
  py.settings.false_alarms_per_year = 0.5;
  py.basis = "list";
  EXPECT_EQ(error_of([&] { py.validate(false, true); }), "basis: list not in {dbu,total}");
}

TEST(AlertsOptionsTest, OneSourceAndAUsageExportHoldsDbusOnly) {
  AlertsOptions cli, py;
  py.front = FrontEnd::Python;
  EXPECT_EQ(error_of([&] { cli.validate(true, true); }), "--usage: give either --usage FILE or --scenario FILE");
  EXPECT_EQ(error_of([&] { py.validate(false, false); }), "usage: give either usage= or scenario=");
  cli.basis = "total";
  EXPECT_EQ(error_of([&] { cli.usage_options(); }), "--basis: a usage export holds DBU spend only");
  py.team_tag = "";
  EXPECT_EQ(error_of([&] { py.usage_options(); }), "team_tag: expected a tag key");
  py.team_tag = "owner";
  const UsageOptions u = py.usage_options();
  EXPECT_EQ(u.period, PeriodKind::Day);
  EXPECT_EQ(u.rules.team_tag, "owner");
}

TEST(ChargebackOptionsTest, UsageOptions) {
  ChargebackOptions cli, py;
  py.front = FrontEnd::Python;
  cli.team_tag = "";
  EXPECT_EQ(error_of([&] { cli.usage_options(); }), "--team-tag: expected a tag key");
  py.period = "year";
  EXPECT_EQ(error_of([&] { py.usage_options(); }), "period: year not in {month,week,day}");
  py.period = "week";
  py.shared_tag_args = {"novalue"};
  EXPECT_EQ(error_of([&] { py.usage_options(); }), "shared_tags: expected KEY=VALUE, got 'novalue'");
  py.shared_tags = {{"cost", "shared"}};
  py.shared_tag_args = {"env=platform"};
  const UsageOptions u = py.usage_options();
  EXPECT_EQ(u.period, PeriodKind::Week);
  ASSERT_EQ(u.rules.shared_tags.size(), 2u);
  EXPECT_EQ(u.rules.shared_tags[1].key, "env");
  EXPECT_EQ(u.rules.shared_tags[1].value, "platform");
}

TEST(ChargebackOptionsTest, SharedSpend) {
  ChargebackOptions cli, py;
  py.front = FrontEnd::Python;
  const auto no_weights = [] { return TeamWeights{}; };
  cli.shared = py.shared = "weights";
  EXPECT_EQ(error_of([&] { cli.allocation_options(no_weights); }),
            "--shared: weights needs a file: --shared weights FILE");
  EXPECT_EQ(error_of([&] { py.allocation_options(no_weights); }), "weights: shared='weights' needs weights=");
  cli.shared = py.shared = "even";
  cli.weights = py.weights = "w.csv";
  EXPECT_EQ(error_of([&] { cli.allocation_options(no_weights); }), "--shared: only weights takes a file, got 'w.csv'");
  bool read = false;
  EXPECT_EQ(py.allocation_options([&] { return read = true, TeamWeights{}; }).mode, SharedMode::Even);
  EXPECT_FALSE(read);
  py.weights.reset();
  py.shared = "bogus";
  EXPECT_EQ(error_of([&] { py.allocation_options(no_weights); }),
            "shared: expected proportional, even, weights or none, got 'bogus'");
  py.shared = "none";
  py.allow_unpriced = true;
  const AllocationOptions a = py.allocation_options(no_weights);
  EXPECT_EQ(a.mode, SharedMode::None);
  EXPECT_TRUE(a.allow_unpriced);
}

TEST(ScheduleOptionsTest, TheWindowEndsAfterItStarts) {
  const auto* zone = schedule_zone("UTC", FrontEnd::Cli);
  const UnixSeconds jan1 = 1767225600, jan2 = jan1 + 86400;  // 2026-01-01T00:00:00Z, +1 day
  EXPECT_EQ(error_of([&] { schedule_window("0 0 * * * ?", zone, jan2, jan1, FrontEnd::Cli); }),
            "--to: 2026-01-01T00:00:00Z is not after --from 2026-01-02T00:00:00Z");
  EXPECT_EQ(error_of([&] { schedule_window("0 0 * * * ?", zone, jan2, jan2, FrontEnd::Python); }),
            "end: 2026-01-02T00:00:00Z is not after start 2026-01-02T00:00:00Z");
  EXPECT_EQ(error_of([&] { schedule_zone("Mars/Olympus", FrontEnd::Python); }).substr(0, 10), "timezone: ");
  // Hourly, on the hour, for one day: 24 runs.
  EXPECT_EQ(schedule_window("0 0 * * * ?", zone, jan1, jan2, FrontEnd::Python).cron.count(jan1, jan2, zone), 24);
}

TEST(CalibrateOptionsTest, PeriodAndCheck) {
  CalibrateCommandOptions py;
  py.front = FrontEnd::Python;
  py.period = "2026-03";
  EXPECT_EQ(error_of([&] { py.calibrate_options(); }),
            "period: expected FROM..TO (dates or ISO 8601 instants), got '2026-03'");
  py.period = "2026-03-01..2026-04-01";
  const CalibrateOptions o = py.calibrate_options();
  EXPECT_EQ(o.from, 1772323200);  // 2026-03-01T00:00:00Z
  EXPECT_EQ(o.to, 1775001600);    // 2026-04-01T00:00:00Z
  py.check.threads = 0;
  EXPECT_EQ(error_of([&] { py.calibrate_options(); }), "threads: Value 0 not in range 1 to 256");
}

TEST(ScenarioCommandsTest, RunAndSpotRanges) {
  RunCommandOptions run;
  run.front = FrontEnd::Python;
  run.threads = 0;
  EXPECT_EQ(error_of([&] { run.run_options(); }), "threads: Value 0 not in range 1 to 256");
  run.threads = 2;
  run.trials = 1'000'001;
  EXPECT_EQ(error_of([&] { run.run_options(); }), "trials: Value 1000001 not in range 0 to 1000000");
  SpotOptions spot;
  spot.trials = 0;
  EXPECT_EQ(error_of([&] { spot.validate(); }), "--trials: Value 0 not in range 1 to 1000000");
}

TEST(ScenarioCommandsTest, CompareTakesEveryVariantThenTheAlternatives) {
  // The built-in scenario has three variants: no_spot, photon_off and autotermination_30.
  const Scenario base = load_scenario_or_builtin("", "");
  CompareOptions o;
  o.alternatives = false;
  std::vector<std::string> asked;
  const auto load = [&](const std::string& v) {
    asked.push_back(v);
    return load_scenario_or_builtin("", v);
  };
  const auto alts = compare_alternatives(base, load, o);
  ASSERT_EQ(alts.size(), 3u);
  EXPECT_EQ(asked, (std::vector<std::string>{"no_spot", "photon_off", "autotermination_30"}));
  EXPECT_EQ(alts[1].kind, "variant");
  o.variants = {"photon_off"};
  o.alternatives = true;
  const auto with_alternatives = compare_alternatives(base, load, o);
  EXPECT_EQ(with_alternatives.front().name, "photon_off");
  EXPECT_EQ(with_alternatives.size(), 1 + automatic_alternatives(base).size());
}

TEST(ScenarioCommandsTest, UsageExportCountsItsRecords) {
  const Scenario sc = load_scenario_or_builtin("", "");
  const UsageExportResult r = export_usage(sc, {3, true, "team"}, false);
  std::size_t lines = 0;
  for (char c : r.usage) lines += c == '\n';
  EXPECT_EQ(r.records, lines - 1);  // the header is not a record
  EXPECT_EQ(r.prices, "");
  const SimResult expected = simulate(sc, RunOptions{});  // the expected-value month the export writes
  EXPECT_EQ(r.workloads, expected.workloads.size());
  EXPECT_DOUBLE_EQ(r.dbus, expected.dbus.sum());
}

TEST(CatalogCommandsTest, NodeListingLeavesOutTheSourceColumn) {
  CatalogOptions o;
  o.cloud = "azure";
  o.filter = "Standard_D8s_v3";
  const Table t = node_listing(o);
  ASSERT_EQ(t.rows().size(), 1u);
  EXPECT_EQ(t.rows()[0][0], "Standard_D8s_v3");
  ASSERT_EQ(t.columns().size(), 11u);  // node_type_id .. confidence, as `dbcost nodes` prints
  EXPECT_EQ(t.columns().back().name, "confidence");
}

}  // namespace
}  // namespace dbcost
