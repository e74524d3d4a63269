// dbcost quote SPEC: what an hour (or a span) of a cluster costs.
#include <chrono>

#include "cli_common.h"
#include "commands.h"
#include "io/errors.h"
#include "io/yaml_reader.h"
#include "pricing/quote_report.h"
#include "pricing_options.h"

namespace dbcost::cli {

namespace {

UnixSeconds instant_arg(const std::string& text, const char* flag) {
  const auto t = parse_timestamp_utc(text);
  if (!t) throw InputError({"", 0, 0, flag}, "expected a date or an ISO 8601 instant (UTC), got '" + text + "'");
  return *t;
}

}  // namespace

void register_quote(CLI::App& app) {
  struct Args {
    std::string spec;
    std::string kind = "job";
    std::string hours = "1";
    std::string at, from, to;
    PricingOptions pricing;
    OutputOptions output;
  };
  auto args = std::make_shared<Args>();
  auto* cmd = app.add_subcommand("quote", "Price a cluster spec (a Jobs API new_cluster, JSON or YAML) per hour");
  cmd->add_option("SPEC", args->spec, "new_cluster spec file (JSON or YAML); - reads stdin")->required();
  cmd->add_option("--kind", args->kind, "Compute the cluster is billed as")
      ->check(CLI::IsMember({"job", "jobs-light", "all-purpose", "dlt-core", "dlt-pro", "dlt-advanced"}))
      ->capture_default_str();
  cmd->add_option("--hours", args->hours, "Hours to price")->capture_default_str();
  cmd->add_option("--at", args->at, "Instant whose prices apply (default: now)");
  cmd->add_option("--from", args->from, "Start of a span to price (UTC); DBU prices follow changes within it");
  cmd->add_option("--to", args->to, "End of the span (exclusive)");
  args->pricing.add_to(cmd);
  add_output_options(cmd, args->output, {"table", "csv", "json", "md"});
  cmd->callback([args] {
    const YamlView view = args->spec == "-"
                              ? YamlView::parse(std::string(std::istreambuf_iterator<char>(std::cin), {}), "<stdin>")
                              : YamlView::load(args->spec);
    const auto root = view.has("new_cluster") && view.node().size() == 1 ? view["new_cluster"] : view;
    QuoteRequest req;
    req.spec = read_cluster_spec(root);
    req.kind = parse_compute_kind(args->kind);
    const auto pricing = load_pricing(args->pricing.files);
    const Cloud cloud = !args->pricing.cloud.empty() ? parse_cloud(args->pricing.cloud)
                        : req.spec.cloud             ? *req.spec.cloud
                                                     : Cloud::Azure;
    req.ctx =
        pricing.context(cloud, parse_tier(args->pricing.tier), args->pricing.region, args->pricing.discounts(pricing));
    req.at = args->at.empty()
                 ? std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
                       .count()
                 : instant_arg(args->at, "--at");
    if (args->from.empty() != args->to.empty())
      throw InputError({"", 0, 0, args->from.empty() ? "--from" : "--to"}, "give --from and --to together");
    if (!args->from.empty()) {
      req.from = instant_arg(args->from, "--from");
      req.to = instant_arg(args->to, "--to");
    }
    req.hours = read_hours(args->hours, "--hours");
    const QuoteReport rep = make_quote(req);
    const auto& fmt = args->output.format;
    std::string text;
    if (fmt == "json") {
      text = quote_json(rep, req).dump(2) + "\n";
    } else if (fmt == "csv") {
      text = quote_table(rep).to_csv(args->output.render());
    } else if (fmt == "md") {
      text = quote_summary(rep, req) + "\n" + quote_table(rep).to_markdown();
    } else {
      text = quote_summary(rep, req) + "\n" + quote_table(rep).to_text();
    }
    emit(args->output, text);
  });
}

}  // namespace dbcost::cli
