"""dbcost.quote, price_book and instance_catalog against hand-computed figures."""
import subprocess
from decimal import Decimal

import pandas as pd
import pytest

import dbcost

D8 = {"node_type_id": "Standard_D8s_v3", "num_workers": 4}


def test_quote_driver_plus_four_workers_by_hand():
    q = dbcost.quote(D8, cloud="azure", tier="premium", at="2026-03-01")
    size = q["sizes"][0]
    # 5 nodes x 1.5 DBU/h x 0.30 = 2.25; VM 5 x 0.384 = 1.92 (D8s_v3 1.5 DBU/h: databrickslabs/overwatch
    # Azure_Instance_Details.csv; 0.30: lakemeter-oss dbu-rates.json; VM: scenarios/data/instances.csv).
    assert q["sku_name"] == "PREMIUM_JOBS_COMPUTE"
    assert Decimal(size["dbus_per_hour"]) == Decimal("7.5")
    assert Decimal(size["dbu_cost_per_hour"]) == Decimal("2.25")
    assert Decimal(size["vm_cost_per_hour"]) == Decimal("1.92")
    assert Decimal(size["total_cost_per_hour"]) == Decimal("4.17")


def test_quote_photon_and_hours_match_the_cli(cli, root):
    spec = root / "scenarios/specs/etl_d8s_photon_spot.json"
    q = dbcost.quote(str(spec), hours=730, at="2026-03-01")
    out = subprocess.run([cli, "quote", str(spec), "--hours", "730", "--at", "2026-03-01", "--format", "json"],
                         capture_output=True, text=True, check=True).stdout
    import json
    assert json.loads(out) == q
    # 18.75 DBU/h x 0.30 x 730 h = 4106.25.
    assert Decimal(q["sizes"][0]["dbu_cost"]) == Decimal("4106.25")


def test_quote_accepts_yaml_text_and_discounts():
    q = dbcost.quote("node_type_id: Standard_D8s_v3\nnum_workers: 4\n", hours=10, dbu_discount=20, vm_discount=10,
                     at="2026-03-01")
    size = q["sizes"][0]
    assert Decimal(size["total_cost"]) == Decimal("41.70")
    assert Decimal(size["total_cost_discounted"]) == Decimal("35.28")


def test_quote_gcp_and_a_region_by_hand():
    n2 = {"node_type_id": "n2-standard-4", "num_workers": 2, "gcp_attributes": {"availability": "ON_DEMAND_GCP"}}
    size = dbcost.quote(n2, region="us-central1", at="2026-03-01")["sizes"][0]
    # 3 x 0.72 DBU/h x 0.15 = 0.324; VMs 3 x 0.194236 = 0.582708 (scenarios/data, GCP us-central1).
    assert Decimal(size["dbu_cost_per_hour"]) == Decimal("0.324")
    assert Decimal(size["vm_cost_per_hour"]) == Decimal("0.582708")
    d16 = {"node_type_id": "Standard_D16ds_v5", "num_workers": 1}
    # Two nodes at the germanywestcentral row, 1.088/h each; no westeurope row is an error, not eastus's price.
    size = dbcost.quote(d16, region="germanywestcentral", at="2026-03-01")["sizes"][0]
    assert Decimal(size["vm_cost_per_hour"]) == Decimal("2.176")
    with pytest.raises(dbcost.InputError, match="no westeurope VM price for AZURE node type 'Standard_D16ds_v5'"):
        dbcost.quote(d16, region="westeurope", at="2026-03-01")


def test_quote_errors_are_located_input_errors():
    with pytest.raises(dbcost.InputError) as err:
        dbcost.quote({"node_type_id": "Standard_DS3v2", "num_workers": 2})
    assert "did you mean 'Standard_DS3_v2'" in str(err.value)
    assert err.value.field == "node_type_id"
    with pytest.raises(dbcost.InputError, match="min_workers \\(5\\) is above max_workers \\(2\\)"):
        dbcost.quote({"node_type_id": "Standard_D8s_v3", "autoscale": {"min_workers": 5, "max_workers": 2}})
    with pytest.raises(ValueError):
        dbcost.quote(D8, start="2026-03-01")


def test_catalogs_are_dataframes():
    prices = dbcost.price_book()
    nodes = dbcost.instance_catalog()
    assert isinstance(prices, pd.DataFrame) and isinstance(nodes, pd.DataFrame)
    row = prices[(prices.sku_name == "PREMIUM_JOBS_COMPUTE") & (prices.cloud == "AWS")]
    assert list(row.price) == ["0.15"]
    assert (nodes.cloud == "AZURE").sum() >= 25 and (nodes.cloud == "AWS").sum() >= 20
    assert nodes.set_index("node_type_id").loc["m5.xlarge", "dbus_per_hour"] == pytest.approx(0.69)


def test_out_is_not_written_on_error_and_old_file_survives(cli, root, tmp_path):
    out = tmp_path / "quote.json"
    out.write_text("previous\n")
    bad = root / "tests/data/bad/negative_workers.yaml"
    proc = subprocess.run([cli, "quote", str(bad), "--out", str(out)], capture_output=True, text=True)
    assert proc.returncode == 2
    assert out.read_text() == "previous\n"
    good = root / "scenarios/specs/etl_d8s_photon_spot.json"
    proc = subprocess.run([cli, "quote", str(good), "--format", "json", "--out", str(out), "--at", "2026-03-01"],
                          capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stdout == ""
    assert '"sku_name": "PREMIUM_JOBS_COMPUTE_(PHOTON)"' in out.read_text()
    assert [p.name for p in tmp_path.iterdir()] == ["quote.json"]


def test_quote_prices_a_warehouse_like_the_cli(cli, root):
    import json
    spec = root / "scenarios/specs/bi_warehouse_pro_small.yaml"
    q = dbcost.quote(str(spec), cloud="azure", region="eastus", hours=730, at="2026-06-01")
    out = subprocess.run([cli, "quote", str(spec), "--cloud", "azure", "--region", "eastus", "--hours", "730",
                          "--at", "2026-06-01", "--format", "json"], capture_output=True, text=True, check=True).stdout
    assert json.loads(out) == q
    assert q["sku_name"] == "PREMIUM_SQL_PRO_COMPUTE"
    one, three = q["sizes"]
    # One cluster for 730 h: 12 DBU/h x 0.55 = 4818.00; VMs E16ds_v4 1.152 + 4 x E8ds_v4 0.576 = 2522.88;
    # disks 5 nodes x 8 x 5.89 a month = 235.60.
    assert one["clusters"] == 1
    assert Decimal(one["dbu_cost"]) == Decimal("4818.00")
    assert Decimal(one["vm_cost"]) == Decimal("2758.48")
    assert Decimal(one["total_cost"]) == Decimal("7576.48")
    assert three["clusters"] == 3
    assert Decimal(three["total_cost"]) == Decimal("22729.44")
    assert q["workers"] == {"node_type_id": "Standard_E8ds_v4", "count": 4, "spot": False, "vm_per_hour": "0.576"}


def test_quote_warehouse_errors_are_located():
    with pytest.raises(dbcost.InputError, match="did you mean 'COST_OPTIMIZED'") as err:
        dbcost.quote({"cluster_size": "Small", "spot_instance_policy": "COST_OPTIMISED"}, cloud="aws")
    assert err.value.field == "spot_instance_policy"
    with pytest.raises(dbcost.InputError, match="unknown key"):
        dbcost.quote({"cluster_size": "Small", "activity": {"queries_per_hour": 1}})
