#!/usr/bin/env python3
"""Writes a month (March 2026) of one Databricks workspace on AWS as the two exports a user joins:
system.billing.usage with its list prices, and the cloud provider's cost export of the same VMs.

The workspace runs --nodes VMs on average (5,000 by default): scheduled job clusters (on-demand
drivers, spot workers for half of them), all-purpose clusters on weekdays (a few around the clock)
with autoscaled workers, job clusters drawing from instance pools (the pools keep idle VMs, and a
released VM stays idle until the pool's idle timeout), classic/pro SQL warehouses scaling out in
business hours, a few clusters whose VMs started but never ran (no usage), NAT gateways of the
workspace, and VMs, an S3 bucket and a database that are not Databricks'. About one cluster in ten
has no team tag. VMs start a few minutes before a cluster's usage begins and stop shortly after
it ends, so some VM hours hold no usage of their cluster.

- usage.csv: hourly records per cluster or warehouse and SKU, the 18 columns bench/chargeback/
  generate_usage.py writes; custom_tags {"team", "env"}; usage_metadata with cluster_id, job_id,
  job_run_id, warehouse_id, instance_pool_id; a RETRACTION and a RESTATEMENT (90%) for 1 in 200.
- prices.csv: list_prices rows for the SKUs used (AWS list prices, scenarios/data/price_book.csv).
- focus.csv: AWS Data Exports "FOCUS 1.2 with AWS columns" (the columns of
  tests/data/cloudcost/focus12_aws.csv and the optional ones AWS writes for EC2, alphabetical), one
  line per VM per hour, one per EBS volume per day (as a daily export would write it: lines that
  span 24 hours), NAT gateway hours and bytes, and the non-Databricks lines. Tags carry the
  Databricks default tags (Vendor, ClusterId, ClusterName, Creator, JobId, RunName;
  DatabricksInstancePoolId, DatabricksInstancePoolCreatorId on pool VMs; SqlEndpointId on
  warehouse VMs; https://docs.databricks.com/admin/account-settings/usage-detail-tags.html) and
  the cluster's custom tags.
- cur2.csv instead with --cloud-format cur2: AWS CUR 2.0 with the columns of
  tests/data/cloudcost/cur2_resource_tags.csv, tags in resource_tags as user_<snake_case> keys.
VM prices and DBU rates are the us-east-1 ones in scenarios/data/instances.csv; spot at 30% of
on-demand; EBS gp3 at $0.08 per GB-month; NAT gateway $0.045 per hour and per GB.

Usage: generate_month.py OUT_DIR [--nodes N] [--seed S] [--cloud-format focus|cur2] [--gzip]
Prints what it wrote: records, lines, and the average number of Databricks VMs running.
"""
import argparse
import datetime
import gzip
import json
import pathlib
import random
import sys

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "chargeback"))
from generate_usage import HEADER as USAGE_HEADER, META_KEYS, csv_quote, to_json  # noqa: E402

HOURS = 31 * 24
MONTH = HOURS * 3600
START = datetime.datetime(2026, 3, 1, tzinfo=datetime.timezone.utc)
ACCOUNT, WORKSPACE, PAYER, USAGE_ACCOUNT = "3f2a9c1e-7b4d-4e8a-9c21-5d6e7f809a1b", "1234567890123456", "111122223333", \
    "444455556666"
TEAMS = ["data-eng", "analytics", "ml", "platform", "finance", "marketing", "risk", "search", "growth", "fraud",
         "supply-chain", "bi"]
TEAM_WEIGHTS = [10, 8, 7, 5, 3, 3, 4, 3, 2, 2, 1, 2]
# Share of the average VMs running that each kind of compute holds.
SHARES = {"job": 0.58, "all_purpose": 0.22, "pool": 0.15, "warehouse": 0.05}
# node type: (DBU/h, on-demand $/h, EBS GB), us-east-1 (scenarios/data/instances.csv)
NODES = {"m5.xlarge": (0.69, 0.192, 150), "m5.2xlarge": (1.37, 0.384, 150), "m5d.2xlarge": (1.37, 0.452, 30),
         "m5d.4xlarge": (2.74, 0.904, 30), "r5.2xlarge": (1.8, 0.504, 150), "r5.4xlarge": (3.6, 1.008, 150),
         "c5.4xlarge": (2.43, 0.68, 150), "i3.xlarge": (1.0, 0.312, 30), "i3.2xlarge": (2.0, 0.624, 30),
         "i3.4xlarge": (4.0, 1.248, 30), "i3.8xlarge": (8.0, 2.496, 30)}
