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
