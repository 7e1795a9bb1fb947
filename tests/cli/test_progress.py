"""The bar shown on standard error while one large file is read."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from rich.console import Console

from tellers.cli import ReadBar
from tellers.cli import _progress as cli

from .conftest import Run, write


def terminal() -> tuple[Console, io.StringIO]:
    screen = io.StringIO()
    return Console(file=screen, force_terminal=True, width=80), screen


def cvr_file(folder: Path, rows: int = 3000) -> str:
    lines = ["id,choice1,choice2"] + [f"{i},{'AAB'[i % 3]},{'BC'[i % 2]}" for i in range(rows)]
    return write(folder, "ballots.csv", lines)


def test_no_bar_in_captured_output(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ReadBar, "SHOW_BYTES", 0)  # any file is large enough
    monkeypatch.setattr(ReadBar, "SHOW_AFTER", 0.0)
    path = cvr_file(tmp_path)
    result = run("count", path)
    assert result.exit_code == 0, result.output
    assert "Elected: A" in result.stdout
    assert "reading" not in result.output
    assert "\x1b" not in result.output
    assert result.stderr == ""
    compared = run("compare", path, "--rules", "rctab")
    assert compared.exit_code == 0, compared.output
    assert "reading" not in compared.output


def test_not_shown_when_standard_error_is_piped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert not ReadBar().enabled


def test_shown_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stderr", Tty())
    monkeypatch.setenv("TERM", "xterm")
    assert ReadBar().enabled
    monkeypatch.setenv("TERM", "dumb")
    assert not ReadBar().enabled


def test_a_large_file_shows_the_bar_until_it_is_read() -> None:
    console, screen = terminal()
    size = ReadBar.SHOW_BYTES
    with ReadBar(enabled=True, console=console) as bar:
        bar(0, size)
        assert bar._bar is not None
        bar(size // 2, size)
        bar(size, size)
        assert bar._bar is None  # gone once the file is read
        bar(size, size)  # later reports show nothing
    assert "reading" in screen.getvalue()


def test_a_small_file_shows_the_bar_only_when_slow(monkeypatch: pytest.MonkeyPatch) -> None:
    console, screen = terminal()
    with ReadBar(enabled=True, console=console) as bar:
        bar(10, 1000)
        bar(1000, 1000)
    assert screen.getvalue() == ""
    clock = [50.0]
    monkeypatch.setattr(cli.time, "monotonic", lambda: clock[0])
    with ReadBar(enabled=True, console=console) as bar:
        bar(10, 1000)
        assert bar._bar is None
        clock[0] += ReadBar.SHOW_AFTER
        bar(20, 1000)
        assert bar._bar is not None
    assert bar._bar is None  # leaving the block takes it away, read or not
    assert "reading" in screen.getvalue()


def test_the_bar_follows_a_real_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tellers.formats import read
    from tellers.formats.cvr import cvr_csv

    monkeypatch.setattr(cvr_csv, "REPORTS_PER_SECOND", 10**12)
    monkeypatch.setattr(cvr_csv, "_CHUNK", 100)
    monkeypatch.setattr(ReadBar, "SHOW_BYTES", 0)
    monkeypatch.setenv(cvr_csv.ENGINE_VARIABLE, "pure")  # many reports, not one block
    seen: list[tuple[int, int]] = []

    class Watched(ReadBar):
        def __call__(self, done: int, total: int) -> None:
            seen.append((done, total))
            super().__call__(done, total)

    console, screen = terminal()
    path = cvr_file(tmp_path)
    with Watched(enabled=True, console=console) as bar:
        election = read(path, progress=bar)
    assert election.votes.papers == 3000
    size = Path(path).stat().st_size
    assert seen[-1] == (size, size)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert "reading" in screen.getvalue()
