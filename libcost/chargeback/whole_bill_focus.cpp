#include "chargeback/whole_bill_focus.h"

#include <array>
#include <nlohmann/json.hpp>

#include "chargeback/focus.h"

namespace dbcost {
namespace {

struct CloudService {
  const char* sku;
  const char* name;
  const char* category;
  const char* subcategory;
  const char* what;
};

// By CostClass: compute, storage, network, other.
constexpr std::array<CloudService, kCostClasses> kCloudServices = {{
    {"cloud-compute", "Cloud Virtual Machines", "Compute", "Virtual Machines", "VM cost"},
    {"cloud-storage", "Cloud Block Storage", "Storage", "Block Storage", "disk and storage cost"},
    {"cloud-network", "Cloud Networking", "Networking", "Network Connectivity", "network cost"},
    {"cloud-other", "Cloud Other", "Other", "Other (Other)", "other cloud cost"},
}};

std::string capitalized(std::string s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

std::string description(const CloudCharge& c, const CloudService& s) {
  const std::string what = s.what;
  if (!c.allocated_from.empty())
    return "Part of " + c.allocated_from.substr(1, c.allocated_from.size() - 2) + " " + what;
  if (c.team == kIdlePoolsRow) return "Pool " + what + " while no cluster used the pool";
  if (c.team == kUnattributedRow) return "Databricks " + what + " with no cluster, warehouse or pool id";
  if (c.team == kNotDatabricksRow) return capitalized(what) + " of resources Databricks did not tag";
  if (c.team == kSharedTeam) return capitalized(what) + " of shared clusters, warehouses and pools";
  if (c.team == kUnallocatedTeam) return capitalized(what) + " of clusters, warehouses and pools with no team";
  return capitalized(what) + " of the team's clusters, warehouses and pools";
}

// One price per row (FOCUS: a SkuPriceId has one ListUnitPrice): the allocation's own id.
std::string price_id(const CloudCharge& c, const CloudService& s, const std::string& period) {
  std::string id = std::string(s.sku) + "/" + period + "/" + c.provider + "/" + c.billing_account_id;
  for (const auto& k : c.key) id += "/" + k;
  id += "/" + c.team;
  if (!c.allocated_from.empty()) id += "/" + c.allocated_from;
  return id;
}

std::string cloud_of(const std::string& provider) {
  if (provider == "AWS") return "AWS";
  if (provider == "Microsoft") return "AZURE";
  if (provider == "Google Cloud") return "GCP";
  return provider;
}

}  // namespace

Table whole_bill_focus_table(const WholeBill& bill, const std::string& team_tag) {
  Table t = focus_table(bill.dbu, team_tag);
  const PeriodKind kind = bill.dbu.ledger.period;
  for (const CloudCharge& c : bill.cloud_charges) {
    if (c.cost.micros() == 0 && c.list_cost.micros() == 0) continue;
    if (c.billing_account_id.empty())
      throw InputError({bill.exports.empty() ? "" : bill.exports.front().file, 0, 0, "BillingAccountId"},
                       "FOCUS rows need the cloud export's billing account (BillingAccountId may not be null); "
                       "the " +
                           c.provider + " lines carry none");
    const UnixSeconds start = period_start(kind, c.period_key);
    const UnixSeconds end = period_end(kind, c.period_key);
    const std::int64_t month = period_key_of_day(PeriodKind::Month, day_of(start));
    const CloudService& s = kCloudServices[c.cost_class];
    nlohmann::json tags = nlohmann::json::object();
    tags[team_tag] = c.team;
    // A credit allocates a negative amount: a Credit row of quantity -1 at the amount's magnitude, as
    // unit prices are never negative (listunitprice.md, contractedunitprice.md).
    const bool credit = c.cost.micros() < 0;
    const Money list_cost = (c.list_cost.micros() < 0) == credit ? c.list_cost : c.cost;
    const std::string cost = c.cost.format_cents();
    const std::string list = list_cost.format_cents();
    const std::string unit_price = (credit ? Money() - c.cost : c.cost).format_cents();
    const std::string list_unit_price = (credit ? Money() - list_cost : list_cost).format_cents();
    const std::string quantity = credit ? "-1" : "1";
    FocusRow r;
    r.billed_cost = r.effective_cost = r.contracted_cost = cost;
    r.billing_account_id = r.billing_account_name = c.billing_account_id;
    r.billing_currency = c.currency;
    r.billing_period_end = format_timestamp_utc(period_end(PeriodKind::Month, month));
    r.billing_period_start = format_timestamp_utc(period_start(PeriodKind::Month, month));
    r.charge_category = credit ? "Credit" : "Usage";
    r.charge_description = description(c, s);
    r.charge_frequency = "Usage-Based";
    r.charge_period_end = format_timestamp_utc(end);
    r.charge_period_start = format_timestamp_utc(start);
    if (!credit) {
      r.consumed_quantity = "1";
      r.consumed_unit = "Allocation";
    }
    r.contracted_unit_price = unit_price;
    r.invoice_issuer_name = r.provider_name = r.publisher_name = c.provider;
    r.list_cost = list;
    r.list_unit_price = list_unit_price;
    r.pricing_category = "Standard";
    r.pricing_quantity = quantity;
    r.pricing_unit = "Allocation";
    r.service_category = s.category;
    r.service_name = s.name;
    r.service_subcategory = s.subcategory;
    r.sku_id = s.sku;
    r.sku_price_id = price_id(c, s, period_label(kind, c.period_key));
    r.tags = tags.dump();
    r.x_period = period_label(kind, c.period_key);
    r.x_team = c.team;
    r.x_allocated_from = c.allocated_from;
    r.x_cloud = cloud_of(c.provider);
    t.add_row(focus_row_cells(r));
  }
  return t;
}

std::string whole_bill_focus_csv(const WholeBill& bill, const std::string& team_tag, const RenderOptions& options) {
  return whole_bill_focus_table(bill, team_tag).to_csv(options);
}

}  // namespace dbcost
