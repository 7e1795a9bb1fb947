"""Accounts of the web app: users, passwords, sessions, and the sign-in throttle.

::

    from tellers.results import accounts
    ann = accounts.add_user(store, "ann", "a long password", role="editor")
    user = accounts.authenticate(store, "ann", "a long password", client="203.0.113.7")
    token, session = accounts.start_session(store, user)    # token: the cookie's value
    accounts.session_for(store, token)                       # the session, or None
    accounts.end_session(store, token)
    accounts.set_role(store, "ann", "viewer")                # her sessions end

Design:

- Passwords are kept as argon2id hashes (``argon2-cffi``'s defaults, RFC 9106's
  low-memory profile); a hash made with older parameters is made again at the
  next sign-in. Wrong username and wrong password give the same message, and a
  username that is not stored costs the same argon2 work as one that is.
- Throttle: after :data:`FAILURES_ALLOWED` wrong passwords for a username within
  :data:`FAILURE_WINDOW`, every attempt (right or wrong) raises
  :class:`SignInThrottled` until :data:`FIRST_WAIT` has passed since the last one;
  the wait doubles with each further failure, up to :data:`LONGEST_WAIT`. A
  success clears the count.
- A session is a random token in the browser's cookie; the store keeps only its
  sha256, so a copy of the database signs no one in. Each session has its own
  CSRF token. Sessions last :data:`SESSION_LIFETIME`.
- Roles: a viewer reads, an editor also enters and confirms results, an admin also
  manages the accounts (on the web, ``/admin/users``). A change of role ends the
  user's sessions, so that nobody goes on with the rights of an old role; no change
  may take the role away from the last admin.
- The accounts' tables are not in the results database that users publish: they are in
  the schema ``accounts``, a file beside it on SQLite (``tellers-accounts.db``) and a
  schema of their own on PostgreSQL (:mod:`tellers.results.store.opening`). The store
  reaches both through one connection.
- :func:`clock` is the time everything here reads: tests replace it.
"""

from __future__ import annotations

import hashlib
import math
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from . import schema as t
from .store import Store, StoreError, utc

__all__ = [
    "FAILURES_ALLOWED",
    "FAILURE_WINDOW",
    "MIN_PASSWORD",
    "ROLES",
    "SESSION_LIFETIME",
    "AccountError",
    "Session",
    "SignInRefused",
    "SignInThrottled",
    "User",
    "add_user",
    "authenticate",
    "end_session",
    "session_for",
    "set_password",
    "set_role",
    "start_session",
    "users",
]

ROLES = t.ROLES
SESSION_LIFETIME = timedelta(hours=12)
MIN_PASSWORD = 8
FAILURES_ALLOWED = 5
FAILURE_WINDOW = timedelta(minutes=15)
FIRST_WAIT = timedelta(seconds=30)
LONGEST_WAIT = timedelta(minutes=15)

_USERNAME = re.compile(r"[A-Za-z0-9.\-_@]{1,100}")
_HASHER = PasswordHasher()


def clock() -> datetime:
    """Now, in UTC."""
    return datetime.now(UTC)


class AccountError(StoreError):
    """A username, role or password the rules refuse, or a username already taken."""


class SignInRefused(AccountError):
    """Wrong username or password (one message for both)."""

    def __init__(self) -> None:
        super().__init__("wrong username or password")


class SignInThrottled(AccountError):
    """Too many wrong passwords for this username: wait ``retry_after`` seconds."""

    def __init__(self, retry_after: int) -> None:
        self.retry_after = retry_after
        super().__init__(f"too many wrong passwords: try again in {_duration(retry_after)}")


@dataclass(frozen=True, slots=True)
class User:
    """Someone who can sign in."""

    id: int
    username: str
    role: str

    @property
    def can_edit(self) -> bool:
        """Whether the user may enter and confirm results (editors and admins)."""
        return self.role in ("editor", "admin")

    @property
    def is_admin(self) -> bool:
        """Whether the user may manage the accounts (admins only)."""
        return self.role == "admin"


