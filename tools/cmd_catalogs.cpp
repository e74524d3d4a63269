// dbcost prices / dbcost nodes: list the price book and the instance catalog, with filters.
#include "cli_common.h"
#include "commands.h"
#include "commands/other_commands.h"

namespace dbcost::cli {

void register_catalogs(CLI::App& app) {
  struct Args {
    CatalogOptions options;
    OutputOptions output;
  };
  auto prices = std::make_shared<Args>();
  auto* p = app.add_subcommand("prices", "List the price book (built-in or --prices FILE)");
  p->add_option("--cloud", prices->options.cloud, "Only this cloud (azure, aws, gcp)");
  p->add_option("--sku", prices->options.filter, "Only SKUs containing this text");
  p->add_option("--prices", prices->options.files.prices, "Price book file");
  add_output_options(p, prices->output, {"table", "csv", "json", "md"});
  p->callback([prices] {
    emit(prices->output, price_listing(prices->options).render(prices->output.format, prices->output.render()));
  });

  auto nodes = std::make_shared<Args>();
  auto* n = app.add_subcommand("nodes", "List the instance catalog (built-in, extended by --instances FILE)");
  n->add_option("--cloud", nodes->options.cloud, "Only this cloud (azure, aws, gcp)");
  n->add_option("--node", nodes->options.filter, "Only node types containing this text");
  n->add_option("--instances", nodes->options.files.instances, "Instance catalog file");
  add_output_options(n, nodes->output, {"table", "csv", "json", "md"});
  n->callback([nodes] {
    emit(nodes->output, node_listing(nodes->options).render(nodes->output.format, nodes->output.render()));
  });
}

}  // namespace dbcost::cli
