#!/usr/bin/env python3
"""The whole bill: `dbcost chargeback --cloud-costs` against the same join written in pandas, on a
generated month of a workspace (generate_month.py: usage.csv, prices.csv and the cloud export).

The pandas version follows the rules of `dbcost chargeback --cloud-costs` (docs/chargeback.md):
DBU charges on the cloud bill left out; lines with no Databricks tag to "(not databricks)", with
Vendor=Databricks but no id to "(databricks, unattributed)"; the others split over the teams of
their pool's / warehouse's / cluster's usage records that start in the hours the line covers, in
proportion to usage_quantity; without such usage, a pool line to "(idle pools)", a cluster or
warehouse line by that resource's usage in the whole period, else by its own team tag, else
"(unallocated)". It is written the way a good pandas user would: read_csv of the needed columns,
JSON parsed once per distinct tag text, a merge on the hour for one-hour lines, cumulative sums
and merge_asof for lines spanning many hours, groupby. It checks that both give the same DBU and
cloud cost per team (pandas in floats, so to the cent per cost class), and reports the input
size, seconds, records per second, MB/s (both input files) and the ratio; the best of --repeat
runs counts for each.

Usage: bench_cloud_join.py BUILD_DIR [--nodes N] [--repeat R] [--cloud-format focus|cur2] [--gzip]
                           [--data DIR] [--keep DIR]
"""
import argparse
import io
import json
import pathlib
import subprocess
import sys
import tempfile
import time

import numpy as np
import pandas as pd

HERE = pathlib.Path(__file__).resolve().parent
TEAM_TAG = "team"
IDLE, UNATTRIBUTED, NOT_DATABRICKS, UNALLOCATED = ("(idle pools)", "(databricks, unattributed)", "(not databricks)",
                                                   "(unallocated)")
CLASSES = ["compute", "storage", "network", "other"]
# Cloud export columns by layout: FOCUS 1.2 and CUR 2.0 (docs/chargeback.md, "Cloud cost exports").
LAYOUTS = {
    "focus": dict(cost="BilledCost", currency="BillingCurrency", start="ChargePeriodStart", end="ChargePeriodEnd",
                  service="ServiceName", category="ServiceCategory", rtype="ResourceType", utype="x_UsageType",
                  rid="ResourceId", tags="Tags", time_format="%Y-%m-%dT%H:%M:%S.%fZ"),
    "cur2": dict(cost="line_item_unblended_cost", currency="line_item_currency_code",
                 start="line_item_usage_start_date", end="line_item_usage_end_date", service="line_item_product_code",
                 category=None, rtype="product_product_family", utype="line_item_usage_type",
                 rid="line_item_resource_id", tags="resource_tags", time_format="%Y-%m-%dT%H:%M:%SZ"),
}


def seconds(col: pd.Series, fmt: str) -> np.ndarray:
    return pd.to_datetime(col, format=fmt, utc=True).values.astype("datetime64[s]").astype("int64")


def per_distinct(col: pd.Series, fn) -> pd.DataFrame:
    """fn(json) of each distinct text of a JSON column (a dict of fields), spread back over the rows."""
    codes, uniques = pd.factorize(col)
    table = pd.DataFrame([fn(json.loads(s) if s else {}) for s in uniques] + [fn({})])
    return table.iloc[np.where(codes < 0, len(uniques), codes)].reset_index(drop=True)


def tag_form(key: str) -> str:
    """A tag key as dbcost compares it: case, '_', ':', ' ', '-' and a leading user: / user_ ignored."""
    k = key.lower()
    k = k[5:] if k.startswith(("user:", "user_")) else k
    return "".join(c for c in k if c not in "_: -")


def databricks_view(tags: dict) -> dict:
    """What a line's tags say: the resource its cost follows (pool, else warehouse, else cluster) and its team tag."""
    t = {}
    for k, v in tags.items():
        if v not in (None, ""):
            t.setdefault(tag_form(k), v)
    pool, warehouse, cluster = t.get("databricksinstancepoolid"), t.get("sqlendpointid") or t.get(
        "sqlwarehouseid"), t.get("clusterid")
    key = f"p:{pool}" if pool else f"w:{warehouse}" if warehouse else f"c:{cluster}" if cluster else None
    vendor = str(t.get("vendor", "")).lower() == "databricks"
    any_tag = vendor or key or any(k in t for k in ("clustername", "jobid", "databricksinstancepoolcreatorid"))
    team = next((v for k, v in tags.items() if k.removeprefix("user:").removeprefix("user_") == TEAM_TAG
                 and v not in (None, "")), None)
    return {"key": key, "relation": "attributable" if key else "unattributable" if any_tag else "not",
            "tag_team": team}


