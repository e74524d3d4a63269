// Spot-eviction Monte Carlo throughput: a portfolio of 500 job segments run daily for 30 days, N trials.
//
// Prints simulated job runs per second on 1 and 2 threads, and the time the same random draws take alone
// (counted per trial with detail::simulate_spot_segment_counted, then drawn through the same Sampler and
// generator) so the model's own overhead shows as the ratio model time / RNG-only time. With --out DIR it
// writes the portfolio (portfolio.csv), per-job means and variances (cpp_stats.csv) and the figures
// (cpp_summary.txt) for bench/spot/spot_numpy.py to compare against.
//
// Usage: dbcost_spot_bench [--trials N] [--threads T] [--repeat R] [--seed S] [--out DIR]
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>
#include <thread>
#include <vector>

#include "montecarlo/rng.h"
#include "montecarlo/sampler.h"
#include "spot/spot_model.h"

namespace {

using dbcost::ClusterNodes;
using dbcost::SpotParams;

constexpr int kJobs = 500;
constexpr int kDays = 30;
constexpr std::uint64_t kStream = dbcost::stream_id("spot-bench");

struct Job {
  double minutes = 0;
  ClusterNodes nodes;
  SpotParams params;
};

// Uniform in [0, 1) from the job index and a field number: the portfolio is a formula, not a draw.
double unit(int job, int field) {
  const std::uint64_t h = dbcost::splitmix64(static_cast<std::uint64_t>(job) * 64 + static_cast<std::uint64_t>(field));
  return static_cast<double>(h >> 11) * 0x1.0p-53;
}

// Runtimes 5 min to 4 h, 2-16 workers, spot shares 0-100%, a spot driver on 15% of jobs, and hazards under
// the three readings of the provider buckets (libcost/spot/eviction_band.h): per month, per day, per hour.
Job make_job(int j) {
  Job job;
  job.minutes = 5 * std::exp(unit(j, 0) * std::log(48.0));
  ClusterNodes& n = job.nodes;
  n.workers = 2 + static_cast<int>(unit(j, 1) * 15);
  const double shares[] = {0.0, 0.5, 0.75, 1.0};
  n.spot_workers = static_cast<int>(std::lround(shares[static_cast<int>(unit(j, 2) * 4)] * n.workers));
  n.driver_on_spot = unit(j, 3) < 0.15;
  n.driver_vm_on_demand_per_hour = 0.384;
  n.worker_vm_on_demand_per_hour = 0.384;
  n.worker_vm_spot_per_hour = 0.0768 * (1 + unit(j, 14));
  n.driver_vm_spot_per_hour = n.worker_vm_spot_per_hour;
  n.driver_dbus_per_hour = 1.5;
  n.worker_dbus_per_hour = 1.5;
  n.price_per_dbu = 0.30;

  SpotParams& p = job.params;
  const double reading = unit(j, 4);
  const double within = unit(j, 5);
  p.eviction_rate_per_hour = reading < 0.3   ? 7e-5 + within * 2.4e-4
                             : reading < 0.6 ? 2.1e-3 + within * 4.7e-3
                                             : 0.05 + within * 0.45;
  p.capacity_event_rate_per_hour = unit(j, 6) < 0.5 ? 0.0 : 0.01 + unit(j, 15) * 0.09;
  p.capacity_event_fraction = unit(j, 7) < 0.5 ? 1.0 : 0.5;
  p.notice_seconds = unit(j, 8) < 0.5 ? 30 : 120;
  p.graceful_decommission = unit(j, 9) < 0.5;
  p.spot_unavailable_probability = unit(j, 10) < 0.6 ? 0.0 : 0.1 + unit(j, 16) * 0.3;
  p.fallback_to_on_demand = unit(j, 11) < 0.7;
  p.max_retries = static_cast<int>(unit(j, 12) * 4);
  p.spot_price_cv = 0.1;
  p.spot_bid_per_hour = unit(j, 13) < 0.05 ? n.worker_vm_spot_per_hour * 1.1 : -1;
  return job;
}

struct Stats {
  long n = 0;
  double minutes = 0;
  double minutes_sq = 0;
  double cost = 0;
  double cost_sq = 0;
  void add(const dbcost::SpotSegment& s) {
    const double c = s.vm_cost + s.dbu_cost;
    ++n;
    minutes += s.minutes;
    minutes_sq += s.minutes * s.minutes;
    cost += c;
    cost_sq += c * c;
  }
  void merge(const Stats& o) {
    n += o.n;
    minutes += o.minutes;
    minutes_sq += o.minutes_sq;
    cost += o.cost;
    cost_sq += o.cost_sq;
  }
};

void run_trials(const std::vector<Job>& jobs, std::uint64_t seed, int first, int last, std::vector<Stats>& stats) {
  for (int trial = first; trial < last; ++trial) {
    dbcost::Rng rng = dbcost::make_rng(seed, static_cast<std::uint64_t>(trial), kStream);
    dbcost::Sampler sampler(&rng);
    for (int j = 0; j < kJobs; ++j) {
      const Job& job = jobs[static_cast<std::size_t>(j)];
      for (int day = 0; day < kDays; ++day) {
        stats[static_cast<std::size_t>(j)].add(
            dbcost::simulate_spot_segment(job.minutes, job.nodes, job.params, sampler));
      }
    }
  }
}

// Wall and CPU seconds (all threads of the process): on a shared machine the CPU time gives the per-core rate.
struct Timing {
  double wall = 1e300;
  double cpu = 1e300;
};

double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

class Stopwatch {
 public:
  Timing elapsed() const {
    return {std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0_).count(), cpu_seconds() - cpu0_};
  }