JOB_NODES = ["m5.xlarge", "m5.2xlarge", "m5d.2xlarge", "m5d.4xlarge", "r5.2xlarge", "c5.4xlarge", "i3.xlarge",
             "i3.2xlarge"]
AP_NODES = ["m5d.2xlarge", "r5.2xlarge", "r5.4xlarge", "i3.2xlarge", "m5.2xlarge"]
POOL_NODES = ["i3.xlarge", "i3.2xlarge", "m5d.2xlarge", "r5.2xlarge"]
# warehouse size: (driver, workers of i3.2xlarge, DBU/h) (shared/reference billing-facts §3)
WAREHOUSES = {"Small": ("i3.4xlarge", 4, 12), "Medium": ("i3.8xlarge", 8, 24), "Large": ("i3.8xlarge", 16, 40)}
SKUS = {"JOBS": ("PREMIUM_JOBS_COMPUTE", "0.15"), "ALL_PURPOSE": ("PREMIUM_ALL_PURPOSE_COMPUTE", "0.55"),
        "SQL": ("PREMIUM_SQL_PRO_COMPUTE", "0.55")}
SPOT_FACTOR = 0.3
EBS_GB_MONTH = 0.08
NAT_HOUR, NAT_GB = 0.045, 0.045

FOCUS_COLUMNS = ("AvailabilityZone,BilledCost,BillingAccountId,BillingAccountName,BillingAccountType,BillingCurrency,"
                 "BillingPeriodEnd,BillingPeriodStart,ChargeCategory,ChargeClass,ChargeDescription,ChargeFrequency,"
                 "ChargePeriodEnd,ChargePeriodStart,ConsumedQuantity,ConsumedUnit,ContractedCost,ContractedUnitPrice,"
                 "EffectiveCost,InvoiceId,InvoiceIssuerName,ListCost,ListUnitPrice,PricingCategory,PricingQuantity,"
                 "PricingUnit,ProviderName,PublisherName,RegionId,RegionName,ResourceId,ResourceName,ResourceType,"
                 "ServiceCategory,ServiceName,SkuId,SkuPriceId,SubAccountId,SubAccountName,Tags,x_Operation,"
                 "x_ServiceCode,x_UsageType\n")
CUR2_COLUMNS = ("identity_line_item_id,bill_payer_account_id,bill_billing_period_start_date,"
                "bill_billing_period_end_date,line_item_usage_account_id,line_item_line_item_type,"
                "line_item_usage_start_date,line_item_usage_end_date,line_item_product_code,line_item_usage_type,"
                "line_item_operation,line_item_resource_id,line_item_usage_amount,line_item_currency_code,"
                "line_item_unblended_cost,line_item_net_unblended_cost,pricing_unit,pricing_public_on_demand_cost,"
                "product_product_family,product_instance_type,reservation_effective_cost,"
                "reservation_reservation_a_r_n,savings_plan_savings_plan_effective_cost,"
                "savings_plan_savings_plan_a_r_n,resource_tags\n")


def stamp(seconds: int, fmt: str) -> str:
    return (START + datetime.timedelta(seconds=seconds)).strftime(fmt)


FOCUS_TS = [stamp(h * 3600, "%Y-%m-%dT%H:%M:%S.000Z") for h in range(HOURS + 1)]
CUR_TS = [stamp(h * 3600, "%Y-%m-%dT%H:%M:%SZ") for h in range(HOURS + 1)]
USAGE_START = [stamp(h * 3600, "%Y-%m-%d %H:%M:%S.000+00:00") for h in range(HOURS)]
USAGE_END = [stamp(h * 3600 + 3599, "%Y-%m-%d %H:%M:%S.999+00:00") for h in range(HOURS)]
USAGE_DATE = [stamp(h * 3600, "%Y-%m-%d") for h in range(HOURS)]


def num(x: float) -> str:
    """A cost or quantity as AWS writes its doubles."""
    return repr(round(x, 10))