@dataclass(frozen=True, slots=True)
class Session:
    """A signed-in browser: whose, its CSRF token, and when it ends."""

    user: User
    csrf_token: str
    expires_at: datetime


# --- users -----------------------------------------------------------------------------


def add_user(store: Store, username: str, password: str, role: str = "editor") -> User:
    """Add an account; :class:`AccountError` for a bad or taken username, a bad role,
    or a password shorter than :data:`MIN_PASSWORD` characters."""
    _check_username(username)
    _check_role(role)
    password_hash = _hash(password)
    u = t.users.c
    with store.engine.connect() as connection:
        if connection.execute(sa.select(u.id).where(u.username == username)).first():
            raise AccountError(f"{username}: there is already a user of that name")
    try:
        with store._write() as connection:
            user_id = connection.execute(
                t.users.insert()
                .values(
                    username=username, password_hash=password_hash, role=role, created_at=clock()
                )
                .returning(u.id)
            ).scalar_one()
    except StoreError:  # added by someone else in the meantime
        raise AccountError(f"{username}: there is already a user of that name") from None
    return User(int(user_id), username, role)


def set_password(store: Store, username: str, password: str) -> User:
    """Give the user a new password; their sessions end and the wrong-password count
    clears. :class:`AccountError` if there is no such user or the password is too short."""
    password_hash = _hash(password)
    u = t.users.c
    with store._write() as connection:
        user = _user(connection, username)
        if user is None:
            raise AccountError(f"{username}: no such user")
        connection.execute(
            t.users.update().where(u.id == user.id).values(password_hash=password_hash)
        )
        connection.execute(t.sessions.delete().where(t.sessions.c.user_id == user.id))
        _clear_failures(connection, username)
    return user


def set_role(store: Store, username: str, role: str) -> User:
    """Give the user another role (the same one changes nothing); their sessions end.

    :class:`AccountError` for a bad role, no such user, or taking the role away from
    the last admin (there must always be one to manage the accounts).
    """
    _check_role(role)
    with store._write() as connection:
        user = _user(connection, username)
        if user is None:
            raise AccountError(f"{username}: no such user")
        if user.role == role:
            return user
        if user.is_admin and _admins(connection) == [user.id]:
            raise AccountError(
                f"{username} is the last admin: make another account admin first, "
                "so that someone can still manage the accounts"
            )
        connection.execute(t.users.update().where(t.users.c.id == user.id).values(role=role))
        connection.execute(t.sessions.delete().where(t.sessions.c.user_id == user.id))
    return User(user.id, user.username, role)


def users(store: Store) -> list[User]:
    """Every account, by username."""
    u = t.users.c
    with store.engine.connect() as connection:
        rows = connection.execute(sa.select(u.id, u.username, u.role).order_by(u.username))
        return [User(int(row.id), row.username, row.role) for row in rows]


# --- signing in ------------------------------------------------------------------------


def authenticate(store: Store, username: str, password: str, *, client: str = "") -> User:
    """The user with this username and password.

    :class:`SignInRefused` if either is wrong; :class:`SignInThrottled` (even with the
    right password) while the username is throttled (see the module's docstring).
    """
    if not _USERNAME.fullmatch(username):
        _verify(_no_one(), password)
        raise SignInRefused()
    now = clock()
    f, u = t.sign_in_failures.c, t.users.c
    # One write transaction: on SQLite, attempts at once queue up and each sees the
    # failures of those before it.
    with store._write() as connection:
        failures = [
            utc(at)
            for at in connection.scalars(
                sa.select(f.at)
                .where(f.username == username, f.at > now - FAILURE_WINDOW)
                .order_by(f.at)
            )
        ]
        if len(failures) >= FAILURES_ALLOWED:
            wait = min(FIRST_WAIT * 2 ** (len(failures) - FAILURES_ALLOWED), LONGEST_WAIT)
            left = (failures[-1] + wait - now).total_seconds()
            if left > 0:
                raise SignInThrottled(max(1, math.ceil(left)))
        row = connection.execute(
            sa.select(u.id, u.role, u.password_hash).where(u.username == username)
        ).first()
        if row is None or not _verify(row.password_hash, password):
            if row is None:
                _verify(_no_one(), password)
            connection.execute(
                t.sign_in_failures.insert().values(username=username, at=now, client=client[:100])
            )
            user = None
        else:
            _clear_failures(connection, username)
            if _HASHER.check_needs_rehash(row.password_hash):
                connection.execute(
                    t.users.update()
                    .where(u.id == row.id)
                    .values(password_hash=_HASHER.hash(password))
                )
            user = User(int(row.id), username, row.role)
    if user is None:
        raise SignInRefused()
    return user


