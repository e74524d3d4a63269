#!/usr/bin/env python3
"""The floor-plan check (check_includes.py) catches what it is there to catch.

The real tree is copied to a temporary directory; each case below breaks it in one way (an include
that runs against the allowed direction, one of the cycles the floors were built to remove, an
internal header used from outside, an arrow in the plan that goes up or closes a loop, a folder the
plan does not know) and the check must fail with the expected line. The unbroken copy must pass.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
CHECK = os.path.join(HERE, "check_includes.py")

# (name, file to append an include to, the include, the text the breach line must hold)
INCLUDE_CASES = [
    ("money includes io (decimal.cpp and yaml_reader.h)", "libcost/money/decimal.cpp", "io/yaml_reader.h",
     "money (floor 1) includes io/yaml_reader.h, but money may not include io"),
    ("core includes io (errors beside text escaping)", "libcost/core/errors.cpp", "io/table.h",
     "core (floor 1) includes io/table.h, but core may not include io"),
    ("pricing includes workload (cluster_quote.h)", "libcost/pricing/cluster_quote.h", "workload/scenario.h",
     "pricing (floor 2) includes workload/scenario.h, but pricing may not include workload"),
    ("the cluster spec includes pricing", "libcost/spec/cluster_spec.h", "pricing/price_book.h",
     "spec (floor 1) includes pricing/price_book.h, but spec may not include pricing"),
    ("policy includes bundle (policy_targets.h)", "libcost/policy/policy_targets.h", "bundle/bundle.h",
     "policy (floor 3) includes bundle/bundle.h, but policy may not include bundle"),
    ("policy includes workload (findings in scenario.h)", "libcost/policy/policy_finding.h", "workload/scenario.h",
     "policy (floor 3) includes workload/scenario.h, but policy may not include workload"),
    ("spot includes sim (the report built on the engine)", "libcost/spot/spot_model.h", "sim/engine.h",
     "spot (floor 3) includes sim/engine.h, but spot may not include sim"),
    ("io includes chargeback", "libcost/io/csv_reader.h", "chargeback/period.h",
     "io (floor 2) includes chargeback/period.h, but io may not include chargeback"),
    ("the CLI includes an internal header", "tools/cmd_alerts.cpp", "alerts/alert_rules.h",
     "includes alerts/alert_rules.h, which is internal to alerts"),
]


def run_check(root):
    r = subprocess.run([sys.executable, CHECK, "--root", root], capture_output=True, text=True)
    return r.returncode, r.stdout + r.stderr


def copy_tree(source, target):
    for top in ("libcost", "tools", "bindings", "bench"):
        shutil.copytree(os.path.join(source, top), os.path.join(target, top),
                        ignore=shutil.ignore_patterns("*.py", "*.json", "*.csv", "*.md", "*.sh"))
    os.makedirs(os.path.join(target, "docs"))
    shutil.copy(os.path.join(source, "docs", "architecture.md"), os.path.join(target, "docs", "architecture.md"))


def plan_cases():
    return [
        ("an arrow up a floor", "spot", "sim", "spot (floor 3) may include sim, which is on floor 4, above it"),
        ("a loop of arrows on one floor", "pricing", "usage", "the allowed arrows have a cycle"),
    ]


def add_arrow(plan, area, target):
    lines = plan.split("\n")
    inside = False
    for i, line in enumerate(lines):
        if line.startswith("### "):
            inside = line.startswith(f"### `{area}/`")
        elif inside and line.startswith("- **May include:**"):
            lines[i] = line + f", {target}"
            return "\n".join(lines)
    raise SystemExit(f"selftest: no May include line for {area}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", required=True)
    args = parser.parse_args()
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        clean = os.path.join(tmp, "clean")
        copy_tree(args.root, clean)
        code, out = run_check(clean)
        if code != 0:
            failures.append(f"the unbroken tree fails:\n{out}")
        for n, (name, path, include, expected) in enumerate(INCLUDE_CASES):
            tree = os.path.join(tmp, f"case{n}")
            shutil.copytree(clean, tree)
            with open(os.path.join(tree, path), "a", encoding="utf-8") as f:
                f.write(f'\n#include "{include}"\n')
            code, out = run_check(tree)
            if code != 1 or expected not in out or f"{path}:" not in out:
                failures.append(f"{name}: expected exit 1 and '{expected}' at {path}, got exit {code}:\n{out}")
        for n, (name, area, target, expected) in enumerate(plan_cases()):
            tree = os.path.join(tmp, f"plan{n}")
            shutil.copytree(clean, tree)
            plan_path = os.path.join(tree, "docs", "architecture.md")
            with open(plan_path, encoding="utf-8") as f:
                plan = f.read()
            with open(plan_path, "w", encoding="utf-8") as f:
                f.write(add_arrow(plan, area, target))
            code, out = run_check(tree)
            if code != 1 or expected not in out:
                failures.append(f"{name}: expected exit 1 and '{expected}', got exit {code}:\n{out}")
        tree = os.path.join(tmp, "stray")
        shutil.copytree(clean, tree)
        os.makedirs(os.path.join(tree, "libcost", "stray"))
        code, out = run_check(tree)
        if code != 1 or "libcost/stray/: an area that docs/architecture.md does not describe" not in out:
            failures.append(f"an undescribed area: got exit {code}:\n{out}")
    for f in failures:
        print("FAIL:", f)
    total = len(INCLUDE_CASES) + len(plan_cases()) + 2
    print(f"architecture selftest: {total - len(failures)} of {total} cases as expected")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
