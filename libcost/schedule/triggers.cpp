#include "schedule/triggers.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <queue>

#include <boost/random/exponential_distribution.hpp>

#include "core/ascii_case.h"
#include "core/errors.h"

namespace dbcost {

namespace {

constexpr std::array<const char*, 7> kDayNames = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

[[noreturn]] void bad(const std::string& field, std::string_view text, std::size_t pos, const std::string& why) {
  throw InputError(SourceLocation{"", 0, 0, field},
                   "'" + std::string(text) + "' at position " + std::to_string(pos) + ": " + why);
}

}  // namespace

InputError cron_input_error(const CronParseError& e, std::string_view expr, const std::string& field) {
  return InputError(SourceLocation{"", 0, 0, field}, "'" + std::string(expr) + "' " + e.what());
}

CronSchedule CronSchedule::from_settings(std::string_view quartz_cron_expression, const std::string& timezone_id,
                                         std::string_view pause_status, const std::string& prefix) {
  const std::string status = ascii_upper(pause_status);
  if (!status.empty() && status != "PAUSED" && status != "UNPAUSED")
    throw InputError(SourceLocation{"", 0, 0, prefix + "pause_status"},
                     "expected PAUSED or UNPAUSED, got '" + std::string(pause_status) + "'" +
                         did_you_mean(std::string(pause_status), {"PAUSED", "UNPAUSED"}));
  try {
    return CronSchedule{QuartzCron::parse(quartz_cron_expression), find_time_zone(timezone_id, prefix + "timezone_id"),
                        status == "PAUSED"};
  } catch (const CronParseError& e) {
    throw cron_input_error(e, quartz_cron_expression, prefix + "quartz_cron_expression");
  }
}

std::vector<UnixSeconds> CronSchedule::run_times(UnixSeconds from, UnixSeconds to, std::size_t limit) const {
  if (paused) return {};
  return cron.fire_times(from, to, zone, limit);
}

std::size_t CronSchedule::run_count(UnixSeconds from, UnixSeconds to) const {
  return paused ? 0 : cron.count(from, to, zone);
}

PeriodicUnit parse_periodic_unit(std::string_view text, const std::string& field) {
  const std::string u = ascii_upper(text);
  if (u == "MINUTES") return PeriodicUnit::Minutes;
  if (u == "HOURS") return PeriodicUnit::Hours;
  if (u == "DAYS") return PeriodicUnit::Days;
  if (u == "WEEKS") return PeriodicUnit::Weeks;
  throw InputError(SourceLocation{"", 0, 0, field}, "expected MINUTES, HOURS, DAYS or WEEKS, got '" +
                                                        std::string(text) + "'" +
                                                        did_you_mean(u, {"MINUTES", "HOURS", "DAYS", "WEEKS"}));
}

std::int64_t period_seconds(std::int64_t interval, PeriodicUnit unit) {
  switch (unit) {
    case PeriodicUnit::Minutes:
      return interval * 60;
    case PeriodicUnit::Hours:
      return interval * 3600;
    case PeriodicUnit::Days:
      return interval * 86400;
    case PeriodicUnit::Weeks:
      break;
  }
  return interval * 7 * 86400;
}

std::vector<UnixSeconds> periodic_run_times(UnixSeconds start, std::int64_t interval, PeriodicUnit unit,
                                            UnixSeconds from, UnixSeconds to, std::size_t limit) {
  if (interval < 1)
    throw InputError(SourceLocation{"", 0, 0, "trigger.periodic.interval"},
                     "the interval must be a whole number >= 1, got " + std::to_string(interval));
  const std::int64_t period = period_seconds(interval, unit);
  std::vector<UnixSeconds> out;
  const UnixSeconds first_k = from <= start ? 0 : detail::floor_div(from - start + period - 1, period);
  for (UnixSeconds t = start + first_k * period; t < to; t += period) {
    if (out.size() == limit)
      throw ModelError("a periodic trigger runs more than " + std::to_string(limit) + " times in [" + format_utc(from) +
                       ", " + format_utc(to) + ")");
    out.push_back(t);
  }
  return out;
}

bool HourWindow::contains(std::int64_t second_of_day) const {
  const std::int64_t b = std::int64_t{begin_minute} * 60, e = std::int64_t{end_minute} * 60;
  return b <= e ? second_of_day >= b && second_of_day < e : second_of_day >= b || second_of_day < e;
}

std::int64_t HourWindow::open_seconds_per_day() const {
  const std::int64_t len = std::int64_t{end_minute - begin_minute} * 60;
  return len >= 0 ? len : len + 86400;
}

HourWindow parse_hour_window(std::string_view text, const std::string& field) {
  std::size_t i = 0;
  const auto time = [&](bool end) {
    const std::size_t at = i;
    const auto two = [&] {
      if (i + 2 > text.size() || !std::isdigit(static_cast<unsigned char>(text[i])) ||
          !std::isdigit(static_cast<unsigned char>(text[i + 1])))
        bad(field, text, i, "expected HH:MM-HH:MM, e.g. 06:00-22:00");
      const int v = (text[i] - '0') * 10 + (text[i + 1] - '0');
      i += 2;
      return v;
    };
    const int h = two();
    if (i >= text.size() || text[i] != ':') bad(field, text, i, "expected ':' between hours and minutes");
    ++i;
    const int m = two();
    if (m > 59 || h > 24 || (h == 24 && (m != 0 || !end)))
      bad(field, text, at, "time of day out of range (00:00-24:00, 24:00 only as the end)");
    return h * 60 + m;
  };
  HourWindow w;
  w.begin_minute = time(false);
  if (i >= text.size() || text[i] != '-') bad(field, text, i, "expected '-' between the start and the end");
  ++i;
  w.end_minute = time(true);
  if (i != text.size()) bad(field, text, i, "unexpected characters after the window");
  if (w.begin_minute == w.end_minute) bad(field, text, 0, "the window is empty (start equals end)");
  return w;
}

std::uint8_t parse_weekdays(std::string_view text, const std::string& field) {
  if (text == "*") return kEveryDay;
  std::uint8_t mask = 0;
  std::size_t i = 0;
  const auto day = [&] {
    const std::string name = ascii_upper(text.substr(i, 3));
    for (std::size_t d = 0; d < kDayNames.size(); ++d)
      if (name == kDayNames[d]) {
        i += 3;
        return static_cast<int>(d);
      }
    bad(field, text, i, "expected a day name SUN-SAT");
  };
  for (;;) {
    const int a = day();
    int b = a;
    if (i < text.size() && text[i] == '-') {
      ++i;
      b = day();
    }
    for (int d = a;; d = (d + 1) % 7) {
      mask |= static_cast<std::uint8_t>(1u << d);
      if (d == b) break;
    }
    if (i == text.size()) break;
    if (text[i] != ',') bad(field, text, i, "expected ',' between days");
    ++i;
  }
  return mask;
}

void ArrivalProcess::for_each_piece(UnixSeconds from, UnixSeconds to,
                                    const std::function<void(UnixSeconds, UnixSeconds, double)>& piece) const {
  const auto bad_rate = [](double r) { return !std::isfinite(r) || r < 0; };
  if (bad_rate(per_hour))
    throw InputError(SourceLocation{"", 0, 0, "per_hour"},
                     "the update rate must be a finite number >= 0, got " + std::to_string(per_hour));
  if (hourly_profile && std::any_of(hourly_profile->begin(), hourly_profile->end(), bad_rate))
    throw InputError(SourceLocation{"", 0, 0, "hourly_profile"}, "hourly weights must be finite numbers >= 0");
  const detail::ZoneTable& table = detail::ZoneTable::get(zone);
  const double base = per_hour / 3600.0;
  for (UnixSeconds t = from; t < to;) {
    const std::size_t k = table.index_at(t);
    const std::int64_t local = t + table.offset(k);
    const std::int64_t day = detail::floor_div(local, 86400);
    const std::int64_t sod = local - day * 86400;
    std::int64_t next = (sod / 3600 + 1) * 3600;
    if (window) {
      for (const std::int64_t edge : {window->begin_minute * 60LL, window->end_minute * 60LL})
        if (edge > sod && edge < next) next = edge;
    }
    const UnixSeconds b = std::min({to, table.end(k), t + (next - sod)});
    double rate = base;
    if (!((weekdays >> detail::weekday_from_days(day)) & 1u)) rate = 0;
    if (window && !window->contains(sod)) rate = 0;
    if (hourly_profile) rate *= (*hourly_profile)[static_cast<std::size_t>(sod / 3600)];
    piece(t, b, rate);
    t = b;
  }
}

double ArrivalProcess::expected_count(UnixSeconds from, UnixSeconds to) const {
  double total = 0;
  for_each_piece(from, to,
                 [&](UnixSeconds a, UnixSeconds b, double rate) { total += rate * static_cast<double>(b - a); });
  return total;
}

// Inverse of the integrated rate: each gap is an Exp(1) amount of "hazard" spent across pieces.
std::vector<UnixSeconds> ArrivalProcess::sample(Rng& rng, UnixSeconds from, UnixSeconds to) const {
  std::vector<UnixSeconds> out;
  boost::random::exponential_distribution<double> exp1(1.0);
  double need = exp1(rng);
  for_each_piece(from, to, [&](UnixSeconds a, UnixSeconds b, double rate) {
    if (rate <= 0) return;
    double pos = static_cast<double>(a);
    const double end = static_cast<double>(b);
    for (;;) {
      const double step = need / rate;
      if (pos + step >= end) {
        need -= rate * (end - pos);
        return;
      }
      pos += step;
      out.push_back(std::clamp(static_cast<UnixSeconds>(std::floor(pos)), a, b - 1));
      need = exp1(rng);
    }
  });
  return out;
}

RunDuration durations_from(std::vector<std::int64_t> durations) {
  return [d = std::move(durations)](std::size_t i, UnixSeconds) {
    if (i >= d.size())
      throw ModelError("run durations: " + std::to_string(d.size()) + " given, but run " + std::to_string(i + 1) +
                       " needs one");
    return d[i];
  };
}

std::vector<TriggeredRun> triggered_runs(std::vector<UnixSeconds> arrivals, const TriggerRules& rules,
                                         const RunDuration& duration) {
  if (rules.max_concurrent_runs < 1)
    throw InputError(SourceLocation{"", 0, 0, "max_concurrent_runs"},
                     "must be at least 1, got " + std::to_string(rules.max_concurrent_runs));
  if (rules.wait_after_last_change_seconds < 0 || rules.min_time_between_triggers_seconds < 0)
    throw InputError(SourceLocation{"", 0, 0, "trigger"},
                     "wait_after_last_change_seconds and min_time_between_triggers_seconds cannot be negative");
  std::sort(arrivals.begin(), arrivals.end());
  std::vector<TriggeredRun> runs;
  std::priority_queue<UnixSeconds, std::vector<UnixSeconds>, std::greater<>> active_ends;
  std::optional<std::size_t> queued;
  std::optional<UnixSeconds> last_fire;
  for (std::size_t i = 0; i < arrivals.size();) {
    UnixSeconds last_change = arrivals[i];
    std::size_t j = i + 1;
    UnixSeconds fire = 0;
    for (;;) {
      fire = last_change + rules.wait_after_last_change_seconds;
      if (last_fire) fire = std::max(fire, *last_fire + rules.min_time_between_triggers_seconds);
      if (j < arrivals.size() && arrivals[j] < fire) {
        last_change = arrivals[j++];
        continue;
      }
      break;
    }
    const std::size_t updates = j - i;
    i = j;
    last_fire = fire;
    while (!active_ends.empty() && active_ends.top() <= fire) active_ends.pop();
    if (queued && runs[*queued].start > fire) {
      runs[*queued].updates += updates;
      continue;
    }
    queued.reset();
    UnixSeconds start = fire;
    if (active_ends.size() >= static_cast<std::size_t>(rules.max_concurrent_runs)) {
      start = active_ends.top();
      active_ends.pop();
      queued = runs.size();
    }
    const std::int64_t d = duration(runs.size(), start);
    if (d < 0) throw ModelError("run " + std::to_string(runs.size() + 1) + " has a negative duration");
    active_ends.push(start + d);
    runs.push_back({fire, start, start + d, updates});
  }
  return runs;
}

std::vector<UnixSeconds> triggered_run_starts(std::vector<UnixSeconds> arrivals, const TriggerRules& rules,
                                              const RunDuration& duration) {
  std::vector<UnixSeconds> out;
  for (const auto& r : triggered_runs(std::move(arrivals), rules, duration)) out.push_back(r.start);
  return out;
}

std::vector<UnixSeconds> continuous_run_starts(UnixSeconds from, UnixSeconds to, const RunDuration& duration,
                                               std::int64_t restart_delay_seconds, std::size_t limit) {
  std::vector<UnixSeconds> out;
  for (UnixSeconds t = from; t < to;) {
    if (out.size() == limit)
      throw ModelError("a continuous job runs more than " + std::to_string(limit) + " times in [" + format_utc(from) +
                       ", " + format_utc(to) + ")");
    const std::int64_t d = duration(out.size(), t);
    out.push_back(t);
    if (d < 0 || d + restart_delay_seconds <= 0)
      throw ModelError("continuous run " + std::to_string(out.size()) +
                       " takes no time; a continuous job needs runs of at least a second");
    t += d + restart_delay_seconds;
  }
  return out;
}

}  // namespace dbcost
