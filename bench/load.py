"""Load benchmark of the web app: readers and editors at once against ``tellers serve``.

Makes a fresh results store (a SQLite file in a temporary folder, or ``--db URL``),
stores the bundled examples of ``examples/results`` under ballots of their own, adds
editor accounts, starts ``tellers serve`` on a free port and, for ``--seconds``,
drives it with ``--readers`` anonymous readers (the home page, contest pages, the
card API, the embed) and ``--editors`` signed-in editors. Each editor, over and over,
reads the current version of one of its own ballots (the edit form), saves it with
one vote moved between its two leading candidates, and has a second editor of its
own confirm that version. Then the store is opened directly: every edit the
benchmark saw confirmed must be there, confirmed, with the figures the editor sent.
Exit status 1 on any error (5xx, connection error, unexpected status) or missing edit.
See bench/README.md ("Load: the web app under readers and editors").
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import html
import os
import platform
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import httpx
import sqlalchemy as sa

from tellers.formats import read
from tellers.results.accounts import add_user
from tellers.results.store import BallotInfo, open_store

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
EXAMPLES = ROOT / "examples" / "results"
HOST = "127.0.0.1"

#: The examples stored (file, ballot id, party defending a by-election), as in
#: examples/results/README.md and tests/results/test_example_chain.py.
RESULTS = (
    ("spitalfields-banglatown-2010-12-16.txt",
     "local.tower-hamlets.spitalfields-banglatown.by.2010-12-16", "lab"),
    ("spitalfields-banglatown-2012-04-19.txt",
     "local.tower-hamlets.spitalfields-banglatown.by.2012-04-19", "lab"),
    ("stepney-green-2015-06-11.txt", "local.tower-hamlets.stepney-green.by.2015-06-11", "thf"),
    ("worked-example-8.5-ordinary.txt", "local.example.ward-a.2014-05-22", None),
    ("worked-example-8.5-by-election.txt", "local.example.ward-a.by.2015-06-11", "con"),
)  # fmt: skip

#: Every account's password (the benchmark's store is thrown away).
PASSWORD = "load-benchmark-password"

#: What readers read, by name (``{id}``: a ballot); a page that does not answer 200 at
#: start-up is not read (the embed comes with the by-election tracker, say).
READS = (
    ("home page", "/"),
    ("contest page", "/results/{id}"),
    ("API card", "/api/v1/results/{id}"),
    ("embed", "/embed/results/{id}"),
)

#: Answers to a save or confirm that mean it was done: through the forms, a redirect to
#: the contest page (a redirect to the sign-in page is an error); through the API, 200.
FORM_DONE = (303,)
API_DONE = (200,)

#: Seconds a client keeps an idle connection for another request: less than the 5 s
#: after which uvicorn closes one (httpx's default is also 5 s), so that no request is
#: sent on a connection the server is closing, which fails with a connection reset.
KEEPALIVE = 2.0

#: The environment the server runs in (see ENV in bench/run.py).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _tellers() -> list[str]:
    """The ``tellers`` command of the Python running this script."""
    script = Path(sys.executable).parent / "tellers"
    return [str(script)] if script.exists() else [sys.executable, "-m", "tellers"]


def _load() -> str:
    """The load average: other work on the machine makes every figure slower."""
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min)"


class SetupError(Exception):
    """The benchmark cannot run: the store, the server or the accounts are not right."""


# --- the store -------------------------------------------------------------------------


@dataclass(frozen=True)
class Ballot:
    """A ballot an editor edits, as stored at the start."""

    ballot_id: str
    #: The two candidates with the most votes: each edit moves one vote from the first
    #: to the second, or back, so the totals the result states still add up and who is
    #: elected does not change.
    first: str
    second: str
    #: Every candidate's votes as stored at the start.
    figures: dict[str, int]

    def moved(self) -> dict[str, int]:
        """The figures with one vote moved from the first candidate to the second."""
        first, second = self.figures[self.first] - 1, self.figures[self.second] + 1
        return {**self.figures, self.first: first, self.second: second}


def ballot_ids(count: int) -> list[tuple[str, str, str | None]]:
    """``count`` ballots: the examples under their own ids, then copies under others."""
    chosen = []
    for k in range(count):
        name, ballot_id, defending = RESULTS[k % len(RESULTS)]
        copy = k // len(RESULTS)
        if copy:
            parts = ballot_id.split(".")
            parts[1] = "load-test"
            parts[2] = f"{parts[2]}-{copy + 1}"
            ballot_id = ".".join(parts)
        chosen.append((name, ballot_id, defending))
    return chosen


def fill(url: str, ballots: int, editors: int) -> list[Ballot]:
    """Store ``ballots`` results and the accounts: ``editor-N`` and ``checker-N``, who
    confirms editor-N's entries."""
    stored = []
    with open_store(url) as store:
        for name, ballot_id, defending in ballot_ids(ballots):
            source = f"examples/results/{name}"
            info = BallotInfo(vacated_party=defending)
            store.add_result(read(EXAMPLES / name), ballot_id, source, ballot=info)
            result = store.current_result(ballot_id)
            assert result is not None
            figures = {c.name: c.votes for c in result.figures.candidates}
            first, second = sorted(figures, key=lambda c: -figures[c])[:2]
            assert figures[first] - figures[second] > 2, f"{name}: too close to edit"
            stored.append(Ballot(ballot_id, first, second, figures))
        for n in range(1, editors + 1):
            add_user(store, f"editor-{n}", PASSWORD, "editor")
            add_user(store, f"checker-{n}", PASSWORD, "editor")
    return stored


