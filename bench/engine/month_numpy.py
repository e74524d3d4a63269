#!/usr/bin/python3
"""The month of generate_month.py simulated in numpy, as a good numpy user would write it: each job's cron fire
times computed once (datetime + zoneinfo), then every run of the job in every trial at once, as lanes of arrays
(runs x trials, the trials in chunks that keep a call under a few million lanes).

The process is dbcost's (docs/scenario.md, "How each workload is billed"; docs/spot.md, "The model"):
  - lognormal runtimes (mean, cv); retries: each attempt fails with failure_probability after a uniform fraction
    of the runtime, up to max_retries retries;
  - tasks in dependency order, a task starting when its upstream tasks end;
  - a shared job cluster started (lognormal start-up) with its first task, VMs billed from the request to its
    last task's end, DBUs from ready; a task's new_cluster the same for one task; serverless DBU/h x runtime;
  - spot workers (driver on demand): exponential lifetimes at the eviction rate, an evicted worker losing an
    exponential share of in-flight work and, with probability map_output_loss_probability, 1/W of the work done;
    a lognormal replacement delay; a replacement on demand with probability spot_unavailable_probability.
Tasks on all-purpose clusters cost their jobs nothing (the cluster bills its uptime) and are not modelled
beyond their runtime; nor are the all-purpose clusters' own timelines. Prices are read from
scenarios/data (instances.csv, price_book.csv) as a user reads a price list.
"""
import csv
import math
import pathlib
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[2]
START = datetime(2026, 3, 1, tzinfo=timezone.utc)
END = datetime(2026, 4, 1, tzinfo=timezone.utc)
MAX_LANES = 2_000_000


def fire_times(meta):
    """Seconds from the period's start of each fire time in the period, as Quartz fires them: a local time in a
    spring-forward gap does not fire; in a repeated fall-back hour only the second pass fires."""
    zone = ZoneInfo(meta["zone"])
    out = []
    day = date(2026, 2, 27)
    while day <= date(2026, 4, 2):
        ok = True
        if "weekdays" in meta:
            ok = day.weekday() in meta["weekdays"]
        if "monthday" in meta:
            ok = day.day == meta["monthday"]
        if ok:
            for h in meta["hours"]:
                for m in meta["minutes"]:
                    local = datetime(day.year, day.month, day.day, h, m, fold=1, tzinfo=zone)
                    utc = local.astimezone(timezone.utc)
                    if utc.astimezone(zone).replace(tzinfo=None) != local.replace(tzinfo=None):
                        continue  # in a gap
                    if START <= utc < END:
                        out.append((utc - START).total_seconds())
        day += timedelta(days=1)
    return np.array(sorted(out))


class Prices:
    """The rates the generated month uses: AWS, premium, us-east-1, Photon off."""

    def __init__(self):
        self.nodes = {}
        with open(ROOT / "scenarios/data/instances.csv") as f:
            for r in csv.DictReader(f):
                if r["cloud"] == "AWS" and r["node_type_id"] not in self.nodes:
                    od = float(r["on_demand_per_hour"])
                    spot = float(r["spot_per_hour"]) if r["spot_per_hour"] else od * (100 - float(
                        r["spot_discount_percent"])) / 100
                    self.nodes[r["node_type_id"]] = (float(r["dbus_per_hour"]), od, spot)
        book = {}
        with open(ROOT / "scenarios/data/price_book.csv") as f:
            for r in csv.DictReader(f):
                if r["cloud"] == "AWS" and r["region"] in ("", "us-east-1"):
                    book.setdefault(r["sku_name"], float(r["price"]))
        self.jobs_dbu = book["PREMIUM_JOBS_COMPUTE"]
        self.serverless_dbu = book["PREMIUM_JOBS_SERVERLESS_COMPUTE"]

    def cluster(self, spec):
        dbu, od, spot = self.nodes[spec["node_type_id"]]
        w = spec.get("num_workers", 0)
        on_spot = spec["aws_attributes"]["availability"] != "ON_DEMAND"  # first_on_demand 1: the driver on demand
        return dict(workers=w, spot=on_spot, dbus_per_hour=dbu * (w + 1), node_dbus=dbu, od=od, spot_price=spot,
                    vm_per_hour=od + w * (spot if on_spot else od))


