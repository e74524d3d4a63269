"""Sharded runs and chargebacks equal the single-process ones exactly (pickling, Result.concat,
ledgers), locally and on a dask.distributed LocalCluster."""
import pickle

import numpy as np
import pandas as pd
import pytest

import dbcost
import dbcost.dask


@pytest.fixture
def scenario(root):
    return dbcost.Scenario.load(str(root / "scenarios/travel_platform.yaml"))


def test_trial_ranges_cover_every_trial_once():
    assert dbcost.dask.trial_ranges(10, 3) == [(0, 4), (4, 3), (7, 3)]
    assert dbcost.dask.trial_ranges(2, 5) == [(0, 1), (1, 1)]
    with pytest.raises(ValueError):
        dbcost.dask.trial_ranges(0, 2)


def test_shards_concatenate_to_the_whole_run(scenario):
    whole = scenario.run(trials=9, seed=4, record_runs=True)
    shards = [scenario.run(trials=n, seed=4, first_trial=f, record_runs=True) for f, n in [(0, 4), (4, 5)]]
    merged = dbcost.Result.concat([pickle.loads(pickle.dumps(s)) for s in shards])
    for key, value in whole.samples.items():
        np.testing.assert_array_equal(merged.samples[key], value, err_msg=key)
    np.testing.assert_array_equal(merged.runs["cost"], whole.runs["cost"])
    pd.testing.assert_frame_equal(merged.teams, whole.teams)
    assert merged.to_json() == whole.to_json()


def test_scenarios_and_results_pickle(scenario, root):
    again = pickle.loads(pickle.dumps(scenario.variant("no_spot")))
    assert again.name == scenario.name
    r = again.run(trials=3, seed=2)
    np.testing.assert_array_equal(pickle.loads(pickle.dumps(r)).samples["total_cost"], r.samples["total_cost"])
    from_text = dbcost.Scenario.from_yaml((root / "scenarios/travel_platform.yaml").read_text())
    np.testing.assert_array_equal(pickle.loads(pickle.dumps(from_text)).run(trials=2).samples["total_cost"],
                                  scenario.run(trials=2).samples["total_cost"])


def test_ledgers_merge_to_the_single_read(root, tmp_path):
    usage = root / "tests/data/chargeback/usage_march.csv"
    prices = str(root / "tests/data/chargeback/list_prices.csv")
    lines = usage.read_text().splitlines(keepends=True)
    parts = []
    for k, chunk in enumerate([lines[1:6], lines[6:12], lines[12:]]):
        p = tmp_path / f"part{k}.csv"
        p.write_text(lines[0] + "".join(chunk))
        parts.append(str(p))
    whole = dbcost.chargeback(str(usage), prices=prices, shared="even")
    ledgers = [pickle.loads(pickle.dumps(dbcost.usage_ledger(p, prices=prices))) for p in parts]
    assert sum(l.records for l in ledgers) == len(lines) - 1
    pd.testing.assert_frame_equal(dbcost.chargeback_ledgers(ledgers, prices=prices, shared="even"), whole)


def test_on_a_local_dask_cluster(scenario, root, tmp_path):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with distributed.Client(cluster) as client:
            merged = dbcost.dask.run(scenario, trials=7, seed=3, client=client, shards=3)
            whole = scenario.run(trials=7, seed=3)
            np.testing.assert_array_equal(merged.samples["total_cost"], whole.samples["total_cost"])
            assert merged.to_json() == whole.to_json()
            exported = scenario.usage_export(seed=5)
            usage_files = []
            for k, chunk in enumerate(np.array_split(np.arange(len(exported["usage"])), 3)):
                p = tmp_path / f"usage{k}.csv"
                exported["usage"].iloc[chunk].to_csv(p, index=False)
                usage_files.append(str(p))
            prices = tmp_path / "prices.csv"
            exported["prices"].to_csv(prices, index=False)
            table = dbcost.dask.chargeback(usage_files, client=client, prices=str(prices), shared="none")
            single = dbcost.chargeback(exported["usage"], prices=exported["prices"], shared="none")
            pd.testing.assert_frame_equal(table, single)