def snake(key: str) -> str:
    """CUR 2.0's resource_tags key for a tag: user_ and the key in snake case (ClusterId -> user_cluster_id)."""
    out = []
    for i, c in enumerate(key):
        if c.isupper() and i and (key[i - 1].islower() or (i + 1 < len(key) and key[i + 1].islower())):
            out.append("_")
        out.append(c.lower())
    return "user_" + "".join(out)


class CloudWriter:
    """Cloud cost lines in one layout; a resource's fixed columns are rendered once (`resource`)."""

    def __init__(self, f, layout: str):
        self.f, self.layout, self.buf, self.lines, self.next_id = f, layout, [], 0, 0
        f.write(FOCUS_COLUMNS if layout == "focus" else CUR2_COLUMNS)

    def resource(self, *, resource_id, resource_type, family, service, code, category, usage_type, operation,
                 description, unit, unit_price, list_unit_price, spot, tags, instance_type="", az="us-east-1a"):
        """The fixed columns of a resource's lines, as the pieces between the varying ones."""
        if self.layout == "focus":
            t = csv_quote(json.dumps(tags, separators=(",", ":"))) if tags else ""
            return (az,
                    f"{PAYER},Example Payer,,USD,{FOCUS_TS[HOURS]},{FOCUS_TS[0]},Usage,,{description},Usage-Based",
                    unit, num(unit_price), ",AWS", f"{num(list_unit_price)},{'Dynamic' if spot else 'Standard'}",
                    f"{unit},AWS,AWS,us-east-1,US East (N. Virginia),{resource_id},,{resource_type},{category},"
                    f"{service},,,{USAGE_ACCOUNT},Example Workloads,{t},{operation},{code},{usage_type}")
        t = csv_quote(json.dumps({snake(k): v for k, v in tags.items()}, separators=(",", ":"))) if tags else ""
        return (f"{PAYER},{CUR_TS[0]},{CUR_TS[HOURS]},{USAGE_ACCOUNT},Usage",
                f"{code},{usage_type},{operation},{resource_id}", "USD", unit, f"{family},{instance_type},,,,,{t}")

    def line(self, r, billed: float, listed: float, qty: float, start_h: int, end_h: int) -> None:
        b, l, q = num(billed), num(listed), num(qty)
        if self.layout == "focus":
            self.buf.append(f"{r[0]},{b},{r[1]},{FOCUS_TS[end_h]},{FOCUS_TS[start_h]},{q},{r[2]},{b},{r[3]},{b},"
                            f"{r[4]},{l},{r[5]},{q},{r[6]}\n")
        else:
            self.next_id += 1
            lid = f"{(self.next_id * 0x9E3779B97F4A7C15) % (1 << 64):016x}"
            self.buf.append(f"{lid},{r[0]},{CUR_TS[start_h]},{CUR_TS[end_h]},{r[1]},{q},{r[2]},{b},{b},{r[3]},{l},"
                            f"{r[4]}\n")
        self.lines += 1
        if len(self.buf) >= 20_000:
            self.flush()

    def flush(self) -> None:
        self.f.write("".join(self.buf))
        self.buf.clear()


