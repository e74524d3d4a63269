#include "commands/bundle_command.h"

#include "bundle/bundle_policy_targets.h"
#include "bundle/bundle_scenario.h"

namespace dbcost {

void BundleCommandOptions::validate() const {
  check_option_range(trials, 0, 1'000'000, front, {"--trials", "trials"});
  check_option_range(threads, 1, 256, front, {"--threads", "threads"});
  if (month.empty()) return;
  try {
    month_bounds(month);
  } catch (const InputError& e) {
    throw option_error(front, {"--month", "month"}, e.reason());
  }
}

EstimateOptions BundleCommandOptions::estimate_options() const {
  validate();
  pricing.validate();
  EstimateOptions o;
  o.runtimes = runtimes;
  o.month = month;
  o.cloud = pricing.cloud;
  o.tier = pricing.tier;
  o.region = pricing.region;
  o.team_tag = team_tag;
  o.default_node_type = default_node_type;
  o.pricing = pricing.files;
  o.discounts = pricing.discounts();
  o.run.trials = trials;
  o.run.seed = seed;
  o.run.threads = threads;
  return o;
}

BundleOptions bundle_options(const std::string& target, const std::vector<std::string>& var_assignments) {
  BundleOptions o;
  o.target = target;
  for (const auto& v : var_assignments) o.vars.insert(parse_var_assignment(v));
  return o;
}

BundlePolicyChecks check_bundle_policies(const Bundle& bundle, const std::vector<std::string>& policy_files,
                                         const PricingOptions& pricing) {
  auto policies = std::make_shared<std::vector<Policy>>();
  for (const auto& p : policy_files) policies->push_back(load_policy(p));
  if (policies->empty()) return {};
  const auto loaded = load_pricing(pricing);
  BundlePolicyChecks out;
  out.checks = check_named_targets(*policies, policy_targets_from_bundle(bundle), policy_pricing(pricing, loaded));
  out.policies = std::move(policies);
  return out;
}

}  // namespace dbcost
