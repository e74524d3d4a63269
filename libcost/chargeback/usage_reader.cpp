#include "chargeback/usage_reader.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <thread>
#include <tuple>
#include <utility>

#include "chargeback/usage_sums.h"
#include "io/byte_source.h"

namespace dbcost {
namespace {

using usage_sums::PartSums;

unsigned part_count(const UsageOptions& options, std::size_t data_bytes) {
  unsigned n = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  const std::size_t by_size = std::max<std::size_t>(1, data_bytes / std::max<std::size_t>(options.min_part_bytes, 1));
  return static_cast<unsigned>(std::min<std::size_t>(n, by_size));
}

struct Part {
  std::unique_ptr<BlockSource> source;
  std::string_view first_block;  // consumed before the source (the rest of the header block)
  std::unique_ptr<PartSums> sums;
  std::optional<UsageRowError> failure;
  std::exception_ptr error;
};

void run_part(Part& part) {
  try {
    if (!part.first_block.empty())
      part.sums->consume(part.first_block.data(), part.first_block.data() + part.first_block.size());
    while (true) {
      const std::string_view block = part.source->next();
      if (block.empty()) break;
      part.sums->consume(block.data(), block.data() + block.size());
    }
  } catch (const UsageRowError& f) {
    part.failure = f;
  } catch (...) {
    part.error = std::current_exception();
  }
}

void run_parts(std::vector<Part>& parts) {
  std::vector<std::thread> threads;
  for (std::size_t i = 1; i < parts.size(); ++i) threads.emplace_back(run_part, std::ref(parts[i]));
  run_part(parts[0]);
  for (auto& t : threads) t.join();
}

// Adds the parts' sums, turning their local numbers into names; the first error (in file order) is
// thrown with its line in the file.
class Merge {
 public:
  Merge(const UsageHeader& header, const UsageOptions& options, const PriceBook& prices)
      : header_(header), options_(options), prices_(prices) {
    ledger_.source = header.file();
    ledger_.period = options.period;
    ledger_.has_idle = header.has(usage_sums::kIdle);
  }

  UsageLedger run(std::vector<Part>& parts) {
    std::uint64_t offset = 1;  // the header line
    std::vector<std::uint64_t> offsets;
    for (auto& p : parts) {
      if (p.error) std::rethrow_exception(p.error);
      if (p.failure) throw p.failure->at(header_.file(), offset);
      offsets.push_back(offset);
      offset += p.sums->lines();
    }
    ledger_.parts = static_cast<unsigned>(parts.size());
    std::vector<std::vector<GroupMap::iterator>> part_groups(parts.size());
    for (std::size_t i = 0; i < parts.size(); ++i) {
      const PartSums& a = *parts[i].sums;
      part_groups[i] = add_groups(a, offsets[i]);
      add_unpriced(a, offsets[i]);
      ledger_.counts.records += a.counts().records;
      ledger_.counts.original += a.counts().original;
      ledger_.counts.retraction += a.counts().retraction;
      ledger_.counts.restatement += a.counts().restatement;
    }
    shared_matched_.assign(options_.rules.shared_ids.size(), 0);
    for (const auto& part : parts) {
      const auto& m = part.sums->teams().shared_ids_matched();
      for (std::size_t i = 0; i < m.size(); ++i) shared_matched_[i] |= m[i];
    }
    std::set<std::string> accounts;
    for (const auto& part : parts) accounts.insert(part.sums->accounts().begin(), part.sums->accounts().end());
    ledger_.account_ids.assign(accounts.begin(), accounts.end());
    if (options_.resource_usage) add_resource_usage(parts, part_groups);
    ledger_.groups.reserve(groups_.size());
    for (auto& [k, g] : groups_) ledger_.groups.push_back(std::move(g));
    for (auto& [k, u] : unpriced_) ledger_.unpriced.push_back(std::move(u));
    return std::move(ledger_);
  }

  // The first --shared-id that no record's ids matched (a repeated id counts at its first index).
  std::optional<std::string> unmatched_shared_id() const {
    const auto& ids = options_.rules.shared_ids;
    for (std::size_t i = 0; i < ids.size(); ++i) {
      const auto first = static_cast<std::size_t>(std::find(ids.begin(), ids.end(), ids[i]) - ids.begin());
      if (!shared_matched_[first]) return ids[i];
    }
    return std::nullopt;
  }

