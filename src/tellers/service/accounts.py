"""Accounts and sessions: ``tellers users`` and the web's sign-in and admin pages.

The operations are those of :mod:`tellers.results.accounts` (argon2id hashes,
sessions, the sign-in throttle, roles); the edges reach them here.
"""

from __future__ import annotations

from ..results.accounts import (
    MIN_PASSWORD,
    ROLES,
    SESSION_LIFETIME,
    AccountError,
    Session,
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

__all__ = [
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
