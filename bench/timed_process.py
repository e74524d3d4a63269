"""One child process timed for the benchmarks: its stdout, wall seconds, CPU seconds (user + system, all
threads) and peak RSS in MB."""
import os
import subprocess
import tempfile
import time


def run_timed(cmd, ok_codes=(0,)):
    t0 = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        p = subprocess.Popen(cmd, stdout=out, stderr=err)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
        code = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if code not in ok_codes:
            raise SystemExit(f"{' '.join(cmd)} exited {code}: {err.read().decode()[:2000]}")
        return out.read().decode(), wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024