 private:
  using GroupName = std::tuple<std::int64_t, std::string_view, std::string_view, std::string_view, std::string_view,
                               std::string_view, UnixSeconds, std::size_t, const PriceRow*, std::string_view>;
  using UnpricedName = std::tuple<std::int64_t, std::string_view, std::string_view, std::string_view>;
  using GroupMap = std::map<GroupName, UsageGroup>;

  // The part's groups added to the merged ones; the merged group of each of the part's numbers.
  std::vector<GroupMap::iterator> add_groups(const PartSums& a, std::uint64_t offset) {
    const auto& periods = a.periods().keys();
    const auto& teams = a.teams().names();
    const auto& workspaces = a.workspaces().names();
    const auto& details = a.details().names();
    std::vector<GroupMap::iterator> merged;
    merged.reserve(a.groups().sums().size());
    for (std::size_t gi = 0; gi < a.groups().sums().size(); ++gi) {
      const usage_sums::GroupKey& k = a.groups().keys()[gi];
      const usage_sums::GroupSum& sum = a.groups().sums()[gi];
      const usage_sums::PriceSlot& ps = a.prices().price_slots()[k.price];
      const usage_sums::SkuSlot& slot = a.prices().slots()[ps.sku];
      const std::string_view ws = workspaces.empty() ? std::string_view() : workspaces[k.workspace];
      const GroupName name{periods[k.period],
                           teams[k.team],
                           ws,
                           slot.sku,
                           slot.cloud,
                           slot.unit,
                           ps.row->start,
                           static_cast<std::size_t>(ps.row - prices_.rows().data()),
                           ps.account,
                           details[k.detail]};
      auto [it, inserted] = groups_.try_emplace(name);
      merged.push_back(it);
      UsageGroup& g = it->second;
      if (inserted) {
        g.period = periods[k.period];
        g.team = teams[k.team];
        g.workspace_id = std::string(ws);
        g.sku_name = slot.sku;
        g.cloud = slot.cloud;
        g.usage_unit = slot.unit;
        g.detail = details[k.detail];
        g.price = ps.row;
        g.account = ps.account;
        g.first = {header_.file(), offset + sum.first_line, header_.position(usage_sums::kQuantity) + std::size_t{1},
                   "usage_quantity"};
      }
      g.quantity += sum.quantity;
      g.idle_quantity += sum.idle;
      g.records += sum.records;
    }
    return merged;
  }

  // Every part's (resource, hour, group) sums under the merged groups' indices, added and sorted.
  void add_resource_usage(const std::vector<Part>& parts,
                          const std::vector<std::vector<GroupMap::iterator>>& part_groups) {
    std::map<const UsageGroup*, std::size_t> index_of;
    std::size_t next = 0;
    for (auto& [name, g] : groups_) index_of.emplace(&g, next++);
    auto& out = ledger_.resource_usage;
    for (std::size_t i = 0; i < parts.size(); ++i) {
      const usage_sums::ResourceSums& r = parts[i].sums->resources();
      std::vector<std::size_t> group_index;
      for (const auto& it : part_groups[i]) group_index.push_back(index_of.at(&it->second));
      for (std::size_t k = 0; k < r.keys().size(); ++k) {
        const usage_sums::ResourceKey& key = r.keys()[k];
        out.push_back({key.kind, r.ids()[key.id], key.hour, group_index[key.group], r.sums()[k]});
      }
    }
    auto order = [](const ResourceUsage& a, const ResourceUsage& b) {
      return std::tie(a.kind, a.id, a.hour, a.group) < std::tie(b.kind, b.id, b.hour, b.group);
    };
    std::sort(out.begin(), out.end(), order);
    std::size_t kept = 0;
    for (std::size_t i = 0; i < out.size(); ++i) {
      if (kept > 0 && !order(out[kept - 1], out[i])) {
        out[kept - 1].quantity += out[i].quantity;
        continue;
      }
      if (kept != i) out[kept] = std::move(out[i]);
      ++kept;
    }
    out.resize(kept);
  }

  void add_unpriced(const PartSums& a, std::uint64_t offset) {
    const auto& periods = a.periods().keys();
    for (const auto& [k, sum] : a.groups().unpriced()) {
      const usage_sums::SkuSlot& slot = a.prices().slots()[k.second];
      auto [it, inserted] = unpriced_.try_emplace(UnpricedName{periods[k.first], slot.sku, slot.cloud, slot.unit});
      UnpricedUsage& u = it->second;
      if (inserted) {
        u.period = periods[k.first];
        u.sku_name = slot.sku;
        u.cloud = slot.cloud;
        u.usage_unit = slot.unit;
        u.first = {header_.file(), offset + sum.first_line, header_.position(usage_sums::kSku) + std::size_t{1},
                   "sku_name"};
      }
      u.quantity += sum.quantity;
      u.records += sum.records;
    }
  }

