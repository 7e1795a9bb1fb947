"""Running ``tellers results`` against a test database, as a user would."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from tellers.cli import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "results"


def run(db_url: str, *args: str) -> Result:
    """``tellers results --db URL ARGS...``; output and errors captured."""
    return CliRunner().invoke(main, ["results", "--db", db_url, *args])


def ok(db_url: str, *args: str) -> str:
    done = run(db_url, *args)
    assert done.exit_code == 0, (done.output, done.stderr, done.exception)
    return done.stdout


def run_json(db_url: str, *args: str) -> Any:
    return json.loads(ok(db_url, *args, "--format", "json"))
