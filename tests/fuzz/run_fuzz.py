#!/usr/bin/env python3
"""Runs every fuzz target for a set time and reports what it did.

    run_fuzz.py --build build-fuzz [--seconds 60] [TARGET ...]

For each target (all of them by default): replays tests/fuzz/regressions/<target>/, then fuzzes for
--seconds over two corpus folders: <build>/corpus/<target>/ (seeded by seed_corpus.py from the
repository's inputs; libFuzzer adds the inputs it finds here) and tests/fuzz/corpus/<target>/ (the
corpus kept in the repository), with -max_len per reader, -rss_limit_mb=2048 and -timeout=10, the
target's dictionary when there is one, in an empty working directory. Afterwards the inputs that
reach code the kept corpus does not are merged into it (libFuzzer -merge=1, cut to -max_len), and
the run's executions and seconds are added to tests/fuzz/corpus/executions.csv, so that both
accumulate across runs and machines. A crash, sanitizer report, timeout, out-of-memory or leak
leaves its input in <build>/artifacts/<target>/ and the log in <build>/logs/<target>.log. Prints
executions, executions per second, seconds, the kept corpus's files and bytes and the executions of
all runs per target; exits 1 when any target found something (2 when a target could not be run).
"""
import argparse
import csv
import pathlib
import re
import subprocess
import sys
import time

# Must agree with seed_corpus.py.
MAX_LEN = {
    "scenario_reader": 16384,
    "quartz_cron": 256,
    "bundle_reader": 8192,
    "policy_reader": 8192,
    "usage_reader": 8192,
    "price_book_reader": 8192,
    "instance_catalog_reader": 8192,
}
ARTIFACT_KINDS = ("crash-", "leak-", "timeout-", "oom-", "slow-unit-")


def stat(log, name):
    m = re.findall(rf"stat::{name}:\s+(\d+)", log)
    return int(m[-1]) if m else 0


def artifacts(directory):
    return sorted(p for p in directory.glob("*") if p.name.startswith(ARTIFACT_KINDS[:4]))


def read_ledger(path):
    """{target: {"runs", "executions", "seconds"}} from executions.csv (empty when there is none)."""
    if not path.exists():
        return {}
    with path.open(newline="") as f:
        return {r["target"]: {k: int(r[k]) for k in ("runs", "executions", "seconds")} for r in csv.DictReader(f)}


def write_ledger(path, ledger):
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["target", "runs", "executions", "seconds"])
        for t in sorted(ledger):
            w.writerow([t, ledger[t]["runs"], ledger[t]["executions"], ledger[t]["seconds"]])
    tmp.replace(path)


def merge_into_kept(binary, kept, scratch, max_len, work, log):
    """Adds to `kept` the inputs of `scratch` that reach code `kept` does not.

    libFuzzer writes the merged inputs into the first folder it is given. Without -max_len a merge
    reads inputs of up to 1 MB and copies them whole; with it, each input is cut to the reader's
    -max_len (as the fuzzing run saw it) both when its coverage is measured and when it is copied."""
    r = subprocess.run([str(binary), "-merge=1", f"-max_len={max_len}", "-rss_limit_mb=2048", "-timeout=10",
                        str(kept), str(scratch)], cwd=work, capture_output=True, text=True, errors="replace")
    log.write_text(r.stdout + r.stderr)
    return r.returncode == 0