class Month:
    def __init__(self, usage_file, cloud: CloudWriter, rng: random.Random):
        self.u, self.cloud, self.rng = usage_file, cloud, rng
        self.ubuf, self.records, self.corrections, self.vms, self.compute_lines = [], 0, 0, 0, 0

    # ---- usage ----
    def usage(self, dbus_by_hour: dict, product: str, tags: dict, meta: dict, run_as=None) -> None:
        sku = SKUS[product][0]
        meta = {**dict.fromkeys(META_KEYS), **meta}
        t = csv_quote(json.dumps(tags, separators=(",", ":")))
        m = csv_quote(to_json(meta))
        ident = csv_quote(to_json({"run_as": run_as}))
        feats = csv_quote(to_json({"jobs_tier": "CLASSIC" if product == "JOBS" else None,
                                   "sql_tier": "PRO" if product == "SQL" else None, "is_serverless": False,
                                   "is_photon": False}))
        for h in sorted(dbus_by_hour):
            q = dbus_by_hour[h]
            self.records += 1
            n = self.records
            common = f",{ACCOUNT},{WORKSPACE},{sku},AWS,{USAGE_START[h]},{USAGE_END[h]},{USAGE_DATE[h]},{t},DBU,"
            rest = f",{m},{ident},"
            tail = f",{USAGE_DATE[h]},{product},{feats},COMPUTE_TIME\n"
            self.ubuf.append(f"{n:08x}-0000-4000-8000-{n:012x}{common}{q:.18f}{rest}ORIGINAL{tail}")
            if n % 200 == 7:
                self.ubuf.append(f"{n:08x}-0000-4000-8000-{n:012x}r{common}{-q:.18f}{rest}RETRACTION{tail}")
                self.ubuf.append(f"{n:08x}-0000-4000-8000-{n:012x}s{common}{q * 0.9:.18f}{rest}RESTATEMENT{tail}")
                self.corrections += 2
        if len(self.ubuf) >= 20_000:
            self.flush()

    def flush(self) -> None:
        self.u.write("".join(self.ubuf))
        self.ubuf.clear()
        self.cloud.flush()

    # ---- VMs ----
    def vm(self, node: str, spot: bool, start: int, end: int, tags: dict) -> int:
        """One VM running [start, end) seconds of the month: an EC2 line per hour it ran in and an EBS line
        per day; the number of EC2 lines."""
        start, end = max(0, start), min(MONTH, end)
        if end <= start:
            return 0
        self.vms += 1
        dbu, od, gb = NODES[node]
        rate = od * SPOT_FACTOR if spot else od
        n = (self.vms * 0x9E3779B97F4A7C15) % (1 << 64)
        kind = "SpotUsage" if spot else "BoxUsage"
        ec2 = self.cloud.resource(
            resource_id=f"i-0{n % (1 << 64):016x}", resource_type="Instance", family="Compute Instance",
            service="Amazon Elastic Compute Cloud", code="AmazonEC2", category="Compute",
            usage_type=f"USE1-{kind}:{node}", operation="RunInstances:SV001" if spot else "RunInstances",
            description=f"{node} {'Spot' if spot else 'On Demand'} Linux", unit="Hrs", unit_price=rate,
            list_unit_price=od, spot=spot, tags=tags, instance_type=node)
        lines = 0
        for h in range(start // 3600, (end - 1) // 3600 + 1):
            secs = min(end, (h + 1) * 3600) - max(start, h * 3600)
            q = round(secs / 3600, 6)
            self.cloud.line(ec2, q * rate, q * od, q, h, h + 1)
            lines += 1
        vol = self.cloud.resource(
            resource_id=f"vol-0{(n * 31) % (1 << 64):016x}", resource_type="Volume", family="Storage",
            service="Amazon Elastic Compute Cloud", code="AmazonEC2", category="Compute",
            usage_type="USE1-EBS:VolumeUsage.gp3", operation="CreateVolume-Gp3", description="gp3 storage",
            unit="GB-Mo", unit_price=EBS_GB_MONTH, list_unit_price=EBS_GB_MONTH, spot=False, tags=tags)
        for d in range(start // 86400, (end - 1) // 86400 + 1):
            secs = min(end, (d + 1) * 86400) - max(start, d * 86400)
            q = gb * secs / MONTH
            self.cloud.line(vol, q * EBS_GB_MONTH, q * EBS_GB_MONTH, q, d * 24, d * 24 + 24)
        self.compute_lines += lines
        return lines

    # ---- helpers ----
    def team(self, untagged=0.08):
        return None if self.rng.random() < untagged else self.rng.choices(TEAMS, TEAM_WEIGHTS)[0]

    def hexid(self, n: int) -> str:
        return "".join(self.rng.choice("0123456789abcdef") for _ in range(n))

    def cluster_id(self, t: int) -> str:
        return f"{stamp(t, '%m%d')}-{stamp(t, '%H%M%S')}-{self.hexid(8)}"


def add_dbus(acc: dict, start: int, end: int, rate: float) -> None:
    """DBUs of a node metered over [start, end) seconds, into acc by hour."""
    start, end = max(0, start), min(MONTH, end)
    for h in range(start // 3600, (end - 1) // 3600 + 1) if end > start else ():
        acc[h] = acc.get(h, 0.0) + rate * (min(end, (h + 1) * 3600) - max(start, h * 3600)) / 3600


def job_clusters(m: Month, budget: int) -> None:
    """Scheduled jobs, a new cluster per run, until their VMs fill `budget` EC2 lines."""
    rng, used, job = m.rng, 0, 0
    while used < budget:
        job += 1
        job_id, team = str(100000 + job), m.team()
        node = rng.choice(JOB_NODES)
        workers = min(40, int(rng.lognormvariate(1.5, 0.8)) + 1)
        spot = rng.random() < 0.5
        every = rng.choice([1, 2, 3, 4, 6, 8, 12, 24, 24, 24])
        length = rng.uniform(0.15, min(every, 6) * 0.9) * 3600
        t = rng.randrange(every * 3600)
        run = 0
        while t < MONTH and used < budget:
            run += 1
            s = t + rng.randrange(0, 300)
            e = s + int(length * rng.uniform(0.8, 1.2))
            cid = m.cluster_id(s)
            run_id = f"{job_id}{run:04d}"
            tags = {"Vendor": "Databricks", "ClusterId": cid, "ClusterName": f"job-{job_id}-run-{run_id}",
                    "Creator": f"svc-{team or 'etl'}@example.com", "JobId": job_id, "RunName": f"job {job}"}
            custom = {"env": "prod"} | ({"team": team} if team else {})
            dbus = {}
            for k in range(workers + 1):
                a, b = s - rng.randrange(60, 300), e + rng.randrange(30, 120)
                used += m.vm(node, spot and k > 0, a, b, tags | custom)
                add_dbus(dbus, s, e, NODES[node][0])
            m.usage(dbus, "JOBS", custom, {"cluster_id": cid, "job_id": job_id, "job_run_id": run_id},
                    run_as=f"svc-{team or 'etl'}@example.com")
            t += every * 3600


def all_purpose_clusters(m: Month, budget: int) -> None:
    """Interactive clusters: weekdays 08:00-20:00 UTC, one in seven around the clock; autoscaled workers."""
    rng, used, n = m.rng, 0, 0
    while used < budget:
        n += 1
        team, node = m.team(0.1), rng.choice(AP_NODES)
        cid = m.cluster_id(rng.randrange(86400))
        low = rng.randint(1, 4)
        high = low + rng.randint(0, 8)
        always = rng.random() < 1 / 7
        custom = {"env": "dev"} | ({"team": team} if team else {})
        tags = {"Vendor": "Databricks", "ClusterId": cid, "ClusterName": f"{team or 'shared'}-interactive-{n}",
                "Creator": f"user{n}@example.com"} | custom
        dbus = {}
        for day in range(31):
            if used >= budget:
                break
            if always:
                s, e = day * 86400, day * 86400 + 86400
            elif (START + datetime.timedelta(days=day)).weekday() < 5:
                s = day * 86400 + 8 * 3600 + rng.randrange(3600)
                e = day * 86400 + rng.randrange(17, 21) * 3600 + rng.randrange(3600)
            else:
                continue
            for k in range(high + 1):
                a, b = (s, e) if k <= low else sorted(rng.randrange(s, e) for _ in range(2))
                if b - a < 600:
                    continue
                used += m.vm(node, False, a - rng.randrange(60, 300), b + rng.randrange(30, 120), tags)
                add_dbus(dbus, a, b, NODES[node][0])
        m.usage(dbus, "ALL_PURPOSE", custom, {"cluster_id": cid})


def pools(m: Month, budget: int, count: int) -> None:
    """Instance pools: idle VMs kept all month, and job clusters of several teams drawing from them at
    night or every few hours from 08:00 to 20:00 UTC; a released VM stays idle for the pool's idle timeout."""
    rng = m.rng
    per_pool = budget // count
    for p in range(count):
        pool_id = f"0301-{rng.randrange(10**6):06d}-pool-{m.hexid(8)}"
        node = rng.choice(POOL_NODES)
        spot = rng.random() < 0.5
        idle = max(1, int(per_pool / HOURS * rng.uniform(0.15, 0.35)))
        timeout = rng.choice([10, 30, 60]) * 60
        tags = {"Vendor": "Databricks", "DatabricksInstancePoolId": pool_id,
                "DatabricksInstancePoolCreatorId": str(rng.randrange(10**6, 10**7))}
        used = sum(m.vm(node, spot, 0, MONTH, tags) for _ in range(idle))
        job = 0
        while used < per_pool:
            job += 1
            job_id, team = str(500000 + p * 1000 + job), m.team()
            workers = rng.randint(1, 12)
            nightly = rng.random() < 0.6
            every = 24 if nightly else rng.choice([2, 3, 4, 6])
            length = rng.uniform(0.2, min(every, 4) * 0.8) * 3600
            t = rng.randrange(6 * 3600) if nightly else rng.randrange(every * 3600)
            custom = {"env": "prod"} | ({"team": team} if team else {})
            run = 0
            while t < MONTH and used < per_pool:
                if not nightly and not 8 * 3600 <= t % 86400 < 20 * 3600:
                    t += every * 3600
                    continue
                run += 1
                s = t + rng.randrange(0, 300)
                e = s + int(length * rng.uniform(0.8, 1.2))
                cid, run_id, dbus = m.cluster_id(s), f"{job_id}{run:04d}", {}
                for _ in range(workers + 1):
                    used += m.vm(node, spot, s - rng.randrange(60, 300), e + timeout, tags)
                    add_dbus(dbus, s, e, NODES[node][0])
                m.usage(dbus, "JOBS", custom, {"cluster_id": cid, "job_id": job_id, "job_run_id": run_id,
                                               "instance_pool_id": pool_id})
                t += every * 3600


def warehouses(m: Month, budget: int) -> None:
    """Classic/pro SQL warehouses: weekdays 07:00-21:00 UTC (one in four around the clock), scaling out to
    more clusters of the same size in the middle of the day; one in five is untagged."""
    rng, used, n = m.rng, 0, 0
    while used < budget:
        n += 1
        wid = m.hexid(16)
        size = rng.choice(list(WAREHOUSES))
        driver, workers, rate = WAREHOUSES[size]
        team = rng.choices(TEAMS, TEAM_WEIGHTS)[0] if n % 5 else None
        custom = {"env": "prod"} | ({"team": team} if team else {})
        tags = {"Vendor": "Databricks", "SqlEndpointId": wid} | custom
        always, most = rng.random() < 0.25, rng.randint(1, 3)
        dbus = {}
        for day in range(31):
            if always:
                s, e = day * 86400, day * 86400 + 86400
            elif (START + datetime.timedelta(days=day)).weekday() < 5:
                s, e = day * 86400 + 7 * 3600 + rng.randrange(1800), day * 86400 + 21 * 3600 - rng.randrange(1800)
            else:
                continue
            for c in range(most):
                a, b = (s, e) if c == 0 else (s + rng.randrange(2, 5) * 3600, e - rng.randrange(2, 5) * 3600)
                if b - a < 1800:
                    continue
                used += m.vm(driver, False, a - 120, b + 60, tags)
                used += sum(m.vm("i3.2xlarge", False, a - 120, b + 60, tags) for _ in range(workers))
                add_dbus(dbus, a, b, rate)
        m.usage(dbus, "SQL", custom, {"warehouse_id": wid})


def failed_clusters(m: Month, count: int) -> None:
    """Clusters whose VMs started and stopped without running anything: VM lines and no usage."""
    for i in range(count):
        team = TEAMS[i % len(TEAMS)] if i % 2 == 0 else None
        t = m.rng.randrange(MONTH - 3600)
        cid = m.cluster_id(t)
        tags = {"Vendor": "Databricks", "ClusterId": cid, "ClusterName": f"failed-{i}", "Creator": "ops@example.com"}
        for _ in range(m.rng.randint(2, 4)):
            m.vm("m5.xlarge", False, t, t + m.rng.randrange(120, 900), tags | ({"team": team} if team else {}))


def other_lines(m: Month, nodes: int) -> None:
    """NAT gateways of the workspace (Vendor only) and what is not Databricks: instances, S3, RDS."""
    cloud, rng = m.cloud, m.rng
    for g in range(3):
        nat = dict(resource_id=f"arn:aws:ec2:us-east-1:{USAGE_ACCOUNT}:natgateway/nat-0{m.hexid(16)}",
                   resource_type="NatGateway", family="NAT Gateway", service="Amazon Elastic Compute Cloud",
                   code="AmazonEC2", category="Networking", operation="NatGateway", spot=False,
                   tags={"Vendor": "Databricks"}, az=f"us-east-1{'abc'[g]}")
        hours = cloud.resource(usage_type="USE1-NatGateway-Hours", description="NAT Gateway hours", unit="Hrs",
                               unit_price=NAT_HOUR, list_unit_price=NAT_HOUR, **nat)
        data = cloud.resource(usage_type="USE1-NatGateway-Bytes", description="NAT Gateway data processed",
                              unit="GB", unit_price=NAT_GB, list_unit_price=NAT_GB, **nat)
        for h in range(HOURS):
            cloud.line(hours, NAT_HOUR, NAT_HOUR, 1, h, h + 1)
            gb = round(rng.uniform(5, 80) * nodes / 5000, 6)
            cloud.line(data, gb * NAT_GB, gb * NAT_GB, gb, h, h + 1)
    for i in range(max(2, nodes // 100)):
        node = rng.choice(["m5.xlarge", "c5.4xlarge", "r5.2xlarge"])
        od = NODES[node][1]
        tags = [{"team": "web"}, {"app": "api", "team": "web"}, {}][i % 3]
        ec2 = cloud.resource(resource_id=f"i-0{m.hexid(16)}", resource_type="Instance", family="Compute Instance",
                             service="Amazon Elastic Compute Cloud", code="AmazonEC2", category="Compute",
                             usage_type=f"USE1-BoxUsage:{node}", operation="RunInstances",
                             description=f"{node} On Demand Linux", unit="Hrs", unit_price=od, list_unit_price=od,
                             spot=False, tags=tags, instance_type=node)
        for h in range(HOURS):
            cloud.line(ec2, od, od, 1, h, h + 1)
    s3 = cloud.resource(resource_id="web-assets", resource_type="Bucket", family="Storage",
                        service="Amazon Simple Storage Service", code="AmazonS3", category="Storage",
                        usage_type="TimedStorage-ByteHrs", operation="StandardStorage", description="S3 standard",
                        unit="GB-Mo", unit_price=0.023, list_unit_price=0.023, spot=False, tags={"team": "web"})
    rds = cloud.resource(resource_id=f"arn:aws:rds:us-east-1:{USAGE_ACCOUNT}:db:orders", resource_type="DBInstance",
                         family="Database Instance", service="Amazon Relational Database Service", code="AmazonRDS",
                         category="Databases", usage_type="InstanceUsage:db.r5.large", operation="CreateDBInstance",
                         description="RDS db.r5.large", unit="Hrs", unit_price=0.25, list_unit_price=0.25,
                         spot=False, tags={"team": "web"})
    for d in range(31):
        gb = 40_000 * nodes / 5000 / 31
        cloud.line(s3, gb * 0.023, gb * 0.023, gb, d * 24, d * 24 + 24)
        cloud.line(rds, 24 * 0.25, 24 * 0.25, 24, d * 24, d * 24 + 24)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--nodes", type=int, default=5000, help="Databricks VMs running on average")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--cloud-format", choices=["focus", "cur2"], default="focus")
    ap.add_argument("--gzip", action="store_true")
    args = ap.parse_args()
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    opener, gz = (gzip.open, ".gz") if args.gzip else (open, "")
    budget = {k: int(v * args.nodes * HOURS) for k, v in SHARES.items()}
    with opener(out / f"usage.csv{gz}", "wt", newline="") as uf, \
            opener(out / f"{args.cloud_format}.csv{gz}", "wt", newline="") as cf:
        uf.write(USAGE_HEADER)
        m = Month(uf, CloudWriter(cf, args.cloud_format), random.Random(args.seed))
        job_clusters(m, budget["job"])
        all_purpose_clusters(m, budget["all_purpose"])
        pools(m, budget["pool"], max(2, round(16 * args.nodes / 5000)))
        warehouses(m, budget["warehouse"])
        failed_clusters(m, max(2, round(4 * args.nodes / 5000)))
        other_lines(m, args.nodes)
        m.flush()
    with open(out / "prices.csv", "w") as f:
        f.write("price_start_time,price_end_time,account_id,sku_name,cloud,currency_code,usage_unit,pricing\n")
        for sku, price in SKUS.values():
            pricing = csv_quote(json.dumps({"default": price, "promotional": {"default": None},
                                            "effective_list": {"default": price}}))
            f.write(f"2025-01-01T00:00:00.000Z,,{ACCOUNT},{sku},AWS,USD,DBU,{pricing}\n")
    print(f"{out}: {m.records + m.corrections:,} usage records ({m.corrections:,} corrections); {m.cloud.lines:,} cloud lines ({m.compute_lines:,} EC2 lines of "
          f"{m.vms:,} Databricks VMs, {m.compute_lines / HOURS:,.0f} running on average)")


if __name__ == "__main__":
    main()