def lognormal(rng, mean, cv, size):
    if cv <= 0 or mean <= 0:
        return np.full(size, float(mean))
    s2 = math.log1p(cv * cv)
    return rng.lognormal(math.log(mean) - s2 / 2, math.sqrt(s2), size)


def with_retries(rng, base, p, retries):
    """Minutes of a task with its failed attempts: each fails with p after a uniform fraction of the runtime."""
    if p <= 0:
        return base
    minutes = np.zeros_like(base)
    running = np.ones(base.shape, bool)
    for _ in range(retries + 1):
        ok = running & (rng.random(base.shape) >= p)
        minutes[ok] += base[ok]
        running &= ~ok
        minutes[running] += base[running] * rng.random(int(running.sum()))
    return minutes


def spot_segments(rng, T, c, sp):
    """Wall minutes, cost and evictions of segments of failure-free minutes T on cluster c, driver on demand."""
    n, W, S = len(T), c["workers"], c["workers"]
    lam = sp["eviction_rate_per_hour"] / 60
    map_p, inflight, q = sp["map_output_loss_probability"], sp["in_flight_minutes"], sp["spot_unavailable_probability"]
    rep_mean, rep_cv = sp["replacement_minutes"]["mean"], sp["replacement_minutes"]["cv"]
    t = np.zeros(n)
    done = np.zeros(n)
    spot_live = np.full(n, S)
    od_live = np.zeros(n, int)
    w_od = np.zeros(n)
    w_spot = np.zeros(n)
    evictions = np.zeros(n)
    budget = rng.exponential(size=n)
    pending = np.full((n, W), np.inf)
    a = np.arange(n)
    while len(a):
        live = spot_live[a] + od_live[a]
        rate = live / W
        h = spot_live[a] * lam
        fin = np.where(rate > 0, t[a] + np.maximum(0, T[a] - done[a]) / np.where(rate > 0, rate, 1), np.inf)
        join = pending[a].min(axis=1)
        haz = np.where(h > 0, t[a] + budget[a] / np.where(h > 0, h, 1), np.inf)
        nxt = np.minimum(np.minimum(fin, join), haz)
        dt = nxt - t[a]
        w_od[a] += od_live[a] * dt
        w_spot[a] += spot_live[a] * dt
        budget[a] = np.maximum(0, budget[a] - h * dt)
        t[a] = nxt
        done[a] += rate * dt
        is_fin = nxt == fin
        is_join = ~is_fin & (nxt == join)
        is_haz = ~is_fin & ~is_join
        if is_join.any():
            lj = a[is_join]
            slot = np.argmin(pending[lj], axis=1)
            pending[lj, slot] = np.inf
            got = rng.random(len(lj)) >= q
            spot_live[lj[got]] += 1
            od_live[lj[~got]] += 1
        if is_haz.any():
            lh = a[is_haz]
            budget[lh] = rng.exponential(size=len(lh))
            spot_live[lh] -= 1
            evictions[lh] += 1
            lost = (rng.random(len(lh)) < map_p) * done[lh] / W + rng.exponential(inflight, len(lh)) / W
            done[lh] = np.maximum(0, done[lh] - lost)
            slot = np.argmax(np.isinf(pending[lh]), axis=1)
            pending[lh, slot] = t[lh] + lognormal(rng, rep_mean, rep_cv, len(lh))
        a = a[~is_fin]
    vm = (t * c["od"] + w_od * c["od"] + w_spot * c["spot_price"]) / 60
    dbus = (t + w_od + w_spot) * c["node_dbus"] / 60
    return t, vm, dbus, evictions