def run_target(build, here, target, seconds):
    binary = build / "fuzz" / f"fuzz_{target}"
    corpus = build / "corpus" / target
    kept = here / "corpus" / target
    art = build / "artifacts" / target
    work = build / "fuzz-work" / target
    logs = build / "logs"
    for d in (corpus, kept, art, work, logs):
        d.mkdir(parents=True, exist_ok=True)
    if not binary.exists():
        print(f"{target}: {binary} is missing (build the fuzz preset first)", file=sys.stderr)
        return None
    common = [f"-max_len={MAX_LEN[target]}", "-rss_limit_mb=2048", "-timeout=10", f"-artifact_prefix={art}/"]
    found = []
    regressions = sorted(p for p in (here / "regressions" / target).glob("*") if p.is_file())
    if regressions:
        r = subprocess.run([str(binary), *common, *map(str, regressions)], cwd=work, capture_output=True, text=True)
        (logs / f"{target}.regressions.log").write_text(r.stdout + r.stderr)
        if r.returncode != 0:
            found.append(f"a kept regression input fails again (see {logs / f'{target}.regressions.log'})")
    before = set(artifacts(art))
    cmd = [str(binary), *common, f"-max_total_time={seconds}", "-print_final_stats=1", "-reload=0"]
    dictionary = here / f"{target}.dict"
    if dictionary.exists():
        cmd.append(f"-dict={dictionary}")
    cmd += [str(corpus), str(kept)]
    start = time.monotonic()
    r = subprocess.run(cmd, cwd=work, capture_output=True, text=True, errors="replace")
    elapsed = time.monotonic() - start
    log = r.stdout + r.stderr
    (logs / f"{target}.log").write_text(log)
    new = [p for p in artifacts(art) if p not in before]
    if r.returncode != 0 or new:
        found.append(
            f"exit {r.returncode}; artifacts: {', '.join(str(p) for p in new) or 'none'}; log: {logs / f'{target}.log'}"
        )
        summary = [ln for ln in log.splitlines() if "ERROR:" in ln or "SUMMARY:" in ln or "terminate" in ln]
        found += summary[:4]
    if not merge_into_kept(binary, kept, corpus, MAX_LEN[target], work, logs / f"{target}.merge.log"):
        found.append(f"merging into {kept} failed (see {logs / f'{target}.merge.log'})")
    return {
        "execs": stat(log, "number_of_executed_units"),
        "per_second": stat(log, "average_exec_per_sec"),
        "seconds": elapsed,
        "corpus": sum(1 for p in kept.iterdir() if p.is_file()),
        "corpus_bytes": sum(p.stat().st_size for p in kept.iterdir() if p.is_file()),
        "found": found,
    }


def main():
    here = pathlib.Path(__file__).resolve().parent
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", type=pathlib.Path, required=True)
    ap.add_argument("--seconds", type=int, default=60)
    ap.add_argument("targets", nargs="*", default=list(MAX_LEN))
    args = ap.parse_args()
    build = args.build.resolve()
    unknown = [t for t in args.targets if t not in MAX_LEN]
    if unknown:
        ap.error(f"unknown target(s) {', '.join(unknown)}; known: {', '.join(MAX_LEN)}")
    results, broken = {}, False
    ledger_path = here / "corpus" / "executions.csv"
    ledger = read_ledger(ledger_path)
    for t in args.targets:
        print(f"fuzzing {t} for {args.seconds}s ...", flush=True)
        res = run_target(build, here, t, args.seconds)
        if res is None:
            broken = True
            continue
        results[t] = res
        total = ledger.setdefault(t, {"runs": 0, "executions": 0, "seconds": 0})
        total["runs"] += 1
        total["executions"] += res["execs"]
        total["seconds"] += round(res["seconds"])
        write_ledger(ledger_path, ledger)
    print(f"\n{'target':24} {'execs':>10} {'execs/s':>8} {'seconds':>8} {'corpus':>7} {'bytes':>9} "
          f"{'all runs':>12}  result")
    for t, r in results.items():
        verdict = "FOUND" if r["found"] else "ok"
        print(f"{t:24} {r['execs']:10d} {r['per_second']:8d} {r['seconds']:8.0f} {r['corpus']:7d} "
              f"{r['corpus_bytes']:9d} {ledger[t]['executions']:12d}  {verdict}")
    for t, r in results.items():
        for line in r["found"]:
            print(f"{t}: {line}")
    if broken:
        return 2
    return 1 if any(r["found"] for r in results.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
