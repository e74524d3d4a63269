#include "calibrate/calibration_check.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include "io/timestamp.h"
#include "montecarlo/worker_threads.h"
#include "sim/engine.h"
#include "sim/run_report.h"

namespace dbcost {
namespace {

constexpr const char* kAllTeams = "(all)";

std::string month_of(double t) { return format_date_utc(static_cast<UnixSeconds>(std::floor(t))).substr(0, 7); }

// The first instant of the month after the one holding t.
double next_month(double t) {
  const std::string m = month_of(t);
  int y = std::stoi(m.substr(0, 4)), mo = std::stoi(m.substr(5, 2)) + 1;
  if (mo == 13) {
    mo = 1;
    ++y;
  }
  return static_cast<double>(*days_from_civil_checked(y, static_cast<unsigned>(mo), 1) * 86400);
}

using TrialCosts = std::map<std::pair<std::string, std::string>, double>;

TrialCosts one_trial(const Scenario& sc, std::uint64_t seed) {
  UsageTrace trace;
  RunOptions options;
  options.trials = 1;
  options.seed = seed;
  options.usage_trace = &trace;
  const SimResult r = simulate(sc, options);
  std::map<std::string, double> price;
  const auto ctx = sc.pricing_context();
  TrialCosts out;
  for (const auto& b : trace.spans) {
    if (!(b.dbus > 0) || !std::isfinite(b.dbus)) continue;
    auto it = price.find(b.sku_name);
    if (it == price.end())
      it = price.emplace(b.sku_name, dbu_price_at(ctx, b.sku_name, sc.start).billed_per_unit().to_double()).first;
    const std::string& team = r.workloads[static_cast<std::size_t>(b.workload)].team;
    const double cost = b.dbus * it->second;
    const double length = b.end - b.start;
    if (!(length > 0)) {
      out[{month_of(b.start), team}] += cost;
      continue;
    }
    for (double t = b.start; t < b.end;) {
      const double e = std::min(b.end, next_month(t));
      out[{month_of(t), team}] += cost * (e - t) / length;
      t = e;
    }
  }
  return out;
}

}  // namespace

double CalibrationCheck::worst_error_percent() const {
  double worst = 0;
  for (const auto& r : rows) {
    if (r.team == kAllTeams) continue;
    if (r.has_error)
      worst = std::max(worst, std::abs(r.error_percent));
    else if (r.mean >= 0.005)
      return std::numeric_limits<double>::infinity();
  }
  return worst;
}

CalibrationCheck check_calibration(const Scenario& sc,
                                   const std::map<std::pair<std::string, std::string>, Money>& billed,
                                   const CheckOptions& options) {
  CalibrationCheck check;
  check.currency = sc.currency;
  check.trials = std::max(1, options.trials);
  const auto n = static_cast<std::size_t>(check.trials);
  std::vector<TrialCosts> trials(n);
  const int threads = std::clamp(options.threads, 1, check.trials);
  run_workers(threads, [&](int worker) {
    for (std::size_t k = static_cast<std::size_t>(worker); k < n; k += static_cast<std::size_t>(threads))
      trials[k] = one_trial(sc, options.seed + k);
  });

  std::set<std::pair<std::string, std::string>> keys;
  std::set<std::string> months;
  for (const auto& [k, v] : billed) keys.insert(k);
  for (const auto& t : trials)
    for (const auto& [k, v] : t) keys.insert(k);
  for (const auto& k : keys) months.insert(k.first);
  for (const auto& m : months) {
    std::vector<std::string> teams;
    for (const auto& k : keys)
      if (k.first == m) teams.push_back(k.second);
    teams.push_back(kAllTeams);
    for (const auto& team : teams) {
      const bool all = team == kAllTeams;
      Eigen::VectorXd samples(static_cast<Eigen::Index>(n));
      for (std::size_t k = 0; k < n; ++k) {
        double s = 0;
        for (const auto& [key, v] : trials[k])
          if (key.first == m && (all || key.second == team)) s += v;
        samples(static_cast<Eigen::Index>(k)) = s;
      }
      Money bill;
      for (const auto& [key, v] : billed)
        if (key.first == m && (all || key.second == team)) bill += v;
      const Summary sum = summarize(samples);
      CheckRow row{m, team, bill.to_double(), sum.mean, sum.p05, sum.p95, false, 0};
      if (bill.to_double() != 0) {
        row.has_error = true;
        row.error_percent = (sum.mean - row.billed) / std::abs(row.billed) * 100;
      }
      check.rows.push_back(row);
    }
  }
  return check;
}

Table check_table(const CalibrationCheck& check) {
  Table t({{"month"},
           {"team"},
           {"billed", true},
           {"simulated_mean", true},
           {"simulated_p05", true},
           {"simulated_p95", true},
           {"error_percent", true}});
  for (const auto& r : check.rows)
    t.add_row({r.month, r.team, format_fixed(r.billed, 2), format_fixed(r.mean, 2), format_fixed(r.p05, 2),
               format_fixed(r.p95, 2), r.has_error ? format_fixed(r.error_percent, 2) : ""});
  return t;
}

}  // namespace dbcost
