"""`dbcost usage` writes one trial as a usage export; `dbcost chargeback` on it gives that trial's
DBU cost per team, as `dbcost run --trials 1` with the same seed reports it."""
import csv
import io
import json
import subprocess

import pytest


def run_csv(cmd):
    """The first table of the command's CSV output."""
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return list(csv.DictReader(io.StringIO(out.split("\n\n")[0])))


@pytest.mark.parametrize("seed", [3, 7])
def test_chargeback_of_simulated_usage_matches_the_run(cli, root, tmp_path, seed):
    usage, prices = tmp_path / "usage.csv", tmp_path / "list_prices.csv"
    subprocess.run([cli, "usage", str(root / "scenarios/travel_platform.yaml"), "--seed", str(seed),
                    "--out", str(usage), "--prices-out", str(prices)], check=True, capture_output=True)
    charged = run_csv([cli, "chargeback", "--usage", str(usage), "--prices", str(prices), "--shared", "none",
                       "--format", "csv"])
    per_team = {}
    for row in charged:
        cost, dbus = per_team.get(row["team"], (0.0, 0.0))
        per_team[row["team"]] = (cost + float(row["direct_cost"]), dbus + float(row["dbus"]))
    run = run_csv([cli, "run", str(root / "scenarios/travel_platform.yaml"), "--trials", "1", "--seed", str(seed),
                   "--format", "csv"])
    teams = {row["team"]: row for row in run}
    assert set(per_team) == set(teams)
    for team, (cost, dbus) in per_team.items():
        # Chargeback rounds each month to the cent by largest remainder, so a team may move one cent.
        assert abs(cost - float(teams[team]["dbu_cost"])) <= 0.011, team
        assert abs(dbus - float(teams[team]["dbus"])) <= 0.0005, team


def test_usage_needs_an_out_file(cli):
    done = subprocess.run([cli, "usage"], capture_output=True, text=True)
    assert done.returncode == 2
    assert "--out" in done.stderr


def test_formula_like_team_names_survive_the_round_trip(cli, root, tmp_path):
    """The usage export is data, written raw; the reports made from it neutralise a formula-like team
    (a leading ') unless --raw-csv, the same way as `dbcost run`."""
    hostile = '=HYPERLINK("http://evil.example","x")'
    text = (root / "scenarios/travel_platform.yaml").read_text()
    text = text.replace("  bookings: {", f"  '{hostile}': {{").replace("{team: bookings}", f"{{team: '{hostile}'}}")
    scenario, usage, prices = tmp_path / "hostile.yaml", tmp_path / "usage.csv", tmp_path / "list_prices.csv"
    scenario.write_text(text)
    subprocess.run([cli, "usage", str(scenario), "--seed", "3", "--out", str(usage), "--prices-out", str(prices)],
                   check=True, capture_output=True)
    with open(usage, newline="") as f:
        records = list(csv.DictReader(f))
    assert any(json.loads(r["custom_tags"]).get("team") == hostile for r in records)
    assert not any(cell.startswith("'") for r in records for cell in r.values())
    chargeback = [cli, "chargeback", "--usage", str(usage), "--prices", str(prices), "--shared", "none",
                  "--format", "csv"]
    run = [cli, "run", str(scenario), "--trials", "1", "--seed", "3", "--format", "csv"]
    for extra, team in (([], "'" + hostile), (["--raw-csv"], hostile)):
        charged = {row["team"] for row in run_csv(chargeback + extra)}
        assert team in charged
        assert charged == {row["team"] for row in run_csv(run + extra)}


def test_cloud_cost_exports_give_each_team_the_simulated_vm_cost(cli, root, tmp_path):
    """`dbcost usage --focus-out --cloud-out` and Scenario.usage_export(focus=True, cloud=True) write the same
    lines; summed by the team tag on the VMs they give each team the VM cost of `dbcost run --trials 1`."""
    import dbcost
    import pandas as pd

    scenario = root / "tests/data/cloud_export_aws.yaml"
    usage, focus, cloud = tmp_path / "usage.csv", tmp_path / "focus.csv", tmp_path / "cloud.csv"
    subprocess.run([cli, "usage", str(scenario), "--seed", "3", "--out", str(usage), "--focus-out", str(focus),
                    "--cloud-out", str(cloud)], check=True, capture_output=True)
    frames = dbcost.Scenario.load(str(scenario)).usage_export(seed=3, focus=True, cloud=True)
    for name, path in (("focus", focus), ("cloud", cloud)):
        written = pd.read_csv(path, dtype="str", keep_default_na=False)
        pd.testing.assert_frame_equal(frames[name], written)
    out = subprocess.run([cli, "run", str(scenario), "--trials", "1", "--seed", "3", "--format", "csv"], check=True,
                         capture_output=True, text=True).stdout.split("\n\n")
    run = {row["team"]: float(row["vm_cost"]) for row in csv.DictReader(io.StringIO(out[0]))}
    pooled = next(float(r["vm_cost"]) for r in csv.DictReader(io.StringIO(out[1])) if r["workload"] == "pooled")
    per_team = {}
    for row in csv.DictReader(open(focus, encoding="utf-8")):
        team = json.loads(row["Tags"])["team"]
        per_team[team] = per_team.get(team, 0.0) + float(row["BilledCost"])
    # Pool VMs carry the pool's tags only: its team ("platform") holds the VMs the pooled job took from it.
    run["platform"] += pooled
    run["etl"] -= pooled
    assert set(per_team) == set(run)
    for team, cost in run.items():
        assert per_team[team] == pytest.approx(cost, abs=0.011), team  # the run's figures are rounded to cents
    assert pooled > 0


