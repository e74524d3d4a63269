// dbcost policy check|apply: a Databricks compute policy against cluster specs and scenarios.
#include <iostream>

#include "cli_common.h"
#include "commands.h"
#include "commands/other_commands.h"
#include "core/text_escape.h"
#include "pricing_options.h"

namespace dbcost::cli {

namespace {

// What the policy says that dbcost reads leniently (policy_rule.h): accepted, shown on stderr.
void warn_policy_notes(const Policy& policy) {
  for (const auto& n : policy.notes) std::cerr << "warning: " << escape_controls(n.text()) << "\n";
}

void add_runtime_versions_option(CLI::App* cmd, PolicyCommandOptions& options) {
  cmd->add_option("--runtime-versions", options.runtime_versions,
                  "Runtime versions CSV for auto: spark_version aliases (default: the built-in list, "
                  "scenarios/data/runtime_versions.csv)");
}

void register_check(CLI::App* policy) {
  struct Args {
    std::vector<std::string> policies;
    std::vector<std::string> targets;
    std::string bundle_target;
    std::vector<std::string> vars;
    PolicyCommandOptions options;
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
  cmd->add_option("--cluster-type", args->options.cluster_type,
                  "cluster_type of a spec file (scenario clusters carry their own)")
      ->check(CLI::IsMember({"all-purpose", "job", "dlt"}))
      ->capture_default_str();
  cmd->add_option("PATH", args->targets,
                  "new_cluster spec files (JSON or YAML), scenario files and bundles (databricks.yml or its directory)")
      ->required();
  cmd->add_option("--target,-t", args->bundle_target, "Bundle target (default: the target marked default: true)");
  cmd->add_option("--var", args->vars, "Set a bundle variable, name=value (repeatable)")->allow_extra_args(false);
  add_pricing_options(cmd, args->options.pricing);
  add_runtime_versions_option(cmd, args->options);
  add_output_options(cmd, args->output, {"table", "csv", "json", "md"});
  cmd->callback([args] {
    std::vector<Policy> policies;
    for (const auto& p : args->policies) policies.push_back(load_policy(p));
    for (const auto& p : policies) warn_policy_notes(p);
    const std::vector<TargetCheck> checks =
        check_policy_paths(policies, args->targets, args->bundle_target, args->vars, args->options);
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
    PolicyCommandOptions options;
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
  cmd->add_option("--cluster-type", args->options.cluster_type, "cluster_type the spec is created as")
      ->check(CLI::IsMember({"all-purpose", "job", "dlt"}))
      ->capture_default_str();
  add_pricing_options(cmd, args->options.pricing);
  add_runtime_versions_option(cmd, args->options);
  add_output_options(cmd, args->output, {"json"});
  cmd->callback([args] {
    const Policy policy = load_policy(args->policy);
    warn_policy_notes(policy);
    const YamlView view = args->spec == "-"
                              ? YamlView::parse(std::string(std::istreambuf_iterator<char>(std::cin), {}), "<stdin>")
                              : YamlView::load(args->spec);
    const Json spec = cluster_json(view);
    const AppliedSpec applied = apply_policy_command(policy, spec, args->enforce, !args->fixed_only, args->options);
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
