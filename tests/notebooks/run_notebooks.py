#!/usr/bin/env python3
"""Executes every notebook in notebooks/ (or the ones named) with nbclient, in memory.

The kernel is the interpreter running this script (a private kernelspec named python3 that runs
sys.executable), with this process's environment: PYTHONPATH must reach the dbcost package
(<build>/python, or --build DIR), DBCOST_CLI the dbcost CLI and DBCOST_SOURCE_DIR the repository.
A notebook stored with outputs is an error, and the executed notebooks are never written back.
Exit status: 0 when every notebook ran, 1 otherwise, naming each failing notebook with its cell's error.

  /usr/bin/python3 tests/notebooks/run_notebooks.py --build build            # all notebooks
  /usr/bin/python3 tests/notebooks/run_notebooks.py --build build whatif     # one
"""
import argparse
import json
import os
import pathlib
import re
import sys
import tempfile
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = pathlib.Path(__file__).resolve().parents[2]
ANSI = re.compile(r"\x1b\[[0-9;]*m")  # the colours of IPython's tracebacks


def stored_outputs(nb):
    """The indices of code cells stored with outputs or execution counts."""
    return [i for i, c in enumerate(nb.cells)
            if c.cell_type == "code" and (c.get("outputs") or c.get("execution_count") is not None)]


def private_kernelspec(directory):
    """A kernelspec 'python3' running this interpreter, found first through JUPYTER_PATH."""
    spec = pathlib.Path(directory) / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": f"Python 3 ({sys.executable})",
        "language": "python",
    }))
    os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(directory), os.environ.get("JUPYTER_PATH")]))


def run(path, timeout):
    """None if the notebook ran, else the reason it did not."""
    nb = nbformat.read(path, as_version=4)
    stored = stored_outputs(nb)
    if stored:
        return f"stored with outputs in cells {stored}; clear them before committing"
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", allow_errors=False,
                            resources={"metadata": {"path": str(path.parent)}})
    try:
        client.execute()
    except CellExecutionError as e:
        return ANSI.sub("", str(e))
    except Exception as e:  # a dead kernel, a timeout, a malformed notebook
        return f"{type(e).__name__}: {e}"
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("names", nargs="*", help="notebook names (stem or file name); default: all")
    parser.add_argument("--notebooks", type=pathlib.Path, default=ROOT / "notebooks")
    parser.add_argument("--build", type=pathlib.Path,
                        help="a build directory: sets PYTHONPATH=DIR/python and DBCOST_CLI=DIR/dbcost if unset")
    parser.add_argument("--timeout", type=int, default=300, help="seconds per cell")
    args = parser.parse_args()

    if args.build:
        build = args.build.resolve()
        os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(build / "python"), os.environ.get("PYTHONPATH")]))
        os.environ.setdefault("DBCOST_CLI", str(build / "dbcost"))
    os.environ.setdefault("DBCOST_SOURCE_DIR", str(ROOT))
    os.environ["MPLBACKEND"] = "Agg"
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")  # ipykernel's debugger warns on frozen modules

    paths = sorted(args.notebooks.glob("*.ipynb"))
    if args.names:
        wanted = {pathlib.Path(n).stem for n in args.names}
        paths = [p for p in paths if p.stem in wanted]
        missing = wanted - {p.stem for p in paths}
        if missing:
            print(f"no such notebook in {args.notebooks}: {', '.join(sorted(missing))}", file=sys.stderr)
            return 2
    if not paths:
        print(f"no notebooks in {args.notebooks}", file=sys.stderr)
        return 2

    failures = []
    with tempfile.TemporaryDirectory(prefix="dbcost-kernels-") as kernels, \
         tempfile.TemporaryDirectory(prefix="dbcost-ipython-") as ipython:
        private_kernelspec(kernels)
        os.environ["IPYTHONDIR"] = ipython  # no user profile or startup files
        for path in paths:
            start = time.monotonic()
            error = run(path, args.timeout)
            seconds = time.monotonic() - start
            print(f"{'ok  ' if error is None else 'FAIL'} {path.name} ({seconds:.1f} s)", flush=True)
            if error is not None:
                failures.append((path.name, error))
    for name, error in failures:
        print(f"\n=== {name} failed:\n{error}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
