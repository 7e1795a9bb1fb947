"""Which papers to pull: Rivest's samplers and the ballot manifest.

Purpose: a risk-limiting audit inspects papers chosen at random from a seed
rolled in public, so that anyone can draw the same papers again (Lindeman &
Stark, "A Gentle Introduction to Risk-Limiting Audits", 2012, §3.2).

Design: two published samplers, both driven by SHA-256 of the seed alone.

* :func:`draw` — Rivest's ``sampler.py`` (version "November 14, 2011"): draw
  ``i`` (i = 1, 2, ...) is ``int(SHA-256(seed + "," + str(i)), 16) mod N + 1``,
  papers numbered 1..N, with replacement. Without replacement a number already
  drawn is skipped and ``i`` runs on (spec 09 §9.2). Strings are UTF-8, as the
  published test vectors (Jerdonek, ``rivest-sampler-tests``) fix.
* :func:`consistent_sample` — Rivest's consistent sampling (arXiv:1808.10016,
  2018; the ``consistent_sampler`` package, which Arlo uses): each id gets a
  ticket number ``0.ddd...`` from SHA-256 of the seed's hash and the id; ids
  come out in increasing ticket order; with replacement a drawn id gets a
  later ticket from SHA-256 of its last ticket and a counter. Tickets are
  decimal strings and compare as strings, exactly as the package does.

A :class:`Manifest` (a CSV of batches and how many papers each holds, as Arlo
takes it) maps paper ``k`` of 1..N to the batch whose running total first
reaches ``k`` and the position inside it.
"""

from __future__ import annotations

import csv
import hashlib
import heapq
import io
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path

from ..errors import InputError


def _sha256_int(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest(), "big")


def draw(seed: str, papers: int, *, unique: bool = False, start: int = 1) -> Iterator[int]:
    """Papers 1..``papers`` in the order Rivest's ``sampler.py`` draws them, endlessly.

    With ``unique`` a paper already drawn is skipped (sampling without
    replacement) and the stream ends when every paper has been drawn.
    ``start`` is the counter of the first draw (1 in the reference program).
    """
    if papers < 1:
        raise ValueError("a sample is drawn from at least one paper")
    seen: set[int] = set()
    counter = start
    while True:
        pick = _sha256_int(f"{seed},{counter}") % papers + 1
        counter += 1
        if unique:
            if pick in seen:
                continue
            seen.add(pick)
            yield pick
            if len(seen) == papers:
                return
        else:
            yield pick


def _uniform(text: str) -> str:
    """SHA-256 of ``text`` as a decimal fraction ``0.ddd...``: the 64-or-more-digit
    decimal of the hash, reversed (its low-order digits are the unbiased ones)."""
    digits = f"{_sha256_int(text):064d}"
    return "0." + digits[::-1]


def _next_ticket(ticket: str) -> str:
    """A later ticket for an id drawn with replacement: the leading 9s of ``ticket``
    kept, then hash digits, the counter rising until the result is larger."""
    padded = ticket + "0"
    keep = next(i for i in range(2, len(padded)) if padded[i] < "9")
    counter = 0
    later = "0."
    while later <= padded:
        counter += 1
        later = padded[:keep] + _uniform(f"{ticket}:{counter}")[2:]
    return later


@dataclass(frozen=True, slots=True, order=True)
class Ticket:
    """One draw of consistent sampling: its ticket number, the id, and how many
    times the id has now been drawn."""

    number: str
    id: str
    generation: int


