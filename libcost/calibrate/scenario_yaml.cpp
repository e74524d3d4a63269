#include "calibrate/scenario_yaml.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>

#include "core/ascii_case.h"
#include "money/decimal.h"
#include "sim/run_report.h"

namespace dbcost {
namespace {

constexpr const char* kDayNames[] = {"MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"};

std::string num(double v, int decimals = 4) {
  std::string s = format_fixed(v, decimals);
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  return s == "-0" ? "0" : s;
}

std::string clock(int minute) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02d:%02d", minute / 60, minute % 60);
  return buf;
}

std::string days_phrase(const std::string& days) { return days == "daily" ? "every day" : "on " + days; }

std::string plural(std::size_t n, const std::string& one, const std::string& many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string comment(const std::string& text) {
  std::string out;
  for (char c : text) out += c == '\n' ? ' ' : c;
  return "# " + out;
}

class Writer {
 public:
  void line(int indent, const std::string& text, const std::string& note = "") {
    out_ += std::string(static_cast<std::size_t>(indent), ' ') + text;
    if (!note.empty()) out_ += "  " + comment(note);
    out_ += '\n';
  }
  void note(int indent, const std::string& text) { line(indent, comment(text)); }
  void blank() { out_ += '\n'; }
  std::string str() && { return std::move(out_); }

 private:
  std::string out_;
};

void write_tags(Writer& w, int indent, const std::string& team_tag, const std::string& team) {
  if (team != kUntaggedTeam) w.line(indent, "tags: {" + yaml_scalar(team_tag) + ": " + yaml_scalar(team) + "}");
}

void write_cluster(Writer& w, int indent, const CalibratedCluster& c, bool all_purpose, int autotermination,
                   const std::string& tail_source) {
  w.line(indent, "new_cluster:", c.source);
  const int in = indent + 2;
  w.line(in, "node_type_id: " + yaml_scalar(c.node_type_id));
  if (!c.driver_node_type_id.empty()) w.line(in, "driver_node_type_id: " + yaml_scalar(c.driver_node_type_id));
  if (c.min_workers && c.max_workers)
    w.line(in, "autoscale: {min_workers: " + std::to_string(*c.min_workers) +
                   ", max_workers: " + std::to_string(*c.max_workers) + "}");
  else
    w.line(in, "num_workers: " + std::to_string(c.num_workers));
  w.line(in, std::string("runtime_engine: ") + (c.photon ? "PHOTON" : "STANDARD"),
         c.photon ? "Photon SKU or product_features.is_photon" : "");
  if (all_purpose) w.line(in, "autotermination_minutes: " + std::to_string(autotermination), tail_source);
  if (!c.availability.empty()) {
    const bool aws =
        c.availability.find("AZURE") == std::string::npos && c.availability.find("GCP") == std::string::npos;
    const bool gcp = c.availability.find("GCP") != std::string::npos;
    std::string attrs = "availability: " + yaml_scalar(c.availability);
    if (c.first_on_demand) attrs += ", first_on_demand: " + std::to_string(*c.first_on_demand);
    if (!aws && !gcp && Decimal::parse(c.spot_bid_max_price)) attrs += ", spot_bid_max_price: " + c.spot_bid_max_price;
    if (aws && Decimal::parse(c.spot_bid_price_percent))
      attrs += ", spot_bid_price_percent: " + c.spot_bid_price_percent;
    w.line(in, std::string(gcp ? "gcp" : aws ? "aws" : "azure") + "_attributes: {" + attrs + "}");
  }
}

void write_job(Writer& w, const CalibratedJob& j, const std::string& team_tag) {
  w.line(2, yaml_scalar(j.name) + ":", j.source);
  write_tags(w, 4, team_tag, j.team);
  const RunCalendar& cal = j.calendar;
  if (j.other) {
    w.line(4, "trigger: {periodic: {interval: 1, unit: DAYS}}");
  } else if (cal.cron) {
    w.note(4, std::to_string(cal.runs) + " runs on " + std::to_string(cal.active_days) + " days, starting at hour " +
                  cal.hours_text + " (" + cal.timezone_id + ") " + days_phrase(cal.weekdays_text) +
                  "; the records give the hour only, so minute 0");
    w.line(4, "schedule: {quartz_cron_expression: " + yaml_scalar(cal.quartz_cron_expression) +
                  ", timezone_id: " + yaml_scalar(cal.timezone_id) + "}");
  } else {
    w.note(4, std::to_string(cal.runs) + " runs on " + std::to_string(cal.active_days) +
                  " days at irregular times (start hours " + cal.hours_text +
                  " UTC): a Poisson arrival rate in their window");
    w.line(4, "trigger: {table_update: {min_time_between_triggers_seconds: 0, wait_after_last_change_seconds: 0}}");
    w.line(4, "arrivals: {per_hour: " + num(cal.per_hour, 6) + ", hours: \"" + clock(cal.window_start_hour * 60) + "-" +
                  clock(cal.window_end_hour * 60) + "\", days: " + yaml_scalar(cal.days) + "}");
  }
  for (const auto& n : j.notes) w.note(4, n);
  if (!j.other) w.line(4, "max_concurrent_runs: " + std::to_string(j.max_concurrent_runs));
  if (!j.clusters.empty()) {
    w.line(4, "job_clusters:");
    for (const auto& c : j.clusters) {
      w.line(6, "- job_cluster_key: " + yaml_scalar(c.key));
      write_cluster(w, 8, c, false, 0, "");
    }
  }
  w.line(4, "tasks:");
  for (const auto& t : j.tasks) {
    w.line(6, "- task_key: " + yaml_scalar(t.task_key));
    if (!t.depends_on.empty()) w.line(8, "depends_on: [{task_key: " + yaml_scalar(t.depends_on) + "}]");
    if (!t.job_cluster_key.empty()) w.line(8, "job_cluster_key: " + yaml_scalar(t.job_cluster_key));
    std::string runtime = "runtime: {minutes: " + num(t.minutes, 3);
    if (t.cv > 0) runtime += ", cv: " + num(t.cv, 4);
    w.line(8, runtime + "}", t.source);
    if (t.job_cluster_key.empty()) w.line(8, "serverless: {dbus_per_hour: " + num(t.serverless_dbus_per_hour, 6) + "}");
  }
}

void write_all_purpose(Writer& w, const CalibratedAllPurpose& a, const std::string& team_tag) {
  w.line(2, yaml_scalar(a.name) + ":", a.source);
  write_tags(w, 4, team_tag, a.team);
  write_cluster(w, 4, a.cluster, true, a.autotermination_minutes, a.tail_source);
  w.line(4, "activity:");
  w.line(6, "days: daily");
  if (a.cluster.min_workers) w.line(6, "busy_workers_fraction: 0.5", "dbcost's default: the bill cannot tell it");
  w.line(6, "sessions:", "the average week, hour by hour: a session per stretch of use, its DBUs less the idle tail");
  for (const auto& n : a.notes) w.note(6, n);
  for (const auto& s : a.sessions)
    w.line(8, std::string("- {day: ") + kDayNames[s.weekday] + ", start: \"" + clock(s.start_minute) +
                  "\", minutes: " + num(s.minutes, 2) + "}");
}

void write_warehouse(Writer& w, const CalibratedWarehouse& h, const std::string& team_tag) {
  w.line(2, yaml_scalar(h.name) + ":", h.source);
  write_tags(w, 4, team_tag, h.team);
  w.line(4, "warehouse_type: " + h.warehouse_type);
  w.line(4, std::string("enable_serverless_compute: ") + (h.serverless ? "true" : "false"), "from the SKU");
  w.line(4, "cluster_size: " + yaml_scalar(h.cluster_size));
  w.line(4, "min_num_clusters: " + std::to_string(h.clusters));
  w.line(4, "max_num_clusters: " + std::to_string(h.clusters));
  w.line(4, "auto_stop_mins: " + std::to_string(h.auto_stop_mins), h.tail_source);
  for (const auto& n : h.notes) w.note(4, n);
  w.line(4, "activity: {days: " + yaml_scalar(h.days) + ", hours: \"" + clock(h.window_start_minute) + "-" +
                clock(h.window_end_minute) + "\", queries_per_hour: " + num(h.queries_per_hour, 0) +
                ", query_seconds: 10}");
}

}  // namespace

std::string yaml_scalar(const std::string& s) {
  static const char* kReserved[] = {"true", "false", "yes", "no", "on", "off", "null", "y", "n", "~"};
  bool plain = !s.empty() && (std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_');
  for (char c : s)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-' && c != '.' && c != '/') plain = false;
  for (const char* r : kReserved)
    if (ascii_lower(s) == r) plain = false;
  if (plain) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned char>(c));
      out += buf;
      continue;
    }
    out += c;
  }
  return out + "\"";
}

