// Summing one part of a usage export (chargeback/usage_reader.h has the model). Records come from
// usage/'s line scanner; each step of a record is a class here:
//
// - SkuPrices     (sku_name, cloud, usage_unit) -> the price rows that can apply, and the price
//                 in effect at an instant (list, and the account's when given);
// - StartPeriods  usage_start_time -> instant and period (hourly records repeat a few texts, so
//                 parsed ones are cached);
// - TeamResolver  the attribution order: shared tag, shared id, team tag, owners file;
// - Workspaces    workspace_id -> a small number;
// - GroupSums     exact sums per (period, team, workspace, price), and unpriced usage per SKU;
// - PartSums      one record through these steps, over a part's blocks;
// - Details       usage_metadata ids kept per group (UsageOptions::detail) -> a small number;
// - ResourceSums  usage per (cluster / warehouse / pool, hour, group), for the cloud cost join;
// - SeenIds       the ids of a part's records, read again only when a --shared-id matched none.
//
// Worker-local numbers (periods, teams, workspaces, prices) keep the hot path to integer keys;
// chargeback/usage_reader.cpp turns them into names when it merges the parts.
#pragma once

#include <array>
#include <climits>
#include <cstdint>
#include <cstring>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "chargeback/usage_reader.h"
#include "usage/json_fields.h"
#include "usage/usage_lines.h"

namespace dbcost::usage_sums {

enum Col : unsigned {
  kWorkspace,
  kSku,
  kCloud,
  kStart,
  kUnit,
  kQuantity,
  kTags,
  kUsageMeta,
  kIdentity,
  kRecordType,
  kIdle,
  kAccount,
  kColumns
};

// The columns summed, required as `options` needs them.
std::vector<WantedColumn> wanted_columns(const UsageOptions& options);

std::size_t hash_of(std::string_view s);

// Keys numbered 0, 1, 2, ... in insertion order, found by open addressing (a power-of-two table
// of key numbers, linear probing, at most half full).
template <class Key>
class DenseIndex {
 public:
  static constexpr std::uint32_t kMissing = ~std::uint32_t{0};

  template <class Probe>
  std::uint32_t find(std::size_t hash, const Probe& probe) const {
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
      const std::uint32_t slot = slots_[i];
      if (slot == 0) return kMissing;
      if (keys_[slot - 1] == probe) return slot - 1;
    }
  }
  // `key` must be absent.
  std::uint32_t insert(std::size_t hash, Key key) {
    if ((keys_.size() + 1) * 2 > slots_.size()) {
      slots_.assign(slots_.size() * 2, 0);
      for (std::size_t k = 0; k < keys_.size(); ++k) place(hashes_[k], static_cast<std::uint32_t>(k + 1));
    }
    keys_.push_back(std::move(key));
    hashes_.push_back(hash);
    place(hash, static_cast<std::uint32_t>(keys_.size()));
    return static_cast<std::uint32_t>(keys_.size() - 1);
  }
  const std::vector<Key>& keys() const { return keys_; }

 private:
  void place(std::size_t hash, std::uint32_t slot) {
    const std::size_t mask = slots_.size() - 1;
    std::size_t i = hash & mask;
    while (slots_[i] != 0) i = (i + 1) & mask;
    slots_[i] = slot;
  }

  std::vector<Key> keys_;
  std::vector<std::size_t> hashes_;
  std::vector<std::uint32_t> slots_ = std::vector<std::uint32_t>(16, 0);
};

struct PriceSpan {
  UnixSeconds lo, hi;
  std::int32_t price;  // price slot, -1 = unpriced
};
struct SkuSlot {
  std::string sku, cloud, cloud_raw, unit;
  std::vector<UnixSeconds> breaks;  // instants where the prices that could apply change
  std::vector<PriceSpan> spans;
  std::size_t last = 0;
};
struct PriceSlot {
  std::uint32_t sku;
  const PriceRow* row;
  const PriceRow* account;
};

class SkuPrices {
 public:
  SkuPrices(const PriceBook& prices, const PriceBook* account_prices) : prices_(prices), account_(account_prices) {}

  // The slot of (sku, cloud, unit); an empty one is an error on `lines`' current record.
  std::uint32_t slot(std::string_view sku, std::string_view cloud, std::string_view unit,
                     const UsageLineScanner& lines);
  // The price slot of a slot's usage at t, -1 when no price covers it.
  std::int32_t price(std::uint32_t slot, UnixSeconds t);