@contextlib.contextmanager
def scratch_store(db: str | None, keep: bool) -> Iterator[tuple[str, str]]:
    """A store URL to fill, and how to describe it. By default a SQLite file in a
    temporary folder. ``db``: a SQLite file that must not exist yet (left afterwards),
    or a PostgreSQL database that must not exist yet: it is made on the URL's server
    (through its ``postgres`` database) and dropped afterwards unless ``keep``."""
    if db is None:
        with tempfile.TemporaryDirectory(prefix="tellers-load-") as folder:
            path = Path(folder) / "tellers.db"
            yield f"sqlite:///{path}", f"SQLite, a new file {path}"
        return
    url = sa.make_url(db if "://" in db else f"sqlite:///{db}")
    shown = url.render_as_string(hide_password=True)
    if url.get_backend_name() == "sqlite":
        if url.database and Path(url.database).exists():
            raise SetupError(f"{url.database} exists: the benchmark needs a new store")
        yield url.render_as_string(hide_password=False), f"SQLite, a new file {url.database}"
        return
    if url.get_backend_name() != "postgresql" or not url.database:
        raise SetupError(f"{shown}: expected a PostgreSQL database URL or a SQLite file")
    name = url.database
    if '"' in name:
        raise SetupError(f"{shown}: expected a database name without double quotes")
    server = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with server.connect() as connection:
            exists = connection.scalar(
                sa.text("select 1 from pg_database where datname = :name"), {"name": name}
            )
            if exists:
                raise SetupError(
                    f"{shown} exists: the benchmark makes its own database (and drops it "
                    "afterwards), so name one that does not exist yet"
                )
            connection.execute(sa.text(f'create database "{name}"'))
        try:
            yield url.render_as_string(hide_password=False), f"PostgreSQL, a new database {shown}"
        finally:
            if not keep:
                with server.connect() as connection:
                    connection.execute(sa.text(f'drop database "{name}" with (force)'))
    finally:
        server.dispose()


# --- the server ------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


@contextlib.contextmanager
def serving(
    url: str, log: Path, options: Sequence[str] = ()
) -> Iterator[tuple[str, subprocess.Popen[bytes], list[str]]]:
    """``tellers serve`` on a free port with ``options`` (``--workers 2``, say), stopped
    (Ctrl+C, as a user would) at the end."""
    port = free_port()
    command = [*_tellers(), "serve", "--host", HOST, "--port", str(port), "--db", url]
    command += options
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=ENV)
    try:
        yield f"http://{HOST}:{port}", process, command
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def shown_command(command: Sequence[str], url: str) -> str:
    """The server's command line, the store's password hidden."""
    shown = sa.make_url(url).render_as_string(hide_password=True)
    return " ".join(shown if part == url else part for part in command)


async def wait_until_up(
    client: httpx.AsyncClient, process: subprocess.Popen[bytes], log: Path
) -> float:
    """Seconds until the server answered its home page."""
    start = time.perf_counter()
    while time.perf_counter() - start < 60:
        if process.poll() is not None:
            raise SetupError(f"tellers serve stopped (status {process.returncode}):\n{_tail(log)}")
        with contextlib.suppress(httpx.TransportError):
            if (await client.get("/")).status_code == 200:
                return time.perf_counter() - start
        await asyncio.sleep(0.1)
    raise SetupError(f"tellers serve did not answer within 60 s:\n{_tail(log)}")


