"""Trials and usage files spread over a dask.distributed cluster, merged exactly as one process.

``run`` cuts the trials of one run into consecutive ranges (``Scenario.run(first_trial=...)``); each
trial draws from its own random stream, numbered in the whole run, so the stacked shards
(``Result.concat``) are the numbers one process gives for the same seed. ``chargeback`` reads each
usage file into exact sums on a worker (``usage_ledger``) and allocates their exact merge on the
client (``chargeback_ledgers``), so the table is the one a single read of every file gives.

Scenarios travel as the path they were loaded from (made absolute; it must be readable on the
workers) or as their YAML text; usage files must be readable on the workers.
"""
from __future__ import annotations

from typing import Iterable, Optional, Sequence

from ._dbcost import Result, Scenario, chargeback_ledgers, usage_ledger

__all__ = ["run", "chargeback", "trial_ranges"]


def trial_ranges(trials: int, shards: int) -> list[tuple[int, int]]:
    """(first_trial, count) for ``shards`` near-equal consecutive ranges covering ``trials``."""
    if trials < 1:
        raise ValueError("trials must be at least 1 to shard a run")
    shards = max(1, min(shards, trials))
    base, extra = divmod(trials, shards)
    out, first = [], 0
    for k in range(shards):
        count = base + (1 if k < extra else 0)
        out.append((first, count))
        first += count
    return out


def _client(client):
    if client is not None:
        return client
    from distributed import get_client

    return get_client()


def _run_shard(scenario: Scenario, first: int, count: int, seed: int, threads: int, spot_rate, record_runs: bool):
    return scenario.run(trials=count, seed=seed, threads=threads, spot_rate=spot_rate, record_runs=record_runs,
                        first_trial=first)


def run(scenario: Scenario, trials: int, *, seed: int = 1, client=None, shards: Optional[int] = None,
        threads: int = 1, spot_rate: Optional[float] = None, record_runs: bool = False) -> Result:
    """Runs ``scenario.run(trials=..., seed=...)`` as ``shards`` tasks on a dask.distributed cluster
    (default: one per worker of ``client``, or of the current client) and returns the merged Result,
    equal to the single-process run with the same seed."""
    client = _client(client)
    if shards is None:
        shards = max(1, len(client.scheduler_info().get("workers", {})))
    futures = [
        client.submit(_run_shard, scenario, first, count, seed, threads, spot_rate, record_runs, pure=False)
        for first, count in trial_ranges(trials, shards)
    ]
    return Result.concat(client.gather(futures))


def _ledger(path, prices, options):
    return usage_ledger(path, prices=prices, **options)


def chargeback(paths: Iterable, *, client=None, prices=None, team_tag: str = "team", owners=None,
               shared_tags=None, shared_ids: Sequence[str] = (), period: str = "month", shared: str = "proportional",
               weights=None, allow_unpriced: bool = False, focus: bool = False):
    """``dbcost.chargeback`` over many usage files, each read on a worker; the per-file exact sums are
    merged on the client before allocation, so the DataFrame equals a single read of all the records.
    ``prices``, ``owners`` and ``weights`` are paths (or DataFrames) readable where they are used."""
    client = _client(client)
    options = dict(team_tag=team_tag, owners=owners, shared_tags=shared_tags, shared_ids=list(shared_ids),
                   period=period, threads=1)
    futures = [client.submit(_ledger, p, prices, options, pure=False) for p in paths]
    ledgers = client.gather(futures)
    return chargeback_ledgers(ledgers, prices=prices, team_tag=team_tag, shared=shared, weights=weights,
                              allow_unpriced=allow_unpriced, focus=focus)