 private:
  std::chrono::steady_clock::time_point wall0_ = std::chrono::steady_clock::now();
  double cpu0_ = cpu_seconds();
};

Timing best(const Timing& a, const Timing& b) { return {std::min(a.wall, b.wall), std::min(a.cpu, b.cpu)}; }

// Runs every trial on `threads` threads; returns the times and fills the per-job stats.
Timing run_model(const std::vector<Job>& jobs, std::uint64_t seed, int trials, int threads, std::vector<Stats>& out) {
  std::vector<std::vector<Stats>> per_thread(static_cast<std::size_t>(threads), std::vector<Stats>(kJobs));
  const Stopwatch watch;
  std::vector<std::thread> pool;
  for (int k = 0; k < threads; ++k) {
    const int first = trials * k / threads;
    const int last = trials * (k + 1) / threads;
    pool.emplace_back(run_trials, std::cref(jobs), seed, first, last,
                      std::ref(per_thread[static_cast<std::size_t>(k)]));
  }
  for (auto& th : pool) th.join();
  const Timing elapsed = watch.elapsed();
  out.assign(kJobs, Stats{});
  for (const auto& part : per_thread) {
    for (int j = 0; j < kJobs; ++j) out[static_cast<std::size_t>(j)].merge(part[static_cast<std::size_t>(j)]);
  }
  return elapsed;
}

std::vector<dbcost::detail::SpotDrawCounts> count_draws(const std::vector<Job>& jobs, std::uint64_t seed, int trials) {
  std::vector<dbcost::detail::SpotDrawCounts> counts(static_cast<std::size_t>(trials));
  for (int trial = 0; trial < trials; ++trial) {
    dbcost::Rng rng = dbcost::make_rng(seed, static_cast<std::uint64_t>(trial), kStream);
    dbcost::Sampler sampler(&rng);
    for (const Job& job : jobs) {
      for (int day = 0; day < kDays; ++day) {
        dbcost::detail::simulate_spot_segment_counted(job.minutes, job.nodes, job.params, sampler,
                                                      counts[static_cast<std::size_t>(trial)]);
      }
    }
  }
  return counts;
}

