// Where the money of one cloud cost line goes (chargeback/whole_bill.h has the model): the usage
// groups of the cluster, warehouse or pool it belongs to, split by their usage in its hours (else in
// its period), or a target of its own: a team from its tags, idle pools, Databricks but
// unattributed, or not Databricks. Amounts are exact (Decimal raw units, 10^-18).
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "chargeback/allocation.h"
#include "chargeback/whole_bill.h"
#include "cloudcost/databricks_tags.h"

namespace dbcost::cloud_targets {

enum class TargetKind : std::uint8_t { Usage, Tags, IdlePool, Unattributed, NotDatabricks };
inline constexpr std::size_t kTargetKinds = 5;

struct Target {
  TargetKind kind = TargetKind::Usage;
  std::optional<std::size_t> group;  // Usage: the usage group (ledger.groups)
  std::string team;                  // the group's team, or the target's row
  std::string job_id, resource_id;   // from the line's tags (targets of their own)
};

struct Cell {
  const Target* target;
  std::size_t cost_class;
  __int128 raw;
  __int128 list;  // at the lines' list prices (their cost where the export has none)
};

// The cloud money of one period and currency, by target and cost class.
class Bucket {
 public:
  __int128 all = 0;  // every line, DBU charges included

  void add_group(const UsageLedger& ledger, std::size_t group, std::size_t cost_class, __int128 raw, __int128 list);
  void add(Target target, std::size_t cost_class, __int128 raw, __int128 list);
  // Every non-empty cell: the groups' by group index, then the other targets'.
  std::vector<Cell> cells() const;
  // `other`'s sums added to these.
  void merge(const Bucket& other);

 private:
  struct Entry {
    Target target;
    std::array<__int128, kCostClasses> raw{}, list{};
    void add(const Entry& other);
  };
  std::unordered_map<std::size_t, Entry> groups_;
  std::map<std::tuple<TargetKind, std::string, std::string, std::string>, Entry> others_;
};

class Targets {
 public:
  Targets(const UsageLedger& ledger, const AttributionRules& rules, const ClustersExport* clusters);

  // The line's cost (and list cost) split over its targets in `bucket` (nothing for a DBU charge);
  // counted by how.
  void place(const CloudCostLine& line, Decimal cost, Decimal list, std::int64_t period_key, Bucket& bucket,
             CloudLineCounts& counts);

 private:
  struct Range {
    std::size_t begin, end;  // in ledger.resource_usage
  };
  const Range* find(ResourceKind kind, const std::string& id);
  // The positive usage per group of the ranges' hours in [from, to), in w_.
  void weigh(const std::vector<const Range*>& ranges, UnixSeconds from, UnixSeconds to);
  // The ranges of a resource's usage: its own; for a pool no record names, its clusters' (clusters export).
  std::vector<const Range*> ranges_of(ResourceKind kind, const std::string& id);
  void add_weights(const Range& r, UnixSeconds from, UnixSeconds to);
  void split(Decimal cost, Decimal list, std::size_t cost_class, Bucket& bucket);
  std::string team_of_tags(const CloudCostLine& line, const DatabricksTags& d) const;

  const UsageLedger& ledger_;
  const AttributionRules& rules_;
  const ClustersExport* clusters_;
  std::map<std::string, std::vector<std::string>, std::less<>> pool_clusters_;  // from the clusters export
  StringMap<Range> index_;
  std::string key_;
  std::vector<std::pair<std::size_t, Decimal>> w_;
};

// A DBU charge on the cloud bill: the line's service names Databricks ("Azure Databricks").
bool is_dbu_charge(const CloudCostLine& line);

}  // namespace dbcost::cloud_targets
