// `dbcost estimate` / `dbcost diff` and Bundle.estimate / Bundle.diff: the options both front ends
// share (runtimes, month, team tag, trials, and the pricing options, price files and discounts
// included), checked once, and the policy check of an estimate's clusters (--policy).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "bundle/bundle_estimate.h"
#include "bundle/bundle_variables.h"
#include "commands/pricing_options.h"
#include "policy/policy_report.h"

namespace dbcost {

struct BundleCommandOptions {
  FrontEnd front = FrontEnd::Cli;
  std::string runtimes;  // a runtimes file or scenario; "" = none
  std::string month;     // YYYY-MM; "" = next month
  std::string team_tag = "team";
  std::string default_node_type;  // for clusters that name none; "" = they are not priced
  int trials = 0;
  std::uint64_t seed = 1;
  int threads = 1;
  PricingOptions pricing;

  void validate() const;
  EstimateOptions estimate_options() const;  // validated
};

// --target and --var name=value (the CLI's way to name a bundle's target and variables).
BundleOptions bundle_options(const std::string& target, const std::vector<std::string>& var_assignments);
// The bundle's clusters checked against the policies (files) they name; none when no policy is given.
// The violations point into the policies' rules, so the policies travel with the checks.
struct BundlePolicyChecks {
  std::shared_ptr<const std::vector<Policy>> policies;
  std::vector<TargetCheck> checks;
};
BundlePolicyChecks check_bundle_policies(const Bundle& bundle, const std::vector<std::string>& policy_files,
                                         const PricingOptions& pricing);

}  // namespace dbcost
