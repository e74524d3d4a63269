"""Budget alert tuning: every threshold with its false alarms and its detection delay.

``tune`` back-tests cumulative budget thresholds (as Databricks, Azure and AWS budgets fire), forecast
thresholds and daily limits on a scenario's Monte Carlo months or on a usage export's history, with
injected overspends, and recommends per team the rules that meet a false-alarm target with the shortest
detection delay, plus the Databricks budget (API request body) that implements the cumulative one.
The helpers take daily costs as NumPy arrays, one row per month (months x days). docs/alerts.md has
the definitions.
"""
import csv
import io
import json
import os

import numpy as np

from ._dbcost import _alerts as _core

__all__ = ["tune", "cumulative_fire_day", "forecast_probability", "daily_limits", "backtest"]

_DEFAULTS = _core.Settings()


def _settings(false_alarms_per_year, percents, probabilities, daily_per_year, runaway_factor,
              new_workload_percent, cluster_per_hour):
    s = _core.Settings()
    s.false_alarms_per_year = float(false_alarms_per_year)
    if percents is not None:
        s.percents = [float(p) for p in percents]
    if probabilities is not None:
        s.probabilities = [float(p) for p in probabilities]
    if daily_per_year is not None:
        s.daily_per_year = [float(a) for a in daily_per_year]
    s.runaway_factor = float(runaway_factor)
    s.new_workload_percent = float(new_workload_percent)
    s.cluster_per_hour = -1.0 if cluster_per_hour is None else float(cluster_per_hour)
    return s


def _is_frame(obj):
    return hasattr(obj, "to_csv") and hasattr(obj, "columns")


def _frame_csv(frame):
    """A DataFrame as CSV text; dict and list cells (struct and map columns) as JSON."""
    copy = frame.copy()
    for col in copy.columns:
        if copy[col].dtype.kind == "O":
            copy[col] = copy[col].map(lambda v: json.dumps(v) if isinstance(v, (dict, list)) else v)
    return copy.to_csv(index=False)


def _path_or_text(obj):
    """(path, text) for a path, a DataFrame or None."""
    if obj is None:
        return None, None
    if _is_frame(obj):
        return None, _frame_csv(obj)
    return os.fspath(obj), None


def _budgets_csv(budgets):
    if budgets is None:
        return None, "<budgets>"
    if isinstance(budgets, dict):
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["team", "monthly_budget"])
        for team, amount in budgets.items():
            writer.writerow([team, amount])
        return out.getvalue(), "<budgets dict>"
    if _is_frame(budgets):
        return budgets.to_csv(index=False), "<budgets DataFrame>"
    path = os.fspath(budgets)
    with open(path, encoding="utf-8") as f:
        return f.read(), path


def tune(scenario=None, usage=None, *, prices=None, budgets=None, false_alarms_per_year=2.0, trials=200,
         seed=1, threads=1, basis="dbu", variant="", team_tag="team", percents=None, probabilities=None,
         daily_per_year=None, runaway_factor=3.0, new_workload_percent=25.0, cluster_per_hour=None, notify=""):
    """Tune budget alerts per team, as ``dbcost alerts`` does.

    Give ``scenario`` (a path, or YAML text) or ``usage`` (a ``system.billing.usage`` export: a path or a
    DataFrame, priced with ``prices``: a ``list_prices`` path or DataFrame, default the built-in book).
    ``budgets``: a CSV path (``team,monthly_budget[,currency]``), a DataFrame with those columns, or a
    dict ``{team: amount}``; they override a scenario's ``teams:`` budgets. ``trials`` months are
    simulated (scenario) or bootstrapped from the history (usage); half fit the rules, half test them.

    Returns a dict: DataFrames ``teams``, ``overspends``, ``thresholds`` (every candidate with its false
    alarms a year and, per injected overspend, mean delay in days and percent detected),
    ``recommendation`` and ``backtest`` (usage history months); ``databricks_budgets`` (a list of
    create-budget request bodies); ``notes``; ``source`` and ``month``.
    """
    scenario_path = scenario_text = None
    if scenario is not None:
        text = scenario if isinstance(scenario, str) else None
        if text is not None and "\n" in text:
            scenario_text = text
        else:
            scenario_path = os.fspath(scenario)
    usage_path, usage_text = _path_or_text(usage)
    prices_path, prices_text = _path_or_text(prices)
    budgets_text, budgets_name = _budgets_csv(budgets)
    settings = _settings(false_alarms_per_year, percents, probabilities, daily_per_year, runaway_factor,
                         new_workload_percent, cluster_per_hour)
    return _core.tune(scenario_path=scenario_path, scenario_text=scenario_text, variant=variant,
                      usage_path=usage_path, usage_text=usage_text, prices_path=prices_path,
                      prices_text=prices_text, budgets_text=budgets_text, budgets_name=budgets_name,
                      settings=settings, trials=int(trials), seed=int(seed), threads=int(threads), basis=basis,
                      team_tag=team_tag, notify=notify)


def cumulative_fire_day(daily, budget, percent):
    """The day (1-based) month-to-date spend first reaches ``percent`` % of ``budget``; 0 if never.

    ``daily``: one month (1-D) gives an int; months x days (2-D) gives an int array, one per month.
    """
    return _core.cumulative_fire_day(np.asarray(daily, dtype=float), float(budget), float(percent))


def forecast_probability(daily, budget, reference):
    """P(month-end spend > ``budget``) on each day of each month (months x days), the rest of the month
    drawn from the ``reference`` months (months x days) whatever was spent so far."""
    return _core.forecast_probability(np.asarray(daily, dtype=float), float(budget),
                                      np.asarray(reference, dtype=float))


def daily_limits(reference, quantile, month=None):
    """(weekday limit, weekend limit): the ``quantile`` of the reference days of each kind. ``month``
    ("YYYY-MM") says which columns are weekends; by default day 1 is a Monday."""
    return _core.daily_limits(np.asarray(reference, dtype=float), float(quantile), month)


def backtest(daily, budget=None, *, reference=None, month=None, percents=None, probabilities=None,
             daily_per_year=None, false_alarms_per_year=2.0, cluster_per_hour=0.0, runaway_per_day=0.0,
             new_workload_per_day=0.0):
    """Every candidate rule measured on ``daily`` (months x days), learned on ``reference`` (default:
    ``daily`` itself, in sample). Overspends are injected when given a size: a weekend cluster at
    ``cluster_per_hour`` (Fridays follow ``month``, "YYYY-MM"; by default day 1 is a Monday), a runaway
    job adding ``runaway_per_day`` and a new workload adding ``new_workload_per_day`` a day.

    Returns the thresholds DataFrame of ``tune`` without the team column.
    """
    settings = _settings(false_alarms_per_year, percents, probabilities, daily_per_year,
                         _DEFAULTS.runaway_factor, _DEFAULTS.new_workload_percent, None)
    ref = None if reference is None else np.asarray(reference, dtype=float)
    frame = _core.backtest(np.asarray(daily, dtype=float), None if budget is None else float(budget), ref, month,
                           settings, float(cluster_per_hour), float(runaway_per_day), float(new_workload_per_day))
    return frame.drop(columns="team") if hasattr(frame, "drop") else frame
