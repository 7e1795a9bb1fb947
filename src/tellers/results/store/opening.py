"""Opening a store: its URL, the engine (SQLite's settings), and the migrations."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from .database import Store
from .records import StoreError

DEFAULT_FILE = "tellers.db"
MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def default_url() -> str:
    """``$TELLERS_DB`` (a URL, or a path to a SQLite file), else ``./tellers.db``."""
    value = os.environ.get("TELLERS_DB", "").strip() or DEFAULT_FILE
    return value if "://" in value else f"sqlite:///{value}"


def _engine(url: str) -> sa.Engine:
    try:
        engine = sa.create_engine(url)
    except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError) as error:
        raise StoreError(f"{url}: expected a database URL ({error})") from None
    except ModuleNotFoundError as error:
        raise StoreError(
            f"{url}: the database driver {error.name} is not installed "
            "(for PostgreSQL: pip install 'tellers[postgres]')"
        ) from None
    if engine.dialect.name == "sqlite":
        sa.event.listen(engine, "connect", _sqlite_connect)
        sa.event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_connect(connection: Any, _record: Any) -> None:
    # tellers, not the driver, says when a transaction begins (see _sqlite_begin)
    connection.isolation_level = None
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA busy_timeout = 30000")
    # readers go on reading while a result is saved (and across `serve --workers`)
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.close()


def _sqlite_begin(connection: sa.Connection) -> None:
    # A write takes SQLite's write lock at its start, so that two editors saving at once
    # queue up and the second reads the first's version (and is told of the conflict)
    # instead of both reading the same version and one failing with "database is locked".
    immediate = connection.get_execution_options().get("tellers_write", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def upgrade(engine: sa.Engine, revision: str = "head") -> None:
    """Bring the database to ``revision`` with the migrations shipped in the package."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.connect() as connection:
        # SQLite changes a table by making it anew (Alembic's batch mode), which its
        # foreign keys forbid while other tables refer to the rows: they are switched off
        # for the migration (outside its transaction, where SQLite reads the switch) and
        # every reference is checked before it commits.
        sqlite = _pragma(connection, "foreign_keys = OFF")
        try:
            with connection.begin():
                config.attributes["connection"] = connection
                command.upgrade(config, revision)
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
                    if broken:
                        raise StoreError(f"the migration left references broken: {broken[:5]}")
        finally:
            _pragma(connection, "foreign_keys = ON")


def _pragma(connection: sa.Connection, pragma: str) -> bool:
    """Run ``PRAGMA pragma`` outside any transaction on SQLite; False elsewhere."""
    if connection.dialect.name != "sqlite":
        return False
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(f"PRAGMA {pragma}")
    finally:
        cursor.close()
    return True


def open_store(url: str | None = None, *, migrate: bool = True) -> Store:
    """Open the store at ``url`` (default :func:`default_url`), upgraded to the newest schema."""
    url = url or default_url()
    engine = _engine(url)
    if migrate:
        try:
            upgrade(engine)
        except sa.exc.OperationalError as error:
            engine.dispose()
            raise StoreError(
                f"cannot open the results store at {_safe(url)}: {error.orig}"
            ) from None
    return Store(engine)


def _safe(url: str) -> str:
    try:
        return sa.make_url(url).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return url