  const std::vector<SkuSlot>& slots() const { return slots_; }
  const std::vector<PriceSlot>& price_slots() const { return price_slots_; }

 private:
  static constexpr std::size_t kLinearSlots = 24;  // slots found by a scan below this many, by hash above

  std::uint32_t add_slot(std::string_view sku, std::string_view cloud, std::string_view unit);

  const PriceBook& prices_;
  const PriceBook* account_;
  std::vector<SkuSlot> slots_;
  std::vector<PriceSlot> price_slots_;
  StringMap<std::uint32_t> slot_ids_;
  std::string key_;
};

class StartPeriods {
 public:
  explicit StartPeriods(PeriodKind kind) : kind_(kind) {}

  // usage_start_time and its period number; a bad timestamp is an error on `lines`' record.
  std::pair<UnixSeconds, std::uint32_t> parse(std::string_view text, const UsageLineScanner& lines);
  const std::vector<std::int64_t>& keys() const { return keys_; }  // period keys (period.h) by number

 private:
  struct TimeEntry {
    char text[32];
    std::uint32_t length = ~std::uint32_t{0};
    std::uint32_t period = 0;
    UnixSeconds t = 0;
  };

  std::uint32_t period_of(UnixSeconds t);

  PeriodKind kind_;
  std::vector<std::int64_t> keys_;
  std::unordered_map<std::int64_t, std::uint32_t> ids_;
  std::array<TimeEntry, 1024> cache_{};
  std::int64_t last_day_ = INT64_MIN;
  std::uint32_t last_period_ = 0;
};

class TeamResolver {
 public:
  static constexpr std::uint32_t kShared = 0, kUnallocated = 1;

  explicit TeamResolver(const AttributionRules& rules);

  // The team number of `lines`' current record.
  std::uint32_t team(const UsageLineScanner& lines);
  const std::vector<std::string>& names() const { return teams_.keys(); }
  // By index in rules.shared_ids: 1 when the id was among the ids of a record read (duplicates
  // are marked at their first index).
  const std::vector<char>& shared_ids_matched() const { return shared_matched_; }
  // The ids of `lines`' current record, for a reader that does not attribute it.
  const RecordIds& record_ids(const UsageLineScanner& lines) {
    ids_ready_ = false;
    return ids(lines);
  }
  // The ids of the record team() was last asked about, and its usage_metadata.instance_pool_id ("" when none).
  const RecordIds& attributed_ids(const UsageLineScanner& lines) { return ids(lines); }
  std::string_view pool_id() const { return pool_id_; }

 private:
  static std::vector<std::string> tag_keys(const AttributionRules& rules);
  std::uint32_t team_id(std::string_view name, const UsageLineScanner& lines);
  const RecordIds& ids(const UsageLineScanner& lines);
  bool may_hold_shared_id(const UsageLineScanner& lines) const;
  bool match_shared_id(const UsageLineScanner& lines);

  const AttributionRules& rules_;
  JsonFields meta_, identity_, tags_;
  std::vector<std::size_t> shared_tag_index_;
  StringMap<std::uint32_t> shared_ids_;  // id -> its first index in rules.shared_ids
  std::vector<bool> shared_id_needs_parse_;
  std::vector<char> shared_matched_;
  std::size_t shared_unmatched_ = 0;
  DenseIndex<std::string> teams_;  // kShared, kUnallocated, then the teams met
  RecordIds ids_{};
  std::string_view pool_id_;
  bool ids_ready_ = false;
  std::string buffer_;
};

class Workspaces {
 public:
  // The number of `lines`' workspace_id (0 when there is no such column).
  std::uint32_t id(const UsageLineScanner& lines);
  const std::vector<std::string>& names() const { return names_; }

 private:
  std::vector<std::string> names_;
  StringMap<std::uint32_t> ids_;
  std::uint32_t last_ = 0;
  std::string buffer_;
};

// Strings numbered 1, 2, ... in insertion order; "" is 0.
class Interned {
 public:
  Interned() : names_{std::string()} {}
  std::uint32_t id(std::string_view s);
  const std::vector<std::string>& names() const { return names_; }

 private:
  std::vector<std::string> names_;
  StringMap<std::uint32_t> ids_;
};

