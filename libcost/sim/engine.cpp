#include "sim/engine.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <iterator>
#include <limits>

#include "core/errors.h"
#include "montecarlo/sampler.h"
#include "montecarlo/worker_threads.h"
#include "pricing/warehouse_quote.h"
#include "schedule/fire_time_cache.h"
#include "schedule/triggers.h"
#include "sim/vm_shapes.h"
#include "sim/workload_rates.h"
#include "spot/eviction_band.h"
#include "spot/spot_model.h"

namespace dbcost {
namespace {

// Hourly rates of one cluster at a given worker count.
struct ClusterRate {
  double dbus_per_hour = 0;
  double dbu_cost_per_hour = 0;
  double dbu_list_cost_per_hour = 0;
  double vm_per_hour = 0;
  double workers = 0;
  bool photon = false;
  ComputeKind kind = ComputeKind::Job;
  std::string sku_name;
  std::string node_type;
  int pool = -1;         // the scenario's instance pool its workers come from
  int driver_pool = -1;  // and its driver, when another
  std::shared_ptr<const VmShape> vms;
};

ClusterRate rate_at(const ClusterQuote& q, double workers_fraction, const Discounts& discounts) {
  const auto& lo = q.sizes.front();
  const auto& hi = q.sizes.back();
  auto lerp = [&](double a, double b) { return a + (b - a) * workers_fraction; };
  ClusterRate r;
  r.dbus_per_hour = lerp(lo.dbus_per_hour.to_double(), hi.dbus_per_hour.to_double());
  r.dbu_cost_per_hour = lerp(lo.dbu_cost_discounted.to_double(), hi.dbu_cost_discounted.to_double());
  r.dbu_list_cost_per_hour = lerp(lo.dbu_cost.to_double(), hi.dbu_cost.to_double());
  r.vm_per_hour = lerp(lo.vm_cost_discounted.to_double(), hi.vm_cost_discounted.to_double());
  r.workers = lerp(lo.workers, hi.workers);
  r.photon = q.photon;
  r.kind = q.kind;
  r.sku_name = q.sku_name;
  r.node_type = q.worker ? q.worker->node_type_id : "";
  r.vms = cluster_vms(q, workers_fraction, discounts);
  return r;
}

struct Cost {
  double dbus = 0, dbu_cost = 0, vm_cost = 0, idle_cost = 0;
  double dbu_list_cost = 0;  // the same DBUs at list price (commitments draw down list)
  void add_cluster(const ClusterRate& r, double billed_seconds, double dbu_seconds) {
    dbus += r.dbus_per_hour * dbu_seconds / 3600;
    dbu_cost += r.dbu_cost_per_hour * dbu_seconds / 3600;
    dbu_list_cost += r.dbu_list_cost_per_hour * dbu_seconds / 3600;
    vm_cost += r.vm_per_hour * billed_seconds / 3600;
  }
};

struct Interval {
  double start, end;
};

// An all-purpose cluster's timeline in one trial: the users' sessions, drawn first, and the job
// runs placed on it (tasks with existing_cluster_id). It is up from a session's start until
// keep_up seconds after the last activity (its auto-termination, or the same-day gap when it has
// none); a job run that finds it down starts it. The cluster bills all of it (simulate_all_purpose).
struct ClusterTimeline {
  Rng rng;
  std::vector<Interval> sessions;  // sorted by start
  std::vector<double> latest_end;  // latest_end[i] = max end over sessions[0..i]
  std::vector<Interval> job_runs;
  double keep_up = 0;
  // The union of [start, end + keep_up] over job_runs: sorted, disjoint (a month of runs on one
  // cluster is thousands; scanning them for every task was quadratic).
  std::vector<Interval> kept_up_by_runs;

  bool is_up(double t) const {
    const auto after =
        std::upper_bound(sessions.begin(), sessions.end(), t, [](double x, const Interval& i) { return x < i.start; });
    if (after != sessions.begin() && latest_end[static_cast<std::size_t>(after - sessions.begin()) - 1] + keep_up >= t)
      return true;
    const auto run = std::upper_bound(kept_up_by_runs.begin(), kept_up_by_runs.end(), t,
                                      [](double x, const Interval& i) { return x < i.start; });
    return run != kept_up_by_runs.begin() && t <= std::prev(run)->end;
  }

  void add_job_run(const Interval& r) {
    job_runs.push_back(r);
    Interval kept{r.start, r.end + keep_up};
    if (!(kept.start <= kept.end)) return;  // a run that keeps nothing up (NaN or negative) covers no instant
    // The intervals that overlap or touch `kept` are merged into it.
    auto first = std::lower_bound(kept_up_by_runs.begin(), kept_up_by_runs.end(), kept.start,
                                  [](const Interval& i, double x) { return i.end < x; });
    auto last = first;
    while (last != kept_up_by_runs.end() && last->start <= kept.end) {
      kept.start = std::min(kept.start, last->start);
      kept.end = std::max(kept.end, last->end);
      ++last;
    }
    const auto at = kept_up_by_runs.erase(first, last);
    kept_up_by_runs.insert(at, kept);
  }
};

// A cluster's hold on pool instances: acquired at its start, released at its end.
struct PoolUse {
  double acquire, release;
  int nodes;
};

// A job cluster during one run.
struct SharedCluster {
  double start = -1, ready = 0, end = 0;
  double busy_seconds = 0;  // time covered by spot segments, billed from the segments
  Cost busy;
};

struct TrialState {
  std::vector<ClusterTimeline> clusters;        // per all-purpose cluster
  std::vector<std::vector<PoolUse>> pool_uses;  // per instance pool
  // Scratch of one job run, reused from run to run: each task's end, each job cluster.
  std::vector<double> task_end;
  std::vector<SharedCluster> shared;

