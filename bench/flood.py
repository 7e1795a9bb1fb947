"""Flood benchmark of the web app: many large counts at once while a result page is read.

Generates a file of rankings of about 12 MB (``tellers.sim``, the seed printed), makes a
fresh results store holding one counted result, starts ``tellers serve`` and reads that
result's page alone for a few seconds (the baseline). Then, in two waves, it sends
``--posts`` (16) anonymous ``POST /api/v1/count`` of the file at once while readers
read the result page back to back:

1. from as many clients, each its own address (in ``X-Forwarded-For``, which uvicorn
   believes from 127.0.0.1, as from a proxy on the same machine): the count pool's bound;
2. from one client: its rate limit.

For each wave it prints the answers by status (with their ``Retry-After``), how long the
counts took, and the result page's latency meanwhile (p50, p95, max). Exit status 1 on
an answer that is neither a count nor a refusal (429, 503), or a failed read.
See bench/README.md ("Flood: counts at once while pages are read").
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import httpx
from load import (
    EXAMPLES,
    SetupError,
    _failure,
    _load,
    _message,
    _tail,
    cpu_seconds,
    percentile,
    scratch_store,
    serving,
    shown_command,
    wait_until_up,
)

#: The result the readers read: the generated Scottish ward, counted under scot-2011.
WARD = EXAMPLES.parent / "generated-ward.blt"
BALLOT = "local.example.generated-ward.2017-05-04"
PAGE = f"/results/{BALLOT}"

#: A multipart body's boundary (the file is digits, spaces and names: it cannot hold it).
BOUNDARY = "tellers-flood-benchmark-boundary"


def make_file(papers: int, seed: int) -> tuple[bytes, str]:
    """A BLT file of ``papers`` papers drawn at random over 12 candidates (the impartial
    model: almost every paper a ranking of its own, so the file is as large as it can be
    for its papers), and how it was made."""
    from tellers.sim import generate, to_blt

    election = generate(12, papers, seats=3, seed=seed, model="impartial")
    return to_blt(election).encode(), str(election.source)


def multipart(data: bytes, rules: str) -> bytes:
    """The body of ``POST /api/v1/count``: the file and the rule set (made once)."""
    head = (
        f"--{BOUNDARY}\r\n"
        'Content-Disposition: form-data; name="rules"\r\n\r\n'
        f"{rules}\r\n"
        f"--{BOUNDARY}\r\n"
        'Content-Disposition: form-data; name="file"; filename="flood.blt"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()
    return head + data + f"\r\n--{BOUNDARY}--\r\n".encode()


def fill(url: str) -> None:
    """Store the ward's count under :data:`BALLOT`."""
    from tellers.formats import read
    from tellers.report.json import to_dict
    from tellers.results.store import open_store
    from tellers.rules import count

    ward = read(WARD)
    with open_store(url) as store:
        document = to_dict(ward, count(ward, "scot-2011"))
        store.add_result(document, BALLOT, "examples/generated-ward.blt")


@dataclass
class Answer:
    status: int | None  # None: no answer (the error says why)
    seconds: float
    retry_after: str | None = None
    error: str | None = None


@dataclass
class Reads:
    """The readers' latencies (seconds) and failures."""

    times: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def summary(self, seconds: float) -> str:
        if not self.times:
            return f"no reads in {seconds:.1f} s"
        ms = [t * 1000 for t in self.times]
        return (
            f"{len(ms):,} reads in {seconds:.1f} s ({len(ms) / seconds:.1f}/s): "
            f"p50 {percentile(ms, 50):.0f} ms, p95 {percentile(ms, 95):.0f} ms, "
            f"max {max(ms):.0f} ms" + (f"; {len(self.errors)} failed" if self.errors else "")
        )


