#include "chargeback/usage_reader.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <tuple>
#include <utility>

#include "chargeback/usage_sums.h"
#include "io/byte_source.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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

  // `numbered_in_file`: the parts number their lines in the whole file's count (blocks of a stream
  // taken by several threads); otherwise each part follows the one before it in the file.
  UsageLedger run(std::vector<Part>& parts, bool numbered_in_file = false) {
    std::uint64_t offset = 1;  // the header line
    std::vector<std::uint64_t> offsets;
    if (numbered_in_file) {
      offsets.assign(parts.size(), offset);
      const UsageRowError* first = nullptr;
      for (auto& p : parts)
        if (p.failure && (!first || p.failure->line < first->line)) first = &*p.failure;
      if (first) throw first->at(header_.file(), offset);
      for (auto& p : parts)
        if (p.error) std::rethrow_exception(p.error);
    }
    for (auto& p : parts) {
      if (numbered_in_file) break;
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
      if (!inserted && offset + sum.first_line < g.first.line) g.first.line = offset + sum.first_line;
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
      if (!inserted && offset + sum.first_line < u.first.line) u.first.line = offset + sum.first_line;
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
                      const PriceBook& prices, const Reread& reread,
                      const std::function<void(std::vector<Part>&)>& run = run_parts, bool numbered_in_file = false) {
  for (auto& part : parts) part.sums = std::make_unique<PartSums>(header, options, prices);
  run(parts);
  Merge merge(header, options, prices);
  UsageLedger ledger = merge.run(parts, numbered_in_file);
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

std::uint64_t count_newlines(const char* p, std::size_t n) {
  std::uint64_t count = 0;
  std::size_t i = 0;
#if defined(__SSE2__)
  const __m128i nl = _mm_set1_epi8('\n');
  while (n - i >= 16) {
    __m128i bytes = _mm_setzero_si128();  // per byte lane: newlines seen, at most 255
    for (int k = 0; k < 255 && n - i >= 16; ++k, i += 16)
      bytes = _mm_sub_epi8(bytes, _mm_cmpeq_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i)), nl));
    const __m128i sums = _mm_sad_epu8(bytes, _mm_setzero_si128());
    count += static_cast<std::uint64_t>(_mm_cvtsi128_si64(sums)) +
             static_cast<std::uint64_t>(_mm_cvtsi128_si64(_mm_unpackhi_epi64(sums, sums)));
  }
#endif
  for (; i < n; ++i) count += p[i] == '\n';
  return count;
}

// Blocks of complete lines of a stream, numbered by their first line, on their way from the thread
// that reads (decompresses) them to the threads that sum them; at most `capacity` wait, and their
// buffers come back for the next blocks. stop() (a part failed) ends the stream early.
class BlockQueue {
 public:
  struct Block {
    std::vector<char> buffer;
    std::size_t begin = 0, end = 0;
    std::uint64_t first_line = 0;
  };

  explicit BlockQueue(std::size_t capacity) : capacity_(capacity) {}

  bool push(Block block) {
    std::unique_lock lock(mutex_);
    not_full_.wait(lock, [&] { return blocks_.size() < capacity_ || stopped_; });
    if (stopped_) return false;
    blocks_.push_back(std::move(block));
    not_empty_.notify_one();
    return true;
  }
  std::optional<Block> pop() {
    std::unique_lock lock(mutex_);
    not_empty_.wait(lock, [&] { return !blocks_.empty() || finished_ || stopped_; });
    if (stopped_ || blocks_.empty()) return std::nullopt;
    Block block = std::move(blocks_.front());
    blocks_.pop_front();
    not_full_.notify_one();
    return block;
  }
  void finish() {
    const std::lock_guard lock(mutex_);
    finished_ = true;
    not_empty_.notify_all();
  }
  void stop() {
    const std::lock_guard lock(mutex_);
    stopped_ = true;
    not_full_.notify_all();
    not_empty_.notify_all();
  }
  std::vector<char> spare(std::size_t size) {
    std::vector<char> buffer;
    {
      const std::lock_guard lock(mutex_);
      if (!spares_.empty()) {
        buffer = std::move(spares_.back());
        spares_.pop_back();
      }
    }
    if (buffer.size() < size) buffer.resize(size);
    return buffer;
  }
  void give_back(std::vector<char> buffer) {
    const std::lock_guard lock(mutex_);
    spares_.push_back(std::move(buffer));
  }