  void use_pools(const ClusterRate& r, double from, double to) {
    if (r.pool < 0 || to <= from) return;
    const int workers = static_cast<int>(std::lround(r.workers));
    const bool driver_apart = r.driver_pool >= 0 && r.driver_pool != r.pool;
    pool_uses[static_cast<std::size_t>(r.pool)].push_back({from, to, workers + (driver_apart ? 0 : 1)});
    if (driver_apart) pool_uses[static_cast<std::size_t>(r.driver_pool)].push_back({from, to, 1});
  }
};

// A cluster's nodes for the spot model; spot_nodes = 0 when it has none (or spot is off).
struct SpotCluster {
  ClusterNodes nodes;
  SpotParams params;
  std::shared_ptr<const VmShape> vms;  // the nodes the spot model bills: the smallest size
  bool active = false;
  double list_price_per_dbu = 0;
};

struct PreparedTask {
  ClusterRate rate;          // cluster the task runs on (job/new/existing)
  SpotCluster spot;          // new_cluster tasks
  double minutes_scale = 1;  // Amdahl and Photon relative to the reference cluster
  double serverless_dbu_price = 0;
  double serverless_dbu_list_price = 0;
  std::string serverless_sku;
  std::size_t all_purpose = 0;          // ExistingCluster: index into Prepared::all_purpose
  std::size_t job_cluster = 0;          // JobCluster: index into PreparedJob::job_cluster_keys
  std::vector<std::size_t> depends_on;  // indices of the tasks it waits for
  LognormalParams runtime;              // failure-free minutes on this cluster
};

struct PreparedJob {
  const JobWorkload* job = nullptr;
  FireTimes fire_times;  // cron jobs: the period's runs, expanded once for every trial
  // The job's clusters in job_cluster_key order (the order their costs are added in).
  std::vector<std::string> job_cluster_keys;
  std::vector<ClusterRate> job_clusters;
  std::vector<SpotCluster> job_cluster_spot;
  std::vector<PreparedTask> tasks;
  LognormalParams startup;  // seconds
};

struct PreparedAllPurpose {
  const AllPurposeWorkload* w = nullptr;
  ClusterRate idle, busy;
};

struct Prepared {
  const Scenario* sc = nullptr;
  std::vector<PreparedJob> jobs;
  std::vector<PreparedAllPurpose> all_purpose;
  std::vector<double> warehouse_dbu_price;
  std::vector<double> warehouse_dbu_list_price;
  std::vector<std::string> warehouse_sku;
  std::vector<double> warehouse_vm_per_hour;  // one running cluster's VMs and disks, discounted
  std::vector<double> pool_vm_per_hour;
  std::vector<std::shared_ptr<const VmShape>> warehouse_vms, pool_vm, pool_min_idle_vms;  // for usage traces
  std::vector<HourRate> notebook_rate, pipeline_rate;
  std::vector<FireTimes> pipeline_fire_times;  // cron-triggered pipelines, else null
  std::size_t first_notebook = 0, first_pipeline = 0;
  std::vector<WorkloadInfo> workloads;
  std::vector<std::string> teams;
  std::vector<int> workload_team;
  int days = 1;
};

// The billed price of a DBU of `kind` (account price, or list less the SKU's discount).
double dbu_price(const Scenario& sc, ComputeKind kind) {
  return dbu_price_at(sc.pricing_context(), sku_name(sc.tier, kind, false), sc.start).billed_per_unit().to_double();
}

double dbu_list_price(const Scenario& sc, ComputeKind kind) {
  return dbu_price_at(sc.pricing_context(), sku_name(sc.tier, kind, false), sc.start).list->price.to_double();
}

int pool_index(const Scenario& sc, const std::string& id) {
  for (std::size_t i = 0; i < sc.pools.size(); ++i)
    if (sc.pools[i].name == id) return static_cast<int>(i);
  return -1;
}

ClusterRate with_pools(ClusterRate r, const ClusterSpec& spec, const Scenario& sc) {
  r.pool = pool_index(sc, spec.instance_pool_id);
  r.driver_pool = pool_index(sc, spec.driver_instance_pool_id);
  return r;
}

ClusterSpec priced_spec(const ClusterSpec& spec, const RunOptions& options) {
  if (!options.all_on_demand) return spec;
  ClusterSpec c = spec;
  c.availability = Availability::OnDemand;
  c.availability_given = true;
  return c;
}

SpotCluster spot_cluster(const ClusterSpec& spec, const ClusterQuote& q, const Scenario& sc, const JobWorkload& job,
                         const RunOptions& options) {
  SpotCluster out;
  const auto& size = q.sizes.front();
  const bool enabled = sc.spot.enabled || options.spot_rate_override.has_value();
  if (!enabled || options.all_on_demand || size.spot_nodes == 0) return out;
  out.active = true;
  out.vms = cluster_vms(q, 0, sc.discounts);
  // Reservations and savings plans cover on-demand VMs only; spot prices and bids stay as listed.
  const double vm_keep = 1 - sc.discounts.vm_percent.to_double() / 100;
  const double spot_keep = 1 - sc.discounts.spot_vm_percent.to_double() / 100;
  auto& n = out.nodes;
  n.workers = size.workers;
  n.driver_on_spot = size.on_demand_nodes == 0;
  n.spot_workers = n.driver_on_spot ? size.spot_nodes - 1 : size.spot_nodes;
  n.driver_vm_on_demand_per_hour = q.driver_vm_per_hour.to_double() * vm_keep;
  n.driver_vm_spot_per_hour = q.driver->spot_per_hour().to_double() * spot_keep;
  n.worker_vm_on_demand_per_hour = q.worker_vm_on_demand_per_hour.to_double() * vm_keep;
  n.worker_vm_spot_per_hour = q.worker_vm_spot_per_hour.to_double() * spot_keep;
  n.driver_dbus_per_hour = (q.driver->dbus_per_hour * q.photon_multiplier).to_double();
  n.worker_dbus_per_hour = (q.worker->dbus_per_hour * q.photon_multiplier).to_double();
  n.price_per_dbu = q.billed.billed_per_unit().to_double();
  out.list_price_per_dbu = q.price_per_dbu.to_double();
  auto& p = out.params;
  const auto& st = sc.spot;
  p.eviction_rate_per_hour =
      options.spot_rate_override ? *options.spot_rate_override
      : st.eviction_rate_per_hour >= 0
          ? st.eviction_rate_per_hour
          : hazard_per_hour(q.worker->eviction_band.empty() ? "0-5" : q.worker->eviction_band, st.band_reading);
  p.capacity_event_rate_per_hour = st.capacity_event_rate_per_hour;
  p.capacity_event_fraction = st.capacity_event_fraction;
  p.notice_seconds = sc.cloud == Cloud::Aws ? 120 : 30;
  p.graceful_decommission = st.graceful_decommission;
  p.decommission_seconds_needed = st.decommission_seconds_needed;
  p.in_flight_minutes = st.in_flight_minutes;
  p.map_output_loss_probability = st.map_output_loss_probability;
  p.replacement_minutes_mean = st.replacement_minutes.mean;
  p.replacement_minutes_cv = st.replacement_minutes.cv;
  p.spot_unavailable_probability = st.spot_unavailable_probability;
  p.fallback_to_on_demand = q.availability == Availability::SpotWithFallback;
  p.max_retries = job.max_retries < 0 ? 1000 : job.max_retries;
  p.spot_price_cv = st.spot_price_cv;
  if (spec.spot_bid_max_price && spec.spot_bid_max_price->to_double() > 0)
    p.spot_bid_per_hour = spec.spot_bid_max_price->to_double() * spot_keep;
  if (spec.spot_bid_price_percent)
    p.spot_bid_per_hour =
        q.worker_vm_on_demand_per_hour.to_double() * spec.spot_bid_price_percent->to_double() / 100 * spot_keep;
  return out;
}

void prepare_hourly(Prepared& p, const Scenario& sc, std::size_t max_runs);

Prepared prepare(const Scenario& sc, const RunOptions& options) {
  Prepared p;
  p.sc = &sc;
  p.days = sc.days();
  const auto ctx = sc.pricing_context();
  // A price is asked for only when a workload needs it: a list_prices export names serverless SKUs
  // with a region suffix, and a scenario without serverless tasks must not fail on them.
  const bool any_serverless = std::any_of(sc.jobs.begin(), sc.jobs.end(), [](const JobWorkload& j) {
    return std::any_of(j.tasks.begin(), j.tasks.end(),
                       [](const auto& t) { return t.compute == TaskCompute::Serverless; });
  });
  const double serverless_price = any_serverless ? dbu_price(sc, ComputeKind::JobServerless) : 0;
  const double serverless_list_price = any_serverless ? dbu_list_price(sc, ComputeKind::JobServerless) : 0;
  for (const auto& job : sc.jobs) {
    PreparedJob pj;
    pj.job = &job;
    if (job.trigger == TriggerKind::Cron && !job.paused)
      pj.fire_times = shared_fire_times(*job.cron, sc.start, sc.end, job.cron_zone, options.max_runs_per_workload);
    pj.startup =
        LognormalParams(sc.assumptions.cluster_startup_minutes.mean * 60, sc.assumptions.cluster_startup_minutes.cv);
    for (const auto& [key, spec] : job.job_clusters) {
      const auto q = quote_cluster(priced_spec(spec, options), ComputeKind::Job, ctx, sc.start);
      pj.job_cluster_keys.push_back(key);
      pj.job_clusters.push_back(with_pools(rate_at(q, 0.5, sc.discounts), spec, sc));
      pj.job_cluster_spot.push_back(spot_cluster(spec, q, sc, job, options));
    }
    for (const auto& t : job.tasks) {
      PreparedTask pt;
      for (const auto& d : t.depends_on)
        for (std::size_t k = 0; k < job.tasks.size(); ++k)
          if (job.tasks[k].task_key == d) pt.depends_on.push_back(k);
      if (t.compute == TaskCompute::JobCluster) {
        const auto key = std::find(pj.job_cluster_keys.begin(), pj.job_cluster_keys.end(), t.job_cluster_key);
        if (key == pj.job_cluster_keys.end())
          throw ModelError("task '" + t.task_key + "' of job '" + job.name + "' names job_cluster_key '" +
                           t.job_cluster_key + "', which is not one of the job's job_clusters");
        pt.job_cluster = static_cast<std::size_t>(key - pj.job_cluster_keys.begin());
        pt.rate = pj.job_clusters[pt.job_cluster];
      }
      if (t.compute == TaskCompute::NewCluster) {
        const auto q = quote_cluster(priced_spec(*t.new_cluster, options), ComputeKind::Job, ctx, sc.start);
        pt.rate = with_pools(rate_at(q, 0.5, sc.discounts), *t.new_cluster, sc);
        pt.spot = spot_cluster(*t.new_cluster, q, sc, job, options);
      }
      if (t.compute == TaskCompute::ExistingCluster) {
        pt.rate =
            rate_at(quote_cluster(*t.existing_cluster, ComputeKind::AllPurpose, ctx, sc.start), 0.5, sc.discounts);
        const auto it = std::find_if(sc.all_purpose.begin(), sc.all_purpose.end(),
                                     [&](const AllPurposeWorkload& a) { return a.name == t.existing_cluster_id; });
        if (it == sc.all_purpose.end())
          throw ModelError("task '" + t.task_key + "' of job '" + job.name + "' names existing_cluster_id '" +
                           t.existing_cluster_id + "', which is not one of the scenario's all_purpose_clusters");
        pt.all_purpose = static_cast<std::size_t>(it - sc.all_purpose.begin());
      }
      if (t.compute == TaskCompute::Serverless) {
        pt.serverless_dbu_price = serverless_price;
        pt.serverless_dbu_list_price = serverless_list_price;
        pt.serverless_sku = sku_name(sc.tier, ComputeKind::JobServerless, false);
      }
      if (t.compute != TaskCompute::Serverless) {
        const double p = t.runtime.parallel_fraction;
        // A single-node cluster counts as one worker: its driver does the work.
        const double w0 = std::max(t.runtime.reference_workers, 1.0);
        const double w = std::max(pt.rate.workers, 1.0);
        if (t.runtime.reference_workers >= 0) pt.minutes_scale = (1 - p) + p * w0 / w;
        const bool photon0 = t.runtime.reference_photon == 1;
        if (pt.rate.photon != photon0)
          pt.minutes_scale *= pt.rate.photon ? 1 / t.runtime.photon_speedup : t.runtime.photon_speedup;
      }
      pt.runtime = LognormalParams(t.runtime.minutes * pt.minutes_scale, t.runtime.cv);
      pj.tasks.push_back(pt);
    }
    p.jobs.push_back(std::move(pj));
    p.workloads.push_back({job.name, job.team, "job"});
  }
  for (const auto& a : sc.all_purpose) {
    const auto q = quote_cluster(a.cluster, ComputeKind::AllPurpose, ctx, sc.start);
    p.all_purpose.push_back({&a, with_pools(rate_at(q, 0, sc.discounts), a.cluster, sc),
                             with_pools(rate_at(q, a.activity.busy_workers_fraction, sc.discounts), a.cluster, sc)});
    p.workloads.push_back({a.name, a.team, "all-purpose"});
  }
  for (const auto& w : sc.warehouses) {
    p.warehouse_dbu_price.push_back(dbu_price(sc, w.kind));
    p.warehouse_dbu_list_price.push_back(dbu_list_price(sc, w.kind));
    p.warehouse_sku.push_back(sku_name(sc.tier, w.kind, false));
    const auto nodes = warehouse_nodes(w.kind, w.cluster_size, w.spot_instance_policy, sc.cloud, sc.pricing->instances,
                                       sc.pricing->warehouse_shapes, w.where);
    p.warehouse_vm_per_hour.push_back(
        Money::from_decimal(nodes.vm_per_hour).less_percent(sc.discounts.vm_percent).to_double());
    p.warehouse_vms.push_back(warehouse_vms(nodes, sc.discounts));
    p.workloads.push_back({w.name, w.team, "sql-warehouse"});
  }
  for (const auto& pool : sc.pools) {
    const auto& node = sc.pricing->instances.get(pool.node_type_id, to_string(sc.cloud), sc.region, pool.where);
    // A VM discount (reservations, savings plans) never covers spot instances.
    p.pool_vm_per_hour.push_back(
        pool.spot ? node.spot_per_hour().to_double()
                  : Money::from_decimal(node.on_demand_per_hour).less_percent(sc.discounts.vm_percent).to_double());
    p.pool_vm.push_back(pool_vms(node, pool.spot, 1, sc.discounts));
    p.pool_min_idle_vms.push_back(pool_vms(node, pool.spot, pool.min_idle_instances, sc.discounts));
    p.workloads.push_back({pool.name, pool.team, "instance-pool"});
  }
  prepare_hourly(p, sc, options.max_runs_per_workload);
  p.teams = sc.teams;
  for (const auto& w : p.workloads)
    if (std::find(p.teams.begin(), p.teams.end(), w.team) == p.teams.end()) p.teams.push_back(w.team);
  for (const auto& w : p.workloads)
    p.workload_team.push_back(static_cast<int>(std::find(p.teams.begin(), p.teams.end(), w.team) - p.teams.begin()));
  return p;
}

// One trial's figures per run, kept contiguous and added to the result's rows once the trial
// ends (the result matrices are trials x columns, column-major: a run written straight into
// them would touch a cache line per figure, shared with the neighbouring trial's thread).
struct TrialRow {
  std::vector<double> runs, dbus, dbu_cost, dbu_list_cost, vm_cost, total_cost, idle_cost, minutes, evictions, failed,
      sla_misses;  // per workload
  std::vector<double> team_cost, daily_cost, daily_dbu_list_cost, team_daily_cost;