def consistent_sample(
    ids: Iterable[str], seed: str, *, with_replacement: bool = True
) -> Iterator[Ticket]:
    """Ids in order of increasing ticket number (Rivest 2018), endlessly with replacement.

    The first ticket of ``id`` is ``0.`` + the reversed decimal of
    SHA-256(SHA-256-hex(seed) + id); ids must be distinct.
    """
    seed_hash = hashlib.sha256(seed.encode("utf-8")).hexdigest()
    heap: list[Ticket] = []
    seen: set[str] = set()
    for item in ids:
        if item in seen:
            raise ValueError(f"ids must be distinct: {item!r} appears twice")
        seen.add(item)
        heap.append(Ticket(_uniform(seed_hash + item), item, 1))
    heapq.heapify(heap)
    while heap:
        ticket = heapq.heappop(heap)
        yield ticket
        if with_replacement:
            heapq.heappush(
                heap, Ticket(_next_ticket(ticket.number), ticket.id, ticket.generation + 1)
            )


#: The samplers by name, as the command line offers them: Rivest's ``sampler.py`` of
#: 2011 (SHA-256 of the seed and a counter) and consistent sampling by ticket numbers
#: (Rivest 2018, the ``consistent_sampler`` package), first the default.
SAMPLERS = ("rivest-2011", "consistent")

#: What each sampler does, in words an observer can check against.
SAMPLER_TITLES = {
    "rivest-2011": 'Rivest\'s sampler.py (2011): paper i = SHA-256("SEED,i") mod N + 1',
    "consistent": "consistent sampling (Rivest 2018): papers 1..N in order of their "
    "SHA-256 ticket numbers",
}


def stream(
    seed: str, papers: int, *, unique: bool = False, sampler: str = "rivest-2011"
) -> Iterator[int]:
    """Papers 1..``papers`` in the order the named sampler draws them, endlessly with
    replacement (``unique``: each paper once, then the stream ends)."""
    if sampler == "rivest-2011":
        return draw(seed, papers, unique=unique)
    if sampler == "consistent":
        if papers < 1:
            raise ValueError("a sample is drawn from at least one paper")
        ids = (str(k) for k in range(1, papers + 1))
        return (int(t.id) for t in consistent_sample(ids, seed, with_replacement=not unique))
    raise InputError("--sampler", None, f"expected one of {', '.join(SAMPLERS)}, found {sampler!r}")


def sample(
    seed: str, papers: int, count: int, *, unique: bool = False, sampler: str = "rivest-2011"
) -> list[int]:
    """The first ``count`` papers drawn from 1..``papers`` by the named sampler.

    ``consistent`` draws the ids ``"1"``..``str(papers)`` by consistent sampling.
    """
    if count < 0:
        raise ValueError("a sample has 0 or more papers")
    if unique and count > papers:
        raise InputError(
            "--count", None, f"expected at most {papers} papers without repeats, not {count}"
        )
    drawn = stream(seed, papers, unique=unique, sampler=sampler)
    return [next(drawn) for _ in range(count)]


@dataclass(frozen=True, slots=True)
class Batch:
    """A batch (or box, or container) of papers in the manifest."""

    name: str
    papers: int


@dataclass(frozen=True, slots=True)
class Manifest:
    """The ballot manifest: batches in order, and where paper ``k`` of 1..N lies."""

    batches: tuple[Batch, ...]

    def __post_init__(self) -> None:
        names = [b.name for b in self.batches]
        if len(set(names)) != len(names):
            raise ValueError("two batches share a name")

    @property
    def papers(self) -> int:
        return sum(b.papers for b in self.batches)

    def locate(self, paper: int) -> tuple[Batch, int]:
        """The batch holding paper ``paper`` (1..N) and its position in it (1-based)."""
        ends = list(accumulate(b.papers for b in self.batches))
        if not 1 <= paper <= (ends[-1] if ends else 0):
            raise ValueError(f"paper {paper} is not in the manifest (1..{self.papers})")
        index = bisect_left(ends, paper)
        before = ends[index - 1] if index else 0
        return self.batches[index], paper - before

    def number(self, batch: str, position: int) -> int:
        """The paper number (1..N) of position ``position`` in batch ``batch``."""
        before = 0
        for b in self.batches:
            if b.name == batch:
                if not 1 <= position <= b.papers:
                    raise ValueError(f"batch {batch} holds papers 1..{b.papers}, not {position}")
                return before + position
            before += b.papers
        raise KeyError(batch)


