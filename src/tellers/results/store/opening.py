"""Opening a store: its URL, the engine (SQLite's settings), the accounts kept apart,
and the migrations.

The accounts (users, sessions, sign-in failures, edit attempts: schema ``accounts`` of
:mod:`tellers.results.schema`) are not in the results database, so that it can be
published whole. On SQLite they are a file of their own, attached to every connection
under the name ``accounts``: ``$TELLERS_ACCOUNTS_DB``, else the results file's name with
``-accounts`` (``tellers.db`` -> ``tellers-accounts.db``). On PostgreSQL they are a
schema of their own in the same database, ``$TELLERS_ACCOUNTS_DB`` else the results'
schema's name with ``_accounts`` (``public_accounts``), which every statement's
``accounts`` is translated to. Either way one transaction spans both (an edit attempt is
recorded with the version it saved).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from ..schema import ACCOUNTS
from .database import Store
from .records import StoreError

DEFAULT_FILE = "tellers.db"
MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
ACCOUNTS_MIGRATIONS = Path(__file__).resolve().parent.parent / "accounts_migrations"


def default_url() -> str:
    """``$TELLERS_DB`` (a URL, or a path to a SQLite file), else ``./tellers.db``."""
    value = os.environ.get("TELLERS_DB", "").strip() or DEFAULT_FILE
    return value if "://" in value else f"sqlite:///{value}"


def accounts_file(database: str | None, accounts: str | None = None) -> str:
    """Where a SQLite results file's accounts are: ``accounts``, else
    ``$TELLERS_ACCOUNTS_DB``, else beside it with ``-accounts`` in its name."""
    given = accounts or os.environ.get("TELLERS_ACCOUNTS_DB", "").strip()
    if given:
        return given
    if not database or database == ":memory:":
        return ":memory:"
    path = Path(database)
    return str(path.with_name(f"{path.stem}-accounts{path.suffix}"))


def _engine(url: str, accounts: str | None = None) -> sa.Engine:
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
        private = accounts_file(engine.url.database, accounts)

        def connect(connection: Any, _record: Any) -> None:
            _sqlite_connect(connection, private)

        sa.event.listen(engine, "connect", connect)
        sa.event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_connect(connection: Any, accounts: str) -> None:
    # tellers, not the driver, says when a transaction begins (see _sqlite_begin)
    connection.isolation_level = None
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA busy_timeout = 30000")
    cursor.execute(f"ATTACH DATABASE ? AS {ACCOUNTS}", (accounts,))
    # readers go on reading while a result is saved (and across `serve --workers`)
    cursor.execute("PRAGMA main.journal_mode = WAL")
    cursor.execute(f"PRAGMA {ACCOUNTS}.journal_mode = WAL")
    cursor.close()


def _place_accounts(engine: sa.Engine, accounts: str | None) -> str:
    """Where the engine's accounts are (a file, or a PostgreSQL schema): on PostgreSQL,
    every statement's ``accounts`` is made that schema's name."""
    if engine.dialect.name == "sqlite":
        return accounts_file(engine.url.database, accounts)
    given = accounts or os.environ.get("TELLERS_ACCOUNTS_DB", "").strip()
    if not given:
        with engine.connect() as connection:
            given = f"{connection.execute(sa.text('SELECT current_schema()')).scalar_one()}"
            given += "_accounts"
    engine.update_execution_options(schema_translate_map={ACCOUNTS: given})
    return given


def _sqlite_begin(connection: sa.Connection) -> None:
    # A write takes SQLite's write lock at its start, so that two editors saving at once
    # queue up and the second reads the first's version (and is told of the conflict)
    # instead of both reading the same version and one failing with "database is locked".
    immediate = connection.get_execution_options().get("tellers_write", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def upgrade(engine: sa.Engine, revision: str = "head") -> None:
    """Bring the database to ``revision`` with the migrations shipped in the package:
    first the accounts' (to their newest), then the results'."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    private = Config()
    private.set_main_option("script_location", str(ACCOUNTS_MIGRATIONS))
    with engine.connect() as connection:
        # SQLite changes a table by making it anew (Alembic's batch mode), which its
        # foreign keys forbid while other tables refer to the rows: they are switched off
        # for the migration (outside its transaction, where SQLite reads the switch) and
        # every reference is checked before it commits.
        sqlite = _pragma(connection, "foreign_keys = OFF")
        try:
            with connection.begin():
                translate = connection.get_execution_options().get("schema_translate_map")
                if translate:  # PostgreSQL: the accounts' schema, made where missing
                    name = translate[ACCOUNTS].replace('"', '""')
                    connection.exec_driver_sql(f'CREATE SCHEMA IF NOT EXISTS "{name}"')
                private.attributes["connection"] = connection
                command.upgrade(private, "head")
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


def open_store(
    url: str | None = None, *, migrate: bool = True, accounts: str | None = None
) -> Store:
    """Open the store at ``url`` (default :func:`default_url`), upgraded to the newest
    schema; ``accounts``: where its accounts are kept (a SQLite file; a PostgreSQL
    schema), by default as the module's docstring says."""
    url = url or default_url()
    engine = _engine(url, accounts)
    try:
        location = _place_accounts(engine, accounts)
        if migrate:
            upgrade(engine)
    except sa.exc.OperationalError as error:
        engine.dispose()
        raise StoreError(f"cannot open the results store at {_safe(url)}: {error.orig}") from None
    return Store(engine, accounts=location)


def _safe(url: str) -> str:
    try:
        return sa.make_url(url).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return url
