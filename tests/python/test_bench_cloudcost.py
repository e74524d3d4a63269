"""The month bench/cloudcost generates, at a tiny size, through `dbcost chargeback --cloud-costs` and the
pandas join of bench_cloud_join.py (which checks every row and cost class to the cent, on one and two
threads), in both layouts; and the month exercises every rule of the join."""
import csv
import io
import pathlib
import re
import subprocess
import sys

import pytest


@pytest.mark.parametrize("layout", ["focus", "cur2"])
def test_generated_month_matches_the_pandas_join(root, cli, tmp_path, layout):
    subprocess.run([sys.executable, str(root / "bench/cloudcost/generate_month.py"), str(tmp_path), "--nodes", "30",
                    "--seed", "5", "--cloud-format", layout], check=True, capture_output=True)
    bench = subprocess.run([sys.executable, str(root / "bench/cloudcost/bench_cloud_join.py"),
                            str(pathlib.Path(cli).parent), "--data", str(tmp_path), "--repeat", "1"],
                           capture_output=True, text=True)
    assert bench.returncode == 0, bench.stdout + bench.stderr
    assert "agree with pandas" in bench.stdout

    def chargeback(fmt):
        return subprocess.run([cli, "chargeback", "--usage", str(tmp_path / "usage.csv"), "--prices",
                               str(tmp_path / "prices.csv"), "--cloud-costs", str(tmp_path / f"{layout}.csv"),
                               "--shared", "none", "--format", fmt], capture_output=True, text=True,
                              check=True).stdout

    counts = re.search(r"cloud lines: (\d+) split by their resource's usage in their hours, (\d+) by its usage in "
                       r"the period, (\d+) by their own tags, (\d+) idle pool, (\d+) Databricks but unattributed, "
                       r"(\d+) not Databricks", chargeback("table"))
    assert counts and all(int(n) > 0 for n in counts.groups()), counts
    teams = {row["team"] for row in csv.DictReader(io.StringIO(chargeback("csv")))}
    assert {"(idle pools)", "(databricks, unattributed)", "(not databricks)", "(unallocated)"} <= teams
    assert len(teams - {"(idle pools)", "(databricks, unattributed)", "(not databricks)", "(unallocated)",
                        "(total)"}) >= 5
