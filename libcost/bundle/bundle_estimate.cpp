#include "bundle/bundle_estimate.h"

#include <algorithm>
#include <map>
#include <set>

#include "bundle/config_merge.h"
#include "pricing/warehouse_quote.h"
#include "sim/workload_rates.h"
#include "workload/scenario_reader.h"

namespace dbcost {
namespace {

struct HourCost {
  double dbus = 0, dbu_cost = 0, vm_cost = 0;
  double total() const { return dbu_cost + vm_cost; }
  HourCost& operator+=(const HourCost& o) {
    dbus += o.dbus;
    dbu_cost += o.dbu_cost;
    vm_cost += o.vm_cost;
    return *this;
  }
};

// An hour of the cluster; autoscale at the midpoint of its two sizes, as the engine bills it.
HourCost cluster_hour(const ClusterSpec& spec, ComputeKind kind, const Scenario& sc) {
  const auto q = quote_cluster(spec, kind, sc.pricing_context(), sc.start);
  const auto& lo = q.sizes.front();
  const auto& hi = q.sizes.back();
  return {(lo.dbus_per_hour.to_double() + hi.dbus_per_hour.to_double()) / 2,
          (lo.dbu_cost_discounted.to_double() + hi.dbu_cost_discounted.to_double()) / 2,
          (lo.vm_cost_discounted.to_double() + hi.vm_cost_discounted.to_double()) / 2};
}

double dbu_price(const Scenario& sc, ComputeKind kind) {
  return dbu_price_at(sc.pricing_context(), sku_name(sc.tier, kind, false), sc.start).billed_per_unit().to_double();
}

// An hour of the warehouse at min_num_clusters: DBUs, and VMs and disks when classic or pro.
HourCost warehouse_hour(const WarehouseWorkload& wh, const Scenario& sc) {
  const double dbus = wh.cluster_dbus_per_hour.to_double() * wh.min_num_clusters;
  const auto nodes = warehouse_nodes(wh.kind, wh.cluster_size, wh.spot_instance_policy, sc.cloud, sc.pricing->instances,
                                     sc.pricing->warehouse_shapes, wh.where);
  const double vm = Money::from_decimal(nodes.vm_per_hour).less_percent(sc.discounts.vm_percent).to_double();
  return {dbus, dbus * dbu_price(sc, wh.kind), vm * wh.min_num_clusters};
}

// A run's hour with every cluster it uses up: each job cluster and existing cluster a priced task
// runs on (once, however many tasks share it), each task's own new cluster, each serverless task.
// Job clusters no priced task uses are not started (a development target's cluster_id moves every
// task to an existing cluster).
HourCost job_hour(const JobWorkload& job, const ResourcePlan& plan, const Scenario& sc) {
  HourCost h;
  std::set<std::string> job_clusters, existing;
  for (const auto& t : job.tasks) {
    if (plan.free_tasks.count(t.task_key)) continue;
    if (t.compute == TaskCompute::JobCluster && job_clusters.insert(t.job_cluster_key).second) {
      const auto c = job.job_clusters.find(t.job_cluster_key);
      if (c != job.job_clusters.end()) h += cluster_hour(c->second, ComputeKind::Job, sc);
    }
    if (t.compute == TaskCompute::NewCluster) h += cluster_hour(*t.new_cluster, ComputeKind::Job, sc);
    if (t.compute == TaskCompute::ExistingCluster && t.existing_cluster &&
        existing.insert(t.existing_cluster_id).second)
      h += cluster_hour(*t.existing_cluster, ComputeKind::AllPurpose, sc);
    if (t.compute == TaskCompute::Serverless)
      h += HourCost{t.serverless_dbus_per_hour, t.serverless_dbus_per_hour * dbu_price(sc, ComputeKind::JobServerless),
                    0};
  }
  return h;
}

void patch_references(Scenario& sc, const std::vector<ResourcePlan>& plans, const Scenario& old) {
  for (auto& job : sc.jobs) {
    const auto plan = std::find_if(plans.begin(), plans.end(),
                                   [&](const ResourcePlan& p) { return p.kind == "job" && p.name == job.name; });
    const auto before =
        std::find_if(old.jobs.begin(), old.jobs.end(), [&](const JobWorkload& j) { return j.name == job.name; });
    if (plan == plans.end() || before == old.jobs.end()) continue;
    for (auto& t : job.tasks) {
      if (t.compute == TaskCompute::Serverless || plan->reference_given.count(t.task_key)) continue;
      for (const auto& b : before->tasks)
        if (b.task_key == t.task_key && b.compute != TaskCompute::Serverless && b.runtime.reference_workers >= 0 &&
            b.runtime.minutes == t.runtime.minutes) {
          t.runtime.reference_workers = b.runtime.reference_workers;
          t.runtime.reference_photon = b.runtime.reference_photon;
        }
    }
  }
}

// The resource an error of the scenario reader is about: {scenario section, name}, or {} when
// it is about none ("jobs.x.tasks[0]...", "resources.clusters.y...", "pipelines.z...").
std::pair<std::string, std::string> resource_of(std::string field) {
  if (field.rfind("resources.", 0) == 0) field = field.substr(10);
  if (field.rfind("clusters.", 0) == 0) field = "all_purpose_clusters." + field.substr(9);
  const auto dot = field.find('.');
  if (dot == std::string::npos) return {};
  const std::string section = field.substr(0, dot);
  const auto end = field.find_first_of(".[", dot + 1);
  return {section, field.substr(dot + 1, end == std::string::npos ? std::string::npos : end - dot - 1)};
}

const char* kind_of_section(const std::string& section) {
  if (section == "jobs") return "job";
  if (section == "pipelines") return "pipeline";
  if (section == "sql_warehouses") return "sql-warehouse";
  if (section == "all_purpose_clusters") return "all-purpose";
  return "";
}

// Whether the error is about a node type dbcost cannot price (one its instance catalog lacks, a
// pool cluster without node_type_id): Databricks accepts those, and they cost something unknown.
bool node_type_error(const InputError& e) {
  const std::string& field = e.where().field;
  const std::string suffix = "node_type_id";
  return (field.size() >= suffix.size() && field.compare(field.size() - suffix.size(), suffix.size(), suffix) == 0) ||
         e.reason().find("node_type_id") != std::string::npos || e.reason().find("node type") != std::string::npos;
}

// The scenario of the resources that can be priced: a resource whose node type the scenario reader
// cannot price leaves the scenario and is listed as not priced with the error, its
// file:line:column and remedy; any other error (a value Databricks refuses too) stops the estimate.
Scenario read_priceable(BundleScenario& plan, const BundleSources& sources) {
  for (;;) {
    try {
      return read_scenario(sources.view(plan.tree, ""));
    } catch (const InputError& raw) {
      const InputError e = sources.relocate(raw);
      const auto [section, name] = resource_of(e.where().field);
      const std::string kind = kind_of_section(section);
      const auto p = std::find_if(plan.resources.begin(), plan.resources.end(), [&](const ResourcePlan& r) {
        return r.kind == kind && r.name == name && r.in_scenario;
      });
      if (!node_type_error(e) || kind.empty() || p == plan.resources.end() ||
          !child(child(plan.tree, section), name).IsDefined())
        throw;
      plan.tree[section].remove(name);
      if (plan.tree[section].size() == 0) plan.tree.remove(section);
      p->in_scenario = false;
      p->priced = false;
      p->notes.insert(p->notes.begin(), InputError(e.where(), "not priced: " + e.reason()).what());
    }
  }
}

BundleEstimate estimate(const Bundle& bundle, const EstimateOptions& options, const BundleEstimate* reference,
                        BundleSources& sources) {
  Runtimes runtimes;
  if (!options.runtimes.empty()) runtimes = read_runtimes(sources.load(options.runtimes, true));
  const LoadedPricing catalogs = load_pricing(options.pricing);
  BundleScenario plan = bundle_scenario(bundle, runtimes, sources, options, catalogs.instances);
  Scenario sc = read_priceable(plan, sources);
  if (reference && reference->scenario) patch_references(sc, plan.resources, *reference->scenario);
  auto scenario = std::make_shared<const Scenario>(std::move(sc));
  const SimResult r = simulate(*scenario, options.run);

  BundleEstimate e;
  e.bundle = bundle.name;
  e.target = bundle.target;
  e.mode = bundle.mode;
  e.cloud = plan.cloud;
  e.cloud_source = plan.cloud_source;
  e.month = plan.month;
  std::tie(e.period_start, e.period_end) = month_bounds(plan.month);
  e.currency = scenario->currency;
  e.runtimes_file = options.runtimes;
  e.expected_value = r.expected_value;
  e.trials = options.run.trials;
  e.seed = options.run.seed;
  e.scenario = scenario;
  e.notes = bundle.notes;
  e.variables = bundle.variables;
  e.notes.insert(e.notes.end(), plan.notes.begin(), plan.notes.end());
  const auto trials = static_cast<Eigen::Index>(r.trials);
  e.total_samples = Eigen::VectorXd::Zero(trials);
  std::map<std::string, std::size_t> team_index;
  auto workload = [&](const std::string& name, const std::string& kind) -> Eigen::Index {
    for (std::size_t w = 0; w < r.workloads.size(); ++w)
      if (r.workloads[w].name == name && r.workloads[w].kind == kind) return static_cast<Eigen::Index>(w);
    return -1;
  };
  for (const auto& p : plan.resources) {
    ResourceEstimate x;
    x.name = p.name;
    x.kind = p.kind;
    x.team = p.team;
    x.trigger = p.trigger;
    x.clusters = p.clusters;
    x.priced = p.priced;
    x.notes = p.notes;
    HourCost hour;
    Eigen::Index w = -1;
    if (!p.in_scenario) {
      if (p.priced && p.kind == "job") x.runs = 0;
    } else if (p.kind == "job") {
      const auto& job = *std::find_if(scenario->jobs.begin(), scenario->jobs.end(),
                                      [&](const JobWorkload& j) { return j.name == p.name; });
      hour = job_hour(job, p, *scenario);
      w = workload(p.name, "job");
      if (p.runs_known) x.runs = r.runs.col(w).mean();
    } else if (p.kind == "sql-warehouse") {
      const auto& wh = *std::find_if(scenario->warehouses.begin(), scenario->warehouses.end(),
                                     [&](const WarehouseWorkload& v) { return v.name == p.name; });
      hour = warehouse_hour(wh, *scenario);
      x.notes.insert(x.notes.end(), wh.notes.begin(), wh.notes.end());
      w = workload(p.name, "sql-warehouse");
      x.team = wh.team;
      if (p.priced) x.runs = r.runs.col(w).mean();
    } else if (p.kind == "all-purpose") {
      const auto& ap = *std::find_if(scenario->all_purpose.begin(), scenario->all_purpose.end(),
                                     [&](const AllPurposeWorkload& v) { return v.name == p.name; });
      hour = cluster_hour(ap.cluster, ComputeKind::AllPurpose, *scenario);
      w = workload(p.name, "all-purpose");
      x.team = ap.team;
      if (p.priced) x.runs = r.runs.col(w).mean();
    } else if (p.kind == "pipeline") {
      const auto pl = std::find_if(scenario->pipelines.begin(), scenario->pipelines.end(),
                                   [&](const PipelineWorkload& v) { return v.name == p.name; });
      if (pl != scenario->pipelines.end()) {
        const HourRate rate = pipeline_hour(*pl, *scenario);
        hour = {rate.dbus_per_hour, rate.dbu_cost_per_hour, rate.vm_per_hour};
        w = workload(p.name, "pipeline");
        x.team = pl->team;
        if (pl->continuous) x.runs = r.runs.col(w).mean();
      }
    }
    if ((p.kind != "pipeline" && p.in_scenario) || w >= 0 || (p.priced && p.kind == "job"))
      x.cost_per_run_hour = hour.total();
    if (p.priced && w < 0) x.samples = Eigen::VectorXd::Zero(trials);
    if (p.priced && w >= 0) {
      x.samples = r.total_cost.col(w);
      x.dbus = r.dbus.col(w).mean();
      x.dbu_cost = r.dbu_cost.col(w).mean();
      x.vm_cost = r.vm_cost.col(w).mean();
    }
    if (p.priced) {
      x.cost = summarize(x.samples);
      e.total_samples += x.samples;
    }
    auto [it, added] = team_index.emplace(x.team, e.teams.size());
    if (added) e.teams.push_back({x.team, {}, Eigen::VectorXd::Zero(trials), 0, 0});
    auto& team = e.teams[it->second];
    ++team.resources;
    if (p.priced)
      team.samples += x.samples;
    else
      ++team.unpriced;
    e.resources.push_back(std::move(x));
  }
  for (auto& t : e.teams) t.cost = summarize(t.samples);
  e.total = summarize(e.total_samples);
  return e;
}

}  // namespace

const ResourceEstimate* BundleEstimate::find(const std::string& kind, const std::string& name) const {
  for (const auto& r : resources)
    if (r.kind == kind && r.name == name) return &r;
  return nullptr;
}

BundleEstimate estimate_bundle(const Bundle& bundle, const EstimateOptions& options, const BundleEstimate* reference) {
  BundleSources sources = *bundle.sources;
  return with_sources(sources, [&] { return estimate(bundle, options, reference, sources); });
}

}  // namespace dbcost