// The model's draws alone, same generator and seeding per trial, same Sampler calls.
Timing run_rng_only(const std::vector<dbcost::detail::SpotDrawCounts>& counts, std::uint64_t seed, double& sink) {
  const Stopwatch watch;
  double sum = 0;
  for (std::size_t trial = 0; trial < counts.size(); ++trial) {
    dbcost::Rng rng = dbcost::make_rng(seed, trial, kStream);
    dbcost::Sampler sampler(&rng);
    const auto& c = counts[trial];
    for (long i = 0; i < c.exponential; ++i) sum += sampler.exponential(1.0);
    for (long i = 0; i < c.uniform; ++i) sum += sampler.uniform();
    for (long i = 0; i < c.lognormal; ++i) sum += sampler.lognormal(4.0, 0.3);
  }
  sink += sum;
  return watch.elapsed();
}

void write_outputs(const std::string& dir, const std::vector<Job>& jobs, const std::vector<Stats>& stats,
                   const std::string& summary) {
  if (FILE* f = std::fopen((dir + "/portfolio.csv").c_str(), "w")) {
    std::fprintf(f,
                 "job,minutes,workers,spot_workers,driver_on_spot,driver_vm_on_demand_per_hour,"
                 "driver_vm_spot_per_hour,worker_vm_on_demand_per_hour,worker_vm_spot_per_hour,"
                 "driver_dbus_per_hour,worker_dbus_per_hour,price_per_dbu,eviction_rate_per_hour,"
                 "capacity_event_rate_per_hour,capacity_event_fraction,notice_seconds,graceful_decommission,"
                 "decommission_seconds_needed,in_flight_minutes,map_output_loss_probability,"
                 "replacement_minutes_mean,replacement_minutes_cv,spot_unavailable_probability,"
                 "fallback_to_on_demand,max_retries,spot_price_cv,spot_bid_per_hour\n");
    for (std::size_t j = 0; j < jobs.size(); ++j) {
      const auto& n = jobs[j].nodes;
      const auto& p = jobs[j].params;
      std::fprintf(f, "%zu,%.17g,%d,%d,%d,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%d,", j,
                   jobs[j].minutes, n.workers, n.spot_workers, n.driver_on_spot ? 1 : 0, n.driver_vm_on_demand_per_hour,
                   n.driver_vm_spot_per_hour, n.worker_vm_on_demand_per_hour, n.worker_vm_spot_per_hour,
                   n.driver_dbus_per_hour, n.worker_dbus_per_hour, n.price_per_dbu, p.eviction_rate_per_hour,
                   p.capacity_event_rate_per_hour, p.capacity_event_fraction, p.notice_seconds,
                   p.graceful_decommission ? 1 : 0);
      std::fprintf(f, "%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%d,%d,%.17g,%.17g\n", p.decommission_seconds_needed,
                   p.in_flight_minutes, p.map_output_loss_probability, p.replacement_minutes_mean,
                   p.replacement_minutes_cv, p.spot_unavailable_probability, p.fallback_to_on_demand ? 1 : 0,
                   p.max_retries, p.spot_price_cv, p.spot_bid_per_hour);
    }
    std::fclose(f);
  }
  if (FILE* f = std::fopen((dir + "/cpp_stats.csv").c_str(), "w")) {
    std::fprintf(f, "job,n,mean_minutes,var_minutes,mean_cost,var_cost\n");
    for (std::size_t j = 0; j < stats.size(); ++j) {
      const Stats& s = stats[j];
      const double n = static_cast<double>(s.n);
      const double mm = s.minutes / n;
      const double mc = s.cost / n;
      const double var_minutes = std::max(0.0, (s.minutes_sq - n * mm * mm) / (n - 1));
      const double var_cost = std::max(0.0, (s.cost_sq - n * mc * mc) / (n - 1));
      std::fprintf(f, "%zu,%ld,%.17g,%.17g,%.17g,%.17g\n", j, s.n, mm, var_minutes, mc, var_cost);
    }
    std::fclose(f);
  }
  if (FILE* f = std::fopen((dir + "/cpp_summary.txt").c_str(), "w")) {
    std::fputs(summary.c_str(), f);
    std::fclose(f);
  }
}

}  // namespace

