// `dbcost chargeback` and dbcost.chargeback / usage_ledger / chargeback_ledgers: how usage is read
// (team tag, shared tags and ids, period) and how shared spend is spread (proportional, even,
// weights with a weights table, none), checked once for both front ends.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "chargeback/allocation.h"
#include "chargeback/usage_reader.h"
#include "chargeback/whole_bill.h"
#include "commands/option_names.h"

namespace dbcost {

struct ChargebackOptions {
  FrontEnd front = FrontEnd::Cli;
  std::string team_tag = "team";
  std::string period = "month";
  unsigned threads = 0;  // 0 = one per core
  std::vector<SharedTag> shared_tags;
  std::vector<std::string> shared_tag_args;  // KEY=VALUE, read after shared_tags
  std::vector<std::string> shared_ids;
  std::string shared = "proportional";
  // The weights table's source: the CLI's `--shared weights FILE` (refused after another mode),
  // Python's weights= (left unread after another mode); nullopt = none.
  std::optional<std::string> weights;
  bool allow_unpriced = false;
  // The whole bill: the cloud providers' cost exports joined to the usage, and the rows' grain.
  std::vector<std::string> cloud_costs;
  std::string by = "team";          // team|team,job|team,sku|workspace|cluster
  std::string cloud_cost = "auto";  // auto|billed|amortized
  std::string azure_cost = "auto";  // auto|actual|amortized: which kind an Azure cost details file is
  // A system.compute.clusters export's source (the CLI's --clusters, Python's clusters=); nullopt = none.
  std::optional<std::string> clusters;

  // True when the rows are the whole bill's (cloud exports given, or a grain other than team).
  bool whole_bill() const { return !cloud_costs.empty() || by != "team"; }
  // The usage reader's options (owners are the caller's to load: a file or a table).
  UsageOptions usage_options() const;
  // `load_weights` reads the weights table (called for shared weights only).
  AllocationOptions allocation_options(const std::function<TeamWeights()>& load_weights) const;
  // The join's options, from the usage and allocation options the DBUs were read and spread with.
  WholeBillOptions whole_bill_options(const UsageOptions& usage, const AllocationOptions& allocation) const;
};

// "N usage records have no price; they are reported as (unpriced)", or "" when every record had one.
std::string unpriced_note(const Chargeback& cb);

}  // namespace dbcost
