"""The results store's tests run on SQLite (a file in tmp_path) and on PostgreSQL.

PostgreSQL comes from ``TELLERS_TEST_POSTGRES`` (``make test`` starts a server with
``.ci/postgres.sh``); each test gets a fresh schema of its own, dropped afterwards.
Without the variable the PostgreSQL half is skipped with the reason, except on CI
(``CI`` set), where a missing server is a failure.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from tellers.results.store import Store, open_store

NO_SERVER = (
    "no PostgreSQL server: set TELLERS_TEST_POSTGRES or run make test where PostgreSQL is installed"
)


def postgres_base_url() -> str:
    url = os.environ.get("TELLERS_TEST_POSTGRES", "").strip()
    if not url:
        if os.environ.get("CI"):
            pytest.fail(f"{NO_SERVER} (CI is set, so this fails rather than skips)")
        pytest.skip(NO_SERVER)
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The URL of an empty database of each kind."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('store') / 'tellers.db'}"
        return
    base = postgres_base_url()
    schema = f"test_{uuid.uuid4().hex[:16]}"
    admin = sa.create_engine(base)
    with admin.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    url = sa.make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
            # the accounts' schema beside it (tellers.results.store.opening)
            connection.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}_accounts" CASCADE'))
        admin.dispose()


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    """A store on an empty database of each kind, migrated to the newest schema."""
    opened = open_store(db_url)
    try:
        yield opened
    finally:
        opened.close()
