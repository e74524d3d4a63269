// Differential test: dbcost's QuartzCron against Quartz 2.3.2 itself (Debian libquartz2-java).
//
// Builds a list of cases (expression, zone, window), compiles QuartzFireTimes.java with javac,
// runs it on the list and compares every raw fire time (no 10-second thinning, which is
// Databricks' and not Quartz's) and every accept/reject decision with dbcost's. Cases: fixed
// expressions for each special character around every daylight-saving transition of 2026 and
// 2040 (and 2018 where a zone changed since) in zones with 1-hour, 30-minute and 2-hour shifts,
// midnight transitions and half- and quarter-hour offsets, windows that start inside a repeated
// hour, multi-year windows for the day rules, seeded random expressions, and invalid expressions.
//
// Exit codes: 0 all match, 1 mismatches (listed), 77 skipped (no java, javac or Quartz jar; the
// reason is printed), 2 the Java side failed to run.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "core/errors.h"
#include "schedule/quartz_cron.h"
#include "schedule/time.h"

namespace fs = std::filesystem;
using dbcost::UnixSeconds;

namespace {

constexpr std::size_t kLimit = 200000;

struct Case {
  std::string name, expr, zone;
  UnixSeconds from, to;
};

std::string find_in_path(const std::string& exe) {
  if (exe.find('/') != std::string::npos) return fs::exists(exe) ? exe : "";
  const char* path = std::getenv("PATH");
  std::stringstream ss(path ? path : "/usr/bin:/bin");
  std::string dir;
  while (std::getline(ss, dir, ':')) {
    const fs::path p = fs::path(dir) / exe;
    if (fs::exists(p)) return p.string();
  }
  return "";
}

std::string quote(const std::string& s) { return "'" + s + "'"; }

// Transitions of `zone` in [from, to), from dbcost's zone table.
std::vector<UnixSeconds> transitions(const date::time_zone* zone, int year) {
  const auto& table = dbcost::detail::ZoneTable::get(zone);
  const UnixSeconds a = dbcost::detail::days_from_civil(year, 1, 1) * 86400;
  const UnixSeconds b = dbcost::detail::days_from_civil(year + 1, 1, 1) * 86400;
  std::vector<UnixSeconds> out;
  for (std::size_t k = 1; k < table.size(); ++k)
    if (table.begin(k) >= a && table.begin(k) < b) out.push_back(table.begin(k));
  return out;
}

const std::vector<std::string> kZones = {"Europe/Paris",     "America/New_York",  "Australia/Lord_Howe",
                                         "Asia/Kolkata",     "Pacific/Auckland",  "UTC",
                                         "America/Santiago", "America/Havana",    "Pacific/Chatham",
                                         "America/St_Johns", "Asia/Kathmandu",    "Europe/Dublin",
                                         "Antarctica/Troll", "Africa/Casablanca", "America/Sao_Paulo",
                                         "Europe/London",    "America/Godthab",   "Asia/Jerusalem",
                                         "America/Asuncion"};

const std::vector<std::string> kSubMinute = {"* * * * * ?", "*/7 * * * * ?", "0,30 * * * * ?", "5/20 * 1-3 * * ?"};

const std::vector<std::string> kClock = {
    "0 * * * * ?",    "0 */20 * * * ?",   "0 15,45 * * * ?", "30 0/30 * * * ?", "0 0 * * * ?",     "0 30 * * * ?",
    "0 45 1-3 * * ?", "0 0,30 0-4 * * ?", "0 0 2 * * ?",     "0 30 2 * * ?",    "0 0 1 * * ?",     "0 30 1 * * ?",
    "0 0 0 * * ?",    "0 0 3 * * ?",      "0 0 23 * * ?",    "0 59 23 * * ?",   "0 15 0 * * ?",    "0 */15 22-3 * * ?",
    "0 0 */2 * * ?",  "0 0 0/5 * * ?",    "0 10 2 ? * SUN",  "0 0/10 2 ? * 1",  "0 0 2 ? * SUN#2", "0 30 1 ? * 1L",
    "0 0 0 L * ?",    "0 0 2 LW * ?",     "59 59 1 * * ?",   "0 0 0 ? * SAT",   "0 0 1 ? * SUN#1", "0 50 0 * * ?"};

const std::vector<std::string> kDays = {
    "0 15 10 ? * MON-FRI", "0 0 12 ? * SUN", "0 0 12 ? * 1,7", "0 0 12 ? * FRI-MON", "0 15 10 L * ?", "0 15 10 L-2 * ?",
    "0 15 10 L-30 * ?", "0 15 10 LW * ?", "0 15 10 L-3W * ?", "0 15 10 15W * ?", "0 15 10 1W * ?", "0 15 10 31W * ?",
    "0 0 0 30W * ?", "0 15 10 ? * 6L", "0 15 10 ? * FRIL", "0 15 10 ? * 1L", "0 15 10 ? * 6#3", "0 15 10 ? * MON#1",
    "0 15 10 ? * 2#5", "0 15 10 ? * L", "0 0 12 1/5 * ?", "0 0 12 28-3 * ?", "0 0 12 1 JAN,JUL ?", "0 0 12 1 NOV-FEB ?",
    "0 0 12 ? 3/4 MON", "0 0 12 29 2 ?", "0 0 12 31 * ?", "0 0 12 * * ? 2026", "0 0 12 1 * ? 2025-2027/2",
    "0 0 12 ? * 2 2026,2028", "0 0 0 1 * ?", "0 0 0 ? * SUN#2", "0 0 3 ? * 1L", "0 0 0 1W * ?", "0 0 2 15W * ?",
    "0 0 0 ? * *", "0 0 9-17/4 ? * MON-FRI", "0 30 23 L * ?", "0 0 0 LW * ?", "0 0 12 ? 1-3/2 *", "0 0 6 ? * tue,thu",
    "0 0 6 ? jun-aug sat", "0 0 12 L-1W * ?", "0 0 12 ? * 7#5", "0 0 12 1-7 * ?", "0 0 12 ? * 3-5",
    "0 0 12 5,10,15 * ?", "0 0 18 ? * 6L 2026-2027",
    // W in a day-of-month list: Quartz uses the smallest day only.
    "0 0 12 2W,16 * ?", "0 15 10 16,2W * ?", "0 0 12 2,16W * ?", "0 0 12 1W,15 * ?", "0 0 0 1W,15W * ?",
    "0 30 2 1-5,10W * ?", "0 0 12 30W,31 * ?", "0 0 23 31W,30 * ?", "0 0 12 *,15W * ?", "0 0 12 */5,15W * ?",
    "0 0 12 15W,10-20/5 * ?", "0 0 12 28-3,20W * ?", "0 0 12 2w,16 JAN-JUN ?", "0 0 1 8W,20 * ? 2026"};

// Quartz and dbcost must both reject these.
const std::vector<std::string> kInvalid = {
    "0 0 12 * * *",       "0 0 12 ? * ?",     "0 0 12 ? * 6#6",     "0 0 L * * ?",     "61 * * * * ?",
    "0 60 * * * ?",       "0 0 24 * * ?",     "0 0 12 32 * ?",      "0 0 12 0 * ?",    "0 0 12 ? 13 MON",
    "0 0 12 ? * 8",       "0 0 12 ? * 0",     "0 0 12 ? * MON-XYZ", "0 0 12 L-31 * ?", "0 0 12 ? * 6L,2",
    "0 0 12 ? * 2#1,3#2", "* * * * *",        "0 0 12 ? * 6#0",     "0 0 12 L,5 * ?",  "0 0 12 15W ? *",
    "0 0 12W * * ?",      "0 0 12 ? * #3",    "0 0 12 ? XYZ *",     "0 */61 * * * ?",  "0 0 */24 * * ?",
    "0 0 12 ? * */8",     "0 0 12 ? */13 *",  "0 0 12 ? * 5-8",     "0 0 12 ? * 1/0x", "x 0 12 * * ?",
    "0 0 12 2W,L * ?",    "0 0 12 LW,15 * ?", "0 0 12 5,L-2W * ?",  "0 0 12 1/5W * ?", "0 0 12 */5W * ?",
    "0 0 12 32W,5 * ?",   "0 0 12 W,2 * ?",   "0 0 12 2W,16 * MON"};

// Quartz accepts these but reads them in a way the syntax does not say (drops what follows a
// name and '/', ignores extra fields, steps of 0, drops a W after a range, ignores what follows
// "nW", takes empty list items); dbcost rejects them.
const std::vector<std::string> kStricter = {"0 0 12 ? * MON/2", "0 0 12 ? * MON-FRI/2", "0 0 12 ? JAN-MAR/2 *",
                                            "0 0 12 ? JANX *",  "0 0 12 * * ? 2026 x",  "0/0 * * * * ?",
                                            "0 0 12 ? * 2#1,5", "0 0 12 1-5W * ?",      "0 0 12 1-5W,15 * ?",
                                            "0 0 12 2WW * ?",   "0 0 12 2W/3 * ?",      "0 0 12 2W,,16 * ?"};

// java.util.TimeZone keeps only the transitions up to 2037 of a zone with no recurring rule:
// Africa/Casablanca (whose Ramadan changes tzdata lists up to 2087) stays on its 2037 offset
// in Java, while dbcost follows tzdata. Windows there after 2037 are reported, not failed.
bool known_java_zone_limit(const std::string& zone, UnixSeconds from) {
  return zone == "Africa/Casablanca" && from >= dbcost::parse_time_point("2038-01-01T00:00:00Z", nullptr, "t");
}

std::string random_expression(std::mt19937_64& rng) {
  auto pick = [&](const std::vector<std::string>& v) { return v[rng() % v.size()]; };
  const std::string sec = pick({"0", "0", "0", "30", "*/15", "10,40", "5-7"});
  const std::string min = pick({"0", "*/5", "15,45", "0-10/5", "*", "50-10", "30"});
  const std::string hour = pick({"*", "0", "1", "2", "3", "0-3", "1,2", "*/3", "22-2", "12"});
  const bool by_month_day = rng() % 2 == 0;
  const std::string dom =
      by_month_day ? pick({"*", "1", "15", "L", "L-1", "LW", "15W", "1W", "31", "28-2", "*/10"}) : "?";
  const std::string month = pick({"*", "*", "3", "10-11", "MAR,OCT,NOV", "*/2", "FEB-APR"});
  const std::string dow = by_month_day ? "?" : pick({"*", "SUN", "1L", "1#2", "MON-FRI", "7", "SAT-MON", "6#5", "2/3"});
  return sec + " " + min + " " + hour + " " + dom + " " + month + " " + dow;
}

struct Outcome {
  bool ok = false;
  std::string error;
  std::vector<UnixSeconds> times;
};

Outcome run_dbcost(const Case& c) {
  Outcome o;
  try {
    const auto cron = dbcost::QuartzCron::parse(c.expr);
    o.times = cron.fire_times(c.from, c.to, dbcost::find_time_zone(c.zone), kLimit, 0);
    o.ok = true;
  } catch (const std::exception& e) {
    o.error = e.what();
  }
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  std::map<std::string, std::string> args;
  for (int i = 1; i + 1 < argc; i += 2) args[argv[i]] = argv[i + 1];
  const std::string source = args["--source"];
  const fs::path work = args.count("--work") ? fs::path(args["--work"]) : fs::temp_directory_path() / "quartz_ref";
  const std::string java = find_in_path(args.count("--java") ? args["--java"] : "java");
  const std::string javac = find_in_path(args.count("--javac") ? args["--javac"] : "javac");
  std::string jar;
  const char* env_jar = std::getenv("QUARTZ_JAR");
  for (const std::string& candidate : {std::string(env_jar ? env_jar : ""), std::string("/usr/share/java/quartz2.jar"),
                                       std::string("/usr/share/java/quartz.jar")})
    if (!candidate.empty() && fs::exists(candidate)) {
      jar = candidate;
      break;
    }
  if (java.empty() || javac.empty() || jar.empty()) {
    std::cout << "SKIP: the Quartz differential needs java, javac and the Quartz 2 jar "
              << "(apt-get install default-jdk-headless libquartz2-java); missing:" << (java.empty() ? " java" : "")
              << (javac.empty() ? " javac" : "") << (jar.empty() ? " /usr/share/java/quartz2.jar" : "") << "\n";
    return 77;
  }
  if (source.empty() || !fs::exists(source)) {
    std::cerr << "quartz_differential: --source QuartzFireTimes.java is required\n";
    return 2;
  }
  fs::create_directories(work);

  std::vector<Case> cases;
  std::vector<std::pair<Case, bool>> validity;  // (case, quartz expected to accept)
  int n = 0;
  const auto add = [&](const std::string& expr, const std::string& zone, UnixSeconds from, UnixSeconds to) {
    cases.push_back({"c" + std::to_string(n++), expr, zone, from, to});
  };
  for (const auto& zone_id : kZones) {
    const auto* zone = dbcost::find_time_zone(zone_id);
    std::vector<UnixSeconds> shifts;
    for (const int year : {2018, 2026, 2040})
      for (const UnixSeconds t : transitions(zone, year)) shifts.push_back(t);
    if (shifts.empty()) shifts.push_back(dbcost::parse_time_point("2026-03-29T01:00:00Z", nullptr, "t"));
    for (const UnixSeconds t : shifts) {
      for (const auto& e : kSubMinute) {
        add(e, zone_id, t - 2 * 3600, t + 2 * 3600);
        add(e, zone_id, t + 17 * 60 + 3, t + 3 * 3600);  // starts inside a repeated hour after a fall-back
      }
      for (const auto& e : kClock) {
        add(e, zone_id, t - 86400, t + 86400);
        add(e, zone_id, t + 10 * 60, t + 6 * 3600);
        add(e, zone_id, t - 50 * 60 + 7, t + 6 * 3600);
      }
    }
    const UnixSeconds a = dbcost::parse_time_point("2025-01-01", zone, "from");
    const UnixSeconds b = dbcost::parse_time_point("2028-01-01", zone, "to");
    for (const auto& e : kDays) add(e, zone_id, a, b);
    for (const auto& e : kClock) add(e, zone_id, a, a + 40 * 86400);
  }
  std::mt19937_64 rng(20260329);
  for (int i = 0; i < 400; ++i) {
    const std::string& zone_id = kZones[rng() % kZones.size()];
    const auto* zone = dbcost::find_time_zone(zone_id);
    const auto shifts = transitions(zone, 2026 + static_cast<int>(rng() % 3));
    const UnixSeconds centre =
        shifts.empty() ? dbcost::parse_time_point("2026-06-01", zone, "t") : shifts[rng() % shifts.size()];
    const UnixSeconds from = centre - static_cast<UnixSeconds>(rng() % (40 * 86400));
    add(random_expression(rng), zone_id, from, from + 60 * 86400);
  }
  std::size_t first_validity = cases.size();
  for (const auto& e : kInvalid) add(e, "UTC", 0, 86400);
  std::size_t first_stricter = cases.size();
  for (const auto& e : kStricter) add(e, "UTC", 0, 86400);

  const fs::path in_path = work / "cases.tsv";
  const fs::path out_path = work / "quartz.tsv";
  {
    std::ofstream in(in_path);
    for (const auto& c : cases)
      in << c.name << '\t' << c.expr << '\t' << c.zone << '\t' << c.from << '\t' << c.to << '\t' << kLimit << '\n';
  }
  const std::string compile =
      quote(javac) + " -nowarn -d " + quote(work.string()) + " -cp " + quote(jar) + " " + quote(source);
  if (std::system(compile.c_str()) != 0) {
    std::cerr << "quartz_differential: javac failed: " << compile << "\n";
    return 2;
  }
  const std::string run = quote(java) + " -cp " + quote(work.string() + ":" + jar) + " QuartzFireTimes < " +
                          quote(in_path.string()) + " > " + quote(out_path.string());
  if (std::system(run.c_str()) != 0) {
    std::cerr << "quartz_differential: java failed: " << run << "\n";
    return 2;
  }

  std::map<std::string, Outcome> quartz;
  {
    std::ifstream out(out_path);
    std::string line;
    while (std::getline(out, line)) {
      std::stringstream ss(line);
      std::string name, status, rest;
      std::getline(ss, name, '\t');
      std::getline(ss, status, '\t');
      std::getline(ss, rest);
      Outcome o;
      o.ok = status == "OK";
      if (o.ok) {
        std::stringstream ts(rest);
        UnixSeconds t = 0;
        while (ts >> t) o.times.push_back(t);
      } else {
        o.error = rest;
      }
      quartz[name] = std::move(o);
    }
  }

  std::size_t mismatches = 0, compared_times = 0, timing_cases = 0, known = 0;
  std::map<std::string, bool> exprs, zones;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const Case& c = cases[i];
    const auto q = quartz.find(c.name);
    if (q == quartz.end()) {
      std::cout << "MISSING " << c.name << " from the Java output\n";
      ++mismatches;
      continue;
    }
    const Outcome d = run_dbcost(c);
    const bool stricter = i >= first_stricter;
    if (stricter) {
      if (d.ok) {
        std::cout << "MISMATCH " << quote(c.expr) << ": dbcost accepts it but should reject it\n";
        ++mismatches;
      } else {
        std::cout << "stricter: " << quote(c.expr) << " Quartz " << (q->second.ok ? "accepts" : "rejects")
                  << "; dbcost: " << d.error << "\n";
      }
      continue;
    }
    if (i >= first_validity) {
      if (d.ok || q->second.ok) {
        std::cout << "MISMATCH " << quote(c.expr) << ": Quartz " << (q->second.ok ? "accepts" : "rejects")
                  << ", dbcost " << (d.ok ? "accepts" : "rejects") << "\n";
        ++mismatches;
      }
      continue;
    }
    exprs[c.expr] = true;
    zones[c.zone] = true;
    ++timing_cases;
    if (d.ok != q->second.ok || d.times != q->second.times) {
      if (known_java_zone_limit(c.zone, c.from)) {
        ++known;
        continue;
      }
      ++mismatches;
      const auto* zone = dbcost::find_time_zone(c.zone);
      std::cout << "MISMATCH " << quote(c.expr) << " in " << c.zone << " [" << dbcost::format_local(c.from, zone)
                << ", " << dbcost::format_local(c.to, zone) << ")";
      if (!d.ok || !q->second.ok) {
        std::cout << ": Quartz " << (q->second.ok ? "OK" : q->second.error) << "; dbcost " << (d.ok ? "OK" : d.error)
                  << "\n";
        continue;
      }
      std::size_t k = 0;
      while (k < d.times.size() && k < q->second.times.size() && d.times[k] == q->second.times[k]) ++k;
      const auto show = [&](const std::vector<UnixSeconds>& v) {
        return k < v.size() ? dbcost::format_local(v[k], zone) : std::string("(end)");
      };
      std::cout << ": " << q->second.times.size() << " vs " << d.times.size() << " fire times; #" << k << " Quartz "
                << show(q->second.times) << ", dbcost " << show(d.times) << "\n";
    } else {
      compared_times += d.times.size();
    }
  }
  std::cout << "quartz differential: " << timing_cases << " windows, " << exprs.size() << " expressions, "
            << zones.size() << " zones, " << compared_times << " fire times equal; " << kInvalid.size()
            << " invalid expressions, " << kStricter.size() << " deliberately stricter; " << mismatches
            << " mismatches";
  if (known > 0) std::cout << " (and " << known << " Africa/Casablanca windows after 2037 that differ as documented)";
  std::cout << "\n";
  return mismatches == 0 ? 0 : 1;
}