def _tail(log: Path, lines: int = 30) -> str:
    text = log.read_text(encoding="utf-8", errors="replace").splitlines()
    return "\n".join(f"    {line}" for line in text[-lines:])


# --- pages -----------------------------------------------------------------------------


class Form(HTMLParser):
    """The named inputs and textareas of a page (every form on it)."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.fields: dict[str, str] = {}
        self._textarea: str | None = None
        self._text: list[str] = []
        self.feed(page)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        name = named.get("name")
        if tag == "input" and name and name not in self.fields:
            self.fields[name] = named.get("value") or ""
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea" and self._textarea is not None:
            text = "".join(self._text)
            # as a browser does: a newline just after <textarea> is not part of the text
            self.fields.setdefault(self._textarea, text.removeprefix("\n"))
            self._textarea = None


#: A candidate's line of a result in newspaper style: name (party), votes, ``elected``.
CANDIDATE = re.compile(
    r"^(?P<head>[^:]*?[^:\s])\s+(?P<votes>\d{1,3}(?:,\d{3})+|\d+)(?P<tail>\s+elected|\s*\*)?\s*$",
    re.IGNORECASE,
)


def edited(text: str, ballot: Ballot) -> tuple[str, dict[str, int]] | str:
    """The text with one vote moved from the first candidate to the second (or back, if
    the last edit moved it), and the figures it states; or why it cannot be edited so."""
    lines = text.splitlines()
    found = {i: m for i, line in enumerate(lines) if (m := CANDIDATE.match(line))}
    votes = {i: int(m["votes"].replace(",", "")) for i, m in found.items()}
    top = sorted(votes, key=lambda i: -votes[i])[:2]
    first, second = ballot.first, ballot.second
    moved = ballot.moved()
    shown = tuple(votes[i] for i in top)
    named = len(top) == 2 and first in found[top[0]]["head"] and second in found[top[1]]["head"]
    if named and shown == (ballot.figures[first], ballot.figures[second]):
        figures = moved
    elif named and shown == (moved[first], moved[second]):
        figures = ballot.figures
    else:
        expected = f"{first} {ballot.figures[first]} and {second} {ballot.figures[second]}"
        return f"expected {expected} (or one vote moved): {text[:300]!r}"
    for i, name in zip(top, (first, second), strict=True):
        match = found[i]
        lines[i] = f"{match['head']} {figures[name]}{match['tail'] or ''}"
    return "\n".join(lines) + "\n", figures


def _written(response: httpx.Response) -> int:
    """The version a save through the API wrote (0 if the answer does not say)."""
    with contextlib.suppress(ValueError, KeyError, TypeError):
        return int(response.json()["version"])
    return 0


def _failure(error: BaseException) -> str:
    """A connection error and its causes, as one line."""
    parts: list[str] = []
    seen: BaseException | None = error
    while seen is not None and len(parts) < 4:
        parts.append(f"{type(seen).__name__}({str(seen) or '-'})")
        seen = seen.__cause__ or seen.__context__
    return " from ".join(parts)


def _message(response: httpx.Response) -> str:
    """What an answer says: the API's error message, else the page's text, shortened."""
    with contextlib.suppress(ValueError, KeyError, TypeError, AttributeError):
        return str(response.json()["error"]["message"])[:200]
    alert = re.search(r'role="alert"[^>]*>(.*?)<', response.text, re.DOTALL)
    text = alert.group(1) if alert else re.sub(r"<[^>]+>", " ", response.text)
    return " ".join(html.unescape(text).split())[:200]


# --- measuring -------------------------------------------------------------------------

KINDS = ("read", "save", "confirm")


@dataclass
class Recorder:
    """Latencies (seconds) of every answered request, by kind and by route; errors."""

    kinds: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    routes: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    conflicts: list[str] = field(default_factory=list)
    #: When the run started (``time.monotonic``), to say when an error came.
    started: float = field(default_factory=time.monotonic)

    async def request(
        self,
        kind: str,
        route: str,
        client: httpx.AsyncClient,
        method: str,
        url: str,
        expect: Sequence[int],
        **options: Any,
    ) -> httpx.Response | None:
        """The answer if its status is one of ``expect``; else None, the error recorded."""
        start = time.perf_counter()
        try:
            response = await client.request(method, url, **options)
        except httpx.HTTPError as error:
            waited = time.perf_counter() - start
            at = time.monotonic() - self.started
            self.errors[kind].append(
                f"{method} {url}: {_failure(error)}, {at:.1f} s into the run, after {waited:.2f} s"
            )
            return None
        seconds = time.perf_counter() - start
        self.kinds[kind].append(seconds)
        self.routes[route].append(seconds)
        to_sign_in = response.headers.get("location", "").startswith("/sign-in")
        if response.status_code in expect and not to_sign_in:
            return response
        problem = f"{method} {url}: {response.status_code} {_message(response)}"
        if to_sign_in:
            problem += " (sent to the sign-in page)"
        if response.status_code == 409:
            self.conflicts.append(problem)
        else:
            self.errors[kind].append(problem)
        return None


def percentile(values: Sequence[float], p: float) -> float:
    """The nearest-rank percentile (0 < p <= 100) of ``values``."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, -(-len(ordered) * p // 100))
    return ordered[int(rank) - 1]


