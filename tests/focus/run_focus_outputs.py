#!/usr/bin/env python3
"""Every FOCUS output the tests produce, through focus_checker.py: the golden cases written with
`--format focus`, the chargeback inputs under each way of spreading shared spend (proportional, even,
weights, none), weekly and daily periods, account prices, a gzip export, the whole bill of each
hand-computed cloud export set (tests/data/wholebill) spread or not, weekly, and (with --python) the
DataFrame of dbcost.chargeback(..., focus=True). Each file's BilledCost must also sum to the same
command's `--format csv` chargeback (rule B1). Also the simulated cloud cost exports of
`dbcost usage --focus-out` (AWS, Azure, GCP scenarios), each checked on its own.

Usage: run_focus_outputs.py --cli build/dbcost --root . [--python]
"""
from __future__ import annotations

import argparse
import glob
import os
import shlex
import subprocess
import sys
import tempfile
from decimal import Decimal

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import focus_checker  # noqa: E402

D = "tests/data/chargeback"
MARCH = [f"--usage={D}/usage_march.csv", f"--prices={D}/list_prices.csv", f"--owners={D}/owners.csv",
         "--shared-id=wh-shared", "--shared-tag=cost_center=shared"]
ACCOUNT = "--account-prices=tests/data/contract/account_prices_march.csv"
CASES = {
    "proportional": MARCH,
    "even": MARCH + ["--shared", "even"],
    "weights": MARCH + ["--shared", "weights", f"{D}/weights.csv"],
    "none": MARCH + ["--shared", "none"],
    "week_proportional": MARCH + ["--period", "week"],
    "week_even": MARCH + ["--period", "week", "--shared", "even"],
    "week_weights": MARCH + ["--period", "week", "--shared", "weights", f"{D}/weights.csv"],
    "day_proportional": MARCH + ["--period", "day"],
    "account_prices_proportional": MARCH + [ACCOUNT],
    "account_prices_weights_week": MARCH + [ACCOUNT, "--shared", "weights", f"{D}/weights.csv", "--period", "week"],
    "gzip": [f"--usage={D}/usage_march.csv.gz", f"--prices={D}/list_prices.csv", "--shared", "even"],
    "hostile": [f"--usage={D}/usage_hostile.csv", f"--prices={D}/list_prices.csv"],
}
W = "tests/data/wholebill"
WHOLE_BILL = {
    "focus": [f"--usage={W}/focus/usage.csv", f"--prices={W}/focus/prices.csv",
              f"--cloud-costs={W}/focus/focus12_aws.csv"],
    "cur2": [f"--usage={W}/cur2/usage.csv", f"--prices={W}/cur2/prices.csv", f"--owners={W}/cur2/owners.csv",
             f"--cloud-costs={W}/cur2/cur2.csv"],
    "azure": [f"--usage={W}/azure/usage.csv", f"--prices={W}/azure/prices.csv",
              f"--cloud-costs={W}/azure/azure_actual_cost.csv"],
}
# A credit line (a negative amount) and account prices on the DBU side.
CASES["whole_bill_credit_account_prices"] = MARCH + [ACCOUNT, "--cloud-costs=tests/data/cloudcost/focus12_aws.csv"]
for _name, _args in WHOLE_BILL.items():
    CASES[f"whole_bill_{_name}_proportional"] = _args
    CASES[f"whole_bill_{_name}_none"] = _args + ["--shared", "none"]
    CASES[f"whole_bill_{_name}_even_week"] = _args + ["--shared", "even", "--period", "week"]


def golden_cases(root: str) -> dict[str, list[str]]:
    cases = {}
    for cmd in sorted(glob.glob(os.path.join(root, "tests/golden/*/cmd"))):
        args = shlex.split(open(cmd, encoding="utf-8").read().replace("{root}", root))
        if args[:1] == ["chargeback"] and "focus" in args and not os.path.exists(os.path.join(os.path.dirname(cmd), "exit")):
            i = args.index("--format")
            cases["golden_" + os.path.basename(os.path.dirname(cmd))] = args[1:i] + args[i + 2:]
    return cases


