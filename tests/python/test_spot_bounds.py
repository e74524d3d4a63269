"""At the largest eviction rate accepted (1000 per spot node-hour) a spot run that cannot keep up ends as a failed
run at its timeout or at the default limit (docs/spot.md), billed for its nodes up to then, and `dbcost spot`,
`dbcost run` and Scenario.run finish in seconds on every shipped scenario."""
import json
import shutil
import subprocess
import time

import numpy as np
import pytest

import dbcost
from conftest import ROOT

MAX_RATE = 1000
SECONDS = 30  # each command below takes about a second; the bound catches a run that does not end

# One 30-minute task on a fresh Standard_D8s_v3 cluster: the driver on demand, two workers on spot. Every
# eviction takes the work done (map output always lost) and its replacement joins at once, so the cluster is
# whole all the time and the work never gets done.
HOPELESS = """\
scenario: hopeless
cloud: azure
period: {start: 2026-04-01, end: 2026-04-02, timezone: UTC}
assumptions: {cluster_startup_minutes: {mean: 5, cv: 0}, dbus_during_startup: false}
spot: {replacement_minutes: {mean: 0}, in_flight_minutes: 0, map_output_loss_probability: 1}
jobs:
  once:
    schedule: {quartz_cron_expression: "0 0 6 * * ?", timezone_id: UTC}
    timeout_seconds: 3600
    tasks:
      - task_key: t
        new_cluster:
          node_type_id: Standard_D8s_v3
          num_workers: 2
          azure_attributes: {availability: SPOT_WITH_FALLBACK_AZURE, first_on_demand: 1}
        runtime: {minutes: 30}
"""
# scenarios/data/instances.csv: Standard_D8s_v3 0.384/h on demand, 80.9% off on spot, 1.5 DBU/h;
# scenarios/data/price_book.csv: Azure premium jobs compute 0.30/DBU.
VM_PER_HOUR = 0.384 + 2 * 0.384 * (1 - 0.809)
DBU_COST_PER_HOUR = 3 * 1.5 * 0.30
# Timeout 60 minutes: 5 starting (VM only), 55 on spot with every node up.
HOPELESS_COST = VM_PER_HOUR * 60 / 60 + DBU_COST_PER_HOUR * 55 / 60  # 0.530688 + 1.2375


def test_a_run_that_cannot_keep_up_is_billed_to_its_timeout():
    r = dbcost.Scenario.from_yaml(HOPELESS).run(trials=1, seed=7, spot_rate=MAX_RATE, record_runs=True)
    runs = r.runs
    assert runs["failed"].tolist() == [1.0]
    assert runs["minutes"][0] == pytest.approx(60, abs=1e-9)
    assert runs["cost"][0] == pytest.approx(HOPELESS_COST, abs=1e-9)
    assert r.samples["dbus"][0, 0] == pytest.approx(55 / 60 * 4.5, abs=1e-9)
    assert r.samples["failed_runs"][0, 0] == 1
    assert r.samples["sla_misses"][0, 0] == 1  # the SLA (timeout / 60) is missed by failing, not by the duration


def test_without_a_timeout_the_run_stops_at_ten_times_its_eviction_free_time():
    r = dbcost.Scenario.from_yaml(HOPELESS.replace("    timeout_seconds: 3600\n", "")).run(
        trials=1, seed=7, spot_rate=MAX_RATE, record_runs=True)
    assert r.runs["failed"].tolist() == [1.0]
    assert r.runs["minutes"][0] == pytest.approx(5 + 300, abs=1e-9)
    assert r.runs["cost"][0] == pytest.approx(VM_PER_HOUR * 305 / 60 + DBU_COST_PER_HOUR * 300 / 60, abs=1e-9)


def test_dbcost_run_bills_the_same_from_the_scenario_rate(cli, tmp_path):
    path = tmp_path / "hopeless.yaml"
    path.write_text(HOPELESS.replace("spot: {", "spot: {eviction_rate_per_hour: 1000, "))
    out = subprocess.run([cli, "run", str(path), "--trials", "1", "--seed", "7", "--format", "json"],
                         capture_output=True, text=True, timeout=SECONDS, check=True)
    (w,) = json.loads(out.stdout)["workloads"]
    assert w["mean_duration_minutes"] == 60
    assert w["dbus"] == pytest.approx(4.125)
    assert w["total_cost"] == round(HOPELESS_COST, 2)


