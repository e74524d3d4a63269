#include "calibrate/calibration.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <numeric>
#include <set>

#include "core/errors.h"
#include "core/sku.h"
#include "pricing/sku_regions.h"
#include "schedule/time.h"
#include "sim/run_report.h"
#include "usage/simulated_ids.h"

namespace dbcost {
namespace {

constexpr double kDefaultServerlessDbusPerHour = 8;  // Assumptions::serverless_dbus_per_hour
// The create-compute form's default (Azure Databricks tutorial: "Terminate after 120 minutes of inactivity",
// https://learn.microsoft.com/en-us/azure/storage/blobs/data-lake-storage-use-databricks-spark).
constexpr int kDefaultTailMinutes = 120;
constexpr int kMinAutoterminationMinutes = 10;  // Clusters API: 0 or 10-10000
constexpr double kStandInQueriesPerHour = 1200;

std::string fixed(double v, int decimals) {
  std::string s = format_fixed(v, decimals);
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  return s == "-0" ? "0" : s;
}

double mean_of(const std::vector<double>& v) {
  return v.empty() ? 0 : std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

double cv_of(const std::vector<double>& v) {
  const double m = mean_of(v);
  if (v.size() < 2 || !(m > 0)) return 0;
  double ss = 0;
  for (double x : v) ss += (x - m) * (x - m);
  return std::sqrt(ss / static_cast<double>(v.size())) / m;
}

double median_of(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

double max_hourly(const HourlyUse& h) {
  double m = 0;
  for (const auto& [hour, u] : h) m = std::max(m, u.dbus);
  return m;
}

int weekday_of_day(std::int64_t day) { return static_cast<int>(detail::floor_mod(day + 3, 7)); }  // Monday = 0

std::string yaml_name(std::string s) {
  for (auto& c : s)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-' && c != '.') c = '_';
  return s.empty() ? "workload" : s;
}

class NameSet {
 public:
  std::string unique(const std::string& wanted, const std::string& suffix) {
    std::string name = yaml_name(wanted);
    if (used_.count(name)) name = yaml_name(wanted + "_" + suffix);
    for (int k = 2; used_.count(name); ++k) name = yaml_name(wanted + "_" + std::to_string(k));
    used_.insert(name);
    return name;
  }

 private:
  std::set<std::string> used_;
};

// The blocks of consecutive hours with use in one resource's records, with their idle minutes
// after the last busy moment (busy taken to come first within an hour).
struct Block {
  double dbus = 0;
  double up_minutes = 0;
  double tail_minutes = 0;
};

std::vector<Block> blocks_of(const HourlyUse& hours, double busy_rate, double idle_rate) {
  std::vector<Block> out;
  std::int64_t prev = 0;
  for (const auto& [hour, u] : hours) {
    if (!(u.dbus > 0)) continue;
    if (out.empty() || hour != prev + 1) out.emplace_back();
    Block& b = out.back();
    const double idle = std::clamp(u.idle_dbus, 0.0, u.dbus);
    const double busy = u.dbus - idle;
    b.dbus += u.dbus;
    b.up_minutes += 60 * (busy / busy_rate + idle / idle_rate);
    if (busy > 1e-9) b.tail_minutes = 0;
    b.tail_minutes += 60 * idle / idle_rate;
    prev = hour;
  }
  return out;
}

struct Tail {
  int minutes = 0;
  std::string source;
};

// The idle tail before termination: the records' idle column when present, else a default that
// leaves every block at least half its on-time as use.
Tail estimate_tail(const std::vector<Block>& blocks, bool has_idle, int floor_minutes, const char* what) {
  Tail t;
  if (has_idle) {
    std::vector<double> tails;
    for (const auto& b : blocks) tails.push_back(b.tail_minutes);
    const double m = median_of(tails);
    t.minutes = std::max(floor_minutes, static_cast<int>(std::lround(m)));
    t.source = "the median idle tail in dbcost_idle_quantity (" + fixed(m, 1) + " minutes over " +
               std::to_string(blocks.size()) + " stretches of use)";
    if (t.minutes != static_cast<int>(std::lround(m)))
      t.source += ", raised to the minimum " + std::to_string(floor_minutes);
    return t;
  }
  double shortest = 1e300;
  for (const auto& b : blocks) shortest = std::min(shortest, b.up_minutes);
  const int half = blocks.empty() ? kDefaultTailMinutes : static_cast<int>(std::floor(shortest / 2 / 10)) * 10;
  t.minutes = std::clamp(half, floor_minutes, kDefaultTailMinutes);
  t.source = std::string("not in the records: ") + what + " = min(120, half the shortest stretch of use), at least " +
             std::to_string(floor_minutes);
  return t;
}

// A job run's use of one job-cluster slot (or of serverless compute).
struct SlotRun {
  std::size_t run;
  const ResourceUse* use;
  std::int64_t offset;  // first hour - the run's first hour
};

// A job cluster as the runs reuse it: the n-th cluster of a node type and Photon in each run.
struct Slot {
  std::string node_type;
  bool photon;
  int ordinal;
  std::vector<SlotRun> runs;
};

struct JobSlots {
  std::vector<Slot> slots;
  std::vector<SlotRun> serverless;
  std::vector<UnixSeconds> starts;
  bool overlap = false;  // a run started before an earlier one's last hour
};

// A run of used hours on a weekday of the average week.
struct Stretch {
  int weekday, first_hour;
  double first_fraction, dbus, dates;  // dbus: mean per date of the weekday
};

struct OrderedTask {
  double offset;
  std::string key;
  CalibratedTask task;
};

class Calibrator {
 public:
  Calibrator(const UsageProfile& profile, const ClustersExport& clusters, const LoadedPricing& pricing,
             const CalibrateOptions& options)
      : p_(profile), clusters_(clusters), pricing_(pricing), options_(options) {}

  Calibration run() {
    c_.name = options_.name;
    c_.source = p_.source;
    c_.cloud = p_.cloud;
    c_.tier = p_.tier;
    c_.region = p_.region;
    c_.records = p_.records;
    c_.skipped = p_.skipped;
    c_.billed = p_.billed;
    c_.currency = p_.currency;
    c_.prices_in_yaml = options_.prices_in_yaml;
    if (p_.records == 0) throw InputError({p_.source, 0, 0, "usage_quantity"}, "no DBU usage records in the period");
    c_.start =
        options_.from != kBeginningOfTime ? options_.from : detail::floor_div(p_.first_hour * 3600, 86400) * 86400;
    c_.end = options_.to != kEndOfTime
                 ? options_.to
                 : (detail::floor_div(std::max(p_.last_start_hour, p_.first_hour) * 3600, 86400) + 1) * 86400;
    try {
      tier_ = parse_tier(c_.tier);
      parse_cloud(c_.cloud);
    } catch (const std::exception&) {
      throw InputError({p_.source, 0, 0, "sku_name"},
                       "cannot tell the tier and cloud from SKU prefix '" + c_.tier + "' and cloud '" + c_.cloud + "'");
    }
    for (const auto& [id, job] : p_.jobs) calibrate_job(job);
    for (const auto& [id, use] : p_.all_purpose) calibrate_all_purpose(use);
    for (const auto& [id, use] : p_.warehouses) calibrate_warehouse(use);
    for (const auto& [key, use] : p_.other) calibrate_other(use);
    return std::move(c_);
  }

 private:
  double node_rate(const std::string& node_type, bool photon, const char* kind, const std::string& what) const {
    const NodeType* n = pricing_.instances.find(node_type, c_.cloud);
    if (!n)
      throw InputError({p_.source, 0, 0, "usage_metadata.node_type"},
                       what + ": node type '" + node_type + "' is not in the instance catalog for " + c_.cloud);
    const double rate = n->dbus_per_hour.to_double();
    return photon ? rate * pricing_.photon.get(c_.cloud, kind).to_double() : rate;
  }

  const ClusterRecord* exported(const std::string& cluster_id) const {
    const auto it = clusters_.find(cluster_id);
    return it == clusters_.end() ? nullptr : &it->second;
  }

  // The cluster of `uses` (one cluster, or one job cluster over its runs), from the export when
  // `record` is given, else inferred from the largest hourly DBUs. `kind`: job or all-purpose.
  CalibratedCluster cluster_of(const ClusterRecord* record, const std::vector<const ResourceUse*>& uses,
                               const char* kind, const std::string& what) const {
    CalibratedCluster c;
    std::string node_type;
    double largest = 0;
    for (const auto* u : uses) {
      if (!u->node_type.empty()) node_type = u->node_type;
      c.photon = c.photon || u->photon;
      largest = std::max(largest, max_hourly(u->hours));
    }
    if (record) {
      c.node_type_id = !record->worker_node_type.empty() ? record->worker_node_type : node_type;
      if (!record->driver_node_type.empty() && record->driver_node_type != c.node_type_id)
        c.driver_node_type_id = record->driver_node_type;
      c.photon = c.photon || record->photon;
      if (record->min_autoscale_workers && record->max_autoscale_workers) {
        c.min_workers = record->min_autoscale_workers;
        c.max_workers = std::max(*record->max_autoscale_workers, *record->min_autoscale_workers);
      } else {
        c.num_workers = record->worker_count.value_or(0);
      }
      c.availability = record->availability;
      c.first_on_demand = record->first_on_demand;
      c.spot_bid_max_price = record->spot_bid_max_price;
      c.spot_bid_price_percent = record->spot_bid_price_percent;
      c.autotermination_minutes = record->auto_termination_minutes;
      if (c.node_type_id.empty())
        throw InputError({options_.clusters, 0, 0, "worker_node_type"}, what + ": no node type");
      const double worker = node_rate(c.node_type_id, c.photon, kind, what);
      const double driver =
          c.driver_node_type_id.empty() ? worker : node_rate(c.driver_node_type_id, c.photon, kind, what);
      const double lo = c.min_workers ? *c.min_workers : c.num_workers;
      const double hi = c.max_workers ? *c.max_workers : c.num_workers;
      c.idle_dbus_per_hour = driver + lo * worker;
      c.busy_dbus_per_hour = driver + (lo + 0.5 * (hi - lo)) * worker;
      c.dbus_per_hour = c.busy_dbus_per_hour;  // a job cluster at its midpoint, as the engine bills it
      c.source = "system.compute.clusters (cluster_id " + record->cluster_id + ")";
      return c;
    }
    if (node_type.empty())
      throw InputError({p_.source, 0, 0, "usage_metadata.node_type"},
                       what + ": the records give no node_type; give the clusters export with --clusters");
    c.node_type_id = node_type;
    const double rate = node_rate(node_type, c.photon, kind, what);
    const int nodes = std::max(1, static_cast<int>(std::ceil(largest / rate - 1e-6)));
    c.num_workers = nodes - 1;
    c.dbus_per_hour = c.idle_dbus_per_hour = c.busy_dbus_per_hour = nodes * rate;
    c.source = "inferred: node_type from usage_metadata; " + std::to_string(nodes) + " nodes = the largest hourly " +
               fixed(largest, 4) + " DBUs / " + fixed(rate, 4) + " DBU/h per node" + (c.photon ? " (Photon)" : "") +
               ", rounded up";
    return c;
  }

  // One job: its runs' clusters matched into job-cluster slots and a serverless task, each a task
  // with its mean minutes per run, chained in the order they start.
  void calibrate_job(const JobUse& job) {
    const std::vector<const JobRunUse*> runs = runs_of(job);
    if (runs.empty()) return;
    const JobSlots js = slots_of(runs);
    CalibratedJob j = job_of(job, runs.size(), js);
    std::vector<OrderedTask> ordered;
    for (std::size_t i = 0; i < js.slots.size(); ++i) {
      CalibratedCluster cluster = slot_cluster(js.slots[i], i, j.name);
      ordered.push_back({mean_offset(js.slots[i].runs), cluster.key, slot_task(js.slots[i], cluster, runs.size())});
      j.clusters.push_back(std::move(cluster));
    }
    if (!js.serverless.empty())
      ordered.push_back({mean_offset(js.serverless), "serverless", serverless_task(js.serverless, runs.size())});
    chain_tasks(ordered, j);
    c_.jobs.push_back(std::move(j));
  }

  // The job's runs with DBUs (a run retracted in full is no run), by first hour then run id.
  static std::vector<const JobRunUse*> runs_of(const JobUse& job) {
    std::vector<const JobRunUse*> runs;
    for (const auto& [id, run] : job.runs) {
      double dbus = run.serverless.dbus();
      for (const auto& [cid, u] : run.clusters) dbus += u.dbus();
      if (dbus > 1e-9) runs.push_back(&run);
    }
    std::sort(runs.begin(), runs.end(), [](const JobRunUse* a, const JobRunUse* b) {
      return std::make_pair(a->first_hour(), a->run_id) < std::make_pair(b->first_hour(), b->run_id);
    });
    return runs;
  }

  // A run's clusters, by first hour, node type, Photon and id, go to the slots of the same node
  // type and Photon in that order (the n-th such cluster to the n-th slot).
  static JobSlots slots_of(const std::vector<const JobRunUse*>& runs) {
    JobSlots js;
    std::int64_t previous_last = std::numeric_limits<std::int64_t>::min();
    for (std::size_t k = 0; k < runs.size(); ++k) {
      const JobRunUse& run = *runs[k];
      const std::int64_t first = run.first_hour();
      js.starts.push_back(first * 3600);
      std::int64_t last = first;
      std::vector<const ResourceUse*> cl;
      for (const auto& [id, u] : run.clusters) {
        cl.push_back(&u);
        last = std::max(last, u.hours.rbegin()->first);
      }
      if (!run.serverless.hours.empty()) last = std::max(last, run.serverless.hours.rbegin()->first);
      if (first < previous_last) js.overlap = true;
      previous_last = std::max(previous_last, last);
      std::sort(cl.begin(), cl.end(), [](const ResourceUse* a, const ResourceUse* b) {
        return std::make_tuple(a->hours.begin()->first, a->node_type, a->photon, a->id) <
               std::make_tuple(b->hours.begin()->first, b->node_type, b->photon, b->id);
      });
      std::map<std::pair<std::string, bool>, int> seen;
      for (const auto* u : cl) {
        const int ordinal = seen[{u->node_type, u->photon}]++;
        auto it = std::find_if(js.slots.begin(), js.slots.end(), [&](const Slot& s) {
          return s.node_type == u->node_type && s.photon == u->photon && s.ordinal == ordinal;
        });
        if (it == js.slots.end()) it = js.slots.insert(js.slots.end(), Slot{u->node_type, u->photon, ordinal, {}});
        it->runs.push_back({k, u, u->hours.begin()->first - first});
      }
      if (!run.serverless.hours.empty())
        js.serverless.push_back({k, &run.serverless, run.serverless.hours.begin()->first - first});
    }
    return js;
  }

  // Name, team, source and run calendar of the job; concurrency 1000 for arrivals or overlapping runs.
  CalibratedJob job_of(const JobUse& job, std::size_t runs, const JobSlots& js) {
    CalibratedJob j;
    const std::string wanted = !job.job_name.empty() ? job.job_name : "job_" + job.job_id;
    j.name = names_.unique(wanted, job.job_id);
    j.team = job.team();
    double total = 0;
    for (const auto& [t, d] : job.team_dbus) total += d;
    j.source = "job_id " + job.job_id + ": " + std::to_string(runs) + " runs, " + fixed(total, 3) + " DBUs";
    j.calendar = infer_run_calendar(js.starts, c_.start, c_.end);
    j.max_concurrent_runs = !j.calendar.cron || js.overlap ? 1000 : 1;
    if (js.overlap) j.notes.push_back("runs overlapped in the records: max_concurrent_runs 1000");
    if (!j.calendar.cron)
      j.notes.push_back("arrivals with max_concurrent_runs 1000, so every arrival is a run, as the records count them");
    return j;
  }

  // A slot's job cluster: from the export of its latest exported cluster, else inferred.
  CalibratedCluster slot_cluster(const Slot& s, std::size_t index, const std::string& job_name) const {
    std::vector<const ResourceUse*> uses;
    for (const auto& r : s.runs) uses.push_back(r.use);
    const ClusterRecord* record = nullptr;
    for (auto it = s.runs.rbegin(); it != s.runs.rend() && !record; ++it) record = exported(it->use->id);
    CalibratedCluster cluster = cluster_of(record, uses, "job", "job " + job_name);
    cluster.key = slot_key(s.runs, index);
    cluster.autotermination_minutes.reset();
    return cluster;
  }

  static CalibratedTask slot_task(const Slot& s, const CalibratedCluster& cluster, std::size_t runs) {
    const auto minutes = per_run_minutes(s.runs, runs, cluster.dbus_per_hour);
    CalibratedTask t;
    t.task_key = cluster.key;
    t.job_cluster_key = cluster.key;
    t.minutes = mean_of(minutes);
    t.cv = cv_of(minutes);
    t.source = "DBUs per run / " + fixed(cluster.dbus_per_hour, 4) + " DBU/h over " + std::to_string(runs) + " runs" +
               (s.runs.size() < runs ? " (" + std::to_string(s.runs.size()) + " used it)" : "");
    return t;
  }

  // Serverless DBU/h: the largest hourly DBUs of a run, at least the scenario default.
  static CalibratedTask serverless_task(const std::vector<SlotRun>& serverless, std::size_t runs) {
    double largest = 0;
    for (const auto& r : serverless) largest = std::max(largest, max_hourly(r.use->hours));
    const double rate = std::max(kDefaultServerlessDbusPerHour, largest);
    const auto minutes = per_run_minutes(serverless, runs, rate);
    CalibratedTask t;
    t.task_key = "serverless";
    t.serverless_dbus_per_hour = rate;
    t.minutes = mean_of(minutes);
    t.cv = cv_of(minutes);
    t.source = "serverless DBUs per run / " + fixed(rate, 4) + " DBU/h (" +
               (largest > kDefaultServerlessDbusPerHour ? "the largest hourly DBUs of a run"
                                                        : "the scenario default; the records cannot tell the rate") +
               ")";
    return t;
  }

  // Minutes at `rate` of each run (0 for a run that did not use the slot).
  static std::vector<double> per_run_minutes(const std::vector<SlotRun>& sr, std::size_t runs, double rate) {
    std::vector<double> minutes(runs, 0.0);
    for (const auto& s : sr) minutes[s.run] += s.use->dbus() / rate * 60;
    return minutes;
  }

  static double mean_offset(const std::vector<SlotRun>& sr) {
    double s = 0;
    for (const auto& r : sr) s += static_cast<double>(r.offset);
    return sr.empty() ? 0 : s / static_cast<double>(sr.size());
  }

  // Tasks by mean start offset then key; a task depends on the last one that starts before it.
  static void chain_tasks(std::vector<OrderedTask>& ordered, CalibratedJob& j) {
    std::stable_sort(ordered.begin(), ordered.end(), [](const OrderedTask& a, const OrderedTask& b) {
      return std::tie(a.offset, a.key) < std::tie(b.offset, b.key);
    });
    for (std::size_t i = 0; i < ordered.size(); ++i) {
      if (i > 0 && ordered[i].offset > ordered[i - 1].offset)
        ordered[i].task.depends_on = ordered[i - 1].key;
      else if (i > 0)
        ordered[i].task.depends_on = ordered[i - 1].task.depends_on;
      j.tasks.push_back(ordered[i].task);
    }
  }

  // A job cluster's key: the common key of its cluster ids when dbcost's exports named them
  // (usage/simulated_ids.h), else cluster_<i>.
  template <class SlotRuns>
  static std::string slot_key(const SlotRuns& runs, std::size_t index) {
    std::string key;
    for (const auto& r : runs) {
      const auto id = parse_job_cluster_id(r.use->id);
      if (!id || (!key.empty() && key != id->cluster_key)) return "cluster_" + std::to_string(index + 1);
      key = id->cluster_key;
    }
    return key.empty() ? "cluster_" + std::to_string(index + 1) : yaml_name(key);
  }

  // With dbcost_idle_quantity and no export: an hour idle throughout shows the idle size. When it is a
  // whole number of nodes below the busy size, the cluster autoscales: min_workers from the idle
  // size, max_workers placing the busy size at busy_workers_fraction 0.5.
  void infer_autoscale(const ResourceUse& use, CalibratedCluster& c) const {
    double idle_hour = 0;
    for (const auto& [hour, u] : use.hours)
      if (u.dbus > 0 && u.idle_dbus >= u.dbus * (1 - 1e-9)) idle_hour = std::max(idle_hour, u.dbus);
    const double node = node_rate(c.node_type_id, c.photon, "all-purpose", "all-purpose cluster " + use.id);
    const double idle_nodes = idle_hour / node;
    const int lo = static_cast<int>(std::lround(idle_nodes)) - 1;
    if (lo < 0 || std::abs(idle_nodes - std::round(idle_nodes)) > 0.01 || lo >= c.num_workers) return;
    c.min_workers = lo;
    c.max_workers = 2 * c.num_workers - lo;
    c.idle_dbus_per_hour = (lo + 1) * node;
    c.source += "; autoscale: an hour idle throughout shows " + fixed(idle_hour, 4) +
                " DBUs = " + std::to_string(lo + 1) + " nodes, so min_workers " + std::to_string(lo) +
                " and max_workers " + std::to_string(*c.max_workers) +
                " put the busy size at busy_workers_fraction 0.5";
  }

  void calibrate_all_purpose(const ResourceUse& use) {
    const ClusterRecord* record = exported(use.id);
    CalibratedAllPurpose a;
    a.name = names_.unique(record && !record->cluster_name.empty() ? record->cluster_name : use.id, use.id);
    a.team = use.team();
    a.source = "cluster_id " + use.id + ": " + fixed(use.dbus(), 3) + " DBUs in " + std::to_string(use.hours.size()) +
               " hours";
    a.cluster = cluster_of(record, {&use}, "all-purpose", "all-purpose cluster " + a.name);
    if (!record && p_.has_idle) infer_autoscale(use, a.cluster);
    const double busy = a.cluster.busy_dbus_per_hour, idle = a.cluster.idle_dbus_per_hour;
    set_autotermination(blocks_of(use.hours, busy, idle), a);
    const double tail_dbus = idle * a.autotermination_minutes / 60.0;
    std::vector<Stretch> stretches = stretches_of(use, busy);
    const std::size_t folded =
        a.autotermination_minutes > 0 ? fold_small_stretches(stretches, tail_dbus, busy) : std::size_t{0};
    for (const auto& st : stretches) {
      if (!(st.dbus > 0)) continue;
      const double minutes = std::max(1.0, (a.autotermination_minutes > 0 ? st.dbus - tail_dbus : st.dbus) / busy * 60);
      a.sessions.push_back(
          {st.weekday, st.first_hour * 60 + static_cast<int>(std::lround(60 * (1 - st.first_fraction))), minutes});
    }
    if (folded > 0)
      a.notes.push_back(std::to_string(folded) + (folded == 1 ? " stretch" : " stretches") +
                        " of use too small to pay for the idle tail added to the largest one");
    c_.all_purpose.push_back(std::move(a));
  }

  // autotermination_minutes from the export, else estimated from the idle tails of the use.
  void set_autotermination(const std::vector<Block>& blocks, CalibratedAllPurpose& a) const {
    if (a.cluster.autotermination_minutes) {
      a.autotermination_minutes = *a.cluster.autotermination_minutes;
      a.tail_source = "system.compute.clusters auto_termination_minutes";
      return;
    }
    const Tail t = estimate_tail(blocks, p_.has_idle, kMinAutoterminationMinutes, "autotermination_minutes");
    a.autotermination_minutes = t.minutes;
    a.tail_source = t.source;
  }

  // The average week: DBUs per weekday and hour, over the period's dates of that weekday; each run
  // of used hours on a weekday is a stretch.
  std::vector<Stretch> stretches_of(const ResourceUse& use, double busy) const {
    std::array<double, 7> dates{};
    for (std::int64_t d = detail::floor_div(c_.start, 86400); d * 86400 < c_.end; ++d)
      dates[static_cast<std::size_t>(weekday_of_day(d))] += 1;
    std::array<std::array<HourUse, 24>, 7> week{};
    for (const auto& [hour, u] : use.hours) {
      const std::int64_t day = detail::floor_div(hour, 24);
      auto& cell =
          week[static_cast<std::size_t>(weekday_of_day(day))][static_cast<std::size_t>(detail::floor_mod(hour, 24))];
      cell.dbus += u.dbus;
      cell.idle_dbus += u.idle_dbus;
    }
    std::vector<Stretch> stretches;
    for (int w = 0; w < 7; ++w) {
      const auto& day = week[static_cast<std::size_t>(w)];
      const double n = dates[static_cast<std::size_t>(w)];
      for (int h = 0; h < 24 && n > 0;) {
        if (!(day[static_cast<std::size_t>(h)].dbus > 0)) {
          ++h;
          continue;
        }
        Stretch st{w, h, std::min(1.0, day[static_cast<std::size_t>(h)].dbus / n / busy), 0, n};
        while (h < 24 && day[static_cast<std::size_t>(h)].dbus > 0)
          st.dbus += day[static_cast<std::size_t>(h++)].dbus / n;
        stretches.push_back(st);
      }
    }
    return stretches;
  }

  // A stretch too small to pay for the idle tail (a rare use, averaged over its weekday) is folded
  // into the largest stretch, so the period's DBUs are kept. Returns how many were folded.
  static std::size_t fold_small_stretches(std::vector<Stretch>& stretches, double tail_dbus, double busy) {
    const auto largest = std::max_element(stretches.begin(), stretches.end(), [](const Stretch& x, const Stretch& y) {
      return x.dbus * x.dates < y.dbus * y.dates;
    });
    std::size_t folded = 0;
    if (largest == stretches.end()) return folded;
    for (auto& st : stretches) {
      if (&st == &*largest || st.dbus - tail_dbus >= busy / 60) continue;
      largest->dbus += st.dbus * st.dates / largest->dates;
      st.dbus = 0;
      ++folded;
    }
    return folded;
  }

  void calibrate_warehouse(const ResourceUse& use) {
    CalibratedWarehouse w;
    w.name = names_.unique(use.id, "warehouse");
    w.team = use.team();
    w.source = "warehouse_id " + use.id + ": " + fixed(use.dbus(), 3) + " DBUs in " + std::to_string(use.hours.size()) +
               " hours";
    const std::string& sku = use.sku_name;
    if (sku.find("SERVERLESS") != std::string::npos) {
      w.serverless = true;
    } else if (sku.find("SQL_PRO") == std::string::npos) {
      w.warehouse_type = "CLASSIC";
    }
    const double rate = size_warehouse(use, w);
    const Tail t = estimate_tail(blocks_of(use.hours, rate, rate), p_.has_idle, 1, "auto_stop_mins");
    w.auto_stop_mins = t.minutes;
    w.tail_source = t.source;
    set_warehouse_window(use, rate, w);
    w.notes.push_back("queries_per_hour is not in the bill: " + fixed(kStandInQueriesPerHour, 0) +
                      " short queries keep the warehouse on through the window");
    w.queries_per_hour = kStandInQueriesPerHour;
    c_.warehouses.push_back(std::move(w));
  }

  // The smallest size whose DBU/h covers the largest hourly DBUs, with more clusters past the
  // largest size. Returns the warehouse's DBU/h.
  double size_warehouse(const ResourceUse& use, CalibratedWarehouse& w) const {
    const double largest = max_hourly(use.hours);
    const auto sizes = pricing_.warehouse_sizes.sizes();
    double size_rate = 0;
    for (const auto& s : sizes) {
      size_rate = pricing_.warehouse_sizes.find(s)->to_double();
      w.cluster_size = s;
      if (size_rate >= largest * (1 - 1e-6)) break;
    }
    if (w.cluster_size.empty()) throw ModelError("no SQL warehouse sizes are known");
    w.clusters = std::max(1, static_cast<int>(std::ceil(largest / size_rate - 1e-6)));
    w.notes.push_back("cluster_size: the smallest whose " + fixed(size_rate, 2) + " DBU/h covers the largest hourly " +
                      fixed(largest, 4) + " DBUs" +
                      (w.clusters > 1 ? ", with " + std::to_string(w.clusters) + " clusters" : ""));
    return size_rate * w.clusters;
  }

  // Days with use, and the mean on-time of such a day less the auto-stop tail, from the first
  // used hour of the day.
  void set_warehouse_window(const ResourceUse& use, double rate, CalibratedWarehouse& w) const {
    std::array<bool, 7> days{};
    std::array<double, 24> by_hour{};
    for (const auto& [hour, u] : use.hours) {
      if (!(u.dbus > 0)) continue;
      days[static_cast<std::size_t>(weekday_of_day(detail::floor_div(hour, 24)))] = true;
      by_hour[static_cast<std::size_t>(detail::floor_mod(hour, 24))] += u.dbus;
    }
    double active_dates = 0;
    for (std::int64_t d = detail::floor_div(c_.start, 86400); d * 86400 < c_.end; ++d)
      active_dates += days[static_cast<std::size_t>(weekday_of_day(d))] ? 1 : 0;
    w.days = weekdays_text(days);
    const double on_minutes = active_dates > 0 ? use.dbus() / rate * 60 / active_dates : 0;
    double window = on_minutes - w.auto_stop_mins;
    if (window < 1) {
      window = 1;
      w.notes.push_back("the mean daily on-time is shorter than the auto-stop tail; the window is 1 minute");
    }
    int first_hour = 0;
    while (first_hour < 23 && !(by_hour[static_cast<std::size_t>(first_hour)] > 0)) ++first_hour;
    const double first_fraction = std::min(1.0, by_hour[static_cast<std::size_t>(first_hour)] / active_dates / rate);
    int start = first_hour * 60 + static_cast<int>(std::lround(60 * (1 - first_fraction)));
    int length = std::min(24 * 60, static_cast<int>(std::lround(window)));
    if (start + length > 24 * 60) start = 24 * 60 - length;
    w.window_start_minute = start;
    w.window_end_minute = start + std::max(1, length);
    w.notes.push_back("on " + fixed(on_minutes, 1) + " minutes a day " +
                      (w.days == "daily" ? std::string("every day") : "on " + w.days) +
                      ": the window holds them less the " + std::to_string(w.auto_stop_mins) +
                      "-minute auto-stop tail");
  }

  void calibrate_other(const ResourceUse& use) {
    const std::string serverless_sku = sku_name(tier_, ComputeKind::JobServerless, false);
    const PriceRow* own = pricing_.prices.find(use.sku_name, c_.cloud, "DBU", c_.start);
    // Priced in the record's own region, which its SKU's suffix names.
    const auto split = SkuRegions::builtin().split(c_.cloud, use.sku_name);
    const PriceRow* jobs = pricing_.prices.find(serverless_sku, c_.cloud, "DBU", c_.start, split ? split->region : "");
    const double dbus = use.dbus();
    if (!own || !jobs || !(jobs->price.to_double() > 0)) {
      c_.notes.push_back(use.sku_name + " (" + fixed(dbus, 3) + " DBUs, team " + use.team() + ") is left out: " +
                         (own ? serverless_sku : use.sku_name) + " has no price at the period's start");
      return;
    }
    const double equivalent = dbus * own->price.to_double() / jobs->price.to_double();
    const double days = static_cast<double>((c_.end - c_.start + 86399) / 86400);
    std::string lower = split ? split->base_sku : use.sku_name;
    for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    CalibratedJob j;
    j.other = true;
    const std::string team = use.team();
    j.name = names_.unique(lower + (team == kUntaggedTeam ? "" : "_" + team), "other");
    j.team = team;
    j.source = use.sku_name + ": " + fixed(dbus, 3) + " DBUs at " + own->price.to_string() +
               " (no scenario kind; a daily serverless job costing the same at " + serverless_sku + "'s " +
               jobs->price.to_string() + ")";
    CalibratedTask t;
    t.task_key = "usage";
    t.minutes = 60;
    t.serverless_dbus_per_hour = equivalent / days;
    t.source = fixed(equivalent, 3) + " equivalent DBUs over " + fixed(days, 0) + " daily runs";
    j.tasks.push_back(t);
    c_.jobs.push_back(std::move(j));
  }

  const UsageProfile& p_;
  const ClustersExport& clusters_;
  const LoadedPricing& pricing_;
  const CalibrateOptions& options_;
  Calibration c_;
  Tier tier_ = Tier::Premium;
  NameSet names_;
};

}  // namespace

Calibration calibrate_profile(const UsageProfile& profile, const ClustersExport& clusters, const LoadedPricing& pricing,
                              const CalibrateOptions& options) {
  return Calibrator(profile, clusters, pricing, options).run();
}

Calibration calibrate(const CalibrateOptions& options) {
  if (options.team_tag.empty()) throw InputError({"", 0, 0, "--team-tag"}, "expected a tag key");
  PricingFiles files;
  files.prices = options.prices;
  const LoadedPricing pricing = load_pricing(files);
  const ClustersExport clusters = options.clusters.empty() ? ClustersExport{} : load_clusters_export(options.clusters);
  UsageProfileOptions po;
  po.team_tag = options.team_tag;
  po.from = options.from;
  po.to = options.to;
  const UsageProfile profile = read_usage_profile(options.usage, pricing.prices, po);
  return calibrate_profile(profile, clusters, pricing, options);
}

void parse_calibration_period(const std::string& text, CalibrateOptions& options) {
  const auto dots = text.find("..");
  if (dots == std::string::npos)
    throw InputError({"", 0, 0, "--period"}, "expected FROM..TO (dates or ISO 8601 instants), got '" + text + "'");
  options.from = parse_time_point(text.substr(0, dots), nullptr, "--period");
  options.to = parse_time_point(text.substr(dots + 2), nullptr, "--period");
  if (options.to <= options.from) throw InputError({"", 0, 0, "--period"}, "TO must be after FROM in '" + text + "'");
}

}  // namespace dbcost
