"""dbcost chargeback --cloud-costs against the hand-computed whole bills of tests/data/wholebill.

Each set (FOCUS 1.2, CUR 2.0, Azure cost details) holds a usage export, list prices, a cloud cost
export and expected.json, whose rows and bills were worked out by hand in the set's README.md. Every
row of every run must match to the cent, no other row may appear, and the rows must sum to both
bills.
"""
import json
import os
import pathlib
import subprocess
from decimal import Decimal

import pytest

ROOT = pathlib.Path(os.environ.get("DBCOST_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2]))
CLI = os.environ.get("DBCOST_CLI", "dbcost")
SETS = ROOT / "tests" / "data" / "wholebill"
CLASSES = {"compute": "cloud_compute", "storage": "cloud_storage", "network": "cloud_network", "other": "cloud_other"}


def runs():
    for d in sorted(p for p in SETS.iterdir() if (p / "expected.json").exists()):
        expected = json.loads((d / "expected.json").read_text())
        for i, run in enumerate(expected["runs"]):
            yield pytest.param(d, expected["inputs"], run, id=f"{d.name}-{i}")


def chargeback(directory, inputs, args, fmt="json"):
    cmd = [CLI, "chargeback", "--usage", inputs["usage"], "--prices", inputs["prices"]]
    if inputs.get("owners"):
        cmd += ["--owners", inputs["owners"]]
    cmd += ["--cloud-costs", *inputs["cloud_costs"], *args, "--format", fmt]
    return subprocess.run(cmd, cwd=directory, capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("directory,inputs,run", runs())
def test_rows_and_bills_match_the_hand_computation(directory, inputs, run):
    out = json.loads(chargeback(directory, inputs, run["args"]))
    rows = {r["team"]: r for r in out["rows"] if r["period"] == run["period"] and r["team"] != "(total)"}
    assert set(rows) == set(run["rows"])
    for team, want in run["rows"].items():
        got = rows[team]
        assert got["currency"] == run["currency"]
        assert Decimal(str(got["dbu_cost"])) == Decimal(want["dbu"]), team
        for cls, col in CLASSES.items():
            assert Decimal(str(got[col])) == Decimal(want[cls]), (team, cls)
        assert Decimal(str(got["cloud_cost"])) == Decimal(want["cloud"]), team
        assert Decimal(str(got["total_cost"])) == Decimal(want["total"]), team
    (total,) = [t for t in out["totals"] if t["period"] == run["period"]]
    bills = run["bills"]
    assert Decimal(total["databricks"]) == Decimal(bills["databricks"])
    assert Decimal(total["cloud"]) == Decimal(bills["cloud"])
    assert Decimal(total["dbu_on_cloud"]) == Decimal(bills["dbu_on_cloud_bill"])
    assert Decimal(total["whole"]) == Decimal(bills["whole"])
    assert sum(Decimal(r["dbu"]) for r in run["rows"].values()) == Decimal(bills["databricks"])
    assert sum(Decimal(r["cloud"]) for r in run["rows"].values()) == Decimal(bills["cloud"]) - Decimal(
        bills["dbu_on_cloud_bill"])


@pytest.mark.parametrize("directory,inputs,run", runs())
def test_every_format_shows_the_same_total_row(directory, inputs, run):
    csv_lines = chargeback(directory, inputs, run["args"], "csv").splitlines()
    total = [line for line in csv_lines if ",(total)," in line]
    assert len(total) == 1
    assert total[0].split(",")[-2] == run["bills"]["whole"]
    text = chargeback(directory, inputs, run["args"], "table")
    assert f"= whole {run['bills']['whole']}" in text
    md = chargeback(directory, inputs, run["args"], "md")
    assert "| (total) |" in md.replace("|  ", "| ").replace("  |", " |") or "(total)" in md


@pytest.mark.parametrize("view,column", [("team,job", "job_id"), ("team,sku", "sku_name"),
                                         ("workspace", "workspace_id"), ("cluster", "cluster_id")])
@pytest.mark.parametrize("name", ["focus", "cur2", "azure"])
def test_every_view_sums_to_the_same_bills(name, view, column):
    directory = SETS / name
    inputs = json.loads((directory / "expected.json").read_text())["inputs"]
    run = json.loads((directory / "expected.json").read_text())["runs"][0]
    out = json.loads(chargeback(directory, inputs, ["--by", view, "--shared", "none"]))
    first = "team" if view.startswith("team") else column
    rows = [r for r in out["rows"] if r[first] != "(total)"]
    assert sum(Decimal(str(r["dbu_cost"])) for r in rows) == Decimal(run["bills"]["databricks"])
    assert sum(Decimal(str(r["total_cost"])) for r in rows) == Decimal(run["bills"]["whole"])
    assert all(Decimal(str(r["total_cost"])) == Decimal(str(r["dbu_cost"])) + Decimal(str(r["cloud_cost"]))
               for r in rows)


def test_python_gives_the_cli_rows_and_both_bills():
    import dbcost

    directory = SETS / "cur2"
    inputs = json.loads((directory / "expected.json").read_text())["inputs"]
    frame = dbcost.chargeback(str(directory / inputs["usage"]), prices=str(directory / inputs["prices"]),
                              owners=str(directory / inputs["owners"]),
                              cloud_costs=[str(directory / f) for f in inputs["cloud_costs"]], by="team,job")
    cli = chargeback(directory, inputs, ["--by", "team,job"], "csv").splitlines()
    assert list(frame.columns) == cli[0].split(",")
    assert len(frame) == len(cli) - 1
    total = frame[frame["team"] == "(total)"].iloc[0]
    assert Decimal(str(total["total_cost"])) == Decimal("15.04")
    (bills,) = frame.attrs["totals"]
    assert (bills["databricks"], bills["cloud"], bills["whole"]) == ("9.99", "5.05", "15.04")
    one_path = dbcost.chargeback(str(directory / inputs["usage"]), prices=str(directory / inputs["prices"]),
                                 owners=str(directory / inputs["owners"]),
                                 cloud_costs=str(directory / inputs["cloud_costs"][0]), by="team,job")
    assert one_path.equals(frame)


def test_python_refuses_an_unknown_view_as_the_cli_does():
    import dbcost

    directory = SETS / "focus"
    with pytest.raises(dbcost.InputError) as e:
        dbcost.chargeback(str(directory / "usage.csv"), prices=str(directory / "prices.csv"), by="job")
    assert e.value.field == "by"
    p = subprocess.run([CLI, "chargeback", "--usage", "usage.csv", "--prices", "prices.csv", "--by", "job"],
                       cwd=directory, capture_output=True, text=True)
    assert p.returncode == 2
    assert p.stderr.startswith("error: --by: ")
    assert p.stderr.strip().split(": ", 2)[2] == e.value.reason


def test_a_clusters_export_finds_a_pools_clusters_and_names_them(tmp_path):
    """Usage without usage_metadata.instance_pool_id: the clusters export says which clusters take
    workers from the pool, so the pool's VMs split as when the usage names the pool."""
    directory = SETS / "focus"
    inputs = json.loads((directory / "expected.json").read_text())["inputs"]
    usage = (directory / "usage.csv").read_text().replace('""instance_pool_id"":""0301-093000-pool-aws1""',
                                                           '""instance_pool_id"":null')
    assert "pool-aws1" not in usage
    (tmp_path / "usage.csv").write_text(usage)
    (tmp_path / "clusters.csv").write_text(
        "cluster_id,cluster_name,owned_by,worker_instance_pool_id,driver_instance_pool_id,change_time\n"
        "0312-100000-poolja01,pooled jobs,etl@example.com,0301-093000-pool-aws1,,2026-03-01T00:00:00Z\n"
        "0312-100500-poolml01,old name,ml@example.com,,,2026-02-01T00:00:00Z\n"
        "0312-100500-poolml01,ml pooled,ml@example.com,0301-093000-pool-aws1,0301-093000-pool-aws1,"
        "2026-03-01T00:00:00Z\n")
    for name in ("prices.csv", inputs["cloud_costs"][0]):
        (tmp_path / name).write_text((directory / name).read_text())
    base = ["--usage", "usage.csv", "--prices", "prices.csv", "--cloud-costs", inputs["cloud_costs"][0]]

    def run(*extra):
        return subprocess.run([CLI, "chargeback", *base, *extra, "--shared", "none", "--format", "csv"],
                              cwd=tmp_path, capture_output=True, text=True, check=True).stdout

    expected = chargeback(directory, inputs, ["--shared", "none"], "csv")
    assert run() != expected  # without the pool id, the pool's lines have no usage: idle
    assert run("--clusters", "clusters.csv") == expected
    by_cluster = run("--clusters", "clusters.csv", "--by", "cluster").splitlines()
    assert by_cluster[0].startswith("period,cluster_id,cluster_name,currency,")
    assert any(line.startswith("2026-03,0312-100500-poolml01,ml pooled,USD,") for line in by_cluster)


def test_cloud_costs_may_be_dataframes():
    import dbcost
    import pandas as pd

    directory = SETS / "azure"
    inputs = json.loads((directory / "expected.json").read_text())["inputs"]
    export = directory / inputs["cloud_costs"][0]
    kw = dict(prices=str(directory / inputs["prices"]), shared="none")
    from_path = dbcost.chargeback(str(directory / inputs["usage"]), cloud_costs=str(export), **kw)
    frame = pd.read_csv(export, dtype=str, keep_default_na=False)
    from_frame = dbcost.chargeback(str(directory / inputs["usage"]), cloud_costs=[frame], **kw)
    assert from_frame.equals(from_path)
    # The DBU lines on the Azure invoice, and what the usage's prices say beyond them.
    (bills,) = from_frame.attrs["totals"]
    assert (bills["dbu_on_cloud"], bills["dbu_drawdown"]) == ("14.57", "0.42")
