"""The CLI and Python refuse the same option values with the same reason.

Each case gives the CLI arguments and the Python call of one invalid option. The CLI must exit 2 with
``error: <flag>: <reason>``; Python must raise dbcost.InputError whose ``field`` is the keyword and whose
``reason`` is the CLI's reason with each flag named as Python names it (``--from`` is ``start``). The
checks live once in the library (libcost/commands); a check added to one front end only fails here.
"""
import subprocess

import pytest

import dbcost

# The CLI's flag -> Python's keyword, where the reason names an option.
KEYWORDS = {"--from": "start", "--to": "end", "--hours": "hours", "--dbus-per-hour": "dbus_per_hour",
            "--kind": "kind"}

SPEC = "scenarios/specs/etl_d8s_photon_spot.json"
WAREHOUSE = "scenarios/specs/bi_warehouse_pro_small.yaml"
SCENARIO = "scenarios/travel_platform.yaml"
BUNDLE = "scenarios/bundles/medallion"
USAGE = "tests/data/chargeback/usage_march.csv"
POLICY = "scenarios/policies/cost_guard.json"


def quote(root, **kw):
    return dbcost.quote(str(root / SPEC), at="2026-03-01", **kw)


def estimate(root, **kw):
    return dbcost.Bundle.load(str(root / BUNDLE)).estimate(month="2026-04", **kw)


def tune(root, **kw):
    return dbcost.alerts.tune(str(root / SCENARIO), trials=4, **kw)


def chargeback(root, **kw):
    return dbcost.chargeback(str(root / USAGE), **kw)


