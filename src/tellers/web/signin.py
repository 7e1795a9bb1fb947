"""Signing in and out, and what keeps a signed-in browser safe.

Purpose: editors sign in with a name and a password (:mod:`tellers.results.accounts`)
and get a session cookie; every form that posts carries a token showing that it
came from one of our own pages; every response tells the browser not to guess
content types, not to leak addresses in ``Referer`` and not to show the page in
another site's frame.

Design:

- The cookie ``tellers_session`` holds a random token (the store keeps only its
  hash): HttpOnly, SameSite=Lax, Path=/, Secure when the request came over https.
  :func:`session_of` reads it once a request and keeps the answer in
  ``request.state.session`` and ``request.state.user``.
- CSRF: :func:`guard`, a dependency of every route, refuses (403) a POST, PUT,
  PATCH or DELETE whose form field ``csrf_token`` is not the session's token or,
  not signed in, the value of the cookie ``tellers_csrf`` (a double submit).
  Writes under ``/api/`` need the session cookie and the header ``X-CSRF-Token``
  instead; ``/api/v1/count`` stores nothing and needs neither.
- :class:`SiteHeaders`, an ASGI middleware, adds the security headers to every
  response, leaving out the frame ban on the paths meant for iframes
  (:data:`FRAMEABLE`), and sets ``tellers_csrf`` when a page handed out a new token.
- Sign-in: one message for an unknown name or a wrong password (401, the form
  again); after five wrong passwords the store slows the name down, and the page
  answers 429 with ``Retry-After``.
"""

from __future__ import annotations

import hmac
import re
import secrets
from collections.abc import Collection
from typing import Annotated, Any, cast
from urllib.parse import quote, urlsplit

from fastapi import APIRouter, FastAPI, Form, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..service import accounts
from ..service.accounts import Session, User
from .app import ERRORS, ErrorEnvelope, error_json, render, store_of

router = APIRouter()

SESSION_COOKIE = "tellers_session"
CSRF_COOKIE = "tellers_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"

#: Paths that other sites may show in a frame (the embeddable result card).
FRAMEABLE: frozenset[str] = frozenset({"/embed/"})

#: Writes that store nothing, so need no token.
NO_TOKEN: frozenset[str] = frozenset({"/api/v1/count"})

UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})

EXPIRED = "the form has expired or did not come from this site: reload the page and try again"
REFUSED = "wrong username or password"
API_TOKEN = (
    "expected the header X-CSRF-Token with the session's token (GET /api/v1/session gives it)"
)
NOT_AN_EDITOR = (
    "your account may read results but not enter or confirm them: that needs an editor's account"
)

_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,100}")


class SignInRequired(Exception):
    """A page or API call that needs a signed-in user, made without one.

    ``back``: the page to come back to after signing in."""

    def __init__(self, back: str = "/") -> None:
        super().__init__("sign in first")
        self.back = back


# -- the session -------------------------------------------------------------------------


def session_of(request: Request) -> Session | None:
    """The request's session (None: not signed in), read from the cookie once a request."""
    state = request.state
    if not hasattr(state, "session"):
        token = request.cookies.get(SESSION_COOKIE)
        session = accounts.session_for(store_of(request), token) if token else None
        state.session = session
        state.user = session.user if session is not None else None
    return cast(Session | None, state.session)


def user_of(request: Request) -> User | None:
    """Who is signed in (None: nobody)."""
    session = session_of(request)
    return session.user if session is not None else None


def require_user(request: Request, back: str | None = None) -> User:
    """The signed-in user, else :class:`SignInRequired` (coming back to ``back``)."""
    user = user_of(request)
    if user is None:
        raise SignInRequired(back or request.url.path)
    return user


def require_editor(request: Request, back: str | None = None) -> User:
    """The signed-in editor (or admin); a viewer is refused with 403."""
    user = require_user(request, back)
    if not user.can_edit:
        raise HTTPException(403, NOT_AN_EDITOR)
    return user


# -- CSRF --------------------------------------------------------------------------------


def csrf_token(request: Request) -> str:
    """The token this request's forms carry: the session's, or the double-submit cookie's
    (a new one when the browser has none, set on the response by :class:`SiteHeaders`)."""
    session = session_of(request)
    if session is not None:
        return session.csrf_token
    state = request.state
    issued = getattr(state, "csrf_cookie", None)
    if isinstance(issued, str):
        return issued
    cookie = request.cookies.get(CSRF_COOKIE, "")
    if _TOKEN.fullmatch(cookie):
        return cookie
    state.csrf_cookie = secrets.token_urlsafe(32)
    return cast(str, state.csrf_cookie)


class _Token:
    """``csrf_token`` in a template: made only if the template prints it, so that a page
    without a form sets no cookie."""

    def __init__(self, request: Request) -> None:
        self.request = request

    def __str__(self) -> str:
        return csrf_token(self.request)


def template_context(request: Request) -> dict[str, Any]:
    """What every template gets: ``current_user`` (or None) and ``csrf_token``."""
    return {"current_user": user_of(request), "csrf_token": _Token(request)}


def _same(sent: object, expected: str | None) -> bool:
    if not isinstance(sent, str) or not expected:
        return False
    return hmac.compare_digest(sent.encode(), expected.encode())


