"""How much a request may ask of the site: its bytes, its place in the count pool, the
counts a minute of its client, and the processor time of its count.

Each limit is made small here (a pool of one worker and no queue, a rate of two counts a
minute, a body of a few kilobytes, a count of one processor second) and its refusal is
checked: the status, ``Retry-After``, a message that says what to do, and that the file
was not read.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest

from tellers.web import create_app, limits, views
from tellers.web.limits import COUNTING, Limits, RateLimit
from tellers.web.pool import EDITOR_RATE, Busy, CountLimits, CountPool, CountTooLong

from .conftest import EDITOR_ONE, TestClient, assert_envelope, sign_in, with_token

TEXT = "Ann Jones (Labour) 10\nBob Smith (Green) 5\n"


def post_count(client: TestClient, path: str, **headers: str) -> Any:
    """Count :data:`TEXT` through ``path`` (with the form's token on the pages)."""
    data = {"text": TEXT} if path.startswith("/api/") else with_token(client, text=TEXT)
    return client.post(path, data=data, headers=headers)


def retry_after(response: Any) -> int:
    wait = int(response.headers["retry-after"])
    assert wait >= 1
    return wait


# -- work done in the pool's processes (module-level, so that they pickle) -------------------


def spin(seconds: float) -> float:
    """Use ``seconds`` of processor time."""
    start = time.process_time()
    while time.process_time() - start < seconds:
        pass
    return seconds


def nap(seconds: float) -> float:
    time.sleep(seconds)
    return seconds


async def through(pool: CountPool, work: Any, *args: Any) -> Any:
    """``work(*args)`` in ``pool``, as a request does: admitted, run, its place given back."""
    ticket = pool.admit()
    try:
        return await pool.run(ticket, work, *args)
    finally:
        ticket.release()


def spin_document(request: views.CountRequest) -> dict[str, Any]:
    """A count that takes far longer than the test's limit."""
    spin(30)
    return {}


# -- the pool ------------------------------------------------------------------------------


def test_the_pool_admits_its_workers_and_its_queue_and_no_more() -> None:
    pool = CountPool(CountLimits(workers=2, queue=1, rate=0))
    tickets = [pool.admit() for _ in range(3)]
    with pytest.raises(Busy) as busy:
        pool.admit()
    assert busy.value.retry_after >= 1
    assert "busy counting other files" in str(busy.value)
    tickets[0].release()
    tickets.append(pool.admit())
    assert pool.in_flight == 3


@pytest.mark.parametrize("path", sorted(COUNTING))
def test_a_full_pool_refuses_every_count_with_503(store_url: str, path: str) -> None:
    """The pages and the API count through one bound."""
    app = create_app(store_url, CountLimits(workers=1, queue=0, rate=0))
    with TestClient(app) as client:
        held = app.state.count_pool.admit()  # the only place, taken
        response = post_count(client, path)
        assert response.status_code == 503
        retry_after(response)
        if path.startswith("/api/"):
            assert "busy counting other files" in assert_envelope(response, 503)
        else:
            assert "Busy counting" in response.text
            assert "busy counting other files: try again in" in response.text
        held.release()
        assert post_count(client, path).status_code == 200
        assert app.state.count_pool.in_flight == 0


def test_a_place_is_held_until_its_count_has_finished() -> None:
    """A client that goes away does not free a worker that is still counting."""

    async def run() -> None:
        pool = CountPool(CountLimits(workers=1, queue=0, rate=0))
        try:
            ticket = pool.admit()
            work = asyncio.ensure_future(pool.run(ticket, nap, 1.0))
            await asyncio.sleep(0.3)
            ticket.release()  # the request is over
            assert pool.in_flight == 1  # the count is not
            with pytest.raises(Busy):
                pool.admit()
            assert await work == 1.0
            assert pool.in_flight == 0
        finally:
            pool.close()

    asyncio.run(run())


# -- processor time ------------------------------------------------------------------------


def test_a_count_over_its_processor_time_stops_with_a_clear_error() -> None:
    async def run() -> None:
        pool = CountPool(CountLimits(workers=1, queue=0, rate=0, seconds=1))
        try:
            start = time.monotonic()
            with pytest.raises(CountTooLong) as stopped:
                await through(pool, spin, 30.0)
            assert time.monotonic() - start < 15  # stopped, not run to the end
            message = str(stopped.value)
            assert "more than 1 second of the server's processor time" in message
            assert "`tellers count FILE`" in message
            # the worker counts on afterwards, with its full time again
            assert await through(pool, spin, 0.5) == 0.5
        finally:
            pool.close()

    asyncio.run(run())


def test_the_api_answers_a_count_that_takes_too_long_with_the_error(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(views, "count_document", spin_document)
    with TestClient(create_app(store_url, CountLimits(1, 0, rate=0, seconds=1))) as client:
        message = assert_envelope(post_count(client, "/api/v1/count"), 400)
    assert message.startswith("counting this needs more than 1 second")


# -- the rate a client ---------------------------------------------------------------------


class Clock:
    """The rate limits' clock, moved on by hand."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.now = 1000.0
        monkeypatch.setattr(limits, "clock", lambda: self.now)


def test_a_client_over_its_rate_gets_429_and_when_to_come_back(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = Clock(monkeypatch)
    app = create_app(store_url, CountLimits(workers=1, queue=4, rate=2))
    with (
        TestClient(app, client=("203.0.113.7", 5000)) as client,
        TestClient(app, client=("203.0.113.8", 5000)) as other,
    ):
        for _ in range(2):
            assert post_count(client, "/api/v1/count").status_code == 200
        refused = post_count(client, "/api/v1/count")
        assert retry_after(refused) == 30  # two a minute: one every 30 s
        message = assert_envelope(refused, 429)
        assert message.startswith("too many counts from you: wait 30 seconds")
        page = post_count(client, "/count")  # the pages share the client's rate
        assert page.status_code == 429 and "Too many counts" in page.text
        assert post_count(other, "/api/v1/count").status_code == 200  # not its limit
        clock.now += 29
        assert retry_after(post_count(client, "/api/v1/count")) == 1
        clock.now += 1
        assert post_count(client, "/api/v1/count").status_code == 200
        assert post_count(client, "/api/v1/count").status_code == 429


def test_a_count_refused_by_a_full_pool_uses_up_the_rate_too(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A client that asks again at once, not as Retry-After says, is soon told to wait."""
    Clock(monkeypatch)
    app = create_app(store_url, CountLimits(workers=1, queue=0, rate=2))
    with TestClient(app) as client:
        held = app.state.count_pool.admit()
        assert post_count(client, "/api/v1/count").status_code == 503
        held.release()
        assert post_count(client, "/api/v1/count").status_code == 200
        assert post_count(client, "/api/v1/count").status_code == 429


def test_signed_in_editors_may_count_more(entry_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    Clock(monkeypatch)
    app = create_app(entry_url, CountLimits(workers=1, queue=4, rate=1))
    with TestClient(app) as editor, TestClient(app) as anonymous:
        assert sign_in(editor, EDITOR_ONE).status_code == 303
        for _ in range(EDITOR_RATE):
            assert post_count(editor, "/api/v1/count").status_code == 200
        refused = post_count(editor, "/api/v1/count")
        assert refused.status_code == 429
        assert f"each client may start {EDITOR_RATE} counts a minute" in refused.text
        assert post_count(anonymous, "/api/v1/count").status_code == 200
        assert post_count(anonymous, "/api/v1/count").status_code == 429


def test_the_rate_limit_forgets_idle_clients(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = Clock(monkeypatch)
    monkeypatch.setattr(limits, "CLIENTS", 3)
    rate = RateLimit(6)
    for n in range(3):
        assert rate.take(f"client {n}") == 0
    clock.now += 60  # their buckets are full again
    assert rate.take("client 3") == 0
    assert set(rate._buckets) == {"client 3"}


# -- bytes ---------------------------------------------------------------------------------


class Body:
    """A request body sent in chunks; how many of them the app asked for."""

    def __init__(self, chunks: int, size: int) -> None:
        self.chunks = [b"x" * size for _ in range(chunks)]
        self.read = 0

    async def receive(self) -> dict[str, Any]:
        chunk = self.chunks[self.read]
        self.read += 1
        return {"type": "http.request", "body": chunk, "more_body": self.read < len(self.chunks)}


def call(middleware: Limits, path: str, length: int | None, body: Body) -> dict[str, Any]:
    """Send a POST through ``middleware``; its answer's status, headers and body."""
    headers = [(b"content-type", b"application/octet-stream")]
    if length is not None:
        headers.append((b"content-length", str(length).encode()))
    scope = {
        "type": "http",
        "method": "POST",
        "path": path,
        "headers": headers,
        "query_string": b"",
        "client": ("203.0.113.9", 5000),
        "state": {},
    }
    answer: dict[str, Any] = {"body": b""}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            answer["status"] = message["status"]
        else:
            answer["body"] += message.get("body", b"")

    asyncio.run(middleware(scope, body.receive, send))
    return answer


async def reads_everything(scope: Any, receive: Any, send: Any) -> None:
    """An app that reads the whole body, then answers 200."""
    while (await receive()).get("more_body"):
        pass
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"read"})


def test_a_body_longer_than_the_limit_is_refused_before_it_is_read() -> None:
    called = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        called.append(scope["path"])

    middleware = Limits(app, CountPool(CountLimits(1, 0, rate=0)), rate=0)
    body = Body(chunks=3, size=1000)
    answer = call(middleware, "/api/v1/count", limits.COUNT_BODY + 1, body)
    assert answer["status"] == 413
    assert b"`tellers count FILE`" in answer["body"]
    assert body.read == 0 and called == []  # neither the body nor the app was touched
    answer = call(middleware, "/api/v1/results/x", limits.BODY + 1, Body(3, 1000))
    assert answer["status"] == 413
    assert f"at most {limits.BODY:,} bytes".encode() in answer["body"]


def test_every_form_has_a_limit_too(anonymous: TestClient) -> None:
    data = with_token(anonymous, username="x" * (limits.BODY + 1), password="y")
    response = anonymous.post("/sign-in", data=data)
    assert response.status_code == 413
    assert f"expected a request of at most {limits.BODY:,} bytes" in response.text


def test_a_body_that_lies_about_its_length_is_stopped_at_the_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from starlette.exceptions import HTTPException

    monkeypatch.setattr(limits, "BODY", 2500)
    middleware = Limits(reads_everything, CountPool(CountLimits(1, 0, rate=0)), rate=0)
    for length in (100, None):  # says 100 bytes, or says nothing (chunked)
        body = Body(chunks=10, size=1000)
        with pytest.raises(HTTPException) as refused:
            call(middleware, "/results/x/edit", length, body)
        assert refused.value.status_code == 413
        assert body.read == 3  # the third chunk passed the limit: no more was read
    assert call(middleware, "/results/x/edit", None, Body(2, 1000))["status"] == 200


def test_the_app_answers_a_lying_upload_with_413(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "COUNT_BODY", 10_000)
    with TestClient(create_app(store_url, CountLimits(1, 0, rate=0))) as client:
        upload = "Ann (Labour) 10\n" * 2000  # 32,000 bytes
        headers = {"content-length": "500"}  # it says 500
        response = client.post("/api/v1/count", files={"file": ("a.txt", upload)}, headers=headers)
        assert "`tellers count FILE`" in assert_envelope(response, 413)
        page = client.post(
            "/count",
            data=with_token(client),
            files={"file": ("a.txt", upload)},
            headers={"content-length": "500"},
        )
        assert page.status_code == 413 and "count larger files" in page.text
        assert app_in_flight(client) == 0


def app_in_flight(client: TestClient) -> int:
    pool: CountPool = client.app.state.count_pool  # type: ignore[attr-defined]
    return pool.in_flight


def test_an_honest_upload_over_the_limit_gets_the_envelope(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "COUNT_BODY", 10_000)
    with TestClient(create_app(store_url, CountLimits(1, 0, rate=0))) as client:
        response = client.post("/api/v1/count", files={"file": ("a.txt", "x" * 20_000)})
        assert "`tellers count FILE`" in assert_envelope(response, 413)


def test_limits_come_from_the_environment_that_tellers_serve_sets() -> None:
    environment = {
        "TELLERS_COUNT_WORKERS": "3",
        "TELLERS_COUNT_RATE": "0",
        "TELLERS_COUNT_SECONDS": "5",
    }
    assert CountLimits.from_env(environment) == CountLimits(3, 6, rate=0, seconds=5)
    assert CountLimits.from_env(CountLimits(2, 0, 7, 9).to_env()) == CountLimits(2, 0, 7, 9)
    with pytest.raises(ValueError, match="TELLERS_COUNT_QUEUE: expected a whole number"):
        CountLimits.from_env({"TELLERS_COUNT_QUEUE": "many"})
