"""Every malformed input in tests/broken/ gives one line on standard error and exit 1."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import BROKEN, Run, one_error_line

BROKEN_FILES = sorted(p for p in BROKEN.glob("*") if p.is_file() and p.name != "README.md")


def test_the_corpus_is_there() -> None:
    assert len(BROKEN_FILES) >= 10, f"expected the malformed-input corpus in {BROKEN}"


@pytest.mark.parametrize("path", BROKEN_FILES, ids=[p.name for p in BROKEN_FILES])
def test_a_broken_file_is_one_line_and_exit_1(run: Run, path: Path) -> None:
    result = run("count", str(path))
    assert result.exit_code == 1, result.stdout
    line = one_error_line(result.stderr)
    assert "Traceback" not in result.stderr
    assert "internal error" not in line, line  # a fault in tellers, not in the file
    assert result.stdout == ""


def test_all_broken_files_at_once_report_each_and_exit_1(run: Run) -> None:
    result = run("count", *map(str, BROKEN_FILES), "--format", "json", "--jobs", "1")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == len(BROKEN_FILES)
    assert all(line.startswith("tellers: ") for line in lines)
