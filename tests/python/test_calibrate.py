"""dbcost.calibrate and `dbcost calibrate`: a scenario from a usage export (docs/calibrate.md)."""
import csv
import io
import subprocess

import pytest

import dbcost

# The round trip's tolerance on each team's DBU cost. Calibration fits runtimes, sessions, arrival
# rates and windows to the bill, so the simulated mean is unbiased; what remains is the Monte Carlo
# error of 100 trials (bookings, the noisiest team: 2.1% / sqrt(100) = 0.21%). 2% is nearly ten standard
# errors and below what a systematic mistake moves (a lost day: 3.2%). Measured: within 0.13%.
TOLERANCE = 0.02


def test_calibrate_returns_a_scenario(root):
    data = root / "tests/data/calibrate"
    s = dbcost.calibrate(str(data / "small_usage.csv"), clusters=str(data / "small_clusters.csv"))
    assert isinstance(s, dbcost.Scenario)
    assert s.name == "calibrated"
    r = s.run(trials=0)
    teams = {row.team: row for row in r.teams.itertuples()}
    assert set(teams) == {"data-eng", "analytics", "bi", "(untagged)"}
    assert sorted(r.workload_names) == sorted(
        ["nightly", "events", "premium_all_purpose_serverless_compute", "adhoc", "wh1"])
    # The cron job is exact: 7 runs of 3.0 DBUs at 0.30.
    workloads = {row.workload: row for row in r.workloads.itertuples()}
    assert workloads["nightly"].dbu_cost == pytest.approx(6.30, abs=0.005)


def test_calibrate_yaml_has_its_sources(root):
    text = dbcost.calibrate_yaml(str(root / "tests/data/calibrate/small_usage.csv"), team_tag="team")
    assert 'quartz_cron_expression: "0 0 2 * * ?"' in text
    assert "# inferred: node_type from usage_metadata; 3 nodes" in text
    assert dbcost.Scenario.from_yaml(text).name == "calibrated"


def test_calibrate_bad_input_raises_located_error(root, tmp_path):
    bad = tmp_path / "u.csv"
    bad.write_text("sku_name,usage_start_time,usage_quantity,usage_metadata\nX,not-a-time,1,{}\n")
    with pytest.raises(dbcost.InputError, match=r"u.csv:2:2: usage_start_time: expected a timestamp"):
        dbcost.calibrate(str(bad))


def csv_rows(text):
    return list(csv.DictReader(io.StringIO(text.split("\n\n")[0])))


@pytest.mark.parametrize("seed", [7])
def test_round_trip_through_the_cli(cli, root, tmp_path, seed):
    scenario = root / "scenarios/travel_platform.yaml"
    usage, prices, out = tmp_path / "usage.csv", tmp_path / "prices.csv", tmp_path / "calibrated.yaml"
    subprocess.run([cli, "usage", str(scenario), "--seed", str(seed), "--out", str(usage), "--prices-out", str(prices)],
                   check=True, capture_output=True)
    done = subprocess.run([cli, "calibrate", "--usage", str(usage), "--prices", str(prices), "--out", str(out),
                           "--trials", "100", "--max-error", str(TOLERANCE * 100), "--format", "csv"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr + done.stdout
    assert "calibrated 7 workloads" in done.stderr  # 3 jobs (finance_report bills as its cluster), 3 + 1
    billed = {}
    for row in csv_rows(subprocess.run([cli, "chargeback", "--usage", str(usage), "--prices", str(prices),
                                        "--shared", "none", "--format", "csv"],
                                       check=True, capture_output=True, text=True).stdout):
        billed[row["team"]] = billed.get(row["team"], 0.0) + float(row["direct_cost"])
    run = csv_rows(subprocess.run([cli, "run", str(out), "--trials", "100", "--seed", "1", "--format", "csv"],
                                  check=True, capture_output=True, text=True).stdout)
    simulated = {row["team"]: float(row["dbu_cost"]) for row in run}
    assert set(simulated) == set(billed)
    for team, cost in billed.items():
        assert simulated[team] == pytest.approx(cost, rel=TOLERANCE), team
