"""What a request may ask of the site: the bytes it sends, and how often it may count.

Purpose: nobody can make the site slow for everyone else by sending it large bodies
or many counts. Every request body is limited in bytes before it is read (413); a
request to count (:data:`COUNTING`: the count and compare forms and
``POST /api/v1/count``) is refused while its client is over its rate (429) or the
count pool is full (503), both with ``Retry-After``, before its file is read.

Design: :class:`Limits`, an ASGI middleware, sees each request before the app reads
its body:

- bytes: a ``Content-Length`` over the limit is refused at once; a body without one,
  or that sends more than it said, is counted as it is read and refused (an
  :class:`~fastapi.HTTPException` 413 from ``receive``) when it passes the limit.
  Counting requests may send :data:`COUNT_BODY` bytes (the largest file,
  :data:`tellers.service.counting.MAX_BYTES`, and room for the form around it), every
  other request :data:`BODY`. (FastAPI's own ``max_body_size`` answers a
  ``Content-Length`` over its limit in plain text, outside the API's envelope and
  the error page; hence these few lines.)
- rate: a token bucket a client (:class:`RateLimit`): ``rate`` counts at once, then
  one every ``60 / rate`` seconds. Anonymous clients are told apart by address (behind
  a proxy on the same machine, uvicorn takes it from ``X-Forwarded-For``); a
  signed-in editor by name, with :data:`~.pool.EDITOR_RATE` times the rate: editors
  count files on election night, and a session is harder to come by than an address.
- the pool: :meth:`.pool.CountPool.admit`; the request's place (a
  :class:`~.pool.Ticket`) goes with it in ``request.state.count_ticket`` and is given
  back once it has been answered and its count has finished. Every counting request
  uses up its client's rate, also one that a full pool turns away: a client that does
  not wait as ``Retry-After`` asks soon gets 429s, which tell it to wait longer.

Refusals under ``/api/`` come in the API's error envelope, elsewhere as the error
page (which htmx puts in place of the form's result).
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass

from fastapi import HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..service.counting import MAX_BYTES
from .pool import EDITOR_RATE, Busy, CountPool

__all__ = ["BODY", "COUNTING", "COUNT_BODY", "Limits", "RateLimit"]

#: The requests that count (POST): they go through the rate limit and the pool.
COUNTING: frozenset[str] = frozenset({"/count", "/compare", "/api/v1/count"})

#: The largest body of a counting request: the largest file and 1 MB for the form.
COUNT_BODY = MAX_BYTES + 1_000_000

#: The largest body of any other request (the longest result text, percent-encoded).
BODY = 2_000_000

#: Clients remembered by a rate limit before the idle ones are forgotten.
CLIENTS = 10_000


def clock() -> float:
    """Seconds, for the rate limits (tests move it on)."""
    return time.monotonic()


@dataclass(slots=True)
class _Bucket:
    tokens: float
    at: float


class RateLimit:
    """``per_minute`` requests a client: that many at once, then one every
    ``60 / per_minute`` seconds (a token bucket). 0: no limit."""

    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self._buckets: dict[str, _Bucket] = {}
        self._lock = threading.Lock()

    def _refilled(self, key: str, now: float) -> _Bucket:
        bucket = self._buckets.get(key)
        if bucket is None:
            if len(self._buckets) >= CLIENTS:
                self._forget_idle(now)
            bucket = self._buckets[key] = _Bucket(float(self.per_minute), now)
        else:
            gained = (now - bucket.at) * self.per_minute / 60
            bucket.tokens = min(float(self.per_minute), bucket.tokens + gained)
            bucket.at = now
        return bucket

    def _forget_idle(self, now: float) -> None:
        """Forget clients whose bucket has filled up again (they lose nothing)."""
        full = 60.0
        for key in [k for k, b in self._buckets.items() if now - b.at >= full]:
            del self._buckets[key]

    def take(self, key: str) -> float:
        """Take one request from ``key``'s bucket: 0 if it may go ahead, else the seconds
        until it may."""
        if self.per_minute <= 0:
            return 0.0
        with self._lock:
            now = clock()
            bucket = self._refilled(key, now)
            if bucket.tokens >= 1:
                bucket.tokens -= 1
                return 0.0
            return (1 - bucket.tokens) * 60 / self.per_minute


def _content_length(scope: Scope) -> int | None:
    value = Headers(scope=scope).get("content-length")
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def too_large(limit: int, counting: bool) -> str:
    """What a refused body is told."""
    if counting:
        return (
            f"expected a file of at most {MAX_BYTES // 1_000_000} MB: count larger files "
            "on your own computer with `tellers count FILE` (pip install tellers)"
        )
    return f"expected a request of at most {limit:,} bytes"


def _counted(receive: Receive, limit: int, counting: bool) -> Receive:
    """``receive``, refusing (413) a body that goes past ``limit`` bytes."""
    seen = 0

    async def receive_counted() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise HTTPException(413, too_large(limit, counting))
        return message

    return receive_counted


class Limits:
    """ASGI middleware: the byte limit of every request body; the rate limit and the pool
    of every counting request (see the module's docstring)."""

    def __init__(self, app: ASGIApp, pool: CountPool, rate: int) -> None:
        self.app = app
        self.pool = pool
        self.anonymous = RateLimit(rate)
        self.editors = RateLimit(rate * EDITOR_RATE)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        counting = scope["method"] == "POST" and scope["path"] in COUNTING
        limit = COUNT_BODY if counting else BODY
        length = _content_length(scope)
        if length is not None and length > limit:
            await _refuse(scope, receive, send, 413, too_large(limit, counting))
            return
        receive = _counted(receive, limit, counting)
        if not counting:
            await self.app(scope, receive, send)
            return

        rate, key = await self._rate_of(scope, receive)
        wait = rate.take(key)
        if wait:
            seconds = max(1, math.ceil(wait))
            message = (
                f"too many counts from you: wait {seconds} second{'s' if seconds != 1 else ''}, "
                f"then try again (each client may start {rate.per_minute} counts a minute)"
            )
            await _refuse(scope, receive, send, 429, message, seconds)
            return
        try:
            ticket = self.pool.admit()
        except Busy as busy:
            await _refuse(scope, receive, send, 503, str(busy), busy.retry_after)
            return
        scope.setdefault("state", {})["count_ticket"] = ticket
        try:
            await self.app(scope, receive, send)
        finally:
            ticket.release()

    async def _rate_of(self, scope: Scope, receive: Receive) -> tuple[RateLimit, str]:
        """The rate limit of the request's client and its key: a signed-in editor's by
        name, anyone else's by address. (The session read here is kept for the route.)"""
        from .signin import session_of

        request = Request(scope, receive)
        session = await run_in_threadpool(session_of, request)
        if session is not None and session.user.can_edit:
            return self.editors, f"user:{session.user.username}"
        client = scope.get("client")
        return self.anonymous, f"address:{client[0] if client else ''}"


async def _refuse(
    scope: Scope,
    receive: Receive,
    send: Send,
    status: int,
    message: str,
    retry_after: int | None = None,
) -> None:
    """Answer ``status`` without reading the body: the API's envelope or the error page."""
    from .app import error_json, render

    headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
    request = Request(scope, receive)
    response: Response
    if scope["path"].startswith("/api/"):
        response = error_json(status, message, headers)
    else:
        titles = {413: "File too large", 429: "Too many counts", 503: "Busy counting"}
        context = {"title": titles.get(status, "Refused"), "message": message}
        response = await run_in_threadpool(render, request, "error.html", context, status)
        response.headers.update(headers)
    await response(scope, receive, send)