 private:
  std::size_t capacity_;
  std::mutex mutex_;
  std::condition_variable not_full_, not_empty_;
  std::deque<Block> blocks_;
  std::vector<std::vector<char>> spares_;
  bool finished_ = false, stopped_ = false;
};

// Reads a GzipFile into blocks of complete lines (the last line of the input may lack its newline).
class GzipBlocks {
 public:
  GzipBlocks(const std::string& path, std::size_t block) : file_(path), block_(std::max<std::size_t>(block, 4096)) {}

  // The next block in `buffer` ([0, end) of it); false at the end of the input.
  bool next(std::vector<char>& buffer, std::size_t& end) {
    if (const std::size_t need = std::max(block_, 2 * carry_.size()); buffer.size() < need) buffer.resize(need);
    if (!carry_.empty()) std::memcpy(buffer.data(), carry_.data(), carry_.size());
    std::size_t filled = carry_.size();
    carry_.clear();
    while (!eof_ && filled < buffer.size()) {
      const std::size_t n = file_.read(buffer.data() + filled, buffer.size() - filled);
      if (n == 0) eof_ = true;
      filled += n;
      if (filled == buffer.size() && !::memrchr(buffer.data(), '\n', filled)) buffer.resize(buffer.size() * 2);
    }
    if (filled == 0) return false;
    end = filled;
    if (!eof_) {
      end = static_cast<std::size_t>(static_cast<const char*>(::memrchr(buffer.data(), '\n', filled)) - buffer.data()) +
            1;
      carry_.assign(buffer.data() + end, buffer.data() + filled);
    }
    return true;
  }

 private:
  GzipFile file_;
  std::size_t block_;
  std::vector<char> carry_;
  bool eof_ = false;
};

// A .gz file, a pipe or another special file on `threads` (>= 2) threads: this one decompresses or
// reads blocks of lines; the others take them in turn, each summing its blocks into its own part,
// every line numbered as in the whole file. The parts are added as those of a plain file are.
UsageLedger read_stream_parallel(const std::string& path, const PriceBook& prices, const UsageOptions& options,
                                 unsigned threads) {
  const std::size_t block = std::min<std::size_t>(options.block_bytes, 2u << 20);
  GzipBlocks reader(path, block);
  std::vector<char> first;
  std::size_t first_end = 0;
  if (!reader.next(first, first_end)) first_end = 0;
  const std::string_view first_text(first.data(), first_end);
  const std::string_view header_line = first_line_of(first_text);
  const UsageHeader header(header_line, path, usage_sums::wanted_columns(options));

  const unsigned summers = threads - 1;
  BlockQueue queue(2 * summers);
  std::exception_ptr read_error;
  auto run = [&](std::vector<Part>& parts) {
    auto sum_blocks = [&queue](Part& part) {
      try {
        while (auto block = queue.pop()) {
          part.sums->consume(block->buffer.data() + block->begin, block->buffer.data() + block->end, block->first_line);
          queue.give_back(std::move(block->buffer));
        }
      } catch (const UsageRowError& f) {
        part.failure = f;
        queue.stop();
      } catch (...) {
        part.error = std::current_exception();
        queue.stop();
      }
    };
    std::vector<std::thread> workers;
    for (auto& part : parts) workers.emplace_back(sum_blocks, std::ref(part));
    try {
      std::uint64_t line = 1;
      BlockQueue::Block b{std::move(first), header_line.size(), first_end, line};
      while (b.end > b.begin) {
        line += count_newlines(b.buffer.data() + b.begin, b.end - b.begin);
        if (!queue.push(std::move(b))) break;
        b = BlockQueue::Block{queue.spare(block), 0, 0, line};
        if (!reader.next(b.buffer, b.end)) break;
      }
    } catch (...) {
      read_error = std::current_exception();
    }
    queue.finish();
    for (auto& w : workers) w.join();
    // After any error in the lines read before it, as when the stream is read on one thread.
    if (read_error && !parts[0].error) parts[0].error = read_error;
  };
  std::vector<Part> parts(summers);
  Reread reread;
  if (is_regular_file(path)) reread = [&] { return open_block_source(path, options.block_bytes); };
  return sum_parts(parts, header, options, prices, reread, run, true);
}

// A .gz file, a pipe or another special file: one part, streamed from its start.
UsageLedger read_stream(const std::string& path, const PriceBook& prices, const UsageOptions& options) {
  const unsigned threads = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  if (threads > 1) return read_stream_parallel(path, prices, options, threads);
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