async def guard(request: Request) -> None:
    """Every route's dependency: read the session; refuse a write without its token."""
    await run_in_threadpool(session_of, request)
    if request.method not in UNSAFE or request.url.path in NO_TOKEN:
        return
    session: Session | None = request.state.session
    if request.url.path.startswith("/api/"):
        if session is None:
            raise SignInRequired()
        if not _same(request.headers.get(CSRF_HEADER), session.csrf_token):
            raise HTTPException(403, API_TOKEN)
        return
    form = await request.form()
    expected = session.csrf_token if session is not None else request.cookies.get(CSRF_COOKIE)
    if not _same(form.get(CSRF_FIELD), expected):
        raise HTTPException(403, EXPIRED)


# -- headers -----------------------------------------------------------------------------


def _cookie(name: str, value: str, *, secure: bool, max_age: int | None = None) -> str:
    """A ``Set-Cookie`` value: HttpOnly, SameSite=Lax, Path=/."""
    response = Response()
    response.set_cookie(
        name, value, max_age=max_age, path="/", secure=secure, httponly=True, samesite="lax"
    )
    return response.headers["set-cookie"]


def security_headers(frameable: bool) -> dict[str, str]:
    """The headers every response carries; a frameable page lacks the frame ban."""
    headers = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin"}
    if not frameable:
        headers["X-Frame-Options"] = "DENY"
        headers["Content-Security-Policy"] = "frame-ancestors 'none'"
    return headers


class SiteHeaders:
    """ASGI middleware: :func:`security_headers` on every response (a header the route set
    itself is kept), and the double-submit cookie when a page made a new token."""

    def __init__(self, app: ASGIApp, frameable: Collection[str] = FRAMEABLE) -> None:
        self.app = app
        self.frameable = tuple(frameable)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        state: dict[str, Any] = scope.setdefault("state", {})
        frameable = str(scope["path"]).startswith(self.frameable)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in security_headers(frameable).items():
                    headers.setdefault(name, value)
                token = state.get("csrf_cookie")
                if isinstance(token, str):
                    secure = scope.get("scheme") == "https"
                    headers.append("set-cookie", _cookie(CSRF_COOKIE, token, secure=secure))
            await send(message)

        await self.app(scope, receive, send_with_headers)


def install(app: FastAPI) -> None:
    """Add the headers middleware and the answer to :class:`SignInRequired` to ``app``
    (``guard`` is given to ``FastAPI(dependencies=...)``, to reach every route)."""
    app.add_middleware(SiteHeaders)
    app.add_exception_handler(SignInRequired, _sign_in_required)


async def _sign_in_required(request: Request, error: Exception) -> Response:
    if request.url.path.startswith("/api/"):
        return error_json(401, "sign in first: this needs a signed-in user (POST /sign-in)")
    back = error.back if isinstance(error, SignInRequired) else "/"
    return RedirectResponse(f"/sign-in?next={quote(back)}", status_code=303)


# -- the pages ---------------------------------------------------------------------------


def safe_next(target: str | None) -> str:
    """Where to go after signing in: a path on this site, never another site."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or "\\" in target or any(ord(c) < 32 for c in target):
        return "/"
    return target


def client_of(request: Request) -> str:
    """The client's address, for the sign-in throttle's records ("" if unknown)."""
    return request.client.host if request.client is not None else ""


def _sign_in_page(
    request: Request,
    form: dict[str, str],
    status: int = 200,
    error: str | None = None,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    context = {"title": "Sign in", "form": form, "error": error}
    response = render(request, "sign_in.html", context, status)
    response.headers.update(headers or {})
    return response


@router.get("/sign-in", response_class=HTMLResponse, include_in_schema=False)
def sign_in_form(
    request: Request, next_page: Annotated[str | None, Query(alias="next")] = None
) -> Response:
    return _sign_in_page(request, {"username": "", "next": safe_next(next_page)})


@router.post("/sign-in", response_class=HTMLResponse, include_in_schema=False)
def sign_in(
    request: Request,
    username: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
    next_page: Annotated[str | None, Form(alias="next")] = None,
) -> Response:
    form = {"username": username, "next": safe_next(next_page)}
    store = store_of(request)
    try:
        user = accounts.authenticate(store, username, password, client=client_of(request))
    except accounts.SignInThrottled as throttled:
        wait = max(1, int(throttled.retry_after))
        message = (
            f"Too many wrong passwords for this name: wait {wait} seconds, then try again. "
            "Signing in is slowed down for a while after five wrong passwords."
        )
        return _sign_in_page(request, form, 429, message, {"Retry-After": str(wait)})
    except accounts.AccountError:
        return _sign_in_page(request, form, 401, f"Not signed in: {REFUSED}.")
    old = request.cookies.get(SESSION_COOKIE)
    if old:
        accounts.end_session(store, old)
    token, _ = accounts.start_session(store, user)
    response = RedirectResponse(form["next"], status_code=303)
    lifetime = int(accounts.SESSION_LIFETIME.total_seconds())
    secure = request.url.scheme == "https"
    response.headers.append(
        "set-cookie", _cookie(SESSION_COOKIE, token, secure=secure, max_age=lifetime)
    )
    return response


@router.post("/sign-out", include_in_schema=False)
def sign_out(request: Request) -> Response:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        accounts.end_session(store_of(request), token)
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax")
    return response


@router.get(
    "/api/v1/session",
    tags=["accounts"],
    responses={**ERRORS, 401: {"model": ErrorEnvelope, "description": "Not signed in"}},
)
def api_session(request: Request) -> dict[str, str]:
    """Who is signed in, and the token that writes under ``/api/`` send as the header
    ``X-CSRF-Token``; 401 when not signed in."""
    session = session_of(request)
    if session is None:
        raise SignInRequired()
    return {
        "username": session.user.username,
        "role": session.user.role,
        "csrf_token": session.csrf_token,
        "expires_at": session.expires_at.isoformat(),
    }
