"""What dbcost writes never costs the user a file: inputs are not overwritten, devices and FIFOs stay
what they are, paired outputs are all written or none, and a failed write to stdout is an error."""
import os
import stat
import subprocess
import threading

import pytest


def run(cli, *args, **kw):
    return subprocess.run([cli, *map(str, args)], capture_output=True, text=True, **kw)


def usage_files(cli, tmp_path):
    usage, prices = tmp_path / "usage.csv", tmp_path / "prices.csv"
    run(cli, "usage", "--seed", "3", "--out", usage, "--prices-out", prices, check=True)
    return usage, prices


@pytest.mark.parametrize("flag", ["--usage", "--prices"])
def test_chargeback_refuses_to_write_over_an_input(cli, tmp_path, flag):
    usage, prices = usage_files(cli, tmp_path)
    target = usage if flag == "--usage" else prices
    before = target.read_bytes()
    r = run(cli, "chargeback", "--usage", usage, "--prices", prices, "--out", target)
    assert r.returncode == 2
    assert r.stderr == (f"error: {target}: --out: is also the input {flag} '{target}'; "
                        "dbcost never writes over its input: choose another output file\n")
    assert target.read_bytes() == before


def test_an_input_reached_through_a_link_is_refused(cli, tmp_path):
    usage, prices = usage_files(cli, tmp_path)
    (tmp_path / "link.csv").symlink_to(usage)
    r = run(cli, "chargeback", "--usage", usage, "--prices", prices, "--out", tmp_path / "link.csv")
    assert r.returncode == 2 and "is also the input --usage" in r.stderr


def test_calibrate_and_usage_refuse_the_same_file_twice(cli, tmp_path):
    usage, prices = usage_files(cli, tmp_path)
    before = usage.read_bytes()
    r = run(cli, "calibrate", "--usage", usage, "--prices", prices, "--out", usage)
    assert r.returncode == 2 and "is also the input --usage" in r.stderr
    assert usage.read_bytes() == before
    r = run(cli, "usage", "--out", tmp_path / "x.csv", "--prices-out", tmp_path / "x.csv")
    assert r.returncode == 2
    assert r.stderr == (f"error: {tmp_path / 'x.csv'}: --prices-out: is also the output --out "
                        f"'{tmp_path / 'x.csv'}': each output needs a file of its own\n")
    assert not (tmp_path / "x.csv").exists()


def test_paired_outputs_are_all_written_or_none(cli, tmp_path):
    r = run(cli, "usage", "--out", tmp_path / "usage.csv", "--prices-out", tmp_path / "missing" / "prices.csv")
    assert r.returncode == 2
    assert "cannot create a file here" in r.stderr
    assert os.listdir(tmp_path) == []


def test_dev_null_stays_a_device(cli):
    r = run(cli, "prices", "--out", "/dev/null")
    assert r.returncode == 0, r.stderr
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_fifo_is_written_through(cli, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text()))
    reader.start()
    r = run(cli, "prices", "--format", "csv", "--out", fifo, timeout=60)
    reader.join(timeout=60)
    assert r.returncode == 0, r.stderr
    assert received[0].startswith("sku_name,")
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_permissions_of_an_existing_output_are_kept(cli, tmp_path):
    out = tmp_path / "chargeback.csv"
    out.write_text("secret\n")
    out.chmod(0o600)
    usage, prices = usage_files(cli, tmp_path)
    run(cli, "chargeback", "--usage", usage, "--prices", prices, "--format", "csv", "--out", out, check=True)
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    assert out.read_text().startswith("period,team,")


def test_a_full_disk_on_stdout_is_an_error(cli):
    with open("/dev/full", "w") as full:
        r = subprocess.run([cli, "prices"], stdout=full, stderr=subprocess.PIPE, text=True)
    assert r.returncode == 2
    assert r.stderr == "error: <stdout>: cannot write the output: No space left on device\n"
    r = run(cli, "prices", "--out", "/dev/full")
    assert (r.returncode, r.stderr) == (2, "error: /dev/full: cannot write: No space left on device\n")


def test_a_closed_pipe_is_an_error(cli):
    read_end, write_end = os.pipe()
    os.close(read_end)
    r = subprocess.run([cli, "nodes"], stdout=write_end, stderr=subprocess.PIPE, text=True)
    os.close(write_end)
    assert r.returncode == 2
    assert r.stderr == "error: <stdout>: cannot write the output: Broken pipe\n"
