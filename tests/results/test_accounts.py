"""Accounts on SQLite and PostgreSQL: passwords, roles, the sign-in throttle, sessions,
and ``tellers users``."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher
from click.testing import CliRunner, Result

from tellers.cli import main
from tellers.results import accounts
from tellers.results import schema as t
from tellers.results.accounts import (
    AccountError,
    SignInRefused,
    SignInThrottled,
    User,
    add_user,
    authenticate,
    end_session,
    session_for,
    set_password,
    set_role,
    start_session,
    users,
)
from tellers.results.store import Store, open_store

PASSWORD = "correct horse battery"


class Clock:
    """The time :mod:`tellers.results.accounts` reads, moved on by hand."""

    def __init__(self) -> None:
        self.now = datetime(2026, 5, 7, 22, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **by: float) -> None:
        self.now += timedelta(**by)


@pytest.fixture(autouse=True)
def quick_hashes(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Cheap argon2 parameters (the defaults take a tenth of a second a hash), except
    for the tests marked ``real_hashes``."""
    if "real_hashes" not in request.keywords:
        monkeypatch.setattr(accounts, "_HASHER", PasswordHasher(1, 8, 1))


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(accounts, "clock", fake)
    return fake


def test_the_right_password_signs_in_and_a_wrong_one_does_not(store: Store) -> None:
    ann = add_user(store, "ann", PASSWORD, role="editor")
    assert authenticate(store, "ann", PASSWORD) == ann == User(ann.id, "ann", "editor")
    with pytest.raises(SignInRefused) as wrong:
        authenticate(store, "ann", PASSWORD + "!")
    with pytest.raises(SignInRefused) as unknown:
        authenticate(store, "anne", PASSWORD)
    assert str(wrong.value) == str(unknown.value) == "wrong username or password"


def test_a_username_is_taken_once(store: Store) -> None:
    add_user(store, "ann", PASSWORD)
    with pytest.raises(AccountError, match="already a user"):
        add_user(store, "ann", "another password", role="admin")
    assert users(store) == [authenticate(store, "ann", PASSWORD)]
    assert users(store)[0].role == "editor"


def test_a_short_password_a_bad_name_and_a_bad_role_are_refused(store: Store) -> None:
    with pytest.raises(AccountError, match="at least 8 characters"):
        add_user(store, "ann", "1234567")
    with pytest.raises(AccountError, match="username"):
        add_user(store, "ann smith", PASSWORD)
    with pytest.raises(AccountError, match="username"):
        add_user(store, "a" * 101, PASSWORD)
    with pytest.raises(AccountError, match="role"):
        add_user(store, "ann", PASSWORD, role="owner")
    assert users(store) == []
    assert add_user(store, "ann.smith-2@council_x", "12345678").username == "ann.smith-2@council_x"


def test_roles_say_who_can_edit(store: Store) -> None:
    for name, role in (("vic", "viewer"), ("ann", "editor"), ("ada", "admin")):
        add_user(store, name, PASSWORD, role=role)
    listed = users(store)
    assert [(u.username, u.role, u.can_edit) for u in listed] == [
        ("ada", "admin", True),
        ("ann", "editor", True),
        ("vic", "viewer", False),
    ]
    assert authenticate(store, "vic", PASSWORD).can_edit is False


@pytest.mark.real_hashes
def test_the_password_is_kept_as_an_argon2id_hash(store: Store) -> None:
    add_user(store, "ann", PASSWORD)
    with store.engine.connect() as connection:
        (stored,) = connection.execute(sa.select(t.users.c.password_hash)).one()
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert PASSWORD not in stored
    assert authenticate(store, "ann", PASSWORD).username == "ann"


