"""Each serverless kind (and classic DLT) costs the same month through `dbcost quote --hours`, a
scenario in `dbcost run` and a bundle in `dbcost estimate` (hand values: tests/sim/serverless_test.cpp)."""
import json
import subprocess

import pytest

BUNDLE = """bundle: {name: serverless-kinds}
resources:
  jobs:
    standard_job:
      tags: {team: etl}
      performance_target: STANDARD
      schedule: {quartz_cron_expression: "0 0 6 * * ?", timezone_id: UTC}
      environments: [{environment_key: default, spec: {client: "2"}}]
      tasks:
        - {task_key: load, environment_key: default, notebook_task: {notebook_path: load.py}}
    optimized_job:
      tags: {team: etl}
      schedule: {quartz_cron_expression: "0 0 6 * * ?", timezone_id: UTC}
      tasks:
        - {task_key: load, notebook_task: {notebook_path: load.py}}
  pipelines:
    classic_dlt:
      tags: {team: etl}
      edition: PRO
      photon: true
      continuous: true
      clusters:
        - {label: default, node_type_id: Standard_D4s_v3, autoscale: {min_workers: 1, max_workers: 3, mode: ENHANCED}}
    serverless_dlt:
      tags: {team: etl}
      serverless: true
targets:
  prod: {mode: production, default: true}
"""

RUNTIMES = """jobs:
  standard_job: {tasks: {load: 60}}
  optimized_job: {tasks: {load: 60}}
pipelines:
  serverless_dlt: {runs_per_month: 60, minutes: 30}
"""


def dbcost(cli, *args):
    out = subprocess.run([cli, *args], capture_output=True, text=True, check=True)
    return out.stdout


def quote(cli, *args):
    return float(json.loads(dbcost(cli, "quote", "--region", "eastus", "--format", "json", *args))["total_cost"])


def quote_cluster(cli, tmp_path, spec, *args):
    path = tmp_path / "spec.yaml"
    path.write_text(spec)
    return json.loads(dbcost(cli, "quote", str(path), "--region", "eastus", "--format", "json", *args))


@pytest.fixture
def run(cli, root):
    out = json.loads(dbcost(cli, "run", str(root / "tests/data/serverless_kinds.yaml"), "--format", "json"))
    return {w["workload"]: w["total_cost"] for w in out["workloads"]}, out


def test_serverless_jobs_both_targets(cli, run, tmp_path):
    costs, _ = run
    assert quote(cli, "--kind", "jobs-serverless", "--performance-target", "STANDARD", "--hours", "30") == 54.00
    assert quote(cli, "--kind", "jobs-serverless", "--hours", "30") == 108.00
    assert costs["standard_job"] == pytest.approx(54.00, abs=1e-9)
    assert costs["optimized_job"] == pytest.approx(108.00, abs=1e-9)
    moved = quote_cluster(cli, tmp_path, "{node_type_id: Standard_D4s_v3, num_workers: 2}", "--kind", "jobs-serverless",
                          "--performance-target", "STANDARD", "--hours", "30")
    assert moved["dbus_per_hour"] == "2.25" and moved["total_cost"] == "30.375"
    assert costs["moved_job"] == pytest.approx(30.375, abs=0.005)  # the run rounds to cents


def test_serverless_notebook_session(cli, run):
    costs, out = run
    # 22 weekdays x (50 active + 10 idle minutes) = 22 hours at 8 DBU/h x 0.95.
    assert quote(cli, "--kind", "all-purpose-serverless", "--hours", "22") == 167.20
    assert costs["exploration"] == pytest.approx(167.20, abs=1e-9)
    assert any("serverless notebooks: 8 DBU/h" in n for n in out["notes"])


def test_pipelines_classic_and_serverless(cli, run, tmp_path):
    costs, _ = run
    classic = quote_cluster(cli, tmp_path, "{node_type_id: Standard_D4s_v3, num_workers: 2, runtime_engine: PHOTON}",
                            "--kind", "dlt-pro", "--hours", "720")
    assert classic["sizes"][0]["total_cost"] == "1953.72"
    assert costs["classic_dlt"] == pytest.approx(1953.72, abs=1e-6)
    assert quote(cli, "--kind", "dlt-serverless", "--performance-target", "STANDARD", "--hours", "30") == 54.00
    assert costs["serverless_dlt"] == pytest.approx(54.00, abs=1e-9)


def test_the_same_kinds_in_a_bundle(cli, tmp_path):
    (tmp_path / "databricks.yml").write_text(BUNDLE)
    (tmp_path / "runtimes.yaml").write_text(RUNTIMES)
    out = json.loads(dbcost(cli, "estimate", str(tmp_path), "--runtimes", str(tmp_path / "runtimes.yaml"),
                            "--month", "2026-04", "--region", "eastus", "--format", "json"))
    costs = {r["name"]: r["total_cost"] for r in out["resources"]}
    assert costs["standard_job"] == pytest.approx(54.00, abs=1e-9)
    assert costs["optimized_job"] == pytest.approx(108.00, abs=1e-9)
    assert costs["classic_dlt"] == pytest.approx(1953.72, abs=1e-6)
    # A serverless pipeline bills PERFORMANCE_OPTIMIZED (Databricks' default): 30 h x 8 DBU/h x 0.45.
    assert costs["serverless_dlt"] == pytest.approx(108.00, abs=1e-9)
    assert quote(cli, "--kind", "dlt-serverless", "--hours", "30") == 108.00


def test_bundle_performance_target_is_checked(cli, tmp_path):
    (tmp_path / "databricks.yml").write_text(BUNDLE.replace("performance_target: STANDARD", "performance_target: CHEAP"))
    out = subprocess.run([cli, "estimate", str(tmp_path), "--month", "2026-04"], capture_output=True, text=True)
    assert out.returncode == 2
    assert "databricks.yml:6:27: " in out.stderr and "expected STANDARD or PERFORMANCE_OPTIMIZED, got 'CHEAP'" in out.stderr
