#include "chargeback/usage_sums.h"

#include <algorithm>

#include "core/ascii_case.h"
#include "usage/usage_schema.h"

// The steps of a record (always_inline) are inlined into PartSums::record: the reader is benchmarked
// (bench/chargeback), and a call per step costs it about 2% more instructions.

namespace dbcost::usage_sums {
namespace {

constexpr Decimal kMaxQuantity = Decimal::from_int(1'000'000'000'000);

std::size_t hash_of(const GroupKey& k) {
  const std::uint64_t a = (static_cast<std::uint64_t>(k.period) << 32) | k.team;
  const std::uint64_t b = (static_cast<std::uint64_t>(k.workspace) << 32) | k.price;
  std::uint64_t h = (a ^ (b * 0x9E3779B97F4A7C15ULL) ^ (k.detail * 0xD6E8FEB86659FD93ULL)) * 0xBF58476D1CE4E5B9ULL;
  return static_cast<std::size_t>(h ^ (h >> 31));
}

std::size_t hash_of(const ResourceKey& k) {
  const std::uint64_t a = (static_cast<std::uint64_t>(k.id) << 8) | static_cast<std::uint64_t>(k.kind);
  const std::uint64_t b = (static_cast<std::uint64_t>(k.hour) << 20) ^ k.group;
  std::uint64_t h = (a ^ (b * 0x9E3779B97F4A7C15ULL)) * 0xBF58476D1CE4E5B9ULL;
  return static_cast<std::size_t>(h ^ (h >> 31));
}

}  // namespace

std::vector<WantedColumn> wanted_columns(const UsageOptions& options) {
  constexpr std::array<UsageColumnId, kColumns> kIds = {
      kWorkspaceIdColumn,      kSkuNameColumn,       kCloudColumn,        kUsageStartTimeColumn,
      kUsageUnitColumn,        kUsageQuantityColumn, kCustomTagsColumn,   kUsageMetadataColumn,
      kIdentityMetadataColumn, kRecordTypeColumn,    kIdleQuantityColumn, kAccountIdColumn};
  std::vector<WantedColumn> wanted;
  for (const UsageColumnId id : kIds) wanted.push_back({usage_column_name(id), nullptr});
  for (unsigned c : {kSku, kCloud, kStart, kUnit, kQuantity, kTags}) wanted[c].required_because = "";
  const auto& owners = options.rules.owners;
  if (owners.uses(IdKind::JobId) || owners.uses(IdKind::ClusterId) || owners.uses(IdKind::WarehouseId))
    wanted[kUsageMeta].required_because = " (the owners file maps job, cluster or warehouse ids)";
  if (owners.uses(IdKind::RunAs)) wanted[kIdentity].required_because = " (the owners file maps run_as)";
  if (owners.uses(IdKind::WorkspaceId)) wanted[kWorkspace].required_because = " (the owners file maps workspace_id)";
  if (!options.rules.shared_ids.empty() && !wanted[kUsageMeta].required_because)
    wanted[kUsageMeta].required_because = " (--shared-id matches its ids)";
  if (options.detail != GroupDetail::None && !wanted[kUsageMeta].required_because)
    wanted[kUsageMeta].required_because = " (--by groups by its job or cluster ids)";
  if (options.resource_usage && !wanted[kUsageMeta].required_because)
    wanted[kUsageMeta].required_because = " (cloud costs are joined on its cluster, warehouse and pool ids)";
  return wanted;
}

std::size_t hash_of(std::string_view s) {
  std::uint64_t h = 0x9E3779B97F4A7C15ULL ^ s.size();
  const char* p = s.data();
  std::size_t n = s.size();
  for (; n >= 8; p += 8, n -= 8) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    h = (h ^ w) * 0xBF58476D1CE4E5B9ULL;
    h ^= h >> 31;
  }
  std::uint64_t w = 0;
  std::memcpy(&w, p, n);
  h = (h ^ w) * 0x94D049BB133111EBULL;
  return static_cast<std::size_t>(h ^ (h >> 29));
}

// SkuPrices

