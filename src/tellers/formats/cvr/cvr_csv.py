"""Cast vote records in CSV, one paper a row, a column a choice (format ``cvr-csv``).

The layout of the CVR exports Maine's Secretary of State publishes, and of
many others once the vendor's workbook is saved as CSV::

    source_file,cast_vote_record,precinct,ballot_style,choice1,choice2,...,choice5
    Book1.xlsx,1,Fayette,Style 130,"REP Poliquin, Bruce",undervote,undervote,...

A header row names the columns; the choice columns are those named
``choice1``, ``choice2``, ... (also ``rank1``..., ``choice_1``, ``Choice 1``,
``1st choice``; case and spaces do not matter), read in the order of their
numbers; every other column is read past. A cell names the candidate marked
at that choice, or says ``undervote`` (or is empty): no mark at that choice,
or ``overvote``: a mark the file reports only as an overvote (see
:data:`~tellers.core.records.OVERVOTE`). A candidate's name may end with the
vote-count suffix some exports add (``Bond, Tiffany L. (5931)``), which is
dropped. The candidates are the names in the cells, in the order they first
appear.

A file whose name ends ``.gz`` is read through gzip. The file is streamed:
rows are counted as they come (one dictionary entry a distinct row of
choices), so a file of hundreds of thousands of papers is read in about a
second and never held whole. With the ``fast`` extra (``pip install
'tellers[fast]'``, which brings pyarrow) the rows are parsed and grouped by
pyarrow instead (:mod:`.fast`), a million papers in about a second; the
result is the same. ``TELLERS_CVR_ENGINE=pure`` (or ``engine="pure"``) keeps
the standard-library reader. A file that is not UTF-8 is read whole and
decoded as :func:`tellers.formats.read` decodes text (Windows-1252, UTF-16).

``progress``, if given, is called as the file is read with the bytes read so
far and the file's size (of the compressed file, for ``.gz``), at most
:data:`REPORTS_PER_SECOND` times a second, and last with (size, size).

The result is an :class:`~tellers.core.model.Election` whose votes are
:class:`~tellers.core.records.CastVoteRecords`, to be counted under ``rctab``.
"""

from __future__ import annotations

import csv
import gzip
import io
import os
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from itertools import chain, islice
from operator import itemgetter
from pathlib import Path
from typing import IO, Any, Protocol, runtime_checkable

from ...core.model import Candidate, Contest, Election
from ...core.records import OVERVOTE, CastVoteRecords, Rank
from ...errors import InputError, TellersError
from .._common import paused_gc

#: The format name, as ``--format-in`` takes it.
FORMAT = "cvr-csv"

#: Called with (bytes read, bytes in all) as a file is read.
ProgressCallback = Callable[[int, int], None]
#: At most this many progress reports a second (and one more at the end).
REPORTS_PER_SECOND = 20
#: The environment variable that picks the engine: ``auto`` (the default), ``pure``, ``fast``.
ENGINE_VARIABLE = "TELLERS_CVR_ENGINE"
ENGINES = ("auto", "pure", "fast")

#: Rows the pure reader takes at a time: counted in one call when all are well formed.
_CHUNK = 256

_CHOICE = re.compile(
    r"\s*(?:(?:choice|rank|preference)\s*[_ ]?\s*([0-9]{1,3})|([0-9]{1,3})\s*(?:st|nd|rd|th)?"
    r"\s*(?:choice|rank|preference))\s*",
    re.IGNORECASE,
)
_SUFFIX = re.compile(r"\s*\([0-9]+\)\s*$")
_SKIPPED = frozenset({"", "undervote", "under vote", "skipped"})
_OVERVOTES = frozenset({"overvote", "over vote"})


class Reporter:
    """Passes (done, total) to ``progress`` at most :data:`REPORTS_PER_SECOND` times a
    second, never going back, and (total, total) at :meth:`finish`."""

    def __init__(self, progress: ProgressCallback | None, total: int) -> None:
        self.progress = progress
        self.total = total
        self._done = 0
        self._last = time.monotonic()

    def __call__(self, done: int) -> None:
        if self.progress is None:
            return
        now = time.monotonic()
        if now - self._last < 1 / REPORTS_PER_SECOND:
            return
        self._last = now
        done = min(max(done, self._done), self.total)
        self._done = done
        self.progress(done, self.total)

    def finish(self) -> None:
        if self.progress is not None:
            self.progress(self.total, self.total)


