#!/usr/bin/env bash
# Spot-eviction Monte Carlo, C++ against numpy: builds dbcost_spot_bench, runs it on the 500-job x 30-day
# portfolio, runs bench/spot/spot_numpy.py on the same portfolio, and prints runs/s per core, the C++ / numpy
# ratio, the model / RNG-only ratio and whether the two agree statistically.
#
# Usage: bench/spot/run.sh [BUILD_DIR]    (default: build; env TRIALS=200, NUMPY_TRIALS=$TRIALS, THREADS=2,
#                                          NUMPY_LAYOUT=both|trials|days)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
trials=${TRIALS:-200}
numpy_trials=${NUMPY_TRIALS:-$trials}
threads=${THREADS:-2}
layout=${NUMPY_LAYOUT:-both}

bench=$build/bench/dbcost_spot_bench
cmake --build "$build" --target dbcost_spot_bench -j "$(nproc)" >/dev/null

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo "== C++ ($bench)"
"$bench" --trials "$trials" --threads "$threads" --out "$out"
echo "== numpy (/usr/bin/python3)"
status=0
/usr/bin/python3 "$root/bench/spot/spot_numpy.py" "$out" --trials "$numpy_trials" --layout "$layout" | tee "$out/numpy.txt" ||
  status=$?
echo "== summary"
grep -E "^1 thread|threads:|RNG only" "$out/cpp_summary.txt"
grep -E "numpy, vectorized|C\+\+ / numpy|agreement:" "$out/numpy.txt"
exit "$status"