[[gnu::always_inline]] inline std::uint32_t SkuPrices::slot(std::string_view sku, std::string_view cloud,
                                                            std::string_view unit, const UsageLineScanner& lines) {
  if (slots_.size() <= kLinearSlots) {
    for (std::size_t i = 0; i < slots_.size(); ++i) {
      const SkuSlot& s = slots_[i];
      if (s.sku == sku && s.cloud_raw == cloud && s.unit == unit) return static_cast<std::uint32_t>(i);
    }
  }
  key_.assign(sku);
  key_ += '\x1f';
  key_ += cloud;
  key_ += '\x1f';
  key_ += unit;
  if (slots_.size() > kLinearSlots)
    if (const auto it = slot_ids_.find(key_); it != slot_ids_.end()) return it->second;
  if (sku.empty()) lines.fail(kSku, "empty sku_name");
  if (cloud.empty()) lines.fail(kCloud, "empty cloud");
  if (unit.empty()) lines.fail(kUnit, "empty usage_unit");
  return add_slot(sku, cloud, unit);
}

std::uint32_t SkuPrices::add_slot(std::string_view sku, std::string_view cloud, std::string_view unit) {
  SkuSlot s{std::string(sku), ascii_upper(cloud), std::string(cloud), std::string(unit), {}, {}, 0};
  for (const PriceBook* book : {&prices_, account_}) {
    if (!book) continue;
    for (const auto& r : book->rows()) {
      if (r.cloud != s.cloud || r.usage_unit != s.unit) continue;
      const bool prefix = s.sku.size() > r.sku_name.size() && s.sku.compare(0, r.sku_name.size(), r.sku_name) == 0 &&
                          s.sku[r.sku_name.size()] == '_';
      if (r.sku_name != s.sku && !prefix) continue;
      if (r.start != kBeginningOfTime) s.breaks.push_back(r.start);
      if (r.end != kEndOfTime) s.breaks.push_back(r.end);
    }
  }
  std::sort(s.breaks.begin(), s.breaks.end());
  s.breaks.erase(std::unique(s.breaks.begin(), s.breaks.end()), s.breaks.end());
  slots_.push_back(std::move(s));
  const auto id = static_cast<std::uint32_t>(slots_.size() - 1);
  slot_ids_.emplace(key_, id);
  return id;
}

[[gnu::always_inline]] inline std::int32_t SkuPrices::price(std::uint32_t slot_id, UnixSeconds t) {
  SkuSlot& s = slots_[slot_id];
  if (!s.spans.empty()) {
    const auto& last = s.spans[s.last];
    if (last.lo <= t && t < last.hi) return last.price;
    for (std::size_t i = 0; i < s.spans.size(); ++i)
      if (s.spans[i].lo <= t && t < s.spans[i].hi) {
        s.last = i;
        return s.spans[i].price;
      }
  }
  const auto it = std::upper_bound(s.breaks.begin(), s.breaks.end(), t);
  PriceSpan span{it == s.breaks.begin() ? kBeginningOfTime : *(it - 1), it == s.breaks.end() ? kEndOfTime : *it, -1};
  if (const PriceRow* row = prices_.find(s.sku, s.cloud, s.unit, t)) {
    const PriceRow* account = account_ ? account_->find(s.sku, s.cloud, s.unit, t) : nullptr;
    if (account && account->currency_code != row->currency_code) account = nullptr;
    for (std::size_t i = 0; i < price_slots_.size() && span.price < 0; ++i)
      if (price_slots_[i].sku == slot_id && price_slots_[i].row == row && price_slots_[i].account == account)
        span.price = static_cast<std::int32_t>(i);
    if (span.price < 0) {
      price_slots_.push_back({slot_id, row, account});
      span.price = static_cast<std::int32_t>(price_slots_.size() - 1);
    }
  }
  s.spans.push_back(span);
  s.last = s.spans.size() - 1;
  return span.price;
}

// StartPeriods

inline std::uint32_t StartPeriods::period_of(UnixSeconds t) {
  const std::int64_t day = day_of(t);
  if (day == last_day_) return last_period_;
  const std::int64_t key = period_key_of_day(kind_, day);
  const auto [it, inserted] = ids_.try_emplace(key, static_cast<std::uint32_t>(keys_.size()));
  if (inserted) keys_.push_back(key);
  last_day_ = day;
  last_period_ = it->second;
  return last_period_;
}