int main(int argc, char** argv) {
  int trials = 200;
  int threads = 2;
  int repeat = 5;
  std::uint64_t seed = 1;
  std::string out_dir;
  for (int i = 1; i + 1 < argc; i += 2) {
    const char* flag = argv[i];
    const char* value = argv[i + 1];
    if (!std::strcmp(flag, "--trials")) {
      trials = std::atoi(value);
    } else if (!std::strcmp(flag, "--threads")) {
      threads = std::atoi(value);
    } else if (!std::strcmp(flag, "--repeat")) {
      repeat = std::atoi(value);
    } else if (!std::strcmp(flag, "--seed")) {
      seed = std::strtoull(value, nullptr, 10);
    } else if (!std::strcmp(flag, "--out")) {
      out_dir = value;
    } else {
      std::fprintf(stderr, "unknown flag %s\n", flag);
      return 2;
    }
  }
  if (trials < 1 || threads < 1 || repeat < 1) {
    std::fprintf(stderr, "--trials, --threads and --repeat must be positive\n");
    return 2;
  }

  std::vector<Job> jobs;
  for (int j = 0; j < kJobs; ++j) jobs.push_back(make_job(j));
  const double runs = static_cast<double>(kJobs) * kDays * trials;

  const auto counts = count_draws(jobs, seed, trials);
  dbcost::detail::SpotDrawCounts total;
  for (const auto& c : counts) {
    total.exponential += c.exponential;
    total.uniform += c.uniform;
    total.lognormal += c.lognormal;
  }

  // Interleaved repetitions, best of each: the machine is shared, so the minimum is the figure least disturbed.
  std::vector<Stats> stats;
  Timing one;
  Timing many;
  Timing rng_only;
  double sink = 0;
  for (int r = 0; r < repeat; ++r) {
    one = best(one, run_model(jobs, seed, trials, 1, stats));
    rng_only = best(rng_only, run_rng_only(counts, seed, sink));
    if (threads > 1) many = best(many, run_model(jobs, seed, trials, threads, stats));
  }

  Stats all;
  for (const auto& s : stats) all.merge(s);

  char buf[2048];
  std::string summary;
  std::snprintf(buf, sizeof buf,
                "portfolio: %d jobs x %d days x %d trials = %.0f job runs (best of %d)\n"
                "mean minutes per run: %.4f, mean cost per run: %.6f\n"
                "draws per run: exponential %.3f, uniform %.3f, lognormal %.3f\n",
                kJobs, kDays, trials, runs, repeat, all.minutes / static_cast<double>(all.n),
                all.cost / static_cast<double>(all.n), static_cast<double>(total.exponential) / runs,
                static_cast<double>(total.uniform) / runs, static_cast<double>(total.lognormal) / runs);
  summary += buf;
  std::snprintf(buf, sizeof buf, "1 thread: %.3f s CPU (%.3f s wall): %.3e runs/s per core, %.1f ns per run\n", one.cpu,
                one.wall, runs / one.cpu, 1e9 * one.cpu / runs);
  summary += buf;
  if (threads > 1) {
    std::snprintf(buf, sizeof buf,
                  "%d threads: %.3f s CPU (%.3f s wall): %.3e runs/s per core; wall-clock scaling %.2fx "
                  "(CPU per run %.2fx the 1-thread figure)\n",
                  threads, many.cpu, many.wall, runs / many.cpu, one.wall / many.wall, many.cpu / one.cpu);
    summary += buf;
  }
  std::snprintf(buf, sizeof buf,
                "RNG only (same draws, same generator, 1 thread): %.3f s CPU; model / RNG-only time: %.2f "
                "(target <= 4)\n",
                rng_only.cpu, one.cpu / rng_only.cpu);
  summary += buf;
  std::snprintf(buf, sizeof buf, "runs_per_cpu_second_1_thread=%.6e\n", runs / one.cpu);
  summary += buf;
  std::fputs(summary.c_str(), stdout);
  if (sink == 42.0) std::puts("");
  if (!out_dir.empty()) write_outputs(out_dir, jobs, stats, summary);
  return 0;
}
