"""`tellers serve`: uvicorn runs the app; a missing extra is named with how to install it."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi import FastAPI

from tellers.cli import main


def test_serve_runs_the_app_on_the_host_and_port(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import uvicorn

    calls: list[tuple[Any, dict[str, Any]]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append((app, kw)))
    db = tmp_path / "results.db"
    result = CliRunner().invoke(main, ["serve", "--port", "8123", "--db", str(db)])
    assert result.exit_code == 0, result.output
    (app, settings), *_ = calls
    assert isinstance(app, FastAPI)
    assert (settings["host"], settings["port"]) == ("127.0.0.1", 8123)
    assert app.state.stores.url == f"sqlite:///{db}"
    assert db.is_file()  # the store was opened (and migrated) before serving
    assert "http://127.0.0.1:8123/" in result.stderr


def test_serve_names_the_extra_when_fastapi_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "fastapi", None)
    for name in [m for m in sys.modules if m.startswith("tellers.web.")]:
        monkeypatch.delitem(sys.modules, name)
    result = CliRunner().invoke(main, ["serve"])
    assert result.exit_code == 1
    assert result.stderr == (
        "tellers: the web app needs fastapi, which is not installed: pip install 'tellers[web]'\n"
    )


def test_a_store_that_cannot_be_opened_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: pytest.fail("should not serve"))
    result = CliRunner().invoke(main, ["serve", "--db", "nosuchdriver://x"])
    assert result.exit_code == 1
    assert result.stderr.startswith("tellers: nosuchdriver://x: expected a database URL")