std::string scenario_yaml(const Calibration& c, const std::string& team_tag) {
  Writer w;
  const std::string from = format_date_utc(c.start), to = format_date_utc(c.end);
  const std::string source = std::filesystem::path(c.source).filename().string();
  const bool whole_days = c.start % 86400 == 0 && c.end % 86400 == 0;
  std::size_t other = 0;
  for (const auto& j : c.jobs) other += j.other ? 1 : 0;
  w.note(0, "Calibrated by `dbcost calibrate` from " + source + ": " + plural(c.records, "DBU record", "DBU records") +
                (c.skipped ? " (" + plural(c.skipped, "other record", "other records") + " skipped)" : "") + ".");
  w.note(0, plural(c.jobs.size() - other, "job", "jobs") + ", " +
                plural(c.all_purpose.size(), "all-purpose cluster", "all-purpose clusters") + ", " +
                plural(c.warehouses.size(), "SQL warehouse", "SQL warehouses") + ", " +
                plural(other, "stand-in", "stand-ins") + " for other usage. Each figure says where it came from;");
  w.note(0, "edit freely. The inference rules are in docs/calibrate.md.");
  for (const auto& n : c.notes) w.note(0, "note: " + n);
  w.line(0, "scenario: " + yaml_scalar(c.name));
  w.line(0, "description: " + yaml_scalar("calibrated from " + source));
  w.line(0, "cloud: " + ascii_lower(c.cloud), "of most DBUs");
  w.line(0, "tier: " + ascii_lower(c.tier), "the SKU prefix of most DBUs");
  if (!c.region.empty()) w.line(0, "region: " + c.region, "the region suffix of most region-priced SKUs' DBUs");
  if (!c.currency.empty()) w.line(0, "currency: " + yaml_scalar(c.currency.begin()->second));
  if (whole_days)
    w.line(0, "period: {start: " + from + ", end: " + to + ", timezone: UTC}", "the days the records cover");
  else
    w.line(0, "period: {start: \"" + format_timestamp_utc(c.start) + "\", end: \"" + format_timestamp_utc(c.end) +
                  "\", timezone: UTC}");
  w.line(0, "team_tag: " + yaml_scalar(team_tag));
  w.line(0, "pricing:");
  w.line(2, "prices: " + (c.prices_in_yaml.empty() ? std::string("builtin") : yaml_scalar(c.prices_in_yaml)),
         c.prices_in_yaml.empty() ? "the built-in price book" : "the prices the bill was read with");
  w.line(0, "assumptions:");
  w.line(2, "cluster_startup_minutes: {mean: 5, cv: 0.3}", "dbcost's default; start-up shows in no DBU record");
  w.line(2, "dbus_during_startup: false", "so DBUs per run / DBU rate is the runtime after start-up");
  if (!c.jobs.empty()) {
    w.blank();
    w.line(0, "jobs:");
    for (const auto& j : c.jobs) write_job(w, j, team_tag);
  }
  if (!c.all_purpose.empty()) {
    w.blank();
    w.line(0, "all_purpose_clusters:");
    for (const auto& a : c.all_purpose) write_all_purpose(w, a, team_tag);
  }
  if (!c.warehouses.empty()) {
    w.blank();
    w.line(0, "sql_warehouses:");
    for (const auto& h : c.warehouses) write_warehouse(w, h, team_tag);
  }
  return std::move(w).str();
}

}  // namespace dbcost
