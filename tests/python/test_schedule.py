"""dbcost.schedule and dbcost.schedule_count. Expected instants are worked out by hand from the
Paris and New York daylight-saving rules of 2026 (the same cases the C++ tests check against
Quartz 2.3.2)."""
import datetime

import numpy as np
import pytest

import dbcost

PARIS_SPRING = np.array(
    ["2026-03-28T01:30:00", "2026-03-30T00:30:00", "2026-03-31T00:30:00"], dtype="datetime64[s]"
)


def test_returns_utc_datetime64_seconds():
    runs = dbcost.schedule("0 30 2 * * ?", timezone="Europe/Paris", start="2026-03-28", end="2026-04-01")
    assert runs.dtype == np.dtype("datetime64[s]")
    np.testing.assert_array_equal(runs, PARIS_SPRING)


@pytest.mark.parametrize(
    "start,end",
    [
        (datetime.date(2026, 3, 28), datetime.date(2026, 4, 1)),
        ("2026-03-27T23:00:00Z", "2026-03-31T22:00:00Z"),
        (
            datetime.datetime(2026, 3, 28, tzinfo=datetime.timezone(datetime.timedelta(hours=1))),
            datetime.datetime(2026, 3, 31, 22, tzinfo=datetime.timezone.utc),
        ),
        # Naive datetimes are wall times in the schedule's zone.
        (datetime.datetime(2026, 3, 28), datetime.datetime(2026, 4, 1)),
    ],
)
def test_start_and_end_accept_strings_dates_and_datetimes(start, end):
    runs = dbcost.schedule("0 30 2 * * ?", timezone="Europe/Paris", start=start, end=end)
    np.testing.assert_array_equal(runs, PARIS_SPRING)


def test_sub_second_bounds_round_up():
    start = datetime.datetime(2026, 3, 28, 1, 30, 0, 1, tzinfo=datetime.timezone.utc)
    runs = dbcost.schedule("0 30 2 * * ?", timezone="Europe/Paris", start=start, end="2026-04-01")
    np.testing.assert_array_equal(runs, PARIS_SPRING[1:])


def test_repeated_hour_runs_once_in_standard_time():
    runs = dbcost.schedule(
        "0 */30 * * * ?",
        timezone="America/New_York",
        start="2026-11-01T00:30:00-04:00",
        end="2026-11-01T02:00:00-05:00",
    )
    expected = np.array(["2026-11-01T04:30:00", "2026-11-01T06:00:00", "2026-11-01T06:30:00"], dtype="datetime64[s]")
    np.testing.assert_array_equal(runs, expected)


def test_ten_second_minimum_and_count():
    day = dict(start="2026-01-01", end="2026-01-02")
    assert dbcost.schedule_count("* * * * * ?", **day) == 8640
    assert dbcost.schedule_count("* * * * * ?", min_seconds_between_runs=0, **day) == 86400
    first = dbcost.schedule("* * * * * ?", start="2026-01-01T00:00:00Z", end="2026-01-01T00:00:30Z")
    np.testing.assert_array_equal(first - first[0], np.array([0, 10, 20], dtype="timedelta64[s]"))


def test_empty_window_gives_an_empty_array():
    runs = dbcost.schedule("0 0 12 29 2 ?", start="2026-01-01", end="2027-01-01")
    assert runs.dtype == np.dtype("datetime64[s]") and runs.size == 0


def test_bad_expression_names_position_and_reason():
    with pytest.raises(dbcost.InputError) as err:
        dbcost.schedule("0 0 12 ? * 6#6", start="2026-01-01", end="2026-02-01")
    assert err.value.field == "expr"
    assert err.value.reason == (
        "'0 0 12 ? * 6#6' at position 13: '#' must be followed by 1-5 (the n-th such weekday of the month), not 6"
    )


def test_bad_zone_and_bad_date():
    with pytest.raises(dbcost.InputError) as err:
        dbcost.schedule("0 0 12 ? * MON", timezone="Europe/Pari", start="2026-01-01", end="2026-02-01")
    assert err.value.field == "timezone"
    assert "did you mean 'Europe/Paris'" in err.value.reason
    with pytest.raises(dbcost.InputError) as err:
        dbcost.schedule("0 0 12 ? * MON", start="2026-02-30", end="2026-04-01")
    assert err.value.field == "start"
    assert err.value.reason == "'2026-02-30' at position 8: February 2026 has 28 days, not 30"
    with pytest.raises(dbcost.InputError):
        dbcost.schedule("0 0 12 ? * MON", start=20260101, end="2026-04-01")


def test_limit_guards_memory():
    with pytest.raises(dbcost.ModelError):
        dbcost.schedule("* * * * * ?", start="2026-01-01", end="2026-01-02", limit=100)
