// dbcost prices / dbcost nodes: list the price book and the instance catalog, with filters.
#include "cli_common.h"
#include "commands.h"
#include "io/table.h"
#include "pricing/pricing_sources.h"
#include "pricing_options.h"

namespace dbcost::cli {

namespace {

bool contains_ci(const std::string& hay, const std::string& needle) {
  if (needle.empty()) return true;
  auto lower = [](std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  };
  return lower(hay).find(lower(needle)) != std::string::npos;
}

}  // namespace

void register_catalogs(CLI::App& app) {
  struct Args {
    std::string cloud, sku, node;
    PricingOptions pricing;
    OutputOptions output;
  };
  auto prices = std::make_shared<Args>();
  auto* p = app.add_subcommand("prices", "List the price book (built-in or --prices FILE)");
  p->add_option("--cloud", prices->cloud, "Only this cloud (azure, aws, gcp)");
  p->add_option("--sku", prices->sku, "Only SKUs containing this text");
  p->add_option("--prices", prices->pricing.files.prices, "Price book file");
  add_output_options(p, prices->output, {"table", "csv", "json", "md"});
  p->callback([prices] {
    const auto book = load_pricing(prices->pricing.files).prices;
    Table t({{"sku_name"},
             {"cloud"},
             {"region"},
             {"currency_code"},
             {"usage_unit"},
             {"price", true},
             {"price_start_time"},
             {"price_end_time"},
             {"confidence"},
             {"source"}});
    for (const auto& r : book.rows()) {
      if (!prices->cloud.empty() && !contains_ci(r.cloud, prices->cloud)) continue;
      if (!contains_ci(r.sku_name, prices->sku)) continue;
      t.add_row({r.sku_name, r.cloud, r.region, r.currency_code, r.usage_unit, r.price.to_string(),
                 r.start == kBeginningOfTime ? "" : format_timestamp_utc(r.start),
                 r.end == kEndOfTime ? "" : format_timestamp_utc(r.end), r.confidence, r.source});
    }
    emit(prices->output, t.render(prices->output.format));
  });

  auto nodes = std::make_shared<Args>();
  auto* n = app.add_subcommand("nodes", "List the instance catalog (built-in, extended by --instances FILE)");
  n->add_option("--cloud", nodes->cloud, "Only this cloud (azure, aws, gcp)");
  n->add_option("--node", nodes->node, "Only node types containing this text");
  n->add_option("--instances", nodes->pricing.files.instances, "Instance catalog file");
  add_output_options(n, nodes->output, {"table", "csv", "json", "md"});
  n->callback([nodes] {
    const auto catalog = load_pricing(nodes->pricing.files).instances;
    Table t({{"node_type_id"},
             {"cloud"},
             {"vcpus", true},
             {"memory_gb", true},
             {"gpus", true},
             {"dbus_per_hour", true},
             {"on_demand_per_hour", true},
             {"spot_per_hour", true},
             {"region"},
             {"eviction_band"},
             {"confidence"}});
    for (const auto& x : catalog.nodes()) {
      if (!nodes->cloud.empty() && !contains_ci(x.cloud, nodes->cloud)) continue;
      if (!contains_ci(x.node_type_id, nodes->node)) continue;
      t.add_row({x.node_type_id, x.cloud, std::to_string(x.vcpus), x.memory_gb.to_string(), std::to_string(x.gpus),
                 x.dbus_per_hour.to_string(), x.on_demand_per_hour.to_string(), x.spot_per_hour().to_string(), x.region,
                 x.eviction_band, x.confidence});
    }
    emit(nodes->output, t.render(nodes->output.format));
  });
}

}  // namespace dbcost::cli