SHIPPED = sorted(p.name for p in (ROOT / "scenarios").glob("*.yaml"))


def spot_job_columns(s, result):
    """Columns of the jobs with a spot cluster, by the scenario's own spot report."""
    names = set(s.spot_sweep(rates=[0], trials=1, break_even=False)["workloads"]["workload"])
    return [i for i, n in enumerate(result.workload_names) if n in names]


@pytest.mark.parametrize("name", SHIPPED)
def test_scenario_run_at_the_largest_rate_ends_every_spot_run_failed_and_bounded(root, name):
    s = dbcost.Scenario.load(str(root / "scenarios" / name))
    started = time.monotonic()
    hot = s.run(trials=10, seed=5, spot_rate=MAX_RATE, record_runs=True)
    assert time.monotonic() - started < SECONDS
    spot = spot_job_columns(s, hot)
    # At rate 0 the spot model runs every segment in its eviction-free time T, on the same runtime draws.
    cold = s.run(trials=10, seed=5, spot_rate=0, record_runs=True)
    for column in range(len(hot.workload_names)):
        mine, theirs = hot.runs["workload"] == column, cold.runs["workload"] == column
        if column not in spot:
            np.testing.assert_array_equal(hot.runs["cost"][mine], cold.runs["cost"][theirs])
            continue
        assert mine.any()
        assert hot.runs["failed"][mine].all()
        assert (hot.samples["sla_misses"][:, column] == hot.samples["runs"][:, column]).all()
        # Each segment stops by max(10 T, T + 60): a run's minutes are at most 10 x its eviction-free minutes plus
        # an hour per task (3 at most here), and more than them. Runs pair up within a trial unless a run longer
        # than a day made the next scheduled one skip (max_concurrent_runs 1).
        paired = 0
        for trial in range(10):
            h = hot.runs["minutes"][mine & (hot.runs["trial"] == trial)]
            c = cold.runs["minutes"][theirs & (cold.runs["trial"] == trial)]
            if len(h) != len(c):
                continue
            paired += 1
            assert (h <= 10 * c + 60 * 3 + 1e-6).all()
            assert (h > c).all()
        assert paired >= 5


@pytest.mark.parametrize("name", SHIPPED)
def test_the_cli_finishes_in_seconds_at_the_largest_rate(cli, root, tmp_path, name):
    started = time.monotonic()
    out = subprocess.run([cli, "spot", str(root / "scenarios" / name), "--rates", "1000", "--format", "json"],
                         capture_output=True, text=True, timeout=SECONDS, check=True)
    report = json.loads(out.stdout)
    assert report["workloads"]
    for row in report["workloads"]:
        assert float(row["sla_miss_probability"]) == 1
        assert float(row["failed_runs"]) > 0
    assert len(report["break_even"]) == len(report["workloads"])
    # dbcost run with the rate in the scenario's spot section, from a copy beside its policies.
    copy = tmp_path / "scenarios"
    shutil.copytree(root / "scenarios", copy)
    with open(copy / name, "a") as f:
        f.write("\nspot: {eviction_rate_per_hour: 1000}\n")
    run = subprocess.run([cli, "run", str(copy / name), "--trials", "20", "--format", "json"],
                         capture_output=True, text=True, timeout=SECONDS)
    assert run.returncode in (0, 1), run.stderr  # 1: the guarded scenario's policy findings
    assert json.loads(run.stdout)["workloads"]
    assert time.monotonic() - started < SECONDS


@pytest.mark.parametrize("rate", ["nan", "inf", "-1", "-inf", "1000.5"])
def test_a_scenario_rate_that_is_not_a_rate_is_refused_at_its_place(cli, tmp_path, rate):
    path = tmp_path / "bad.yaml"
    path.write_text(HOPELESS.replace("spot: {", f"spot: {{eviction_rate_per_hour: {rate}, "))
    out = subprocess.run([cli, "run", str(path)], capture_output=True, text=True, timeout=SECONDS)
    assert out.returncode == 2
    assert out.stderr == (f"error: {path}:5:32: spot.eviction_rate_per_hour: expected an eviction rate per spot "
                          f"node-hour from 0 to 1000, got '{rate}'\n")
    with pytest.raises(dbcost.InputError) as err:
        dbcost.Scenario.load(str(path))
    assert err.value.field == "spot.eviction_rate_per_hour"
    assert (err.value.line, err.value.column) == (5, 32)