class Month:
    def __init__(self, meta):
        self.meta = meta
        self.prices = Prices()
        self.jobs = []
        for m in meta["jobs"]:
            spec = m["spec"]
            shared = {c["job_cluster_key"]: self.prices.cluster(c["new_cluster"]) for c in spec.get("job_clusters", [])}
            keys = [t["task_key"] for t in spec["tasks"]]
            tasks = []
            for t in spec["tasks"]:
                task = dict(minutes=t["runtime"]["minutes"], cv=t["runtime"].get("cv", 0),
                            p=t.get("failure_probability", 0),
                            deps=[keys.index(d["task_key"]) for d in t.get("depends_on", [])])
                if "job_cluster_key" in t:
                    task.update(kind="job_cluster", cluster=t["job_cluster_key"])
                elif "new_cluster" in t:
                    task.update(kind="new_cluster", rate=self.prices.cluster(t["new_cluster"]))
                elif "existing_cluster_id" in t:
                    task.update(kind="all_purpose")
                else:
                    task.update(kind="serverless", dbus_per_hour=t["serverless"]["dbus_per_hour"])
                tasks.append(task)
            self.jobs.append(dict(name=m["name"], fires=fire_times(m), retries=spec.get("max_retries", 0),
                                  shared=shared, tasks=tasks))
        self.runs_per_trial = sum(len(j["fires"]) for j in self.jobs)

    def simulate_job(self, job, trials, rng):
        """Per-trial cost (trials,), and the number of runs whose end passes the next fire time."""
        R = len(job["fires"])
        n = R * trials
        if R == 0:
            return np.zeros(trials), 0
        sp, startup = self.meta["spot"], self.meta["startup"]
        pr = self.prices
        ends = []
        cost = np.zeros(n)
        cluster = {}  # shared job cluster key -> (start, ready, end, busy seconds)
        for task in job["tasks"]:
            start = np.zeros(n)
            for d in task["deps"]:
                start = np.maximum(start, ends[d])
            minutes = with_retries(rng, lognormal(rng, task["minutes"], task["cv"], n), task["p"], job["retries"])
            if task["kind"] == "serverless":
                end = start + minutes
                cost += task["dbus_per_hour"] * pr.serverless_dbu * minutes / 60
            elif task["kind"] == "all_purpose":
                end = start + minutes
            elif task["kind"] == "new_cluster":
                c = task["rate"]
                ready = start + lognormal(rng, startup["mean"], startup["cv"], n)
                if c["spot"]:
                    wall, vm, dbus, _ = spot_segments(rng, minutes, c, sp)
                    cost += vm + dbus * pr.jobs_dbu + (ready - start) * c["vm_per_hour"] / 60
                    end = ready + wall
                else:
                    end = ready + minutes
                    cost += ((end - start) * c["vm_per_hour"] + minutes * c["dbus_per_hour"] * pr.jobs_dbu) / 60
            else:
                key = task["cluster"]
                c = job["shared"][key]
                if key not in cluster:
                    cluster[key] = [start, start + lognormal(rng, startup["mean"], startup["cv"], n), np.zeros(n),
                                    np.zeros(n)]
                cs = cluster[key]
                begin = np.maximum(start, cs[1])
                if c["spot"]:
                    wall, vm, dbus, _ = spot_segments(rng, minutes, c, sp)
                    cost += vm + dbus * pr.jobs_dbu
                    cs[3] += wall
                    minutes = wall
                end = begin + minutes
                cs[2] = np.maximum(cs[2], end)
            ends.append(end)
        for key, (c_start, c_ready, c_end, busy) in cluster.items():
            c = job["shared"][key]
            cost += ((c_end - c_start - busy) * c["vm_per_hour"] +
                     (c_end - c_ready - busy) * c["dbus_per_hour"] * pr.jobs_dbu) / 60
        run_end = np.max(ends, axis=0).reshape(R, trials) * 60 + job["fires"][:, None]
        overlaps = int((run_end[:-1] > job["fires"][1:, None]).sum())
        return cost.reshape(R, trials).sum(axis=0), overlaps

    def simulate(self, trials, seed=1):
        """Per-job per-trial costs (jobs x trials) and the count of runs that would overlap their next one."""
        rng = np.random.default_rng(seed)
        out = np.zeros((len(self.jobs), trials))
        overlaps = 0
        for i, job in enumerate(self.jobs):
            chunk = max(1, MAX_LANES // max(1, len(job["fires"])))
            for lo in range(0, trials, chunk):
                hi = min(trials, lo + chunk)
                out[i, lo:hi], o = self.simulate_job(job, hi - lo, rng)
                overlaps += o
        return out, overlaps