[[gnu::always_inline]] inline std::pair<UnixSeconds, std::uint32_t> StartPeriods::parse(std::string_view text,
                                                                                        const UsageLineScanner& lines) {
  TimeEntry* entry = nullptr;
  if (text.size() <= sizeof(TimeEntry::text)) {
    std::uint64_t words[4] = {};
    std::memcpy(words, text.data(), text.size());
    const std::uint64_t h = ((words[1] ^ words[2] * 0x9E3779B97F4A7C15ULL) + words[0]) * 0xBF58476D1CE4E5B9ULL;
    entry = &cache_[(h >> 40) % cache_.size()];
    if (entry->length == text.size() && std::memcmp(entry->text, text.data(), text.size()) == 0)
      return {entry->t, entry->period};
  }
  const auto t = parse_timestamp_utc(text);
  if (!t)
    lines.fail(kStart, "expected a timestamp such as 2026-03-01T10:00:00.000+00:00, got '" + std::string(text) + "'");
  const std::uint32_t period = period_of(*t);
  if (entry) {
    std::memcpy(entry->text, text.data(), text.size());
    entry->length = static_cast<std::uint32_t>(text.size());
    entry->t = *t;
    entry->period = period;
  }
  return {*t, period};
}

// TeamResolver

TeamResolver::TeamResolver(const AttributionRules& rules)
    : rules_(rules),
      meta_({"job_id", "cluster_id", "warehouse_id", "instance_pool_id"}),
      identity_({"run_as"}),
      tags_(tag_keys(rules)) {
  for (const auto& t : rules.shared_tags) {
    const auto& keys = tags_.keys();
    shared_tag_index_.push_back(static_cast<std::size_t>(std::find(keys.begin(), keys.end(), t.key) - keys.begin()));
  }
  shared_matched_.assign(rules.shared_ids.size(), 0);
  for (std::size_t i = 0; i < rules.shared_ids.size(); ++i) {
    const auto& id = rules.shared_ids[i];
    if (shared_ids_.emplace(id, static_cast<std::uint32_t>(i)).second) ++shared_unmatched_;
    shared_id_needs_parse_.push_back(std::any_of(
        id.begin(), id.end(), [](char c) { return c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20; }));
  }
  for (const std::string_view name : {kSharedTeam, kUnallocatedTeam}) teams_.insert(hash_of(name), std::string(name));
}

std::vector<std::string> TeamResolver::tag_keys(const AttributionRules& rules) {
  std::vector<std::string> keys = {rules.team_tag};
  for (const auto& t : rules.shared_tags)
    if (std::find(keys.begin(), keys.end(), t.key) == keys.end()) keys.push_back(t.key);
  return keys;
}

inline std::uint32_t TeamResolver::team_id(std::string_view name, const UsageLineScanner& lines) {
  const std::size_t hash = hash_of(name);
  const std::uint32_t id = teams_.find(hash, name);
  if (id != DenseIndex<std::string>::kMissing && id > kUnallocated) return id;
  if (is_reserved_team(name)) lines.fail(kTags, "team '" + std::string(name) + "' is a reserved name");
  return teams_.insert(hash, std::string(name));
}

const RecordIds& TeamResolver::ids(const UsageLineScanner& lines) {
  if (ids_ready_) return ids_;
  ids_ready_ = true;
  ids_ = {};
  pool_id_ = {};
  if (lines.has(kUsageMeta)) {
    lines.json(kUsageMeta, meta_);
    for (unsigned k = 0; k < 3; ++k)
      if (const auto v = meta_.value(k)) ids_[k] = *v;
    if (const auto v = meta_.value(3)) pool_id_ = *v;
  }
  if (lines.has(kIdentity)) {
    lines.json(kIdentity, identity_);
    if (const auto v = identity_.value(0)) ids_[static_cast<unsigned>(IdKind::RunAs)] = *v;
  }
  if (lines.has(kWorkspace)) ids_[static_cast<unsigned>(IdKind::WorkspaceId)] = lines.text(kWorkspace, buffer_);
  return ids_;
}

