"""Contract pricing from Python: spot VMs never discounted, per-SKU discounts, account prices, and a
DBCU drawdown, against hand-computed figures."""
from decimal import Decimal

import pandas as pd
import pytest

import dbcost

SPOT_WORKERS = {"node_type_id": "Standard_D8s_v3", "num_workers": 4, "runtime_engine": "PHOTON",
                "azure_attributes": {"availability": "SPOT_WITH_FALLBACK_AZURE", "first_on_demand": 1}}


def test_vm_discount_skips_spot_and_sku_discount_overrides():
    q = dbcost.quote(SPOT_WORKERS, at="2026-03-01", hours=10, vm_discount=30, dbu_discount=10,
                     sku_discounts={"PREMIUM_JOBS_COMPUTE_(PHOTON)": 20})
    size = q["sizes"][0]
    # Per hour: DBU 18.75 x 0.30 = 5.625 less 20% = 4.50; VM driver 0.384 x 0.7 = 0.2688 plus four spot
    # workers at 0.384 x (1 - 0.809) = 0.073344 each, undiscounted: 0.562176. Ten hours: 50.62176.
    assert Decimal(size["vm_cost_discounted"]) == Decimal("5.62176")
    assert Decimal(size["dbu_cost_discounted"]) == Decimal("45")
    assert Decimal(size["total_cost_discounted"]) == Decimal("50.62176")
    assert q["billed_price_basis"] == "list less 20%"
    assert q["discounts"]["skus"] == {"PREMIUM_JOBS_COMPUTE_(PHOTON)": "20"}


def test_unknown_sku_discount_is_an_input_error():
    with pytest.raises(dbcost.InputError, match="did you mean 'PREMIUM_JOBS_COMPUTE'"):
        dbcost.quote(SPOT_WORKERS, at="2026-03-01", sku_discounts={"PREMIUM_JOB_COMPUTE": 5})
    with pytest.raises(dbcost.InputError, match="expected a percentage from 0 to 100"):
        dbcost.quote(SPOT_WORKERS, at="2026-03-01", sku_discounts={"PREMIUM_JOBS_COMPUTE": 150})


def test_account_prices_bill_the_dbus(root):
    q = dbcost.quote(SPOT_WORKERS, at="2026-03-01", hours=10,
                     account_prices=str(root / "tests/data/contract/account_prices.csv"))
    size = q["sizes"][0]
    # 187.5 DBUs: list x 0.30 = 56.25, billed x 0.24 (the account's pricing.default) = 45.00.
    assert Decimal(size["dbu_cost"]) == Decimal("56.25")
    assert Decimal(size["dbu_cost_discounted"]) == Decimal("45")
    assert q["billed_price_basis"] == "account price"


def test_dbcu_drawdown_by_hand():
    t = dbcost.dbcu_drawdown([("2026-01", 4000, 3600), ("2026-02", 5000, 4500), ("2026-03", 3000, 2700)],
                             amount=10000, start="2026-01-01")
    assert isinstance(t, pd.DataFrame)
    # Balances 6,000, 1,000, 0; 2,000 overage in March billed at 2,700 / 3,000 of list: 1,800.
    assert [Decimal(str(v)) for v in t.balance_after] == [Decimal("6000"), Decimal("1000"), Decimal("0")]
    assert [Decimal(str(v)) for v in t.overage_list] == [Decimal("0"), Decimal("0"), Decimal("2000")]
    assert Decimal(str(t.overage_billed[2])) == Decimal("1800")
    with pytest.raises(dbcost.InputError, match="first day of a month"):
        dbcost.dbcu_drawdown([("2026-01", 1)], amount=10, start="2026-01-02")


def test_scenario_commitment_table(root):
    r = dbcost.Scenario.load(str(root / "tests/data/contract/dbcu.yaml")).run()
    c = r.commitments
    # April, May, June: 30, 31 and 30 runs at 2.025 of DBU list cost; the 150 pool runs out in June,
    # leaving 34.275 of list cost billed at the jobs SKU's 25% off: 25.70625.
    assert list(c.month) == ["2026-04", "2026-05", "2026-06"]
    assert Decimal(str(c.overage_list[2])) == Decimal("34.275")
    assert Decimal(str(c.overage_billed[2])) == Decimal("25.70625")
    assert "dbu_list_cost" in r.workloads.columns
    assert r.workloads.dbu_list_cost[0] == pytest.approx(184.28)
    assert any("spot VMs at the spot price" in n for n in r.pricing_notes)


def test_chargeback_with_account_prices(root):
    data = root / "tests/data"
    cb = dbcost.chargeback(str(data / "chargeback/usage_march.csv"), prices=str(data / "chargeback/list_prices.csv"),
                           owners=str(data / "chargeback/owners.csv"), shared_ids=["wh-shared"],
                           shared_tags={"cost_center": "shared"},
                           account_prices=str(data / "contract/account_prices_march.csv"))
    march = cb[cb.period == "2026-03"]
    # The list bill (40.27) split as list_cost; billed at the account prices, 35.87.
    assert sum(march.list_cost) == Decimal("40.27")
    assert sum(march.total_cost) == Decimal("35.87")