def start_session(store: Store, user: User) -> tuple[str, Session]:
    """A new session for ``user``: (the token for the cookie, the session).

    Sessions that have ended are cleared out here.
    """
    token = secrets.token_urlsafe(32)
    now = clock()
    session = Session(user, secrets.token_urlsafe(32), now + SESSION_LIFETIME)
    s = t.sessions.c
    with store._write() as connection:
        connection.execute(t.sessions.delete().where(s.expires_at <= now))
        connection.execute(
            t.sessions.insert().values(
                token_hash=_token_hash(token),
                user_id=user.id,
                csrf_token=session.csrf_token,
                created_at=now,
                expires_at=session.expires_at,
            )
        )
    return token, session


def session_for(store: Store, token: str | None) -> Session | None:
    """The session of a cookie's token; None if there is none, or it has ended."""
    if not token:
        return None
    s, u = t.sessions.c, t.users.c
    query = (
        sa.select(u.id, u.username, u.role, s.csrf_token, s.expires_at)
        .join(t.users, u.id == s.user_id)
        .where(s.token_hash == _token_hash(token))
    )
    with store.engine.connect() as connection:
        row = connection.execute(query).first()
    if row is None or utc(row.expires_at) <= clock():
        return None
    return Session(User(int(row.id), row.username, row.role), row.csrf_token, utc(row.expires_at))


def end_session(store: Store, token: str) -> None:
    """Sign the session out (nothing happens if there is no such session)."""
    with store._write() as connection:
        connection.execute(t.sessions.delete().where(t.sessions.c.token_hash == _token_hash(token)))


# --- helpers ---------------------------------------------------------------------------


def _check_username(username: str) -> None:
    if not _USERNAME.fullmatch(username):
        raise AccountError(
            f"expected a username of 1 to 100 letters, digits and . - _ @, found {username!r}"
        )


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise AccountError(f"expected a role among {', '.join(ROLES)}, found {role!r}")


def _admins(connection: sa.Connection) -> list[int]:
    """The ids of the admins, locked until the transaction ends (on PostgreSQL; SQLite's
    write transaction holds the whole database), so that two admins demoting each other
    at once cannot both succeed."""
    u = t.users.c
    query = sa.select(u.id).where(u.role == "admin").order_by(u.id).with_for_update()
    return [int(user_id) for user_id in connection.scalars(query)]


def _hash(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"expected a password of at least {MIN_PASSWORD} characters")
    return _HASHER.hash(password)


@cache
def _no_one() -> str:
    """A hash no password matches: verified against for an unknown username, so that
    the answer takes as long as for a known one."""
    return _HASHER.hash(secrets.token_urlsafe(16))


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _user(connection: sa.Connection, username: str) -> User | None:
    u = t.users.c
    row = connection.execute(
        sa.select(u.id, u.username, u.role).where(u.username == username)
    ).first()
    return None if row is None else User(int(row.id), row.username, row.role)


def _clear_failures(connection: sa.Connection, username: str) -> None:
    f = t.sign_in_failures.c
    connection.execute(t.sign_in_failures.delete().where(f.username == username))


def _duration(seconds: int) -> str:
    if seconds < 120:
        return f"{seconds} seconds" if seconds != 1 else "1 second"
    return f"{-(-seconds // 60)} minutes"
