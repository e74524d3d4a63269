"""An interrupted run (SIGINT, SIGTERM) leaves the file --out names untouched and no temporary file."""
import os
import signal
import subprocess
import time

import pytest


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_interrupt_leaves_the_old_output(cli, root, tmp_path, sig):
    out = tmp_path / "report.csv"
    out.write_text("the report a user already had\n")
    proc = subprocess.Popen([cli, "run", str(root / "scenarios/travel_platform.yaml"), "--trials", "100000",
                             "--threads", "1", "--format", "csv", "--out", str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(1.0)
    assert proc.poll() is None, "the run ended before it could be interrupted"
    proc.send_signal(sig)
    proc.communicate(timeout=60)
    assert proc.returncode == -sig
    assert out.read_text() == "the report a user already had\n"
    assert sorted(os.listdir(tmp_path)) == ["report.csv"]


def test_a_finished_run_replaces_the_file(cli, root, tmp_path):
    out = tmp_path / "report.csv"
    out.write_text("old\n")
    subprocess.run([cli, "run", str(root / "scenarios/travel_platform.yaml"), "--format", "csv", "--out", str(out)],
                   check=True, capture_output=True)
    assert out.read_text().startswith("team,runs,dbus")
    assert sorted(os.listdir(tmp_path)) == ["report.csv"]