#: Column headings that name a batch (Arlo's manifests, and plain words).
_BATCH_COLUMNS = ("batch name", "batch", "box", "container name")
_OPTIONAL_COLUMNS = ("container", "tabulator")
_PAPERS_COLUMNS = ("number of ballots", "ballots", "papers", "number of papers")


def read_manifest(path: str | Path, text: str | None = None) -> Manifest:
    """A manifest from CSV: a batch column and a count column, one batch a row.

    Arlo's headings (``Container``, ``Tabulator``, ``Batch Name``, ``Number of
    Ballots``) are read; a container and tabulator, where given, are part of
    the batch's name (``container / tabulator / batch``).
    """
    source = str(path)
    if text is None:
        try:
            text = Path(path).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise InputError(source, None, f"expected a readable CSV manifest ({error})") from None
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise InputError(source, 1, "expected a heading row: Batch Name,Number of Ballots")
    heading = [h.strip().casefold() for h in rows[0]]

    def column(names: Sequence[str]) -> int | None:
        return next((heading.index(n) for n in names if n in heading), None)

    batch_col = column(_BATCH_COLUMNS)
    papers_col = column(_PAPERS_COLUMNS)
    if batch_col is None or papers_col is None:
        raise InputError(
            source, 1, f"expected columns Batch Name and Number of Ballots, found {rows[0]}"
        )
    extra = [heading.index(n) for n in _OPTIONAL_COLUMNS if n in heading]
    batches: list[Batch] = []
    seen: set[str] = set()
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < len(heading):
            raise InputError(source, line, f"expected {len(heading)} columns, found {len(row)}")
        name = " / ".join(row[i].strip() for i in (*extra, batch_col))
        if not row[batch_col].strip():
            raise InputError(source, line, "expected a batch name")
        count_text = row[papers_col].strip().replace(",", "")
        if not count_text.isdigit():
            raise InputError(
                source,
                line,
                f"expected the number of ballots (a whole number), found {row[papers_col]!r}",
            )
        if name in seen:
            raise InputError(source, line, f"expected each batch once, found {name!r} again")
        seen.add(name)
        batches.append(Batch(name, int(count_text)))
    if not batches or not sum(b.papers for b in batches):
        raise InputError(source, None, "expected at least one batch holding papers")
    return Manifest(tuple(batches))


@dataclass(frozen=True, slots=True)
class Draw:
    """One draw of a sample: its number in draw order, the paper (1..N), where the
    paper lies if there is a manifest, and whether it was drawn before."""

    number: int
    paper: int
    batch: str | None = None
    position: int | None = None
    repeat: bool = False


def draws(
    seed: str,
    count: int,
    *,
    papers: int | None = None,
    manifest: Manifest | None = None,
    unique: bool = False,
    sampler: str = "rivest-2011",
) -> list[Draw]:
    """The first ``count`` draws from ``papers`` papers or from the manifest's, each
    located in its batch when a manifest is given."""
    if papers is None:
        if manifest is None:
            raise ValueError("draws from a number of papers or a manifest")
        papers = manifest.papers
    elif manifest is not None and papers != manifest.papers:
        raise InputError(
            "--ballots", None, f"expected the manifest's {manifest.papers:,} papers, not {papers:,}"
        )
    if papers < 1:
        raise InputError("--ballots", None, f"expected 1 or more papers, not {papers}")
    numbers = sample(seed, papers, count, unique=unique, sampler=sampler)
    ends = list(accumulate(b.papers for b in manifest.batches)) if manifest else []
    seen: set[int] = set()
    found = []
    for i, paper in enumerate(numbers, start=1):
        batch, position = None, None
        if manifest is not None:
            index = bisect_left(ends, paper)
            batch = manifest.batches[index].name
            position = paper - (ends[index - 1] if index else 0)
        found.append(Draw(i, paper, batch, position, paper in seen))
        seen.add(paper)
    return found
