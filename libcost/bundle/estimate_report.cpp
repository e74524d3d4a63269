#include "bundle/estimate_report.h"

#include <cmath>

#include "core/text_escape.h"
#include "sim/run_report.h"

namespace dbcost {

std::string money_text(double v) { return format_fixed(v, 2); }

std::string count_text(double v) {
  std::string s = format_fixed(v, 2);
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

double round_cents(double v) {
  const double r = std::round(v * 100) / 100;
  return r == 0 ? 0 : r;
}

std::string estimate_header(const BundleEstimate& e) {
  std::string mode =
      e.expected_value ? "expected values" : std::to_string(e.trials) + " trials, seed " + std::to_string(e.seed);
  return "bundle " + escape_controls(e.bundle) + ", target " + escape_controls(e.target) +
         (e.mode.empty() ? "" : " (" + escape_controls(e.mode) + ")") + ", " + e.cloud + " (" + e.cloud_source + "), " +
         e.month + " (" + e.period_start + " to " + e.period_end + " UTC), " + escape_controls(e.currency) + ", " +
         mode;
}

namespace {

int priced_count(const BundleEstimate& e) {
  int n = 0;
  for (const auto& r : e.resources) n += r.priced ? 1 : 0;
  return n;
}

std::string total_line(const BundleEstimate& e) {
  std::string s = "total " + money_text(e.total.mean) + " " + escape_controls(e.currency) + "/month (" +
                  std::to_string(priced_count(e)) + " of " + std::to_string(e.resources.size()) + " resources priced";
  if (!e.expected_value)
    s += "; std. error " + money_text(e.total.std_error) + ", p05 " + money_text(e.total.p05) + ", p95 " +
         money_text(e.total.p95);
  return s + ")";
}

// The estimate's notes, then each resource's notes after the first (which its row shows).
std::vector<std::string> more_notes(const BundleEstimate& e) {
  std::vector<std::string> out = e.notes;
  for (const auto& r : e.resources)
    for (std::size_t i = 1; i < r.notes.size(); ++i) out.push_back(r.name + ": " + r.notes[i]);
  return out;
}

std::string joined_notes(const ResourceEstimate& r) {
  std::string s;
  for (const auto& n : r.notes) s += (s.empty() ? "" : "; ") + n;
  return s;
}

nlohmann::json money_or_null(bool known, double v) { return known ? nlohmann::json(round_cents(v)) : nlohmann::json(); }

}  // namespace

Table estimate_resource_table(const BundleEstimate& e) {
  Table t({{"resource"},
           {"kind"},
           {"team"},
           {"trigger"},
           {"runs", true},
           {"dbus", true},
           {"dbu_cost", true},
           {"vm_cost", true},
           {"total_cost", true},
           {"p05", true},
           {"p95", true},
           {"cost_per_run_hour", true},
           {"note"}});
  for (const auto& r : e.resources) {
    const bool p = r.priced;
    t.add_row({r.name, r.kind, r.team, r.trigger, r.runs ? count_text(*r.runs) : "", p ? format_fixed(r.dbus, 3) : "",
               p ? money_text(r.dbu_cost) : "", p ? money_text(r.vm_cost) : "", p ? money_text(r.cost.mean) : "",
               p ? money_text(r.cost.p05) : "", p ? money_text(r.cost.p95) : "",
               r.cost_per_run_hour ? money_text(*r.cost_per_run_hour) : "", r.notes.empty() ? "" : r.notes.front()});
  }
  return t;
}

Table estimate_team_table(const BundleEstimate& e) {
  Table t({{"team"}, {"resources", true}, {"unpriced", true}, {"total_cost", true}, {"p05", true}, {"p95", true}});
  for (const auto& team : e.teams)
    t.add_row({team.team, std::to_string(team.resources), std::to_string(team.unpriced), money_text(team.cost.mean),
               money_text(team.cost.p05), money_text(team.cost.p95)});
  return t;
}

Table estimate_detail_table(const BundleEstimate& e) {
  Table full({{"resource"},
              {"kind"},
              {"team"},
              {"trigger"},
              {"priced"},
              {"runs", true},
              {"dbus", true},
              {"dbu_cost", true},
              {"vm_cost", true},
              {"total_cost", true},
              {"std_error", true},
              {"p05", true},
              {"p50", true},
              {"p95", true},
              {"cost_per_run_hour", true},
              {"notes"}});
  for (const auto& r : e.resources) {
    const bool p = r.priced;
    full.add_row({r.name, r.kind, r.team, r.trigger, p ? "true" : "false", r.runs ? count_text(*r.runs) : "",
                  p ? format_fixed(r.dbus, 3) : "", p ? money_text(r.dbu_cost) : "", p ? money_text(r.vm_cost) : "",
                  p ? money_text(r.cost.mean) : "", p ? money_text(r.cost.std_error) : "",
                  p ? money_text(r.cost.p05) : "", p ? money_text(r.cost.p50) : "", p ? money_text(r.cost.p95) : "",
                  r.cost_per_run_hour ? money_text(*r.cost_per_run_hour) : "", joined_notes(r)});
  }
  return full;
}

nlohmann::json estimate_json(const BundleEstimate& e) {
  nlohmann::json j;
  j["bundle"] = e.bundle;
  j["target"] = e.target;
  j["target_mode"] = e.mode;
  j["cloud"] = e.cloud;
  j["cloud_source"] = e.cloud_source;
  j["month"] = e.month;
  j["period"] = {{"start", e.period_start}, {"end", e.period_end}, {"timezone", "UTC"}};
  j["currency"] = e.currency;
  j["runtimes"] = e.runtimes_file;
  j["mode"] = e.expected_value ? "expected_value" : "monte_carlo";
  j["trials"] = e.trials;
  j["seed"] = e.seed;
  j["resources"] = nlohmann::json::array();
  for (const auto& r : e.resources) {
    const bool p = r.priced;
    j["resources"].push_back(
        {{"name", r.name},
         {"kind", r.kind},
         {"team", r.team},
         {"trigger", r.trigger},
         {"clusters", r.clusters},
         {"priced", p},
         {"runs", r.runs ? nlohmann::json(std::round(*r.runs * 100) / 100) : nlohmann::json()},
         {"dbus", p ? nlohmann::json(std::round(r.dbus * 1000) / 1000) : nlohmann::json()},
         {"dbu_cost", money_or_null(p, r.dbu_cost)},
         {"vm_cost", money_or_null(p, r.vm_cost)},
         {"total_cost", money_or_null(p, r.cost.mean)},
         {"std_error", money_or_null(p, r.cost.std_error)},
         {"p05", money_or_null(p, r.cost.p05)},
         {"p50", money_or_null(p, r.cost.p50)},
         {"p95", money_or_null(p, r.cost.p95)},
         {"cost_per_run_hour", money_or_null(r.cost_per_run_hour.has_value(), r.cost_per_run_hour.value_or(0))},
         {"notes", r.notes}});
  }
  j["teams"] = nlohmann::json::array();
  for (const auto& t : e.teams)
    j["teams"].push_back({{"team", t.team},
                          {"resources", t.resources},
                          {"unpriced", t.unpriced},
                          {"total_cost", round_cents(t.cost.mean)},
                          {"std_error", round_cents(t.cost.std_error)},
                          {"p05", round_cents(t.cost.p05)},
                          {"p50", round_cents(t.cost.p50)},
                          {"p95", round_cents(t.cost.p95)}});
  const int priced = priced_count(e);
  j["total"] = {{"total_cost", round_cents(e.total.mean)},
                {"std_error", round_cents(e.total.std_error)},
                {"p05", round_cents(e.total.p05)},
                {"p50", round_cents(e.total.p50)},
                {"p95", round_cents(e.total.p95)},
                {"priced", priced},
                {"unpriced", static_cast<int>(e.resources.size()) - priced}};
  j["notes"] = e.notes;
  j["variables"] = nlohmann::json::array();
  for (const auto& v : e.variables)
    j["variables"].push_back({{"name", v.name}, {"value", v.value}, {"origin", v.origin}});
  return j;
}

std::string estimate_text(const BundleEstimate& e, const std::string& format, const RenderOptions& options) {
  if (format == "json") return estimate_json(e).dump(2) + "\n";
  const Table resources = estimate_resource_table(e);
  const Table teams = estimate_team_table(e);
  if (format == "csv") {
    return estimate_detail_table(e).to_csv(options) + "\n" + teams.to_csv(options);
  }
  const auto notes = more_notes(e);
  if (format == "md") {
    std::string s = "### dbcost estimate: " + escape_controls(e.bundle) + ", target " + escape_controls(e.target) +
                    ", " + e.month + "\n\n";
    s += "**" + total_line(e) + "**\n\n" + estimate_header(e) + "\n\n";
    s += resources.to_markdown() + "\n" + teams.to_markdown();
    if (!notes.empty()) {
      s += "\nNotes:\n\n";
      for (const auto& n : notes) s += "- " + escape_controls(n) + "\n";
    }
    return escape_controls(s, Newlines::Keep);
  }
  std::string s = estimate_header(e) + "\n";
  if (!e.runtimes_file.empty()) s += "runtimes from " + escape_controls(e.runtimes_file) + "\n";
  s += total_line(e) + "\n\n" + resources.to_text() + "\n" + teams.to_text();
  if (!notes.empty()) {
    s += "\nnotes:\n";
    for (const auto& n : notes) s += "- " + escape_controls(n) + "\n";
  }
  if (!e.variables.empty()) {
    s += "\nvariables:\n";
    for (const auto& v : e.variables)
      s += "- " + escape_controls(v.name) + " = " + (v.origin == "none" ? "(no value)" : escape_controls(v.value)) +
           " (" + v.origin + ")\n";
  }
  return escape_controls(s, Newlines::Keep);
}

}  // namespace dbcost
