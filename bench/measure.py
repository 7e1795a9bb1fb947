"""Measure one command: wall time and peak memory of its whole process tree.

Usage: ``python bench/measure.py --timeout SECONDS -- COMMAND...``. The command's
output goes to /dev/null; one JSON object goes to standard output::

    {"wall": seconds, "peak_mb": MB, "code": exit code, "timed_out": bool, "stderr": text,
     "cpu": seconds}

Peak memory is the larger of the highest sum of resident memory over the
process tree, sampled every few milliseconds (so parallel workers count
together), and the kernel's peak resident size of the largest single process
(``wait4``), which catches peaks shorter than a sample. CPU seconds are user + system time of
the process and of the processes it waited for (its workers), from ``wait4``: a
machine's load slows the wall clock far more than it adds CPU time.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass


@dataclass
class Measure:
    wall: float
    peak_mb: float
    code: int
    timed_out: bool
    stderr: str
    cpu: float = 0.0


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                found += [int(x) for x in handle.read().split()]
        except OSError:
            continue
    return found


def _tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants, now, in MB."""
    total = 0
    stack = [pid]
    page = os.sysconf("SC_PAGE_SIZE")
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/statm") as handle:
                total += int(handle.read().split()[1]) * page
        except (OSError, IndexError, ValueError):
            continue
        stack += _children(current)
    return total / 2**20


def measure(command: Sequence[str], timeout: float) -> Measure:
    """Run ``command`` (stdout to /dev/null) and measure its wall time and peak memory.

    Peak memory is the larger of: the highest sum of resident memory over the
    process tree, sampled every few milliseconds (counts parallel workers
    together), and the kernel's maximum resident size of any one process in it.
    """
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=errors, start_new_session=True
        )
        peak = 0.0
        timed_out = False
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            peak = max(peak, _tree_rss_mb(process.pid))
            elapsed = time.perf_counter() - start
            if elapsed > timeout:
                os.killpg(process.pid, signal.SIGKILL)
                pid, status, usage = os.wait4(process.pid, 0)
                timed_out = True
                break
            time.sleep(0.002 if elapsed < 1 else 0.01)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        text = errors.read().decode("utf-8", "replace").strip()[-2000:]
    peak = max(peak, usage.ru_maxrss / 1024)
    cpu = usage.ru_utime + usage.ru_stime
    return Measure(wall, peak, process.returncode, timed_out, text, cpu)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="measure one command")
    parser.add_argument("--timeout", type=float, default=900.0)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("give a command after --")
    print(json.dumps(asdict(measure(command, args.timeout))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
