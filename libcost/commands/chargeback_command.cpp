#include "commands/chargeback_command.h"

namespace dbcost {

namespace {

constexpr OptionName kShared{"--shared", "shared"};

// The rows of the whole bill, checked once for both the usage reader and the join.
BillView checked_view(const std::string& by, FrontEnd front) {
  check_option_choice(by, {"team", "team,job", "team,sku", "workspace", "cluster"}, front, {"--by", "by"});
  return parse_bill_view(by);
}

}  // namespace

UsageOptions ChargebackOptions::usage_options() const {
  UsageOptions options;
  check_option_choice(period, {"month", "week", "day"}, front, {"--period", "period"});
  options.period = parse_period_kind(period);
  options.threads = threads;
  if (team_tag.empty()) throw option_error(front, {"--team-tag", "team_tag"}, "expected a tag key");
  options.rules.team_tag = team_tag;
  options.rules.shared_tags = shared_tags;
  for (const auto& t : shared_tag_args) {
    try {
      options.rules.shared_tags.push_back(parse_shared_tag(t));
    } catch (const InputError& e) {
      throw option_error(front, {"--shared-tag", "shared_tags"}, e.reason());
    }
  }
  options.rules.shared_ids = shared_ids;
  options.shared_id_option = option_field(front, {"--shared-id", "shared_ids"});
  options.detail = group_detail_of(checked_view(by, front));
  options.resource_usage = !cloud_costs.empty();
  return options;
}

WholeBillOptions ChargebackOptions::whole_bill_options(const UsageOptions& usage,
                                                       const AllocationOptions& allocation) const {
  WholeBillOptions w;
  check_option_choice(cloud_cost, {"auto", "billed", "amortized"}, front, {"--cloud-cost", "cloud_cost"});
  check_option_choice(azure_cost, {"auto", "actual", "amortized"}, front, {"--azure-cost", "azure_cost"});
  w.view = checked_view(by, front);
  w.amount = parse_cloud_amount(cloud_cost);
  w.read.azure_cost = azure_cost == "actual"      ? AzureCostKind::Actual
                      : azure_cost == "amortized" ? AzureCostKind::Amortized
                                                  : AzureCostKind::Auto;
  w.allocation = allocation;
  w.rules = usage.rules;
  w.threads = threads;
  return w;
}

AllocationOptions ChargebackOptions::allocation_options(const std::function<TeamWeights()>& load_weights) const {
  AllocationOptions allocation;
  try {
    allocation.mode = parse_shared_mode(shared);
  } catch (const InputError& e) {
    throw option_error(front, kShared, e.reason());
  }
  const bool cli = front == FrontEnd::Cli;
  if (allocation.mode == SharedMode::Weights) {
    if (!weights)
      throw option_error(front, cli ? kShared : OptionName{"--shared", "weights"},
                         cli ? "weights needs a file: --shared weights FILE" : "shared='weights' needs weights=");
    allocation.weights = load_weights();
  } else if (weights && cli) {  // Python's weights= is a keyword of its own, read only for shared='weights'
    throw option_error(front, kShared, "only weights takes a file, got '" + *weights + "'");
  }
  allocation.allow_unpriced = allow_unpriced;
  return allocation;
}

std::string unpriced_note(const Chargeback& cb) {
  std::uint64_t records = 0;
  for (const auto& u : cb.ledger.unpriced) records += u.records;
  if (records == 0) return "";
  return std::to_string(records) + " usage records have no price; they are reported as (unpriced)";
}

}  // namespace dbcost
