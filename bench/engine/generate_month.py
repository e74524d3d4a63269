#!/usr/bin/env python3
"""The month of issue 21: 500 scheduled jobs in five time zones, as a dbcost scenario (YAML).

Deterministic for a given --seed. AWS us-east-1, March 2026 (two of the zones change to summer time inside it).
  - Crons of six kinds: every 15 minutes, hourly, daily, weekdays, weekly and monthly, each in one of UTC,
    Europe/Paris, America/New_York, Asia/Tokyo, Australia/Sydney; about 15,000 job runs a trial.
  - DAGs of 2-4 tasks (each task after one or two earlier ones), on a shared job cluster, on a task's own
    new_cluster, on serverless, or (one task in five of the daily-kind jobs without a shared job cluster or
    spot) on one of four all-purpose clusters, so that a job cluster never waits for an all-purpose task.
  - About 30% of the clusters with spot workers (SPOT_WITH_FALLBACK, first_on_demand 1), evicted as the
    `spot:` section says; their tasks run one after another so that segments on a cluster do not overlap.
  - Retries: max_retries 0-2 per job, failure_probability 0-5% per task.
The 15-minute jobs are serverless and short and the hourly ones end well within the hour, so that runs
practically never overlap their next fire time (max_concurrent_runs is 1, the Jobs API default).

Usage: generate_month.py OUT.yaml [--seed S] [--jobs N] [--json META.json]
  --json writes the generator's own description of each job (cron fields, zone, tasks) for the numpy baseline.
"""
import argparse
import json
import random

ZONES = ["UTC", "Europe/Paris", "America/New_York", "Asia/Tokyo", "Australia/Sydney"]
NODES = ["m5.xlarge", "m5.2xlarge", "r5.xlarge", "i3.xlarge", "c5.2xlarge"]
# Kind, share of the jobs (of 500), and how its cron is written.
KINDS = [("every15", 2), ("hourly", 4), ("daily", 120), ("weekdays", 100), ("weekly", 74), ("monthly", 200)]
DAYS = ["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"]
SPOT = {"eviction_rate_per_hour": 0.05, "in_flight_minutes": 2, "map_output_loss_probability": 0.5,
        "replacement_minutes": {"mean": 4, "cv": 0.3}, "spot_unavailable_probability": 0.1}
STARTUP = {"mean": 5, "cv": 0.3}
ALL_PURPOSE = 4


def cron(kind, r):
    """Quartz expression and the fields the numpy baseline reads: second, minutes, hours, weekdays, monthday."""
    m = r.randrange(60)
    h = r.randrange(24)
    if kind == "every15":
        off = r.randrange(15)
        return f"0 {off}/15 * * * ?", dict(minutes=list(range(off, 60, 15)), hours=list(range(24)))
    if kind == "hourly":
        return f"0 {m} * * * ?", dict(minutes=[m], hours=list(range(24)))
    if kind == "daily":
        return f"0 {m} {h} * * ?", dict(minutes=[m], hours=[h])
    if kind == "weekdays":
        return f"0 {m} {h} ? * MON-FRI", dict(minutes=[m], hours=[h], weekdays=[0, 1, 2, 3, 4])
    if kind == "weekly":
        d = r.randrange(7)
        return f"0 {m} {h} ? * {DAYS[d]}", dict(minutes=[m], hours=[h], weekdays=[d])
    day = r.randrange(2, 29)
    return f"0 {m} {h} {day} * ?", dict(minutes=[m], hours=[h], monthday=day)


def cluster(r, spot):
    node = r.choice(NODES)
    c = {"spark_version": "15.4.x-scala2.12", "node_type_id": node, "num_workers": r.randrange(2, 9)}
    # On AWS a cluster without aws_attributes is SPOT_WITH_FALLBACK with first_on_demand 0: say on demand.
    c["aws_attributes"] = ({"availability": "SPOT_WITH_FALLBACK", "first_on_demand": 1} if spot else
                           {"availability": "ON_DEMAND"})
    return c


