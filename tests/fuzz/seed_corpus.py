#!/usr/bin/env python3
"""Builds the seed corpus of each fuzz target from the repository's inputs.

    seed_corpus.py [--root DIR] [--out BUILD/corpus]

Writes <out>/<target>/<sha1 of content> for every target in tests/fuzz/ (see docs/fuzzing.md):
scenario files, bundles, policies, usage exports, price books and instance catalogs found in
scenarios/, tests/data/, tests/<area>/data/, tests/golden/ and tests/bad_inputs/, sorted by content;
for the cron target, "EXPR\\nZONE\\n" built from the expressions and time zones the tests and
scenarios use. A file longer than the target's -max_len is cut at a line boundary (CSV: the header
and as many whole rows as fit), so every seed is read whole. The crashing inputs kept in
tests/fuzz/regressions/<target>/ are added too. Existing corpus files are kept: the corpus grows.
"""
import argparse
import gzip
import hashlib
import pathlib
import re

# Must agree with run_fuzz.py.
MAX_LEN = {
    "scenario_reader": 16384,
    "quartz_cron": 256,
    "bundle_reader": 8192,
    "policy_reader": 8192,
    "usage_reader": 8192,
    "price_book_reader": 8192,
    "instance_catalog_reader": 8192,
}

SKIP_SUFFIXES = (".golden", ".gen", ".py", ".md", ".cpp", ".h", ".java", ".txt")


def candidates(root):
    """Every input file under the data folders, sorted."""
    dirs = [root / "scenarios", root / "tests" / "data", root / "tests" / "golden", root / "tests" / "bad_inputs"]
    dirs += sorted(p for p in (root / "tests").glob("*/data") if p.is_dir())
    seen = set()
    for d in dirs:
        if not d.is_dir():
            continue
        for p in sorted(d.rglob("*")):
            if p.is_file() and p not in seen and not p.name.endswith(SKIP_SUFFIXES):
                seen.add(p)
                yield p


def read_bytes(path):
    data = path.read_bytes()
    if path.suffix == ".gz":
        try:
            data = gzip.decompress(data)
        except OSError:
            pass
    return data


def classify(path, data):
    """The targets a file seeds, from its name and content."""
    name = path.name.lower()
    text = data[:4096].decode("utf-8", "replace")
    header = text.splitlines()[0].lower() if text.splitlines() else ""
    if name.endswith((".csv", ".csv.gz")) or path.parent.name in ("prices", "instances"):
        if path.parent.name == "prices":
            return ["price_book_reader"]
        if path.parent.name == "instances":
            return ["instance_catalog_reader"]
        if "usage_quantity" in header:
            return ["usage_reader"]
        if "price_start_time" in header or ("sku_name" in header and "price" in header):
            return ["price_book_reader"]
        if "node_type_id" in header and "dbus_per_hour" in header:
            return ["instance_catalog_reader"]
        if "multiplier" in header or "cluster_size" in header:
            return ["instance_catalog_reader"]
        return []
    if name.endswith(".json"):
        return ["policy_reader"]
    if name.endswith((".yml", ".yaml")):
        if path.parent.name == "policy" or "policy" in str(path.parent):
            return ["policy_reader"] if "definition" in text or '"type"' in text else []
        if re.search(r"^(bundle|targets|include):", text, re.M) or name in ("databricks.yml", "bundle.yml"):
            return ["bundle_reader"]
        if re.search(r"^(period|jobs|scenario):", text, re.M) or path.parent.name in ("scenario", "bad_scenarios"):
            return ["scenario_reader"]
    return []


def cron_seeds(root):
    """EXPR\\nZONE\\n for every Quartz expression the tests and scenarios name."""
    exprs, zones = set(), {"UTC"}
    cron = re.compile(r'"((?:[0-9*?/LW#A-Za-z,-]+[ \t]+){5,6}[0-9*?/LW#A-Za-z,-]+)"')
    zone = re.compile(r'"?((?:Africa|America|Antarctica|Asia|Atlantic|Australia|Europe|Pacific|US)/[A-Za-z_]+)"?')
    sources = sorted((root / "tests" / "schedule").glob("*.cpp")) + sorted((root / "tests" / "golden").glob("*/cmd"))
    sources += sorted((root / "scenarios").rglob("*.y*ml")) + sorted((root / "tests" / "data").rglob("*.yaml"))
    for p in sources:
        text = p.read_text(errors="replace")
        exprs.update(m.group(1) for m in cron.finditer(text))
        zones.update(m.group(1) for m in zone.finditer(text))
    zones = sorted(zones)
    out = []
    for i, e in enumerate(sorted(exprs)):
        out.append(f"{e}\n{zones[i % len(zones)]}\n".encode())
    for z in zones:
        out.append(f"0 30 2 * * ?\n{z}\n2026-03-01\n".encode())
    return out


def cut(data, limit, csv):
    if len(data) <= limit:
        return data
    lines = data.splitlines(keepends=True)
    out = b""
    for line in lines:
        if len(out) + len(line) > limit:
            break
        out += line
    return out if (out or not csv) else data[:limit]


def write(out_dir, data):
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / hashlib.sha1(data).hexdigest()).write_bytes(data)


def main():
    here = pathlib.Path(__file__).resolve().parent
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", type=pathlib.Path, default=here.parent.parent)
    ap.add_argument("--out", type=pathlib.Path, default=here.parent.parent / "build-fuzz" / "corpus")
    args = ap.parse_args()
    root = args.root.resolve()
    seeds = {t: [] for t in MAX_LEN}
    for p in candidates(root):
        data = read_bytes(p)
        for t in classify(p.relative_to(root), data):
            seeds[t].append(cut(data, MAX_LEN[t], p.suffix != ".yml" and p.suffix != ".yaml"))
    seeds["quartz_cron"] += cron_seeds(root)
    for t in MAX_LEN:
        reg = here / "regressions" / t
        if reg.is_dir():
            seeds[t] += [p.read_bytes() for p in sorted(reg.iterdir()) if p.is_file()]
    for t, items in seeds.items():
        for data in items:
            write(args.out / t, data)
        print(f"{t:24} {len(set(items)):4} seeds -> {args.out / t}")


if __name__ == "__main__":
    main()
