"""Every row of every table, and a dump of the database: to show that a failure changed nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy as sa

from tellers.results.schema import metadata


def rows(engine: sa.Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Each table's rows as tuples of strings, sorted (JSON columns as text)."""
    with engine.connect() as connection:
        tables = sorted(sa.inspect(connection).get_table_names())
        return {
            name: sorted(
                tuple(repr(value) for value in row)
                for row in connection.execute(sa.select(metadata.tables[name]))
            )
            if name in metadata.tables
            else sorted(
                tuple(repr(v) for v in row)
                for row in connection.execute(sa.text(f"select * from {name}"))
            )
            for name in tables
        }


def dump(url: str) -> str:
    """The database as its own tools dump it: ``sqlite3``'s ``iterdump`` of a SQLite file,
    ``pg_dump`` of a PostgreSQL schema (sequences' values included)."""
    parsed = sa.make_url(url)
    if parsed.get_backend_name() == "sqlite":
        import sqlite3

        connection = sqlite3.connect(parsed.database or "")
        try:
            return "\n".join(connection.iterdump())
        finally:
            connection.close()
    import shutil
    import subprocess

    import pytest

    program = shutil.which("pg_dump") or next(
        (str(p) for p in sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_dump"))), None
    )
    if program is None:
        pytest.fail("pg_dump is not installed beside the PostgreSQL server")
    options = str(parsed.query.get("options", ""))
    schema = options.removeprefix("-csearch_path=")
    done = subprocess.run(
        [program, "--schema", schema, "--no-owner", "-h", parsed.host or "127.0.0.1",
         "-p", str(parsed.port or 5432), "-U", parsed.username or "postgres",
         parsed.database or ""],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    # PostgreSQL 17.6 and later fence a plain dump with a random key on each run
    return "\n".join(
        line
        for line in done.stdout.splitlines()
        if not line.startswith(("\\restrict", "\\unrestrict"))
    )
