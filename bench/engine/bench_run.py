#!/usr/bin/python3
"""`dbcost run` end to end on the 500-job month of issue 21, against the same month in numpy.

Generates the month (generate_month.py), then:
  - times `dbcost run MONTH --trials N --seed 1 --threads T --format json` as a user runs it (the process's wall
    time, CPU time and peak RSS from wait4), at 1 and 2 threads and at each of --trials, the best of --repeat;
  - runs the numpy model of the same month (month_numpy.py: fire times once, then all runs of a job in all trials
    at once) on --numpy-trials trials, the best of --repeat;
  - checks that the two agree on the expected monthly cost of the jobs: the total within SIGMAS combined
    standard errors, and job by job (at most one job of 500 beyond SIGMAS);
  - reports job runs per CPU second, the 1 -> 2 thread speed-up, the peak memory ratio between the largest and
    the smallest trial count, and dbcost / numpy per CPU second.

Usage: bench_run.py BUILD_DIR [--trials 1000,10000] [--threads 2] [--repeat 3] [--numpy-trials 1000]
                              [--seed 1] [--keep DIR]
"""
import argparse
import json
import math
import pathlib
import sys
import tempfile
import time

import numpy as np

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import generate_month  # noqa: E402
import month_numpy  # noqa: E402

sys.path.insert(0, str(HERE.parent))
import timed_process  # noqa: E402

# The two estimate the same expectation from independent draws; |z| above 4 happens by chance about 6 times in
# 100,000 for one comparison, and the per-job check makes 500 of them (expected beyond 4: 0.03; more with the
# few numpy trials of `make bench`, whose standard errors are themselves estimates): one job beyond is allowed.
SIGMAS = 4.0


def run_timed(cmd):
    """stdout, wall seconds, CPU seconds and peak RSS (MB); exit 1 (budget findings) is a result too."""
    return timed_process.run_timed(cmd, ok_codes=(0, 1))


def best_of(repeat, fn):
    runs = [fn() for _ in range(repeat)]
    return min(runs, key=lambda r: r[1])


