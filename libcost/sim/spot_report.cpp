#include "sim/spot_report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "sim/run_report.h"
#include "spot/spot_model.h"

namespace dbcost {
namespace {

// Break-even grid: log10 rates per node-hour.
constexpr double kLowestRate = -4;
constexpr double kHighestRate = 0.5;  // about 3 per node-hour: spot nodes live 20 minutes on average
constexpr int kGridPoints = 14;

bool has_spot(const ClusterSpec& c, Cloud cloud) {
  return with_cloud_defaults(c, cloud).availability != Availability::OnDemand;
}

bool job_has_spot(const JobWorkload& job, Cloud cloud) {
  for (const auto& [k, c] : job.job_clusters)
    if (has_spot(c, cloud)) return true;
  for (const auto& t : job.tasks)
    if (t.new_cluster && has_spot(*t.new_cluster, cloud)) return true;
  return false;
}

std::string rate_text(double r) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", r);
  return buf;
}

void fill(SpotRow& row, const Eigen::VectorXd& od_total, const Eigen::VectorXd& spot_total, double od_vm,
          double spot_vm, double od_minutes, double spot_minutes, double runs, double evictions, double failed,
          double misses) {
  row.on_demand_cost = od_total.mean();
  row.spot_cost = spot_total.mean();
  row.savings = summarize(od_total - spot_total);
  row.savings_percent = row.on_demand_cost > 0 ? 100 * row.savings.mean / row.on_demand_cost : 0;
  row.vm_savings = od_vm - spot_vm;
  row.vm_savings_percent = od_vm > 0 ? 100 * row.vm_savings / od_vm : 0;
  row.runtime_inflation_percent = od_minutes > 0 ? 100 * (spot_minutes / od_minutes - 1) : 0;
  row.evictions_per_run = runs > 0 ? evictions / runs : 0;
  row.failed_runs = failed;
  row.sla_miss_probability = runs > 0 ? misses / runs : 0;
}

std::vector<SpotRow> rows_for(const SimResult& od, const SimResult& sp, const std::string& rate,
                              std::vector<SpotRow>& teams) {
  std::vector<SpotRow> out;
  std::map<std::string, std::vector<Eigen::Index>> by_team;
  for (std::size_t w = 0; w < sp.workloads.size(); ++w) {
    const auto c = static_cast<Eigen::Index>(w);
    SpotRow row;
    row.rate = rate;
    row.workload = sp.workloads[w].name;
    row.team = sp.workloads[w].team;
    fill(row, od.total_cost.col(c), sp.total_cost.col(c), od.vm_cost.col(c).mean(), sp.vm_cost.col(c).mean(),
         od.duration_minutes.col(c).mean(), sp.duration_minutes.col(c).mean(), sp.runs.col(c).mean(),
         sp.evictions.col(c).mean(), sp.failed_runs.col(c).mean(), sp.sla_misses.col(c).mean());
    out.push_back(row);
    by_team[sp.workloads[w].team].push_back(c);
  }
  for (const auto& [team, cols] : by_team) {
    Eigen::VectorXd od_total = Eigen::VectorXd::Zero(od.total_cost.rows());
    Eigen::VectorXd sp_total = Eigen::VectorXd::Zero(sp.total_cost.rows());
    double od_vm = 0, sp_vm = 0, od_min = 0, sp_min = 0, runs = 0, ev = 0, failed = 0, misses = 0;
    for (auto c : cols) {
      od_total += od.total_cost.col(c);
      sp_total += sp.total_cost.col(c);
      od_vm += od.vm_cost.col(c).mean();
      sp_vm += sp.vm_cost.col(c).mean();
      od_min += od.duration_minutes.col(c).mean();
      sp_min += sp.duration_minutes.col(c).mean();
      runs += sp.runs.col(c).mean();
      ev += sp.evictions.col(c).mean();
      failed += sp.failed_runs.col(c).mean();
      misses += sp.sla_misses.col(c).mean();
    }
    SpotRow row;
    row.rate = rate;
    row.workload = "(all)";
    row.team = team;
    fill(row, od_total, sp_total, od_vm, sp_vm, od_min, sp_min, runs, ev, failed, misses);
    teams.push_back(row);
  }
  return out;
}

// Mean savings per trial when every run spot did not deliver (failed, or skipped while a longer run was still
// going) is bought again at the on-demand cost of a run.
double delivered_savings(const SimResult& od, const SimResult& sp, std::size_t workload) {
  const auto c = static_cast<Eigen::Index>(workload);
  const double od_runs = od.runs.col(c).mean();
  const double od_per_run = od_runs > 0 ? od.total_cost.col(c).mean() / od_runs : 0;
  const double undelivered = std::max(0.0, od_runs - sp.runs.col(c).mean()) + sp.failed_runs.col(c).mean();
  return od.total_cost.col(c).mean() - sp.total_cost.col(c).mean() - undelivered * od_per_run;
}

}  // namespace

