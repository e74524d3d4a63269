"""dbcost.alerts: the back-test helpers on hand-computed series, and tune() against the CLI."""
import json
import subprocess

import numpy as np
import pandas as pd
import pytest

import dbcost
import dbcost.alerts as alerts


def test_cumulative_fire_day_constant_spend():
    # 150 a day against 4000: 80% = 3200 -> ceil(21.33) = day 22; 90% = 3600 -> exactly day 24.
    month = np.full(30, 150.0)
    assert alerts.cumulative_fire_day(month, 4000, 80) == 22
    assert alerts.cumulative_fire_day(month, 4000, 90) == 24
    assert alerts.cumulative_fire_day(month, 4000, 120) == 0
    months = np.vstack([month, np.full(30, 200.0)])
    # 200 a day reaches 3200 on day 16.
    assert alerts.cumulative_fire_day(months, 4000, 80).tolist() == [22, 16]


def test_forecast_probability_from_hand_made_trials():
    reference = np.array([[10, 10, 10], [10, 20, 30], [10, 0, 0], [10, 10, 40]], dtype=float)
    p = alerts.forecast_probability(np.array([[10, 20, 25]], dtype=float), 50, reference)
    # Day 1: spent 10, rest > 40 in 2 of 4; day 2: spent 30, rest > 20 in 2 of 4; day 3: 55 > 50.
    assert p.tolist() == [[0.5, 0.5, 1.0]]


def test_daily_limits_weekdays_and_weekends_apart():
    # April 2026 starts on a Wednesday: columns 3, 4 (4 and 5 April) are a weekend.
    reference = np.where([pd.Timestamp(2026, 4, d).dayofweek >= 5 for d in range(1, 31)], 5.0, 100.0)
    weekday, weekend = alerts.daily_limits(np.vstack([reference, reference * 1.2]), 1.0, month="2026-04")
    assert weekday == pytest.approx(120.0)
    assert weekend == pytest.approx(6.0)
    with pytest.raises(dbcost.InputError, match="2026-02 has 28 days but the array has 30"):
        alerts.daily_limits(reference, 0.9, month="2026-02")


def test_quantile_false_alarm_rate_within_standard_error():
    rng = np.random.default_rng(3)
    fit, test = rng.lognormal(5, 0.5, size=(2, 400, 30))
    q = 0.98
    frame = alerts.backtest(test, reference=fit, percents=[], probabilities=[], daily_per_year=[365 * (1 - q)])
    rate = frame["false_alarms_per_year"].iloc[0] / 12 / 30
    n = test.size
    standard_error = np.sqrt(q * (1 - q) * (1 / n + 1 / fit.size))
    assert abs(rate - (1 - q)) <= 4 * standard_error


def test_backtest_detection_of_a_constant_overspend():
    # 100 a day against 4000; 90% (3600) never fires alone. A new workload of 50 a day starting on day s
    # (0-based) is caught on the first d with 100 (d + 1) + 50 (d - s + 1) >= 3600, later months at 150 a day.
    months = np.full((2, 30), 100.0)
    frame = alerts.backtest(months, 4000, percents=[90], probabilities=[], daily_per_year=[1],
                            new_workload_per_day=50, month="2026-04")
    delays = []
    for s in range(30):
        d = next((d for d in range(s, 30) if 100 * (d + 1) + 50 * (d - s + 1) >= 3600), None)
        delays.append(d - s if d is not None else (30 - s) + 23)  # next month: 150 (d + 1) >= 3600 on d = 23
    row = frame.iloc[0]
    assert row["method"] == "cumulative" and row["threshold"] == "90%"
    assert row["false_alarms_per_year"] == 0
    assert row["new_workload_delay_days"] == pytest.approx(np.mean(delays), abs=0.05)
    assert row["new_workload_detected_percent"] == 100
    assert pd.isna(row["forgotten_cluster_delay_days"])


def test_tune_scenario_tables(root):
    out = alerts.tune(scenario=root / "scenarios" / "travel_platform.yaml", trials=20, seed=2)
    assert set(out) >= {"teams", "overspends", "thresholds", "recommendation", "backtest", "databricks_budgets"}
    assert out["month"] == "2026-03"
    assert list(out["teams"]["team"]) == ["bookings", "analytics", "bi", "data-science"]
    t = out["thresholds"]
    assert {"false_alarms_per_year", "runaway_job_delay_days", "forgotten_cluster_detected_percent"} <= set(t.columns)
    assert set(t["method"]) == {"cumulative", "forecast", "daily"}
    for body in out["databricks_budgets"]:
        alert = body["budget"]["alert_configurations"][0]
        assert alert["trigger_type"] == "CUMULATIVE_SPENDING_EXCEEDED"
        assert float(alert["quantity_threshold"]) > 0


def test_tune_matches_the_cli(root, cli):
    args = ["alerts", "--scenario", str(root / "scenarios" / "travel_platform.yaml"), "--trials", "12", "--seed",
            "4", "--false-alarms-per-year", "3", "--format", "json"]
    j = json.loads(subprocess.run([cli, *args], check=True, capture_output=True, text=True).stdout)
    out = alerts.tune(scenario=str(root / "scenarios" / "travel_platform.yaml"), trials=12, seed=4,
                      false_alarms_per_year=3)
    cli_frame = pd.DataFrame(j["thresholds"])
    pd.testing.assert_frame_equal(out["thresholds"].astype(object).where(out["thresholds"].notna(), None),
                                  cli_frame.astype(object).where(cli_frame.notna(), None), check_dtype=False)
    assert out["databricks_budgets"] == j["databricks_budgets"]


def test_tune_usage_path_and_frame_agree(root):
    data = root / "tests" / "data" / "chargeback"
    budgets = {"analytics": 10, "data-eng": "12.50"}
    by_path = alerts.tune(usage=data / "usage_march.csv", prices=data / "list_prices.csv", budgets=budgets)
    frame = pd.read_csv(data / "usage_march.csv", dtype=str, keep_default_na=False)
    by_frame = alerts.tune(usage=frame, prices=pd.read_csv(data / "list_prices.csv", dtype=str,
                                                           keep_default_na=False), budgets=budgets)
    pd.testing.assert_frame_equal(by_path["thresholds"], by_frame["thresholds"])
    assert by_path["month"] == "2026-04"
    march = by_path["backtest"].set_index("team").loc["analytics"]
    # 19.50 of serverless SQL tagged analytics (no --shared-id here), 2.20 and 2.20.
    assert march["month"] == "2026-03" and march["total"] == pytest.approx(23.90)


def test_bad_budgets_raise_located_errors(root, tmp_path):
    bad = tmp_path / "budgets.csv"
    bad.write_text("team,monthly_budget\nbookings,lots\n")
    with pytest.raises(dbcost.InputError) as e:
        alerts.tune(scenario=root / "scenarios" / "travel_platform.yaml", trials=4, budgets=bad)
    assert e.value.line == 2 and e.value.field == "monthly_budget"
    with pytest.raises(dbcost.InputError, match="did you mean 'bookings'"):
        alerts.tune(scenario=root / "scenarios" / "travel_platform.yaml", trials=4, budgets={"bookngs": 10})
