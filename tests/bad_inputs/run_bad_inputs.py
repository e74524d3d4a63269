#!/usr/bin/env python3
"""Runs every malformed-input case under tests/bad_inputs/ (see README.md) and compares exactly.

A case is an input file `<reader>/<case>.<ext>` (or a recipe `<case>.<ext>.gen` that writes it)
with its expectation in `<case>.<ext>.golden`. Besides the golden comparison, a case fails when the
CLI is killed by a signal, exits 3 (internal error), runs past the timeout, or reports a bad input
without naming the file (or, for an argument, the option) it came from.
"""
import argparse
import os
import pathlib
import resource
import shlex
import subprocess
import sys
import tempfile

TIMEOUT_SECONDS = 20
MEMORY_LIMIT_BYTES = 2 << 30  # a reader that needs more than this on a small input is a bug
LIMIT_MEMORY = True


def parse_golden(text: str) -> dict:
    """Header lines `key: value`, then `--- stdout` and `--- stderr` sections, each exact."""
    golden = {"cmd": None, "exit": None, "stdout": "", "stderr": ""}
    section = None
    body: dict = {}
    pieces = text.split("\n")  # not splitlines(): a carriage return inside a message stays in it
    for line in [p + "\n" for p in pieces[:-1]] + ([pieces[-1]] if pieces[-1] else []):
        marker = line.rstrip("\n")
        if marker in ("--- stdout", "--- stderr"):
            section = marker[4:]
            body[section] = []
            continue
        if section:
            body[section].append(line)
        elif marker.strip() and not marker.startswith("#"):
            key, _, value = marker.partition(":")
            golden[key.strip()] = value.strip()
    for name, lines in body.items():
        golden[name] = "".join(lines)
    if golden["cmd"] is None or golden["exit"] is None:
        raise ValueError("a golden file needs cmd: and exit: lines")
    golden["exit"] = int(golden["exit"])
    return golden


def format_golden(cmd: str, code: int, stdout: str, stderr: str, comments: list) -> str:
    out = "".join(comments) + f"cmd: {cmd}\nexit: {code}\n"
    if stdout:
        out += "--- stdout\n" + stdout
    out += "--- stderr\n" + stderr
    return out


def input_of(golden_path: pathlib.Path) -> pathlib.Path:
    """`<case>.<ext>.golden` goes with `<case>.<ext>`, or with the recipe `<case>.<ext>.gen`."""
    plain = golden_path.with_name(golden_path.name[: -len(".golden")])
    recipe = plain.with_name(plain.name + ".gen")
    return recipe if recipe.is_file() and not plain.is_file() else plain


def read_exact(path: pathlib.Path) -> str:
    """The text as written: a carriage return in an expected message is kept."""
    with open(path, newline="") as f:
        return f.read()


def limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT_BYTES, MEMORY_LIMIT_BYTES))



def run_case(cli: str, root: pathlib.Path, golden_path: pathlib.Path, tmp: str):
    golden = parse_golden(read_exact(golden_path))
    source = input_of(golden_path)
    rel = "./" + source.relative_to(root).as_posix()
    if source.suffix == ".gen":
        # The recipe writes the input to argv[1]; the input lives in the temporary directory.
        target = pathlib.Path(tmp) / source.stem
        subprocess.run([sys.executable, str(source), str(target)], check=True, timeout=120)
        input_arg, input_shown, contents = str(target), "{tmp}/" + source.stem, target.read_bytes()
    else:
        input_arg, input_shown, contents = rel, rel, source.read_bytes()
    args = []
    for word in shlex.split(golden["cmd"]):
        if word == "{contents}":
            args.append(contents[:-1] if contents.endswith(b"\n") else contents)
            continue
        args.append(word.replace("{input}", input_arg).replace("{root}", ".").replace("{tmp}", tmp).encode())
    try:
        proc = subprocess.run(
            [cli.encode(), *args], capture_output=True, cwd=root, timeout=TIMEOUT_SECONDS,
            preexec_fn=limit_memory if LIMIT_MEMORY else None
        )
    except subprocess.TimeoutExpired:
        return golden, None, "", "", [f"BUG: no answer within {TIMEOUT_SECONDS} s"], input_shown
    stdout = proc.stdout.decode("utf-8", "backslashreplace").replace(tmp, "{tmp}")
    stderr = proc.stderr.decode("utf-8", "backslashreplace").replace(tmp, "{tmp}")
    bugs = []
    if proc.returncode < 0:
        bugs.append(f"BUG: killed by signal {-proc.returncode}")
    elif proc.returncode == 3:
        bugs.append("BUG: internal error (exit 3)")
    elif proc.returncode == 2:
        named = input_shown if "{input}" in golden["cmd"] else None
        if named and f"error: {named}:" not in stderr:
            bugs.append(f"BUG: the error does not start with the file name {named}")
        if not named and not stderr.startswith("error: "):
            bugs.append("BUG: the error is not an 'error: WHERE: WHAT' message")
    elif proc.returncode not in (0, 1):
        bugs.append(f"BUG: unexpected exit {proc.returncode}")
    return golden, proc.returncode, stdout, stderr, bugs, input_shown


