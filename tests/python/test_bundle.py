"""dbcost.Bundle: load a databricks.yml per target, list its jobs, price it, diff two versions."""
import subprocess

import pytest

import dbcost

TINY = """bundle: {name: tiny}
variables:
  workers: {default: 2}
resources:
  jobs:
    nightly:
      tags: {team: etl}
      schedule: {quartz_cron_expression: "0 0 6 * * ?", timezone_id: UTC}
      job_clusters:
        - job_cluster_key: shared
          new_cluster: {spark_version: 15.4.x-scala2.12, node_type_id: Standard_D8s_v3, num_workers: "${var.workers}"}
      tasks:
        - {task_key: a, job_cluster_key: shared, notebook_task: {notebook_path: a.py}}
    adhoc:
      tasks:
        - task_key: explore
          new_cluster: {node_type_id: Standard_D4s_v3, num_workers: 1}
targets:
  dev: {mode: development, default: true}
  prod: {mode: production}
"""

RUNTIMES = """assumptions: {cluster_startup_minutes: {mean: 5, cv: 0}}
jobs:
  nightly:
    tasks:
      a: {minutes: 60}
"""


@pytest.fixture
def tiny(tmp_path):
    (tmp_path / "databricks.yml").write_text(TINY)
    (tmp_path / "runtimes.yaml").write_text(RUNTIMES)
    return tmp_path


def test_load_properties_and_jobs(tiny):
    b = dbcost.Bundle.load(str(tiny))
    assert b.name == "tiny"
    assert b.target == "dev"
    assert b.mode == "development"
    assert b.targets == ["dev", "prod"]
    assert b.variables["workers"] == "2"
    jobs = b.jobs
    assert list(jobs["job"]) == ["nightly", "adhoc"]
    assert list(jobs["team"]) == ["etl", "(untagged)"]
    assert list(jobs["paused"]) == [True, False]
    assert jobs["clusters"][0] == "shared: Standard_D8s_v3 x2"


def test_estimate_by_hand(tiny):
    b = dbcost.Bundle.load(str(tiny), target="prod")
    df = b.estimate(runtimes=str(tiny / "runtimes.yaml"), month="2026-04").set_index("resource")
    # 30 runs x (3 nodes x 1.5 DBU/h x 0.30 x 1 h + 3 x 0.384/h x 65/60 h) = 30 x 2.598 = 77.94
    assert df.loc["nightly", "total_cost"] == pytest.approx(77.94, abs=0.005)
    assert df.loc["nightly", "runs"] == 30
    assert df.loc["adhoc", "priced"] == "false"
    assert df.loc["adhoc", "cost_per_run_hour"] == pytest.approx(0.83, abs=0.005)
    assert "cost depends on runtime" in df.loc["adhoc", "notes"]
    doc = b.estimate(runtimes=str(tiny / "runtimes.yaml"), month="2026-04", as_json=True)
    assert doc["total"]["total_cost"] == pytest.approx(77.94, abs=0.005)
    assert doc["target_mode"] == "production"


def test_default_node_type_prices_a_cluster_without_one(tmp_path):
    (tmp_path / "databricks.yml").write_text(
        """bundle: {name: nodefault}
resources:
  jobs:
    etl:
      tasks:
        - task_key: t
          new_cluster: {spark_version: 15.4.x-scala2.12, num_workers: 1}
"""
    )
    b = dbcost.Bundle.load(str(tmp_path))
    bare = b.estimate(month="2026-04").set_index("resource")
    assert "names no node_type_id" in bare.loc["etl", "notes"]
    df = b.estimate(month="2026-04", default_node_type="Standard_D4s_v3").set_index("resource")
    # Driver + 1 worker of Standard_D4s_v3: 2 x 0.75 DBU/h x 0.30 + 2 x 0.192 = 0.834 per run-hour.
    assert df.loc["etl", "cost_per_run_hour"] == pytest.approx(0.834, abs=0.005)
    doc = b.estimate(month="2026-04", default_node_type="Standard_D4s_v3", as_json=True)
    assert any("priced on the default node type Standard_D4s_v3" in n for n in doc["notes"])
    with pytest.raises(ValueError, match="unknown AZURE node type 'Standard_D4s_v99'"):
        b.estimate(month="2026-04", default_node_type="Standard_D4s_v99")


def test_vars_and_env(tiny):
    b = dbcost.Bundle.load(str(tiny), target="prod", vars={"workers": "4"}, env={"BUNDLE_VAR_workers": "3"})
    assert b.variables["workers"] == "4"
    b = dbcost.Bundle.load(str(tiny), target="prod", env={"BUNDLE_VAR_workers": "3"})
    assert b.jobs["clusters"][0] == "shared: Standard_D8s_v3 x3"


def test_development_mode_pauses(tiny):
    df = dbcost.Bundle.load(str(tiny)).estimate(runtimes=str(tiny / "runtimes.yaml"), month="2026-04")
    row = df.set_index("resource").loc["nightly"]
    assert row.total_cost == 0
    assert row.runs == 0


def test_monte_carlo_is_thread_independent(tiny):
    (tiny / "spread.yaml").write_text(RUNTIMES.replace("a: {minutes: 60}", "a: {minutes: 60, cv: 0.3}"))
    b = dbcost.Bundle.load(str(tiny), target="prod")
    rt = str(tiny / "spread.yaml")
    one = b.estimate(runtimes=rt, month="2026-04", trials=50, seed=3, threads=1).set_index("resource")
    two = b.estimate(runtimes=rt, month="2026-04", trials=50, seed=3, threads=2).set_index("resource")
    assert one.loc["nightly", "total_cost"] == two.loc["nightly", "total_cost"]
    assert one.loc["nightly", "p05"] < one.loc["nightly", "p95"]


def test_diff(tiny, tmp_path_factory):
    new = tmp_path_factory.mktemp("v2")
    (new / "databricks.yml").write_text(TINY.replace("workers: {default: 2}", "workers: {default: 4}"))
    old_b = dbcost.Bundle.load(str(tiny), target="prod")
    new_b = dbcost.Bundle.load(str(new), target="prod")
    df = old_b.diff(new_b, runtimes=str(tiny / "runtimes.yaml"), month="2026-04").set_index("resource")
    assert df.loc["nightly", "status"] == "changed"
    # the runtime measured on 2 workers takes 30 minutes on 4: 30 x (7.5 x 0.30 x 0.5 + 1.92 x 35/60) = 67.35
    assert df.loc["nightly", "new"] == pytest.approx(67.35, abs=0.005)
    assert df.loc["(total)", "delta"] == pytest.approx(67.35 - 77.94, abs=0.01)


def test_errors_are_located(tiny):
    (tiny / "databricks.yml").write_text(TINY.replace("${var.workers}", "${var.worker}"))
    with pytest.raises(dbcost.InputError, match=r"databricks.yml:11:102: resources.jobs.nightly.job_clusters\[0\].new_cluster.num_workers: unknown variable 'worker'"):
        dbcost.Bundle.load(str(tiny))


def test_cli_diff_fail_over(cli, root):
    args = [cli, "diff", str(root / "scenarios/bundles/medallion"), str(root / "scenarios/bundles/medallion_v2"),
            "--target", "prod", "--runtimes", str(root / "scenarios/bundles/runtimes.yaml"), "--month", "2026-12"]
    over = subprocess.run(args + ["--fail-over", "1%"], capture_output=True, text=True)
    assert over.returncode == 1
    assert "Over the limit" in over.stdout
    within = subprocess.run(args + ["--fail-over", "10%"], capture_output=True, text=True)
    assert within.returncode == 0
