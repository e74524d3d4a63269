#!/usr/bin/env python3
"""A FOCUS 1.2 conformance checker for CSV files, written from the specification's normative rules.

Specification: FinOps Open Cost and Usage Specification 1.2,
https://github.com/FinOps-Open-Cost-and-Usage-Spec/FOCUS_Spec, tag v1.2
(commit 7296e3146fb931ee32b6496fa6e4200e7f4384f7), specification/columns/<column>.md and
specification/attributes/<attribute>.md. A CSV cell that is empty is a null (attributes/null_handling.md:
nulls are NULL, never placeholders). Only MUST rules are checked, each as a rule id:

Presence (columns/*.md, "MUST be present"; attributes/column_handling.md)
  P1  every Mandatory column is present: BilledCost, BillingAccountId, BillingAccountName,
      BillingCurrency, BillingPeriodEnd, BillingPeriodStart, ChargeCategory, ChargeClass,
      ChargeDescription, ChargePeriodEnd, ChargePeriodStart, ContractedCost, EffectiveCost,
      InvoiceIssuerName, ListCost, PricingQuantity, PricingUnit, ProviderName, PublisherName,
      ServiceCategory, ServiceName (each column's "Feature level: Mandatory").
  P2  the Conditional columns whose condition a Databricks account meets are present (--provider
      databricks): ConsumedQuantity, ConsumedUnit (consumedquantity.md: the provider measures usage),
      ContractedUnitPrice (contractedunitprice.md: negotiated pricing, account prices), ListUnitPrice
      (listunitprice.md: published list prices), SkuId, SkuPriceId, SkuMeter, SkuPriceDetails (price
      lists), SubAccountId, SubAccountName (sub accounts: workspaces), Tags (user tags),
      CommitmentDiscountCategory/Id/Name/Quantity/Status/Type/Unit (commitment discounts).
  P3  a column that FOCUS 1.2 does not define is prefixed "x_" (column_handling.md, custom columns).
  P4  column names are unique (one value per column and row).

Types and formats
  F1  Numeric Format columns hold a single integer, decimal or E-notation value, no "+" sign, no
      thousands separators, units or currency symbols (attributes/numeric_format.md); the Decimal
      columns of 1.2: BilledCost, CommitmentDiscountQuantity, ConsumedQuantity, ContractedCost,
      ContractedUnitPrice, EffectiveCost, ListCost, ListUnitPrice, PricingCurrencyContractedUnitPrice,
      PricingCurrencyEffectiveCost, PricingCurrencyListUnitPrice, PricingQuantity.
  F2  Date/Time columns (BillingPeriodStart/End, ChargePeriodStart/End) are 'YYYY-MM-DDTHH:mm:ssZ',
      UTC, a valid instant (attributes/datetime_format.md).
  F3  BillingCurrency and PricingCurrency are ISO 4217 three-letter codes (attributes/currency_format.md).
  F4  Tags and SkuPriceDetails are a JSON object with unique keys whose values are a number,
      string, true, false or null (attributes/key_value_format.md; tags.md, skupricedetails.md).
  F5  SkuPriceDetails keys are FOCUS-defined or start with "x_" (skupricedetails.md).

Allowed values
  A1  ChargeCategory in Usage, Purchase, Tax, Credit, Adjustment (chargecategory.md).
  A2  ChargeClass is null or "Correction" (chargeclass.md).
  A3  ChargeFrequency in One-Time, Recurring, Usage-Based (chargefrequency.md).
  A4  PricingCategory in Standard, Dynamic, Committed, Other (pricingcategory.md).
  A5  ServiceCategory is one of its 19 allowed values (servicecategory.md).
  A6  ServiceSubcategory is an allowed value and its parent is the row's ServiceCategory
      (servicesubcategory.md).
  A7  CommitmentDiscountStatus in Used, Unused; CommitmentDiscountCategory in Spend, Usage
      (commitmentdiscountstatus.md, commitmentdiscountcategory.md).

Nullability
  N1  never null: BilledCost, BillingAccountId, BillingCurrency, BillingPeriodEnd, BillingPeriodStart,
      ChargeCategory, ChargePeriodEnd, ChargePeriodStart, ContractedCost, EffectiveCost,
      InvoiceIssuerName, ListCost, ProviderName, PublisherName, ServiceCategory, ServiceName, and when
      present ChargeFrequency, ServiceSubcategory, PricingCurrency, PricingCurrencyEffectiveCost (each
      column's "MUST NOT be null").
  N2  on a Usage or Purchase row that is not a Correction: PricingQuantity, ListUnitPrice,
      ContractedUnitPrice, PricingCategory, SkuId, SkuPriceId are not null; on a Tax row they are null
      (pricingquantity.md, listunitprice.md, contractedunitprice.md, pricingcategory.md, skuid.md,
      skupriceid.md).
  N3  ConsumedQuantity is null unless ChargeCategory is Usage (and null on Unused commitment rows);
      not null on a Usage row that is not a Correction nor Unused (consumedquantity.md).
  N4  paired columns: PricingUnit null exactly when PricingQuantity is; ConsumedUnit exactly when
      ConsumedQuantity is; SubAccountName exactly when SubAccountId is; CommitmentDiscountCategory,
      Type and Status null when CommitmentDiscountId is, Category and Type not null when it is not,
      Status not null on its Usage rows, Name null when it is; SkuMeter null when SkuId is;
      SkuPriceDetails null when SkuPriceId is; CommitmentDiscountQuantity null unless
      CommitmentDiscountId is set on a Usage or Purchase row (pricingunit.md, consumedunit.md,
      subaccountname.md, commitmentdiscount*.md, skumeter.md, skupricedetails.md).

Relations
  R1  ListCost = ListUnitPrice x PricingQuantity exactly when both are set and ChargeClass is not
      Correction (listcost.md, listunitprice.md, pricingquantity.md).
  R2  ContractedCost = ContractedUnitPrice x PricingQuantity exactly, under the same conditions
      (contractedcost.md, contractedunitprice.md).
  R3  ListUnitPrice and ContractedUnitPrice are not negative (listunitprice.md, contractedunitprice.md).
  R4  on a Credit row (a charge unrelated to others) with no unit price: ListCost, ContractedCost and
      EffectiveCost equal BilledCost (listcost.md, contractedcost.md, effectivecost.md).
  R5  ChargeFrequency is not Usage-Based on a Purchase row (chargefrequency.md).
  R6  the periods are non-empty: BillingPeriodStart < BillingPeriodEnd and ChargePeriodStart <
      ChargePeriodEnd (inclusive start and exclusive end bounds: billingperiodstart.md,
      billingperiodend.md, chargeperiodstart.md, chargeperiodend.md).
  R7  a Usage row with no CommitmentDiscountId has EffectiveCost = BilledCost: the two differ only by
      the amortization of purchases (billedcost.md, effectivecost.md, attributes/discount_handling.md).
  R8  a SkuPriceId has one parent SkuId and looks up one ListUnitPrice (skupriceid.md).
  R9  a ServiceName has one ServiceCategory (servicename.md).

With --bill CHARGEBACK_CSV (dbcost's own reconciliation, billedcost.md's "sum of BilledCost ... MUST
match the payable amount"): B1 BilledCost summed per (x_Period, x_Team, BillingCurrency) equals the
chargeback's total_cost per (period, team, currency), and per (x_Period, BillingCurrency) its bill.

Usage: focus_checker.py FILE.csv [--bill chargeback.csv]; exit 0 when clean, 1 with one line per
violation ("FILE:ROW: RULE message").
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import re
import sys
from collections import defaultdict
from decimal import Decimal, getcontext

getcontext().prec = 200

MANDATORY = ["BilledCost", "BillingAccountId", "BillingAccountName", "BillingCurrency", "BillingPeriodEnd",
             "BillingPeriodStart", "ChargeCategory", "ChargeClass", "ChargeDescription", "ChargePeriodEnd",
             "ChargePeriodStart", "ContractedCost", "EffectiveCost", "InvoiceIssuerName", "ListCost",
             "PricingQuantity", "PricingUnit", "ProviderName", "PublisherName", "ServiceCategory", "ServiceName"]
COMMITMENT = ["CommitmentDiscountCategory", "CommitmentDiscountId", "CommitmentDiscountName",
              "CommitmentDiscountQuantity", "CommitmentDiscountStatus", "CommitmentDiscountType",
              "CommitmentDiscountUnit"]
DATABRICKS_CONDITIONAL = ["ConsumedQuantity", "ConsumedUnit", "ContractedUnitPrice", "ListUnitPrice", "SkuId",
                          "SkuMeter", "SkuPriceDetails", "SkuPriceId", "SubAccountId", "SubAccountName",
                          "Tags"] + COMMITMENT
OTHER_COLUMNS = ["AvailabilityZone", "BillingAccountType", "CapacityReservationId", "CapacityReservationStatus",
                 "ChargeFrequency", "InvoiceId", "PricingCategory", "PricingCurrency",
                 "PricingCurrencyContractedUnitPrice", "PricingCurrencyEffectiveCost",
                 "PricingCurrencyListUnitPrice", "RegionId", "RegionName", "ResourceId", "ResourceName",
                 "ResourceType", "ServiceSubcategory", "SubAccountType"]
FOCUS_COLUMNS = set(MANDATORY + DATABRICKS_CONDITIONAL + OTHER_COLUMNS)
DECIMALS = ["BilledCost", "CommitmentDiscountQuantity", "ConsumedQuantity", "ContractedCost", "ContractedUnitPrice",
            "EffectiveCost", "ListCost", "ListUnitPrice", "PricingCurrencyContractedUnitPrice",
            "PricingCurrencyEffectiveCost", "PricingCurrencyListUnitPrice", "PricingQuantity"]
DATETIMES = ["BillingPeriodEnd", "BillingPeriodStart", "ChargePeriodEnd", "ChargePeriodStart"]
NEVER_NULL = ["BilledCost", "BillingAccountId", "BillingCurrency", "BillingPeriodEnd", "BillingPeriodStart",
              "ChargeCategory", "ChargePeriodEnd", "ChargePeriodStart", "ContractedCost", "EffectiveCost",
              "InvoiceIssuerName", "ListCost", "ProviderName", "PublisherName", "ServiceCategory", "ServiceName",
              "ChargeFrequency", "ServiceSubcategory", "PricingCurrency", "PricingCurrencyEffectiveCost"]
PRICED = ["PricingQuantity", "ListUnitPrice", "ContractedUnitPrice", "PricingCategory", "SkuId", "SkuPriceId"]

CHARGE_CATEGORIES = {"Usage", "Purchase", "Tax", "Credit", "Adjustment"}
CHARGE_FREQUENCIES = {"One-Time", "Recurring", "Usage-Based"}
PRICING_CATEGORIES = {"Standard", "Dynamic", "Committed", "Other"}
SERVICE_CATEGORIES = {"AI and Machine Learning", "Analytics", "Business Applications", "Compute", "Databases",
                      "Developer Tools", "Multicloud", "Identity", "Integration", "Internet of Things",
                      "Management and Governance", "Media", "Migration", "Mobile", "Networking", "Security",
                      "Storage", "Web", "Other"}
_SUB = {
    "AI and Machine Learning": ["AI Platforms", "Bots", "Generative AI", "Machine Learning",
                                "Natural Language Processing"],
    "Analytics": ["Analytics Platforms", "Business Intelligence", "Data Processing", "Search",
                  "Streaming Analytics"],
    "Business Applications": ["Productivity and Collaboration"],
    "Compute": ["Containers", "End User Computing", "Quantum Compute", "Serverless Compute", "Virtual Machines"],
    "Databases": ["Caching", "Data Warehouses", "Ledger Databases", "NoSQL Databases", "Relational Databases",
                  "Time Series Databases"],
    "Developer Tools": ["Developer Platforms", "Continuous Integration and Deployment", "Development Environments",
                        "Source Code Management", "Quality Assurance"],
    "Identity": ["Identity and Access Management"],
    "Integration": ["API Management", "Messaging", "Workflow Orchestration"],
    "Internet of Things": ["IoT Analytics", "IoT Platforms"],
    "Management and Governance": ["Architecture", "Compliance", "Cost Management", "Data Governance",
                                  "Disaster Recovery", "Endpoint Management", "Observability", "Support"],
    "Media": ["Content Creation", "Gaming", "Media Streaming", "Mixed Reality"],
    "Migration": ["Data Migration", "Resource Migration"],
    "Mobile": [],
    "Multicloud": ["Multicloud Integration"],
    "Networking": ["Application Networking", "Content Delivery", "Network Connectivity", "Network Infrastructure",
                   "Network Routing", "Network Security"],
    "Security": ["Secret Management", "Security Posture Management", "Threat Detection and Response"],
    "Storage": ["Backup Storage", "Block Storage", "File Storage", "Object Storage", "Storage Platforms"],
    "Web": ["Application Platforms"],
    "Other": [],
}
SERVICE_SUBCATEGORIES = {sub: cat for cat, subs in _SUB.items() for sub in subs + [f"Other ({cat})"]}
SKU_PRICE_PROPERTIES = {"CoreCount", "DiskMaxIops", "DiskSpace", "DiskType", "GpuCount", "InstanceType",
                        "InstanceSeries", "MemorySize", "NetworkMaxIops", "NetworkMaxThroughput", "OperatingSystem",
                        "Redundancy", "StorageClass"}

NUMERIC = re.compile(r"-?[0-9]+(\.[0-9]+)?(E-?[0-9]+)?")
DATETIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z")
CURRENCY = re.compile(r"[A-Z]{3}")


class Report:
    def __init__(self, name: str):
        self.name = name
        self.problems: list[tuple[str, str]] = []

    def add(self, row: int | str, rule: str, message: str):
        self.problems.append((rule, f"{self.name}:{row}: {rule} {message}"))

    def rules(self) -> set[str]:
        return {r for r, _ in self.problems}


def _json_object(text: str):
    pairs_seen = []

    def hook(pairs):
        pairs_seen.append([k for k, _ in pairs])
        return dict(pairs)

    value = json.loads(text, object_pairs_hook=hook)
    return value, pairs_seen


def _instant(text: str):
    return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ")


def check_columns(header: list[str], report: Report, provider: str):
    for c in MANDATORY:
        if c not in header:
            report.add("header", "P1", f"mandatory column {c} is missing")
    if provider == "databricks":
        for c in DATABRICKS_CONDITIONAL:
            if c not in header:
                report.add("header", "P2", f"conditional column {c} applies to Databricks and is missing")
    for c in header:
        if c not in FOCUS_COLUMNS and not c.startswith("x_"):
            report.add("header", "P3", f"column {c} is not a FOCUS 1.2 column and has no x_ prefix")
    for c in {c for c in header if header.count(c) > 1}:
        report.add("header", "P4", f"column {c} appears twice")


def check_formats(n: int, row: dict, report: Report):
    for c in DECIMALS:
        v = row.get(c)
        if v and not NUMERIC.fullmatch(v):
            report.add(n, "F1", f"{c} '{v}' is not a FOCUS numeric value")
    for c in DATETIMES:
        v = row.get(c)
        if v:
            ok = DATETIME.fullmatch(v) is not None
            if ok:
                try:
                    _instant(v)
                except ValueError:
                    ok = False
            if not ok:
                report.add(n, "F2", f"{c} '{v}' is not YYYY-MM-DDTHH:mm:ssZ")
    for c in ("BillingCurrency", "PricingCurrency"):
        v = row.get(c)
        if v and not CURRENCY.fullmatch(v):
            report.add(n, "F3", f"{c} '{v}' is not an ISO 4217 code")
    for c in ("Tags", "SkuPriceDetails"):
        v = row.get(c)
        if not v:
            continue
        try:
            value, keys = _json_object(v)
        except ValueError:
            report.add(n, "F4", f"{c} is not JSON: {v!r}")
            continue
        if not isinstance(value, dict):
            report.add(n, "F4", f"{c} is not a JSON object: {v!r}")
            continue
        if any(len(k) != len(set(k)) for k in keys):
            report.add(n, "F4", f"{c} repeats a key: {v!r}")
        if any(isinstance(x, (dict, list)) for x in value.values()):
            report.add(n, "F4", f"{c} has an object or array value: {v!r}")
        if c == "SkuPriceDetails":
            for k in value:
                if k not in SKU_PRICE_PROPERTIES and not k.startswith("x_"):
                    report.add(n, "F5", f"SkuPriceDetails key {k} is neither FOCUS-defined nor x_")


def check_values(n: int, row: dict, report: Report):
    def check(col, allowed, rule, nullable=False):
        v = row.get(col)
        if v is None or (nullable and v == ""):
            return
        if v != "" and v not in allowed:
            report.add(n, rule, f"{col} '{v}' is not an allowed value")

    check("ChargeCategory", CHARGE_CATEGORIES, "A1")
    check("ChargeClass", {"Correction"}, "A2", nullable=True)
    check("ChargeFrequency", CHARGE_FREQUENCIES, "A3")
    check("PricingCategory", PRICING_CATEGORIES, "A4", nullable=True)
    check("ServiceCategory", SERVICE_CATEGORIES, "A5")
    sub = row.get("ServiceSubcategory")
    if sub:
        if sub not in SERVICE_SUBCATEGORIES:
            report.add(n, "A6", f"ServiceSubcategory '{sub}' is not an allowed value")
        elif SERVICE_SUBCATEGORIES[sub] != row.get("ServiceCategory"):
            report.add(n, "A6", f"ServiceSubcategory '{sub}' belongs to {SERVICE_SUBCATEGORIES[sub]}, "
                                f"not {row.get('ServiceCategory')}")
    check("CommitmentDiscountStatus", {"Used", "Unused"}, "A7", nullable=True)
    check("CommitmentDiscountCategory", {"Spend", "Usage"}, "A7", nullable=True)


def check_nulls(n: int, row: dict, report: Report):
    for c in NEVER_NULL:
        if c in row and row[c] == "":
            report.add(n, "N1", f"{c} is null")
    category = row.get("ChargeCategory")
    correction = row.get("ChargeClass") == "Correction"
    for c in PRICED:
        if c not in row:
            continue
        if category in ("Usage", "Purchase") and not correction and row[c] == "":
            report.add(n, "N2", f"{c} is null on a {category} row")
        if category == "Tax" and row[c] != "":
            report.add(n, "N2", f"{c} is set on a Tax row")
    if "ConsumedQuantity" in row:
        unused = row.get("CommitmentDiscountStatus") == "Unused"
        q = row["ConsumedQuantity"]
        if (category != "Usage" or unused) and q != "":
            report.add(n, "N3", f"ConsumedQuantity is set on a {category} row" + (" (Unused)" if unused else ""))
        if category == "Usage" and not unused and not correction and q == "":
            report.add(n, "N3", "ConsumedQuantity is null on a Usage row")

    def same_nulls(a, b):
        if a in row and b in row and (row[a] == "") != (row[b] == ""):
            report.add(n, "N4", f"{b} is {'null' if row[b] == '' else 'set'} while {a} is "
                                f"{'null' if row[a] == '' else 'set'}")

    same_nulls("PricingQuantity", "PricingUnit")
    same_nulls("ConsumedQuantity", "ConsumedUnit")
    same_nulls("SubAccountId", "SubAccountName")
    cd = row.get("CommitmentDiscountId", "")
    for c in ("CommitmentDiscountCategory", "CommitmentDiscountType", "CommitmentDiscountStatus",
              "CommitmentDiscountName"):
        if c in row and cd == "" and row[c] != "":
            report.add(n, "N4", f"{c} is set while CommitmentDiscountId is null")
    for c in ("CommitmentDiscountCategory", "CommitmentDiscountType"):
        if c in row and cd != "" and row[c] == "":
            report.add(n, "N4", f"{c} is null while CommitmentDiscountId is set")
    if "CommitmentDiscountStatus" in row and cd != "" and category == "Usage" and row["CommitmentDiscountStatus"] == "":
        report.add(n, "N4", "CommitmentDiscountStatus is null on a Usage row with a CommitmentDiscountId")
    if row.get("CommitmentDiscountQuantity", "") != "" and not (cd != "" and category in ("Usage", "Purchase")):
        report.add(n, "N4", "CommitmentDiscountQuantity is set without a commitment Usage or Purchase")
    if row.get("SkuMeter", "") != "" and row.get("SkuId", "") == "":
        report.add(n, "N4", "SkuMeter is set while SkuId is null")
    if row.get("SkuPriceDetails", "") != "" and row.get("SkuPriceId", "") == "":
        report.add(n, "N4", "SkuPriceDetails is set while SkuPriceId is null")


def _dec(v: str):
    try:
        return Decimal(v) if v and NUMERIC.fullmatch(v) else None
    except ArithmeticError:
        return None


def check_relations(n: int, row: dict, report: Report):
    correction = row.get("ChargeClass") == "Correction"
    q = _dec(row.get("PricingQuantity", ""))
    for cost, price, rule in (("ListCost", "ListUnitPrice", "R1"), ("ContractedCost", "ContractedUnitPrice", "R2")):
        p, c = _dec(row.get(price, "")), _dec(row.get(cost, ""))
        if p is not None and p < 0:
            report.add(n, "R3", f"{price} {row[price]} is negative")
        if p is not None and q is not None and c is not None and not correction and p * q != c:
            report.add(n, rule, f"{cost} {row[cost]} is not {price} x PricingQuantity = {p * q}")
    billed = _dec(row.get("BilledCost", ""))
    if row.get("ChargeCategory") == "Credit" and billed is not None:
        for cost, price in (("ListCost", "ListUnitPrice"), ("ContractedCost", "ContractedUnitPrice"),
                            ("EffectiveCost", None)):
            v = _dec(row.get(cost, ""))
            if (price is None or row.get(price, "") == "") and v is not None and v != billed:
                report.add(n, "R4", f"{cost} {row[cost]} differs from BilledCost {row['BilledCost']} on a Credit row")
    if row.get("ChargeCategory") == "Purchase" and row.get("ChargeFrequency") == "Usage-Based":
        report.add(n, "R5", "a Purchase row is Usage-Based")
    for start, end in (("BillingPeriodStart", "BillingPeriodEnd"), ("ChargePeriodStart", "ChargePeriodEnd")):
        try:
            if _instant(row[start]) >= _instant(row[end]):
                report.add(n, "R6", f"{start} {row[start]} is not before {end} {row[end]}")
        except (KeyError, ValueError):
            pass  # reported by P1, N1 or F2
    effective = _dec(row.get("EffectiveCost", ""))
    if (row.get("ChargeCategory") == "Usage" and row.get("CommitmentDiscountId", "") == "" and billed is not None
            and effective is not None and billed != effective):
        report.add(n, "R7", f"EffectiveCost {row['EffectiveCost']} differs from BilledCost {row['BilledCost']} "
                            "on a Usage row without a commitment discount")


def check_dataset(rows: list[tuple[int, dict]], report: Report):
    sku_of, price_of, category_of = {}, {}, {}
    for n, row in rows:
        sp = row.get("SkuPriceId", "")
        if sp:
            if sku_of.setdefault(sp, row.get("SkuId")) != row.get("SkuId"):
                report.add(n, "R8", f"SkuPriceId {sp} has two SkuIds: {sku_of[sp]}, {row.get('SkuId')}")
            lp = _dec(row.get("ListUnitPrice", ""))
            if lp is not None and price_of.setdefault(sp, lp) != lp:
                report.add(n, "R8", f"SkuPriceId {sp} has two ListUnitPrices: {price_of[sp]}, {lp}")
        name = row.get("ServiceName", "")
        if name and category_of.setdefault(name, row.get("ServiceCategory")) != row.get("ServiceCategory"):
            report.add(n, "R9", f"ServiceName {name} has two ServiceCategories: {category_of[name]}, "
                                f"{row.get('ServiceCategory')}")


def check_bill(rows: list[tuple[int, dict]], bill_path: str, report: Report):
    focus_team, focus_period = defaultdict(Decimal), defaultdict(Decimal)
    for _, row in rows:
        focus_team[(row["x_Period"], row["x_Team"], row["BillingCurrency"])] += Decimal(row["BilledCost"])
        focus_period[(row["x_Period"], row["BillingCurrency"])] += Decimal(row["BilledCost"])
    bill_team, bill_period = defaultdict(Decimal), defaultdict(Decimal)
    with open(bill_path, newline="", encoding="utf-8") as f:
        for line in csv.DictReader(f):
            if line["team"] in ("(unpriced)", "(total)"):
                continue
            key = (line["period"], line["team"], line["currency"])
            bill_team[key] += Decimal(line["total_cost"])
            bill_period[(line["period"], line["currency"])] += Decimal(line["total_cost"])
    for key in sorted(set(focus_team) | set(bill_team)):
        if focus_team[key] != bill_team[key]:
            report.add("sum", "B1", f"BilledCost of {key} is {focus_team[key]}, the chargeback's total_cost "
                                    f"{bill_team[key]}")
    for key in sorted(set(focus_period) | set(bill_period)):
        if focus_period[key] != bill_period[key]:
            report.add("sum", "B1", f"BilledCost of {key} is {focus_period[key]}, the bill {bill_period[key]}")


def check_text(text: str, name: str, bill: str | None = None, provider: str = "databricks") -> Report:
    report = Report(name)
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None:
        report.add("header", "P1", "the file is empty")
        return report
    check_columns(header, report, provider)
    rows = []
    for n, cells in enumerate(reader, start=2):
        row = dict(zip(header, cells))
        rows.append((n, row))
        check_formats(n, row, report)
        check_values(n, row, report)
        check_nulls(n, row, report)
        check_relations(n, row, report)
    check_dataset(rows, report)
    if bill:
        check_bill(rows, bill, report)
    return report


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="+")
    ap.add_argument("--bill", help="the chargeback as --format csv, whose totals the BilledCost must match")
    ap.add_argument("--provider", default="databricks", choices=["databricks", "any"])
    args = ap.parse_args(argv)
    failed = False
    for path in args.files:
        with open(path, newline="", encoding="utf-8") as f:
            report = check_text(f.read(), path, args.bill, args.provider)
        for _, line in report.problems:
            print(line)
        failed = failed or bool(report.problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
