#!/usr/bin/env python3
"""Writes a synthetic system.billing.usage export shaped like Databricks' own: the 18 columns in
their order, struct and map columns as JSON the way Spark's to_json writes them, hourly records
over a month, tags on most records, owner-mapped jobs, a shared SQL warehouse, and corrections
(a RETRACTION and a RESTATEMENT for about 1% of records). Also writes the list_prices export (with
a mid-month price change) and the owners file it goes with.

Usage: generate_usage.py OUT_DIR [--rows N] [--seed S] [--gzip]
Writes OUT_DIR/usage.csv (or usage.csv.gz), OUT_DIR/list_prices.csv, OUT_DIR/owners.csv.
"""
import argparse
import gzip
import json
import pathlib
import random

SKUS = [  # sku, billing_origin_product, price before / after 2026-03-16
    ("PREMIUM_JOBS_COMPUTE", "JOBS", "0.30", "0.33"),
    ("PREMIUM_JOBS_COMPUTE_(PHOTON)", "JOBS", "0.30", "0.33"),
    ("PREMIUM_ALL_PURPOSE_COMPUTE", "ALL_PURPOSE", "0.55", "0.55"),
    ("PREMIUM_ALL_PURPOSE_COMPUTE_(PHOTON)", "ALL_PURPOSE", "0.55", "0.55"),
    ("PREMIUM_DLT_ADVANCED_COMPUTE", "DLT", "0.54", "0.54"),
    ("PREMIUM_SERVERLESS_SQL_COMPUTE", "SQL", "0.70", "0.70"),
    ("PREMIUM_JOBS_SERVERLESS_COMPUTE", "JOBS", "0.45", "0.45"),
]
TEAMS = ["data-eng", "analytics", "ml", "platform", "finance", "marketing", "risk", "search"]
META_KEYS = ["cluster_id", "job_id", "warehouse_id", "instance_pool_id", "node_type", "job_run_id", "notebook_id",
             "dlt_pipeline_id", "endpoint_name", "endpoint_id", "dlt_update_id", "dlt_maintenance_id", "run_name",
             "job_name", "notebook_path", "central_clean_room_id", "source_region", "destination_region", "app_id",
             "app_name", "metastore_id", "private_endpoint_name", "storage_api_type", "budget_policy_id"]
HEADER = ("record_id,account_id,workspace_id,sku_name,cloud,usage_start_time,usage_end_time,usage_date,custom_tags,"
          "usage_unit,usage_quantity,usage_metadata,identity_metadata,record_type,ingestion_date,"
          "billing_origin_product,product_features,usage_type\n")


def csv_quote(s: str) -> str:
    return '"' + s.replace('"', '""') + '"'


def to_json(struct: dict) -> str:
    """As Spark's to_json writes a struct: null fields left out."""
    return json.dumps({k: v for k, v in struct.items() if v is not None}, separators=(",", ":"))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--rows", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--gzip", action="store_true")
    args = ap.parse_args()
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(args.seed)

    # A fixed population of resources, each with its own pre-rendered JSON columns.
    resources = []
    for i in range(400):
        sku, product, _, _ = SKUS[i % len(SKUS)]
        team = TEAMS[i % len(TEAMS)]
        meta = dict.fromkeys(META_KEYS)
        meta["node_type"] = "Standard_D8s_v3"
        run_as = None
        if product == "SQL":
            meta["warehouse_id"] = "wh-shared" if i % 3 == 0 else f"wh-{i:04d}"
        elif product == "DLT":
            meta["dlt_pipeline_id"] = f"pl-{i:04d}"
            meta["cluster_id"] = f"0301-{i:06d}-dlt"
        else:
            meta["cluster_id"] = f"0301-{i:06d}-abcd"
            if product == "JOBS":
                meta["job_id"] = str(100000 + i)
                meta["job_run_id"] = str(900000 + i)
                meta["job_name"] = f"job {i} \"nightly\""
                run_as = f"svc-{team}@example.com"
        tags = {"env": "prod" if i % 2 else "dev"}
        if i % 5 != 4:  # one in five untagged: owners or unallocated
            tags["team"] = team
        if i % 17 == 0:
            tags["cost_center"] = "shared"
        if i % 23 == 0:
            tags["note"] = "tab\there, quote \" and \\u00e9"
        identity = {"run_as": run_as, "created_by": None, "owned_by": None, "run_by": None}
        features = {"jobs_tier": "CLASSIC" if product == "JOBS" else None, "sql_tier": None, "dlt_tier": None,
                    "is_serverless": "SERVERLESS" in sku, "is_photon": "PHOTON" in sku, "serving_type": None}
        resources.append((f"{1000000000000000 + (i % 3)}", sku, product, csv_quote(json.dumps(tags)),
                          csv_quote(to_json(meta)), csv_quote(to_json(identity)), csv_quote(to_json(features)), team,
                          meta))

    opener = gzip.open if args.gzip else open
    name = "usage.csv.gz" if args.gzip else "usage.csv"
    with opener(out / name, "wt", newline="") as f:
        f.write(HEADER)
        lines = []
        for n in range(args.rows):
            ws, sku, product, tags, meta, ident, feats, _, _ = resources[rng.randrange(len(resources))]
            day = 1 + rng.randrange(31)
            hour = rng.randrange(24)
            start = f"2026-03-{day:02d} {hour:02d}:00:00.000+00:00"
            end = f"2026-03-{day:02d} {hour:02d}:59:59.999+00:00"
            qty = f"{rng.randrange(1, 50_000_000) / 1_000_000:.18f}"
            common = (f",acc-1,{ws},{sku},AZURE,{start},{end},2026-03-{day:02d},{tags},DBU,")
            tail = f",{meta},{ident},"
            rest = f",2026-03-{day:02d},{product},{feats},COMPUTE_TIME\n"
            lines.append(f"rec-{n:09d}{common}{qty}{tail}ORIGINAL{rest}")
            if n % 100 == 50:
                lines.append(f"rec-{n:09d}r{common}-{qty}{tail}RETRACTION{rest}")
                lines.append(f"rec-{n:09d}s{common}{float(qty) * 0.9:.18f}{tail}RESTATEMENT{rest}")
            if len(lines) >= 10_000:
                f.write("".join(lines))
                lines.clear()
        f.write("".join(lines))

    with open(out / "list_prices.csv", "w") as f:
        f.write("price_start_time,price_end_time,account_id,sku_name,cloud,currency_code,usage_unit,pricing\n")
        for sku, _, before, after in SKUS:
            p = lambda v: csv_quote(json.dumps({"default": v, "promotional": {"default": None},
                                                "effective_list": {"default": v}}))
            if before == after:
                f.write(f"2025-01-01T00:00:00.000Z,,acc-1,{sku},AZURE,USD,DBU,{p(before)}\n")
            else:
                f.write(f"2025-01-01T00:00:00.000Z,2026-03-16T00:00:00.000Z,acc-1,{sku},AZURE,USD,DBU,{p(before)}\n")
                f.write(f"2026-03-16T00:00:00.000Z,,acc-1,{sku},AZURE,USD,DBU,{p(after)}\n")
    with open(out / "owners.csv", "w") as f:
        f.write("kind,id,team\n")
        for r in resources:
            meta, team = r[8], r[7]
            if meta["job_id"] and int(meta["job_id"]) % 2 == 0:
                f.write(f"job_id,{meta['job_id']},{team}\n")


if __name__ == "__main__":
    main()