# (id, CLI arguments, Python call, CLI flag, Python keyword, the CLI's reason)
CASES = [
    ("quote dbu discount", ["quote", SPEC, "--at", "2026-03-01", "--dbu-discount", "150"],
     lambda r: quote(r, dbu_discount=150), "--dbu-discount", "dbu_discount",
     "expected a percentage from 0 to 100, got '150'"),
    ("quote spot vm discount", ["quote", SPEC, "--at", "2026-03-01", "--spot-vm-discount", "-5"],
     lambda r: quote(r, spot_vm_discount=-5), "--spot-vm-discount", "spot_vm_discount",
     "expected a percentage from 0 to 100, got '-5'"),
    ("quote sku discount", ["quote", SPEC, "--at", "2026-03-01", "--sku-discount", "PREMIUM_JOBS_COMPUTE=101"],
     lambda r: quote(r, sku_discounts={"PREMIUM_JOBS_COMPUTE": 101}), "--sku-discount", "sku_discounts",
     "expected a percentage from 0 to 100, got '101'"),
    ("quote hours", ["quote", SPEC, "--at", "2026-03-01", "--hours", "-1"],
     lambda r: quote(r, hours=-1), "--hours", "hours", "expected a non-negative number of hours, got '-1'"),
    ("quote at", ["quote", SPEC, "--at", "soon"],
     lambda r: dbcost.quote(str(r / SPEC), at="soon"), "--at", "at",
     "expected a date or an ISO 8601 instant (UTC), got 'soon'"),
    ("quote span half", ["quote", SPEC, "--from", "2026-03-01"],
     lambda r: quote(r, start="2026-03-01"), "--to", "end", "give --from and --to together"),
    ("quote dbus per hour", ["quote", SPEC, "--dbus-per-hour", "4"],
     lambda r: quote(r, dbus_per_hour=4), "--dbus-per-hour", "dbus_per_hour",
     "--dbus-per-hour is for serverless kinds"),
    ("quote serverless span", ["quote", "--kind", "jobs-serverless", "--from", "2026-03-01", "--to", "2026-04-01"],
     lambda r: dbcost.quote(None, kind="jobs-serverless", start="2026-03-01", end="2026-04-01"), "--from", "start",
     "serverless kinds are priced for --hours"),
    ("quote serverless dbus", ["quote", "--kind", "jobs-serverless", "--dbus-per-hour", "-2"],
     lambda r: dbcost.quote(None, kind="jobs-serverless", dbus_per_hour=-2), "--dbus-per-hour", "dbus_per_hour",
     "expected DBUs per hour of at least 0, got '-2'"),
    ("quote warehouse kind", ["quote", WAREHOUSE, "--kind", "job"],
     lambda r: dbcost.quote(str(r / WAREHOUSE), kind="job"), "--kind", "kind",
     "a SQL warehouse is billed by its warehouse_type; drop --kind"),
    ("estimate month", ["estimate", BUNDLE, "--month", "2026-13"],
     lambda r: dbcost.Bundle.load(str(r / BUNDLE)).estimate(month="2026-13"), "--month", "month",
     "expected a month as YYYY-MM, got '2026-13'"),
    ("estimate dbu discount", ["estimate", BUNDLE, "--month", "2026-04", "--dbu-discount", "120"],
     lambda r: estimate(r, dbu_discount=120), "--dbu-discount", "dbu_discount",
     "expected a percentage from 0 to 100, got '120'"),
    ("estimate vm discount", ["estimate", BUNDLE, "--month", "2026-04", "--vm-discount", "x"],
     lambda r: estimate(r, vm_discount="x"), "--vm-discount", "vm_discount",
     "expected a percentage from 0 to 100, got 'x'"),
    ("diff month", ["diff", BUNDLE, BUNDLE, "--month", "26-04"],
     lambda r: dbcost.Bundle.load(str(r / BUNDLE)).diff(dbcost.Bundle.load(str(r / BUNDLE)), month="26-04"),
     "--month", "month", "expected a month as YYYY-MM, got '26-04'"),
    ("alerts percents", ["alerts", "--scenario", SCENARIO, "--trials", "4", "--percents", "50,0"],
     lambda r: tune(r, percents=[50, 0]), "--percents", "percents",
     "expected percents above 0 and up to 1000, got 0.000000"),
    ("alerts probabilities", ["alerts", "--scenario", SCENARIO, "--trials", "4", "--probabilities", "1.5"],
     lambda r: tune(r, probabilities=[1.5]), "--probabilities", "probabilities",
     "expected probabilities above 0 and up to 1, got 1.500000"),
    ("alerts daily per year", ["alerts", "--scenario", SCENARIO, "--trials", "4", "--daily-per-year", "400"],
     lambda r: tune(r, daily_per_year=[400]), "--daily-per-year", "daily_per_year",
     "expected rates above 0 and up to 365, got 400.000000"),
    ("alerts runaway factor", ["alerts", "--scenario", SCENARIO, "--trials", "4", "--runaway-factor", "0.5"],
     lambda r: tune(r, runaway_factor=0.5), "--runaway-factor", "runaway_factor",
     "expected a factor from 1 to 1000, got 0.500000"),
    ("alerts new workload", ["alerts", "--scenario", SCENARIO, "--trials", "4", "--new-workload-percent", "-1"],
     lambda r: tune(r, new_workload_percent=-1), "--new-workload-percent", "new_workload_percent",
     "expected a percent from 0 to 10000, got -1.000000"),
    ("alerts usage basis", ["alerts", "--usage", USAGE, "--trials", "4", "--basis", "total"],
     lambda r: dbcost.alerts.tune(usage=str(r / USAGE), trials=4, basis="total"), "--basis", "basis",
     "a usage export holds DBU spend only"),
    ("alerts usage team tag", ["alerts", "--usage", USAGE, "--trials", "4", "--team-tag", ""],
     lambda r: dbcost.alerts.tune(usage=str(r / USAGE), trials=4, team_tag=""), "--team-tag", "team_tag",
     "expected a tag key"),
    ("chargeback team tag", ["chargeback", "--usage", USAGE, "--team-tag", ""],
     lambda r: chargeback(r, team_tag=""), "--team-tag", "team_tag", "expected a tag key"),
    ("chargeback shared mode", ["chargeback", "--usage", USAGE, "--shared", "evenly"],
     lambda r: chargeback(r, shared="evenly"), "--shared", "shared",
     "expected proportional, even, weights or none, got 'evenly'"),
    ("chargeback shared tag", ["chargeback", "--usage", USAGE, "--shared-tag", "novalue"],
     lambda r: chargeback(r, shared_tags=["novalue"]), "--shared-tag", "shared_tags",
     "expected KEY=VALUE, got 'novalue'"),
    ("calibrate period", ["calibrate", "--usage", USAGE, "--out", "/dev/null", "--period", "2026-03"],
     lambda r: dbcost.calibrate(str(r / USAGE), period="2026-03"), "--period", "period",
     "expected FROM..TO (dates or ISO 8601 instants), got '2026-03'"),
    # Checked by the CLI's flag parser, by the library for Python: the same reasons.
    ("run trials", ["run", SCENARIO, "--trials", "-1"],
     lambda r: dbcost.Scenario.load(str(r / SCENARIO)).run(trials=-1), "--trials", "trials",
     "Value -1 not in range 0 to 1000000"),
    ("run threads", ["run", SCENARIO, "--threads", "0"],
     lambda r: dbcost.Scenario.load(str(r / SCENARIO)).run(threads=0), "--threads", "threads",
     "Value 0 not in range 1 to 256"),
    ("spot trials", ["spot", SCENARIO, "--trials", "0"],
     lambda r: dbcost.Scenario.load(str(r / SCENARIO)).spot_sweep(trials=0), "--trials", "trials",
     "Value 0 not in range 1 to 1000000"),
    ("compare threads", ["compare", SCENARIO, "--threads", "300"],
     lambda r: dbcost.Scenario.load(str(r / SCENARIO)).compare(threads=300), "--threads", "threads",
     "Value 300 not in range 1 to 256"),
    ("estimate trials", ["estimate", BUNDLE, "--trials", "-2"],
     lambda r: dbcost.Bundle.load(str(r / BUNDLE)).estimate(trials=-2), "--trials", "trials",
     "Value -2 not in range 0 to 1000000"),
    ("alerts trials", ["alerts", "--scenario", SCENARIO, "--trials", "3"],
     lambda r: dbcost.alerts.tune(str(r / SCENARIO), trials=3), "--trials", "trials",
     "Value 3 not in range 4 to 100000"),
    ("alerts false alarms", ["alerts", "--scenario", SCENARIO, "--false-alarms-per-year", "400"],
     lambda r: tune(r, false_alarms_per_year=400), "--false-alarms-per-year", "false_alarms_per_year",
     "Value 400 not in range 0.000000 to 365.000000"),
    ("alerts basis", ["alerts", "--scenario", SCENARIO, "--basis", "list"],
     lambda r: tune(r, basis="list"), "--basis", "basis", "list not in {dbu,total}"),
    ("quote cloud", ["quote", SPEC, "--cloud", "mars"],
     lambda r: quote(r, cloud="mars"), "--cloud", "cloud", "mars not in {azure,aws,gcp,AZURE,AWS,GCP}"),
    ("quote tier", ["quote", SPEC, "--tier", "gold"],
     lambda r: quote(r, tier="gold"), "--tier", "tier",
     "gold not in {premium,enterprise,standard,PREMIUM,ENTERPRISE,STANDARD}"),
    ("quote kind", ["quote", SPEC, "--kind", "jobs"],
     lambda r: quote(r, kind="jobs"), "--kind", "kind",
     "jobs not in {job,jobs-light,all-purpose,dlt-core,dlt-pro,dlt-advanced,jobs-serverless,dlt-serverless,"
     "all-purpose-serverless}"),
    ("quote performance target", ["quote", "--kind", "jobs-serverless", "--performance-target", "FAST"],
     lambda r: dbcost.quote(None, kind="jobs-serverless", performance_target="FAST"), "--performance-target",
     "performance_target", "FAST not in {STANDARD,PERFORMANCE_OPTIMIZED}"),
    ("chargeback period", ["chargeback", "--usage", USAGE, "--period", "year"],
     lambda r: chargeback(r, period="year"), "--period", "period", "year not in {month,week,day}"),
    ("policy cluster type", ["policy", "check", "--policy", POLICY, "--cluster-type", "pool", SPEC],
     lambda r: dbcost.Policy.load(str(r / POLICY)).check(str(r / SPEC), cluster_type="pool"), "--cluster-type",
     "cluster_type", "pool not in {all-purpose,job,dlt}"),
    ("schedule window", ["schedule", "0 0 * * * ?", "--timezone", "UTC", "--from", "2026-01-02", "--to",
                         "2026-01-01"],
     lambda r: dbcost.schedule("0 0 * * * ?", start="2026-01-02", end="2026-01-01"), "--to", "end",
     "2026-01-01T00:00:00Z is not after --from 2026-01-02T00:00:00Z"),
    ("schedule expression", ["schedule", "0 0 * * *", "--timezone", "UTC", "--from", "2026-01-01", "--to",
                             "2026-01-02"],
     lambda r: dbcost.schedule("0 0 * * *", start="2026-01-01", end="2026-01-02"), "EXPR", "expr", None),
]


