#include "chargeback/usage_reader.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <exception>
#include <map>
#include <memory>
#include <optional>
#include <thread>
#include <tuple>
#include <unordered_map>
#include <utility>

#include "chargeback/json_fields.h"
#include "chargeback/usage_csv.h"
#include "core/ascii_case.h"
#include "io/csv_reader.h"

namespace dbcost {
namespace {

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
  kColumns
};
constexpr std::array<const char*, kColumns> kNames = {
    "workspace_id",        "sku_name",    "cloud",          "usage_start_time",  "usage_unit",
    "usage_quantity",      "custom_tags", "usage_metadata", "identity_metadata", "record_type",
    "dbcost_idle_quantity"};

struct Schema {
  std::string file;
  std::vector<std::string> header;
  std::array<int, kColumns> pos{};  // 0-based header position; -1 when absent
  unsigned scan = 0;                // cells split per line
};

Schema make_schema(std::string_view header_line, const std::string& file, const UsageOptions& options) {
  Schema s;
  s.file = file;
  s.header = detail::csv_header(detail::strip_bom(header_line));
  if (s.header.empty() || (s.header.size() == 1 && s.header[0].empty()))
    throw InputError({file, 1, 1, ""}, "empty file: expected a CSV header line");
  const auto& rules = options.rules;
  std::array<const char*, kColumns> why{};
  for (unsigned c : {kSku, kCloud, kStart, kUnit, kQuantity, kTags}) why[c] = "";
  if (rules.owners.uses(IdKind::JobId) || rules.owners.uses(IdKind::ClusterId) ||
      rules.owners.uses(IdKind::WarehouseId))
    why[kUsageMeta] = " (the owners file maps job, cluster or warehouse ids)";
  if (rules.owners.uses(IdKind::RunAs)) why[kIdentity] = " (the owners file maps run_as)";
  if (rules.owners.uses(IdKind::WorkspaceId)) why[kWorkspace] = " (the owners file maps workspace_id)";
  if (!rules.shared_ids.empty() && !why[kUsageMeta]) why[kUsageMeta] = " (--shared-id matches its ids)";
  for (unsigned c = 0; c < kColumns; ++c) {
    s.pos[c] = -1;
    for (std::size_t h = 0; h < s.header.size(); ++h) {
      if (s.header[h] != kNames[c]) continue;
      if (s.pos[c] >= 0)
        throw InputError({file, 1, h + 1, kNames[c]}, "malformed CSV: a column appears twice in the header");
      s.pos[c] = static_cast<int>(h);
    }
    if (s.pos[c] < 0 && why[c])
      throw InputError({file, 1, 0, kNames[c]},
                       "missing column '" + std::string(kNames[c]) + "' in the header" + why[c]);
    if (s.pos[c] >= 0) s.scan = std::max(s.scan, static_cast<unsigned>(s.pos[c]) + 1);
  }
  return s;
}

struct RowFailure {
  std::uint64_t line = 0;  // within the part, 1-based
  std::size_t column = 0;
  std::string field;
  std::string message;
};

struct GroupKey {
  std::uint32_t period, team, workspace, price;
  bool operator==(const GroupKey&) const = default;
};
std::size_t hash_of(const GroupKey& k) {
  const std::uint64_t a = (static_cast<std::uint64_t>(k.period) << 32) | k.team;
  const std::uint64_t b = (static_cast<std::uint64_t>(k.workspace) << 32) | k.price;
  std::uint64_t h = (a ^ (b * 0x9E3779B97F4A7C15ULL)) * 0xBF58476D1CE4E5B9ULL;
  return static_cast<std::size_t>(h ^ (h >> 31));
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
struct TimeEntry {
  char text[32];
  std::uint32_t length = ~std::uint32_t{0};
  std::uint32_t period = 0;
  UnixSeconds t = 0;
};

struct PriceSlot {
  std::uint32_t sku;
  const PriceRow* row;
  const PriceRow* account;
};

constexpr Decimal kMaxQuantity = Decimal::from_int(1'000'000'000'000);
constexpr std::size_t kLinearSlots = 24;  // SKU slots found by a scan below this many, by hash above

// Sums one part of the file. Worker-local ids (periods, teams, workspaces, prices) keep the hot
// path to integer keys; they are turned into names when the parts are merged.
class Aggregator {
 public:
  Aggregator(const Schema& schema, const UsageOptions& options, const PriceBook& prices)
      : schema_(schema),
        options_(options),
        prices_(prices),
        line_cells_{nullptr, std::vector<std::uint32_t>(schema.scan)},
        meta_({"job_id", "cluster_id", "warehouse_id"}),
        identity_({"run_as"}),
        tags_(tag_keys(options.rules)) {
    for (const auto& t : options.rules.shared_tags) {
      const auto& keys = tags_.keys();
      shared_tag_index_.push_back(static_cast<std::size_t>(std::find(keys.begin(), keys.end(), t.key) - keys.begin()));
    }
    for (const auto& id : options.rules.shared_ids) {
      shared_ids_.emplace(id, 1);
      shared_id_needs_parse_.push_back(std::any_of(
          id.begin(), id.end(), [](char c) { return c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20; }));
    }
    for (const std::string_view name : {kSharedTeam, kUnallocatedTeam}) teams_.insert(hash_of(name), std::string(name));
  }

  void consume(const char* p, const char* end) {
    while (p < end) {
      ++line_;
      if (*p == '\n') {
        ++p;
        continue;
      }
      if (*p == '\r' && (p + 1 == end || p[1] == '\n')) {
        p += p + 1 == end ? 1 : 2;
        continue;
      }
      const CsvScan s = scan_csv_line(p, end, schema_.scan, line_cells_);
      if (s.status != CsvScanStatus::Ok) fail_scan(s);
      const std::string_view text(p, static_cast<std::size_t>(s.next - p));
      if (const std::size_t bad = utf8_invalid_at(text); bad != std::string_view::npos)
        throw RowFailure{line_, bad + 1, "", utf8_error_message(static_cast<unsigned char>(text[bad]))};
      if (s.fields > schema_.header.size())
        throw RowFailure{line_, schema_.header.size() + 1, "",
                         "malformed CSV: " + std::to_string(s.fields) + " fields on this line, the header has " +
                             std::to_string(schema_.header.size())};
      row();
      p = s.next;
    }
  }

  std::uint64_t lines() const { return line_; }

  const Schema& schema_;
  const UsageOptions& options_;
  const PriceBook& prices_;
  DenseIndex<GroupKey> group_index_;
  std::vector<GroupSum> groups_;                                             // by group_index_ number
  std::map<std::pair<std::uint32_t, std::uint32_t>, UnpricedSum> unpriced_;  // (period, sku slot)
  std::vector<std::int64_t> period_keys_;
  DenseIndex<std::string> teams_;  // 0 = (shared), 1 = (unallocated)
  std::vector<std::string> workspaces_;
  std::vector<SkuSlot> slots_;
  std::vector<PriceSlot> price_slots_;
  RecordCounts counts_;

 private:
  static std::vector<std::string> tag_keys(const AttributionRules& rules) {
    std::vector<std::string> keys = {rules.team_tag};
    for (const auto& t : rules.shared_tags)
      if (std::find(keys.begin(), keys.end(), t.key) == keys.end()) keys.push_back(t.key);
    return keys;
  }

  [[noreturn]] void fail(unsigned col, std::string message) const {
    throw RowFailure{line_, static_cast<std::size_t>(schema_.pos[col]) + 1, kNames[col], std::move(message)};
  }

  [[noreturn]] void fail_scan(const CsvScan& s) const {
    const char* what = s.status == CsvScanStatus::TooFewFields ? "malformed CSV: too few fields on this line"
                       : s.status == CsvScanStatus::QuoteNotClosed
                           ? "malformed CSV: a quoted field is not closed"
                           : "malformed CSV: a quote inside a field that is not quoted, or "
                             "text after a closing quote";
    const std::string field = s.column < schema_.header.size() ? schema_.header[s.column] : "";
    throw RowFailure{line_, s.column + 1, field, what};
  }

  std::string_view cell(unsigned col, std::string& buffer) {
    return csv_text(line_cells_.cell(static_cast<unsigned>(schema_.pos[col])), buffer);
  }

  // Scans a JSON cell with `fields`; a malformed one is an error naming the column.
  void scan_json(unsigned col, JsonFields& fields) {
    const CsvContent content = csv_content(line_cells_.cell(static_cast<unsigned>(schema_.pos[col])));
    if (!fields.scan(content.text, content.doubled)) fail(col, "expected a JSON object: " + fields.error());
  }

  std::uint32_t sku_slot(std::string_view sku, std::string_view cloud, std::string_view unit) {
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
    if (sku.empty()) fail(kSku, "empty sku_name");
    if (cloud.empty()) fail(kCloud, "empty cloud");
    if (unit.empty()) fail(kUnit, "empty usage_unit");
    SkuSlot s{std::string(sku), ascii_upper(cloud), std::string(cloud), std::string(unit), {}, {}, 0};
    for (const PriceBook* book : {&prices_, options_.account_prices}) {
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

  std::int32_t price_for(std::uint32_t slot_id, UnixSeconds t) {
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
      const PriceRow* account =
          options_.account_prices ? options_.account_prices->find(s.sku, s.cloud, s.unit, t) : nullptr;
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

  std::uint32_t period_of(UnixSeconds t) {
    const std::int64_t day = day_of(t);
    if (day == last_day_) return last_period_;
    const std::int64_t key = period_key_of_day(options_.period, day);
    const auto [it, inserted] = period_ids_.try_emplace(key, static_cast<std::uint32_t>(period_keys_.size()));
    if (inserted) period_keys_.push_back(key);
    last_day_ = day;
    last_period_ = it->second;
    return last_period_;
  }

  // usage_start_time and its period. Hourly records repeat the same few texts, so parsed ones are
  // remembered in a small direct-mapped cache keyed by the text.
  std::pair<UnixSeconds, std::uint32_t> start_of(std::string_view text) {
    TimeEntry* entry = nullptr;
    if (text.size() <= sizeof(TimeEntry::text)) {
      std::uint64_t words[4] = {};
      std::memcpy(words, text.data(), text.size());
      const std::uint64_t h = ((words[1] ^ words[2] * 0x9E3779B97F4A7C15ULL) + words[0]) * 0xBF58476D1CE4E5B9ULL;
      entry = &time_cache_[(h >> 40) % time_cache_.size()];
      if (entry->length == text.size() && std::memcmp(entry->text, text.data(), text.size()) == 0)
        return {entry->t, entry->period};
    }
    const auto t = parse_timestamp_utc(text);
    if (!t) fail(kStart, "expected a timestamp such as 2026-03-01T10:00:00.000+00:00, got '" + std::string(text) + "'");
    const std::uint32_t period = period_of(*t);
    if (entry) {
      std::memcpy(entry->text, text.data(), text.size());
      entry->length = static_cast<std::uint32_t>(text.size());
      entry->t = *t;
      entry->period = period;
    }
    return {*t, period};
  }

  std::uint32_t team_id(std::string_view name, unsigned col) {
    const std::size_t hash = hash_of(name);
    const std::uint32_t id = teams_.find(hash, name);
    if (id != DenseIndex<std::string>::kMissing && id > 1) return id;
    if (is_reserved_team(name)) fail(col, "team '" + std::string(name) + "' is a reserved name");
    return teams_.insert(hash, std::string(name));
  }

  std::uint32_t workspace_id() {
    if (schema_.pos[kWorkspace] < 0) return 0;
    const std::string_view ws = cell(kWorkspace, buf_ws_);
    if (!workspaces_.empty() && ws == workspaces_[last_ws_]) return last_ws_;
    const auto it = workspace_ids_.find(ws);
    if (it != workspace_ids_.end()) return last_ws_ = it->second;
    workspaces_.emplace_back(ws);
    last_ws_ = static_cast<std::uint32_t>(workspaces_.size() - 1);
    workspace_ids_.emplace(std::string(ws), last_ws_);
    return last_ws_;
  }

  const RecordIds& ids() {
    if (ids_ready_) return ids_;
    ids_ready_ = true;
    ids_ = {};
    if (schema_.pos[kUsageMeta] >= 0) {
      scan_json(kUsageMeta, meta_);
      for (unsigned k = 0; k < 3; ++k)
        if (const auto v = meta_.value(k)) ids_[k] = *v;
    }
    if (schema_.pos[kIdentity] >= 0) {
      scan_json(kIdentity, identity_);
      if (const auto v = identity_.value(0)) ids_[static_cast<unsigned>(IdKind::RunAs)] = *v;
    }
    if (schema_.pos[kWorkspace] >= 0) ids_[static_cast<unsigned>(IdKind::WorkspaceId)] = cell(kWorkspace, buf_ws_ids_);
    return ids_;
  }

  // False when no --shared-id can be among the record's ids, so that their cells need not be parsed.
  // An id appears in its cell literally unless written with escapes, and escapes other than \uXXXX
  // and \/ only stand for '"', '\\' and control characters.
  bool may_hold_shared_id() const {
    for (unsigned col : {kUsageMeta, kIdentity, kWorkspace}) {
      if (schema_.pos[col] < 0) continue;
      const std::string_view raw = line_cells_.cell(static_cast<unsigned>(schema_.pos[col])).raw;
      const bool escapes = std::memchr(raw.data(), '\\', raw.size()) != nullptr;
      const bool unicode_escape = escapes && raw.find("\\u") != std::string_view::npos;
      const bool slash_escape = escapes && raw.find("\\/") != std::string_view::npos;
      for (std::size_t i = 0; i < options_.rules.shared_ids.size(); ++i) {
        const auto& id = options_.rules.shared_ids[i];
        if (shared_id_needs_parse_[i] || unicode_escape || (slash_escape && id.find('/') != std::string::npos) ||
            raw.find(id) != std::string_view::npos)
          return true;
      }
    }
    return false;
  }

  std::uint32_t resolve_team() {
    ids_ready_ = false;
    scan_json(kTags, tags_);
    const auto& rules = options_.rules;
    for (std::size_t i = 0; i < shared_tag_index_.size(); ++i) {
      const auto v = tags_.value(shared_tag_index_[i]);
      if (v && *v == rules.shared_tags[i].value) return 0;
    }
    if (!shared_ids_.empty() && may_hold_shared_id())
      for (const auto& id : ids())
        if (!id.empty() && shared_ids_.find(id) != shared_ids_.end()) return 0;
    if (const auto team = tags_.value(0); team && !team->empty()) return team_id(*team, kTags);
    if (!rules.owners.empty())
      if (const std::string* team = rules.owners.find(ids())) return team_id(*team, kTags);
    return 1;
  }

  void row() {
    const std::string_view sku = cell(kSku, buf_sku_);
    const std::string_view cloud = cell(kCloud, buf_cloud_);
    const std::string_view unit = cell(kUnit, buf_unit_);
    const std::uint32_t slot = sku_slot(sku, cloud, unit);
    const auto [t, period] = start_of(cell(kStart, buf_start_));
    const std::string_view qty_text = cell(kQuantity, buf_qty_);
    const auto quantity = parse_quantity(qty_text);
    if (!quantity) fail(kQuantity, "expected a decimal quantity, got '" + std::string(qty_text) + "'");
    if (*quantity > kMaxQuantity || *quantity < -kMaxQuantity)
      fail(kQuantity, "expected at most 1e12 units in one record, got '" + std::string(qty_text) + "'");
    Decimal idle;
    if (schema_.pos[kIdle] >= 0) {
      const std::string_view idle_text = cell(kIdle, buf_idle_);
      if (!idle_text.empty()) {
        const auto v = parse_quantity(idle_text);
        if (!v) fail(kIdle, "expected a decimal quantity, got '" + std::string(idle_text) + "'");
        if (*v > kMaxQuantity || *v < -kMaxQuantity)
          fail(kIdle, "expected at most 1e12 units in one record, got '" + std::string(idle_text) + "'");
        idle = *v;
      }
    }
    if (schema_.pos[kRecordType] >= 0) {
      const std::string_view rt = cell(kRecordType, buf_rt_);
      if (rt == "ORIGINAL") ++counts_.original;
      if (rt == "RETRACTION") ++counts_.retraction;
      if (rt == "RESTATEMENT") ++counts_.restatement;
    }
    ++counts_.records;
    const std::uint32_t team = resolve_team();
    const std::int32_t price = price_for(slot, t);
    if (price < 0) {
      auto& u = unpriced_[{period, slot}];
      if (u.records++ == 0) u.first_line = line_;
      u.quantity += *quantity;
      return;
    }
    const GroupKey key{period, team, workspace_id(), static_cast<std::uint32_t>(price)};
    const std::size_t hash = hash_of(key);
    std::uint32_t index = group_index_.find(hash, key);
    if (index == DenseIndex<GroupKey>::kMissing) {
      index = group_index_.insert(hash, key);
      groups_.emplace_back();
    }
    GroupSum& g = groups_[index];
    __int128 sum;
    if (__builtin_add_overflow(g.quantity.raw(), quantity->raw(), &sum))
      fail(kQuantity, "the quantities of this group overflow 38 digits");
    g.quantity = Decimal::from_raw(sum);
    g.idle += idle;
    if (g.records++ == 0) g.first_line = line_;
  }

  CsvLine line_cells_;
  JsonFields meta_, identity_, tags_;
  std::vector<std::size_t> shared_tag_index_;
  StringMap<char> shared_ids_;
  std::vector<bool> shared_id_needs_parse_;
  StringMap<std::uint32_t> slot_ids_, workspace_ids_;
  std::unordered_map<std::int64_t, std::uint32_t> period_ids_;
  std::array<TimeEntry, 1024> time_cache_{};
  std::int64_t last_day_ = INT64_MIN;
  std::uint32_t last_period_ = 0;
  std::uint32_t last_ws_ = 0;
  std::uint64_t line_ = 0;
  RecordIds ids_{};
  bool ids_ready_ = false;
  std::string key_, buf_sku_, buf_cloud_, buf_unit_, buf_start_, buf_qty_, buf_idle_, buf_rt_, buf_ws_, buf_ws_ids_;
};

// Blocks of complete lines; the last line of the input may lack its newline. Empty at the end.
class BlockSource {
 public:
  virtual ~BlockSource() = default;
  virtual std::string_view next() = 0;
};

class TextSource : public BlockSource {
 public:
  explicit TextSource(std::string_view text) : text_(text) {}
  std::string_view next() override { return std::exchange(text_, std::string_view()); }

 private:
  std::string_view text_;
};

// Reads through a buffer, handing out the complete lines and keeping the partial last one.
class BufferedSource : public BlockSource {
 public:
  explicit BufferedSource(std::size_t block)
      : size_(std::max<std::size_t>(block, 4096)), buf_(std::make_unique_for_overwrite<char[]>(size_)) {}

  std::string_view next() override {
    if (keep_ > 0) std::memmove(buf_.get(), buf_.get() + keep_from_, keep_);
    std::size_t filled = keep_;
    keep_ = 0;
    while (true) {
      if (filled == size_) {
        auto bigger = std::make_unique_for_overwrite<char[]>(size_ * 2);
        std::memcpy(bigger.get(), buf_.get(), filled);
        buf_ = std::move(bigger);
        size_ *= 2;
      }
      const std::size_t n = read(buf_.get() + filled, size_ - filled);
      filled += n;
      if (n == 0) return std::string_view(buf_.get(), filled);
      const void* nl = ::memrchr(buf_.get() + filled - n, '\n', n);
      if (!nl) continue;
      const std::size_t cut = static_cast<std::size_t>(static_cast<const char*>(nl) - buf_.get()) + 1;
      keep_from_ = cut;
      keep_ = filled - cut;
      return std::string_view(buf_.get(), cut);
    }
  }

 protected:
  virtual std::size_t read(char* into, std::size_t max) = 0;  // 0 at the end

 private:
  std::size_t size_;
  std::unique_ptr<char[]> buf_;
  std::size_t keep_from_ = 0;
  std::size_t keep_ = 0;
};

class FileRange : public BufferedSource {
 public:
  FileRange(int fd, std::string path, off_t begin, off_t end, std::size_t block)
      : BufferedSource(block), fd_(fd), path_(std::move(path)), pos_(begin), end_(end) {}

 protected:
  std::size_t read(char* into, std::size_t max) override {
    const auto want = static_cast<std::size_t>(std::min<off_t>(static_cast<off_t>(max), end_ - pos_));
    if (want == 0) return 0;
    ssize_t n;
    do n = ::pread(fd_, into, want, pos_);
    while (n < 0 && errno == EINTR);
    if (n < 0) throw InputError({path_, 0, 0, ""}, std::string("cannot read: ") + std::strerror(errno));
    pos_ += n;
    if (n == 0) end_ = pos_;
    return static_cast<std::size_t>(n);
  }

 private:
  int fd_;
  std::string path_;
  off_t pos_, end_;
};

// A read-only mapping of a whole regular file; !ok() when it cannot be mapped.
class Mapping {
 public:
  Mapping(int fd, std::size_t size) {
    if (size == 0) return;
    void* p = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (p == MAP_FAILED) return;
    ::madvise(p, size, MADV_SEQUENTIAL);
    data_ = static_cast<const char*>(p);
    size_ = size;
  }
  ~Mapping() {
    if (data_) ::munmap(const_cast<char*>(data_), size_);
  }
  Mapping(const Mapping&) = delete;
  Mapping& operator=(const Mapping&) = delete;
  bool ok() const { return data_ != nullptr; }
  const char* data() const { return data_; }

 private:
  const char* data_ = nullptr;
  std::size_t size_ = 0;
};

// Hands out a range of a mapped file in blocks that end after a newline, without copying, and
// drops the pages already read from the process (they stay in the page cache), so that memory
// stays bounded however large the file.
class MappedRange : public BlockSource {
 public:
  MappedRange(const char* base, std::size_t begin, std::size_t end, std::size_t block)
      : base_(base), pos_(begin), end_(end), block_(std::max<std::size_t>(block, 4096)), released_(page_floor(begin)) {}

  std::string_view next() override {
    if (const std::size_t done = page_floor(pos_); done > released_) {
      ::madvise(const_cast<char*>(base_ + released_), done - released_, MADV_DONTNEED);
      released_ = done;
    }
    if (pos_ >= end_) return {};
    std::size_t stop = std::min(end_, pos_ + block_);
    if (stop < end_) {
      if (const void* nl = ::memrchr(base_ + pos_, '\n', stop - pos_)) {
        stop = static_cast<std::size_t>(static_cast<const char*>(nl) - base_) + 1;
      } else {
        const void* next_nl = std::memchr(base_ + stop, '\n', end_ - stop);
        stop = next_nl ? static_cast<std::size_t>(static_cast<const char*>(next_nl) - base_) + 1 : end_;
      }
    }
    const std::string_view out(base_ + pos_, stop - pos_);
    pos_ = stop;
    return out;
  }

 private:
  static std::size_t page_floor(std::size_t offset) {
    static const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
    return offset / page * page;
  }

  const char* base_;
  std::size_t pos_, end_, block_, released_;
};

class GzSource : public BufferedSource {
 public:
  GzSource(const std::string& path, std::size_t block) : BufferedSource(block), path_(path) {
    gz_ = ::gzopen(path.c_str(), "rb");
    if (!gz_) throw InputError({path, 0, 0, ""}, std::string("cannot open: ") + std::strerror(errno));
    ::gzbuffer(gz_, 1u << 17);
  }
  ~GzSource() override { ::gzclose(gz_); }
  GzSource(const GzSource&) = delete;
  GzSource& operator=(const GzSource&) = delete;

 protected:
  std::size_t read(char* into, std::size_t max) override {
    const int n = ::gzread(gz_, into, static_cast<unsigned>(std::min<std::size_t>(max, 1u << 30)));
    int errnum = 0;
    const char* msg = ::gzerror(gz_, &errnum);
    if (n < 0 || errnum < 0) throw InputError({path_, 0, 0, ""}, std::string("not a valid gzip file: ") + msg);
    return static_cast<std::size_t>(n);
  }

 private:
  std::string path_;
  gzFile gz_;
};

class Fd {
 public:
  explicit Fd(const std::string& path) : fd_(::open(path.c_str(), O_RDONLY | O_CLOEXEC)) {
    if (fd_ < 0) throw InputError({path, 0, 0, ""}, std::string("cannot open: ") + std::strerror(errno));
  }
  ~Fd() { ::close(fd_); }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

unsigned part_count(const UsageOptions& options, std::size_t data_bytes) {
  unsigned n = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  const std::size_t by_size = std::max<std::size_t>(1, data_bytes / std::max<std::size_t>(options.min_part_bytes, 1));
  return static_cast<unsigned>(std::min<std::size_t>(n, by_size));
}

struct Part {
  std::unique_ptr<BlockSource> source;
  std::string_view first_block;  // consumed before the source (the rest of the header block)
  std::unique_ptr<Aggregator> aggregator;
  std::optional<RowFailure> failure;
  std::exception_ptr error;
};

void run_part(Part& part) {
  try {
    if (!part.first_block.empty())
      part.aggregator->consume(part.first_block.data(), part.first_block.data() + part.first_block.size());
    while (true) {
      const std::string_view block = part.source->next();
      if (block.empty()) break;
      part.aggregator->consume(block.data(), block.data() + block.size());
    }
  } catch (const RowFailure& f) {
    part.failure = f;
  } catch (...) {
    part.error = std::current_exception();
  }
}

UsageLedger merge(std::vector<Part>& parts, const Schema& schema, const UsageOptions& options,
                  const PriceBook& prices) {
  std::uint64_t offset = 1;  // the header line
  std::vector<std::uint64_t> offsets;
  for (auto& p : parts) {
    if (p.error) std::rethrow_exception(p.error);
    if (p.failure)
      throw InputError({schema.file, offset + p.failure->line, p.failure->column, p.failure->field},
                       p.failure->message);
    offsets.push_back(offset);
    offset += p.aggregator->lines();
  }
  using Key = std::tuple<std::int64_t, std::string_view, std::string_view, std::string_view, std::string_view,
                         std::string_view, UnixSeconds, std::size_t, const PriceRow*>;
  std::map<Key, UsageGroup> groups;
  std::map<std::tuple<std::int64_t, std::string_view, std::string_view, std::string_view>, UnpricedUsage> unpriced;
  UsageLedger ledger;
  ledger.source = schema.file;
  ledger.period = options.period;
  ledger.has_idle = schema.pos[kIdle] >= 0;
  ledger.parts = static_cast<unsigned>(parts.size());
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const Aggregator& a = *parts[i].aggregator;
    for (std::size_t gi = 0; gi < a.groups_.size(); ++gi) {
      const GroupKey& k = a.group_index_.keys()[gi];
      const GroupSum& sum = a.groups_[gi];
      const PriceSlot& ps = a.price_slots_[k.price];
      const SkuSlot& slot = a.slots_[ps.sku];
      const std::string_view ws = a.workspaces_.empty() ? std::string_view() : a.workspaces_[k.workspace];
      const Key key{a.period_keys_[k.period],
                    a.teams_.keys()[k.team],
                    ws,
                    slot.sku,
                    slot.cloud,
                    slot.unit,
                    ps.row->start,
                    static_cast<std::size_t>(ps.row - prices.rows().data()),
                    ps.account};
      auto [it, inserted] = groups.try_emplace(key);
      UsageGroup& g = it->second;
      if (inserted) {
        g.period = a.period_keys_[k.period];
        g.team = a.teams_.keys()[k.team];
        g.workspace_id = std::string(ws);
        g.sku_name = slot.sku;
        g.cloud = slot.cloud;
        g.usage_unit = slot.unit;
        g.price = ps.row;
        g.account = ps.account;
        g.first = {schema.file, offsets[i] + sum.first_line, static_cast<std::size_t>(schema.pos[kQuantity]) + 1,
                   "usage_quantity"};
      }
      g.quantity += sum.quantity;
      g.idle_quantity += sum.idle;
      g.records += sum.records;
    }
    for (const auto& [k, sum] : a.unpriced_) {
      const SkuSlot& slot = a.slots_[k.second];
      auto [it, inserted] =
          unpriced.try_emplace(std::make_tuple(a.period_keys_[k.first], std::string_view(slot.sku),
                                               std::string_view(slot.cloud), std::string_view(slot.unit)));
      UnpricedUsage& u = it->second;
      if (inserted) {
        u.period = a.period_keys_[k.first];
        u.sku_name = slot.sku;
        u.cloud = slot.cloud;
        u.usage_unit = slot.unit;
        u.first = {schema.file, offsets[i] + sum.first_line, static_cast<std::size_t>(schema.pos[kSku]) + 1,
                   "sku_name"};
      }
      u.quantity += sum.quantity;
      u.records += sum.records;
    }
    ledger.counts.records += a.counts_.records;
    ledger.counts.original += a.counts_.original;
    ledger.counts.retraction += a.counts_.retraction;
    ledger.counts.restatement += a.counts_.restatement;
  }
  ledger.groups.reserve(groups.size());
  for (auto& [k, g] : groups) ledger.groups.push_back(std::move(g));
  for (auto& [k, u] : unpriced) ledger.unpriced.push_back(std::move(u));
  return ledger;
}

void run_parts(std::vector<Part>& parts) {
  std::vector<std::thread> threads;
  for (std::size_t i = 1; i < parts.size(); ++i) threads.emplace_back(run_part, std::ref(parts[i]));
  run_part(parts[0]);
  for (auto& t : threads) t.join();
}

// Cut points after a newline near each even share of [begin, end).
template <class FindNewline>
std::vector<std::size_t> cut_points(std::size_t begin, std::size_t end, unsigned n, FindNewline find_newline) {
  std::vector<std::size_t> cuts = {begin};
  for (unsigned i = 1; i < n; ++i) {
    const std::size_t target = begin + (end - begin) * i / n;
    const std::size_t cut = std::max(cuts.back(), find_newline(target - 1));
    cuts.push_back(std::min(cut, end));
  }
  cuts.push_back(end);
  return cuts;
}

std::string_view header_of(std::string_view text) {
  const auto nl = text.find('\n');
  return text.substr(0, nl == std::string_view::npos ? text.size() : nl + 1);
}

}  // namespace

UsageLedger read_usage_text(std::string_view text, const std::string& name, const PriceBook& prices,
                            const UsageOptions& options) {
  const std::string_view header = header_of(text);
  const Schema schema = make_schema(header, name, options);
  const std::size_t begin = header.size();
  const unsigned n = part_count(options, text.size() - begin);
  const auto cuts = cut_points(begin, text.size(), n, [&](std::size_t from) {
    const auto nl = text.find('\n', from);
    return nl == std::string_view::npos ? text.size() : nl + 1;
  });
  std::vector<Part> parts(n);
  for (unsigned i = 0; i < n; ++i) {
    parts[i].source = std::make_unique<TextSource>(text.substr(cuts[i], cuts[i + 1] - cuts[i]));
    parts[i].aggregator = std::make_unique<Aggregator>(schema, options, prices);
  }
  run_parts(parts);
  return merge(parts, schema, options, prices);
}

UsageLedger read_usage(const std::string& path, const PriceBook& prices, const UsageOptions& options) {
  const bool gzip = path.size() > 3 && path.compare(path.size() - 3, 3, ".gz") == 0;
  struct stat st {};
  const bool regular = ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
  if (gzip || !regular) {
    // zlib reads plain text through unchanged, so this also streams pipes and other special files.
    std::vector<Part> parts(1);
    auto source = std::make_unique<GzSource>(path, options.block_bytes);
    const std::string_view first = source->next();
    const std::string_view header = header_of(first);
    const Schema schema = make_schema(header, path, options);
    parts[0].first_block = first.substr(header.size());
    parts[0].source = std::move(source);
    parts[0].aggregator = std::make_unique<Aggregator>(schema, options, prices);
    run_parts(parts);
    return merge(parts, schema, options, prices);
  }
  const Fd fd(path);
  if (::fstat(fd.get(), &st) != 0)
    throw InputError({path, 0, 0, ""}, std::string("cannot read: ") + std::strerror(errno));
  const auto size = static_cast<std::size_t>(st.st_size);
  auto find_newline = [&](std::size_t from) {
    char buf[1 << 16];
    while (from < size) {
      const ssize_t n = ::pread(fd.get(), buf, sizeof buf, static_cast<off_t>(from));
      if (n <= 0) return size;
      if (const void* nl = std::memchr(buf, '\n', static_cast<std::size_t>(n)))
        return from + static_cast<std::size_t>(static_cast<const char*>(nl) - buf) + 1;
      from += static_cast<std::size_t>(n);
    }
    return size;
  };
  const std::size_t begin = find_newline(0);
  std::string header(begin, '\0');
  if (begin > 0 && ::pread(fd.get(), header.data(), begin, 0) != static_cast<ssize_t>(begin))
    throw InputError({path, 0, 0, ""}, std::string("cannot read: ") + std::strerror(errno));
  const Schema schema = make_schema(header, path, options);
  const unsigned n = part_count(options, size - begin);
  const auto cuts = cut_points(begin, size, n, find_newline);
  const Mapping mapping(fd.get(), size);
  std::vector<Part> parts(n);
  for (unsigned i = 0; i < n; ++i) {
    if (mapping.ok())
      parts[i].source = std::make_unique<MappedRange>(mapping.data(), cuts[i], cuts[i + 1], options.block_bytes);
    else
      parts[i].source = std::make_unique<FileRange>(fd.get(), path, static_cast<off_t>(cuts[i]),
                                                    static_cast<off_t>(cuts[i + 1]), options.block_bytes);
    parts[i].aggregator = std::make_unique<Aggregator>(schema, options, prices);
  }
  run_parts(parts);
  return merge(parts, schema, options, prices);
}

}  // namespace dbcost
