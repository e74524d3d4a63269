#!/usr/bin/env python3
"""`pip install .` offline into a scratch directory, then `import dbcost` from there alone.

Runs `python -m pip install --no-build-isolation --no-deps --no-index --target WORK/target SOURCE` with
this interpreter (setup.py builds the extension through CMake in WORK/build, kept between runs so a
second run only rebuilds what changed; with --cmake-build DIR it brings the target _dbcost of that
existing build up to date instead of configuring a new one), then imports the installed package in a fresh interpreter whose
only extra path is WORK/target, and prices the default scenario with it. Not a pytest file: ctest runs it
as the test `pip_install` (label python). Exit 0 ok, 1 failed, 77 skipped (pip missing).

  /usr/bin/python3 tests/python/pip_install.py [--source REPO] [--work DIR] [--cmake-build DIR]
"""
import argparse
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time

CHECK = """
import pathlib, sys
import dbcost
target = pathlib.Path(sys.argv[1]).resolve()
assert pathlib.Path(dbcost.__file__).resolve().parent == target / "dbcost", dbcost.__file__
assert pathlib.Path(dbcost._dbcost.__file__).resolve().parent == target / "dbcost", dbcost._dbcost.__file__
total = dbcost.Scenario.load(sys.argv[2]).run().to_json()["total"]["total_cost"]
assert total > 0, total
stubs = target / "dbcost" / "_dbcost.pyi"
assert stubs.exists() and "class Scenario" in stubs.read_text(), stubs
assert (target / "dbcost" / "py.typed").exists()
print(dbcost.Scenario, dbcost.__version__, f"expected month {total:.2f}")
"""


def main():
    root = pathlib.Path(__file__).resolve().parents[2]
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", type=pathlib.Path, default=root, help="the repository (default: this one)")
    parser.add_argument("--work", type=pathlib.Path, help="scratch directory, kept (default: a temporary one)")
    parser.add_argument("--cmake-build", type=pathlib.Path,
                        help="an existing CMake build of REPO to reuse (default: a fresh one in WORK/build)")
    args = parser.parse_args()

    if subprocess.run([sys.executable, "-m", "pip", "--version"], capture_output=True).returncode != 0:
        print(f"skipped: no pip for {sys.executable} (Debian: apt-get install python3-pip)")
        return 77

    scratch = None
    if args.work is None:
        scratch = tempfile.TemporaryDirectory(prefix="dbcost-pip-")
        args.work = pathlib.Path(scratch.name)
    work = args.work.resolve()
    target = work / "target"
    shutil.rmtree(target, ignore_errors=True)
    work.mkdir(parents=True, exist_ok=True)

    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env.update(DBCOST_PIP_BUILD_DIR=str(work / "build"), PIP_NO_INPUT="1", PIP_DISABLE_PIP_VERSION_CHECK="1")
    if args.cmake_build is not None:
        env["DBCOST_CMAKE_BUILD_DIR"] = str(args.cmake_build.resolve())
    start = time.monotonic()
    install = [sys.executable, "-m", "pip", "install", "--no-build-isolation", "--no-deps", "--no-index",
               "--target", str(target), str(args.source.resolve())]
    print(" ".join(install), flush=True)
    done = subprocess.run(install, env=env, cwd=work, capture_output=True, text=True)
    print(f"pip install: exit {done.returncode} after {time.monotonic() - start:.0f} s", flush=True)
    if done.returncode != 0:
        print(done.stdout[-8000:], done.stderr[-8000:], sep="\n", file=sys.stderr)
        return 1

    env["PYTHONPATH"] = str(target)
    scenario = args.source.resolve() / "scenarios" / "travel_platform.yaml"
    check = subprocess.run([sys.executable, "-c", CHECK, str(target), str(scenario)], env=env, cwd=work,
                           capture_output=True, text=True)
    print(check.stdout, end="")
    if check.returncode != 0:
        print(check.stderr, file=sys.stderr)
        return 1
    if scratch is not None:
        scratch.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
