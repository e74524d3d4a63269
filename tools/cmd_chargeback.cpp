// dbcost chargeback: spend per team and period from a system.billing.usage export.
#include <iostream>
#include <optional>

#include "chargeback/chargeback_report.h"
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
    const Chargeback cb = allocate_chargeback(read_usage(args->usage, prices, usage), allocation);
    if (const std::string note = unpriced_note(cb); !note.empty()) std::cerr << "note: " << note << "\n";
    emit(args->output, render_chargeback(cb, args->output.format, o.team_tag, args->output.render()));
  });
}

}  // namespace dbcost::cli
