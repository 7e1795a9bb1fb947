"""Accounts apart from the results a user publishes (issue 11).

Password hashes, sessions, the sign-in throttle's failures and the web's edit
attempts are kept out of the results database: on SQLite in a file beside it
(``tellers.db`` -> ``tellers-accounts.db``, or ``$TELLERS_ACCOUNTS_DB``), on
PostgreSQL in a schema of their own (``<schema>_accounts``). Sharing the results
file, or ``datasette tellers.db``, shows none of them.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa

from tellers.formats import read_text
from tellers.results import accounts
from tellers.results import schema as t
from tellers.results.store import BallotInfo, open_store, upgrade

PASSWORD = "correct horse battery staple"
BY_ELECTION = "local.x.y.by.2014-05-22"
PRIVATE = ("users", "sessions", "sign_in_failures", "edits")


def test_the_results_file_holds_no_password_hash_or_session(tmp_path: Path) -> None:
    results = tmp_path / "tellers.db"
    with open_store(f"sqlite:///{results}") as store:
        store.add_result(
            read_text("A (Labour) 10\nB (Green) 5\n", "r.txt"),
            BY_ELECTION,
            "x",
            ballot=BallotInfo(),
        )
        ann = accounts.add_user(store, "annabel.officer", PASSWORD, "editor")
        token, _ = accounts.start_session(store, ann)
        with pytest.raises(accounts.SignInRefused):
            accounts.authenticate(store, "annabel.officer", "wrong one", client="203.0.113.7")
        with store.engine.connect() as connection:
            (password_hash,) = connection.execute(sa.select(t.users.c.password_hash)).one()
            (token_hash,) = connection.execute(sa.select(t.sessions.c.token_hash)).one()
    assert password_hash.startswith("$argon2id$")
    private = tmp_path / "tellers-accounts.db"
    connection = sqlite3.connect(results)
    connection.execute("VACUUM")
    tables = {name for (name,) in connection.execute("select name from sqlite_master")}
    connection.close()
    assert not tables & set(PRIVATE)
    assert not (tmp_path / "tellers.db-wal").exists()
    published = results.read_bytes()
    assert b"Labour" in published  # the results are there
    for secret in (password_hash, token_hash, token, "annabel.officer", "203.0.113.7"):
        assert secret.encode() not in published, secret
    kept = private.read_bytes()
    assert password_hash.encode() in kept and token_hash.encode() in kept
    assert token.encode() not in kept  # only its sha256 is kept, anywhere


def test_the_accounts_file_can_be_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    elsewhere = tmp_path / "private" / "people.db"
    elsewhere.parent.mkdir()
    monkeypatch.setenv("TELLERS_ACCOUNTS_DB", str(elsewhere))
    with open_store(f"sqlite:///{tmp_path / 'tellers.db'}") as store:
        accounts.add_user(store, "ann", PASSWORD, "admin")
        assert [u.username for u in accounts.users(store)] == ["ann"]
    assert elsewhere.is_file() and not (tmp_path / "tellers-accounts.db").exists()
    monkeypatch.delenv("TELLERS_ACCOUNTS_DB")
    with open_store(f"sqlite:///{tmp_path / 'tellers.db'}") as store:
        assert accounts.users(store) == []  # another file: nobody there yet


def _old_store_with_accounts(db_url: str) -> str:
    """A store made by revision 0003, when accounts lived beside the results; returns
    the password hash stored."""
    store = open_store(db_url, migrate=False)
    try:
        upgrade(store.engine, "0003")
        password_hash = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA"
        with store.engine.begin() as connection:
            for sql, values in (
                (
                    "INSERT INTO users (id, username, password_hash, role, created_at) "
                    "VALUES (7, 'ann', :h, 'admin', '2024-05-02 21:00:00')",
                    {"h": password_hash},
                ),
                (
                    "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, "
                    "expires_at) VALUES ('feedface', 7, 'csrf-token-value', "
                    "'2024-05-02 21:00:00', '2099-01-01 00:00:00')",
                    {},
                ),
                (
                    "INSERT INTO sign_in_failures (username, at, client) VALUES "
                    "('bob', '2024-05-02 21:00:00', '198.51.100.9')",
                    {},
                ),
                (
                    "INSERT INTO edits (ballot_id, author, at, action, outcome, source, "
                    "submitted) VALUES ('local.x.y.2014-05-22', 'ann', '2024-05-02 21:00:00', "
                    "'enter', 'refused', 'x', 'A draft that was never saved 1234')",
                    {},
                ),
            ):
                connection.execute(sa.text(sql), values)
    finally:
        store.close()
    return password_hash


def test_the_migration_moves_accounts_out_of_the_results(db_url: str) -> None:
    password_hash = _old_store_with_accounts(db_url)
    with open_store(db_url) as store:
        with store.engine.connect() as connection:
            names = set(sa.inspect(connection).get_table_names())
            assert not names & set(PRIVATE), names
            moved = {
                name: connection.execute(sa.select(sa.func.count()).select_from(table)).scalar()
                for name, table in (
                    ("users", t.users),
                    ("sessions", t.sessions),
                    ("sign_in_failures", t.sign_in_failures),
                    ("edits", t.edits),
                )
            }
            assert moved == {"users": 1, "sessions": 1, "sign_in_failures": 1, "edits": 1}
            stored = connection.execute(sa.select(t.users.c.password_hash)).scalar_one()
        assert stored == password_hash
        (ann,) = accounts.users(store)
        assert (ann.id, ann.username, ann.role) == (7, "ann", "admin")
        # the moved account goes on working: a new user gets the next id
        bob = accounts.add_user(store, "bob", PASSWORD, "editor")
        assert bob.id == 8
        url = store.engine.url
    if url.get_backend_name() == "sqlite":
        results = Path(url.database or "")
        published = results.read_bytes()  # not vacuumed: freed pages hold nothing either
        for secret in (password_hash, "csrf-token-value", "198.51.100.9", "never saved"):
            assert secret.encode() not in published, secret
        assert password_hash.encode() in results.with_name("tellers-accounts.db").read_bytes()
    else:
        from .snapshot import dump

        published = dump(url.render_as_string(hide_password=False))
        assert "COPY" in published and "A draft" not in published
        assert password_hash not in published and "csrf-token-value" not in published


def test_downgrading_puts_the_accounts_back(db_url: str) -> None:
    password_hash = _old_store_with_accounts(db_url)
    with open_store(db_url) as store:
        from alembic import command
        from alembic.config import Config

        from tellers.results.store import MIGRATIONS

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        with store.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0003")
        with store.engine.connect() as connection:
            row = connection.execute(sa.text("SELECT username, password_hash FROM users")).one()
            assert tuple(row) == ("ann", password_hash)
            assert connection.execute(sa.select(sa.func.count()).select_from(t.users)).scalar() == 0
        upgrade(store.engine)
        assert [u.username for u in accounts.users(store)] == ["ann"]
