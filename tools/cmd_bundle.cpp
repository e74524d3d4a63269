// dbcost estimate BUNDLE and dbcost diff OLD NEW: a Declarative Automation Bundle priced per
// target, and two versions of it compared for a pull request.
#include <iostream>
#include <memory>
#include <optional>

#include "bundle/bundle_diff.h"
#include "bundle/estimate_report.h"
#include "cli_common.h"
#include "commands.h"
#include "commands/bundle_command.h"
#include "core/text_escape.h"
#include "pricing_options.h"

namespace dbcost::cli {
namespace {

struct BundleArgs {
  std::string target;
  std::vector<std::string> vars;
  BundleCommandOptions options;
  OutputOptions output;

  void add_to(CLI::App* cmd) {
    auto& o = options;
    cmd->add_option("--target,-t", target, "Bundle target (default: the target marked default: true)");
    cmd->add_option("--runtimes", o.runtimes, "Runtimes file (or a dbcost scenario) giving task runtimes and activity");
    cmd->add_option("--var", vars, "Set a bundle variable, name=value (repeatable)")->allow_extra_args(false);
    cmd->add_option("--month", o.month, "Calendar month to price, YYYY-MM (default: next month)");
    cmd->add_option("--team-tag", o.team_tag, "Tag whose value names a resource's team")->capture_default_str();
    cmd->add_option("--default-node-type", o.default_node_type,
                    "The workspace's default node type, for clusters that name no node_type_id (without it they are "
                    "listed as not priced)");
    cmd->add_option("--trials", o.trials, "Monte Carlo trials (0 = expected values)")
        ->check(CLI::Range(0, 1'000'000))
        ->capture_default_str();
    cmd->add_option("--seed", o.seed, "Random seed")->capture_default_str();
    cmd->add_option("--threads", o.threads, "Threads (results do not depend on it)")
        ->check(CLI::Range(1, 256))
        ->capture_default_str();
    add_pricing_options(cmd, o.pricing);
  }

  BundleOptions bundle_options() const { return dbcost::bundle_options(target, vars); }
};

}  // namespace

void register_bundle(CLI::App& app) {
  auto est = std::make_shared<BundleArgs>();
  auto est_path = std::make_shared<std::string>(".");
  auto* e = app.add_subcommand("estimate", "Price a bundle's target (databricks.yml): cost per job and per team");
  auto est_policies = std::make_shared<std::vector<std::string>>();
  e->add_option("BUNDLE", *est_path, "databricks.yml, or its directory")->capture_default_str();
  e->add_option("--policy", *est_policies,
                "Policy JSON that clusters may name in policy_id (by its policy_id, name or file stem; "
                "repeatable): those clusters are checked, violations listed, exit code 1")
      ->allow_extra_args(false);
  est->add_to(e);
  add_output_options(e, est->output, {"table", "csv", "json", "md"});
  e->callback([est, est_path, est_policies] {
    const Bundle b = load_bundle(*est_path, est->bundle_options());
    const BundleEstimate estimate = estimate_bundle(b, est->options.estimate_options());
    const BundlePolicyChecks checked = check_bundle_policies(b, *est_policies, est->options.pricing);
    if (checked.policies)
      for (const auto& p : *checked.policies) warn_policy_notes(p);
    const std::vector<TargetCheck>& checks = checked.checks;
    const auto& fmt = est->output.format;
    std::string text = estimate_text(estimate, fmt, est->output.render());
    if (fmt == "table" || fmt == "md") {
      if (!est_policies->empty()) text += "\n" + check_summary(checks);
      const Table violations = violations_table(checks);
      if (!violations.rows().empty()) text += "\n" + (fmt == "md" ? violations.to_markdown() : violations.to_text());
    } else {  // CSV and JSON hold the estimate only; notes and violations go to stderr
      if (fmt == "csv")
        for (const auto& n : estimate.notes) std::cerr << "note: " << escape_controls(n) << "\n";
      for (const auto& c : checks)
        for (const auto& v : c.violations)
          std::cerr << escape_controls("policy violation: " + v.location + ": " + c.target + ": " + c.policy + ": " +
                                       v.path + ": " + v.message)
                    << "\n";
    }
    emit(est->output, text);
    if (violation_count(checks) > 0) exit_code() = kExitFindings;
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
    const auto options = diff->options.estimate_options();
    const Bundle before = load_bundle(paths->first, diff->bundle_options());
    const Bundle after = load_bundle(paths->second, diff->bundle_options());
    const BundleDiff result = diff_bundles(before, after, options, limit);
    emit(diff->output, diff_text(result, diff->output.format, diff->output.render()));
    if (result.exceeded) {
      std::cerr << "dbcost diff: the monthly increase of " << money_text(result.delta) << " "
                << escape_controls(result.after.currency) << " is above --fail-over " << escape_controls(limit->text)
                << "\n";
      exit_code() = kExitFindings;
    }
  });
}

}  // namespace dbcost::cli