def run(cli: str, root: str, args: list[str]) -> str:
    p = subprocess.run([cli, "chargeback"] + args, cwd=root, capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError(f"dbcost chargeback {' '.join(args)}: exit {p.returncode}\n{p.stderr}")
    return p.stdout


def check(name: str, focus: str, bill: str, tmp: str) -> list[str]:
    bill_path = os.path.join(tmp, name + "_bill.csv")
    with open(bill_path, "w", encoding="utf-8") as f:
        f.write(bill)
    report = focus_checker.check_text(focus, name + ".csv", bill_path)
    rows = focus.count("\n") - 1
    if rows < 1:
        return [f"{name}: no FOCUS rows"]
    print(f"{name}: {rows} rows, {len(report.problems)} problems")
    return [line for _, line in report.problems]


# Scenarios whose simulated month's cloud cost export (dbcost usage --focus-out) is checked.
SIMULATED = {
    "simulated_aws": ["tests/data/cloud_export_aws.yaml", "--seed", "3"],
    "simulated_azure": ["scenarios/travel_platform.yaml", "--seed", "5"],
    "simulated_azure_expected": ["scenarios/travel_platform.yaml", "--expected"],
    "simulated_gcp": ["tests/data/gcp_nightly_etl.yaml"],
}


def simulated_focus(cli: str, root: str, args: list[str], tmp: str) -> list[str]:
    usage, focus = os.path.join(tmp, "usage.csv"), os.path.join(tmp, "focus.csv")
    p = subprocess.run([cli, "usage", *args, "--out", usage, "--focus-out", focus], cwd=root, capture_output=True,
                       text=True)
    if p.returncode != 0:
        raise RuntimeError(f"dbcost usage {' '.join(args)}: exit {p.returncode}\n{p.stderr}")
    with open(focus, encoding="utf-8") as f:
        text = f.read()
    report = focus_checker.check_text(text, os.path.basename(args[0]))  # with the conditional columns too
    rows = text.count("\n") - 1
    print(f"{args[0]}: {rows} simulated cloud cost rows, {len(report.problems)} problems")
    return [line for _, line in report.problems] + ([f"{args[0]}: no FOCUS rows"] if rows < 1 else [])


def python_focus(root: str, args: list[str]) -> str:
    """The DataFrame of dbcost.chargeback(..., focus=True) as CSV, exact decimals in plain notation."""
    import csv
    import io

    import dbcost

    kw = dict(prices=f"{root}/{D}/list_prices.csv", owners=f"{root}/{D}/owners.csv", shared_ids=["wh-shared"],
              shared_tags={"cost_center": "shared"}, focus=True)
    kw.update(args)
    frame = dbcost.chargeback(f"{root}/{D}/usage_march.csv", **kw)
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(frame.columns)
    for row in frame.itertuples(index=False):
        w.writerow(["" if v is None or (isinstance(v, float) and v != v) else
                    format(v, "f") if isinstance(v, Decimal) else v for v in row])
    return out.getvalue()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--root", required=True)
    ap.add_argument("--python", action="store_true", help="also check dbcost.chargeback(..., focus=True)")
    a = ap.parse_args()
    cli, root = os.path.abspath(a.cli), os.path.abspath(a.root)
    problems = []
    cases = dict(CASES, **golden_cases(root))
    with tempfile.TemporaryDirectory() as tmp:
        for name, args in cases.items():
            problems += check(name, run(cli, root, args + ["--format", "focus"]),
                              run(cli, root, args + ["--format", "csv"]), tmp)
        for args in SIMULATED.values():
            problems += simulated_focus(cli, root, args, tmp)
        if a.python:
            for name, kw, cli_args in (
                    ("python_proportional", {}, MARCH),
                    ("python_weights_week", dict(shared="weights", weights=f"{root}/{D}/weights.csv", period="week"),
                     MARCH + ["--shared", "weights", f"{D}/weights.csv", "--period", "week"])):
                focus = python_focus(root, kw)
                problems += check(name, focus, run(cli, root, cli_args + ["--format", "csv"]), tmp)
                if focus != run(cli, root, cli_args + ["--format", "focus", "--raw-csv"]):
                    problems.append(f"{name}: the Python FOCUS rows differ from the CLI's")
    for p in problems:
        print(p)
    print(f"{len(cases)} CLI outputs, {len(SIMULATED)} simulated cloud exports"
          f"{' and 2 Python outputs' if a.python else ''}, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
