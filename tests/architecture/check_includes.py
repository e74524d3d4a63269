#!/usr/bin/env python3
"""Checks the source tree against the floor plan in docs/architecture.md.

The plan gives, for every area of libcost/ (a `### area` heading), its floor (`- **Floor:** N`),
the areas it may include (`- **May include:** a, b` or `none`) and its public headers
(`- **Public:** `x.h`, `y.h``). The tree passes when:
  - every folder of libcost/ is an area of the plan and every area of the plan is a folder;
  - every declared arrow goes to a lower floor or to the same floor, and the arrows have no cycle;
  - every `#include "area/file.h"` in libcost/ stays in its area or follows a declared arrow;
  - an include from another area, tools/, bindings/ or bench/ names a public header of its area;
  - every public header named exists.
Tests (tests/) may include any header. Exit 0 when the tree passes, 1 with one line per breach.
"""
import argparse
import os
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"/]+)/([^"]+)"')


def read_plan(path):
    areas = {}
    current = None
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            heading = re.match(r"^### `([a-z_]+)/?`", line)
            if heading:
                current = heading.group(1)
                areas[current] = {"line": number, "floor": None, "may": None, "public": None}
                continue
            if current is None:
                continue
            item = re.match(r"^- \*\*(Floor|May include|Public):\*\*\s*(.*)$", line.rstrip())
            if not item:
                continue
            key, value = item.groups()
            if key == "Floor":
                areas[current]["floor"] = int(value.split()[0])
            elif key == "May include":
                names = re.findall(r"`?([a-z_]+)`?", value)
                areas[current]["may"] = set() if value.strip().startswith("none") else set(names)
            else:
                areas[current]["public"] = set(re.findall(r"`([^`]+\.h)`", value))
    return areas


def plan_problems(areas, plan_path):
    problems = []
    for name, a in areas.items():
        for key in ("floor", "may", "public"):
            if a[key] is None:
                problems.append(f"{plan_path}:{a['line']}: area {name}: no '{key}' line")
    if problems:
        return problems
    for name, a in sorted(areas.items()):
        for target in sorted(a["may"]):
            if target not in areas:
                problems.append(f"{plan_path}:{a['line']}: area {name} may include '{target}', which is no area")
            elif areas[target]["floor"] > a["floor"]:
                problems.append(
                    f"{plan_path}:{a['line']}: area {name} (floor {a['floor']}) may include {target}, "
                    f"which is on floor {areas[target]['floor']}, above it")
    problems += cycle_problems(areas, plan_path)
    return problems


def cycle_problems(areas, plan_path):
    state = {}
    stack = []

    def visit(name):
        state[name] = "open"
        stack.append(name)
        for target in sorted(areas[name]["may"]):
            if target not in areas:
                continue
            if state.get(target) == "open":
                loop = stack[stack.index(target):] + [target]
                return [f"{plan_path}: the allowed arrows have a cycle: {' -> '.join(loop)}"]
            if target not in state:
                found = visit(target)
                if found:
                    return found
        stack.pop()
        state[name] = "done"
        return []

    for name in sorted(areas):
        if name not in state:
            found = visit(name)
            if found:
                return found
    return []


def source_files(root, top):
    base = os.path.join(root, top)
    for directory, _, files in os.walk(base):
        for f in sorted(files):
            if f.endswith((".h", ".cpp")):
                yield os.path.join(directory, f)


def tree_problems(root, areas):
    problems = []
    libcost = os.path.join(root, "libcost")
    folders = {d for d in os.listdir(libcost) if os.path.isdir(os.path.join(libcost, d))}
    for d in sorted(folders - set(areas)):
        problems.append(f"libcost/{d}/: an area that docs/architecture.md does not describe")
    for d in sorted(set(areas) - folders):
        problems.append(f"docs/architecture.md: area {d} has no folder libcost/{d}/")
    for name, a in sorted(areas.items()):
        for header in sorted(a["public"]):
            if not os.path.isfile(os.path.join(libcost, name, header)):
                problems.append(f"docs/architecture.md: public header {name}/{header} does not exist")
    for top in ("libcost", "tools", "bindings", "bench"):
        for path in source_files(root, top):
            rel = os.path.relpath(path, root)
            parts = rel.split(os.sep)
            source_area = parts[1] if top == "libcost" and len(parts) > 2 else None
            with open(path, encoding="utf-8") as f:
                for number, line in enumerate(f, 1):
                    m = INCLUDE.match(line)
                    if not m or m.group(1) not in areas:
                        continue
                    area, header = m.groups()
                    where = f"{rel}:{number}"
                    if source_area == area:
                        continue
                    if source_area is not None and area not in areas.get(source_area, {}).get("may", set()):
                        problems.append(
                            f"{where}: {source_area} (floor {areas[source_area]['floor']}) includes {area}/{header}, "
                            f"but {source_area} may not include {area} (floor {areas[area]['floor']})")
                    elif header not in areas[area]["public"]:
                        problems.append(f"{where}: includes {area}/{header}, which is internal to {area}")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", required=True, help="the source tree")
    parser.add_argument("--plan", help="the floor plan (default: ROOT/docs/architecture.md)")
    args = parser.parse_args()
    plan_path = args.plan or os.path.join(args.root, "docs", "architecture.md")
    areas = read_plan(plan_path)
    if not areas:
        print(f"{plan_path}: no areas (### `name` headings)")
        return 1
    problems = plan_problems(areas, plan_path)
    if not problems:
        problems = tree_problems(args.root, areas)
    for p in problems:
        print(p)
    if problems:
        print(f"architecture: {len(problems)} breach(es) of {plan_path}")
        return 1
    print(f"architecture: {len(areas)} areas, every include follows the plan")
    return 0


if __name__ == "__main__":
    sys.exit(main())