def test_a_hash_made_with_older_parameters_is_made_again(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_user(store, "ann", PASSWORD)
    monkeypatch.setattr(accounts, "_HASHER", PasswordHasher(2, 16, 1))
    authenticate(store, "ann", PASSWORD)
    with store.engine.connect() as connection:
        (stored,) = connection.execute(sa.select(t.users.c.password_hash)).one()
    assert stored.startswith("$argon2id$v=19$m=16,t=2,p=1$")


def test_five_wrong_passwords_throttle_even_the_right_one(store: Store, clock: Clock) -> None:
    add_user(store, "ann", PASSWORD)
    for _ in range(5):
        with pytest.raises(SignInRefused):
            authenticate(store, "ann", "wrong password", client="203.0.113.7")
    with pytest.raises(SignInThrottled) as throttled:
        authenticate(store, "ann", PASSWORD)
    assert throttled.value.retry_after == 30
    clock.advance(seconds=29)
    with pytest.raises(SignInThrottled) as still:
        authenticate(store, "ann", PASSWORD)
    assert still.value.retry_after == 1
    clock.advance(seconds=1)
    assert authenticate(store, "ann", PASSWORD).username == "ann"
    # the count is cleared: four more wrong passwords are four refusals, not a throttle
    for _ in range(4):
        with pytest.raises(SignInRefused):
            authenticate(store, "ann", "wrong password")
    assert authenticate(store, "ann", PASSWORD).username == "ann"


def test_the_wait_doubles_with_each_further_failure(store: Store, clock: Clock) -> None:
    add_user(store, "ann", PASSWORD)
    for _ in range(5):
        with pytest.raises(SignInRefused):
            authenticate(store, "ann", "wrong password")
    for wait in (60, 120, 240):
        clock.advance(seconds=wait // 2)
        with pytest.raises(SignInRefused):
            authenticate(store, "ann", "wrong password")
        with pytest.raises(SignInThrottled) as throttled:
            authenticate(store, "ann", PASSWORD)
        assert throttled.value.retry_after == wait


def test_failures_older_than_the_window_do_not_count(store: Store, clock: Clock) -> None:
    add_user(store, "ann", PASSWORD)
    for _ in range(4):
        with pytest.raises(SignInRefused):
            authenticate(store, "ann", "wrong password")
    clock.advance(minutes=16)
    with pytest.raises(SignInRefused):
        authenticate(store, "ann", "wrong password")
    assert authenticate(store, "ann", PASSWORD).username == "ann"


def test_an_unknown_username_is_throttled_too(store: Store, clock: Clock) -> None:
    for _ in range(5):
        with pytest.raises(SignInRefused):
            authenticate(store, "nobody", "wrong password")
    with pytest.raises(SignInThrottled):
        authenticate(store, "nobody", "wrong password")


def test_a_session_starts_is_found_expires_and_ends(store: Store, clock: Clock) -> None:
    ann = add_user(store, "ann", PASSWORD)
    token, session = start_session(store, ann)
    assert session.user == ann
    assert session.expires_at == clock.now + timedelta(hours=12)
    assert session_for(store, token) == session
    other, _ = start_session(store, ann)
    assert other != token
    assert session_for(store, None) is None
    assert session_for(store, "not a token") is None
    clock.advance(hours=12)
    assert session_for(store, token) is None
    token, session = start_session(store, ann)
    assert session_for(store, token) == session
    end_session(store, token)
    assert session_for(store, token) is None


def test_the_token_is_not_stored_in_clear(store: Store) -> None:
    token, session = start_session(store, add_user(store, "ann", PASSWORD))
    with store.engine.connect() as connection:
        row = connection.execute(sa.select(t.sessions)).one()
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in [str(value) for value in row]
    assert row.csrf_token == session.csrf_token != token


def test_a_new_password_ends_the_sessions(store: Store) -> None:
    token, _ = start_session(store, add_user(store, "ann", PASSWORD))
    set_password(store, "ann", "a new password")
    assert session_for(store, token) is None
    with pytest.raises(SignInRefused):
        authenticate(store, "ann", PASSWORD)
    assert authenticate(store, "ann", "a new password").username == "ann"
    with pytest.raises(AccountError, match="no such user"):
        set_password(store, "bob", "a new password")


def test_a_new_role_is_stored_and_ends_the_sessions(store: Store) -> None:
    ann = add_user(store, "ann", PASSWORD, role="editor")
    bob = add_user(store, "bob", PASSWORD, role="editor")
    token, _ = start_session(store, ann)
    other, _ = start_session(store, bob)
    assert set_role(store, "ann", "viewer") == User(ann.id, "ann", "viewer")
    assert session_for(store, token) is None
    assert session_for(store, other) is not None  # only ann's sessions end
    assert [(u.username, u.role) for u in users(store)] == [("ann", "viewer"), ("bob", "editor")]
    assert authenticate(store, "ann", PASSWORD).can_edit is False
    token, _ = start_session(store, ann)
    assert set_role(store, "ann", "admin").is_admin
    assert session_for(store, token) is None


def test_the_same_role_again_changes_nothing(store: Store) -> None:
    token, _ = start_session(store, add_user(store, "ann", PASSWORD, role="editor"))
    assert set_role(store, "ann", "editor").role == "editor"
    assert session_for(store, token) is not None


def test_the_last_admin_keeps_the_role(store: Store) -> None:
    add_user(store, "ada", PASSWORD, role="admin")
    token, _ = start_session(store, authenticate(store, "ada", PASSWORD))
    for role in ("editor", "viewer"):
        with pytest.raises(AccountError, match="ada is the last admin: make another account"):
            set_role(store, "ada", role)
    assert users(store)[0].role == "admin"
    assert session_for(store, token) is not None  # refused: nothing changed
    add_user(store, "ann", PASSWORD, role="editor")
    set_role(store, "ann", "admin")  # with a second admin, either may step down
    assert set_role(store, "ada", "editor").role == "editor"
    with pytest.raises(AccountError, match="ann is the last admin"):
        set_role(store, "ann", "viewer")
    assert [(u.username, u.role) for u in users(store)] == [("ada", "editor"), ("ann", "admin")]


def test_a_role_for_no_one_or_a_role_that_is_none_is_refused(store: Store) -> None:
    add_user(store, "ann", PASSWORD, role="editor")
    with pytest.raises(AccountError, match="bob: no such user"):
        set_role(store, "bob", "viewer")
    with pytest.raises(AccountError, match="expected a role among viewer, editor, admin"):
        set_role(store, "ann", "owner")
    assert users(store)[0].role == "editor"


# --- tellers users ---------------------------------------------------------------------


def users_command(db_url: str, *args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(main, ["users", *args, "--db", db_url], input=stdin)


def test_users_add_and_list(db_url: str) -> None:
    done = users_command(
        db_url, "add", "ann", "--role", "admin", "--password-stdin", stdin=PASSWORD
    )
    assert done.exit_code == 0, (done.output, done.exception)
    assert done.stdout == "ann: added as admin\n"
    assert users_command(db_url, "add", "bob", "--password-stdin", stdin="b0b's password\n")
    listed = users_command(db_url, "list")
    assert listed.exit_code == 0
    assert listed.stdout == "ann  admin\nbob  editor\n"
    store = open_store(db_url)
    try:
        assert authenticate(store, "bob", "b0b's password").role == "editor"
    finally:
        store.close()


def test_users_add_asks_for_the_password_twice(db_url: str) -> None:
    done = users_command(db_url, "add", "ann", stdin=f"{PASSWORD}\n{PASSWORD}\n")
    assert done.exit_code == 0, (done.output, done.exception)
    assert PASSWORD not in done.output
    store = open_store(db_url)
    try:
        assert authenticate(store, "ann", PASSWORD).role == "editor"
    finally:
        store.close()


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (("add", "ann", "--password-stdin"), PASSWORD, "tellers: ann: there is already a user"),
        (
            ("add", "bob", "--role", "owner", "--password-stdin"),
            PASSWORD,
            "tellers: expected a role",
        ),
        (("add", "bob", "--password-stdin"), "short", "tellers: expected a password of at least"),
        (("set-password", "bob", "--password-stdin"), PASSWORD, "tellers: bob: no such user"),
        (("set-role", "bob", "viewer"), None, "tellers: bob: no such user"),
        (("set-role", "ann", "owner"), None, "tellers: expected a role among"),
    ],
)
def test_a_refused_account_is_one_line_and_exit_1(
    db_url: str, args: tuple[str, ...], stdin: str | None, message: str
) -> None:
    users_command(db_url, "add", "ann", "--password-stdin", stdin=PASSWORD)
    done = users_command(db_url, *args, stdin=stdin)
    assert done.exit_code == 1
    assert done.stderr.startswith(message)
    assert done.stderr.count("\n") == 1
    assert users_command(db_url, "list").stdout == "ann  editor\n"


def test_users_set_password(db_url: str) -> None:
    users_command(db_url, "add", "ann", "--password-stdin", stdin=PASSWORD)
    done = users_command(db_url, "set-password", "ann", "--password-stdin", stdin="a new password")
    assert (done.exit_code, done.stdout) == (0, "ann: password changed\n")
    store = open_store(db_url)
    try:
        assert authenticate(store, "ann", "a new password").username == "ann"
    finally:
        store.close()


def test_users_set_role(db_url: str) -> None:
    users_command(db_url, "add", "ada", "--role", "admin", "--password-stdin", stdin=PASSWORD)
    users_command(db_url, "add", "ann", "--password-stdin", stdin=PASSWORD)
    done = users_command(db_url, "set-role", "ann", "admin")
    assert (done.exit_code, done.stdout) == (0, "ann: now admin\n"), (done.output, done.exception)
    assert users_command(db_url, "set-role", "ada", "viewer").stdout == "ada: now viewer\n"
    assert users_command(db_url, "list").stdout == "ada  viewer\nann  admin\n"


def test_users_set_role_keeps_the_last_admin(db_url: str) -> None:
    users_command(db_url, "add", "ada", "--role", "admin", "--password-stdin", stdin=PASSWORD)
    done = users_command(db_url, "set-role", "ada", "editor")
    assert done.exit_code == 1
    assert done.stderr.startswith("tellers: ada is the last admin: make another account admin")
    assert done.stderr.count("\n") == 1
    assert users_command(db_url, "list").stdout == "ada  admin\n"
