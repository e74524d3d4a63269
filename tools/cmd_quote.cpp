// dbcost quote SPEC: what an hour (or a span) of a cluster costs.
#include <iostream>

#include "cli_common.h"
#include "commands.h"
#include "commands/quote_command.h"
#include "pricing_options.h"

namespace dbcost::cli {

namespace {

YamlView read_spec_view(const std::string& spec) {
  return spec == "-" ? YamlView::parse(std::string(std::istreambuf_iterator<char>(std::cin), {}), "<stdin>")
                     : YamlView::load(spec);
}

}  // namespace

void register_quote(CLI::App& app) {
  struct Args {
    std::string spec;
    QuoteOptions options;
    OutputOptions output;
  };
  auto args = std::make_shared<Args>();
  auto& o = args->options;
  auto* cmd = app.add_subcommand(
      "quote",
      "Price a cluster spec (a Jobs API new_cluster), a SQL warehouse spec (JSON or YAML), or serverless compute, "
      "per hour");
  cmd->add_option("SPEC", args->spec,
                  "new_cluster or SQL warehouse spec file (JSON or YAML; a warehouse has cluster_size); - reads "
                  "stdin. Serverless kinds: the classic cluster replaced (optional)");
  auto* kind = cmd->add_option("--kind", o.kind, "Compute the cluster is billed as (not for a warehouse)")
                   ->check(CLI::IsMember({"job", "jobs-light", "all-purpose", "dlt-core", "dlt-pro", "dlt-advanced",
                                          "jobs-serverless", "dlt-serverless", "all-purpose-serverless"}))
                   ->capture_default_str();
  cmd->add_option("--dbus-per-hour", o.dbus_per_hour, "Serverless kinds: DBUs per hour as billed");
  cmd->add_option("--performance-target", o.performance_target,
                  "Serverless jobs and pipelines: STANDARD or PERFORMANCE_OPTIMIZED")
      ->check(CLI::IsMember({"STANDARD", "PERFORMANCE_OPTIMIZED"}))
      ->capture_default_str();
  cmd->add_option("--hours", o.hours, "Hours to price")->capture_default_str();
  cmd->add_option("--at", o.at, "Instant whose prices apply (default: now)");
  cmd->add_option("--from", o.from, "Start of a span to price (UTC); DBU prices follow changes within it");
  cmd->add_option("--to", o.to, "End of the span (exclusive)");
  add_pricing_options(cmd, o.pricing);
  add_output_options(cmd, args->output, {"table", "csv", "json", "md"});
  cmd->callback([args, kind] {
    args->options.kind_given = kind->count() > 0;
    std::function<YamlView()> read_spec;
    if (!args->spec.empty()) read_spec = [args] { return read_spec_view(args->spec); };
    const QuoteResult result = quote(read_spec, args->options);
    emit(args->output, quote_text(result, args->output.format, args->output.render()));
  });
}

}  // namespace dbcost::cli