def cost_class(rtype: str, utype: str, service: str, category: str, rid: str) -> str:
    """libcost/cloudcost/cloud_cost_line.h cost_class_of, from the first four letters of the resource id (AWS ids:
    nat-, vol-, i-; Azure's resource paths are not looked at)."""
    text = f"{rtype}|{utype}|{service}".lower()
    if any(w in text for w in ("natgateway", "nat gateway", "datatransfer", "data transfer", "bandwidth",
                               "loadbalancer", "load balancer", "vpcendpoint", "vpc endpoint", "private endpoint",
                               "privatelink", "virtual network")) or rid == "nat-":
        return "network"
    if any(w in text for w in ("ebs:", "volume", "disk", "snapshot", "storage")) or rid == "vol-":
        return "storage"
    if any(w in text for w in ("boxusage", "spotusage", "instance", "virtual machine")) or rid.startswith("i-"):
        return "compute"
    return {"compute": "compute", "storage": "storage", "networking": "network"}.get(category.lower(), "other")


def read_usage(usage: pathlib.Path, prices: pathlib.Path) -> tuple[pd.DataFrame, pd.Series]:
    """Usage records with their team, resource ids, start (Unix seconds) and period; the list cost per period,
    currency and team."""
    u = pd.read_csv(usage, usecols=["sku_name", "cloud", "usage_start_time", "usage_unit", "usage_quantity",
                                    "custom_tags", "usage_metadata"])
    team = per_distinct(u["custom_tags"], lambda t: {"team": t.get(TEAM_TAG) or UNALLOCATED})["team"]
    ids = per_distinct(u["usage_metadata"], lambda m: {"p": m.get("instance_pool_id"), "w": m.get("warehouse_id"),
                                                       "c": m.get("cluster_id")})
    start = pd.to_datetime(u["usage_start_time"], format="%Y-%m-%d %H:%M:%S.%f%z", utc=True)
    u = pd.concat([u.drop(columns=["custom_tags", "usage_metadata"]), ids], axis=1)
    u["team"], u["t"], u["period"] = team, start.values.astype("datetime64[s]").astype("int64"), start.values.astype(
        "datetime64[M]")

    lp = pd.read_csv(prices)
    pricing = lp["pricing"].map(json.loads)
    lp["price"] = pricing.map(lambda p: float((p.get("effective_list") or {}).get("default") or p["default"]))
    lp["price_start"] = seconds(lp["price_start_time"], "%Y-%m-%dT%H:%M:%S.%fZ")
    lp["price_end"] = pd.to_datetime(lp["price_end_time"], format="%Y-%m-%dT%H:%M:%S.%fZ", utc=True).fillna(
        pd.Timestamp.max.tz_localize("UTC")).values.astype("datetime64[s]").astype("int64")
    priced = u[["sku_name", "cloud", "usage_unit", "usage_quantity", "t", "period", "team"]].merge(
        lp[["sku_name", "cloud", "usage_unit", "currency_code", "price", "price_start", "price_end"]],
        on=["sku_name", "cloud", "usage_unit"])
    priced = priced[(priced["t"] >= priced["price_start"]) & (priced["t"] < priced["price_end"])]
    cost = (priced["usage_quantity"] * priced["price"]).groupby(
        [priced["period"], priced["currency_code"].rename("currency"), priced["team"]]).sum()
    return u, cost.rename("dbu_cost")


def read_cloud(cloud: pathlib.Path) -> pd.DataFrame:
    """Cloud lines with amount, currency, window [a, b) in Unix seconds, period, class, relation and resource key."""
    header = pd.read_csv(cloud, nrows=0).columns
    col = LAYOUTS["focus" if "BilledCost" in header else "cur2"]
    names = [c for k, c in col.items() if k != "time_format" and c]
    c = pd.read_csv(cloud, usecols=names, dtype={n: str for n in names if n != col["cost"]},
                    keep_default_na=False)
    start = pd.to_datetime(c[col["start"]], format=col["time_format"], utc=True)
    out = pd.DataFrame({"amount": c[col["cost"]].astype(float), "currency": c[col["currency"]],
                        "a": start.values.astype("datetime64[s]").astype("int64") // 3600 * 3600,
                        "b": seconds(c[col["end"]], col["time_format"]), "period": start.values.astype("datetime64[M]")})
    hints = pd.DataFrame({"rtype": c[col["rtype"]], "utype": c[col["utype"]], "service": c[col["service"]],
                          "category": c[col["category"]] if col["category"] else "",
                          "rid": c[col["rid"]].str[:4].str.lower()})
    combos = hints.drop_duplicates()
    combos = combos.assign(cls=[cost_class(*r) for r in combos.itertuples(index=False)],
                           dbu_charge=combos["service"].str.lower().str.contains("databricks"))
    hinted = hints.merge(combos, how="left", on=list(hints.columns))
    out["class"], out["dbu_charge"] = hinted["cls"].to_numpy(), hinted["dbu_charge"].to_numpy(dtype=bool)
    view = per_distinct(c[col["tags"]], databricks_view)
    return pd.concat([out, view], axis=1)[~out["dbu_charge"]]