// False when no --shared-id can be among the record's ids, so that their cells need not be parsed.
// An id appears in its cell literally unless written with escapes, and escapes other than \uXXXX
// and \/ only stand for '"', '\\' and control characters.
[[gnu::always_inline]] inline bool TeamResolver::may_hold_shared_id(const UsageLineScanner& lines) const {
  for (unsigned col : {kUsageMeta, kIdentity, kWorkspace}) {
    if (!lines.has(col)) continue;
    const std::string_view raw = lines.cell(col).raw;
    const bool escapes = std::memchr(raw.data(), '\\', raw.size()) != nullptr;
    const bool unicode_escape = escapes && raw.find("\\u") != std::string_view::npos;
    const bool slash_escape = escapes && raw.find("\\/") != std::string_view::npos;
    for (std::size_t i = 0; i < rules_.shared_ids.size(); ++i) {
      const auto& id = rules_.shared_ids[i];
      if (shared_id_needs_parse_[i] || unicode_escape || (slash_escape && id.find('/') != std::string::npos) ||
          raw.find(id) != std::string_view::npos)
        return true;
    }
  }
  return false;
}

// True when one of the record's ids is a --shared-id, which is then marked as matched.
[[gnu::always_inline]] inline bool TeamResolver::match_shared_id(const UsageLineScanner& lines) {
  bool shared = false;
  for (const auto& id : ids(lines)) {
    if (id.empty()) continue;
    const auto it = shared_ids_.find(id);
    if (it == shared_ids_.end()) continue;
    shared = true;
    if (!shared_matched_[it->second]) {
      shared_matched_[it->second] = 1;
      --shared_unmatched_;
    }
  }
  return shared;
}

[[gnu::always_inline]] inline std::uint32_t TeamResolver::team(const UsageLineScanner& lines) {
  ids_ready_ = false;
  lines.json(kTags, tags_);
  for (std::size_t i = 0; i < shared_tag_index_.size(); ++i) {
    const auto v = tags_.value(shared_tag_index_[i]);
    if (v && *v == rules_.shared_tags[i].value) {
      if (shared_unmatched_ > 0 && may_hold_shared_id(lines)) match_shared_id(lines);
      return kShared;
    }
  }
  if (!shared_ids_.empty() && may_hold_shared_id(lines) && match_shared_id(lines)) return kShared;
  if (const auto team = tags_.value(0); team && !team->empty()) return team_id(*team, lines);
  if (!rules_.owners.empty())
    if (const std::string* team = rules_.owners.find(ids(lines))) return team_id(*team, lines);
  return kUnallocated;
}

// Workspaces

[[gnu::always_inline]] inline std::uint32_t Workspaces::id(const UsageLineScanner& lines) {
  if (!lines.has(kWorkspace)) return 0;
  const std::string_view ws = lines.text(kWorkspace, buffer_);
  if (!names_.empty() && ws == names_[last_]) return last_;
  const auto it = ids_.find(ws);
  if (it != ids_.end()) return last_ = it->second;
  names_.emplace_back(ws);
  last_ = static_cast<std::uint32_t>(names_.size() - 1);
  ids_.emplace(std::string(ws), last_);
  return last_;
}

// GroupSums

[[gnu::always_inline]] inline std::uint32_t GroupSums::add(const GroupKey& key, const Decimal& quantity,
                                                           const Decimal& idle, const UsageLineScanner& lines) {
  const std::size_t hash = hash_of(key);
  std::uint32_t index = index_.find(hash, key);
  if (index == DenseIndex<GroupKey>::kMissing) {
    index = index_.insert(hash, key);
    sums_.emplace_back();
  }
  GroupSum& g = sums_[index];
  __int128 sum;
  if (__builtin_add_overflow(g.quantity.raw(), quantity.raw(), &sum))
    lines.fail(kQuantity, "the quantities of this group overflow 38 digits");
  g.quantity = Decimal::from_raw(sum);
  g.idle += idle;
  if (g.records++ == 0) g.first_line = lines.line();
  return index;
}

inline void GroupSums::add_unpriced(std::uint32_t period, std::uint32_t slot, const Decimal& quantity,
                                    std::uint64_t line) {
  auto& u = unpriced_[{period, slot}];
  if (u.records++ == 0) u.first_line = line;
  u.quantity += quantity;
}

// Interned

std::uint32_t Interned::id(std::string_view s) {
  if (s.empty()) return 0;
  if (const auto it = ids_.find(s); it != ids_.end()) return it->second;
  names_.emplace_back(s);
  const auto id = static_cast<std::uint32_t>(names_.size() - 1);
  ids_.emplace(std::string(s), id);
  return id;
}

// ResourceSums