  // Each figure sized as, and added into, its result matrix.
  explicit TrialRow(SimResult& r)
      : columns_{{&r.runs, &runs},
                 {&r.dbus, &dbus},
                 {&r.dbu_cost, &dbu_cost},
                 {&r.dbu_list_cost, &dbu_list_cost},
                 {&r.vm_cost, &vm_cost},
                 {&r.total_cost, &total_cost},
                 {&r.idle_cost, &idle_cost},
                 {&r.duration_minutes, &minutes},
                 {&r.evictions, &evictions},
                 {&r.failed_runs, &failed},
                 {&r.sla_misses, &sla_misses},
                 {&r.team_cost, &team_cost},
                 {&r.daily_cost, &daily_cost},
                 {&r.daily_dbu_list_cost, &daily_dbu_list_cost},
                 {&r.team_daily_cost, &team_daily_cost}} {
    for (auto& [m, v] : columns_) v->assign(static_cast<std::size_t>(m->cols()), 0.0);
  }
  TrialRow(const TrialRow&) = delete;
  TrialRow& operator=(const TrialRow&) = delete;

  // Adds the row into the result's row `trial` and zeroes it for the next trial.
  void flush_into(int trial) {
    for (auto& [m, v] : columns_)
      for (std::size_t k = 0; k < v->size(); ++k) {
        (*m)(trial, static_cast<Eigen::Index>(k)) += (*v)[k];
        (*v)[k] = 0;
      }
  }

