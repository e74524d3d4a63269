#!/usr/bin/env python3
"""Runs every CLI golden case under tests/golden/ (see README.md) and compares output exactly."""
import argparse
import pathlib
import shlex
import subprocess
import sys
import tempfile


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--root", required=True)
    ap.add_argument("--update", action="store_true")
    ap.add_argument("cases", nargs="*", help="run (or update) only these cases")
    args = ap.parse_args()
    root = pathlib.Path(args.root)
    here = root / "tests" / "golden"
    cases = sorted(p for p in here.iterdir() if (p / "cmd").is_file() and (not args.cases or p.name in args.cases))
    failed = []
    for case in cases:
        with tempfile.TemporaryDirectory() as tmp:
            line = (case / "cmd").read_text().strip().replace("{root}", ".").replace("{tmp}", tmp)
            proc = subprocess.run([args.cli, *shlex.split(line)], capture_output=True, text=True, cwd=root)
            proc.stdout = proc.stdout.replace(tmp, "{tmp}")
            proc.stderr = proc.stderr.replace(tmp, "{tmp}")
            if (case / "files").is_file():
                for name in (case / "files").read_text().split():
                    written = pathlib.Path(tmp) / name
                    body = written.read_text() if written.is_file() else "(not written)\n"
                    proc.stdout += f"==> {{tmp}}/{name} <==\n{body}"
        expected_exit = int((case / "exit").read_text().strip()) if (case / "exit").is_file() else 0
        if args.update:
            (case / "stdout").write_text(proc.stdout)
            if proc.stderr or (case / "stderr").is_file():
                (case / "stderr").write_text(proc.stderr)
            if proc.returncode != 0:
                (case / "exit").write_text(f"{proc.returncode}\n")
            continue
        problems = []
        if proc.returncode != expected_exit:
            problems.append(f"exit {proc.returncode}, expected {expected_exit}")
        if proc.stdout != (case / "stdout").read_text():
            problems.append("stdout differs:\n" + proc.stdout)
        if (case / "stderr").is_file() and proc.stderr != (case / "stderr").read_text():
            problems.append("stderr differs:\n" + proc.stderr)
        if problems:
            failed.append(case.name)
            print(f"FAIL {case.name}: " + "; ".join(problems))
    scenarios = sorted((root / "scenarios").glob("*.yaml"))
    for s in scenarios:
        if not (here / f"run_{s.stem}").is_dir():
            failed.append(f"run_{s.stem}")
            print(f"FAIL scenarios/{s.name} has no golden case tests/golden/run_{s.stem}/")
    passed = len(cases) - len([f for f in failed if not f.startswith("run_") or (here / f).is_dir()])
    print(f"golden: {passed} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
