#!/usr/bin/python3
"""The spot-eviction model of libcost/spot/spot_model.h written in numpy as a notebook user would: the runs as
lanes of arrays, and a loop over events with masks while any lane still has work. Same portfolio as
bench/spot/spot_bench.cpp (read from its portfolio.csv). Two layouts:
  trials: one (job, day) segment at a time, vectorized over the N trials (15,000 calls of N lanes);
  days:   one job at a time, vectorized over its 30 days x N trials (500 calls of 30 N lanes), which only works
          because a job's days are identical here.

Prints job runs per CPU second for each layout and, given the C++ outputs (cpp_summary.txt, cpp_stats.csv), the
C++ / numpy ratio per core and an agreement check: mean minutes and mean cost per job run, portfolio-wide and job
by job, within a few standard errors.

Usage: spot_numpy.py DIR [--trials N] [--seed S] [--layout trials|days|both]
"""
import argparse
import csv
import math
import pathlib
import time

import numpy as np

DAYS = 30
SIGMAS = 4.0  # agreement tolerance in combined standard errors
ROUNDING = 1e-9  # relative: jobs without spot nodes are deterministic, equal up to summation order


def lognormal(rng, mean, cv, size):
    if mean <= 0:
        return np.zeros(size)
    if cv <= 0:
        return np.full(size, mean)
    s2 = math.log1p(cv * cv)
    return rng.lognormal(math.log(mean) - s2 / 2, math.sqrt(s2), size)