SpotReport spot_sweep(const Scenario& scenario, const std::vector<double>& rates, const RunOptions& options,
                      bool with_break_even) {
  for (const double r : rates) check_eviction_rate(r, "rates");
  Scenario sc = scenario;
  sc.warehouses.clear();
  sc.pools.clear();
  std::vector<JobWorkload> jobs;
  for (const auto& j : scenario.jobs)
    if (job_has_spot(j, sc.cloud)) jobs.push_back(j);
  sc.jobs = jobs;
  // All-purpose clusters stay only where a kept job runs tasks on them (after the jobs' rows).
  std::erase_if(sc.all_purpose, [&](const AllPurposeWorkload& a) {
    return std::none_of(jobs.begin(), jobs.end(), [&](const JobWorkload& j) {
      return std::any_of(j.tasks.begin(), j.tasks.end(),
                         [&](const Task& t) { return t.existing_cluster_id == a.name; });
    });
  });
  SpotReport rep;
  if (sc.jobs.empty()) return rep;
  RunOptions od_options = options;
  od_options.all_on_demand = true;
  const SimResult od = simulate(sc, od_options);
  if (rates.empty()) {
    RunOptions o = options;
    o.spot_rate_override.reset();
    sc.spot.enabled = true;
    rep.hazard_source = sc.spot.eviction_rate_per_hour >= 0
                            ? "eviction_rate_per_hour " + rate_text(sc.spot.eviction_rate_per_hour)
                            : "each node type's eviction band read " + sc.spot.band_reading;
    const SimResult sp = simulate(sc, o);
    const auto rows = rows_for(od, sp, "scenario", rep.teams);
    rep.workloads.insert(rep.workloads.end(), rows.begin(), rows.end());
  } else {
    rep.hazard_source = "the rates given, per spot node-hour";
    for (double r : rates) {
      RunOptions o = options;
      o.spot_rate_override = r;
      const SimResult sp = simulate(sc, o);
      const auto rows = rows_for(od, sp, rate_text(r), rep.teams);
      rep.workloads.insert(rep.workloads.end(), rows.begin(), rows.end());
    }
  }
  if (with_break_even) {
    std::vector<double> grid;
    for (int k = 0; k <= kGridPoints; ++k)
      grid.push_back(std::pow(10.0, kLowestRate + k * (kHighestRate - kLowestRate) / kGridPoints));
    std::vector<std::vector<double>> savings(sc.jobs.size());
    for (double r : grid) {
      RunOptions o = options;
      o.spot_rate_override = r;
      const SimResult sp = simulate(sc, o);
      for (std::size_t w = 0; w < sc.jobs.size(); ++w) savings[w].push_back(delivered_savings(od, sp, w));
    }
    for (std::size_t w = 0; w < sc.jobs.size(); ++w) {
      std::string text = "above 3 (spot pays at every rate tried)";
      if (savings[w][0] <= 0) text = "none (spot does not pay even at 1e-4)";
      for (std::size_t k = 1; k < grid.size() && savings[w][0] > 0; ++k) {
        if (savings[w][k] <= 0) {
          const double a = std::log10(grid[k - 1]), b = std::log10(grid[k]);
          const double f = savings[w][k - 1] / (savings[w][k - 1] - savings[w][k]);
          char buf[32];
          std::snprintf(buf, sizeof buf, "%.3g", std::pow(10.0, a + f * (b - a)));
          text = buf;
          break;
        }
      }
      rep.break_even.emplace_back(sc.jobs[w].name, text);
    }
  }
  return rep;
}

namespace {

Table rows_table(const std::vector<SpotRow>& rows, const char* first) {
  Table t({{"rate_per_node_hour"},
           {first},
           {"team"},
           {"on_demand_cost", true},
           {"spot_cost", true},
           {"savings", true},
           {"savings_p05", true},
           {"savings_p95", true},
           {"savings_percent", true},
           {"vm_savings", true},
           {"vm_savings_percent", true},
           {"runtime_inflation_percent", true},
           {"evictions_per_run", true},
           {"failed_runs", true},
           {"sla_miss_probability", true}});
  for (const auto& r : rows)
    t.add_row({r.rate, r.workload, r.team, format_fixed(r.on_demand_cost, 2), format_fixed(r.spot_cost, 2),
               format_fixed(r.savings.mean, 2), format_fixed(r.savings.p05, 2), format_fixed(r.savings.p95, 2),
               format_fixed(r.savings_percent, 1), format_fixed(r.vm_savings, 2), format_fixed(r.vm_savings_percent, 1),
               format_fixed(r.runtime_inflation_percent, 1), format_fixed(r.evictions_per_run, 3),
               format_fixed(r.failed_runs, 2), format_fixed(r.sla_miss_probability, 3)});
  return t;
}

}  // namespace

Table spot_workload_table(const SpotReport& report) { return rows_table(report.workloads, "workload"); }
Table spot_team_table(const SpotReport& report) { return rows_table(report.teams, "workload"); }

Table break_even_table(const SpotReport& report) {
  Table t({{"workload"}, {"break_even_rate_per_node_hour"}});
  for (const auto& [w, r] : report.break_even) t.add_row({w, r});
  return t;
}

}  // namespace dbcost
