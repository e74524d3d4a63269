// Quartz cron expression + time zone -> fire times (schedule/quartz_cron.h).
//
// Input: the expression on the first line, the IANA time zone on the second (UTC when absent) and
// optionally a start instant on the third (parse_time_point's forms; 2026-01-01 when absent). From
// the start, and from near both ends of the supported years, up to kSteps fire times are stepped
// through with next_after, then a week's runs are listed with fire_times. next_after must move
// strictly forward and fire_times must come back sorted and inside the window.
#include <cstdlib>

#include "fuzz_input.h"
#include "schedule/quartz_cron.h"

namespace {

constexpr int kSteps = 32;
constexpr dbcost::UnixSeconds kWeek = 7 * 86400;

std::string_view line(std::string_view& rest) {
  const auto nl = rest.find('\n');
  const std::string_view out = rest.substr(0, nl);
  rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
  return out;
}

void step(const dbcost::QuartzCron& cron, dbcost::UnixSeconds t, const date::time_zone* zone) {
  for (int i = 0; i < kSteps; ++i) {
    const auto next = cron.next_after(t, zone);
    if (!next) return;
    if (*next <= t) std::abort();  // not strictly after
    t = *next;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view rest = dbcost::fuzz::as_text(data, size);
  const std::string_view expr = line(rest);
  const std::string zone_id(line(rest));
  const std::string start_text(line(rest));
  try {
    const dbcost::QuartzCron cron = dbcost::QuartzCron::parse(expr);
    const date::time_zone* zone = dbcost::find_time_zone(zone_id.empty() ? "UTC" : zone_id);
    const dbcost::UnixSeconds start =
        dbcost::parse_time_point(start_text.empty() ? "2026-01-01" : start_text, zone, "start");
    step(cron, start, zone);
    step(cron, dbcost::parse_time_point("1970-01-01", zone, "start") - 1, zone);
    step(cron, dbcost::parse_time_point("2199-12-01", zone, "start"), zone);
    const auto runs = cron.fire_times(start, start + kWeek, zone, 10'000);
    for (std::size_t i = 0; i < runs.size(); ++i)
      if (runs[i] < start || runs[i] >= start + kWeek || (i > 0 && runs[i] <= runs[i - 1])) std::abort();
  } catch (const dbcost::CronParseError&) {
  } catch (const dbcost::InputError&) {
  } catch (const dbcost::ModelError&) {
  }
  return 0;
}
