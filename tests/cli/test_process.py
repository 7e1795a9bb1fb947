"""The installed command as a user runs it: start-up time, python -m, pools, stable output."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from .conftest import EXAMPLES

TELLERS = Path(sys.executable).with_name("tellers")
WARD = str(EXAMPLES / "generated-ward.blt")


def tellers(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(TELLERS), *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        check=False,
    )


def test_help_does_not_import_the_heavy_parts() -> None:
    # --help answers at once because the commands import what they need inside themselves
    # (how long it takes is measured in bench/, not asserted here).
    heavy = (
        "rich",
        "sqlalchemy",
        "numpy",
        "pyarrow",
        "fastapi",
        "tellers.formats",
        "tellers.report",
        "tellers.rules",
        "tellers.results",
        "tellers.audit",
        "tellers.sim",
        "tellers.web",
    )
    code = (
        f"import sys, tellers.cli; heavy = [m for m in {heavy!r} if m in sys.modules]; print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_python_dash_m_tellers() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tellers", "--version"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0 and "tellers" in result.stdout


def test_json_is_byte_identical_across_processes_and_hash_seeds() -> None:
    outputs = {
        tellers("count", WARD, "--format", "json", env={"PYTHONHASHSEED": seed}).stdout
        for seed in ("0", "1", "12345")
    }
    assert len(outputs) == 1
    assert outputs.pop().count("\n") == 1


def test_a_pool_keeps_the_order_of_the_files() -> None:
    files = [WARD, str(EXAMPLES / "worked-example-1.1-fptp.txt")] * 3
    alone = tellers("count", *files, "--format", "json", "--jobs", "1")
    pooled = tellers("count", *files, "--format", "json", "--jobs", "2")
    assert alone.returncode == pooled.returncode == 0
    assert pooled.stdout == alone.stdout
    assert len(pooled.stdout.splitlines()) == 6


def test_errors_in_a_pool_are_one_line_each() -> None:
    missing = str(EXAMPLES / "no-such-file.blt")
    result = tellers("count", WARD, missing, WARD, missing, "--format", "json", "--jobs", "2")
    assert result.returncode == 1
    assert len(result.stdout.splitlines()) == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 2 and all(line.startswith("tellers: ") for line in lines)
    assert "Traceback" not in result.stderr
