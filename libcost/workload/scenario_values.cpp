// Values every section of a scenario reads: days, hours, numbers, spreads, tags, activity, cron.
#include "workload/scenario_sections.h"

#include <algorithm>
#include <cctype>

namespace dbcost::scenario_read {

namespace {

const std::vector<std::string> kDayNames = {"MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"};

}  // namespace

std::vector<bool> read_days(const YamlView& v) {
  std::string s = v.as_string();
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  std::vector<bool> days(7, false);
  if (s == "DAILY" || s == "EVERY DAY") return std::vector<bool>(7, true);
  if (s == "WEEKDAYS") s = "MON-FRI";
  if (s == "WEEKENDS") s = "SAT,SUN";
  auto index = [&](const std::string& name) {
    const auto it = std::find(kDayNames.begin(), kDayNames.end(), name);
    if (it == kDayNames.end()) v.fail("expected days such as MON-FRI or SAT,SUN, got '" + v.as_string() + "'");
    return static_cast<int>(it - kDayNames.begin());
  };
  std::size_t pos = 0;
  while (pos <= s.size()) {
    const auto comma = s.find(',', pos);
    const std::string part = s.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
    const auto dash = part.find('-');
    if (dash == std::string::npos) {
      days[static_cast<std::size_t>(index(part))] = true;
    } else {
      int a = index(part.substr(0, dash));
      const int b = index(part.substr(dash + 1));
      for (;; a = (a + 1) % 7) {
        days[static_cast<std::size_t>(a)] = true;
        if (a == b) break;
      }
    }
    if (comma == std::string::npos) break;
    pos = comma + 1;
  }
  return days;
}

int read_clock(const YamlView& v, const std::string& text) {
  if (text.size() != 5 || text[2] != ':' || !std::isdigit(static_cast<unsigned char>(text[0])) ||
      !std::isdigit(static_cast<unsigned char>(text[1])) || !std::isdigit(static_cast<unsigned char>(text[3])) ||
      !std::isdigit(static_cast<unsigned char>(text[4])))
    v.fail("expected a time of day HH:MM, got '" + text + "'");
  const int h = (text[0] - '0') * 10 + (text[1] - '0');
  const int m = (text[3] - '0') * 10 + (text[4] - '0');
  if (h > 24 || m > 59 || (h == 24 && m != 0)) v.fail("expected a time of day from 00:00 to 24:00, got '" + text + "'");
  return h * 60 + m;
}

std::pair<int, int> read_window(const YamlView& v) {
  const std::string s = v.as_string();
  const auto dash = s.find('-');
  if (dash == std::string::npos) v.fail("expected hours as HH:MM-HH:MM, got '" + s + "'");
  const int a = read_clock(v, s.substr(0, dash));
  const int b = read_clock(v, s.substr(dash + 1));
  if (b <= a) v.fail("the end of the hours window must be after its start, got '" + s + "'");
  return {a, b};
}

double non_negative(const YamlView& v, const std::string& what) {
  const double d = v.as_double();
  if (d < 0) v.fail("expected " + what + " of at least 0, got " + v.as_string());
  if (d > kMaxScenarioNumber) v.fail("expected " + what + " of at most 1e9, got " + v.as_string());
  return d;
}

double probability(const YamlView& v) {
  const double d = v.as_double();
  if (d < 0 || d > 1) v.fail("expected a probability from 0 to 1, got " + v.as_string());
  return d;
}

Spread read_spread(const YamlView& v) {
  Spread s;
  if (v.is_scalar()) {
    s.mean = non_negative(v);
    return s;
  }
  v.check_keys({"mean", "cv"});
  if (!v.has("mean")) v.fail("missing mean");
  s.mean = non_negative(v["mean"]);
  if (v.has("cv")) s.cv = non_negative(v["cv"], "a coefficient of variation");
  return s;
}

std::string team_of(const std::map<std::string, std::string>& tags, const std::string& team_tag) {
  const auto it = tags.find(team_tag);
  return it == tags.end() ? std::string("(untagged)") : it->second;
}

std::map<std::string, std::string> read_tags(const YamlView& v) {
  std::map<std::string, std::string> tags;
  if (v.defined())
    for (const auto& [k, t] : v.entries()) tags[k] = t.as_string();
  return tags;
}

Arrivals read_arrivals(const YamlView& v, const char* rate_key) {
  Arrivals a;
  v.check_keys({rate_key, "hours", "days", "query_seconds"});
  if (!v.has(rate_key)) v.fail(std::string("missing ") + rate_key);
  a.per_hour = non_negative(v[rate_key], "a rate");
  if (v.has("hours")) std::tie(a.window_start_minute, a.window_end_minute) = read_window(v["hours"]);
  if (v.has("days")) a.days = read_days(v["days"]);
  return a;
}

ActivityPattern read_activity(const YamlView& v) {
  ActivityPattern a;
  v.check_keys(
      {"days", "hours", "users", "sessions_per_user_per_day", "session_minutes", "sessions", "busy_workers_fraction"});
  a.days = v.has("days") ? read_days(v["days"]) : read_days(YamlView(nullptr, YAML::Node("MON-FRI"), ""));
  if (v.has("hours")) std::tie(a.window_start_minute, a.window_end_minute) = read_window(v["hours"]);
  if (v.has("users")) a.users = non_negative(v["users"]);
  if (v.has("sessions_per_user_per_day")) a.sessions_per_user_per_day = non_negative(v["sessions_per_user_per_day"]);
  if (v.has("session_minutes")) a.session_minutes = read_spread(v["session_minutes"]);
  if (v.has("busy_workers_fraction")) a.busy_workers_fraction = probability(v["busy_workers_fraction"]);
  if (v.has("sessions")) {
    for (const auto& s : v["sessions"].items()) {
      s.check_keys({"day", "start", "minutes"});
      Session ses;
      if (s.has("day")) {
        const auto d = read_days(s["day"]);
        if (std::count(d.begin(), d.end(), true) != 1) s["day"].fail("a session names one day");
        ses.weekday = static_cast<int>(std::find(d.begin(), d.end(), true) - d.begin());
      }
      if (!s.has("start") || !s.has("minutes")) s.fail("a session needs start (HH:MM) and minutes");
      ses.start_minute = read_clock(s["start"], s["start"].as_string());
      ses.minutes = non_negative(s["minutes"]);
      a.sessions.push_back(ses);
    }
  }
  return a;
}

QuartzCron read_cron(const YamlView& v) {
  const std::string expr = v.as_string();
  try {
    return QuartzCron::parse(expr);
  } catch (const CronParseError& e) {
    auto where = v.where();
    if (where.column > 0) where.column += e.position + (v.node().Tag() == "!" ? 1 : 0);
    throw InputError(where,
                     "invalid Quartz cron expression at position " + std::to_string(e.position + 1) + ": " + e.reason);
  }
}

const date::time_zone* read_zone(const YamlView& v) {
  try {
    return find_time_zone(v.as_string());
  } catch (const InputError& e) {
    v.fail(e.reason());
  }
}

PerformanceTarget read_performance_target(const YamlView& v) {
  const std::string s = v.as_string();
  if (s == "STANDARD") return PerformanceTarget::Standard;
  if (s == "PERFORMANCE_OPTIMIZED") return PerformanceTarget::PerformanceOptimized;
  v.fail("expected STANDARD or PERFORMANCE_OPTIMIZED, got '" + s + "'" +
         did_you_mean(s, {"STANDARD", "PERFORMANCE_OPTIMIZED"}));
}

}  // namespace dbcost::scenario_read