def job(name, kind, r):
    expr, fields = cron(kind, r)
    zone = r.choice(ZONES)
    n = r.randrange(2, 5)
    retries = r.choice([0, 1, 1, 2])
    j = {"tags": {"team": f"team_{r.randrange(12)}"},
         "schedule": {"quartz_cron_expression": expr, "timezone_id": zone},
         "max_retries": retries}
    # Compute: every 15 minutes on serverless; otherwise a shared job cluster (70%), one new_cluster per task
    # (20%) or serverless (10%); in the last two, one task in five of the daily kinds on an all-purpose cluster.
    if kind == "every15":
        mode = "serverless"
    else:
        mode = r.choices(["shared", "per_task", "serverless"], [70, 20, 10])[0]
    spot = mode != "serverless" and r.random() < 0.3
    if kind == "every15":
        minutes = (1, 3)
    elif kind == "hourly":
        minutes = (2, 8)
    else:
        minutes = (3, 45)
    tasks = []
    for i in range(n):
        t = {"task_key": f"t{i}"}
        if i > 0:
            if spot:  # one after another: no two spot segments on a cluster at once
                deps = [i - 1]
            else:
                deps = sorted(r.sample(range(i), min(i, r.choice([1, 1, 2]))))
            t["depends_on"] = [{"task_key": f"t{d}"} for d in deps]
        on_all_purpose = kind not in ("every15", "hourly") and mode != "shared" and not spot and r.random() < 0.2
        if on_all_purpose:
            t["existing_cluster_id"] = f"shared_{r.randrange(ALL_PURPOSE)}"
        elif mode == "shared":
            t["job_cluster_key"] = "main"
        elif mode == "per_task":
            t["new_cluster"] = cluster(r, spot)
        else:
            t["serverless"] = {"dbus_per_hour": r.choice([4, 8, 12])}
        t["runtime"] = {"minutes": r.randint(*minutes), "cv": r.choice([0.1, 0.2, 0.3, 0.5])}
        if r.random() < 0.5:
            t["failure_probability"] = r.choice([0.01, 0.02, 0.05])
        tasks.append(t)
    if mode == "shared":
        j["job_clusters"] = [{"job_cluster_key": "main", "new_cluster": cluster(r, spot)}]
    j["tasks"] = tasks
    meta = {"name": name, "kind": kind, "zone": zone, "cron": expr, **fields}
    return j, meta


def flow(obj):
    return json.dumps(obj, separators=(", ", ": "))


def render(jobs, seed):
    out = [f"# Generated by bench/engine/generate_month.py --seed {seed}: the 500-job month of issue 21.",
           "scenario: engine-bench-month", "cloud: aws", "tier: premium", "region: us-east-1",
           "period: {start: 2026-03-01, end: 2026-04-01, timezone: UTC}",
           f"assumptions: {{cluster_startup_minutes: {flow(STARTUP)}, dbus_during_startup: false}}",
           f"spot: {flow(SPOT)}", "all_purpose_clusters:"]
    for k in range(ALL_PURPOSE):
        out += [f"  shared_{k}:", f"    tags: {{team: team_{k}}}",
                "    new_cluster: {node_type_id: m5.2xlarge, autoscale: {min_workers: 1, max_workers: 4}, "
                "autotermination_minutes: 30, aws_attributes: {availability: ON_DEMAND}}",
                "    activity: {days: MON-FRI, hours: \"08:00-18:00\", users: 3, session_minutes: {mean: 40, cv: 0.5}}"]
    out.append("jobs:")
    for name, j in jobs:
        out.append(f"  {name}:")
        for key in ("tags", "schedule", "max_retries"):
            out.append(f"    {key}: {flow(j[key])}")
        if "job_clusters" in j:
            out.append("    job_clusters:")
            for c in j["job_clusters"]:
                out.append(f"      - {{job_cluster_key: {c['job_cluster_key']}, new_cluster: {flow(c['new_cluster'])}}}")
        out.append("    tasks:")
        for t in j["tasks"]:
            out.append(f"      - {flow(t)}")
    return "\n".join(out) + "\n"


def generate(seed=1, count=500):
    r = random.Random(seed)
    kinds = [k for k, share in KINDS for _ in range(round(share * count / 500))]
    kinds = (kinds + ["daily"] * count)[:count]
    r.shuffle(kinds)
    jobs, metas = [], []
    for i, kind in enumerate(kinds):
        name = f"job_{i:03d}_{kind}"
        j, meta = job(name, kind, r)
        jobs.append((name, j))
        meta["spec"] = j
        metas.append(meta)
    return jobs, metas


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=500)
    ap.add_argument("--json")
    args = ap.parse_args()
    jobs, metas = generate(args.seed, args.jobs)
    with open(args.out, "w") as f:
        f.write(render(jobs, args.seed))
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"spot": SPOT, "startup": STARTUP, "jobs": metas}, f)


if __name__ == "__main__":
    main()