def test_cloud_export_of_a_gcp_scenario_is_focus_only(root):
    import dbcost

    scenario = dbcost.Scenario.load(str(root / "tests/data/gcp_nightly_etl.yaml"))
    assert len(scenario.usage_export(focus=True)["focus"]) == 93  # 31 nights x 3 VMs x one hour
    with pytest.raises(dbcost.InputError) as err:
        scenario.usage_export(cloud=True)
    assert err.value.field == "cloud"
    assert err.value.reason == ("the scenario's cloud is gcp, whose billing export dbcost does not read; for it only "
                                "focus (FOCUS 1.2) is available")


@pytest.mark.parametrize("export", ["focus", "cloud"])
def test_chargeback_of_the_simulated_cloud_export_gives_each_team_its_vm_cost(cli, root, tmp_path, export):
    """`chargeback --cloud-costs` of `dbcost usage`'s cloud export (FOCUS, CUR 2.0) gives each team the VM
    cost `dbcost run --trials 1` simulated, to the cent, except the pool's VMs: those go to the clusters
    that used the pool in their hour, by DBUs, and the hours nobody used it to (idle pools). The pool part
    is computed here a second way, from the FOCUS lines and the usage records with pandas."""
    import pandas as pd

    scenario = root / "tests/data/cloud_export_aws.yaml"
    usage, prices = tmp_path / "usage.csv", tmp_path / "prices.csv"
    focus, cloud = tmp_path / "focus.csv", tmp_path / "cloud.csv"
    subprocess.run([cli, "usage", str(scenario), "--seed", "3", "--out", str(usage), "--prices-out", str(prices),
                    "--focus-out", str(focus), "--cloud-out", str(cloud)], check=True, capture_output=True)
    out = subprocess.run([cli, "chargeback", "--usage", str(usage), "--prices", str(prices), "--cloud-costs",
                          str(focus if export == "focus" else cloud), "--shared", "none", "--format", "json"],
                         check=True, capture_output=True, text=True).stdout
    joined = {r["team"]: r for r in json.loads(out)["rows"] if r["team"] != "(total)"}

    run = subprocess.run([cli, "run", str(scenario), "--trials", "1", "--seed", "3", "--format", "csv"],
                         check=True, capture_output=True, text=True).stdout.split("\n\n")
    workloads = list(csv.DictReader(io.StringIO(run[1])))
    expected = {}
    for w in workloads:
        if w["kind"] != "instance-pool" and w["workload"] != "pooled":
            expected[w["team"]] = expected.get(w["team"], 0.0) + float(w["vm_cost"])

    lines = pd.read_csv(focus, dtype=str, keep_default_na=False)
    tags = lines["Tags"].map(json.loads)
    pool_lines = lines[tags.map(lambda t: "DatabricksInstancePoolId" in t)]
    records = pd.read_csv(usage, dtype=str, keep_default_na=False)
    meta = records["usage_metadata"].map(json.loads)
    records["pool"] = meta.map(lambda m: m.get("instance_pool_id") or "")
    records["team"] = records["custom_tags"].map(lambda t: json.loads(t).get("team", "(unallocated)"))
    records["hour"] = pd.to_datetime(records["usage_start_time"], utc=True).dt.floor("h")
    records["q"] = records["usage_quantity"].astype(float)
    used = records[records["pool"] != ""].groupby(["pool", "hour", "team"])["q"].sum()
    idle = 0.0
    for _, line in pool_lines.iterrows():
        pool = json.loads(line["Tags"])["DatabricksInstancePoolId"]
        hour = pd.Timestamp(line["ChargePeriodStart"]).tz_convert("UTC").floor("h")
        cost = float(line["BilledCost"])
        try:
            users = used.loc[(pool, hour)]
        except KeyError:
            idle += cost
            continue
        for team, q in users.items():
            expected[team] = expected.get(team, 0.0) + cost * q / users.sum()
    expected["(idle pools)"] = idle
    assert idle > 0 and len(pool_lines) > 0
    assert set(joined) == set(expected)
    for team, cost in expected.items():
        # The run's figures are rounded to the cent, and the join apportions the cents by largest remainder.
        assert float(joined[team]["cloud_cost"]) == pytest.approx(cost, abs=0.021), team
    total = sum(float(r["cloud_cost"]) for r in joined.values())
    assert total == pytest.approx(sum(float(w["vm_cost"]) for w in workloads), abs=0.011)
