#!/usr/bin/env python3
"""Simulated job runs per second: a month of 500 jobs (daily, hourly and 15-minute schedules on job
clusters, shared and per-task, and serverless tasks), `dbcost run` in Monte Carlo mode.

Usage: bench/engine_runs.py BUILD_DIR [--trials N] [--threads T]
"""
import argparse
import json
import pathlib
import subprocess
import tempfile
import time


def scenario(jobs: int) -> str:
    lines = ["scenario: bench-500-jobs", "cloud: azure", "period: {start: 2026-03-01, end: 2026-04-01, timezone: UTC}",
             "jobs:"]
    crons = ["0 0 6 * * ?", "0 0 * * * ?", "0 0/15 * * * ?", "0 30 2 ? * MON-FRI"]
    for j in range(jobs):
        cron = crons[j % len(crons)]
        lines += [f"  job_{j}:", f"    tags: {{team: team_{j % 8}}}",
                  f"    schedule: {{quartz_cron_expression: \"{cron}\", timezone_id: UTC}}", "    max_retries: 1"]
        if j % 3 == 2:
            lines += ["    tasks:", "      - {task_key: t, runtime: {minutes: 4, cv: 0.3}}"]
            continue
        lines += ["    job_clusters:", "      - job_cluster_key: c",
                  "        new_cluster: {node_type_id: Standard_D8s_v3, num_workers: 4}",
                  "    tasks:",
                  "      - {task_key: a, job_cluster_key: c, runtime: {minutes: 10, cv: 0.2}, failure_probability: 0.02}",
                  "      - {task_key: b, depends_on: [{task_key: a}], job_cluster_key: c, runtime: {minutes: 5, cv: 0.2}}"]
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("build")
    ap.add_argument("--trials", type=int, default=20)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    cli = pathlib.Path(args.build) / "dbcost"
    with tempfile.TemporaryDirectory() as tmp:
        path = pathlib.Path(tmp) / "bench.yaml"
        path.write_text(scenario(500))
        for threads in sorted({1, args.threads}):
            t0 = time.perf_counter()
            out = subprocess.run([str(cli), "run", str(path), "--trials", str(args.trials), "--seed", "1",
                                  "--threads", str(threads), "--format", "json"],
                                 capture_output=True, text=True, check=True).stdout
            elapsed = time.perf_counter() - t0
            runs = sum(w["runs"] for w in json.loads(out)["workloads"]) * args.trials
            print(f"threads={threads} trials={args.trials} simulated_runs={runs:.0f} seconds={elapsed:.2f} "
                  f"runs_per_second={runs / elapsed:,.0f}")


if __name__ == "__main__":
    main()
