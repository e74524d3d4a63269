// dbcost quote SPEC: what an hour (or a span) of a cluster costs.
#include <chrono>

#include "cli_common.h"
#include "commands.h"
#include "core/errors.h"
#include "io/cluster_spec_reader.h"
#include "io/yaml_reader.h"
#include "pricing/quote_report.h"
#include "pricing/serverless_quote.h"
#include "pricing/warehouse_quote_report.h"
#include "pricing_options.h"
#include "workload/warehouse_spec_reader.h"

namespace dbcost::cli {

namespace {

UnixSeconds instant_arg(const std::string& text, const char* flag) {
  const auto t = parse_timestamp_utc(text);
  if (!t) throw InputError({"", 0, 0, flag}, "expected a date or an ISO 8601 instant (UTC), got '" + text + "'");
  return *t;
}

struct QuoteArgs {
  std::string spec;
  std::string kind = "job";
  std::string hours = "1";
  std::string at, from, to;
  std::string dbus_per_hour, performance_target = "PERFORMANCE_OPTIMIZED";
  PricingOptions pricing;
  OutputOptions output;
};

UnixSeconds now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

YamlView read_spec_view(const std::string& spec) {
  const YamlView view = spec == "-"
                            ? YamlView::parse(std::string(std::istreambuf_iterator<char>(std::cin), {}), "<stdin>")
                            : YamlView::load(spec);
  return view.has("new_cluster") && view.node().size() == 1 ? view["new_cluster"] : view;
}

ClusterSpec read_spec_arg(const std::string& spec) { return read_cluster_spec(read_spec_view(spec)); }

// A SQL warehouse spec (it has cluster_size): min and max clusters priced as a warehouse bills.
std::string quote_warehouse_text(const YamlView& root, const LoadedPricing& pricing, Cloud cloud,
                                 const PricingOptions& options, const std::string& at, const std::string& from,
                                 const std::string& to, const std::string& hours, const OutputOptions& output) {
  root.check_keys(warehouse_spec_keys());
  WarehouseQuoteRequest req;
  req.spec = read_warehouse_spec(root, pricing.warehouse_sizes);
  req.ctx = pricing.context(cloud, parse_tier(options.tier), options.region, options.discounts(pricing));
  req.shapes = &pricing.warehouse_shapes;
  req.at = at.empty() ? now_seconds() : instant_arg(at, "--at");
  if (!from.empty()) {
    req.from = instant_arg(from, "--from");
    req.to = instant_arg(to, "--to");
  }
  req.hours = read_hours(hours, "--hours");
  const WarehouseQuoteReport rep = make_warehouse_quote(req);
  if (output.format == "json") return warehouse_quote_json(rep, req).dump(2) + "\n";
  if (output.format == "csv") return warehouse_quote_table(rep).to_csv(output.render());
  if (output.format == "md") return warehouse_quote_summary(rep, req) + "\n" + warehouse_quote_table(rep).to_markdown();
  return warehouse_quote_summary(rep, req) + "\n" + warehouse_quote_table(rep).to_text();
}

// Serverless jobs, pipelines and notebooks for --hours (serverless_quote.h).
void quote_serverless_cli(const QuoteArgs& a) {
  if (!a.from.empty() || !a.to.empty())
    throw InputError({"", 0, 0, a.from.empty() ? "--to" : "--from"}, "serverless kinds are priced for --hours");
  ServerlessQuoteRequest req;
  req.kind = a.kind == "all-purpose-serverless" ? ComputeKind::AllPurposeServerless : ComputeKind::JobServerless;
  req.pipeline = a.kind == "dlt-serverless";
  req.performance_optimized = a.performance_target == "PERFORMANCE_OPTIMIZED";
  if (!a.dbus_per_hour.empty()) {
    const auto d = Decimal::parse(a.dbus_per_hour);
    if (!d || d->is_negative())
      throw InputError({"", 0, 0, "--dbus-per-hour"},
                       "expected DBUs per hour of at least 0, got '" + a.dbus_per_hour + "'");
    req.dbus_per_hour = *d;
  }
  if (!a.spec.empty()) req.replaces = read_spec_arg(a.spec);
  const auto pricing = load_pricing(a.pricing.files);
  const Cloud cloud = !a.pricing.cloud.empty()              ? parse_cloud(a.pricing.cloud)
                      : req.replaces && req.replaces->cloud ? *req.replaces->cloud
                                                            : Cloud::Azure;
  req.ctx = pricing.context(cloud, parse_tier(a.pricing.tier), a.pricing.region, a.pricing.discounts(pricing));
  req.at = a.at.empty() ? now_seconds() : instant_arg(a.at, "--at");
  req.hours = read_hours(a.hours, "--hours");
  const ServerlessQuote q = quote_serverless(req);
  const auto& fmt = a.output.format;
  std::string text;
  if (fmt == "json") {
    text = serverless_quote_json(q, req).dump(2) + "\n";
  } else if (fmt == "csv") {
    text = serverless_quote_table(q).to_csv(a.output.render());
  } else if (fmt == "md") {
    text = serverless_quote_summary(q, req) + "\n" + serverless_quote_table(q).to_markdown();
  } else {
    text = serverless_quote_summary(q, req) + "\n" + serverless_quote_table(q).to_text();
  }
  emit(a.output, text);
}

}  // namespace

void register_quote(CLI::App& app) {
  auto args = std::make_shared<QuoteArgs>();
  auto* cmd = app.add_subcommand(
      "quote",
      "Price a cluster spec (a Jobs API new_cluster), a SQL warehouse spec (JSON or YAML), or serverless compute, "
      "per hour");
  cmd->add_option("SPEC", args->spec,
                  "new_cluster or SQL warehouse spec file (JSON or YAML; a warehouse has cluster_size); - reads "
                  "stdin. Serverless kinds: the classic cluster replaced (optional)");
  auto* kind = cmd->add_option("--kind", args->kind, "Compute the cluster is billed as (not for a warehouse)")
                   ->check(CLI::IsMember({"job", "jobs-light", "all-purpose", "dlt-core", "dlt-pro", "dlt-advanced",
                                          "jobs-serverless", "dlt-serverless", "all-purpose-serverless"}))
                   ->capture_default_str();
  cmd->add_option("--dbus-per-hour", args->dbus_per_hour, "Serverless kinds: DBUs per hour as billed");
  cmd->add_option("--performance-target", args->performance_target,
                  "Serverless jobs and pipelines: STANDARD or PERFORMANCE_OPTIMIZED")
      ->check(CLI::IsMember({"STANDARD", "PERFORMANCE_OPTIMIZED"}))
      ->capture_default_str();
  cmd->add_option("--hours", args->hours, "Hours to price")->capture_default_str();
  cmd->add_option("--at", args->at, "Instant whose prices apply (default: now)");
  cmd->add_option("--from", args->from, "Start of a span to price (UTC); DBU prices follow changes within it");
  cmd->add_option("--to", args->to, "End of the span (exclusive)");
  args->pricing.add_to(cmd);
  add_output_options(cmd, args->output, {"table", "csv", "json", "md"});
  cmd->callback([args, kind] {
    if (args->kind.find("serverless") != std::string::npos) return quote_serverless_cli(*args);
    if (args->spec.empty())
      throw InputError({"", 0, 0, "SPEC"}, "give a new_cluster or SQL warehouse spec file to price");
    if (!args->dbus_per_hour.empty())
      throw InputError({"", 0, 0, "--dbus-per-hour"}, "--dbus-per-hour is for serverless kinds");
    if (args->from.empty() != args->to.empty())
      throw InputError({"", 0, 0, args->from.empty() ? "--from" : "--to"}, "give --from and --to together");
    const YamlView root = read_spec_view(args->spec);
    if (root.is_map() && root.has("cluster_size")) {
      if (kind->count() > 0)
        throw InputError({"", 0, 0, "--kind"}, "a SQL warehouse is billed by its warehouse_type; drop --kind");
      const auto pricing = load_pricing(args->pricing.files);
      const Cloud cloud = args->pricing.cloud.empty() ? Cloud::Azure : parse_cloud(args->pricing.cloud);
      emit(args->output, quote_warehouse_text(root, pricing, cloud, args->pricing, args->at, args->from, args->to,
                                              args->hours, args->output));
      return;
    }
    QuoteRequest req;
    req.spec = read_cluster_spec(root);
    req.kind = parse_compute_kind(args->kind);
    const auto pricing = load_pricing(args->pricing.files);
    const Cloud cloud = !args->pricing.cloud.empty() ? parse_cloud(args->pricing.cloud)
                        : req.spec.cloud             ? *req.spec.cloud
                                                     : Cloud::Azure;
    req.ctx =
        pricing.context(cloud, parse_tier(args->pricing.tier), args->pricing.region, args->pricing.discounts(pricing));
    req.at = args->at.empty() ? now_seconds() : instant_arg(args->at, "--at");
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
