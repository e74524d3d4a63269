#include "schedule/fire_time_cache.h"

#include <map>
#include <mutex>
#include <string>
#include <tuple>

namespace dbcost {

namespace {

using Key = std::tuple<std::string, const date::time_zone*, UnixSeconds, UnixSeconds, std::size_t>;

struct Cache {
  std::mutex mutex;
  std::map<Key, FireTimes> lists;
  std::size_t times = 0;
};

Cache& cache() {
  static Cache c;
  return c;
}

}  // namespace

FireTimes shared_fire_times(const QuartzCron& cron, UnixSeconds from, UnixSeconds to, const date::time_zone* zone,
                            std::size_t limit) {
  Key key{cron.expression(), zone, from, to, limit};
  Cache& c = cache();
  {
    const std::lock_guard<std::mutex> lock(c.mutex);
    if (const auto it = c.lists.find(key); it != c.lists.end()) return it->second;
  }
  // Expanded outside the lock: two threads may both expand a new key, and the first one kept wins.
  auto list = std::make_shared<const std::vector<UnixSeconds>>(cron.fire_times(from, to, zone, limit));
  const std::lock_guard<std::mutex> lock(c.mutex);
  if (const auto it = c.lists.find(key); it != c.lists.end()) return it->second;
  if (c.lists.size() >= detail::kMaxFireTimeEntries || c.times + list->size() > detail::kMaxFireTimes) {
    c.lists.clear();
    c.times = 0;
  }
  c.times += list->size();
  c.lists.emplace(std::move(key), list);
  return list;
}

std::size_t detail::fire_time_cache_entries() {
  const std::lock_guard<std::mutex> lock(cache().mutex);
  return cache().lists.size();
}

}  // namespace dbcost
