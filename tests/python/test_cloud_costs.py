"""dbcost.cloud_costs: the hand-written cloud cost exports of tests/data/cloudcost read into DataFrames,
checked against the files read here with the csv module and exact Python Decimals."""
import csv
import json
from decimal import Decimal

import pandas as pd
import pytest

import dbcost


def data(root):
    return root / "tests" / "data" / "cloudcost"


def test_focus_costs_are_the_file_cells_exactly(root):
    path = data(root) / "focus10_azure.csv"
    frame = dbcost.cloud_costs(path)
    assert frame.attrs["format"] == "focus-1.0"
    rows = list(csv.DictReader(open(path, newline="")))
    assert len(frame) == len(rows) == 6
    for col, name in [("billed_cost", "BilledCost"), ("effective_cost", "EffectiveCost"), ("list_cost", "ListCost"),
                      ("contracted_cost", "ContractedCost"), ("pricing_quantity", "PricingQuantity")]:
        assert list(frame[col]) == [Decimal(r[name]) for r in rows]
        assert all(type(v) is Decimal for v in frame[col])
    assert list(frame["tags"]) == [json.loads(r["Tags"]) | ({"reviewed": "true"} if "reviewed" in r["Tags"] else {})
                                   for r in rows]
    assert sum(frame["billed_cost"]) == Decimal("15.7302")  # 1.728 + 0.1152 + 1.152 + 9.855 + 1.08 + 1.8
    assert list(frame["cost_class"]) == ["compute", "compute", "compute", "storage", "network", "other"]
    assert list(frame["databricks"]) == ["attributable"] * 4 + ["unattributable", "not-databricks"]
    assert frame["job_id"][0] == "3333" and frame["pool_id"][1] == "0301-pool-az1"
    assert frame["warehouse_id"][2] == "b2c3d4e5f6a7b8c9" and frame["cluster_id"][3] == "0301-202020-analystsaz"
    assert frame["cluster_id"][4] is None
    assert frame["charge_period_start"][0] == pd.Timestamp("2026-03-01T00:00:00Z")
    assert str(frame["charge_period_end"].dtype) == "datetime64[ns, UTC]"


def test_formats_and_gzip(root):
    d = data(root)
    assert dbcost.cloud_costs(d / "focus12_aws.csv").attrs["format"] == "focus-1.2"
    assert dbcost.cloud_costs(d / "cur2_resource_tags.csv").attrs["format"] == "aws-cur-2.0"
    assert dbcost.cloud_costs(d / "azure_actual_cost.csv").attrs["format"] == "azure-actual"
    assert dbcost.cloud_costs(d / "azure_amortized_cost.csv").attrs["format"] == "azure-amortized"
    plain = dbcost.cloud_costs(str(d / "focus12_aws.csv"))
    gz = dbcost.cloud_costs(d / "focus12_aws.csv.gz")
    pd.testing.assert_frame_equal(plain, gz)
    # 1.24799999999999999989E0 rounded half to even at the 18th decimal
    assert plain["contracted_cost"][2] == Decimal("1.248")
    assert pd.isna(plain["list_cost"][6]) and plain["charge_category"][6] == "Credit"


def test_cur_amortized_and_tag_layouts(root):
    a = dbcost.cloud_costs(data(root) / "cur2_resource_tags.csv")
    b = dbcost.cloud_costs(data(root) / "cur2_tag_columns.csv")
    pd.testing.assert_frame_equal(a, b)
    assert list(a["effective_cost"][:3]) == [Decimal("0.1344"), Decimal("0.0975"), Decimal("0.4056")]
    assert list(a["charge_type"][:3]) == ["SavingsPlanCoveredUsage", "Usage", "DiscountedUsage"]
    assert a["tags"][0]["user_job_id"] == "1111" and a["job_id"][0] == "1111"


def test_azure_cost_kind(root):
    amortized = data(root) / "azure_amortized_cost.csv"
    frame = dbcost.cloud_costs(amortized, azure_cost="amortized")
    assert frame["billed_cost"][2] is None and frame["effective_cost"][2] == Decimal("0.8112")
    with pytest.raises(dbcost.InputError) as err:
        dbcost.cloud_costs(amortized, azure_cost="actual")
    assert (err.value.line, err.value.column, err.value.field) == (8, 17, "chargeType")
    with pytest.raises(dbcost.InputError, match="azure_cost: expected auto, actual or amortized, got 'both'"):
        dbcost.cloud_costs(amortized, azure_cost="both")


def test_bad_cell_is_a_located_input_error(tmp_path):
    path = tmp_path / "costs.csv"
    path.write_text("Date,MeterCategory,CostInBillingCurrency,BillingCurrency\n03/01/2026,Storage,1..5,EUR\n")
    with pytest.raises(dbcost.InputError) as err:
        dbcost.cloud_costs(path)
    assert str(err.value) == f"{path}:2:3: CostInBillingCurrency: expected a decimal amount, got '1..5'"
    assert (err.value.file, err.value.line, err.value.column) == (str(path), 2, 3)
