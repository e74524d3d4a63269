# dbcost: `make run` and `make test` install missing Debian packages, build, and run.
JOBS ?= $(shell nproc)
MAKEFLAGS += --no-print-directory
BUILD := build
CLI := $(BUILD)/dbcost
# Warnings are errors in CI (.ci/run sets WERROR=ON) and the dev preset; never in a user's build.
WERROR ?= OFF

.PHONY: all deps configure build cli run test test-asan test-tsan test-pip stubs lint format bench bench-engine bench-cloudcost fuzz clean

all: build

deps:
	@./scripts/install-deps.sh

configure: deps
	@cmake --preset default -DDBCOST_WERROR=$(WERROR) >/dev/null

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

# Only the command-line tool: what `make run` runs.
cli: configure
	@cmake --build $(BUILD) -j $(JOBS) --target dbcost_cli

run: cli
	@$(CLI) run --trials 1000 --seed 1 --threads $(JOBS)

test: build
	@ctest --preset default -j $(JOBS)

test-asan: deps
	@cmake --preset asan >/dev/null
	@cmake --build build-asan -j $(JOBS)
	@ctest --preset asan -j $(JOBS) -LE python

# ThreadSanitizer over the unit and CLI tests: the threaded Monte Carlo, usage reader and sweeps.
test-tsan: deps
	@cmake --preset tsan >/dev/null
	@cmake --build build-tsan -j $(JOBS)
	@ctest --preset tsan -j $(JOBS) -LE python

test-pip: deps
	@/usr/bin/python3 tests/python/pip_install.py --work build-pip-test

stubs: build
	@PYTHONPATH=$(BUILD)/python /usr/bin/python3 scripts/make_stubs.py --out bindings/dbcost/_dbcost.pyi

lint: deps
	@clang-format --dry-run --Werror $$(git ls-files '*.cpp' '*.h')
	@cmake --preset default -DDBCOST_WERROR=$(WERROR) >/dev/null
	@clang-tidy -p $(BUILD) --quiet $$(git ls-files 'libcost/*.cpp') 2>/dev/null

format:
	@clang-format -i $$(git ls-files '*.cpp' '*.h')

bench: build
	@/usr/bin/python3 bench/engine_runs.py $(BUILD) --trials 20 --threads $(JOBS)
	@bench/spot/run.sh $(BUILD)
	@/usr/bin/python3 bench/chargeback/bench_chargeback.py $(BUILD)
	@/usr/bin/python3 bench/engine/bench_run.py $(BUILD) --trials 50,200 --threads $(JOBS) --numpy-trials 200 --repeat 1
	@/usr/bin/python3 bench/spot_cli/bench_spot_cli.py $(BUILD) --trials 100 --numpy-trials 50 --threads $(JOBS) --repeat 1

# What users run, against numpy (bench/engine/README.md): `dbcost run` on the 500-job month at ENGINE_TRIALS and
# `dbcost spot` on 500 spot jobs, best of BENCH_REPEAT each. Takes several minutes; not part of `make bench`.
ENGINE_TRIALS ?= 1000,10000
BENCH_REPEAT ?= 3
bench-engine: cli
	@/usr/bin/python3 bench/engine/bench_run.py $(BUILD) --trials $(ENGINE_TRIALS) --threads $(JOBS) --repeat $(BENCH_REPEAT)
	@/usr/bin/python3 bench/spot_cli/bench_spot_cli.py $(BUILD) --threads $(JOBS) --repeat $(BENCH_REPEAT)

# The whole bill (bench/cloudcost/README.md): a month of a NODES-VM workspace's usage and cloud cost exports, joined
# by dbcost and by pandas. Takes minutes and 4 GB of disk at the default size; not part of `make bench`.
NODES ?= 5000
bench-cloudcost: build
	@/usr/bin/python3 bench/cloudcost/bench_cloud_join.py $(BUILD) --nodes $(NODES)

# libFuzzer targets (docs/fuzzing.md): FUZZ_SECONDS per target; non-zero exit when one finds a crash.
FUZZ_SECONDS ?= 60
fuzz:
	@./scripts/install-deps.sh clang libclang-rt-14-dev
	@cmake --preset fuzz >/dev/null
	@cmake --build build-fuzz -j $(JOBS) --target dbcost_fuzz
	@/usr/bin/python3 tests/fuzz/seed_corpus.py --out build-fuzz/corpus
	@/usr/bin/python3 tests/fuzz/run_fuzz.py --build build-fuzz --seconds $(FUZZ_SECONDS)

clean:
	rm -rf build build-asan build-tsan build-fuzz build-release build-pip build-pip-test
