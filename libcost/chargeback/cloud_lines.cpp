#include "chargeback/cloud_lines.h"

#include <sys/stat.h>

#include <algorithm>
#include <cstring>
#include <exception>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include "io/byte_source.h"

namespace dbcost::cloud_lines {
namespace {

// Where each line of one input, or of one part of it, goes.
class LineSorter {
 public:
  LineSorter(const UsageLedger& ledger, const WholeBillOptions& options)
      : ledger_(ledger), options_(options), targets_(ledger, options.rules, options.clusters) {}

  // The line's cost: billed, amortized, or (auto) billed where the line has it, else amortized (an
  // Azure amortized export has only amortized cost for committed usage).
  void add(const CloudCostLine& line, const std::string& file) {
    const CloudAmount want = options_.amount;
    const bool amortized =
        want == CloudAmount::Amortized || (want == CloudAmount::Auto && !line.billed_cost && line.effective_cost);
    const std::optional<Decimal>& cost = amortized ? line.effective_cost : line.billed_cost;
    if (!cost)
      throw InputError({file, line.line, 0, amortized ? "amortized cost" : "billed cost"},
                       amortized ? "this line has no amortized cost (an actual-cost export leaves committed usage "
                                   "unamortized): use --cloud-cost billed"
                                 : "this line has no billed cost (an amortized export spreads committed usage): use "
                                   "--cloud-cost amortized");
    const std::int64_t period = period_key_of_day(ledger_.period, day_of(line.charge_period_start));
    cloud_targets::Bucket& bucket = bucket_of(period, line);
    bucket.all += cost->raw();
    const Decimal list = line.list_cost ? *line.list_cost : *cost;
    targets_.place(line, *cost, list, period, bucket, result.counts);
    result.amortized |= amortized;
    ++result.lines;
  }

  ReadResult result;

 private:
  // Lines come in runs of one period, currency, provider and account: the last bucket is kept.
  cloud_targets::Bucket& bucket_of(std::int64_t period, const CloudCostLine& line) {
    if (last_bucket_ && std::get<0>(*last_key_) == period && std::get<1>(*last_key_) == line.currency &&
        std::get<2>(*last_key_) == line.provider && std::get<3>(*last_key_) == line.billing_account_id)
      return *last_bucket_;
    auto [it, inserted] = result.buckets.try_emplace({period, line.currency, line.provider, line.billing_account_id});
    last_key_ = &it->first;
    last_bucket_ = &it->second;
    return it->second;
  }

  const UsageLedger& ledger_;
  const WholeBillOptions& options_;
  cloud_targets::Targets targets_;
  const BucketKey* last_key_ = nullptr;
  cloud_targets::Bucket* last_bucket_ = nullptr;
};

void merge(ReadResult& into, ReadResult&& part) {
  into.format = part.format;
  into.lines += part.lines;
  into.amortized |= part.amortized;
  add_counts(into.counts, part.counts);
  for (auto& [key, bucket] : part.buckets) {
    auto [it, inserted] = into.buckets.try_emplace(key);
    if (inserted)
      it->second = std::move(bucket);
    else
      it->second.merge(bucket);
  }
}

ReadResult read_whole(const CloudInput& input, const UsageLedger& ledger, const WholeBillOptions& options) {
  LineSorter sorter(ledger, options);
  const CloudCostSink sink = [&](const CloudCostLine& line) { sorter.add(line, input.name); };
  if (input.text) {
    TextSource source(*input.text);
    sorter.result.format = read_cloud_cost_lines(source, input.name, options.read, sink);
  } else {
    sorter.result.format = read_cloud_cost_lines(input.name, options.read, sink);
  }
  return std::move(sorter.result);
}

unsigned part_count(const WholeBillOptions& options, std::size_t bytes) {
  const unsigned n = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  const std::size_t by_size = std::max<std::size_t>(1, bytes / std::max<std::size_t>(options.min_part_bytes, 1));
  return static_cast<unsigned>(std::min<std::size_t>(n, by_size));
}

struct Part {
  std::size_t begin = 0, end = 0;
  std::uint64_t first_line = 0;
  std::optional<LineSorter> sorter;
  std::exception_ptr error;
};

// A plain file in parts, or nullopt when it is not worth cutting (or cannot be mapped).
std::optional<ReadResult> read_parts(const std::string& path, const UsageLedger& ledger,
                                     const WholeBillOptions& options) {
  const Fd fd(path);
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return std::nullopt;
  const auto size = static_cast<std::size_t>(st.st_size);
  if (part_count(options, size) < 2) return std::nullopt;
  const Mapping mapping(fd.get(), size);
  if (!mapping.ok()) return std::nullopt;
  const char* data = mapping.data();
  const auto find_newline = [&](std::size_t from) {
    const void* nl = from < size ? std::memchr(data + from, '\n', size - from) : nullptr;
    return nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - data) + 1 : size;
  };
  const std::size_t header_end = find_newline(0);
  const std::string_view header_line(data, header_end);
  const unsigned n = part_count(options, size - header_end);
  if (n < 2) return std::nullopt;
  const auto cuts = cut_points(header_end, size, n, find_newline);
  std::vector<Part> parts(n);
  std::uint64_t line = 2;
  for (unsigned i = 0; i < n; ++i) {
    parts[i].begin = cuts[i];
    parts[i].end = cuts[i + 1];
    parts[i].first_line = line;
    line += static_cast<std::uint64_t>(std::count(data + cuts[i], data + cuts[i + 1], '\n'));
    parts[i].sorter.emplace(ledger, options);
  }
  const auto run = [&](Part& part) {
    try {
      MappedRange body(data, part.begin, part.end, options.read.block_bytes);
      LineSorter& sorter = *part.sorter;
      sorter.result.format = read_cloud_cost_part(header_line, body, path, part.first_line, options.read,
                                                  [&](const CloudCostLine& l) { sorter.add(l, path); });
    } catch (...) {
      part.error = std::current_exception();
    }
  };
  std::vector<std::thread> threads;
  for (unsigned i = 1; i < n; ++i) threads.emplace_back(run, std::ref(parts[i]));
  run(parts[0]);
  for (auto& t : threads) t.join();
  ReadResult out;
  for (auto& part : parts) {
    if (part.error) std::rethrow_exception(part.error);
    merge(out, std::move(part.sorter->result));
  }
  return out;
}

}  // namespace

void add_counts(CloudLineCounts& into, const CloudLineCounts& from) {
  into.by_hour_usage += from.by_hour_usage;
  into.by_period_usage += from.by_period_usage;
  into.by_tags += from.by_tags;
  into.idle_pool += from.idle_pool;
  into.unattributed += from.unattributed;
  into.not_databricks += from.not_databricks;
  into.dbu_charges += from.dbu_charges;
}

ReadResult read_cloud_input(const CloudInput& input, const UsageLedger& ledger, const WholeBillOptions& options) {
  if (!input.text && options.threads != 1 && is_plain_regular_file(input.name))
    if (auto parts = read_parts(input.name, ledger, options)) return std::move(*parts);
  return read_whole(input, ledger, options);
}

}  // namespace dbcost::cloud_lines
