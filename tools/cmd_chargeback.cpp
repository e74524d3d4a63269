// dbcost chargeback: spend per team and period from a system.billing.usage export.
#include <iostream>
#include <optional>

#include "chargeback/chargeback_report.h"
#include "chargeback/whole_bill_report.h"
#include "cli_common.h"
#include "commands.h"
#include "commands/chargeback_command.h"
#include "commands/pricing_options.h"

namespace dbcost::cli {

void register_chargeback(CLI::App& app) {
  struct Args {
    std::string usage, prices, owners, account_prices;
    std::vector<std::string> shared = {"proportional"};
    ChargebackOptions options;
    OutputOptions output;
  };
  auto args = std::make_shared<Args>();
  auto& o = args->options;
  auto* cmd = app.add_subcommand("chargeback", "Spend per team and period from a system.billing.usage export");
  cmd->add_option("--usage", args->usage, "system.billing.usage export (CSV, .gz accepted)")->required();
  cmd->add_option("--prices", args->prices, "system.billing.list_prices export or price book CSV (default: built-in)");
  cmd->add_option("--account-prices", args->account_prices,
                  "system.billing.account_prices export: the billed prices; list prices give ListCost/list_cost");
  cmd->add_option("--team-tag", o.team_tag, "custom_tags key that names the team")->capture_default_str();
  cmd->add_option("--owners", args->owners,
                  "CSV kind,id,team mapping job_id, cluster_id, warehouse_id, run_as or "
                  "workspace_id to a team");
  cmd->add_option("--shared", args->shared,
                  "How shared and unallocated spend is spread: proportional, even, weights FILE, or none")
      ->expected(1, 2)
      ->capture_default_str();
  cmd->add_option("--shared-tag", o.shared_tag_args, "Usage with this tag is shared (KEY=VALUE, repeatable)");
  cmd->add_option("--shared-id", o.shared_ids,
                  "Usage with this job, cluster, warehouse, run_as or workspace id is shared (repeatable)");
  cmd->add_option("--period", o.period, "Period: month, week (ISO) or day")
      ->check(CLI::IsMember({"month", "week", "day"}))
      ->capture_default_str();
  cmd->add_flag("--allow-unpriced", o.allow_unpriced, "Report usage without a price as (unpriced) instead of failing");
  cmd->add_option("--threads", o.threads, "Threads reading the file (default: one per core)");
  cmd->add_option("--cloud-costs", o.cloud_costs,
                  "Cloud cost exports to join (FOCUS 1.0-1.2, AWS CUR 2.0, Azure cost details; .gz accepted): "
                  "the whole bill per team")
      ->expected(1, -1);
  cmd->add_option("--by", o.by, "Rows of the whole bill: team, team,job, team,sku, workspace or cluster")
      ->capture_default_str();
  cmd->add_option("--cloud-cost", o.cloud_cost,
                  "Cloud cost allocated: billed (the invoice), amortized (commitments spread), or auto (billed "
                  "where a line has it, else amortized)")
      ->capture_default_str();
  cmd->add_option("--clusters", o.clusters,
                  "system.compute.clusters export: cluster names (--by cluster), the clusters of a pool no usage "
                  "record names, owned_by as run_as for --owners");
  cmd->add_option("--azure-cost", o.azure_cost,
                  "Which Azure cost details export a file is: actual, amortized, or auto (by its name)")
      ->capture_default_str();
  add_output_options(cmd, args->output, {"table", "csv", "json", "md", "focus"});
  cmd->callback([args] {
    auto& o = args->options;
    o.shared = args->shared.at(0);
    if (args->shared.size() > 1) o.weights = args->shared[1];
    UsageOptions usage = o.usage_options();
    if (!args->owners.empty()) usage.rules.owners = Owners::load(args->owners);
    const AllocationOptions allocation = o.allocation_options([&] { return TeamWeights::load(*o.weights); });
    const PriceBook prices = load_price_book_option(args->prices);
    std::optional<PriceBook> account;
    if (!args->account_prices.empty()) {
      account = PriceBook::load_account_prices(args->account_prices);
      usage.account_prices = &*account;
    }
    Chargeback cb = allocate_chargeback(read_usage(args->usage, prices, usage), allocation);
    if (const std::string note = unpriced_note(cb); !note.empty()) std::cerr << "note: " << note << "\n";
    if (!o.whole_bill())
      return emit(args->output, render_chargeback(cb, args->output.format, o.team_tag, args->output.render()));
    WholeBillOptions whole = o.whole_bill_options(usage, allocation);
    std::optional<ClustersExport> clusters;
    if (o.clusters) whole.clusters = &clusters.emplace(load_clusters_export(*o.clusters));
    const WholeBill bill = join_whole_bill(std::move(cb), o.cloud_costs, whole);
    emit(args->output, render_whole_bill(bill, args->output.format, o.team_tag, args->output.render()));
  });
}

}  // namespace dbcost::cli