async def read_until(client: httpx.AsyncClient, stop: asyncio.Event, reads: Reads) -> None:
    """Read the result page back to back until ``stop``."""
    while not stop.is_set():
        start = time.perf_counter()
        try:
            response = await client.get(PAGE)
        except httpx.HTTPError as error:
            reads.errors.append(f"GET {PAGE}: {_failure(error)}")
            await asyncio.sleep(0.05)
            continue
        reads.times.append(time.perf_counter() - start)
        if response.status_code != 200:
            reads.errors.append(f"GET {PAGE}: {response.status_code} {_message(response)}")


async def post(client: httpx.AsyncClient, body: bytes, address: str | None) -> Answer:
    headers = {"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"}
    if address is not None:
        headers["X-Forwarded-For"] = address
    start = time.perf_counter()
    try:
        response = await client.post("/api/v1/count", content=body, headers=headers)
    except httpx.HTTPError as error:
        return Answer(None, time.perf_counter() - start, error=_failure(error))
    seconds = time.perf_counter() - start
    answer = Answer(response.status_code, seconds, response.headers.get("retry-after"))
    if response.status_code == 200 and "stages" not in response.text[:2000]:
        answer.error = f"200 without a count: {response.text[:200]!r}"
    elif response.status_code not in (200, 429, 503):
        answer.error = f"{response.status_code} {_message(response)}"
    return answer


async def baseline(base_url: str, readers: int, seconds: float) -> tuple[Reads, float]:
    """The result page read alone for ``seconds``."""
    reads = Reads()
    stop = asyncio.Event()
    async with httpx.AsyncClient(base_url=base_url, timeout=60) as client:
        tasks = [asyncio.create_task(read_until(client, stop, reads)) for _ in range(readers)]
        start = time.perf_counter()
        await asyncio.sleep(seconds)
        stop.set()
        await asyncio.gather(*tasks)
    return reads, time.perf_counter() - start


async def wave(
    base_url: str, body: bytes, posts: int, one_client: bool, readers: int
) -> tuple[list[Answer], Reads, float]:
    """``posts`` counts at once (from one address, or each from its own) while the
    result page is read; until every count is answered."""
    reads = Reads()
    stop = asyncio.Event()
    limits = httpx.Limits(max_connections=posts + readers, max_keepalive_connections=0)
    async with httpx.AsyncClient(base_url=base_url, timeout=600, limits=limits) as client:
        reading = [asyncio.create_task(read_until(client, stop, reads)) for _ in range(readers)]
        await asyncio.sleep(1)  # the readers are under way
        start = time.perf_counter()
        addresses = [None if one_client else f"198.51.100.{n + 1}" for n in range(posts)]
        answers = await asyncio.gather(*(post(client, body, a) for a in addresses))
        seconds = time.perf_counter() - start
        stop.set()
        await asyncio.gather(*reading)
    return list(answers), reads, seconds


def _range(values: Sequence[float], unit: str = "s") -> str:
    low, high = min(values), max(values)
    return f"{low:.1f} {unit}" if f"{low:.1f}" == f"{high:.1f}" else f"{low:.1f}-{high:.1f} {unit}"


def describe(answers: Sequence[Answer]) -> list[str]:
    lines = []
    by_status = Counter(a.status for a in answers)
    for status in sorted(by_status, key=lambda s: (s is None, s or 0)):
        these = [a for a in answers if a.status == status]
        took = _range([a.seconds for a in these])
        if status == 200:
            lines.append(f"{len(these):>3} x 200: counted, answered in {took}")
        elif status is None:
            lines.append(f"{len(these):>3} x no answer, after {took}: e.g. {these[0].error}")
        else:
            waits = sorted({a.retry_after or "-" for a in these}, key=lambda w: (len(w), w))
            lines.append(
                f"{len(these):>3} x {status}: refused in {took}, Retry-After {', '.join(waits)} s"
            )
    return lines


