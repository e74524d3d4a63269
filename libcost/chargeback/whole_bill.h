// The whole bill per team: the DBU chargeback (chargeback/allocation.h) joined with the cloud
// provider's cost export (cloudcost/), on the ids Databricks tags its VMs and disks with.
//
// Each cloud line, in this order (docs/chargeback.md, "The whole bill"):
//  1. a DBU charge on the cloud bill (its service names Databricks, as Azure bills DBUs): counted once,
//     from system.billing.usage, and shown beside the usage's own DBU cost in the totals;
//  2. no Databricks tag: the row "(not databricks)"; Vendor=Databricks without a cluster, warehouse
//     or pool id (NAT, workspace storage): "(databricks, unattributed)";
//  3. a pool VM (DatabricksInstancePoolId), else a warehouse VM (SqlEndpointId), else a cluster's
//     (ClusterId): split over the groups whose usage records name that resource in the hours the line
//     covers, in proportion to their usage_quantity. No such usage: a pool's line is "(idle pools)"; a
//     cluster's or warehouse's is split by its usage over the whole period, and with none there, the
//     line's own tags are attributed as a usage record's are (shared tag or id, team tag, owners).
// A system.compute.clusters export, when given, names the clusters (the cluster view's cluster_name),
// finds a pool's clusters when no usage record names the pool (their usage in the line's hours), and
// gives a cluster's owned_by as its run_as for the owners file.
// Cloud cost on "(shared)" or "(unallocated)" is spread over the teams like the DBU spend (same
// rule, weights: each team's direct DBU cost, evenly, or the weights file), class by class.
//
// Money: lines are exact decimals; splits are exact to 10^-18 (largest remainder). Per period and
// currency the cloud bill (every line) and its allocated part (every line but DBU charges) are
// rounded once to the cent, half away from zero, and the allocated cents are apportioned over the
// cells (row x cost class) by their exact amounts, floors first, then largest remainders. So the
// rows' DBU cents sum to the Databricks bill, their cloud cents to the cloud bill less its DBU
// charges, and each row's total is its DBU cost plus its cloud cost.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chargeback/allocation.h"
#include "cloudcost/cloud_cost_reader.h"
#include "usage/clusters_export.h"

namespace dbcost {

// The rows of the whole bill: per team, team and job, team and SKU, workspace, or cluster (a
// cluster_id, else a warehouse_id).
enum class BillView { Team, TeamJob, TeamSku, Workspace, Cluster };
BillView parse_bill_view(const std::string& text);  // team|team,job|team,sku|workspace|cluster
const char* bill_view_name(BillView view);
// {"team"}, {"team", "job_id"}, ...; {"cluster_id", "cluster_name"} with a clusters export.
std::vector<std::string> bill_view_columns(BillView view, bool cluster_names = false);
GroupDetail group_detail_of(BillView view);

// Which cost of a cloud line is allocated: the invoice's (billed), or amortized, reservations and
// savings plans spread over the usage they cover (FOCUS EffectiveCost). Auto: amortized for an Azure
// amortized cost export, billed otherwise.
enum class CloudAmount { Auto, Billed, Amortized };
CloudAmount parse_cloud_amount(const std::string& text);  // auto|billed|amortized
const char* cloud_amount_name(CloudAmount amount);

inline constexpr std::size_t kCostClasses = 4;  // CostClass: compute, storage, network, other

struct WholeBillRow {
  std::int64_t period_key = 0;
  std::string period;
  std::string currency;
  std::vector<std::string> key;             // the view's columns
  Decimal dbus;                             // DBU-unit usage_quantity charged directly to the row
  Money dbu;                                // cents
  std::array<Money, kCostClasses> cloud{};  // cents, by CostClass
  Money cloud_total() const;
  Money total() const { return dbu + cloud_total(); }
};

// One period and currency: both bills side by side, and what the cloud bill's lines became.
struct WholeBillTotal {
  std::int64_t period_key = 0;
  std::string period;
  std::string currency;
  Money databricks;    // the DBU bill from system.billing.usage, cents
  Money cloud;         // every line of the cloud exports, cents
  Money dbu_on_cloud;  // of which DBU charges, counted in `databricks`
  Money attributed;    // the rest: split by the usage of clusters, warehouses and pools, or their tags
  Money idle_pools, unattributed, not_databricks;
  Money whole() const { return databricks + cloud - dbu_on_cloud; }  // = the rows' totals
};

// A row's cloud money of one provider, billing account and cost class: the FOCUS grain of the cloud
// part (chargeback/whole_bill_focus.h).
struct CloudCharge {
  std::int64_t period_key = 0;
  std::string currency, provider, billing_account_id;
  std::vector<std::string> key;  // the row's
  std::string team;              // who carries it (a team or a reserved row)
  std::string allocated_from;    // "(shared)" or "(unallocated)" for a carrier's part of spread spend
  std::size_t cost_class = 0;
  Money cost;       // cents, as in the row
  Money list_cost;  // cents, at the lines' list prices (their cost where the export has none)
};

struct CloudExport {
  std::string file;
  CloudCostFormat format = CloudCostFormat::Focus12;
  CloudAmount amount = CloudAmount::Billed;  // as applied
  std::uint64_t lines = 0;
};

// How the cloud lines were attributed.
struct CloudLineCounts {
  std::uint64_t by_hour_usage = 0, by_period_usage = 0, by_tags = 0, idle_pool = 0, unattributed = 0,
                not_databricks = 0, dbu_charges = 0;
};

struct WholeBill {
  BillView view = BillView::Team;
  bool cluster_names = false;  // the cluster view's rows end with the cluster's name (a clusters export was given)
  Chargeback dbu;
  std::vector<CloudExport> exports;
  std::vector<WholeBillRow> rows;          // sorted by period, currency, key
  std::vector<WholeBillTotal> totals;      // sorted by period, currency
  std::vector<CloudCharge> cloud_charges;  // the rows' cloud money, sorted by period, currency, provider, key
  CloudLineCounts counts;
};

struct WholeBillOptions {
  BillView view = BillView::Team;
  CloudAmount amount = CloudAmount::Auto;
  CloudCostReadOptions read;
  AllocationOptions allocation;  // the spread of shared and unallocated spend (as the DBUs were spread)
  AttributionRules rules;        // for a line of a resource without usage (the rules the usage was read with)
  const ClustersExport* clusters = nullptr;
};

// A cloud cost export: a file, or its text in memory (a DataFrame written as CSV) named `name` in errors.
struct CloudInput {
  std::string name;
  std::optional<std::string> text;
};

// `dbu` must come from a ledger read with UsageOptions::resource_usage (and the view's detail).
// Throws InputError at file:line for a line without the chosen cost.
WholeBill join_whole_bill(Chargeback dbu, const std::vector<CloudInput>& cloud, const WholeBillOptions& options);
WholeBill join_whole_bill(Chargeback dbu, const std::vector<std::string>& cloud_files, const WholeBillOptions& options);

}  // namespace dbcost
