// dbcost estimate BUNDLE and dbcost diff OLD NEW: a Declarative Automation Bundle priced per
// target, and two versions of it compared for a pull request.
#include <iostream>
#include <memory>
#include <optional>

#include "bundle/bundle_diff.h"
#include "bundle/bundle_variables.h"
#include "bundle/estimate_report.h"
#include "cli_common.h"
#include "commands.h"
#include "pricing_options.h"

namespace dbcost::cli {
namespace {

struct BundleArgs {
  std::string target, runtimes, month, team_tag = "team";
  std::vector<std::string> vars;
  int trials = 0;
  std::uint64_t seed = 1;
  int threads = 1;
  PricingOptions pricing;
  OutputOptions output;

  void add_to(CLI::App* cmd) {
    cmd->add_option("--target,-t", target, "Bundle target (default: the target marked default: true)");
    cmd->add_option("--runtimes", runtimes, "Runtimes file (or a dbcost scenario) giving task runtimes and activity");
    cmd->add_option("--var", vars, "Set a bundle variable, name=value (repeatable)");
    cmd->add_option("--month", month, "Calendar month to price, YYYY-MM (default: next month)");
    cmd->add_option("--team-tag", team_tag, "Tag whose value names a resource's team")->capture_default_str();
    cmd->add_option("--trials", trials, "Monte Carlo trials (0 = expected values)")
        ->check(CLI::Range(0, 1'000'000))
        ->capture_default_str();
    cmd->add_option("--seed", seed, "Random seed")->capture_default_str();
    cmd->add_option("--threads", threads, "Threads (results do not depend on it)")
        ->check(CLI::Range(1, 256))
        ->capture_default_str();
    pricing.add_to(cmd);
  }

  BundleOptions bundle_options() const {
    BundleOptions o;
    o.target = target;
    for (const auto& v : vars) o.vars.insert(parse_var_assignment(v));
    return o;
  }

  EstimateOptions estimate_options() const {
    EstimateOptions o;
    o.runtimes = runtimes;
    if (!month.empty()) month_bounds(month);
    o.month = month;
    o.cloud = pricing.cloud;
    o.tier = pricing.tier;
    o.region = pricing.region;
    o.team_tag = team_tag;
    o.pricing = pricing.files;
    o.discounts = pricing.discounts();
    o.run.trials = trials;
    o.run.seed = seed;
    o.run.threads = threads;
    return o;
  }
};

}  // namespace

void register_bundle(CLI::App& app) {
  auto est = std::make_shared<BundleArgs>();
  auto est_path = std::make_shared<std::string>(".");
  auto* e = app.add_subcommand("estimate", "Price a bundle's target (databricks.yml): cost per job and per team");
  e->add_option("BUNDLE", *est_path, "databricks.yml, or its directory")->capture_default_str();
  est->add_to(e);
  add_output_options(e, est->output, {"table", "csv", "json", "md"});
  e->callback([est, est_path] {
    const Bundle b = load_bundle(*est_path, est->bundle_options());
    const BundleEstimate estimate = estimate_bundle(b, est->estimate_options());
    // CSV has no place for the bundle's notes (unknown keys, assumptions): they go to stderr.
    if (est->output.format == "csv")
      for (const auto& n : estimate.notes) std::cerr << "note: " << n << "\n";
    emit(est->output, estimate_text(estimate, est->output.format));
  });

  auto diff = std::make_shared<BundleArgs>();
  auto paths = std::make_shared<std::pair<std::string, std::string>>();
  auto fail_over = std::make_shared<std::string>();
  diff->output.format = "md";
  auto* d = app.add_subcommand("diff", "Monthly cost change between two versions of a bundle, for a pull request");
  d->add_option("OLD", paths->first, "The old databricks.yml, or its directory")->required();
  d->add_option("NEW", paths->second, "The new databricks.yml, or its directory")->required();
  d->add_option("--fail-over", *fail_over, "Exit 1 when the increase is above PCT% of the old total or an AMOUNT");
  diff->add_to(d);
  add_output_options(d, diff->output, {"md", "table", "csv", "json"});
  d->callback([diff, paths, fail_over] {
    const std::optional<FailOver> limit =
        fail_over->empty() ? std::nullopt : std::optional<FailOver>(parse_fail_over(*fail_over));
    const auto options = diff->estimate_options();
    const Bundle before = load_bundle(paths->first, diff->bundle_options());
    const Bundle after = load_bundle(paths->second, diff->bundle_options());
    const BundleDiff result = diff_bundles(before, after, options, limit);
    emit(diff->output, diff_text(result, diff->output.format));
    if (result.exceeded) {
      std::cerr << "dbcost diff: the monthly increase of " << money_text(result.delta) << " " << result.after.currency
                << " is above --fail-over " << limit->text << "\n";
      exit_code() = kExitFindings;
    }
  });
}

}  // namespace dbcost::cli