def simulate_job(job, lanes, rng):
    """Minutes and cost of `lanes` independent runs of one segment."""
    T = job["minutes"]
    W = int(job["workers"])
    S = min(max(int(job["spot_workers"]), 0), W)
    OD = W - S
    dspot = bool(job["driver_on_spot"])
    lam = max(job["eviction_rate_per_hour"], 0) / 60
    cap = max(job["capacity_event_rate_per_hour"], 0) / 60
    frac = min(max(job["capacity_event_fraction"], 0), 1)
    saved = job["graceful_decommission"] and job["notice_seconds"] >= job["decommission_seconds_needed"]
    map_p = 0.0 if saved else job["map_output_loss_probability"]
    inflight = job["in_flight_minutes"]
    rep_mean, rep_cv = job["replacement_minutes_mean"], job["replacement_minutes_cv"]
    q = job["spot_unavailable_probability"]
    fallback = bool(job["fallback_to_on_demand"])
    retries = int(job["max_retries"])
    bid = job["spot_bid_per_hour"]

    factor = lognormal(rng, 1.0, job["spot_price_cv"], lanes)
    price_at = np.full(lanes, np.inf)
    if bid > 0:
        over = np.zeros(lanes, bool)
        if dspot:
            over |= job["driver_vm_spot_per_hour"] * factor > bid
        if S > 0:
            over |= job["worker_vm_spot_per_hour"] * factor > bid
        price_at[over] = rng.random(over.sum()) * T

    t = np.zeros(lanes)
    done = np.zeros(lanes)
    spot_live = np.full(lanes, S)
    od_live = np.full(lanes, OD)
    drv_spot = np.full(lanes, dspot)
    spot_ok = np.ones(lanes, bool)
    attempts = np.ones(lanes, int)
    failed = np.zeros(lanes, bool)
    active = np.ones(lanes, bool)
    budget = rng.exponential(size=lanes)
    pending = np.full((lanes, max(W, 1)), np.inf)
    evictions = np.zeros(lanes)
    d_od, d_spot, w_od, w_spot = (np.zeros(lanes) for _ in range(4))

    def restart(idx):
        give_up = attempts[idx] - 1 >= retries
        failed[idx[give_up]] = True
        active[idx[give_up]] = False
        r = idx[~give_up]
        attempts[r] += 1
        t[r] += lognormal(rng, rep_mean, rep_cv, len(r))
        priced_out = r[price_at[r] <= t[r]]
        price_at[priced_out] = np.inf
        spot_ok[priced_out] = False
        done[r] = 0
        pending[r] = np.inf
        ok = spot_ok[r]
        spot_live[r] = np.where(ok, S, 0)
        od_live[r] = np.where(ok, OD, W if fallback else OD)
        drv_spot[r] = ok & dspot
        if dspot and not fallback:
            stuck = r[~ok]
            failed[stuck] = True
            active[stuck] = False

    def lose(idx, k):
        spot_live[idx] -= k
        evictions[idx] += k
        lost = np.zeros(len(idx))
        if map_p > 0:
            lost += rng.binomial(k, min(map_p, 1.0)) * done[idx] / W
        if inflight > 0:
            lost += rng.gamma(k, inflight) / W
        done[idx] = np.maximum(0, done[idx] - lost)
        for j in range(int(k.max(initial=0))):
            sel = idx[k > j]
            slot = np.argmax(np.isinf(pending[sel]), axis=1)
            pending[sel, slot] = t[sel] + lognormal(rng, rep_mean, rep_cv, len(sel))

    while active.any():
        a = np.flatnonzero(active)
        live = spot_live[a] + od_live[a]
        if W > 0:
            stall = (live == 0) & np.isinf(pending[a]).all(axis=1)
            if stall.any():
                restart(a[stall])
                continue
            rate = live / W
        else:
            rate = np.ones(len(a))
        hd = np.where(drv_spot[a], lam, 0.0)
        hw = spot_live[a] * lam
        hc = np.where(spot_live[a] > 0, cap, 0.0)
        h = hd + hw + hc
        fin = np.where(rate > 0, t[a] + np.maximum(0, T - done[a]) / np.where(rate > 0, rate, 1), np.inf)
        join = pending[a].min(axis=1)
        haz = np.where(h > 0, t[a] + budget[a] / np.where(h > 0, h, 1), np.inf)
        pr = price_at[a]
        nxt = np.minimum(np.minimum(fin, join), np.minimum(haz, pr))
        dt = nxt - t[a]
        d_spot[a] += np.where(drv_spot[a], dt, 0)
        d_od[a] += np.where(drv_spot[a], 0, dt)
        w_od[a] += od_live[a] * dt
        w_spot[a] += spot_live[a] * dt
        budget[a] = np.maximum(0, budget[a] - h * dt)
        t[a] = nxt
        done[a] += rate * dt

        is_fin = nxt == fin
        active[a[is_fin]] = False
        is_price = ~is_fin & (nxt == pr)
        is_join = ~is_fin & ~is_price & (nxt == join)
        is_haz = ~is_fin & ~is_price & ~is_join

        if is_price.any():
            lanes_p = a[is_price]
            price_at[lanes_p] = np.inf
            spot_ok[lanes_p] = False
            drv = drv_spot[lanes_p]
            evictions[lanes_p[drv]] += 1 + spot_live[lanes_p[drv]]
            wl = lanes_p[~drv]
            k = spot_live[wl]
            lose(wl[k > 0], k[k > 0])
            restart(lanes_p[drv])

        if is_join.any():
            lanes_j = a[is_join]
            slot = np.argmin(pending[lanes_j], axis=1)
            pending[lanes_j, slot] = np.inf
            got_spot = spot_ok[lanes_j] & (rng.random(len(lanes_j)) >= q)
            spot_live[lanes_j[got_spot]] += 1
            if fallback:
                od_live[lanes_j[~got_spot]] += 1

        if is_haz.any():
            lanes_h = a[is_haz]
            pick = rng.random(len(lanes_h)) * h[is_haz]
            budget[lanes_h] = rng.exponential(size=len(lanes_h))
            drv = pick < hd[is_haz]
            wrk = ~drv & (pick < hd[is_haz] + hw[is_haz])
            cap_ev = ~drv & ~wrk
            lose(lanes_h[wrk], np.ones(wrk.sum(), int))
            lc = lanes_h[cap_ev]
            k = np.minimum(np.floor(frac * spot_live[lc] + rng.random(len(lc))).astype(int), spot_live[lc])
            lose(lc[k > 0], k[k > 0])
            evictions[lanes_h[drv]] += 1
            restart(lanes_h[drv])

    vm = (d_od * job["driver_vm_on_demand_per_hour"] + d_spot * job["driver_vm_spot_per_hour"] * factor +
          w_od * job["worker_vm_on_demand_per_hour"] + w_spot * job["worker_vm_spot_per_hour"] * factor) / 60
    dbus = ((d_od + d_spot) * job["driver_dbus_per_hour"] + (w_od + w_spot) * job["worker_dbus_per_hour"]) / 60
    return t, vm + dbus * job["price_per_dbu"]