 private:
  std::vector<std::pair<Eigen::MatrixXd*, std::vector<double>*>> columns_;
};

// Accumulates one trial's figures.
struct TrialSink {
  SimResult* r;
  int trial;
  const Prepared* p;
  std::vector<BilledSpan>* spans = nullptr;
  std::uint64_t rng_trial = 0;  // the trial's number in the whole run (RunOptions::first_trial + row)
  std::vector<VmSpan>* vms = nullptr;
  TrialRow* row = nullptr;
  void add(int workload, double day_seconds_from_start, const Cost& c, double runs, double minutes) {
    const auto w = static_cast<std::size_t>(workload);
    TrialRow& t = *row;
    t.runs[w] += runs;
    t.dbus[w] += c.dbus;
    t.dbu_cost[w] += c.dbu_cost;
    t.dbu_list_cost[w] += c.dbu_list_cost;
    t.vm_cost[w] += c.vm_cost;
    t.total_cost[w] += c.dbu_cost + c.vm_cost;
    t.idle_cost[w] += c.idle_cost;
    t.minutes[w] += minutes;
    const auto team = static_cast<std::size_t>(p->workload_team[w]);
    t.team_cost[team] += c.dbu_cost + c.vm_cost;
    const int day = std::clamp(static_cast<int>(day_seconds_from_start / 86400), 0, p->days - 1);
    t.daily_cost[static_cast<std::size_t>(day)] += c.dbu_cost + c.vm_cost;
    t.daily_dbu_list_cost[static_cast<std::size_t>(day)] += c.dbu_list_cost;
    t.team_daily_cost[team * static_cast<std::size_t>(p->days) + static_cast<std::size_t>(day)] +=
        c.dbu_cost + c.vm_cost;
  }
};

// Minutes of a task including failed attempts (each failed attempt runs a uniform fraction).
double task_minutes(const Task& t, int job_retries, double base, Sampler& s) {
  const int retries = t.max_retries ? *t.max_retries : job_retries;
  const int max_attempts = retries < 0 ? 1000 : retries + 1;
  if (t.failure_probability <= 0) return base;
  if (s.expected_value()) {
    const double p = t.failure_probability;
    double expected_failures = 0, pk = 1;
    for (int k = 1; k <= max_attempts; ++k) expected_failures += (pk *= p);
    return base * (0.5 * expected_failures + (1 - std::pow(p, max_attempts)));
  }
  double minutes = 0;
  for (int attempt = 0; attempt < max_attempts; ++attempt) {
    if (s.uniform() >= t.failure_probability) return minutes + base;
    minutes += base * s.uniform();
  }
  return minutes;
}

// One run of a job starting at t0: returns its duration in seconds and adds its cost.
constexpr std::uint64_t kSpotStream = 0x5b07'5b07'5b07'5b07ULL;

struct RunOutcome {
  double evictions = 0;
  bool failed = false;
};

// What is left, in minutes, of the job's and the task's timeout_seconds (0 = none) for a spot segment that starts
// `from` seconds into the run, in a task that started at `task_start`; none when neither is set.
std::optional<double> spot_timeout_minutes(const JobWorkload& job, const Task& t, double task_start, double from) {
  std::optional<double> left;
  if (job.timeout_seconds > 0) left = (static_cast<double>(job.timeout_seconds) - from) / 60;
  if (t.timeout_seconds > 0) {
    const double task_left = (static_cast<double>(t.timeout_seconds) - (from - task_start)) / 60;
    left = left ? std::min(*left, task_left) : task_left;
  }
  return left;
}

// `spot_sampler` draws evictions on its own stream, so a job's runtimes are the same draws with
// and without spot and paired savings compare like with like.
// With `spans`, the run's billed stretches are added to it, in seconds from the run's start.
// Tasks on an all-purpose cluster add their time to its timeline in `clusters` (absolute times, the
// run starting at t0) and cost the job nothing: the cluster bills its uptime.
double run_job(const PreparedJob& pj, const Scenario& sc, Sampler& s, Sampler& spot_sampler, Cost& cost,
               RunOutcome& out, std::vector<BilledSpan>* spans, std::vector<VmSpan>* vms, double t0,
               TrialState& state) {
  auto trace = [&](const std::string& compute, const ClusterRate& r, double from, double to, double dbus) {
    if (!spans || dbus == 0) return;
    BilledSpan b;
    b.compute = compute;
    b.kind = r.kind;
    b.sku_name = r.sku_name;
    b.node_type = r.node_type;
    b.photon = r.photon;
    b.start = from;
    b.end = std::max(to, from);
    b.dbus = dbus;
    if (r.pool >= 0) b.instance_pool_id = sc.pools[static_cast<std::size_t>(r.pool)].name;
    spans->push_back(std::move(b));
  };
  auto trace_vms = [&](const std::string& compute, const ClusterRate& r, double from, double to, double vm_cost,
                       const std::shared_ptr<const VmShape>& shape = nullptr) {
    if (!vms || !(vm_cost > 0)) return;
    VmSpan v;
    v.compute = compute;
    v.start = from;
    v.end = std::max(to, from);
    v.cost = vm_cost;
    v.shape = shape ? shape : r.vms;
    v.pool = r.pool;
    v.driver_pool = r.driver_pool;
    vms->push_back(std::move(v));
  };
  const auto& job = *pj.job;
  std::vector<double>& end_of = state.task_end;
  end_of.assign(job.tasks.size(), 0.0);
  std::vector<SharedCluster>& shared = state.shared;
  shared.assign(pj.job_clusters.size(), SharedCluster{});
  double run_end = 0;
  for (std::size_t i = 0; i < job.tasks.size(); ++i) {
    const Task& t = job.tasks[i];
    const PreparedTask& pt = pj.tasks[i];
    double start = 0;
    for (const std::size_t d : pt.depends_on) start = std::max(start, end_of[d]);
    const double base = s.lognormal(pt.runtime);
    double seconds = task_minutes(t, job.max_retries, base, s) * 60;
    double end = 0;
    // A task on a cluster with spot nodes, from `from` seconds into the run: its wall time and cost come from the
    // spot model, which stops it at the timeouts (spot/spot_model.h).
    auto spot_segment = [&](const SpotCluster& sp, Cost& into, double from, const std::string& compute,
                            const ClusterRate& rate) {
      const SpotSegment seg = simulate_spot_segment(seconds / 60, sp.nodes, sp.params, spot_sampler,
                                                    spot_timeout_minutes(job, t, start, from));
      seconds = seg.minutes * 60;
      trace_vms(compute, rate, from, from + seconds, seg.vm_cost, sp.vms);
      into.dbus += seg.dbus;
      into.dbu_cost += seg.dbu_cost;
      into.dbu_list_cost += seg.dbus * sp.list_price_per_dbu;
      into.vm_cost += seg.vm_cost;
      out.evictions += seg.evictions;
      out.failed = out.failed || seg.failed;
    };
    switch (t.compute) {
      case TaskCompute::JobCluster: {
        auto& c = shared[pt.job_cluster];
        if (c.start < 0) {
          c.start = start;
          c.ready = start + s.lognormal(pj.startup);
        }
        const auto& sp = pj.job_cluster_spot[pt.job_cluster];
        if (sp.active) {
          spot_segment(sp, c.busy, std::max(start, c.ready), t.job_cluster_key, pj.job_clusters[pt.job_cluster]);
          c.busy_seconds += seconds;
        }
        end = std::max(start, c.ready) + seconds;
        c.end = std::max(c.end, end);
        break;
      }
      case TaskCompute::NewCluster: {
        const double ready = start + s.lognormal(pj.startup);
        const double dbus_from = sc.assumptions.dbus_during_startup ? start : ready;
        if (pt.spot.active) {
          const double dbus_before = cost.dbus;
          spot_segment(pt.spot, cost, ready, t.task_key, pt.rate);
          end = ready + seconds;
          state.use_pools(pt.rate, t0 + start, t0 + end);
          const double vm_before = cost.vm_cost;
          cost.add_cluster(pt.rate, ready - start, sc.assumptions.dbus_during_startup ? ready - start : 0);
          trace(t.task_key, pt.rate, dbus_from, end, cost.dbus - dbus_before);
          trace_vms(t.task_key, pt.rate, start, ready, cost.vm_cost - vm_before);
        } else {
          const double vm_before = cost.vm_cost;
          end = ready + seconds;
          state.use_pools(pt.rate, t0 + start, t0 + end);
          cost.add_cluster(pt.rate, end - start, sc.assumptions.dbus_during_startup ? end - start : seconds);
          trace(t.task_key, pt.rate, dbus_from, end, pt.rate.dbus_per_hour * (end - dbus_from) / 3600);
          trace_vms(t.task_key, pt.rate, start, end, cost.vm_cost - vm_before);
        }
        break;
      }
      case TaskCompute::ExistingCluster: {
        auto& cluster = state.clusters[pt.all_purpose];
        const double ready = cluster.is_up(t0 + start) ? start : start + s.lognormal(pj.startup);
        end = ready + seconds;
        cluster.add_job_run({t0 + ready, t0 + end});
        break;
      }
      case TaskCompute::Serverless: {
        end = start + seconds;
        cost.dbus += t.serverless_dbus_per_hour * seconds / 3600;
        cost.dbu_cost += t.serverless_dbus_per_hour * pt.serverless_dbu_price * seconds / 3600;
        cost.dbu_list_cost += t.serverless_dbus_per_hour * pt.serverless_dbu_list_price * seconds / 3600;
        ClusterRate serverless;
        serverless.kind = ComputeKind::JobServerless;
        serverless.sku_name = pt.serverless_sku;
        trace(t.task_key, serverless, start, end, t.serverless_dbus_per_hour * seconds / 3600);
        break;
      }
    }
    end_of[i] = end;
    run_end = std::max(run_end, end);
  }
  for (std::size_t k = 0; k < shared.size(); ++k) {
    const SharedCluster& c = shared[k];
    if (c.start < 0) continue;  // no task of this run used it
    const std::string& key = pj.job_cluster_keys[k];
    const double billed = c.end - c.start - c.busy_seconds;
    const double dbu_billed = (sc.assumptions.dbus_during_startup ? c.end - c.start : c.end - c.ready) - c.busy_seconds;
    const ClusterRate& rate = pj.job_clusters[k];
    state.use_pools(rate, t0 + c.start, t0 + c.end);
    const double vm_before = cost.vm_cost;
    cost.add_cluster(rate, billed, dbu_billed);
    // Spot segments traced their own VMs; the rest of the cluster's time (its start-up, when its
    // tasks ran in sequence) bills at the cluster's rate.
    trace_vms(key, rate, c.start, c.busy_seconds > 0 ? c.start + billed : c.end, cost.vm_cost - vm_before);
    trace(key, rate, sc.assumptions.dbus_during_startup ? c.start : std::min(c.ready, c.end), c.end,
          rate.dbus_per_hour * dbu_billed / 3600 + c.busy.dbus);
    cost.dbus += c.busy.dbus;
    cost.dbu_cost += c.busy.dbu_cost;
    cost.dbu_list_cost += c.busy.dbu_list_cost;
    cost.vm_cost += c.busy.vm_cost;
  }
  return run_end;
}

struct LocalDay {
  CivilTime date;  // midnight, local
  int weekday;     // Monday = 0
};

// The local calendar days of the period in its zone (a 23- or 25-hour day counts once).
std::vector<LocalDay> local_days(const Scenario& sc) {
  std::vector<LocalDay> out;
  const CivilTime first = unix_to_civil(sc.start, sc.zone);
  for (std::int64_t d = detail::days_from_civil(first.year, first.month, first.day);; ++d) {
    const auto ymd = detail::civil_from_days(d);
    CivilTime c;
    c.year = static_cast<int>(ymd.year);
    c.month = ymd.month;
    c.day = ymd.day;
    if (civil_to_unix(c, sc.zone, "period") >= sc.end) break;
    out.push_back({c, static_cast<int>((d + 3) % 7)});
  }
  return out;
}

// Expected-value mode places the mean count, carrying fractions from day to day so the period's
// total is right; Monte Carlo draws a Poisson count.
long day_count(Sampler& s, double mean, double& carry) {
  const double n = s.poisson(mean);
  if (!s.expected_value()) return static_cast<long>(n);
  carry += n;
  const auto count = static_cast<long>(std::floor(carry + 1e-9));
  carry -= static_cast<double>(count);
  return count;
}

// Arrival times of upstream changes (Poisson at `per_hour` inside the daily window on active
// days, in the scenario's zone); evenly spaced at the mean count in expected-value mode.
// Sorts numbers in [0, 1) in linear expected time (a bucket per number, then insertion sort within
// buckets): the same order std::sort gives, for the thousands of arrivals a day can hold.
void sort_uniforms(std::vector<double>& u, std::vector<std::uint32_t>& starts) {
  const std::size_t n = u.size();
  if (n < 64) {
    std::sort(u.begin(), u.end());
    return;
  }
  auto bucket = [n](double x) { return std::min(static_cast<std::size_t>(x * static_cast<double>(n)), n - 1); };
  starts.assign(n + 1, 0);
  for (const double x : u) ++starts[bucket(x) + 1];
  for (std::size_t b = 0; b < n; ++b) starts[b + 1] += starts[b];
  std::vector<double> sorted(n);
  std::vector<std::uint32_t> next(starts.begin(), starts.end() - 1);
  for (const double x : u) sorted[next[bucket(x)]++] = x;
  for (std::size_t b = 0; b < n; ++b)
    for (std::size_t i = starts[b] + 1; i < starts[b + 1]; ++i)
      for (std::size_t j = i; j > starts[b] && sorted[j] < sorted[j - 1]; --j) std::swap(sorted[j], sorted[j - 1]);
  u.swap(sorted);
}

std::vector<double> sample_arrivals(const Arrivals& a, const Scenario& sc, Sampler& s) {
  std::vector<double> out;
  std::vector<double> day_u;
  std::vector<std::uint32_t> buckets;
  double carry = 0;
  for (const auto& day : local_days(sc)) {
    const CivilTime& c = day.date;
    if (!a.days[static_cast<std::size_t>(day.weekday)]) continue;
    CivilTime from = c, to = c;
    from.hour = a.window_start_minute / 60;
    from.minute = a.window_start_minute % 60;
    from.second = 0;
    const UnixSeconds w0 = civil_to_unix(from, sc.zone, "hours");
    UnixSeconds w1;
    if (a.window_end_minute >= 24 * 60) {
      w1 = w0 + std::int64_t{24 * 60 - a.window_start_minute} * 60;
    } else {
      to.hour = a.window_end_minute / 60;
      to.minute = a.window_end_minute % 60;
      to.second = 0;
      w1 = civil_to_unix(to, sc.zone, "hours");
    }
    const double hours = static_cast<double>(w1 - w0) / 3600;
    const long count = day_count(s, a.per_hour * hours, carry);
    day_u.clear();
    for (long k = 0; k < count; ++k)
      day_u.push_back(s.expected_value() ? (k + 0.5) / static_cast<double>(count) : s.uniform());
    sort_uniforms(day_u, buckets);
    for (const double u : day_u) {
      const double t = static_cast<double>(w0) + u * static_cast<double>(w1 - w0);
      if (t >= static_cast<double>(sc.start) && t < static_cast<double>(sc.end)) out.push_back(t);
    }
  }
  // Each day's window is sorted and the windows follow each other; a zone whose windows overlap
  // (a repeated local hour) is sorted as a whole.
  if (!std::is_sorted(out.begin(), out.end())) std::sort(out.begin(), out.end());
  return out;
}

ArrivalProcess arrival_process(const Arrivals& a, const Scenario& sc) {
  ArrivalProcess p;
  p.per_hour = a.per_hour;
  p.zone = sc.zone;
  if (a.window_start_minute != 0 || a.window_end_minute != 24 * 60)
    p.window = HourWindow{a.window_start_minute, a.window_end_minute};
  p.weekdays = 0;
  for (int d = 0; d < 7; ++d)  // Arrivals: Monday = 0; ArrivalProcess: bit 0 = Sunday
    if (a.days[static_cast<std::size_t>(d)]) p.weekdays |= static_cast<std::uint8_t>(1u << ((d + 1) % 7));
  return p;
}

// Table-update and file-arrival triggers (schedule/triggers.h): arrivals drawn by the arrival
// process (evenly spaced at their mean count in expected-value mode), runs started as the
// trigger rules say; `run(start)` simulates one run and returns its seconds.
template <class RunFn>
void simulate_triggered(const PreparedJob& pj, const Scenario& sc, Sampler& s, Rng* rng, RunFn&& run) {
  const auto& job = *pj.job;
  std::vector<UnixSeconds> arrivals;
  if (s.expected_value() || !rng) {
    for (double t : sample_arrivals(job.arrivals, sc, s)) arrivals.push_back(static_cast<UnixSeconds>(t));
  } else {
    arrivals = arrival_process(job.arrivals, sc).sample(*rng, sc.start, sc.end);
  }
  const TriggerRules rules{job.wait_after_last_change_seconds, job.min_time_between_triggers_seconds,
                           std::max(job.max_concurrent_runs, 1)};
  triggered_runs(std::move(arrivals), rules, [&](std::size_t, UnixSeconds start) -> std::int64_t {
    if (start >= sc.end) return 1;
    return std::max<std::int64_t>(1, static_cast<std::int64_t>(std::ceil(run(static_cast<double>(start)))));
  });
}

void simulate_jobs(const Prepared& p, std::uint64_t seed, bool ev, TrialSink& sink, std::size_t max_runs,
                   RunSamples* runs_out, TrialState& state) {
  const Scenario& sc = *p.sc;
  for (std::size_t j = 0; j < p.jobs.size(); ++j) {
    const auto& pj = p.jobs[j];
    const auto& job = *pj.job;
    Rng rng = make_rng(seed, sink.rng_trial, stream_id(job.name.c_str()));
    Sampler s(ev ? nullptr : &rng);
    Rng spot_rng = make_rng(seed, sink.rng_trial, stream_id(job.name.c_str()) ^ kSpotStream);
    Sampler spot_sampler(ev ? nullptr : &spot_rng);
    if (job.paused) continue;
    std::int64_t run_number = 0;
    auto one = [&](double t0) {
      Cost c;
      RunOutcome outcome;
      const std::size_t traced = sink.spans ? sink.spans->size() : 0;
      const std::size_t traced_vms = sink.vms ? sink.vms->size() : 0;
      const double d = run_job(pj, sc, s, spot_sampler, c, outcome, sink.spans, sink.vms, t0, state);
      if (sink.spans) {
        for (std::size_t k = traced; k < sink.spans->size(); ++k) {
          auto& b = (*sink.spans)[k];
          b.workload = static_cast<int>(j);
          b.run = run_number;
          b.start += t0;
          b.end += t0;
        }
      }
      if (sink.vms) {
        for (std::size_t k = traced_vms; k < sink.vms->size(); ++k) {
          auto& v = (*sink.vms)[k];
          v.workload = static_cast<int>(j);
          v.run = run_number;
          v.start += t0;
          v.end += t0;
        }
      }
      ++run_number;
      sink.add(static_cast<int>(j), t0 - static_cast<double>(sc.start), c, 1, d / 60);
      sink.row->evictions[j] += outcome.evictions;
      sink.row->failed[j] += outcome.failed ? 1 : 0;
      if (outcome.failed || (job.sla_minutes && d / 60 > *job.sla_minutes)) sink.row->sla_misses[j] += 1;
      if (runs_out) {
        runs_out->trial.push_back(static_cast<double>(sink.rng_trial));
        runs_out->workload.push_back(static_cast<double>(j));
        runs_out->start_hours.push_back((t0 - static_cast<double>(sc.start)) / 3600);
        runs_out->minutes.push_back(d / 60);
        runs_out->cost.push_back(c.dbu_cost + c.vm_cost);
        runs_out->evictions.push_back(outcome.evictions);
        runs_out->failed.push_back(outcome.failed ? 1 : 0);
      }
      return d;
    };
    // A scheduled run is skipped when max_concurrent_runs runs are still active (Jobs API: 0 skips
    // every run), as Databricks does for jobs without a queue.
    std::vector<double> active_until;
    auto clocked = [&](double t0) {
      std::erase_if(active_until, [&](double e) { return e <= t0; });
      if (static_cast<int>(active_until.size()) >= job.max_concurrent_runs) return;
      active_until.push_back(t0 + one(t0));
    };
    std::size_t runs = 0;
    auto guard = [&] {
      if (++runs > max_runs)
        throw ModelError("job '" + job.name + "' would run more than " + std::to_string(max_runs) +
                         " times in the period; shorten the period or check its schedule");
    };
    switch (job.trigger) {
      case TriggerKind::None:
        break;
      case TriggerKind::Cron:
        for (UnixSeconds t : *pj.fire_times) {
          guard();
          clocked(static_cast<double>(t));
        }
        break;
      case TriggerKind::Periodic:
        for (UnixSeconds t = sc.start; t < sc.end; t += job.periodic_interval_seconds) {
          guard();
          clocked(static_cast<double>(t));
        }
        break;
      case TriggerKind::Continuous: {
        double t = static_cast<double>(sc.start);
        while (t < static_cast<double>(sc.end)) {
          guard();
          const double d = one(t);
          t += std::max(d, 1.0);
        }
        break;
      }
      case TriggerKind::TableUpdate:
      case TriggerKind::FileArrival:
        simulate_triggered(pj, sc, s, ev ? nullptr : &rng, [&](double t0) {
          guard();
          return one(t0);
        });
        break;
    }
  }
}

// What a span of an all-purpose cluster or warehouse is billed as, for usage traces.
struct SpanCompute {
  const std::string* name = nullptr;
  ComputeKind kind = ComputeKind::AllPurpose;
  const std::string* sku_name = nullptr;
  const std::string* node_type = nullptr;
  bool photon = false;
  std::shared_ptr<const VmShape> vms = nullptr;  // the nodes behind its VM cost
  int pool = -1, driver_pool = -1;
  bool pool_idle = false;
};

SpanCompute all_purpose_compute(const std::string& name, const ClusterRate& r) {
  return {&name, ComputeKind::AllPurpose, &r.sku_name, &r.node_type, r.photon, r.vms, r.pool, r.driver_pool};
}

// A pool's idle instances: VMs without DBUs.
SpanCompute idle_pool_compute(const std::string& name, std::shared_ptr<const VmShape> vms, int pool) {
  return {&name, ComputeKind::AllPurpose, nullptr, nullptr, false, std::move(vms), pool, pool, true};
}

// Adds [from, to) at `per_hour`, split over the period's days.
void add_span(TrialSink& sink, int w, const Scenario& sc, double from, double to, double dbus_per_hour,
              double dbu_cost_per_hour, double vm_per_hour, bool idle, bool dbus_billed = true,
              const SpanCompute& compute = {}, double dbu_list_cost_per_hour = 0) {
  if (sink.spans && compute.name && dbus_billed && to > from && dbus_per_hour > 0) {
    BilledSpan b;
    b.workload = w;
    b.compute = *compute.name;
    b.kind = compute.kind;
    b.sku_name = *compute.sku_name;
    b.node_type = compute.node_type ? *compute.node_type : "";
    b.photon = compute.photon;
    b.start = from;
    b.end = to;
    b.dbus = dbus_per_hour * (to - from) / 3600;
    b.idle = idle;
    if (compute.pool >= 0) b.instance_pool_id = sink.p->sc->pools[static_cast<std::size_t>(compute.pool)].name;
    sink.spans->push_back(std::move(b));
  }
  if (sink.vms && compute.name && compute.vms && to > from && vm_per_hour > 0) {
    VmSpan v;
    v.workload = w;
    v.compute = *compute.name;
    v.start = from;
    v.end = to;
    v.cost = vm_per_hour * (to - from) / 3600;
    v.shape = compute.vms;
    v.pool = compute.pool;
    v.driver_pool = compute.driver_pool;
    v.pool_idle = compute.pool_idle;
    sink.vms->push_back(std::move(v));
  }
  double t = from;
  while (t < to) {
    const double day_end =
        static_cast<double>(sc.start) + (std::floor((t - static_cast<double>(sc.start)) / 86400) + 1) * 86400;
    const double e = std::min(to, day_end);
    Cost c;
    const double h = (e - t) / 3600;
    if (dbus_billed) {
      c.dbus = dbus_per_hour * h;
      c.dbu_cost = dbu_cost_per_hour * h;
      c.dbu_list_cost = dbu_list_cost_per_hour * h;
    }
    c.vm_cost = vm_per_hour * h;
    if (idle) c.idle_cost = c.dbu_cost + c.vm_cost;
    sink.add(w, t - static_cast<double>(sc.start), c, 0, 0);
    t = e;
  }
}

std::vector<Interval> sessions_of(const ActivityPattern& a, const Scenario& sc, Sampler& s) {
  std::vector<Interval> out;
  double carry = 0;
  const LognormalParams minutes(a.session_minutes.mean, a.session_minutes.cv);
  for (const auto& day : local_days(sc)) {
    const int weekday = day.weekday;
    const CivilTime& midnight = day.date;
    const double t0 = static_cast<double>(civil_to_unix(midnight, sc.zone, "period"));
    if (!a.sessions.empty()) {
      for (const auto& ses : a.sessions)
        if ((ses.weekday < 0 && a.days[static_cast<std::size_t>(weekday)]) || ses.weekday == weekday)
          out.push_back({t0 + ses.start_minute * 60.0, t0 + ses.start_minute * 60.0 + ses.minutes * 60});
      continue;
    }
    if (!a.days[static_cast<std::size_t>(weekday)]) continue;
    const double w0 = t0 + a.window_start_minute * 60.0, w1 = t0 + a.window_end_minute * 60.0;
    const long count = day_count(s, a.users * a.sessions_per_user_per_day, carry);
    for (long k = 0; k < count; ++k) {
      const double u = s.expected_value() ? (k + 0.5) / static_cast<double>(count) : s.uniform();
      const double start = w0 + u * (w1 - w0);
      out.push_back({start, start + 60 * s.lognormal(minutes)});
    }
  }
  std::sort(out.begin(), out.end(), [](const Interval& x, const Interval& y) { return x.start < y.start; });
  return out;
}

// All-purpose clusters: up from the first session, busy through the union of sessions, idle until
// autotermination_minutes pass without activity. With autotermination 0 the cluster stays up
// through gaps shorter than 12 hours and is stopped by hand after the day's last session, except that before a day
// without sessions it is left running until the next session with probability left_running_over_weekend.
constexpr double kSameDayGapSeconds = 12 * 3600.0;

// Each all-purpose cluster's sessions for one trial, drawn from its own stream.
std::vector<ClusterTimeline> draw_sessions(const Prepared& p, std::uint64_t seed, std::uint64_t rng_trial, bool ev) {
  std::vector<ClusterTimeline> out;
  for (const auto& pa : p.all_purpose) {
    const auto& w = *pa.w;
    ClusterTimeline c{make_rng(seed, rng_trial, stream_id(w.name.c_str())), {}, {}, {}, 0, {}};
    Sampler s(ev ? nullptr : &c.rng);
    c.sessions = sessions_of(w.activity, *p.sc, s);
    double latest = -std::numeric_limits<double>::infinity();
    for (const auto& i : c.sessions) c.latest_end.push_back(latest = std::max(latest, i.end));
    const int auto_min = w.cluster.autotermination_minutes.value_or(0);
    c.keep_up = auto_min > 0 ? auto_min * 60.0 : kSameDayGapSeconds;
    out.push_back(std::move(c));
  }
  return out;
}

void simulate_all_purpose(const Prepared& p, bool ev, TrialSink& sink, TrialState& state) {
  const Scenario& sc = *p.sc;
  const double end_of_period = static_cast<double>(sc.end);
  for (std::size_t k = 0; k < p.all_purpose.size(); ++k) {
    const auto& pa = p.all_purpose[k];
    const auto& w = *pa.w;
    const int wi = static_cast<int>(p.jobs.size() + k);
    auto& timeline = state.clusters[k];
    Sampler s(ev ? nullptr : &timeline.rng);
    std::vector<Interval> sessions = timeline.sessions;
    if (!timeline.job_runs.empty()) {
      sessions.insert(sessions.end(), timeline.job_runs.begin(), timeline.job_runs.end());
      std::stable_sort(sessions.begin(), sessions.end(),
                       [](const Interval& x, const Interval& y) { return x.start < y.start; });
    }
    const SpanCompute compute = all_purpose_compute(w.name, pa.idle);
    const SpanCompute busy = all_purpose_compute(w.name, pa.busy);
    const int auto_min = w.cluster.autotermination_minutes.value_or(0);
    const double idle_limit = auto_min > 0 ? auto_min * 60.0 : 0;
    double runs = 0, busy_minutes = 0;
    const LognormalParams startup_seconds(sc.assumptions.cluster_startup_minutes.mean * 60,
                                          sc.assumptions.cluster_startup_minutes.cv);
    std::size_t i = 0;
    while (i < sessions.size()) {
      const double up = sessions[i].start;
      const double startup = s.lognormal(startup_seconds);
      add_span(sink, wi, sc, up - startup, up, pa.idle.dbus_per_hour, pa.idle.dbu_cost_per_hour, pa.idle.vm_per_hour,
               true, sc.assumptions.dbus_during_startup, compute, pa.idle.dbu_list_cost_per_hour);
      runs += 1;
      double busy_end = sessions[i].end;
      double t = up;
      std::size_t j = i;
      while (true) {
        // Busy from t to busy_end, merging overlapping sessions.
        while (j + 1 < sessions.size() && sessions[j + 1].start <= busy_end)
          busy_end = std::max(busy_end, sessions[++j].end);
        busy_end = std::min(busy_end, end_of_period);
        add_span(sink, wi, sc, t, busy_end, pa.busy.dbus_per_hour, pa.busy.dbu_cost_per_hour, pa.busy.vm_per_hour,
                 false, true, busy, pa.busy.dbu_list_cost_per_hour);
        busy_minutes += (busy_end - t) / 60;
        const double next = j + 1 < sessions.size() ? sessions[j + 1].start : end_of_period;
        const double keep_up = auto_min > 0 ? idle_limit : kSameDayGapSeconds;
        if (next - busy_end <= keep_up && next < end_of_period) {
          add_span(sink, wi, sc, busy_end, next, pa.idle.dbus_per_hour, pa.idle.dbu_cost_per_hour, pa.idle.vm_per_hour,
                   true, true, compute, pa.idle.dbu_list_cost_per_hour);
          t = next;
          busy_end = sessions[++j].end;
          continue;
        }
        double down = busy_end;
        if (auto_min > 0) {
          down = std::min(busy_end + idle_limit, end_of_period);
          add_span(sink, wi, sc, busy_end, down, pa.idle.dbus_per_hour, pa.idle.dbu_cost_per_hour, pa.idle.vm_per_hour,
                   true, true, compute, pa.idle.dbu_list_cost_per_hour);
        } else if (w.left_running_over_weekend > 0 && next - busy_end > 86400) {
          const double weight = s.bernoulli(w.left_running_over_weekend);
          if (weight > 0)
            add_span(sink, wi, sc, busy_end, next, pa.idle.dbus_per_hour * weight, pa.idle.dbu_cost_per_hour * weight,
                     pa.idle.vm_per_hour * weight, true, true, compute, pa.idle.dbu_list_cost_per_hour * weight);
          if (weight >= 1) down = next;
        }
        state.use_pools(pa.busy, up - startup, down);
        break;
      }
      i = j + 1;
    }
    sink.r->runs(sink.trial, wi) += runs;
    sink.r->duration_minutes(sink.trial, wi) += busy_minutes;
  }
}

// SQL warehouses: on from a query until auto_stop_mins pass without one; the number of running
// clusters is the mean concurrency (queries/hour x seconds/query / 3600, Little's law) divided by
// queries_per_cluster, rounded up, within [min_num_clusters, max_num_clusters]. Every running
// cluster bills its DBUs and, classic and pro, its VMs and disks (pricing/warehouse_quote.h).
void simulate_warehouses(const Prepared& p, std::uint64_t seed, int trial, bool ev, TrialSink& sink) {
  const Scenario& sc = *p.sc;
  for (std::size_t k = 0; k < sc.warehouses.size(); ++k) {
    const auto& w = sc.warehouses[k];
    const int wi = static_cast<int>(p.jobs.size() + p.all_purpose.size() + k);
    Rng rng = make_rng(seed, sink.rng_trial, stream_id(w.name.c_str()));
    Sampler s(ev ? nullptr : &rng);
    const double concurrency = w.queries.per_hour * w.query_seconds / 3600;
    const int clusters = std::clamp(static_cast<int>(std::ceil(concurrency / w.queries_per_cluster)),
                                    w.min_num_clusters, w.max_num_clusters);
    const double dbus_per_hour = w.cluster_dbus_per_hour.to_double() * clusters;
    const double price = p.warehouse_dbu_price[k];
    const double vm_per_hour = p.warehouse_vm_per_hour[k] * clusters;
    const double list_price = p.warehouse_dbu_list_price[k];
    const double stop = (w.auto_stop_mins > 0 ? w.auto_stop_mins : 0) * 60.0;
    const auto q = sample_arrivals(w.queries, sc, s);
    SpanCompute compute{&w.name, w.kind, &p.warehouse_sku[k], nullptr, true};
    if (sink.vms) compute.vms = times(p.warehouse_vms[k], clusters);
    std::size_t i = 0;
    double runs = 0, minutes = 0;
    while (i < q.size()) {
      const double up = q[i];
      double last = q[i] + w.query_seconds;
      while (i + 1 < q.size() && (w.auto_stop_mins == 0 || q[i + 1] <= last + stop))
        last = std::max(last, q[++i] + w.query_seconds);
      const double down =
          std::min(w.auto_stop_mins == 0 ? static_cast<double>(sc.end) : last + stop, static_cast<double>(sc.end));
      add_span(sink, wi, sc, up, last, dbus_per_hour, dbus_per_hour * price, vm_per_hour, false, true, compute,
               dbus_per_hour * list_price);
      add_span(sink, wi, sc, last, down, dbus_per_hour, dbus_per_hour * price, vm_per_hour, true, true, compute,
               dbus_per_hour * list_price);
      runs += 1;
      minutes += (down - up) / 60;
      ++i;
    }
    sink.r->runs(trial, wi) += runs;
    sink.r->duration_minutes(trial, wi) += minutes;
  }
}

// Pools: min_idle_instances idle the whole period; above them, each instance a cluster releases
// stays idle until a cluster takes it (the most recently released first) or until
// idle_instance_autotermination_minutes pass. Idle instances bill VMs only.
void simulate_pools(const Prepared& p, TrialSink& sink, TrialState& state) {
  const Scenario& sc = *p.sc;
  const double period_end = static_cast<double>(sc.end);
  for (std::size_t k = 0; k < sc.pools.size(); ++k) {
    const int wi = static_cast<int>(p.jobs.size() + p.all_purpose.size() + sc.warehouses.size() + k);
    const double vm = p.pool_vm_per_hour[k];
    const int pool = static_cast<int>(k);
    const SpanCompute min_idle = idle_pool_compute(sc.pools[k].name, p.pool_min_idle_vms[k], pool);
    const SpanCompute released_one = idle_pool_compute(sc.pools[k].name, p.pool_vm[k], pool);
    add_span(sink, wi, sc, static_cast<double>(sc.start), period_end, 0, 0, vm * sc.pools[k].min_idle_instances, true,
             true, min_idle);
    struct Event {
      double t;
      int nodes;  // > 0 released, < 0 acquired
    };
    std::vector<Event> events;
    for (const auto& u : state.pool_uses[k]) {
      events.push_back({u.acquire, -u.nodes});
      events.push_back({u.release, u.nodes});
    }
    std::stable_sort(events.begin(), events.end(),
                     [](const Event& a, const Event& b) { return a.t < b.t || (a.t == b.t && a.nodes > b.nodes); });
    const double limit = sc.pools[k].idle_minutes * 60.0;
    auto idle = [&](double from, double to) {
      to = std::min(to, period_end);
      if (to > from) add_span(sink, wi, sc, from, to, 0, 0, vm, true, true, released_one);
    };
    std::vector<double> released;  // idle instances above min_idle, by release time
    for (const auto& e : events) {
      std::erase_if(released, [&](double r) {
        if (r + limit > e.t) return false;
        idle(r, r + limit);
        return true;
      });
      if (e.nodes > 0) {
        released.insert(released.end(), static_cast<std::size_t>(e.nodes), e.t);
        continue;
      }
      for (int n = 0; n < -e.nodes && !released.empty(); ++n) {
        idle(released.back(), e.t);
        released.pop_back();
      }
    }
    for (double r : released) idle(r, r + limit);
  }
}

// --- serverless notebooks and pipelines (sim/workload_rates.h) ------------------------------------

void prepare_hourly(Prepared& p, const Scenario& sc, std::size_t max_runs) {
  p.first_notebook = p.workloads.size();
  for (const auto& n : sc.notebooks) {
    p.notebook_rate.push_back(notebook_hour(n, sc));
    p.workloads.push_back({n.name, n.team, "serverless-notebook"});
  }
  p.first_pipeline = p.workloads.size();
  for (const auto& pl : sc.pipelines) {
    p.pipeline_rate.push_back(pipeline_hour(pl, sc));
    p.pipeline_fire_times.push_back(pl.cron && !pl.paused && !pl.continuous
                                        ? shared_fire_times(*pl.cron, sc.start, sc.end, pl.cron_zone, max_runs)
                                        : nullptr);
    p.workloads.push_back({pl.name, pl.team, "pipeline"});
  }
}

void add_hourly_span(TrialSink& sink, int w, const Scenario& sc, const std::string& name, const HourRate& r,
                     double from, double to, bool idle) {
  const SpanCompute compute{&name, r.kind, &r.sku_name, &r.node_type, r.photon, r.vms};
  add_span(sink, w, sc, from, to, r.dbus_per_hour, r.dbu_cost_per_hour, r.vm_per_hour, idle, true, compute,
           r.dbu_list_cost_per_hour);
}

// Serverless notebooks: billed from a session's start while any session is open, and for
// idle_minutes after the last one (a gap shorter than that is billed as idle); no start-up.
void simulate_notebooks(const Prepared& p, std::uint64_t seed, int trial, bool ev, TrialSink& sink) {
  const Scenario& sc = *p.sc;
  const double end_of_period = static_cast<double>(sc.end);
  for (std::size_t k = 0; k < sc.notebooks.size(); ++k) {
    const auto& n = sc.notebooks[k];
    const auto& r = p.notebook_rate[k];
    const int wi = static_cast<int>(p.first_notebook + k);
    Rng rng = make_rng(seed, sink.rng_trial, stream_id(n.name.c_str()));
    Sampler s(ev ? nullptr : &rng);
    const auto sessions = sessions_of(n.activity, sc, s);
    const double tail = n.idle_minutes * 60;
    double runs = 0, busy_minutes = 0;
    std::size_t i = 0;
    while (i < sessions.size()) {
      double t = sessions[i].start, busy_end = sessions[i].end;
      runs += 1;
      while (true) {
        while (i + 1 < sessions.size() && sessions[i + 1].start <= busy_end)
          busy_end = std::max(busy_end, sessions[++i].end);
        busy_end = std::min(busy_end, end_of_period);
        add_hourly_span(sink, wi, sc, n.name, r, t, busy_end, false);
        busy_minutes += (busy_end - t) / 60;
        const double next = i + 1 < sessions.size() ? sessions[i + 1].start : end_of_period;
        if (next - busy_end <= tail && next < end_of_period) {
          add_hourly_span(sink, wi, sc, n.name, r, busy_end, next, true);
          t = next;
          busy_end = sessions[++i].end;
          continue;
        }
        add_hourly_span(sink, wi, sc, n.name, r, busy_end, std::min(busy_end + tail, end_of_period), true);
        break;
      }
      ++i;
    }
    sink.r->runs(trial, wi) += runs;
    sink.r->duration_minutes(trial, wi) += busy_minutes;
  }
}

// Pipelines: continuous ones run through the period (one run); triggered ones run update_minutes
// from each fire time of their schedule, or from updates_per_day evenly spaced from each local
// midnight (the fraction carried to the next day). Updates are cut at the period's end.
void simulate_pipelines(const Prepared& p, std::uint64_t seed, int trial, bool ev, TrialSink& sink,
                        std::size_t max_runs) {
  const Scenario& sc = *p.sc;
  const double period_start = static_cast<double>(sc.start), period_end = static_cast<double>(sc.end);
  for (std::size_t k = 0; k < sc.pipelines.size(); ++k) {
    const auto& pl = sc.pipelines[k];
    const auto& r = p.pipeline_rate[k];
    const int wi = static_cast<int>(p.first_pipeline + k);
    if (pl.continuous) {
      add_hourly_span(sink, wi, sc, pl.name, r, period_start, period_end, false);
      sink.r->runs(trial, wi) += 1;
      sink.r->duration_minutes(trial, wi) += (period_end - period_start) / 60;
      continue;
    }
    Rng rng = make_rng(seed, sink.rng_trial, stream_id(pl.name.c_str()));
    Sampler s(ev ? nullptr : &rng);
    std::vector<double> starts;
    if (pl.cron && !pl.paused) {
      for (UnixSeconds t : *p.pipeline_fire_times[k]) starts.push_back(static_cast<double>(t));
    } else if (!pl.cron) {
      double carry = 0;
      for (const auto& day : local_days(sc)) {
        carry += pl.updates_per_day;
        const auto count = static_cast<long>(std::floor(carry + 1e-9));
        carry -= static_cast<double>(count);
        if (starts.size() + static_cast<std::size_t>(std::max(count, 0L)) > max_runs)
          throw ModelError("pipeline '" + pl.name + "' would run more than " + std::to_string(max_runs) +
                           " updates in the period");
        const double t0 = static_cast<double>(civil_to_unix(day.date, sc.zone, "period"));
        for (long u = 0; u < count; ++u) starts.push_back(t0 + 86400.0 * static_cast<double>(u) / count);
      }
    }
    double minutes = 0;
    const LognormalParams update_minutes(pl.update_minutes.mean, pl.update_minutes.cv);
    for (double t : starts) {
      if (t < period_start || t >= period_end) continue;
      const double end = std::min(t + 60 * s.lognormal(update_minutes), period_end);
      add_hourly_span(sink, wi, sc, pl.name, r, t, end, false);
      minutes += (end - t) / 60;
      sink.r->runs(trial, wi) += 1;
    }
    sink.r->duration_minutes(trial, wi) += minutes;
  }
}

}  // namespace

SimResult simulate(const Scenario& sc, const RunOptions& options) {
  if (options.trials < 0) throw ModelError("trials cannot be negative");
  if (options.spot_rate_override) check_eviction_rate(*options.spot_rate_override, "spot_rate");
  if (options.trials > 1'000'000) throw ModelError("more than 1,000,000 trials is not supported");
  if (options.usage_trace && options.trials > 1)
    throw ModelError("a usage trace records one trial; run with trials 0 or 1");
  const Prepared p = prepare(sc, options);
  {
    // Results are trials x (11 per workload + teams + days x (teams + 2)) doubles.
    const double cells = static_cast<double>(std::max(options.trials, 1)) *
                         (11.0 * static_cast<double>(p.workloads.size()) + static_cast<double>(p.teams.size()) +
                          static_cast<double>(p.days) * static_cast<double>(p.teams.size() + 2));
    constexpr double kMaxResultBytes = 4.0 * (1ull << 30);
    if (cells * sizeof(double) > kMaxResultBytes)
      throw ModelError(std::to_string(options.trials) + " trials of this scenario (" +
                       std::to_string(p.workloads.size()) + " workloads, " + std::to_string(p.days) + " days) need " +
                       std::to_string(static_cast<long long>(cells * sizeof(double) / (1 << 20))) +
                       " MB of results, above the 4096 MB limit; run fewer trials, a shorter period, or shard the "
                       "trials (Scenario.run(first_trial=...), dbcost.dask)");
  }
  SimResult r;
  r.expected_value = options.trials == 0;
  r.trials = std::max(options.trials, 1);
  r.workloads = p.workloads;
  r.teams = p.teams;
  const auto nw = static_cast<Eigen::Index>(p.workloads.size());
  for (auto* m : {&r.runs, &r.dbus, &r.dbu_cost, &r.vm_cost, &r.total_cost, &r.idle_cost, &r.duration_minutes,
                  &r.evictions, &r.failed_runs, &r.sla_misses, &r.dbu_list_cost})
    *m = Eigen::MatrixXd::Zero(r.trials, nw);
  r.team_cost = Eigen::MatrixXd::Zero(r.trials, static_cast<Eigen::Index>(p.teams.size()));
  r.daily_cost = Eigen::MatrixXd::Zero(r.trials, p.days);
  r.daily_dbu_list_cost = Eigen::MatrixXd::Zero(r.trials, p.days);
  r.team_daily_cost = Eigen::MatrixXd::Zero(r.trials, static_cast<Eigen::Index>(p.teams.size()) * p.days);
  const int threads = std::clamp(options.threads, 1, std::max(1, r.trials));
  std::vector<RunSamples> per_trial_runs(options.record_runs ? static_cast<std::size_t>(r.trials) : 0);
  // Trials are taken in blocks, each block by one thread in trial order, so a thread writes
  // neighbouring rows; a block is up to 64 trials, fewer when there are few trials, so that every
  // thread gets some. Each trial's numbers depend on its number only.
  const int block = std::clamp(r.trials / (threads * 8), 1, 64);
  std::atomic<int> next_block{0};
  run_workers(threads, [&](int) {
    TrialRow row(r);
    for (int first = next_block.fetch_add(block); first < r.trials; first = next_block.fetch_add(block))
      for (int trial = first; trial < std::min(first + block, r.trials); ++trial) {
        TrialSink sink{&r,
                       trial,
                       &p,
                       options.usage_trace ? &options.usage_trace->spans : nullptr,
                       options.first_trial + static_cast<std::uint64_t>(trial),
                       options.usage_trace ? &options.usage_trace->vms : nullptr,
                       &row};
        TrialState state;
        state.clusters = draw_sessions(p, options.seed, sink.rng_trial, r.expected_value);
        state.pool_uses.resize(sc.pools.size());
        simulate_jobs(p, options.seed, r.expected_value, sink, options.max_runs_per_workload,
                      options.record_runs ? &per_trial_runs[static_cast<std::size_t>(trial)] : nullptr, state);
        simulate_all_purpose(p, r.expected_value, sink, state);
        simulate_warehouses(p, options.seed, trial, r.expected_value, sink);
        simulate_pools(p, sink, state);
        simulate_notebooks(p, options.seed, trial, r.expected_value, sink);
        simulate_pipelines(p, options.seed, trial, r.expected_value, sink, options.max_runs_per_workload);
        row.flush_into(trial);
      }
  });
  for (auto& t : per_trial_runs) {
    auto append = [](std::vector<double>& to, const std::vector<double>& from) {
      to.insert(to.end(), from.begin(), from.end());
    };
    append(r.run_samples.trial, t.trial);
    append(r.run_samples.workload, t.workload);
    append(r.run_samples.start_hours, t.start_hours);
    append(r.run_samples.minutes, t.minutes);
    append(r.run_samples.cost, t.cost);
    append(r.run_samples.evictions, t.evictions);
    append(r.run_samples.failed, t.failed);
  }
  return r;
}

Summary summarize(const Eigen::Ref<const Eigen::VectorXd>& x) {
  Summary s;
  const auto n = x.size();
  if (n == 0) return s;
  s.mean = x.mean();
  if (n > 1)
    s.std_error = std::sqrt((x.array() - s.mean).square().sum() / static_cast<double>(n - 1) / static_cast<double>(n));
  std::vector<double> v(x.data(), x.data() + n);
  std::sort(v.begin(), v.end());
  auto q = [&](double p) {
    const double h = (static_cast<double>(n) - 1) * p;
    const auto lo = static_cast<std::size_t>(std::floor(h));
    const auto hi = std::min(lo + 1, v.size() - 1);
    return v[lo] + (h - static_cast<double>(lo)) * (v[hi] - v[lo]);
  };
  s.p05 = q(0.05);
  s.p50 = q(0.5);
  s.p95 = q(0.95);
  return s;
}

}  // namespace dbcost
