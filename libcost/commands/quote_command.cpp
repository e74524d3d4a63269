#include "commands/quote_command.h"

#include <chrono>

#include "io/cluster_spec_reader.h"
#include "io/timestamp.h"
#include "workload/warehouse_spec_reader.h"

namespace dbcost {

namespace {

constexpr OptionName kAt{"--at", "at"};
constexpr OptionName kFrom{"--from", "start"};
constexpr OptionName kTo{"--to", "end"};
constexpr OptionName kHours{"--hours", "hours"};
constexpr OptionName kDbusPerHour{"--dbus-per-hour", "dbus_per_hour"};
constexpr OptionName kKind{"--kind", "kind"};

UnixSeconds now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

UnixSeconds instant_option(const std::string& text, FrontEnd front, OptionName name) {
  const auto t = parse_timestamp_utc(text);
  if (!t) throw option_error(front, name, "expected a date or an ISO 8601 instant (UTC), got '" + text + "'");
  return *t;
}

UnixSeconds at_option(const QuoteOptions& o) {
  return o.at.empty() ? now_seconds() : instant_option(o.at, o.front, kAt);
}

Decimal hours_option(const QuoteOptions& o) { return read_hours(o.hours, option_field(o.front, kHours)); }

template <typename Request>
void read_span(const QuoteOptions& o, Request& req) {
  if (o.from.empty()) return;
  req.from = instant_option(o.from, o.front, kFrom);
  req.to = instant_option(o.to, o.front, kTo);
}

void price_serverless(const std::function<YamlView()>& read_spec, const QuoteOptions& o, QuoteResult& out) {
  ServerlessQuoteRequest req;
  req.kind = o.kind == "all-purpose-serverless" ? ComputeKind::AllPurposeServerless : ComputeKind::JobServerless;
  req.pipeline = o.kind == "dlt-serverless";
  req.performance_optimized = o.performance_target == "PERFORMANCE_OPTIMIZED";
  if (!o.dbus_per_hour.empty()) {
    const auto d = Decimal::parse(o.dbus_per_hour);
    if (!d || d->is_negative())
      throw option_error(o.front, kDbusPerHour, "expected DBUs per hour of at least 0, got '" + o.dbus_per_hour + "'");
    req.dbus_per_hour = *d;
  }
  if (read_spec) req.replaces = read_cluster_spec(quote_spec_root(read_spec()));
  out.pricing = std::make_unique<LoadedPricing>(load_pricing(o.pricing));
  req.ctx = o.pricing.context(*out.pricing, req.replaces ? req.replaces->cloud : std::nullopt);
  req.at = at_option(o);
  req.hours = hours_option(o);
  out.serverless = quote_serverless(req);
  out.serverless_request = std::move(req);
}

void price_warehouse(const YamlView& root, const QuoteOptions& o, QuoteResult& out) {
  if (o.kind_given)
    throw option_error(o.front, kKind,
                       "a SQL warehouse is billed by its warehouse_type; drop " + option_field(o.front, kKind));
  out.pricing = std::make_unique<LoadedPricing>(load_pricing(o.pricing));
  const LoadedPricing& pricing = *out.pricing;
  root.check_keys(warehouse_spec_keys());
  WarehouseQuoteRequest req;
  req.spec = read_warehouse_spec(root, pricing.warehouse_sizes);
  req.ctx = o.pricing.context(pricing, std::nullopt);
  req.shapes = &pricing.warehouse_shapes;
  req.at = at_option(o);
  read_span(o, req);
  req.hours = hours_option(o);
  out.warehouse = make_warehouse_quote(req);
  out.warehouse_request = std::move(req);
}

void price_cluster(const YamlView& root, const QuoteOptions& o, QuoteResult& out) {
  QuoteRequest req;
  req.spec = read_cluster_spec(root);
  req.kind = parse_compute_kind(o.kind);
  out.pricing = std::make_unique<LoadedPricing>(load_pricing(o.pricing));
  req.ctx = o.pricing.context(*out.pricing, req.spec.cloud);
  req.at = at_option(o);
  read_span(o, req);
  req.hours = hours_option(o);
  out.cluster = make_quote(req);
  out.cluster_request = std::move(req);
}

std::string with_summary(const std::string& summary, const Table& table, const std::string& format,
                         const RenderOptions& render) {
  if (format == "csv") return table.to_csv(render);
  return summary + "\n" + (format == "md" ? table.to_markdown() : table.to_text());
}

}  // namespace

bool QuoteOptions::serverless() const { return kind.find("serverless") != std::string::npos; }

void QuoteOptions::validate(bool has_spec) const {
  check_option_choice(kind,
                      {"job", "jobs-light", "all-purpose", "dlt-core", "dlt-pro", "dlt-advanced", "jobs-serverless",
                       "dlt-serverless", "all-purpose-serverless"},
                      front, kKind);
  check_option_choice(performance_target, {"STANDARD", "PERFORMANCE_OPTIMIZED"}, front,
                      {"--performance-target", "performance_target"});
  if (serverless()) {
    if (!from.empty() || !to.empty())
      throw option_error(front, from.empty() ? kTo : kFrom,
                         "serverless kinds are priced for " + option_field(front, kHours));
    return;
  }
  if (!has_spec) throw option_error(front, {"SPEC", "spec"}, "give a new_cluster or SQL warehouse spec file to price");
  if (!dbus_per_hour.empty())
    throw option_error(front, kDbusPerHour, option_field(front, kDbusPerHour) + " is for serverless kinds");
  if (from.empty() != to.empty())
    throw option_error(front, from.empty() ? kFrom : kTo,
                       "give " + option_field(front, kFrom) + " and " + option_field(front, kTo) + " together");
}

YamlView quote_spec_root(const YamlView& view) {
  return view.has("new_cluster") && view.node().size() == 1 ? view["new_cluster"] : view;
}

QuoteResult quote(const std::function<YamlView()>& read_spec, const QuoteOptions& options) {
  options.validate(static_cast<bool>(read_spec));
  QuoteResult out;
  if (options.serverless()) {
    price_serverless(read_spec, options, out);
    return out;
  }
  const YamlView root = quote_spec_root(read_spec());
  if (root.is_map() && root.has("cluster_size"))
    price_warehouse(root, options, out);
  else
    price_cluster(root, options, out);
  return out;
}

std::string quote_text(const QuoteResult& r, const std::string& format, const RenderOptions& render) {
  if (format == "json") return quote_result_json(r).dump(2) + "\n";
  if (r.serverless)
    return with_summary(serverless_quote_summary(*r.serverless, *r.serverless_request),
                        serverless_quote_table(*r.serverless), format, render);
  if (r.warehouse)
    return with_summary(warehouse_quote_summary(*r.warehouse, *r.warehouse_request),
                        warehouse_quote_table(*r.warehouse), format, render);
  return with_summary(quote_summary(*r.cluster, *r.cluster_request), quote_table(*r.cluster), format, render);
}

nlohmann::json quote_result_json(const QuoteResult& r) {
  if (r.serverless) return serverless_quote_json(*r.serverless, *r.serverless_request);
  if (r.warehouse) return warehouse_quote_json(*r.warehouse, *r.warehouse_request);
  return quote_json(*r.cluster, *r.cluster_request);
}

}  // namespace dbcost
