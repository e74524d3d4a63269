// dbcost policy check|apply: a Databricks compute policy against cluster specs and scenarios.
#include <iostream>

#include "bundle/bundle_variables.h"
#include "cli_common.h"
#include "commands.h"
#include "commands/input_kind.h"
#include "policy/policy_apply.h"
#include "policy/policy_report.h"
#include "pricing_options.h"

namespace dbcost::cli {

namespace {

PolicyPricing policy_pricing(const PricingOptions& options, const LoadedPricing& loaded) {
  PolicyPricing p;
  p.pricing = &loaded;
  if (!options.cloud.empty()) p.cloud = parse_cloud(options.cloud);
  p.tier = parse_tier(options.tier);
  p.region = options.region;
  return p;
}

void register_check(CLI::App* policy) {
  struct Args {
    std::vector<std::string> policies;
    std::string cluster_type = "all-purpose";
    std::vector<std::string> targets;
    std::string bundle_target;
    std::vector<std::string> vars;
    PricingOptions pricing;
    OutputOptions output;
  };
  auto args = std::make_shared<Args>();
  auto* cmd =
      policy->add_subcommand("check", "List every violation of a policy by cluster specs and scenario clusters");
  cmd->add_option("--policy", args->policies,
                  "Policy JSON (a definition, or a policy object); repeat to give several: a cluster's policy_id picks "
                  "one by policy_id, name or file stem, the first is the default")
      ->required()
      ->allow_extra_args(false);
  cmd->add_option("--cluster-type", args->cluster_type,
                  "cluster_type of a spec file (scenario clusters carry their own)")
      ->check(CLI::IsMember({"all-purpose", "job", "dlt"}))
      ->capture_default_str();
  cmd->add_option("PATH", args->targets,
                  "new_cluster spec files (JSON or YAML), scenario files and bundles (databricks.yml or its directory)")
      ->required();
  cmd->add_option("--target,-t", args->bundle_target, "Bundle target (default: the target marked default: true)");
  cmd->add_option("--var", args->vars, "Set a bundle variable, name=value (repeatable)")->allow_extra_args(false);
  args->pricing.add_to(cmd);
  add_output_options(cmd, args->output, {"table", "csv", "json", "md"});
  cmd->callback([args] {
    std::vector<Policy> policies;
    for (const auto& p : args->policies) policies.push_back(load_policy(p));
    const auto loaded = load_pricing(args->pricing.files);
    const PolicyPricing pricing = policy_pricing(args->pricing, loaded);
    BundleOptions bundle_options;
    bundle_options.target = args->bundle_target;
    for (const auto& v : args->vars) bundle_options.vars.insert(parse_var_assignment(v));
    std::vector<TargetCheck> checks;
    for (const auto& path : args->targets)
      for (const auto& t : load_policy_targets(path, args->cluster_type, bundle_options))
        checks.push_back(check_target(policies, t, pricing));
    const auto& fmt = args->output.format;
    const Table table = violations_table(checks);
    std::string text;
    if (fmt == "json") {
      text = check_json(checks).dump(2) + "\n";
    } else if (fmt == "csv") {
      text = table.to_csv(args->output.render());
    } else {
      text = check_summary(checks);
      if (!table.rows().empty()) text += "\n" + (fmt == "md" ? table.to_markdown() : table.to_text());
    }
    emit(args->output, text);
    if (violation_count(checks) > 0) exit_code() = kExitFindings;
  });
}

void register_apply(CLI::App* policy) {
  struct Args {
    std::string policy;
    std::string spec;
    bool enforce = false;
    bool fixed_only = false;
    std::string cluster_type = "all-purpose";
    PricingOptions pricing;
    OutputOptions output;
  };
  auto args = std::make_shared<Args>();
  auto* cmd = policy->add_subcommand("apply", "Print the spec a policy makes of a cluster spec, as JSON");
  cmd->add_option("--policy", args->policy, "Policy JSON")->required();
  cmd->add_option("SPEC", args->spec, "new_cluster spec file (JSON or YAML); - reads stdin")->required();
  cmd->add_flag("--enforce", args->enforce,
                "Make every rule hold (clamp to ranges, replace values outside allowlists, remove forbidden "
                "attributes, fit dbus_per_hour by lowering workers): a what-if");
  cmd->add_flag("--fixed-only", args->fixed_only,
                "Apply only fixed values, as the API does without apply_policy_default_values");
  cmd->add_option("--cluster-type", args->cluster_type, "cluster_type the spec is created as")
      ->check(CLI::IsMember({"all-purpose", "job", "dlt"}))
      ->capture_default_str();
  args->pricing.add_to(cmd);
  add_output_options(cmd, args->output, {"json"});
  cmd->callback([args] {
    const Policy policy = load_policy(args->policy);
    const YamlView view = args->spec == "-"
                              ? YamlView::parse(std::string(std::istreambuf_iterator<char>(std::cin), {}), "<stdin>")
                              : YamlView::load(args->spec);
    const Json spec = cluster_json(view);
    const auto loaded = load_pricing(args->pricing.files);
    const PolicyPricing pricing = policy_pricing(args->pricing, loaded);
    const AppliedSpec applied = args->enforce
                                    ? enforce_policy(policy, spec, args->cluster_type, pricing)
                                    : apply_policy(policy, spec, !args->fixed_only, args->cluster_type, pricing);
    emit(args->output, applied_json(applied).dump(2) + "\n");
    if (!applied.remaining.empty()) exit_code() = kExitFindings;
  });
}

}  // namespace

void register_policy(CLI::App& app) {
  auto* cmd = app.add_subcommand("policy", "Databricks compute policies: check specs and scenarios, apply or enforce");
  cmd->require_subcommand(1);
  register_check(cmd);
  register_apply(cmd);
}

}  // namespace dbcost::cli