def main() -> int:
    global LIMIT_MEMORY, TIMEOUT_SECONDS
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--root", required=True)
    ap.add_argument("--update", action="store_true", help="rewrite the golden files from the current CLI")
    ap.add_argument("--timeout", type=float, default=TIMEOUT_SECONDS,
                    help=f"seconds a case may take (default {TIMEOUT_SECONDS}; sanitizer builds run several times slower)")
    ap.add_argument("--no-memory-limit", action="store_true",
                    help="no address-space limit (sanitizer builds reserve terabytes of address space)")
    ap.add_argument("cases", nargs="*", help="only these cases (reader/case.ext, or a part of it)")
    args = ap.parse_args()
    LIMIT_MEMORY = not args.no_memory_limit
    TIMEOUT_SECONDS = args.timeout
    root = pathlib.Path(args.root).resolve()
    cli = os.path.abspath(args.cli) if os.sep in args.cli else args.cli
    here = root / "tests" / "bad_inputs"
    goldens = sorted(here.glob("*/*.golden"))
    if args.cases:
        goldens = [g for g in goldens if any(c in g.relative_to(here).as_posix() for c in args.cases)]
    failed = []
    readers: dict = {}
    for g in goldens:
        name = g.relative_to(here).as_posix()[: -len(".golden")]
        readers[name.split("/")[0]] = readers.get(name.split("/")[0], 0) + 1
        with tempfile.TemporaryDirectory() as tmp:
            try:
                golden, code, stdout, stderr, bugs, _ = run_case(cli, root, g, tmp)
            except (ValueError, OSError, subprocess.SubprocessError) as e:
                failed.append(name)
                print(f"FAIL {name}: {e}")
                continue
        comments = [line + "\n" for line in read_exact(g).split("\n") if line.startswith("#")]
        open_bug = any("OPEN BUG" in line for line in comments)
        if args.update and not bugs and not (open_bug and code != golden["exit"]):
            if open_bug:  # fixed: the note goes
                comments = [line for line in comments if "OPEN BUG" not in line]
            g.write_text(format_golden(golden["cmd"], code, stdout, stderr, comments))
            continue
        problems = list(bugs)
        if code is not None and code != golden["exit"]:
            problems.append(f"exit {code}, expected {golden['exit']}")
        if code is not None and stdout != golden["stdout"]:
            problems.append("stdout differs:\n" + stdout)
        if code is not None and stderr != golden["stderr"]:
            problems.append("stderr differs:\n" + stderr)
        if problems:
            failed.append(name)
            print(f"FAIL {name}: " + "; ".join(problems))
    failed_cases = list(failed)
    # Every input needs its golden file, and every golden file its input.
    for p in sorted(here.glob("*/*")):
        if p.suffix in (".golden", ".md") or p.is_dir():
            continue
        golden_name = (p.name[: -len(".gen")] if p.suffix == ".gen" else p.name) + ".golden"
        if not p.with_name(golden_name).is_file():
            failed.append(p.relative_to(here).as_posix())
            print(f"FAIL {p.relative_to(here).as_posix()} has no golden file {golden_name}")
    for g in sorted(here.glob("*/*.golden")):
        if not input_of(g).is_file():
            failed.append(g.relative_to(here).as_posix())
            print(f"FAIL {g.relative_to(here).as_posix()} has no input file")
    summary = ", ".join(f"{r} {n}" for r, n in sorted(readers.items()))
    print(f"bad inputs: {len(goldens) - len(failed_cases)} passed, {len(failed)} failed ({summary})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
