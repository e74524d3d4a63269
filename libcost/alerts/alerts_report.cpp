#include "alerts/alerts_report.h"

#include <cmath>
#include <cstdio>

#include "core/text_escape.h"
#include "money/money.h"
#include "sim/run_report.h"

namespace dbcost {
namespace {

std::string num(double v, int decimals) { return std::isnan(v) || std::isinf(v) ? "" : format_fixed(v, decimals); }
std::string money(double v) {
  return std::isnan(v) || std::isinf(v) ? "" : Money::from_micros(std::llround(v * 1e6)).format_cents();
}

std::string level_label(const AlertRule& rule) {
  char buf[48];
  switch (rule.method) {
    case AlertMethod::Cumulative:
      std::snprintf(buf, sizeof buf, "%g%%", rule.level);
      break;
    case AlertMethod::Forecast:
      std::snprintf(buf, sizeof buf, "p=%.2f", rule.level);
      break;
    case AlertMethod::Daily:
      std::snprintf(buf, sizeof buf, "q=%.4f", rule.level);
      break;
  }
  return buf;
}

std::string limit_cell(const AlertRule& rule) { return rule.method == AlertMethod::Forecast ? "" : money(rule.limit); }
std::string weekend_cell(const AlertRule& rule) {
  return rule.method == AlertMethod::Daily ? money(rule.weekend_limit) : "";
}

const char* kOverspendNames[] = {"forgotten_cluster", "runaway_job", "new_workload"};

nlohmann::ordered_json rows_json(const Table& t) {
  auto arr = nlohmann::ordered_json::array();
  for (const auto& r : t.rows()) {
    nlohmann::ordered_json o = nlohmann::ordered_json::object();
    for (std::size_t c = 0; c < r.size(); ++c) {
      const auto& col = t.columns()[c];
      if (!col.numeric) {
        o[col.name] = r[c];
      } else if (r[c].empty()) {
        o[col.name] = nullptr;
      } else {
        o[col.name] = nlohmann::ordered_json::parse(r[c]);
      }
    }
    arr.push_back(std::move(o));
  }
  return arr;
}

bool budgets_possible(const AlertReport& report) {
  return report.inputs.basis == "dbu" && report.inputs.currency == "USD";
}

std::vector<std::string> report_notes(const AlertReport& report) {
  std::vector<std::string> notes = report.inputs.notes;
  if (!budgets_possible(report))
    notes.push_back("no Databricks budget is written: budgets count list-price DBU spend in USD (basis dbu)");
  for (const auto& t : report.teams) {
    if (!t.budget) notes.push_back(t.team + " has no budget: only daily limits apply (--budgets)");
    const int cumulative = t.recommendation.per_method[static_cast<std::size_t>(AlertMethod::Cumulative)];
    if (t.budget && cumulative < 0)
      notes.push_back(t.team + ": no cumulative threshold meets the false-alarm target, so no budget is written");
    if (t.budget && cumulative >= 0) {
      std::size_t detected = 0;
      for (const auto& d : t.thresholds[static_cast<std::size_t>(cumulative)].detection) detected += d.detected;
      if (detected == 0 && t.stats.mean > 0)
        notes.push_back(t.team +
                        ": no cumulative threshold under the target detects an injected overspend; the budget " +
                        money(*t.budget) + " is " + format_fixed(*t.budget / t.stats.mean, 1) + " x the mean month " +
                        money(t.stats.mean));
    }
  }
  return notes;
}

std::string header(const AlertReport& report) {
  const auto& in = report.inputs;
  const std::string basis =
      in.basis == "dbu" ? "list-price DBU spend (what Databricks budgets count)" : "DBU + VM spend after discounts";
  const int fit = in.teams.empty() ? 0 : static_cast<int>(in.teams.front().fit.rows());
  const int test = in.teams.empty() ? 0 : static_cast<int>(in.teams.front().test.rows());
  std::string s = "alerts: " + escape_controls(in.source) + "\n";
  s += "month " + in.calendar.label + " (" + std::to_string(in.calendar.days) + " days), " + basis + ", " +
       escape_controls(in.currency) + "; rules fit on " + std::to_string(fit) + " months, measured on " +
       std::to_string(test) + " others; target " + format_fixed(report.settings.false_alarms_per_year, 2) +
       " false alarms a year\n";
  for (const auto& n : report_notes(report)) s += "note: " + escape_controls(n) + "\n";
  return s;
}

}  // namespace

AlertReport tune_alerts(AlertInputs inputs, const TuningSettings& settings, const std::string& notify) {
  AlertReport report{std::move(inputs), settings, notify, {}};
  auto& daily = report.settings.daily_per_year;
  bool has_target = false;
  for (double a : daily) has_target = has_target || std::abs(a - settings.false_alarms_per_year) < 1e-12;
  if (!has_target && settings.false_alarms_per_year > 0) {
    daily.push_back(settings.false_alarms_per_year);
    std::sort(daily.begin(), daily.end());
  }
  for (const auto& team : report.inputs.teams)
    report.teams.push_back(tune_team(team, report.inputs.calendar, report.settings));
  return report;
}

Table alert_team_table(const AlertReport& report) {
  Table t({{"team"},
           {"budget", true},
           {"test_months", true},
           {"mean_month", true},
           {"p05_month", true},
           {"p50_month", true},
           {"p95_month", true},
           {"over_budget_percent", true}});
  for (const auto& team : report.teams) {
    const auto& s = team.stats;
    t.add_row({team.team, team.budget ? money(*team.budget) : "", std::to_string(s.test_months), money(s.mean),
               money(s.p05), money(s.p50), money(s.p95), num(s.over_budget_percent, 1)});
  }
  return t;
}

Table overspend_table(const AlertReport& report) {
  Table t({{"team"}, {"overspend"}, {"cost_per_day", true}, {"persistent"}, {"what"}});
  for (const auto& team : report.teams)
    for (const auto& o : team.overspends) {
      double peak = 0;
      for (double c : o.profile) peak = std::max(peak, c);
      t.add_row({team.team, o.name, o.applicable() ? money(peak) : "", o.persistent ? "yes" : "no", o.what});
    }
  return t;
}

Table threshold_table(const AlertReport& report) {
  std::vector<Column> cols{{"team"},
                           {"method"},
                           {"threshold"},
                           {"limit", true},
                           {"weekend_limit", true},
                           {"false_alarms_per_year", true},
                           {"over_budget_detected_percent", true},
                           {"warning_days", true}};
  for (const char* name : kOverspendNames) {
    cols.push_back({std::string(name) + "_delay_days", true});
    cols.push_back({std::string(name) + "_detected_percent", true});
  }
  cols.push_back({"mean_delay_days", true});
  Table t(cols);
  for (const auto& team : report.teams)
    for (const auto& r : team.thresholds) {
      std::vector<std::string> row{team.team,
                                   method_name(r.rule.method),
                                   level_label(r.rule),
                                   limit_cell(r.rule),
                                   weekend_cell(r.rule),
                                   num(r.false_alarms_per_year, 2),
                                   num(r.over_budget_detected_percent, 1),
                                   num(r.warning_days, 1)};
      for (std::size_t i = 0; i < std::size(kOverspendNames); ++i) {
        const bool any = i < r.detection.size() && r.detection[i].placements > 0;
        row.push_back(any ? num(r.detection[i].mean_delay_days, 1) : "");
        row.push_back(any ? num(r.detection[i].detected_percent(), 1) : "");
      }
      row.push_back(num(r.mean_delay_days, 1));
      t.add_row(std::move(row));
    }
  return t;
}

Table recommendation_table(const AlertReport& report) {
  Table t({{"team"},
           {"method"},
           {"threshold"},
           {"limit", true},
           {"weekend_limit", true},
           {"false_alarms_per_year", true},
           {"mean_delay_days", true},
           {"best"}});
  for (const auto& team : report.teams) {
    for (std::size_t m = 0; m < kMethods; ++m) {
      const auto method = static_cast<AlertMethod>(m);
      if (method != AlertMethod::Daily && !team.budget) continue;
      const int pick = team.recommendation.per_method[m];
      if (pick < 0) {
        t.add_row({team.team, method_name(method), "none meets the target", "", "", "", "", ""});
        continue;
      }
      const auto& r = team.thresholds[static_cast<std::size_t>(pick)];
      t.add_row({team.team, method_name(method), level_label(r.rule), limit_cell(r.rule), weekend_cell(r.rule),
                 num(r.false_alarms_per_year, 2), num(r.mean_delay_days, 1),
                 pick == team.recommendation.best ? "yes" : ""});
    }
  }
  return t;
}

Table backtest_table(const AlertReport& report) {
  std::vector<Column> cols{{"team"}, {"month"}, {"total", true}, {"budget", true}, {"over_budget"}};
  for (double p : report.settings.percents) cols.push_back({"day_" + format_fixed(p, 0) + "pct", true});
  Table t(cols);
  for (std::size_t i = 0; i < report.inputs.history.size() && i < report.teams.size(); ++i) {
    const auto& team = report.teams[i];
    for (const auto& h : report.inputs.history[i]) {
      double total = 0;
      for (double c : h.daily) total += c;
      std::vector<std::string> row{team.team, h.calendar.label, money(total), team.budget ? money(*team.budget) : ""};
      row.push_back(team.budget ? (first_day_over(h.daily, *team.budget) >= 0 ? "yes" : "no") : "");
      for (double p : report.settings.percents) {
        if (!team.budget) {
          row.push_back("");
          continue;
        }
        const int day = first_alert(AlertRule::cumulative(p, *team.budget), h.daily, h.calendar.weekend_mask());
        row.push_back(day >= 0 ? std::to_string(day + 1) : "");
      }
      t.add_row(std::move(row));
    }
  }
  return t;
}

nlohmann::ordered_json databricks_budgets(const AlertReport& report) {
  auto out = nlohmann::ordered_json::array();
  if (!budgets_possible(report)) return out;
  for (const auto& team : report.teams) {
    const int pick = team.recommendation.per_method[static_cast<std::size_t>(AlertMethod::Cumulative)];
    if (!team.budget || pick < 0) continue;
    const auto& rule = team.thresholds[static_cast<std::size_t>(pick)].rule;
    nlohmann::ordered_json alert;
    alert["time_period"] = "MONTH";
    alert["trigger_type"] = "CUMULATIVE_SPENDING_EXCEEDED";
    alert["quantity_type"] = "LIST_PRICE_DOLLARS_USD";
    alert["quantity_threshold"] = money(rule.limit);
    if (!report.notify.empty())
      alert["action_configurations"] = nlohmann::ordered_json::array(
          {nlohmann::ordered_json{{"action_type", "EMAIL_NOTIFICATION"}, {"target", report.notify}}});
    nlohmann::ordered_json budget;
    budget["display_name"] =
        team.team + " monthly list-price spend (" + level_label(rule) + " of " + money(*team.budget) + ")";
    budget["alert_configurations"] = nlohmann::ordered_json::array({alert});
    budget["filter"] = {
        {"tags", nlohmann::ordered_json::array({nlohmann::ordered_json{
                     {"key", report.inputs.team_tag}, {"value", {{"operator", "IN"}, {"values", {team.team}}}}}})}};
    out.push_back(nlohmann::ordered_json{{"budget", std::move(budget)}});
  }
  return out;
}

nlohmann::ordered_json alerts_json(const AlertReport& report) {
  const auto& in = report.inputs;
  nlohmann::ordered_json j;
  j["source"] = in.source;
  j["basis"] = in.basis;
  j["currency"] = in.currency;
  j["month"] = in.calendar.label;
  j["days"] = in.calendar.days;
  j["fit_months"] = in.teams.empty() ? 0 : in.teams.front().fit.rows();
  j["test_months"] = in.teams.empty() ? 0 : in.teams.front().test.rows();
  j["false_alarms_per_year"] = report.settings.false_alarms_per_year;
  j["notes"] = report_notes(report);
  j["teams"] = rows_json(alert_team_table(report));
  j["overspends"] = rows_json(overspend_table(report));
  j["thresholds"] = rows_json(threshold_table(report));
  j["recommendation"] = rows_json(recommendation_table(report));
  j["backtest"] = rows_json(backtest_table(report));
  j["databricks_budgets"] = databricks_budgets(report);
  return j;
}

std::string render_alerts(const AlertReport& report, const std::string& format, const RenderOptions& options) {
  if (format == "json") return alerts_json(report).dump(2) + "\n";
  if (format == "budgets") return databricks_budgets(report).dump(2) + "\n";
  if (format == "csv")
    return threshold_table(report).to_csv(options) + "\n" + recommendation_table(report).to_csv(options);
  const bool md = format == "md";
  const auto section = [&](const std::string& title, const Table& t) {
    std::string out;
    if (t.rows().empty()) return out;
    out.append("\n").append(md ? "## " : "").append(title).append(md ? "\n\n" : "\n");
    return out.append(md ? t.to_markdown() : t.to_text());
  };
  std::string s = md ? "# Budget alerts\n\n" : "";
  const std::string h = header(report);
  if (md) {
    std::string line;
    for (char c : h) {
      line += c;
      if (c == '\n') {
        s += line.substr(0, line.size() - 1) + "  \n";
        line.clear();
      }
    }
  } else {
    s += h;
  }
  s += section("teams", alert_team_table(report));
  s += section("overspends", overspend_table(report));
  s += section("thresholds", threshold_table(report));
  s += section("recommendation", recommendation_table(report));
  s += section("backtest", backtest_table(report));
  const auto budgets = databricks_budgets(report);
  if (!budgets.empty()) {
    const std::string title = "databricks budgets (POST /api/2.1/accounts/{account_id}/budgets, one body each)";
    s.append("\n").append(md ? "## " : "").append(title).append(md ? "\n\n```json\n" : "\n");
    s.append(budgets.dump(2)).append(md ? "\n```\n" : "\n");
  }
  return escape_controls(s, Newlines::Keep);
}

}  // namespace dbcost