# --- readers and editors ---------------------------------------------------------------


@dataclass(frozen=True)
class Session:
    """A signed-in editor: its own client (and so its own session cookie)."""

    username: str
    client: httpx.AsyncClient
    csrf_token: str


@dataclass(frozen=True)
class Confirmed:
    """An edit the benchmark saw confirmed, and the figures it must have."""

    ballot_id: str
    version: int
    author: str
    confirmer: str
    figures: dict[str, int]


async def sign_in(client: httpx.AsyncClient, username: str, ballot_id: str) -> Session:
    """Sign in through the form, as a browser does; the session's CSRF token is read
    from the edit form of ``ballot_id``."""
    try:
        return await _sign_in(client, username, ballot_id)
    except httpx.HTTPError as error:
        raise SetupError(f"signing in as {username}: {_failure(error)}") from None


async def _sign_in(client: httpx.AsyncClient, username: str, ballot_id: str) -> Session:
    page = await client.get("/sign-in")
    if page.status_code != 200:
        raise SetupError(f"GET /sign-in: {page.status_code} {_message(page)}")
    fields = {
        "username": username,
        "password": PASSWORD,
        "next": "/",
        "csrf_token": Form(page.text).fields.get("csrf_token", ""),
    }
    answer = await client.post("/sign-in", data=fields)
    if answer.status_code not in FORM_DONE or "tellers_session" not in client.cookies:
        raise SetupError(f"POST /sign-in as {username}: {answer.status_code} {_message(answer)}")
    form = await client.get(f"/results/{ballot_id}/edit")
    token = Form(form.text).fields.get("csrf_token") if form.status_code == 200 else None
    if not token:
        raise SetupError(
            f"GET /results/{ballot_id}/edit as {username}: {form.status_code}, "
            f"no csrf_token in the page: {_message(form)}"
        )
    return Session(username, client, token)


async def reader(
    client: httpx.AsyncClient,
    reads: Sequence[tuple[str, str]],
    ballots: Sequence[Ballot],
    deadline: float,
    rng: random.Random,
    recorder: Recorder,
) -> None:
    """Read pages back to back until the deadline."""
    while time.monotonic() < deadline:
        name, path = rng.choice(reads)
        url = path.format(id=rng.choice(ballots).ballot_id)
        await recorder.request("read", name, client, "GET", url, (200,))


@dataclass
class Editing:
    """What the editors did: every version saved (by ballot), every one confirmed."""

    saved: Counter[str] = field(default_factory=Counter)
    confirmed: list[Confirmed] = field(default_factory=list)


