#include "sim/compare.h"

#include <algorithm>

#include "sim/run_report.h"
#include "workload/scenario_reader.h"

namespace dbcost {
namespace {

// The job alone, with the all-purpose clusters its tasks run on (their users' sessions too, so a
// delta is the job's own share of the cluster's bill) and the pools its clusters draw on.
Scenario only_job(const Scenario& sc, std::size_t j) {
  Scenario out = sc;
  out.jobs = {sc.jobs[j]};
  std::erase_if(out.all_purpose, [&](const AllPurposeWorkload& a) {
    return std::none_of(sc.jobs[j].tasks.begin(), sc.jobs[j].tasks.end(),
                        [&](const Task& t) { return t.existing_cluster_id == a.name; });
  });
  out.warehouses.clear();
  return out;
}

// Auto-termination of an all-purpose cluster made from a job's cluster spec that gives none.
constexpr int kAllPurposeAutoterminationMinutes = 120;

const ClusterSpec* cluster_of(const JobWorkload& job, const Task& t) {
  if (t.compute == TaskCompute::JobCluster) return &job.job_clusters.at(t.job_cluster_key);
  if (t.compute == TaskCompute::NewCluster) return &*t.new_cluster;
  if (t.compute == TaskCompute::ExistingCluster) return &*t.existing_cluster;
  return nullptr;
}

}  // namespace

std::vector<Alternative> automatic_alternatives(const Scenario& sc) {
  std::vector<Alternative> out;
  for (std::size_t j = 0; j < sc.jobs.size(); ++j) {
    const Scenario base = only_job(sc, j);
    const JobWorkload& job = base.jobs[0];
    bool any_cluster = false, all_job = true, all_ap = true, all_serverless = true;
    for (const auto& t : job.tasks) {
      any_cluster = any_cluster || cluster_of(job, t) != nullptr;
      all_job = all_job && (t.compute == TaskCompute::JobCluster || t.compute == TaskCompute::NewCluster);
      all_ap = all_ap && t.compute == TaskCompute::ExistingCluster;
      all_serverless = all_serverless && t.compute == TaskCompute::Serverless;
    }
    if (!any_cluster) continue;  // serverless-only jobs have no cluster to move from
    auto make = [&](const std::string& what) {
      Alternative a{job.name + ": " + what, "alternative", job.name, base, base};
      return a;
    };
    if (!all_job) {
      Alternative a = make("job clusters");
      for (auto& t : a.changed.jobs[0].tasks) {
        if (t.compute != TaskCompute::ExistingCluster) continue;
        t.new_cluster = *t.existing_cluster;
        t.compute = TaskCompute::NewCluster;
        t.runtime.reference_workers = (t.new_cluster->min_workers() + t.new_cluster->max_workers()) / 2.0;
        t.runtime.reference_photon = t.new_cluster->photon() ? 1 : 0;
      }
      out.push_back(std::move(a));
    }
    if (!all_ap) {
      Alternative a = make("all-purpose");
      auto& alt_job = a.changed.jobs[0];
      for (auto& t : alt_job.tasks) {
        const ClusterSpec* c = cluster_of(job, job.tasks[static_cast<std::size_t>(&t - alt_job.tasks.data())]);
        if (!c || t.compute == TaskCompute::ExistingCluster) continue;
        const std::string name =
            job.name + "/" + (t.compute == TaskCompute::JobCluster ? t.job_cluster_key : t.task_key) + " (all-purpose)";
        auto& clusters = a.changed.all_purpose;
        if (std::none_of(clusters.begin(), clusters.end(), [&](const auto& w) { return w.name == name; })) {
          AllPurposeWorkload w;
          w.name = name;
          w.team = job.team;
          w.cluster = *c;
          if (!w.cluster.autotermination_minutes) w.cluster.autotermination_minutes = kAllPurposeAutoterminationMinutes;
          w.where = job.where;
          clusters.push_back(std::move(w));
        }
        t.existing_cluster = *c;
        t.existing_cluster_id = name;
        t.compute = TaskCompute::ExistingCluster;
      }
      out.push_back(std::move(a));
    }
    if (!all_serverless) {
      Alternative a = make("serverless");
      for (auto& t : a.changed.jobs[0].tasks) t.compute = TaskCompute::Serverless;
      default_region(a.changed);
      out.push_back(std::move(a));
    }
    Alternative photon = make("Photon flipped");
    bool flipped = false;
    auto flip = [&](ClusterSpec& c) {
      c.runtime_engine = c.photon() ? "STANDARD" : "PHOTON";
      flipped = true;
    };
    for (auto& [key, c] : photon.changed.jobs[0].job_clusters) flip(c);
    for (auto& t : photon.changed.jobs[0].tasks) {
      if (t.new_cluster) flip(*t.new_cluster);
      if (t.existing_cluster) flip(*t.existing_cluster);
    }
    const ClusterSpec* first = nullptr;
    for (const auto& t : job.tasks)
      if (!first) first = cluster_of(job, t);
    if (flipped && first) {
      photon.name = job.name + (first->photon() ? ": Photon off" : ": Photon on");
      out.push_back(std::move(photon));
    }
  }
  return out;
}

Comparison compare_pair(const Alternative& alt, const RunOptions& options) {
  const SimResult b = simulate(alt.base, options);
  const SimResult a = simulate(alt.changed, options);
  const Eigen::VectorXd base_total = b.total_cost.rowwise().sum();
  const Eigen::VectorXd alt_total = a.total_cost.rowwise().sum();
  const Eigen::VectorXd delta = alt_total - base_total;
  Comparison c{alt.name, alt.kind, alt.workload, summarize(base_total), summarize(alt_total), summarize(delta), 0};
  c.probability_cheaper = static_cast<double>((delta.array() < 0).count()) / static_cast<double>(delta.size());
  return c;
}

Table comparison_table(const std::vector<Comparison>& rows) {
  Table t({{"alternative"},
           {"kind"},
           {"workload"},
           {"base_cost", true},
           {"alternative_cost", true},
           {"delta", true},
           {"delta_p05", true},
           {"delta_p95", true},
           {"probability_cheaper", true}});
  for (const auto& r : rows)
    t.add_row({r.name, r.kind, r.workload.empty() ? "(all)" : r.workload, format_fixed(r.base.mean, 2),
               format_fixed(r.alternative.mean, 2), format_fixed(r.delta.mean, 2), format_fixed(r.delta.p05, 2),
               format_fixed(r.delta.p95, 2), format_fixed(r.probability_cheaper, 3)});
  return t;
}

}  // namespace dbcost