def choice_columns(header: Iterable[str]) -> list[int]:
    """Indices of the choice columns of ``header``, first choice first (empty if none)."""
    found: list[tuple[int, int]] = []
    for column, name in enumerate(header):
        match = _CHOICE.fullmatch(name.lstrip("\ufeff"))
        if match:
            found.append((int(match.group(1) or match.group(2)), column))
    found.sort()
    numbers = [n for n, _ in found]
    if numbers != list(range(1, len(numbers) + 1)):
        return []
    return [column for _, column in found]


def sniff(first_line: str) -> bool:
    """Whether a header line is a ``cvr-csv`` header: choice columns from ``choice1`` on."""
    try:
        header = next(csv.reader([first_line]))
    except (csv.Error, StopIteration):
        return False
    return len(choice_columns(header)) >= 1


def _gzipped(path: Path) -> bool:
    return path.suffix.lower() == ".gz"


def _open(raw: IO[bytes], gzipped: bool) -> io.TextIOWrapper:
    stream = gzip.GzipFile(fileobj=raw, mode="rb") if gzipped else raw
    return io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")


def _engine(engine: str | None) -> str:
    chosen = (engine or os.environ.get(ENGINE_VARIABLE) or "auto").strip().lower()
    if chosen not in ENGINES:
        raise TellersError(
            f"expected a CVR engine among {', '.join(ENGINES)}, not {chosen!r} "
            f"(from {'engine' if engine else ENGINE_VARIABLE})"
        )
    return chosen


def _fast_module(engine: str) -> Any:
    """The fast reader module, or None for the pure reader."""
    if engine == "pure":
        return None
    try:
        from . import fast
    except ImportError:
        if engine == "fast":
            raise TellersError(
                "the fast CVR reader needs pyarrow: pip install 'tellers[fast]' "
                f"(or set {ENGINE_VARIABLE}=auto to read without it)"
            ) from None
        return None
    return fast


def read_cvr_csv(
    path: str | Path,
    seats: int | None = None,
    *,
    progress: ProgressCallback | None = None,
    engine: str | None = None,
) -> Election:
    """Read a ``cvr-csv`` file (``.csv`` or ``.csv.gz``) into cast vote records.

    ``engine``: ``"auto"`` (pyarrow if installed), ``"pure"`` (the standard
    library) or ``"fast"`` (pyarrow, or an error if it is missing); by default
    the environment variable ``TELLERS_CVR_ENGINE``, else ``"auto"``.
    """
    path = Path(path)
    where = str(path)
    fast = _fast_module(_engine(engine))
    try:
        with open(path, "rb") as raw:
            reporter = Reporter(progress, os.fstat(raw.fileno()).st_size)
            with _open(raw, _gzipped(path)) as handle:
                rows = csv.reader(handle)
                header = next(rows, None)
                columns, width = _columns(header, where, seats)
                counts = None
                if fast is not None and header is not None:
                    counts = fast.choice_counts(path, header, columns, reporter)
                if counts is None:
                    counts = _count(rows, width, columns, where, lambda: reporter(raw.tell()))
    except FileNotFoundError:
        raise InputError(where, None, "no such file") from None
    except IsADirectoryError:
        raise InputError(where, None, "expected a file, found a directory") from None
    except UnicodeDecodeError:
        return _read_decoded(path, seats, progress)
    except (OSError, EOFError, gzip.BadGzipFile) as error:
        raise InputError(where, None, f"cannot read the file ({error})") from None
    except csv.Error as error:
        raise InputError(where, None, f"expected CSV text ({error})") from None
    reporter.finish()
    with paused_gc():  # a record a distinct row: no cycles for the collector to find
        return _election(counts, where, seats, _contest_name(path))


def _read_decoded(path: Path, seats: int | None, progress: ProgressCallback | None) -> Election:
    """A file that is not UTF-8, read whole and decoded as other text files are."""
    from .._common import decode

    where = str(path)
    try:
        data = path.read_bytes()
        size = len(data)
        if _gzipped(path):
            data = gzip.decompress(data)
    except (OSError, EOFError, gzip.BadGzipFile) as error:
        raise InputError(where, None, f"cannot read the file ({error})") from None
    election = read_cvr_csv_text(decode(data, where), where, seats)
    if progress is not None:
        progress(size, size)
    return election


def read_cvr_csv_text(text: str, source: str, seats: int | None = None) -> Election:
    """As :func:`read_cvr_csv`, from text (the signature of ``tellers.formats.READERS``)."""
    try:
        rows = csv.reader(io.StringIO(text))
        columns, width = _columns(next(rows, None), source, seats)
        counts = _count(rows, width, columns, source)
    except csv.Error as error:
        raise InputError(source, None, f"expected CSV text ({error})") from None
    return _election(counts, source, seats, _contest_name(Path(source)))


