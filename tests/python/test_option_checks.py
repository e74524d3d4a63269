"""Python refuses what the CLI refuses: the same checks, in the library, with the keyword's name."""
import math

import pytest

import dbcost

D8 = {"node_type_id": "Standard_D8s_v3", "num_workers": 4}


@pytest.mark.parametrize("kw,value,message", [
    ("hours", -1, "hours: expected a non-negative number of hours, got '-1'"),
    ("hours", float("nan"), "hours: expected a non-negative number of hours, got 'nan'"),
    ("dbu_discount", 150, "dbu_discount: expected a percentage from 0 to 100, got '150'"),
    ("dbu_discount", -5, "dbu_discount: expected a percentage from 0 to 100, got '-5'"),
    ("vm_discount", float("inf"), "vm_discount: expected a percentage from 0 to 100, got 'inf'"),
])
def test_quote_refuses_what_the_cli_refuses(kw, value, message):
    with pytest.raises(dbcost.InputError) as err:
        dbcost.quote(D8, cloud="azure", at="2026-03-01", **{kw: value})
    assert str(err.value) == message
    assert err.value.field == kw


def test_quote_takes_what_the_cli_takes():
    q = dbcost.quote(D8, cloud="azure", at="2026-03-01", hours=0, dbu_discount=100, vm_discount=12.5)
    assert q["sizes"][0]["total_cost"] == "0.00"


@pytest.mark.parametrize("rate", [math.nan, math.inf, -1.0, -0.001, 1000.5])
def test_run_refuses_a_spot_rate_that_is_not_a_rate(root, rate):
    s = dbcost.Scenario.load(str(root / "scenarios/travel_platform.yaml"))
    with pytest.raises(dbcost.InputError) as err:
        s.run(trials=2, spot_rate=rate)
    assert err.value.field == "spot_rate"
    assert "expected an eviction rate per spot node-hour from 0 to 1000" in str(err.value)
    with pytest.raises(dbcost.InputError) as err:
        s.spot_sweep(rates=[0.1, rate], trials=2, break_even=False)
    assert err.value.field == "rates"