def job_costs(report):
    return {w["workload"]: (w["total_cost"], w["std_error"], w["runs"]) for w in report["workloads"]
            if w["kind"] == "job"}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build")
    ap.add_argument("--trials", default="1000,10000", help="comma-separated trial counts for dbcost")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--numpy-trials", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep", help="write the month (YAML and the generator's JSON) here")
    args = ap.parse_args()
    cli = str(pathlib.Path(args.build) / "dbcost")
    trial_counts = [int(x) for x in args.trials.split(",")]
    threads = sorted({1, args.threads})

    with tempfile.TemporaryDirectory() as tmp:
        d = pathlib.Path(args.keep or tmp)
        d.mkdir(parents=True, exist_ok=True)
        jobs, metas = generate_month.generate(args.seed)
        month = d / "month.yaml"
        month.write_text(generate_month.render(jobs, args.seed))
        meta = {"spot": generate_month.SPOT, "startup": generate_month.STARTUP, "jobs": metas}
        (d / "month.json").write_text(json.dumps(meta))

        results = {}
        for n in trial_counts:
            for t in threads:
                cmd = [cli, "run", str(month), "--trials", str(n), "--seed", str(args.seed), "--threads", str(t),
                       "--format", "json"]
                results[(n, t)] = best_of(args.repeat, lambda: run_timed(cmd))

    model = month_numpy.Month(meta)
    runs_per_trial = model.runs_per_trial

    def numpy_run():
        w0, c0 = time.perf_counter(), time.process_time()
        costs, overlaps = model.simulate(args.numpy_trials, args.seed)
        return (costs, overlaps), time.perf_counter() - w0, time.process_time() - c0

    (np_costs, overlaps), np_wall, np_cpu = best_of(args.repeat, numpy_run)

    # Agreement, on dbcost's largest run.
    n_big = max(trial_counts)
    report = json.loads(results[(n_big, threads[-1])][0])
    dbc = job_costs(report)
    names = [j["name"] for j in model.jobs]
    dbc_runs = sum(dbc[name][2] for name in names)
    total_db = sum(dbc[name][0] for name in names)
    se_db = math.sqrt(sum(dbc[name][1] ** 2 for name in names))
    per_trial = np_costs.sum(axis=0)
    total_np = per_trial.mean()
    se_np = per_trial.std(ddof=1) / math.sqrt(args.numpy_trials)
    z_total = (total_np - total_db) / math.hypot(se_np, se_db)
    zs = []
    for i, name in enumerate(names):
        x = np_costs[i]
        # dbcost prints its standard error in cents; numpy's spread scaled to dbcost's trials is its floor.
        se_d = max(dbc[name][1], x.std(ddof=1) / math.sqrt(n_big))
        se = math.hypot(x.std(ddof=1) / math.sqrt(len(x)), se_d)
        # dbcost prints cents: a deterministic job agrees to half a cent.
        excess = max(0.0, abs(x.mean() - dbc[name][0]) - 0.005)
        zs.append(excess / se if se > 0 else (0.0 if excess == 0 else math.inf))
    zs = np.array(zs)
    # Fire times: dbcost's mean runs per job is its count of fire times, less the rare skipped run.
    fire_mismatch = [name for j, name in zip(model.jobs, names) if not 0 <= len(j["fires"]) - dbc[name][2] < 0.5]
    ok = abs(z_total) <= SIGMAS and (zs > SIGMAS).sum() <= 1 and not fire_mismatch

    spot_clusters = sum(1 for j in model.jobs for c in j["shared"].values() if c["spot"]) + sum(
        1 for j in model.jobs for t in j["tasks"] if t["kind"] == "new_cluster" and t["rate"]["spot"])
    clusters = sum(len(j["shared"]) for j in model.jobs) + sum(
        1 for j in model.jobs for t in j["tasks"] if t["kind"] == "new_cluster")
    print(f"month: {len(names)} jobs, {runs_per_trial:,} job runs a trial (dbcost: {dbc_runs:,.0f}), "
          f"{spot_clusters} of {clusters} job/task clusters with spot workers; best of {args.repeat}")
    print(f"{'':26} {'trials':>7} {'wall s':>8} {'CPU s':>8} {'peak MB':>8} {'runs/CPU-s':>11} {'runs/wall-s':>12}")
    for (n, t), (_, wall, cpu, rss) in results.items():
        runs = runs_per_trial * n
        print(f"{f'dbcost run, {t} thread' + ('s' if t > 1 else ''):26} {n:7} {wall:8.2f} {cpu:8.2f} {rss:8.0f} "
              f"{runs / cpu:11.3e} {runs / wall:12.3e}")
    np_runs = runs_per_trial * args.numpy_trials
    print(f"{'numpy (1 core)':26} {args.numpy_trials:7} {np_wall:8.2f} {np_cpu:8.2f} {'':>8} {np_runs / np_cpu:11.3e} "
          f"{np_runs / np_wall:12.3e}")
    for n in trial_counts:
        if len(threads) > 1:
            print(f"speed-up 1 -> {threads[-1]} threads at {n} trials: "
                  f"{results[(n, 1)][1] / results[(n, threads[-1])][1]:.2f}x (wall)")
    if len(trial_counts) > 1:
        lo, hi = min(trial_counts), max(trial_counts)
        for t in threads:
            print(f"peak memory {hi} / {lo} trials, {t} thread{'s' if t > 1 else ''}: "
                  f"{results[(hi, t)][3] / results[(lo, t)][3]:.2f}x (goal: flat in trials)")
    for n in trial_counts:
        cpu = results[(n, 1)][2]
        print(f"dbcost ({n} trials, 1 thread) / numpy, job runs per CPU second: "
              f"{(runs_per_trial * n / cpu) / (np_runs / np_cpu):.2f}x")
    print(f"agreement on the jobs' expected monthly cost: dbcost ({n_big} trials) {total_db:,.2f} ± {se_db:.2f}, "
          f"numpy ({args.numpy_trials} trials) {total_np:,.2f} ± {se_np:.2f}, z = {z_total:+.2f} (|z| <= {SIGMAS:g}); "
          f"job by job: max |z| {zs.max():.2f}, {(zs > SIGMAS).sum()} beyond {SIGMAS:g}")
    print(f"fire times: {len(names) - len(fire_mismatch)} of {len(names)} jobs run as often in both"
          + (f" (differ: {', '.join(fire_mismatch[:5])})" if fire_mismatch else ""))
    if overlaps:
        print(f"  note: {overlaps} of the numpy runs end after their job's next fire time "
              f"({overlaps / np_runs:.1e} of runs); dbcost skips that next run, numpy does not")
    print("  agreement:", "OK" if ok else "MISMATCH")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