def split(lines: pd.DataFrame, weights: pd.DataFrame, on: list) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Each line's amount over the teams of its weights (merged on `on`); the rows split, the lines left."""
    m = lines.reset_index().merge(weights, on=on)
    total = m.groupby("index")["w"].transform("sum")
    m = m[total != 0]
    m["amount"] = m["amount"] * m["w"] / total[total != 0]
    return m, lines[~lines.index.isin(m["index"])]


def window_weights(lines: pd.DataFrame, usage_by_start: pd.DataFrame) -> pd.DataFrame:
    """Each line's usage per team in [a, b): cumulative sums per resource and team, read before b and before a."""
    cum = usage_by_start.sort_values("t")
    cum["c"] = cum.groupby(["key", "team"])["qty"].cumsum()
    lt = lines[["key", "a", "b"]].reset_index().merge(usage_by_start[["key", "team"]].drop_duplicates(), on="key")
    at = {}
    for edge in ("a", "b"):
        s = pd.merge_asof(lt.sort_values(edge), cum[["key", "team", "t", "c"]], left_on=edge, right_on="t",
                          by=["key", "team"], allow_exact_matches=False)
        at[edge] = s.set_index(["index", "team"])["c"].fillna(0.0)
    w = (at["b"] - at["a"].reindex(at["b"].index)).rename("w").reset_index()
    return w[w["w"] != 0]


def pandas_join(usage: pathlib.Path, prices: pathlib.Path, cloud: pathlib.Path) -> pd.DataFrame:
    """DBU cost and cloud cost per class for each period, currency and team."""
    u, dbu = read_usage(usage, prices)
    usage_by_start = pd.concat([pd.DataFrame({"key": kind + ":" + u.loc[u[kind].notna(), kind],
                                              "t": u.loc[u[kind].notna(), "t"], "period": u.loc[u[kind].notna(),
                                                                                                "period"],
                                              "team": u.loc[u[kind].notna(), "team"],
                                              "qty": u.loc[u[kind].notna(), "usage_quantity"]})
                                for kind in ("p", "w", "c")])
    usage_by_start = usage_by_start.groupby(["key", "t", "period", "team"], as_index=False)["qty"].sum()

    c = read_cloud(cloud)
    rows = [c[c["relation"] == "not"].assign(team=NOT_DATABRICKS),
            c[c["relation"] == "unattributable"].assign(team=UNATTRIBUTED)]
    attr = c[c["relation"] == "attributable"]
    one_hour = attr["b"] - attr["a"] == 3600
    by_hour = usage_by_start.assign(a=usage_by_start["t"] // 3600 * 3600).groupby(
        ["key", "a", "team"], as_index=False)["qty"].sum().rename(columns={"qty": "w"})
    done, left_hour = split(attr[one_hour], by_hour, ["key", "a"])
    rows.append(done)
    long = attr[~one_hour]
    w = window_weights(long, usage_by_start)
    m = long.reset_index().merge(w, on="index")
    total = m.groupby("index")["w"].transform("sum")
    m["amount"] = m["amount"] * m["w"] / total
    rows.append(m)
    left = pd.concat([left_hour, long[~long.index.isin(m["index"])]])
    is_pool = left["key"].str.startswith("p:")
    rows.append(left[is_pool].assign(team=IDLE))
    by_period = usage_by_start.groupby(["key", "period", "team"], as_index=False)["qty"].sum().rename(
        columns={"qty": "w"})
    done, rest = split(left[~is_pool], by_period, ["key", "period"])
    rows.append(done)
    rows.append(rest.assign(team=rest["tag_team"].fillna(UNALLOCATED)))

    cloud_cost = pd.concat(r[["period", "currency", "team", "class", "amount"]] for r in rows)
    by_class = cloud_cost.pivot_table(index=["period", "currency", "team"], columns="class", values="amount",
                                      aggfunc="sum", fill_value=0.0).reindex(columns=CLASSES, fill_value=0.0)
    out = pd.concat([dbu, by_class], axis=1).fillna(0.0)
    out["cloud_cost"] = out[CLASSES].sum(axis=1)
    out = out.reset_index()
    out["period"] = out["period"].dt.strftime("%Y-%m")
    return out