async def editor(
    author: Session,
    checker: Session,
    ballots: Sequence[Ballot],
    deadline: float,
    api: bool,
    recorder: Recorder,
    editing: Editing,
) -> None:
    """Read a ballot's edit form, save it changed, have ``checker`` confirm; again."""
    n = 0
    while time.monotonic() < deadline:
        ballot = ballots[n % len(ballots)]
        n += 1
        ballot_id = ballot.ballot_id
        form_url = f"/results/{ballot_id}/edit"
        page = await recorder.request("read", "edit form", author.client, "GET", form_url, (200,))
        if page is None:
            await asyncio.sleep(0.05)
            continue
        form = Form(page.text)
        change = edited(form.fields.get("text", ""), ballot)
        if isinstance(change, str) or not form.fields.get("version", "").isdigit():
            problem = change if isinstance(change, str) else "no version in the edit form"
            recorder.errors["read"].append(f"GET {form_url}: {problem}")
            await asyncio.sleep(0.05)
            continue
        text, figures = change
        base = int(form.fields["version"])
        source = f"bench/load.py: {author.username}, edit {n}"
        if api:
            saved = await recorder.request(
                "save", "save (API)", author.client, "POST", f"/api/v1/results/{ballot_id}",
                API_DONE, json={"text": text, "source": source, "version": base},
                headers={"X-CSRF-Token": author.csrf_token},
            )  # fmt: skip
        else:
            fields = {
                "text": text,
                "source": source,
                "version": str(base),
                "csrf_token": form.fields.get("csrf_token", author.csrf_token),
            }
            saved = await recorder.request(
                "save", "save (form)", author.client, "POST", form_url, FORM_DONE, data=fields
            )
        if saved is None:
            continue
        editing.saved[ballot_id] += 1
        version = _written(saved) if api else base + 1
        if api:
            confirmed = await recorder.request(
                "confirm", "confirm (API)", checker.client, "POST",
                f"/api/v1/results/{ballot_id}/confirm", API_DONE, json={"version": version},
                headers={"X-CSRF-Token": checker.csrf_token},
            )  # fmt: skip
        else:
            confirmed = await recorder.request(
                "confirm", "confirm (form)", checker.client, "POST",
                f"/results/{ballot_id}/confirm", FORM_DONE,
                data={"version": str(version), "csrf_token": checker.csrf_token},
            )  # fmt: skip
        if confirmed is not None:
            editing.confirmed.append(
                Confirmed(ballot_id, version, author.username, checker.username, figures)
            )


# --- the run ---------------------------------------------------------------------------