def _contest_name(path: Path) -> str:
    name = path.name
    for suffix in (".gz", ".csv"):
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
    return name or "contest"


def _columns(header: list[str] | None, where: str, seats: int | None) -> tuple[list[int], int]:
    """The choice columns of the header row, and the number of cells a row has."""
    if header is None:
        raise InputError(where, 1, "expected a header row, found an empty file")
    columns = choice_columns(header)
    if not columns:
        raise InputError(
            where, 1, "expected choice columns named choice1, choice2, ... in the header"
        )
    if seats is not None and seats < 1:
        raise InputError(where, None, f"expected at least 1 seat, found {seats}")
    return columns, len(header)


def _count(
    rows: Iterator[list[str]],
    width: int,
    columns: list[int],
    where: str,
    report: Callable[[], None] | None = None,
) -> dict[tuple[str, ...], int]:
    """How many rows hold each distinct tuple of choice cells, in order of first appearance.

    Rows are taken :data:`_CHUNK` at a time; a chunk whose rows all have the
    header's width is counted in one call, without a Python step a row.
    """
    choices = itemgetter(*columns)  # a tuple of cells; one cell alone for one column
    counts: Counter[Any] = Counter()
    line = 1  # the row number (the header is row 1) of the last row read
    while chunk := list(islice(rows, _CHUNK)):
        if set(map(len, chunk)) == {width}:
            counts.update(map(choices, chunk))
        else:
            for number, row in enumerate(chunk, start=line + 1):
                if len(row) != width:
                    if not any(cell.strip() for cell in row):
                        continue
                    raise InputError(
                        where, number, f"expected {width} cells as in the header, found {len(row)}"
                    )
                counts[choices(row)] += 1
        line += len(chunk)
        if report is not None:
            report()
    if not counts:
        raise InputError(where, line, "expected at least one paper after the header")
    if len(columns) == 1:
        return {(cell,): n for cell, n in counts.items()}
    return dict(counts)


@runtime_checkable
class _Arrays(Protocol):
    """Counted rows held as arrays (the fast reader's :class:`.fast.Choices`): the cells
    in the order they first appear, and the records made by numpy."""

    def first_cells(self) -> list[str]: ...

    def records(self, mark: Mapping[str, int]) -> CastVoteRecords: ...


def _election(
    counts: Mapping[tuple[str, ...], int], where: str, seats: int | None, name: str
) -> Election:
    """The election the counted rows hold: candidates in the order they first appear."""
    names: dict[str, int] = {}
    marks: dict[str, Rank] = {}
    # each distinct cell once, in the order the cells first appear, row by row
    cells = counts.first_cells() if isinstance(counts, _Arrays) else chain.from_iterable(counts)
    for cell in dict.fromkeys(cells):
        text = cell.strip()
        folded = text.casefold()
        if folded in _SKIPPED:
            marks[cell] = ()
        elif folded in _OVERVOTES:
            marks[cell] = (OVERVOTE,)
        else:
            text = _SUFFIX.sub("", text)
            marks[cell] = (names.setdefault(text, len(names)),)
    if not names:
        raise InputError(where, None, "expected at least one candidate named in the choices")
    contest = Contest(name, seats or 1, tuple(Candidate(n) for n in names))
    return Election(contest, _records(counts, marks), source=where, rules="rctab")


def _records(counts: Mapping[tuple[str, ...], int], marks: dict[str, Rank]) -> CastVoteRecords:
    """The rows' records, merged where they differ only after their last mark.

    Each rank holds one mark at most, so a record is written as bytes, a byte a
    rank (0 for no mark, 1 for an overvote, 2 on for the candidates), whose
    order is the records' order; trailing unmarked ranks are stripped as zero
    bytes. With more candidates than a byte holds the records are built as
    tuples and merged by :meth:`CastVoteRecords.compress`. Rows the fast reader
    holds as arrays make their records with numpy.
    """
    number = {cell: (rank[0] + 2 if rank else 0) for cell, rank in marks.items()}
    if isinstance(counts, _Arrays):
        return counts.records(number)
    if len(marks) > 250:
        return CastVoteRecords.compress(
            (tuple(map(marks.__getitem__, key)), n) for key, n in counts.items()
        )
    code = number.__getitem__
    merged: dict[bytes, int] = {}
    for key, n in counts.items():
        record = bytes(map(code, key)).rstrip(b"\0")
        merged[record] = merged.get(record, 0) + n
    keys = sorted(merged)
    rank_of = [()] + [(c - 2,) for c in range(1, 256)]
    records = tuple(tuple(map(rank_of.__getitem__, key)) for key in keys)
    return CastVoteRecords.presorted(records, tuple(map(merged.__getitem__, keys)))
