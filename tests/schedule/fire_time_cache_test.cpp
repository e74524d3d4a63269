#include "schedule/fire_time_cache.h"

#include <gtest/gtest.h>

#include <thread>

#include "core/errors.h"
#include "schedule/time.h"

namespace dbcost {
namespace {

UnixSeconds at(const char* iso) { return parse_time_point(iso, nullptr, "t"); }

TEST(FireTimeCacheTest, OneExpansionSharedByEveryCaller) {
  const QuartzCron cron = QuartzCron::parse("0 15 6 ? * MON-FRI");
  const UnixSeconds from = at("2026-03-01"), to = at("2026-04-01");
  const FireTimes first = shared_fire_times(cron, from, to, nullptr, 1000);
  // March 2026 has 22 weekdays.
  ASSERT_EQ(first->size(), 22u);
  EXPECT_EQ(*first, cron.fire_times(from, to, nullptr, 1000));
  // The same expression parsed again, from another thread, gets the same list.
  FireTimes other;
  std::thread t([&] { other = shared_fire_times(QuartzCron::parse("0 15 6 ? * MON-FRI"), from, to, nullptr, 1000); });
  t.join();
  EXPECT_EQ(other.get(), first.get());
  // Another period or zone is another list.
  const FireTimes april = shared_fire_times(cron, to, at("2026-05-01"), nullptr, 1000);
  EXPECT_NE(april.get(), first.get());
  EXPECT_EQ(april->size(), 22u);  // April 2026: 22 weekdays
}

TEST(FireTimeCacheTest, AnExpansionThatThrowsIsNotKept) {
  const QuartzCron every_minute = QuartzCron::parse("0 * * * * ?");
  const UnixSeconds from = at("2026-03-01"), to = at("2026-03-02");
  const std::size_t before = detail::fire_time_cache_entries();
  EXPECT_THROW(shared_fire_times(every_minute, from, to, nullptr, 100), ModelError);  // 1,440 runs
  EXPECT_EQ(detail::fire_time_cache_entries(), before);
  EXPECT_THROW(shared_fire_times(every_minute, from, to, nullptr, 100), ModelError);  // and again
  EXPECT_EQ(shared_fire_times(every_minute, from, to, nullptr, 2000)->size(), 1440u);
}

}  // namespace
}  // namespace dbcost
