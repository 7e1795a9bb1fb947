"""Helpers for the command-line tests: run `tellers` through click's runner."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tellers.cli import main

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
BROKEN = REPO / "tests" / "broken"

Run = Callable[..., Result]


@pytest.fixture
def run() -> Run:
    """``run("count", "file.txt")``: the result of ``tellers count file.txt``."""
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None) -> Result:
        return runner.invoke(main, list(args), input=input, catch_exceptions=False)

    return invoke


def one_error_line(stderr: str) -> str:
    """The single line a failed command writes on standard error."""
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("tellers: "), stderr
    return lines[0]


def write(folder: Path, name: str, lines: Sequence[str]) -> str:
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)
