// Quartz fire times expanded once and shared. Expanding a cron over a month is most of what a
// Monte Carlo trial of a scheduled workload costs, and every trial, thread, `compare` variant and
// `spot` sweep of a scenario asks for the same (expression, zone, period) again. The first caller
// expands it (QuartzCron::fire_times); later callers get the same immutable list. Thread-safe;
// an expansion that throws (too many runs) is not kept, so each caller sees the error. The cache
// holds at most kMaxEntries lists and kMaxTimes fire times in all, and starts over when full.
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

#include "schedule/quartz_cron.h"

namespace dbcost {

using FireTimes = std::shared_ptr<const std::vector<UnixSeconds>>;

// cron.fire_times(from, to, zone, limit) with the default thinning, shared.
FireTimes shared_fire_times(const QuartzCron& cron, UnixSeconds from, UnixSeconds to, const date::time_zone* zone,
                            std::size_t limit);

namespace detail {
inline constexpr std::size_t kMaxFireTimeEntries = 4096;
inline constexpr std::size_t kMaxFireTimes = std::size_t{32} << 20;  // 256 MiB of UnixSeconds
// Entries held now (for tests).
std::size_t fire_time_cache_entries();
}  // namespace detail

}  // namespace dbcost
