"""dbcost.Scenario: runs, variants, samples without copies, against hand-computed totals."""
import json
import subprocess

import numpy as np
import pytest

import dbcost

TWO_TASK = """
scenario: two-task
cloud: azure
period: {start: 2026-04-01, end: 2026-05-01, timezone: UTC}
assumptions: {cluster_startup_minutes: {mean: 5, cv: 0}}
teams: {etl: {}}
jobs:
  nightly:
    tags: {team: etl}
    schedule: {quartz_cron_expression: "0 0 6 * * ?", timezone_id: UTC}
    job_clusters:
      - job_cluster_key: shared
        new_cluster: {node_type_id: Standard_D8s_v3, num_workers: 2}
    tasks:
      - {task_key: a, job_cluster_key: shared, runtime: {minutes: 30, cv: 0.3}}
      - {task_key: b, depends_on: [{task_key: a}], job_cluster_key: shared, runtime: {minutes: 60, cv: 0.3}}
variants:
  bigger:
    jobs:
      nightly:
        job_clusters:
          - job_cluster_key: shared
            new_cluster: {num_workers: 4}
"""


def test_expected_value_matches_hand_computation():
    r = dbcost.Scenario.from_yaml(TWO_TASK).run()
    # 30 runs x (4.5 DBU/h x 0.30 x 1.5 h + 1.152/h x 95/60 h) = 30 x 3.849 = 115.47
    row = r.workloads.set_index("workload").loc["nightly"]
    assert row.total_cost == pytest.approx(115.47, abs=0.005)
    assert row.runs == 30
    assert r.teams.set_index("team").loc["etl", "total_cost"] == pytest.approx(115.47, abs=0.005)


def test_variant_resizes_and_runtime_follows_amdahl():
    base = dbcost.Scenario.from_yaml(TWO_TASK)
    big = base.variant("bigger")
    assert base.variants == ["bigger"]
    r = big.run()
    # parallel_fraction 1 (default): 2 -> 4 workers halves the runtime: 45 min of tasks + 5 min start-up.
    # DBU: 5 nodes x 1.5 = 7.5 DBU/h x 0.30 x 0.75 h = 1.6875; VM 5 x 0.384 = 1.92/h x 50/60 = 1.6.
    row = r.workloads.set_index("workload").loc["nightly"]
    assert row.mean_duration_minutes == pytest.approx(50.0)
    assert row.total_cost == pytest.approx(30 * (1.6875 + 1.6), abs=0.005)


def test_samples_are_views_and_deterministic_across_threads():
    s = dbcost.Scenario.from_yaml(TWO_TASK)
    a = s.run(trials=100, seed=5, threads=1)
    b = s.run(trials=100, seed=5, threads=2)
    x = a.samples["total_cost"]
    assert x.shape == (100, 1)
    assert not x.flags.writeable and not x.flags.owndata
    np.testing.assert_array_equal(x, b.samples["total_cost"])
    assert a.samples["daily_cost"].shape == (100, 30)
    np.testing.assert_allclose(a.samples["daily_cost"].sum(axis=1), x[:, 0], rtol=1e-12)
    # The mean over trials is within 4 standard errors of the expected-value cost (lognormal means).
    ev = s.run().samples["total_cost"][0, 0]
    assert abs(x.mean() - ev) < 4 * x.std(ddof=1) / np.sqrt(len(x))


def test_run_matches_the_cli(cli, root):
    path = root / "scenarios/travel_platform.yaml"
    r = dbcost.Scenario.load(str(path)).run(trials=20, seed=9, threads=2)
    out = subprocess.run([cli, "run", str(path), "--trials", "20", "--seed", "9", "--format", "json"],
                         capture_output=True, text=True, check=True).stdout
    assert json.loads(out)["teams"] == r.to_json()["teams"]


def test_bad_scenario_raises_located_input_error():
    with pytest.raises(dbcost.InputError) as err:
        dbcost.Scenario.from_yaml(TWO_TASK.replace("task_key: a, job_cluster_key: shared", "task_key: a, job_cluster_key: shard"))
    assert "did you mean 'shared'" in str(err.value)
    assert err.value.line == 15


def test_compare_gives_paired_deltas():
    df = dbcost.Scenario.from_yaml(TWO_TASK).compare(trials=50, seed=2)
    row = df.set_index("alternative").loc["bigger"]
    assert row.kind == "variant"
    assert row.delta == pytest.approx(row.alternative_cost - row.base_cost, abs=0.011)
    assert set(df.alternative) >= {"nightly: all-purpose", "nightly: serverless", "nightly: Photon on"}


def test_spot_sweep_without_evictions_saves_the_price_difference():
    yaml = TWO_TASK.replace("new_cluster: {node_type_id: Standard_D8s_v3, num_workers: 2}",
                            "new_cluster: {node_type_id: Standard_D8s_v3, num_workers: 2, azure_attributes: "
                            "{availability: SPOT_WITH_FALLBACK_AZURE, first_on_demand: 1}}", 1)
    s = dbcost.Scenario.from_yaml(yaml)
    out = s.spot_sweep(rates=[0, 0.5], trials=40, seed=3, break_even=False)
    w = out["workloads"].set_index("rate_per_node_hour")
    # At rate 0 the two workers on spot save exactly their discount on their node-hours.
    spot = dbcost.instance_catalog().set_index("node_type_id").loc["Standard_D8s_v3"]
    per_node_hour = spot.on_demand_per_hour - spot.spot_per_hour
    runs = s.run(trials=40, seed=3).samples["duration_minutes"].mean()  # minutes per month, all runs
    assert w.loc["0", "vm_savings"] == pytest.approx(2 * per_node_hour * runs / 60, rel=1e-3)
    assert w.loc["0", "runtime_inflation_percent"] == 0
    assert w.loc["0.5", "evictions_per_run"] > 0
    assert w.loc["0.5", "runtime_inflation_percent"] > 0


def test_per_run_spot_samples_are_views_and_add_up():
    yaml = TWO_TASK.replace("new_cluster: {node_type_id: Standard_D8s_v3, num_workers: 2}",
                            "new_cluster: {node_type_id: Standard_D8s_v3, num_workers: 4, azure_attributes: "
                            "{availability: SPOT_WITH_FALLBACK_AZURE, first_on_demand: 1}}", 1)
    r = dbcost.Scenario.from_yaml(yaml).run(trials=30, seed=4, threads=2, spot_rate=0.4, record_runs=True)
    runs = r.runs
    assert len(runs["minutes"]) == 30 * 30
    assert not runs["cost"].flags.writeable and not runs["cost"].flags.owndata
    # Per-run costs add up to the per-trial totals; evictions too.
    per_trial = np.bincount(runs["trial"].astype(int), weights=runs["cost"], minlength=30)
    np.testing.assert_allclose(per_trial, r.samples["total_cost"][:, 0], rtol=1e-9)
    np.testing.assert_allclose(np.bincount(runs["trial"].astype(int), weights=runs["evictions"], minlength=30),
                               r.samples["evictions"][:, 0])
    assert runs["evictions"].sum() > 0