def python_reason(reason):
    for flag, keyword in sorted(KEYWORDS.items(), key=lambda kv: -len(kv[0])):
        reason = reason.replace(flag, keyword)
    return reason


def cli_error(cli, root, args):
    """The CLI's "<flag>: <reason>": after "error: ", or the first line of a flag parser's message."""
    run = subprocess.run([cli, *args], cwd=root, capture_output=True, text=True)
    assert run.returncode == 2, (run.returncode, run.stderr)
    assert run.stderr.endswith("\n"), run.stderr
    if run.stderr.startswith("error: "):
        return run.stderr[len("error: "):-1]
    assert run.stderr.endswith("\nRun with --help for more information.\n"), run.stderr
    return run.stderr.split("\n")[0]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_cli_and_python_refuse_alike(cli, root, case):
    _, args, call, flag, keyword, reason = case
    cli_message = cli_error(cli, root, args)
    with pytest.raises(dbcost.InputError) as err:
        call(root)
    assert err.value.field == keyword
    assert cli_message.startswith(flag + ": "), cli_message
    cli_reason = cli_message[len(flag) + 2:]
    if reason is not None:
        assert cli_reason == reason
    assert err.value.reason == python_reason(cli_reason)
    assert str(err.value) == keyword + ": " + err.value.reason