def best_of(repeat: int, fn):
    best = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        elapsed = time.perf_counter() - t0
        best = elapsed if best is None or elapsed < best else best
    return best, result


def count_lines(path: pathlib.Path) -> int:
    import gzip
    with (gzip.open if path.suffix == ".gz" else open)(path, "rb") as f:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 24), b"")) - 1


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("build")
    ap.add_argument("--nodes", type=int, default=5000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--cloud-format", choices=["focus", "cur2"], default="focus")
    ap.add_argument("--gzip", action="store_true")
    ap.add_argument("--data", help="directory with usage.csv, prices.csv and focus.csv or cur2.csv (skips generation)")
    ap.add_argument("--keep", help="generate into this directory and keep it")
    args = ap.parse_args()
    cli = pathlib.Path(args.build) / "dbcost"
    with tempfile.TemporaryDirectory() as tmp:
        data = pathlib.Path(args.data or args.keep or tmp)
        if not args.data:
            subprocess.run([sys.executable, str(HERE / "generate_month.py"), str(data), "--nodes", str(args.nodes),
                            "--cloud-format", args.cloud_format] + (["--gzip"] if args.gzip else []), check=True)
        usage = next(data.glob("usage.csv*"))
        cloud = next(p for n in ("focus", "cur2") for p in data.glob(f"{n}.csv*"))
        prices = data / "prices.csv"
        size_mb = (usage.stat().st_size + cloud.stat().st_size) / 1e6
        records, lines = count_lines(usage), count_lines(cloud)

        def run_dbcost(threads: int) -> pd.DataFrame:
            out = subprocess.run([str(cli), "chargeback", "--usage", str(usage), "--prices", str(prices),
                                  "--cloud-costs", str(cloud), "--by", "team", "--shared", "none", "--threads",
                                  str(threads), "--format", "csv"], capture_output=True, text=True, check=True).stdout
            return pd.read_csv(io.StringIO(out))

        results = {}
        for threads in (1, 2):
            results[f"dbcost {threads} thread{'s' if threads > 1 else ''}"] = best_of(args.repeat,
                                                                                     lambda: run_dbcost(threads))
        results["pandas"] = best_of(max(1, min(args.repeat, 2)), lambda: pandas_join(usage, prices, cloud))

    one, two, pd_result = results["dbcost 1 thread"][1], results["dbcost 2 threads"][1], results["pandas"][1]
    if not one.equals(two):
        print("MISMATCH: 1 and 2 threads differ")
        return 1
    worst = compare(one, pd_result)
    if worst is None:
        return 1
    print(f"usage export: {records:,} records; cloud export: {lines:,} lines; {size_mb:,.1f} MB in all; "
          f"teams agree with pandas to {worst:.4f}")
    print(f"{'':18} {'seconds':>8} {'rows/s':>12} {'MB/s':>9}")
    for name, (secs, _) in results.items():
        print(f"{name:18} {secs:8.3f} {(records + lines) / secs:12,.0f} {size_mb / secs:9.1f}")
    pandas_s = results["pandas"][0]
    for name in ("dbcost 1 thread", "dbcost 2 threads"):
        print(f"{name} vs pandas: {pandas_s / results[name][0]:.1f}x")
    return 0


def compare(dbcost_frame: pd.DataFrame, pandas_frame: pd.DataFrame):
    """The worst difference of a row's DBU cost or cloud cost in one class, or None (and a message) when one
    exceeds a cent (each cell is the exact amount rounded up or down to the cent) or the rows differ."""
    rows = dbcost_frame[dbcost_frame["team"] != "(total)"]
    merged = rows.merge(pandas_frame, on=["period", "currency", "team"], suffixes=("", "_pandas"))
    diffs = [(merged["dbu_cost"] - merged["dbu_cost_pandas"]).abs()]
    diffs += [(merged[f"cloud_{c}"] - merged[c]).abs() for c in CLASSES]
    worst = max(d.max() for d in diffs)
    if len(merged) != len(rows) or len(merged) != len(pandas_frame) or worst > 0.01 + 1e-6:
        print(f"MISMATCH with pandas: {len(merged)} of {len(rows)} rows ({len(pandas_frame)} in pandas) matched, "
              f"worst difference {worst}")
        return None
    return worst


if __name__ == "__main__":
    sys.exit(main())