def cpu_seconds(pid: int) -> float | None:
    """The CPU time (user and system) a process and its live children (``serve
    --workers``) have used so far, where /proc says."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return None
    own = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return own + sum(cpu_seconds(int(child)) or 0.0 for child in children)


@dataclass
class Outcome:
    seconds: float = 0.0
    #: CPU seconds used during the run by the server and by this process (the load).
    server_cpu: float | None = None
    client_cpu: float = 0.0
    recorder: Recorder = field(default_factory=Recorder)
    editing: Editing = field(default_factory=Editing)


async def drive(
    base_url: str,
    process: subprocess.Popen[bytes],
    log: Path,
    ballots: Sequence[Ballot],
    args: argparse.Namespace,
) -> Outcome:
    outcome = Outcome()
    recorder = outcome.recorder
    timeout = httpx.Timeout(args.timeout)
    connections = max(1, args.readers)
    limits = httpx.Limits(
        max_connections=connections,
        max_keepalive_connections=connections,
        keepalive_expiry=KEEPALIVE,
    )
    async with contextlib.AsyncExitStack() as stack:
        readers = await stack.enter_async_context(
            httpx.AsyncClient(base_url=base_url, timeout=timeout, limits=limits)
        )
        up = await wait_until_up(readers, process, log)
        print(f"  server up in {up:.1f} s (pid {process.pid})", flush=True)

        # Sign the editors in (each on a client of its own: its own session cookie),
        # then try the reads, then start at once.
        start = time.perf_counter()
        one = httpx.Limits(
            max_connections=2, max_keepalive_connections=2, keepalive_expiry=KEEPALIVE
        )

        async def signed_in(username: str, ballot: Ballot) -> Session:
            client = await stack.enter_async_context(
                httpx.AsyncClient(base_url=base_url, timeout=timeout, limits=one)
            )
            return await sign_in(client, username, ballot.ballot_id)

        editors = await asyncio.gather(
            *(signed_in(f"editor-{n + 1}", ballots[n]) for n in range(args.editors))
        )
        checkers = await asyncio.gather(
            *(signed_in(f"checker-{n + 1}", ballots[n]) for n in range(args.editors))
        )
        print(
            f"  signed in {2 * args.editors} editors in {time.perf_counter() - start:.1f} s",
            flush=True,
        )
        reads, notes = await probe_reads(readers, ballots[0].ballot_id, recorder)
        for note in notes:
            print(f"  note: {note}", flush=True)
        if not reads:
            raise SetupError("no page answers: nothing to read")
        print(f"  readers read: {', '.join(f'{n} {p}' for n, p in reads)}", flush=True)

        via = "the JSON API" if args.api else "the forms"
        print(
            f"  driving for {args.seconds:g} s: {args.readers} readers, {args.editors} editors "
            f"(saving and confirming through {via}) ...",
            flush=True,
        )
        rng = random.Random(args.seed)
        start = recorder.started = time.monotonic()
        deadline = start + args.seconds
        server_cpu, client_cpu = cpu_seconds(process.pid), time.process_time()
        tasks = [
            reader(readers, reads, ballots, deadline, random.Random(rng.random()), recorder)
            for _ in range(args.readers)
        ]
        for n, (author, checker) in enumerate(zip(editors, checkers, strict=True)):
            mine = ballots[n :: args.editors]
            tasks.append(
                editor(author, checker, mine, deadline, args.api, recorder, outcome.editing)
            )
        await asyncio.gather(*tasks)
        outcome.seconds = time.monotonic() - start
        outcome.client_cpu = time.process_time() - client_cpu
        server_cpu_now = cpu_seconds(process.pid)
        if server_cpu is not None and server_cpu_now is not None:
            outcome.server_cpu = server_cpu_now - server_cpu
    return outcome


async def probe_reads(
    client: httpx.AsyncClient, ballot_id: str, recorder: Recorder
) -> tuple[list[tuple[str, str]], list[str]]:
    """The reads that answer 200 at start-up, as (name, path), and a note on each other
    (a 5xx or a failed connection is also an error)."""
    notes = []
    reads: list[tuple[str, str]] = []
    for name, path in READS:
        url = path.format(id=ballot_id)
        try:
            answer = await client.get(url)
        except httpx.HTTPError as error:
            problem = f"GET {url} at start-up: {_failure(error)}"
            recorder.errors["read"].append(problem)
            notes.append(f"{name} {path} skipped: {problem}")
            continue
        if answer.status_code == 200:
            reads.append((name, path))
            continue
        notes.append(f"{name} {path} skipped: it answers {answer.status_code} at start-up")
        if answer.status_code >= 500:
            recorder.errors["read"].append(
                f"GET {url} at start-up: {answer.status_code} {_message(answer)}"
            )
    return reads, notes


def check_store(url: str, editing: Editing, ballots: Sequence[Ballot]) -> tuple[int, list[str]]:
    """How many confirmed edits are in the store as confirmed versions with the figures
    sent; what is wrong with the others. Also compares the versions stored with the
    saves seen."""
    problems = []
    found = 0
    with open_store(url) as store:
        versions = {
            b.ballot_id: {r.version: r for r in store.history(b.ballot_id)} for b in ballots
        }
    for edit in editing.confirmed:
        result = versions[edit.ballot_id].get(edit.version)
        where = f"{edit.ballot_id} version {edit.version}"
        if result is None:
            problems.append(f"{where}: not in the database")
            continue
        figures = {c.name: c.votes for c in result.figures.candidates}
        if result.confirmed_by != edit.confirmer:
            problems.append(f"{where}: confirmed by {result.confirmed_by!r}, not {edit.confirmer}")
        elif result.author != edit.author:
            problems.append(f"{where}: entered by {result.author!r}, not {edit.author}")
        elif figures != edit.figures:
            problems.append(f"{where}: figures {figures}, expected {edit.figures}")
        else:
            found += 1
    stored = sum(len(v) - 1 for v in versions.values())
    seen = sum(editing.saved.values())
    print(f"versions saved in the database: {stored:,} (saves answered as done: {seen:,})")
    return found, problems


def report(outcome: Outcome) -> None:
    recorder, seconds = outcome.recorder, outcome.seconds

    def row(label: str, times: Sequence[float]) -> str:
        if not times:
            return f"{label:<26} {0:>9}  {'-':>7}  {'-':>7}  {'-':>7}  {'-':>7}"
        return (
            f"{label:<26} {len(times):>9,}  {len(times) / seconds:>7.1f}  "
            f"{percentile(times, 50) * 1000:>7.1f}  {percentile(times, 95) * 1000:>7.1f}  "
            f"{percentile(times, 99) * 1000:>7.1f}"
        )

    server = "-" if outcome.server_cpu is None else f"{outcome.server_cpu:.1f}"
    print(
        f"ran {seconds:.1f} s; CPU seconds used meanwhile: server {server}, "
        f"this load generator {outcome.client_cpu:.1f} (of {seconds * (os.cpu_count() or 1):.0f} "
        "on the machine)"
    )
    header = f"{'requests':>9}  {'req/s':>7}  {'p50 ms':>7}  {'p95 ms':>7}  {'p99 ms':>7}"
    print(f"{'kind':<26} {header}  errors")
    every: list[float] = []
    for kind in KINDS:
        times = recorder.kinds.get(kind, [])
        every += times
        print(f"{row(kind, times)}  {len(recorder.errors.get(kind, [])):>6}")
    errors = sum(len(e) for e in recorder.errors.values())
    print(f"{row('all', every)}  {errors:>6}")
    print(f"{'route':<26} {header}")
    for route, times in sorted(recorder.routes.items()):
        print(row(route, times))
    print(
        f"conflicts (409): {len(recorder.conflicts)} "
        "(none expected: every editor edits ballots of its own)"
    )
    for problem in recorder.conflicts[:3]:
        print(f"  e.g. {problem}")
    print(f"errors: {errors}")
    for kind, problems in recorder.errors.items():
        if problems:
            print(f"  {kind}: {len(problems)}, e.g.")
            for problem in problems[:3]:
                print(f"    {problem}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--seconds", type=float, default=60, help="how long to drive the app (default 60)"
    )
    parser.add_argument("--readers", type=int, default=50, help="concurrent readers (default 50)")
    parser.add_argument("--editors", type=int, default=5, help="concurrent editors (default 5)")
    parser.add_argument(
        "--ballots-per-editor", type=int, default=2, help="ballots each editor edits (default 2)"
    )
    parser.add_argument(
        "--db",
        metavar="URL",
        help="the store: a PostgreSQL URL naming a database that does not exist yet (it is "
        "made, and dropped afterwards) or a new SQLite file; default: a SQLite file in a "
        "temporary folder",
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the PostgreSQL database afterwards"
    )
    parser.add_argument(
        "--api", action="store_true", help="save and confirm through the JSON API, not forms"
    )
    parser.add_argument(
        "--timeout", type=float, default=30, help="seconds per request (default 30)"
    )
    parser.add_argument("--seed", type=int, default=2026, help="seed of the readers' choices")
    parser.add_argument(
        "--workers", type=int, default=1, help="server processes: tellers serve --workers"
    )
    args = parser.parse_args(argv)
    if args.readers < 0 or args.editors < 1 or args.ballots_per_editor < 1:
        parser.error("expected --readers >= 0, --editors >= 1, --ballots-per-editor >= 1")

    print(
        f"tellers load benchmark, {date.today()}, {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {_load()}",
        flush=True,
    )
    try:
        with (
            scratch_store(args.db, args.keep) as (url, described),
            tempfile.TemporaryDirectory(prefix="tellers-load-") as folder,
        ):
            start = time.perf_counter()
            ballots = fill(url, args.editors * args.ballots_per_editor, args.editors)
            print(
                f"  store: {described}: {len(ballots)} ballots from examples/results, "
                f"{args.editors} editors and {args.editors} confirming editors "
                f"(filled in {time.perf_counter() - start:.1f} s)",
                flush=True,
            )
            log = Path(folder) / "server.log"
            options = ["--workers", str(args.workers)]
            with serving(url, log, options) as (base_url, process, command):
                print(f"  server: {shown_command(command, url)}", flush=True)
                try:
                    outcome = asyncio.run(drive(base_url, process, log, ballots, args))
                except SetupError as error:
                    raise SetupError(f"{error}\nthe server's log ends:\n{_tail(log)}") from None
            report(outcome)
            errors = sum(len(e) for e in outcome.recorder.errors.values())
            errors += len(outcome.recorder.conflicts)
            if errors:
                print(f"the server's log ends:\n{_tail(log)}")
            found, problems = check_store(url, outcome.editing, ballots)
            total = len(outcome.editing.confirmed)
            print(f"confirmed edits in the database: {found:,} of {total:,}")
            for problem in problems[:5]:
                print(f"  {problem}")
    except SetupError as error:
        print(f"cannot run: {error}", flush=True)
        return 1
    print(f"finished, {_load()}", flush=True)
    return 1 if errors or found != total else 0


if __name__ == "__main__":
    sys.exit(main())
