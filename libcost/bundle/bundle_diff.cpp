#include "bundle/bundle_diff.h"

#include <cmath>

#include "bundle/estimate_report.h"
#include "core/text_escape.h"
#include "sim/run_report.h"

namespace dbcost {
namespace {

std::string signed_money(double v) {
  const std::string s = money_text(v);
  return s[0] == '-' || s == "0.00" ? s : "+" + s;
}

std::string percent_text(double v, bool sign) {
  std::string s = format_fixed(v, 1);
  if (sign && s[0] != '-' && s != "0.0") s = "+" + s;
  return s + "%";
}

std::string opt_money(const std::optional<double>& v) { return v ? money_text(*v) : ""; }

nlohmann::json opt_json(const std::optional<double>& v) {
  return v ? nlohmann::json(round_cents(*v)) : nlohmann::json();
}

std::string limit_text(const BundleDiff& d) {
  const std::string cur = " " + d.after.currency;
  std::string s = d.limit->text;
  if (d.limit->percent) s += " of " + money_text(d.old_total) + " = " + money_text(d.limit_amount) + cur;
  return s;
}

}  // namespace

FailOver parse_fail_over(const std::string& text) {
  FailOver f;
  f.text = text;
  std::string number = text;
  if (!number.empty() && number.back() == '%') {
    f.percent = true;
    number.pop_back();
  }
  const auto d = Decimal::parse(number);
  if (number.empty() || !d || d->is_negative())
    throw InputError({"", 0, 0, "--fail-over"},
                     "expected a percentage such as 10% or an amount such as 500, got '" + text + "'");
  f.value = d->to_double();
  return f;
}

BundleDiff diff_bundles(const Bundle& before, const Bundle& after, const EstimateOptions& options,
                        const std::optional<FailOver>& limit) {
  BundleDiff d;
  d.before = estimate_bundle(before, options);
  d.after = estimate_bundle(after, options, &d.before);
  d.limit = limit;
  const auto trials = d.after.total_samples.size();
  Eigen::VectorXd old_samples = Eigen::VectorXd::Zero(trials), new_samples = Eigen::VectorXd::Zero(trials);
  auto add_row = [&](const ResourceEstimate* o, const ResourceEstimate* n) {
    DiffRow row;
    const ResourceEstimate& any = n ? *n : *o;
    row.name = any.name;
    row.kind = any.kind;
    row.team = any.team;
    row.status = !o ? "added" : !n ? "removed" : "";
    const bool month = (!o || o->priced) && (!n || n->priced);
    if (month) {
      row.basis = "month";
      if (o) row.old_value = o->cost.mean;
      if (n) row.new_value = n->cost.mean;
      if (o) old_samples += o->samples;
      if (n) new_samples += n->samples;
    } else if ((!o || o->cost_per_run_hour) && (!n || n->cost_per_run_hour)) {
      row.basis = "run-hour";
      if (o) row.old_value = o->cost_per_run_hour;
      if (n) row.new_value = n->cost_per_run_hour;
    } else {
      row.basis = "none";
    }
    if (row.basis != "none") {
      row.delta = row.new_value.value_or(0) - row.old_value.value_or(0);
      if (row.old_value && *row.old_value > 0) row.delta_percent = *row.delta / *row.old_value * 100;
    }
    // A resource that cannot be priced on one side or both is listed, never counted as unchanged.
    if (row.status.empty() && row.basis == "none")
      row.status = o->priced == n->priced ? "not priced" : n->priced ? "priced in new only" : "priced in old only";
    if (row.status.empty())
      row.status = row.delta && std::abs(round_cents(*row.delta)) >= 0.01 ? "changed" : "unchanged";
    d.rows.push_back(row);
  };
  for (const auto& n : d.after.resources) add_row(d.before.find(n.kind, n.name), &n);
  for (const auto& o : d.before.resources)
    if (!d.after.find(o.kind, o.name)) add_row(&o, nullptr);
  for (const auto& r : d.rows)
    if (r.basis == "month") {
      d.old_total += r.old_value.value_or(0);
      d.new_total += r.new_value.value_or(0);
    }
  d.delta = d.new_total - d.old_total;
  if (d.old_total > 0) d.delta_percent = d.delta / d.old_total * 100;
  if (trials == old_samples.size() && trials > 0) d.delta_spread = summarize(new_samples - old_samples);
  if (limit) {
    d.limit_amount = limit->percent ? d.old_total * limit->value / 100 : limit->value;
    d.exceeded = round_cents(d.delta) > round_cents(d.limit_amount);
  }
  return d;
}

Table diff_table(const BundleDiff& d) {
  Table t({{"resource"},
           {"kind"},
           {"status"},
           {"basis"},
           {"old", true},
           {"new", true},
           {"delta", true},
           {"delta_percent", true}});
  for (const auto& r : d.rows)
    t.add_row({r.name, r.kind, r.status, r.basis, opt_money(r.old_value), opt_money(r.new_value), opt_money(r.delta),
               r.delta_percent ? format_fixed(*r.delta_percent, 1) : ""});
  t.add_row({"(total)", "", d.delta == 0 ? "unchanged" : "changed", "month", money_text(d.old_total),
             money_text(d.new_total), money_text(d.delta), d.delta_percent ? format_fixed(*d.delta_percent, 1) : ""});
  return t;
}

nlohmann::json diff_json(const BundleDiff& d) {
  nlohmann::json j;
  j["bundle"] = d.after.bundle;
  j["old_bundle"] = d.before.bundle;
  j["target"] = d.after.target;
  j["month"] = d.after.month;
  j["currency"] = d.after.currency;
  j["cloud"] = d.after.cloud;
  j["mode"] = d.after.expected_value ? "expected_value" : "monte_carlo";
  j["trials"] = d.after.trials;
  j["seed"] = d.after.seed;
  j["rows"] = nlohmann::json::array();
  for (const auto& r : d.rows)
    j["rows"].push_back({{"resource", r.name},
                         {"kind", r.kind},
                         {"team", r.team},
                         {"status", r.status},
                         {"basis", r.basis},
                         {"old", opt_json(r.old_value)},
                         {"new", opt_json(r.new_value)},
                         {"delta", opt_json(r.delta)},
                         {"delta_percent", r.delta_percent ? nlohmann::json(std::round(*r.delta_percent * 10) / 10)
                                                           : nlohmann::json()}});
  j["total"] = {
      {"old", round_cents(d.old_total)},
      {"new", round_cents(d.new_total)},
      {"delta", round_cents(d.delta)},
      {"delta_percent", d.delta_percent ? nlohmann::json(std::round(*d.delta_percent * 10) / 10) : nlohmann::json()},
      {"delta_p05", round_cents(d.delta_spread.p05)},
      {"delta_p95", round_cents(d.delta_spread.p95)}};
  j["fail_over"] =
      d.limit ? nlohmann::json(
                    {{"limit", d.limit->text}, {"amount", round_cents(d.limit_amount)}, {"exceeded", d.exceeded}})
              : nlohmann::json();
  return j;
}

std::string diff_text(const BundleDiff& d, const std::string& format, const RenderOptions& options) {
  if (format == "json") return diff_json(d).dump(2) + "\n";
  if (format == "csv") return diff_table(d).to_csv(options);
  const std::string cur = escape_controls(d.after.currency);
  std::string head, body;
  if (d.limit) {
    head = d.exceeded ? "Over the limit" : "Within the limit";
    body = d.exceeded ? "the increase of " + money_text(d.delta) + " " + cur + " is above --fail-over " + limit_text(d)
                      : "--fail-over " + limit_text(d);
  }
  if (format == "table") {
    std::string s = "diff " + escape_controls(d.before.bundle) + " -> " + escape_controls(d.after.bundle) +
                    ", target " + escape_controls(d.after.target) + ", " + d.after.month + ", " + cur + "\n";
    s += "total " + money_text(d.old_total) + " -> " + money_text(d.new_total) + " (" + signed_money(d.delta) +
         (d.delta_percent ? ", " + percent_text(*d.delta_percent, true) : "") + ")\n\n";
    s += diff_table(d).to_text();
    if (!head.empty()) s += "\n" + head + ": " + body + "\n";
    return escape_controls(s, Newlines::Keep);
  }
  std::string s = "### dbcost: " + escape_controls(d.after.bundle) + " (target " + escape_controls(d.after.target) +
                  "), " + d.after.month + ": " + signed_money(d.delta) + " " + cur + "/month" +
                  (d.delta_percent ? " (" + percent_text(*d.delta_percent, true) + ")" : "") + "\n\n";
  Table month({{"resource"}, {"kind"}, {"old", true}, {"new", true}, {"delta", true}, {"delta %", true}, {"change"}});
  Table hourly({{"resource"}, {"kind"}, {"old", true}, {"new", true}, {"delta", true}, {"change"}});
  int unchanged = 0;
  std::vector<std::string> unknown;
  for (const auto& r : d.rows) {
    if (r.status == "unchanged") {
      ++unchanged;
      continue;
    }
    if (r.basis == "month")
      month.add_row({r.name, r.kind, opt_money(r.old_value), opt_money(r.new_value), signed_money(*r.delta),
                     r.delta_percent ? percent_text(*r.delta_percent, true) : "", r.status});
    else if (r.basis == "run-hour")
      hourly.add_row(
          {r.name, r.kind, opt_money(r.old_value), opt_money(r.new_value), signed_money(*r.delta), r.status});
    else
      unknown.push_back(escape_controls(r.name) + " (" + r.status + ")");
  }
  month.add_row({"**total**", "", "**" + money_text(d.old_total) + "**", "**" + money_text(d.new_total) + "**",
                 "**" + signed_money(d.delta) + "**",
                 d.delta_percent ? "**" + percent_text(*d.delta_percent, true) + "**" : "", ""});
  s += month.to_markdown();
  if (!hourly.rows().empty())
    s += "\nCost per run-hour (runtime unknown, not in the total):\n\n" + hourly.to_markdown();
  if (!unknown.empty()) {
    s += "\nNot priced:";
    for (const auto& u : unknown) s += " " + u + (u == unknown.back() ? "" : ",");
    s += "\n";
  }
  s += "\n";
  if (unchanged > 0) s += std::to_string(unchanged) + " resource" + (unchanged > 1 ? "s" : "") + " unchanged. ";
  s += (d.after.expected_value
            ? std::string("Expected values")
            : std::to_string(d.after.trials) + " paired trials (delta p05 " + signed_money(d.delta_spread.p05) +
                  ", p95 " + signed_money(d.delta_spread.p95) + ")") +
       ", " + d.after.period_start + " to " + d.after.period_end + " UTC, " + d.after.cloud +
       (d.after.runtimes_file.empty() ? ", no runtimes file"
                                      : ", runtimes from " + escape_controls(d.after.runtimes_file)) +
       ".\n";
  if (!head.empty()) s += "\n**" + head + "**: " + body + "\n";
  return escape_controls(s, Newlines::Keep);
}

}  // namespace dbcost
