"""Every row of every table, to show that a failed import changed nothing."""

from __future__ import annotations

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
