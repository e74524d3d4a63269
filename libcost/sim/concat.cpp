#include <string>

#include "core/errors.h"
#include "sim/engine.h"

namespace dbcost {
namespace {

Eigen::MatrixXd stack(const std::vector<SimResult>& shards, Eigen::MatrixXd SimResult::*m) {
  Eigen::Index rows = 0;
  for (const auto& s : shards) rows += (s.*m).rows();
  Eigen::MatrixXd out(rows, (shards.front().*m).cols());
  Eigen::Index at = 0;
  for (const auto& s : shards) {
    out.middleRows(at, (s.*m).rows()) = s.*m;
    at += (s.*m).rows();
  }
  return out;
}

}  // namespace

SimResult concat_trials(const std::vector<SimResult>& shards) {
  if (shards.empty()) throw ModelError("no shards to concatenate");
  const SimResult& first = shards.front();
  for (std::size_t k = 1; k < shards.size(); ++k) {
    const SimResult& s = shards[k];
    const bool same_workloads =
        s.workloads.size() == first.workloads.size() &&
        std::equal(s.workloads.begin(), s.workloads.end(), first.workloads.begin(),
                   [](const WorkloadInfo& a, const WorkloadInfo& b) { return a.name == b.name && a.team == b.team; });
    if (!same_workloads || s.teams != first.teams || s.daily_cost.cols() != first.daily_cost.cols() ||
        s.expected_value != first.expected_value)
      throw ModelError("shard " + std::to_string(k) + " is not from the same scenario and period as shard 0");
  }
  SimResult r;
  r.expected_value = first.expected_value;
  r.workloads = first.workloads;
  r.teams = first.teams;
  for (auto m : {&SimResult::runs, &SimResult::dbus, &SimResult::dbu_cost, &SimResult::vm_cost, &SimResult::total_cost,
                 &SimResult::idle_cost, &SimResult::duration_minutes, &SimResult::evictions, &SimResult::failed_runs,
                 &SimResult::sla_misses, &SimResult::team_cost, &SimResult::daily_cost, &SimResult::team_daily_cost,
                 &SimResult::dbu_list_cost, &SimResult::daily_dbu_list_cost})
    r.*m = stack(shards, m);
  r.trials = static_cast<int>(r.runs.rows());
  for (const auto& s : shards) {
    auto append = [](std::vector<double>& to, const std::vector<double>& from) {
      to.insert(to.end(), from.begin(), from.end());
    };
    append(r.run_samples.trial, s.run_samples.trial);
    append(r.run_samples.workload, s.run_samples.workload);
    append(r.run_samples.start_hours, s.run_samples.start_hours);
    append(r.run_samples.minutes, s.run_samples.minutes);
    append(r.run_samples.cost, s.run_samples.cost);
    append(r.run_samples.evictions, s.run_samples.evictions);
    append(r.run_samples.failed, s.run_samples.failed);
  }
  return r;
}

}  // namespace dbcost