def test_python_gains_the_estimate_price_files_and_discounts(cli, root):
    """Bundle.estimate prices as `dbcost estimate` with the same discounts and price files: the same JSON."""
    import decimal
    import json

    bundle = dbcost.Bundle.load(str(root / BUNDLE))
    runtimes = str(root / "scenarios/bundles/runtimes.yaml")
    prices = str(root / "scenarios/data/price_book.csv")
    full = bundle.estimate(runtimes=runtimes, month="2026-04", as_json=True)
    half = bundle.estimate(runtimes=runtimes, month="2026-04", dbu_discount=50, prices=prices, as_json=True)
    run = subprocess.run([cli, "estimate", BUNDLE, "--runtimes", runtimes, "--month", "2026-04", "--dbu-discount",
                          "50", "--prices", prices, "--format", "json"], cwd=root, capture_output=True, text=True,
                         check=True)
    assert json.loads(run.stdout) == half
    priced = [(f, h) for f, h in zip(full["resources"], half["resources"]) if f["dbu_cost"] is not None]
    assert priced
    for f, h in priced:  # half the DBU cost, to the cent; VM cost unchanged
        assert abs(decimal.Decimal(f["dbu_cost"]) / 2 - decimal.Decimal(h["dbu_cost"])) <= decimal.Decimal("0.01")
        assert f["vm_cost"] == h["vm_cost"]