  const UsageHeader& header_;
  const UsageOptions& options_;
  const PriceBook& prices_;
  UsageLedger ledger_;
  std::vector<char> shared_matched_;
  GroupMap groups_;
  std::map<UnpricedName, UnpricedUsage> unpriced_;
};

// Reads the input again from its start; empty when it cannot be read twice (a pipe).
using Reread = std::function<std::unique_ptr<BlockSource>()>;

// The ids of the records read again, for the did-you-mean of an unmatched --shared-id; none when
// the input cannot be read again (or no longer reads as it did).
std::vector<std::string> seen_ids(const Reread& reread, const UsageHeader& header, const UsageOptions& options) {
  if (!reread) return {};
  usage_sums::SeenIds seen(header, options.rules);
  try {
    const auto source = reread();
    std::string_view block = source->next();
    block.remove_prefix(first_line_of(block).size());
    while (!block.empty()) {
      seen.consume(block.data(), block.data() + block.size());
      block = source->next();
    }
  } catch (const std::exception&) {
  }
  return seen.ids();
}

UsageLedger sum_parts(std::vector<Part>& parts, const UsageHeader& header, const UsageOptions& options,
                      const PriceBook& prices, const Reread& reread) {
  for (auto& part : parts) part.sums = std::make_unique<PartSums>(header, options, prices);
  run_parts(parts);
  Merge merge(header, options, prices);
  UsageLedger ledger = merge.run(parts);
  if (!options.require_shared_id_match) return ledger;
  if (const auto id = merge.unmatched_shared_id())
    throw InputError({header.file(), 0, 0, options.shared_id_option},
                     "'" + *id +
                         "' matches no job_id, cluster_id, warehouse_id, run_as or workspace_id of its records" +
                         did_you_mean(*id, seen_ids(reread, header, options)));
  return ledger;
}

bool is_regular_file(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

// A .gz file, a pipe or another special file: one part, streamed from its start.
UsageLedger read_stream(const std::string& path, const PriceBook& prices, const UsageOptions& options) {
  std::vector<Part> parts(1);
  auto source = std::make_unique<GzipSource>(path, options.block_bytes);
  const std::string_view first = source->next();
  const std::string_view header_line = first_line_of(first);
  const UsageHeader header(header_line, path, usage_sums::wanted_columns(options));
  parts[0].first_block = first.substr(header_line.size());
  parts[0].source = std::move(source);
  Reread reread;
  if (is_regular_file(path)) reread = [&] { return open_block_source(path, options.block_bytes); };
  return sum_parts(parts, header, options, prices, reread);
}

}  // namespace

UsageLedger read_usage_text(std::string_view text, const std::string& name, const PriceBook& prices,
                            const UsageOptions& options) {
  const std::string_view header_line = first_line_of(text);
  const UsageHeader header(header_line, name, usage_sums::wanted_columns(options));
  const std::size_t begin = header_line.size();
  const unsigned n = part_count(options, text.size() - begin);
  const auto cuts = cut_points(begin, text.size(), n, [&](std::size_t from) {
    const auto nl = text.find('\n', from);
    return nl == std::string_view::npos ? text.size() : nl + 1;
  });
  std::vector<Part> parts(n);
  for (unsigned i = 0; i < n; ++i)
    parts[i].source = std::make_unique<TextSource>(text.substr(cuts[i], cuts[i + 1] - cuts[i]));
  return sum_parts(parts, header, options, prices, [&] { return std::make_unique<TextSource>(text); });
}

UsageLedger read_usage(const std::string& path, const PriceBook& prices, const UsageOptions& options) {
  if (!is_plain_regular_file(path)) return read_stream(path, prices, options);
  const Fd fd(path);
  struct stat st {};
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
  std::string header_line(begin, '\0');
  if (begin > 0 && ::pread(fd.get(), header_line.data(), begin, 0) != static_cast<ssize_t>(begin))
    throw InputError({path, 0, 0, ""}, std::string("cannot read: ") + std::strerror(errno));
  const UsageHeader header(header_line, path, usage_sums::wanted_columns(options));
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
  }
  Reread reread;
  if (is_regular_file(path)) reread = [&] { return open_block_source(path, options.block_bytes); };
  return sum_parts(parts, header, options, prices, reread);
}

}  // namespace dbcost
