// dbcost chargeback: spend per team and period from a system.billing.usage export.
#include <iostream>
#include <optional>

#include "chargeback/chargeback_report.h"
#include "cli_common.h"
#include "commands.h"
#include "core/errors.h"

namespace dbcost::cli {

void register_chargeback(CLI::App& app) {
  struct Args {
    std::string usage, prices, owners, account_prices;
    std::string team_tag = "team";
    std::vector<std::string> shared = {"proportional"};
    std::vector<std::string> shared_tags, shared_ids;
    std::string period = "month";
    bool allow_unpriced = false;
    unsigned threads = 0;
    OutputOptions output;
  };
  auto args = std::make_shared<Args>();
  auto* cmd = app.add_subcommand("chargeback", "Spend per team and period from a system.billing.usage export");
  cmd->add_option("--usage", args->usage, "system.billing.usage export (CSV, .gz accepted)")->required();
  cmd->add_option("--prices", args->prices, "system.billing.list_prices export or price book CSV (default: built-in)");
  cmd->add_option("--account-prices", args->account_prices,
                  "system.billing.account_prices export: the billed prices; list prices give ListCost/list_cost");
  cmd->add_option("--team-tag", args->team_tag, "custom_tags key that names the team")->capture_default_str();
  cmd->add_option("--owners", args->owners,
                  "CSV kind,id,team mapping job_id, cluster_id, warehouse_id, run_as or "
                  "workspace_id to a team");
  cmd->add_option("--shared", args->shared,
                  "How shared and unallocated spend is spread: proportional, even, weights FILE, or none")
      ->expected(1, 2)
      ->capture_default_str();
  cmd->add_option("--shared-tag", args->shared_tags, "Usage with this tag is shared (KEY=VALUE, repeatable)");
  cmd->add_option("--shared-id", args->shared_ids,
                  "Usage with this job, cluster, warehouse, run_as or workspace id is shared (repeatable)");
  cmd->add_option("--period", args->period, "Period: month, week (ISO) or day")
      ->check(CLI::IsMember({"month", "week", "day"}))
      ->capture_default_str();
  cmd->add_flag("--allow-unpriced", args->allow_unpriced,
                "Report usage without a price as (unpriced) instead of failing");
  cmd->add_option("--threads", args->threads, "Threads reading the file (default: one per core)");
  add_output_options(cmd, args->output, {"table", "csv", "json", "md", "focus"});
  cmd->callback([args] {
    UsageOptions usage;
    usage.period = parse_period_kind(args->period);
    usage.threads = args->threads;
    usage.rules.team_tag = args->team_tag;
    if (args->team_tag.empty()) throw InputError({"", 0, 0, "--team-tag"}, "expected a tag key");
    if (!args->owners.empty()) usage.rules.owners = Owners::load(args->owners);
    for (const auto& t : args->shared_tags) usage.rules.shared_tags.push_back(parse_shared_tag(t));
    usage.rules.shared_ids = args->shared_ids;
    AllocationOptions allocation;
    allocation.mode = parse_shared_mode(args->shared.at(0));
    if (allocation.mode == SharedMode::Weights) {
      if (args->shared.size() != 2)
        throw InputError({"", 0, 0, "--shared"}, "weights needs a file: --shared weights FILE");
      allocation.weights = TeamWeights::load(args->shared[1]);
    } else if (args->shared.size() != 1) {
      throw InputError({"", 0, 0, "--shared"}, "only weights takes a file, got '" + args->shared[1] + "'");
    }
    allocation.allow_unpriced = args->allow_unpriced;
    const PriceBook prices =
        args->prices.empty() || args->prices == "builtin" ? PriceBook::builtin() : PriceBook::load(args->prices);
    std::optional<PriceBook> account;
    if (!args->account_prices.empty()) {
      account = PriceBook::load_account_prices(args->account_prices);
      usage.account_prices = &*account;
    }
    const Chargeback cb = allocate_chargeback(read_usage(args->usage, prices, usage), allocation);
    if (!cb.ledger.unpriced.empty()) {
      std::uint64_t records = 0;
      for (const auto& u : cb.ledger.unpriced) records += u.records;
      std::cerr << "note: " << records << " usage records have no price; they are reported as (unpriced)\n";
    }
    emit(args->output, render_chargeback(cb, args->output.format, args->team_tag, args->output.render()));
  });
}

}  // namespace dbcost::cli
