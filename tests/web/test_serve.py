"""`tellers serve`: uvicorn runs the app; a missing extra is named with how to install it."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi import FastAPI

from tellers.cli import main
from tellers.web import create_app


def test_serve_runs_the_app_on_the_host_and_port(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import uvicorn

    calls: list[tuple[Any, dict[str, Any]]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append((app, kw)))
    monkeypatch.setenv("TELLERS_DB", "restored-after-the-test.db")
    db = tmp_path / "results.db"
    result = CliRunner().invoke(main, ["serve", "--port", "8123", "--db", str(db)])
    assert result.exit_code == 0, result.output
    (factory, settings), *_ = calls
    # The command line starts the web app by name; it never imports it.
    assert (factory, settings["factory"]) == ("tellers.web:create_app", True)
    app = create_app()  # what uvicorn makes of that name
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


def test_workers_serve_the_store_named_on_the_command_line(tmp_path: Path) -> None:
    """``--workers 2``: two processes, each building the app on the same store."""
    import os
    import signal
    import socket
    import subprocess
    import time

    import httpx

    from tellers.formats import read
    from tellers.results.store import open_store

    from .conftest import BY_ELECTION, EXAMPLES

    db = tmp_path / "results.db"
    with open_store(f"sqlite:///{db}") as store:
        store.add_result(read(EXAMPLES / "spitalfields-banglatown-2012.txt"), BY_ELECTION, "x")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    tellers = Path(sys.executable).with_name("tellers")
    command = [str(tellers), "serve", "--port", str(port), "--db", str(db), "--workers", "2"]
    environment = {k: v for k, v in os.environ.items() if k != "TELLERS_DB"}
    server = subprocess.Popen(command, env=environment, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                answer = httpx.get(f"http://127.0.0.1:{port}/api/v1/results/{BY_ELECTION}")
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "the server did not answer in 30 s"
                time.sleep(0.2)
        assert answer.status_code == 200
        assert answer.json()["elected"] == [{"name": "Gulam ROBBANI", "party": "ind"}]
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(20)