async def drive(
    base_url: str,
    process: subprocess.Popen[bytes],
    log: Path,
    body: bytes,
    args: argparse.Namespace,
) -> int:
    async with httpx.AsyncClient(base_url=base_url, timeout=60) as client:
        up = await wait_until_up(client, process, log)
        # One small count first (from an address of its own), as a server that has
        # counted before: what the waves measure is the flood, not the first start.
        start = time.perf_counter()
        warm = await client.post(
            "/api/v1/count",
            data={"text": "A (X) 2\nB (Y) 1\n"},
            headers={"X-Forwarded-For": "192.0.2.1"},
        )
    print(
        f"  server up in {up:.1f} s; a first small count: {warm.status_code} in "
        f"{time.perf_counter() - start:.1f} s",
        flush=True,
    )
    reads, seconds = await baseline(base_url, args.readers, args.alone)
    print(f"  result page {PAGE}, alone: {reads.summary(seconds)}", flush=True)
    problems = len(reads.errors)
    waves = [("from as many clients, each its own address", False)]
    waves.append(("from one client", True))
    pid = process.pid
    for number, (how, one_client) in enumerate(waves, 1):
        await asyncio.sleep(args.pause)
        print(
            f"wave {number}: {args.posts} POST /api/v1/count of the file at once, {how}",
            flush=True,
        )
        cpu = cpu_seconds(pid)
        answers, reads, seconds = await wave(base_url, body, args.posts, one_client, args.readers)
        used = cpu_seconds(pid)
        for line in describe(answers):
            print(f"  {line}", flush=True)
        print(f"  result page meanwhile: {reads.summary(seconds)}", flush=True)
        if cpu is not None and used is not None:
            print(f"  server CPU seconds (with its count processes): {used - cpu:.1f}")
        bad = [a.error for a in answers if a.error] + reads.errors
        for problem in bad[:3]:
            print(f"  error: {problem}")
        problems += len(bad)
    return problems


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=int, default=16, help="counts sent at once (16)")
    parser.add_argument(
        "--papers", type=int, default=400_000, help="papers in the file (400,000: about 12 MB)"
    )
    parser.add_argument("--seed", type=int, default=2026, help="seed of the file (2026)")
    parser.add_argument("--rules", default="scot-2011", help="rule set to count under")
    parser.add_argument("--readers", type=int, default=1, help="readers of the result page (1)")
    parser.add_argument(
        "--alone", type=float, default=5, help="seconds the page is read alone first (5)"
    )
    parser.add_argument("--pause", type=float, default=5, help="seconds between the waves (5)")
    parser.add_argument("--db", metavar="URL", help="the store, as for bench/load.py")
    parser.add_argument(
        "serve_options",
        nargs="*",
        metavar="-- SERVE OPTION",
        help="options for tellers serve, after --: -- --count-workers 2 --workers 2",
    )
    args = parser.parse_args(argv)
    print(
        f"tellers flood benchmark, {date.today()}, {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {_load()}",
        flush=True,
    )
    start = time.perf_counter()
    data, source = make_file(args.papers, args.seed)
    body = multipart(data, args.rules)
    print(
        f"  file: {len(data) / 1e6:.1f} MB BLT, {source} (made in "
        f"{time.perf_counter() - start:.1f} s), counted under {args.rules}",
        flush=True,
    )
    try:
        with (
            scratch_store(args.db, keep=False) as (url, described),
            tempfile.TemporaryDirectory(prefix="tellers-flood-") as folder,
        ):
            fill(url)
            print(f"  store: {described}: the count of {WARD.name}", flush=True)
            log = Path(folder) / "server.log"
            with serving(url, log, args.serve_options) as (base_url, process, command):
                print(f"  server: {shown_command(command, url)}", flush=True)
                problems = asyncio.run(drive(base_url, process, log, body, args))
            if problems:
                print(f"the server's log ends:\n{_tail(log)}")
    except SetupError as error:
        print(f"cannot run: {error}", flush=True)
        return 1
    print(f"finished, {_load()}", flush=True)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