void ResourceSums::add(ResourceKind kind, std::string_view id, UnixSeconds hour, std::uint32_t group,
                       const Decimal& quantity) {
  const ResourceKey key{kind, ids_.id(id), hour, group};
  const std::size_t hash = hash_of(key);
  std::uint32_t index = index_.find(hash, key);
  if (index == DenseIndex<ResourceKey>::kMissing) {
    index = index_.insert(hash, key);
    sums_.emplace_back();
  }
  sums_[index] += quantity;
}

// PartSums

[[gnu::always_inline]] inline Decimal PartSums::quantity(unsigned col, std::string_view text) const {
  const auto q = parse_quantity(text);
  if (!q) lines_.fail(col, "expected a decimal quantity, got '" + std::string(text) + "'");
  if (*q > kMaxQuantity || *q < -kMaxQuantity)
    lines_.fail(col, "expected at most 1e12 units in one record, got '" + std::string(text) + "'");
  return *q;
}

[[gnu::always_inline]] inline void PartSums::count(std::string_view record_type) {
  if (record_type == "ORIGINAL") ++counts_.original;
  if (record_type == "RETRACTION") ++counts_.retraction;
  if (record_type == "RESTATEMENT") ++counts_.restatement;
}

[[gnu::always_inline]] inline void PartSums::record() {
  const std::uint32_t slot =
      prices_.slot(lines_.text(kSku, buf_sku_), lines_.text(kCloud, buf_cloud_), lines_.text(kUnit, buf_unit_), lines_);
  const auto [t, period] = periods_.parse(lines_.text(kStart, buf_start_), lines_);
  const Decimal q = quantity(kQuantity, lines_.text(kQuantity, buf_qty_));
  Decimal idle;
  if (lines_.has(kIdle))
    if (const std::string_view text = lines_.text(kIdle, buf_idle_); !text.empty()) idle = quantity(kIdle, text);
  if (lines_.has(kRecordType)) count(lines_.text(kRecordType, buf_rt_));
  if (lines_.has(kAccount)) see_account();
  ++counts_.records;
  const std::uint32_t team = teams_.team(lines_);
  const std::int32_t price = prices_.price(slot, t);
  if (price < 0) return groups_.add_unpriced(period, slot, q, lines_.line());
  const std::uint32_t detail_id = detail_ == GroupDetail::None ? 0 : detail();
  const std::uint32_t group = groups_.add(
      {period, team, workspaces_.id(lines_), static_cast<std::uint32_t>(price), detail_id}, q, idle, lines_);
  if (resource_usage_) add_resources(t, group, q);
}

std::uint32_t PartSums::detail() {
  const RecordIds& ids = teams_.attributed_ids(lines_);
  if (detail_ == GroupDetail::JobId) return details_.id(ids[static_cast<unsigned>(IdKind::JobId)]);
  const std::string_view cluster = ids[static_cast<unsigned>(IdKind::ClusterId)];
  return details_.id(cluster.empty() ? ids[static_cast<unsigned>(IdKind::WarehouseId)] : cluster);
}

void PartSums::add_resources(UnixSeconds t, std::uint32_t group, const Decimal& quantity) {
  const RecordIds& ids = teams_.attributed_ids(lines_);
  const UnixSeconds hour = floor_div(t, 3600) * 3600;
  if (const auto id = ids[static_cast<unsigned>(IdKind::ClusterId)]; !id.empty())
    resources_.add(ResourceKind::Cluster, id, hour, group, quantity);
  if (const auto id = ids[static_cast<unsigned>(IdKind::WarehouseId)]; !id.empty())
    resources_.add(ResourceKind::Warehouse, id, hour, group, quantity);
  if (const auto id = teams_.pool_id(); !id.empty()) resources_.add(ResourceKind::Pool, id, hour, group, quantity);
}

inline void PartSums::see_account() {
  const std::string_view id = lines_.text(kAccount, buf_account_);
  if (id.empty() || (!accounts_.empty() && id == accounts_.back())) return;
  if (std::find(accounts_.begin(), accounts_.end(), id) == accounts_.end()) accounts_.emplace_back(id);
}

void PartSums::consume(const char* p, const char* end) {
  lines_.consume(p, end, [this] { record(); });
}

// SeenIds

void SeenIds::consume(const char* p, const char* end) {
  lines_.consume(p, end, [this] {
    for (const auto& id : teams_.record_ids(lines_))
      if (!id.empty() && ids_.size() < kLimit && ids_.find(id) == ids_.end()) ids_.emplace(id);
  });
}

}  // namespace dbcost::usage_sums
