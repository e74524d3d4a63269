// dbcost prices / dbcost nodes: list the price book and the instance catalog, with filters.
#include "cli_common.h"
#include "commands.h"
#include "pricing/catalog_tables.h"
#include "pricing/pricing_sources.h"

namespace dbcost::cli {

void register_catalogs(CLI::App& app) {
  struct Args {
    std::string cloud, filter;
    PricingFiles files;
    OutputOptions output;
  };
  auto prices = std::make_shared<Args>();
  auto* p = app.add_subcommand("prices", "List the price book (built-in or --prices FILE)");
  p->add_option("--cloud", prices->cloud, "Only this cloud (azure, aws, gcp)");
  p->add_option("--sku", prices->filter, "Only SKUs containing this text");
  p->add_option("--prices", prices->files.prices, "Price book file");
  add_output_options(p, prices->output, {"table", "csv", "json", "md"});
  p->callback([prices] {
    const auto t = price_book_table(load_pricing(prices->files).prices, prices->cloud, prices->filter);
    emit(prices->output, t.render(prices->output.format, prices->output.render()));
  });

  auto nodes = std::make_shared<Args>();
  auto* n = app.add_subcommand("nodes", "List the instance catalog (built-in, extended by --instances FILE)");
  n->add_option("--cloud", nodes->cloud, "Only this cloud (azure, aws, gcp)");
  n->add_option("--node", nodes->filter, "Only node types containing this text");
  n->add_option("--instances", nodes->files.instances, "Instance catalog file");
  add_output_options(n, nodes->output, {"table", "csv", "json", "md"});
  n->callback([nodes] {
    const auto t = instance_table(load_pricing(nodes->files).instances, nodes->cloud, nodes->filter);
    auto shown = Table(std::vector<Column>(t.columns().begin(), t.columns().end() - 1));
    for (const auto& row : t.rows()) shown.add_row(std::vector<std::string>(row.begin(), row.end() - 1));
    emit(nodes->output, shown.render(nodes->output.format, nodes->output.render()));
  });
}

}  // namespace dbcost::cli
