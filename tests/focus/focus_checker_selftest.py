#!/usr/bin/env python3
"""focus_checker.py catches each rule it lists: a valid FOCUS 1.2 file passes, and one file broken on
purpose per rule fails with exactly that rule (and the bill reconciliation B1 with a wrong total)."""
from __future__ import annotations

import csv
import io
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import focus_checker  # noqa: E402

BASE = {
    "BilledCost": "1.50", "BillingAccountId": "acc-1", "BillingAccountName": "acc-1", "BillingCurrency": "USD",
    "BillingPeriodEnd": "2026-04-01T00:00:00Z", "BillingPeriodStart": "2026-03-01T00:00:00Z",
    "ChargeCategory": "Usage", "ChargeClass": "", "ChargeDescription": "Usage of the team",
    "ChargeFrequency": "Usage-Based", "ChargePeriodEnd": "2026-04-01T00:00:00Z",
    "ChargePeriodStart": "2026-03-01T00:00:00Z", "CommitmentDiscountCategory": "", "CommitmentDiscountId": "",
    "CommitmentDiscountName": "", "CommitmentDiscountQuantity": "", "CommitmentDiscountStatus": "",
    "CommitmentDiscountType": "", "CommitmentDiscountUnit": "", "ConsumedQuantity": "5.000001",
    "ConsumedUnit": "DBU", "ContractedCost": "1.5000003", "ContractedUnitPrice": "0.3",
    "EffectiveCost": "1.50", "InvoiceIssuerName": "Databricks", "ListCost": "1.5000003", "ListUnitPrice": "0.3",
    "PricingCategory": "Standard", "PricingQuantity": "5.000001", "PricingUnit": "DBU",
    "ProviderName": "Databricks", "PublisherName": "Databricks", "ServiceCategory": "Analytics",
    "ServiceName": "Jobs Compute", "ServiceSubcategory": "Data Processing", "SkuId": "PREMIUM_JOBS_COMPUTE",
    "SkuMeter": "", "SkuPriceDetails": "", "SkuPriceId": "PREMIUM_JOBS_COMPUTE/AZURE/DBU/USD",
    "SubAccountId": "1111", "SubAccountName": "1111", "Tags": '{"team":"data-eng"}', "x_Period": "2026-03",
    "x_Team": "data-eng", "x_AllocatedFrom": "", "x_Cloud": "AZURE",
}
CREDIT = dict(BASE, BilledCost="-2", ChargeCategory="Credit", ChargeFrequency="One-Time", ConsumedQuantity="",
              ConsumedUnit="", ContractedCost="-2", ContractedUnitPrice="", EffectiveCost="-2", ListCost="-2",
              ListUnitPrice="", PricingQuantity="", PricingUnit="", PricingCategory="", SkuId="", SkuPriceId="",
              x_Team="credit")


def drop(col):
    return lambda rows: [{k: v for k, v in r.items() if k != col} for r in rows]


def first(**changes):
    return lambda rows: [dict(rows[0], **changes)] + rows[1:]


def second_row(**changes):
    return lambda rows: rows + [dict(rows[0], **changes)]


# One mutation per rule; each must be reported with its rule id and no other.
BROKEN = {
    "P1": drop("InvoiceIssuerName"),
    "P2": drop("SkuPriceId"),
    "P3": lambda rows: [dict(r, Team="x") for r in rows],
    "F1": first(BilledCost="+1.50", EffectiveCost="+1.50"),
    "F2": first(ChargePeriodEnd="2026-04-01 00:00:00"),
    "F3": first(BillingCurrency="usd"),
    "F4": first(Tags='{"team":["a","b"]}'),
    "F5": first(SkuPriceDetails='{"Photon":true}'),
    "A1": first(ChargeCategory="Refund", ConsumedQuantity="", ConsumedUnit=""),
    "A2": first(ChargeClass="Retraction"),
    "A3": first(ChargeFrequency="Hourly"),
    "A4": first(PricingCategory="Spot"),
    "A5": lambda rows: first(ServiceCategory="Data", ServiceName="Data")(drop("ServiceSubcategory")(rows)),
    "A6": first(ServiceSubcategory="Virtual Machines"),
    "A7": first(CommitmentDiscountId="dbcu-1", CommitmentDiscountCategory="Money", CommitmentDiscountType="DBCU",
                CommitmentDiscountStatus="Used", CommitmentDiscountQuantity="1"),
    "N1": first(BillingAccountId=""),
    "N2": first(ListUnitPrice="", ListCost="1.50"),
    "N3": first(ConsumedQuantity="", ConsumedUnit=""),
    "N4": first(SubAccountName=""),
    "R1": first(ListCost="1.50"),
    "R2": first(ContractedCost="1.51"),
    "R3": first(ListUnitPrice="-0.3", ListCost="-1.5000003", SkuPriceId="PREMIUM_JOBS_COMPUTE/AZURE/DBU/USD/x"),
    "R4": lambda rows: rows + [dict(CREDIT, EffectiveCost="-1")],
    "R5": first(ChargeCategory="Purchase", ConsumedQuantity="", ConsumedUnit=""),
    "R6": first(ChargePeriodEnd="2026-03-01T00:00:00Z"),
    "R7": first(EffectiveCost="1.49"),
    "R8": second_row(ListUnitPrice="0.4", ListCost="2.0000004", ContractedUnitPrice="0.4",
                     ContractedCost="2.0000004"),
    "R9": second_row(ServiceCategory="Compute", ServiceSubcategory="Virtual Machines"),
}


def render(rows):
    out = io.StringIO()
    header = list(rows[0])
    w = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    return out.getvalue()


def main() -> int:
    failures = []
    valid = [BASE, dict(BASE, x_Team="ml", Tags='{"team":"ml"}', SubAccountId="", SubAccountName=""), CREDIT]
    ok = focus_checker.check_text(render(valid), "valid.csv")
    if ok.problems:
        failures.append("the valid file fails: " + "; ".join(p for _, p in ok.problems))
    documented = {line.split()[0] for line in focus_checker.__doc__.splitlines()
                  if line[:2] == "  " and line.split() and line.split()[0][:1] in "PFANRB"
                  and line.split()[0][1:].isdigit()}
    for rule in sorted(documented - set(BROKEN) - {"B1", "P4"}):
        failures.append(f"rule {rule} has no broken file")
    for rule, mutate in BROKEN.items():
        found = focus_checker.check_text(render(mutate(valid)), f"broken_{rule}.csv").rules()
        if found != {rule}:
            failures.append(f"{rule}: the broken file reports {sorted(found)}")
    dup = render(valid).replace("x_Cloud", "x_Team", 1)
    if focus_checker.check_text(dup, "dup.csv").rules() != {"P4"}:
        failures.append("P4: a repeated column is not reported")
    with tempfile.TemporaryDirectory() as d:
        bill = os.path.join(d, "bill.csv")
        with open(bill, "w", encoding="utf-8") as f:
            f.write("period,team,total_cost,currency\n2026-03,data-eng,1.50,USD\n2026-03,ml,1.50,USD\n"
                    "2026-03,credit,-2.00,USD\n")
        if focus_checker.check_text(render(valid), "valid.csv", bill).problems:
            failures.append("B1: the matching bill is reported")
        with open(bill, "a", encoding="utf-8") as f:
            f.write("2026-03,ml,0.01,USD\n")
        if focus_checker.check_text(render(valid), "valid.csv", bill).rules() != {"B1"}:
            failures.append("B1: a bill a cent off is not reported")
    for f in failures:
        print(f)
    print(f"{len(BROKEN) + 3} broken files, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