struct GroupKey {
  std::uint32_t period, team, workspace, price, detail;
  bool operator==(const GroupKey&) const = default;
};
struct GroupSum {
  Decimal quantity;
  Decimal idle;
  std::uint64_t records = 0;
  std::uint64_t first_line = 0;
};
struct UnpricedSum {
  Decimal quantity;
  std::uint64_t records = 0;
  std::uint64_t first_line = 0;
};

class GroupSums {
 public:
  // Adds `lines`' current record and returns its group's number; an overflowing sum is an error on its quantity.
  std::uint32_t add(const GroupKey& key, const Decimal& quantity, const Decimal& idle, const UsageLineScanner& lines);
  void add_unpriced(std::uint32_t period, std::uint32_t slot, const Decimal& quantity, std::uint64_t line);

  const std::vector<GroupKey>& keys() const { return index_.keys(); }
  const std::vector<GroupSum>& sums() const { return sums_; }  // by key number
  const std::map<std::pair<std::uint32_t, std::uint32_t>, UnpricedSum>& unpriced() const { return unpriced_; }

 private:
  DenseIndex<GroupKey> index_;
  std::vector<GroupSum> sums_;
  std::map<std::pair<std::uint32_t, std::uint32_t>, UnpricedSum> unpriced_;  // (period, sku slot)
};

struct ResourceKey {
  ResourceKind kind;
  std::uint32_t id;  // in ResourceSums::ids()
  UnixSeconds hour;
  std::uint32_t group;
  bool operator==(const ResourceKey&) const = default;
};

class ResourceSums {
 public:
  void add(ResourceKind kind, std::string_view id, UnixSeconds hour, std::uint32_t group, const Decimal& quantity);
  const std::vector<ResourceKey>& keys() const { return index_.keys(); }
  const std::vector<Decimal>& sums() const { return sums_; }
  const std::vector<std::string>& ids() const { return ids_.names(); }

 private:
  Interned ids_;
  DenseIndex<ResourceKey> index_;
  std::vector<Decimal> sums_;
};

class PartSums {
 public:
  PartSums(const UsageHeader& header, const UsageOptions& options, const PriceBook& prices)
      : lines_(header),
        prices_(prices, options.account_prices),
        periods_(options.period),
        teams_(options.rules),
        detail_(options.detail),
        resource_usage_(options.resource_usage) {}

  void consume(const char* p, const char* end);
  // The same for a block whose first line is line `first_line` of the scanner's count.
  void consume(const char* p, const char* end, std::uint64_t first_line) {
    lines_.number_next(first_line);
    consume(p, end);
  }

  std::uint64_t lines() const { return lines_.line(); }
  const SkuPrices& prices() const { return prices_; }
  const StartPeriods& periods() const { return periods_; }
  const TeamResolver& teams() const { return teams_; }
  const Workspaces& workspaces() const { return workspaces_; }
  const GroupSums& groups() const { return groups_; }
  const Interned& details() const { return details_; }
  const ResourceSums& resources() const { return resources_; }
  const RecordCounts& counts() const { return counts_; }
  const std::vector<std::string>& accounts() const { return accounts_; }  // distinct account_id values

 private:
  void record();
  void see_account();
  Decimal quantity(unsigned col, std::string_view text) const;
  void count(std::string_view record_type);
  std::uint32_t detail();
  void add_resources(UnixSeconds t, std::uint32_t group, const Decimal& quantity);

  UsageLineScanner lines_;
  SkuPrices prices_;
  StartPeriods periods_;
  TeamResolver teams_;
  Workspaces workspaces_;
  GroupSums groups_;
  GroupDetail detail_;
  bool resource_usage_;
  Interned details_;
  ResourceSums resources_;
  RecordCounts counts_;
  std::vector<std::string> accounts_;
  std::string buf_sku_, buf_cloud_, buf_unit_, buf_start_, buf_qty_, buf_idle_, buf_rt_, buf_account_;
};

// The distinct ids (job_id, cluster_id, warehouse_id, run_as, workspace_id) of the records read, at
// most kLimit of them: the candidates of a --shared-id that matched no record.
class SeenIds {
 public:
  static constexpr std::size_t kLimit = 100'000;

  SeenIds(const UsageHeader& header, const AttributionRules& rules) : lines_(header), teams_(rules) {}

  void consume(const char* p, const char* end);
  std::vector<std::string> ids() const { return {ids_.begin(), ids_.end()}; }

 private:
  UsageLineScanner lines_;
  TeamResolver teams_;
  std::set<std::string, std::less<>> ids_;
};

}  // namespace dbcost::usage_sums
