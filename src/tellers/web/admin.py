"""Accounts on the web: an admin adds accounts, changes their roles, sets passwords.

Purpose: the page ``/admin/users`` and the forms it posts, over
:mod:`tellers.results.accounts` (the same rules as ``tellers users``).

Design: admins only. Not signed in, the page answers with the sign-in page (coming
back here); a viewer or an editor gets 403. Every form carries the CSRF token
(:func:`.signin.guard` refuses a post without it). A change done redirects (303)
back to the page, which says in one line what was done: the address names only the
kind of change and the account, and the line is made from the stored account, so
that a link cannot make the page say something else. A change refused (a name
taken, a short password, passwords that differ, the last admin's role) gives the
page again with 400 and the reason, the typed username kept, never a password.
Changing a role or a password ends that user's sessions, the admin's own too.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ..errors import one_line
from ..service import accounts
from ..service.accounts import AccountError, User
from . import signin
from .app import render, store_of

router = APIRouter()

PAGE = "/admin/users"

NOT_AN_ADMIN = "managing accounts needs an admin's account: ask an admin to change your role"

#: What the page says after a change, by kind; filled in from the stored account.
NOTICES = {
    "added": "{username}: added as {role}.",
    "role": "{username}: now {role}; their sessions have ended.",
    "password": "{username}: password changed; their sessions have ended.",
}

Username = Annotated[str, Form(max_length=200)]
Password = Annotated[str, Form(max_length=1000)]
Role = Annotated[str, Form(max_length=20)]


def require_admin(request: Request) -> User:
    """The signed-in admin; not signed in: :class:`.signin.SignInRequired` (back to the
    page); anyone else: 403."""
    user = signin.require_user(request, PAGE)
    if not user.is_admin:
        raise HTTPException(403, NOT_AN_ADMIN)
    return user


def account_path(username: str, action: str) -> str:
    """Where the form changing ``username``'s ``action`` (role, password) posts."""
    return f"{PAGE}/{quote(username, safe='')}/{action}"


def notice(found: list[User], done: str | None, username: str | None) -> str | None:
    """The line saying what was done, or None (an unknown kind or account says nothing)."""
    template = NOTICES.get(done or "")
    user = next((u for u in found if u.username == username), None)
    if template is None or user is None:
        return None
    return template.format(username=user.username, role=user.role)


def _page(
    request: Request,
    *,
    form: dict[str, str] | None = None,
    status: int = 200,
    error: str | None = None,
    done: str | None = None,
    done_user: str | None = None,
) -> HTMLResponse:
    """The accounts page: every account with its forms, and the form to add one."""
    found = accounts.users(store_of(request))
    rows = [
        {
            "user": user,
            "role_path": account_path(user.username, "role"),
            "password_path": account_path(user.username, "password"),
        }
        for user in found
    ]
    context: dict[str, Any] = {
        "title": "Accounts",
        "rows": rows,
        "roles": accounts.ROLES,
        "min_password": accounts.MIN_PASSWORD,
        "form": form or {"username": "", "role": "editor"},
        "error": error,
        "notice": None if error else notice(found, done, done_user),
    }
    return render(request, "admin_users.html", context, status)


def _done(kind: str, username: str) -> RedirectResponse:
    """Back to the page, which says what was done."""
    query = urlencode({"done": kind, "user": username})
    return RedirectResponse(f"{PAGE}?{query}", status_code=303)


def _refused(request: Request, what: str, error: AccountError, **form: str) -> HTMLResponse:
    """The page again with 400 and why ``what`` was not done."""
    shown = {"username": "", "role": "editor", **form}
    return _page(request, form=shown, status=400, error=f"{what}: {one_line(error)}")


def _same_twice(password: str, again: str) -> None:
    if password != again:
        raise AccountError("the two passwords differ: type the same password twice")


@router.get(PAGE, response_class=HTMLResponse, include_in_schema=False)
def accounts_page(
    request: Request,
    done: Annotated[str | None, Query(max_length=20)] = None,
    user: Annotated[str | None, Query(max_length=200)] = None,
) -> Response:
    require_admin(request)
    return _page(request, done=done, done_user=user)


@router.post(PAGE, response_class=HTMLResponse, include_in_schema=False)
def add_account(
    request: Request,
    username: Username = "",
    password: Password = "",
    password_again: Password = "",
    role: Role = "editor",
) -> Response:
    require_admin(request)
    try:
        _same_twice(password, password_again)
        added = accounts.add_user(store_of(request), username, password, role)
    except AccountError as error:
        return _refused(request, "Not added", error, username=username, role=role)
    return _done("added", added.username)


@router.post(f"{PAGE}/{{username}}/role", response_class=HTMLResponse, include_in_schema=False)
def change_role(request: Request, username: str, role: Role = "") -> Response:
    require_admin(request)
    try:
        changed = accounts.set_role(store_of(request), username, role)
    except AccountError as error:
        return _refused(request, f"Role of {username} not changed", error)
    return _done("role", changed.username)


@router.post(f"{PAGE}/{{username}}/password", response_class=HTMLResponse, include_in_schema=False)
def change_password(
    request: Request, username: str, password: Password = "", password_again: Password = ""
) -> Response:
    require_admin(request)
    try:
        _same_twice(password, password_again)
        changed = accounts.set_password(store_of(request), username, password)
    except AccountError as error:
        return _refused(request, f"Password of {username} not changed", error)
    return _done("password", changed.username)
