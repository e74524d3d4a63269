#include "sim/run_report.h"

#include <cmath>
#include <cstdio>

#include "core/text_escape.h"
#include "sim/commitment_report.h"

namespace dbcost {

std::string format_fixed(double v, int decimals) {
  if (std::abs(v) < 0.5 * std::pow(10.0, -decimals)) v = 0;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

namespace {

std::string money(double v) { return format_fixed(v, 2); }

std::string count(double v) {
  std::string s = format_fixed(v, 2);
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

// Inserts dbu_list_cost after dbu_cost.
std::vector<Column> with_list_column(std::vector<Column> columns, bool with_list_cost) {
  if (!with_list_cost) return columns;
  for (std::size_t i = 0; i < columns.size(); ++i)
    if (columns[i].name == "dbu_cost") {
      columns.insert(columns.begin() + static_cast<std::ptrdiff_t>(i) + 1, {"dbu_list_cost", true});
      break;
    }
  return columns;
}

void insert_list_cell(std::vector<std::string>& row, bool with_list_cost, std::size_t dbu_cost_at, double list) {
  if (with_list_cost) row.insert(row.begin() + static_cast<std::ptrdiff_t>(dbu_cost_at) + 1, money(list));
}

}  // namespace

std::vector<std::string> run_notes(const Scenario& sc) {
  std::vector<std::string> out = sc.notes;
  for (const auto& w : sc.warehouses)
    for (const auto& n : w.notes) out.push_back(w.name + ": " + n);
  return out;
}

Table team_table(const SimResult& r, bool with_list_cost) {
  Table t({{"team"},
           {"runs", true},
           {"dbus", true},
           {"dbu_cost", true},
           {"vm_cost", true},
           {"total_cost", true},
           {"std_error", true},
           {"p05", true},
           {"p50", true},
           {"p95", true}});
  if (with_list_cost) t = Table(with_list_column(t.columns(), true));
  for (std::size_t k = 0; k < r.teams.size(); ++k) {
    double runs = 0, dbus = 0, dbu = 0, vm = 0, list = 0;
    for (std::size_t w = 0; w < r.workloads.size(); ++w) {
      if (r.workloads[w].team != r.teams[k]) continue;
      const auto c = static_cast<Eigen::Index>(w);
      runs += r.runs.col(c).mean();
      dbus += r.dbus.col(c).mean();
      dbu += r.dbu_cost.col(c).mean();
      vm += r.vm_cost.col(c).mean();
      if (with_list_cost) list += r.dbu_list_cost.col(c).mean();
    }
    const auto s = summarize(r.team_cost.col(static_cast<Eigen::Index>(k)));
    std::vector<std::string> row = {r.teams[k],   count(runs),   format_fixed(dbus, 3), money(dbu),
                                    money(vm),    money(s.mean), money(s.std_error),    money(s.p05),
                                    money(s.p50), money(s.p95)};
    insert_list_cell(row, with_list_cost, 3, list);
    t.add_row(std::move(row));
  }
  return t;
}

Table workload_table(const SimResult& r, bool with_list_cost) {
  Table t({{"workload"},
           {"team"},
           {"kind"},
           {"runs", true},
           {"dbus", true},
           {"dbu_cost", true},
           {"vm_cost", true},
           {"total_cost", true},
           {"std_error", true},
           {"idle_cost", true},
           {"mean_duration_minutes", true},
           {"p05", true},
           {"p50", true},
           {"p95", true}});
  if (with_list_cost) t = Table(with_list_column(t.columns(), true));
  for (std::size_t w = 0; w < r.workloads.size(); ++w) {
    const auto c = static_cast<Eigen::Index>(w);
    const auto s = summarize(r.total_cost.col(c));
    const double runs = r.runs.col(c).mean();
    const double minutes = r.duration_minutes.col(c).mean();
    const auto& info = r.workloads[w];
    const bool has_idle = info.kind != "job";
    std::vector<std::string> row = {info.name,
                                    info.team,
                                    info.kind,
                                    count(runs),
                                    format_fixed(r.dbus.col(c).mean(), 3),
                                    money(r.dbu_cost.col(c).mean()),
                                    money(r.vm_cost.col(c).mean()),
                                    money(s.mean),
                                    money(s.std_error),
                                    has_idle ? money(r.idle_cost.col(c).mean()) : "",
                                    runs > 0 ? format_fixed(minutes / runs, 1) : "",
                                    money(s.p05),
                                    money(s.p50),
                                    money(s.p95)};
    insert_list_cell(row, with_list_cost, 5, with_list_cost ? r.dbu_list_cost.col(c).mean() : 0);
    t.add_row(std::move(row));
  }
  return t;
}

Table policy_findings_table(const Scenario& sc) {
  Table t({{"cluster"}, {"policy"}, {"path"}, {"actual"}, {"message"}, {"location"}});
  for (const auto& f : sc.policy_findings) t.add_row({f.cluster, f.policy, f.path, f.actual, f.message, f.location});
  return t;
}

nlohmann::json run_json(const SimResult& r, const RunContext& ctx) {
  const Scenario& sc = *ctx.scenario;
  nlohmann::json j;
  j["scenario"] = sc.name;
  j["variant"] = ctx.variant;
  j["mode"] = r.expected_value ? "expected_value" : "monte_carlo";
  j["trials"] = r.expected_value ? 0 : r.trials;
  j["seed"] = ctx.options.seed;
  j["currency"] = sc.currency;
  j["period"] = {
      {"start", format_local(sc.start, sc.zone)}, {"end", format_local(sc.end, sc.zone)}, {"timezone", sc.timezone_id}};
  const bool apart = prices_apart(sc);
  j["teams"] = team_table(r, apart).to_json();
  j["workloads"] = workload_table(r, apart).to_json();
  if (apart) {
    j["pricing_notes"] = pricing_notes(sc);
    j["commitments"] = commitment_table(r, sc).to_json();
  }
  const Eigen::VectorXd total = r.team_cost.rowwise().sum();
  const auto s = summarize(total);
  j["total"] = {{"total_cost", std::stod(money(s.mean))},
                {"std_error", std::stod(money(s.std_error))},
                {"p05", std::stod(money(s.p05))},
                {"p50", std::stod(money(s.p50))},
                {"p95", std::stod(money(s.p95))}};
  j["policy_violations"] = policy_findings_table(sc).to_json();
  j["policy_notes"] = sc.policy_notes;
  j["notes"] = run_notes(sc);
  return j;
}

std::string run_text(const SimResult& r, const RunContext& ctx, const std::string& format,
                     const RenderOptions& options) {
  const Scenario& sc = *ctx.scenario;
  const bool apart = prices_apart(sc);
  const auto teams = team_table(r, apart);
  const auto workloads = workload_table(r, apart);
  const auto commitments = commitment_table(r, sc);
  if (format == "csv")
    return teams.to_csv(options) + "\n" + workloads.to_csv(options) +
           (sc.commitments.empty() ? "" : "\n" + commitments.to_csv(options));
  const Eigen::VectorXd total = r.team_cost.rowwise().sum();
  const auto s = summarize(total);
  std::string head = "scenario " + escape_controls(sc.name) +
                     (ctx.variant.empty() ? "" : " (variant " + escape_controls(ctx.variant) + ")") + ", " +
                     format_local(sc.start, sc.zone) + " to " + format_local(sc.end, sc.zone) + ", " +
                     escape_controls(sc.currency) + ", ";
  head += r.expected_value ? "expected values"
                           : std::to_string(r.trials) + " trials, seed " + std::to_string(ctx.options.seed);
  head += "\ntotal " + money(s.mean);
  if (!r.expected_value)
    head += " (std. error " + money(s.std_error) + "; p05 " + money(s.p05) + ", p95 " + money(s.p95) + ")";
  head += "\n";
  for (const auto& n : pricing_notes(sc)) head += n + "\n";
  head += "\n";
  std::string policies;
  if (!sc.policy_findings.empty())
    policies += "\n" + std::string(format == "md" ? "## Policy violations\n\n" : "policy violations:\n") +
                (format == "md" ? policy_findings_table(sc).to_markdown() : policy_findings_table(sc).to_text());
  if (!sc.policy_notes.empty()) {
    policies += format == "md" ? "\nPolicy notes:\n\n" : "\npolicy notes:\n";
    for (const auto& n : sc.policy_notes) policies += "- " + escape_controls(n) + "\n";
  }
  const auto notes = run_notes(sc);
  if (!notes.empty()) {
    policies += format == "md" ? "\nNotes:\n\n" : "\nnotes:\n";
    for (const auto& n : notes) policies += "- " + escape_controls(n) + "\n";
  }
  head = escape_controls(head, Newlines::Keep);
  if (!sc.commitments.empty())
    policies = (format == "md" ? "\n## Commitment drawdown\n\n" + commitments.to_markdown()
                               : "\ncommitment drawdown (DBU list cost by month):\n" + commitments.to_text()) +
               policies;
  if (format == "md")
    return head + "## Teams\n\n" + teams.to_markdown() + "\n## Workloads\n\n" + workloads.to_markdown() + policies;
  return head + teams.to_text() + "\n" + workloads.to_text() + policies;
}

}  // namespace dbcost