def read_csv(path):
    with open(path) as f:
        return [{k: float(v) for k, v in row.items()} for row in csv.DictReader(f)]


def run_layout(jobs, layout, trials, rng):
    """Per-job (minutes, cost) arrays of DAYS x trials runs, and the CPU and wall seconds taken."""
    wall0, cpu0 = time.perf_counter(), time.process_time()
    results = []
    for job in jobs:
        if layout == "days":
            results.append(simulate_job(job, DAYS * trials, rng))
        else:
            days = [simulate_job(job, trials, rng) for _ in range(DAYS)]
            results.append((np.concatenate([d[0] for d in days]), np.concatenate([d[1] for d in days])))
    return results, time.process_time() - cpu0, time.perf_counter() - wall0


def check_agreement(results, cpp):
    worst = 0.0
    outliers = 0
    port = {"minutes": [0.0, 0.0, 0.0, 0.0], "cost": [0.0, 0.0, 0.0, 0.0]}  # sums of means and variances of means
    for (minutes, cost), c in zip(results, cpp):
        for name, x, cm, cv in (("minutes", minutes, c["mean_minutes"], c["var_minutes"]),
                                ("cost", cost, c["mean_cost"], c["var_cost"])):
            var_py = x.var(ddof=1) / len(x)
            var_cpp = max(cv, 0.0) / c["n"]
            se = math.sqrt(var_py + var_cpp)
            excess = max(0.0, abs(x.mean() - cm) - ROUNDING * abs(cm))
            z = excess / se if se > 0 else (0.0 if excess == 0 else math.inf)
            worst = max(worst, z)
            outliers += z > SIGMAS
            p = port[name]
            p[0] += x.mean()
            p[1] += cm
            p[2] += var_py
            p[3] += var_cpp
    n = len(cpp)
    ok = outliers == 0
    for name, (py_sum, cpp_sum, var_py, var_cpp) in port.items():
        se = math.sqrt(var_py + var_cpp) / n
        z = (py_sum - cpp_sum) / n / se
        ok &= abs(z) <= SIGMAS
        print(f"  mean {name} per job run: numpy {py_sum / n:.4f}, C++ {cpp_sum / n:.4f}, z = {z:+.2f} "
              f"(|z| <= {SIGMAS:g})")
    print(f"  per job (minutes and cost, {2 * n} checks): max |z| = {worst:.2f}, {outliers} beyond {SIGMAS:g} "
          f"standard errors")
    print("  agreement:", "OK" if ok else "MISMATCH")
    return ok


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--trials", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--layout", choices=["trials", "days", "both"], default="both")
    args = ap.parse_args()
    d = pathlib.Path(args.dir)
    jobs = read_csv(d / "portfolio.csv")
    summary = d / "cpp_summary.txt"
    cpp_rate = None
    if summary.exists():
        cpp_rate = float(summary.read_text().split("runs_per_cpu_second_1_thread=")[1].split()[0])
    stats_path = d / "cpp_stats.csv"
    cpp = read_csv(stats_path) if stats_path.exists() else None

    ok = True
    for layout in (["trials", "days"] if args.layout == "both" else [args.layout]):
        rng = np.random.default_rng(args.seed)
        results, cpu, wall = run_layout(jobs, layout, args.trials, rng)
        runs = len(jobs) * DAYS * args.trials
        rate = runs / cpu
        lanes = args.trials if layout == "trials" else DAYS * args.trials
        print(f"numpy, vectorized over {layout} ({lanes} lanes a call): {runs} job runs, {cpu:.2f} s CPU "
              f"({wall:.2f} s wall): {rate:.3e} runs/s per core (numpy {np.__version__})")
        if cpp_rate:
            print(f"  C++ 1 thread {cpp_rate:.3e} runs/s per core: C++ / numpy per core = {cpp_rate / rate:.1f}x "
                  f"(target >= 30x)")
        if cpp:
            ok &= check_agreement(results, cpp)
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
