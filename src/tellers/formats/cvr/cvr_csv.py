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
second and never held whole. The result is an
:class:`~tellers.core.model.Election` whose votes are
:class:`~tellers.core.records.CastVoteRecords`, to be counted under ``rctab``.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from ...core.model import Candidate, Contest, Election
from ...core.records import OVERVOTE, CastVoteRecords, Rank
from ...errors import InputError

#: The format name, as ``--format-in`` takes it.
FORMAT = "cvr-csv"

_CHOICE = re.compile(
    r"\s*(?:(?:choice|rank|preference)\s*[_ ]?\s*([0-9]{1,3})|([0-9]{1,3})\s*(?:st|nd|rd|th)?"
    r"\s*(?:choice|rank|preference))\s*",
    re.IGNORECASE,
)
_SUFFIX = re.compile(r"\s*\([0-9]+\)\s*$")
_SKIPPED = frozenset({"", "undervote", "under vote", "skipped"})
_OVERVOTES = frozenset({"overvote", "over vote"})


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


def _open(path: Path) -> IO[str]:
    if path.suffix.lower() == ".gz":
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8-sig", newline="")
    return open(path, encoding="utf-8-sig", newline="")


def read_cvr_csv(path: str | Path, seats: int | None = None) -> Election:
    """Read a ``cvr-csv`` file (``.csv`` or ``.csv.gz``) into cast vote records."""
    path = Path(path)
    where = str(path)
    try:
        with _open(path) as handle:
            return _read(csv.reader(handle), where, seats, _contest_name(path))
    except FileNotFoundError:
        raise InputError(where, None, "no such file") from None
    except (OSError, EOFError, gzip.BadGzipFile) as error:
        raise InputError(where, None, f"cannot read the file ({error})") from None
    except (csv.Error, UnicodeDecodeError) as error:
        raise InputError(where, None, f"expected CSV text ({error})") from None


def read_cvr_csv_text(text: str, source: str, seats: int | None = None) -> Election:
    """As :func:`read_cvr_csv`, from text (the signature of ``tellers.formats.READERS``)."""
    try:
        return _read(csv.reader(io.StringIO(text)), source, seats, _contest_name(Path(source)))
    except csv.Error as error:
        raise InputError(source, None, f"expected CSV text ({error})") from None


def _contest_name(path: Path) -> str:
    name = path.name
    for suffix in (".gz", ".csv"):
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
    return name or "contest"


def _read(rows: Iterator[list[str]], where: str, seats: int | None, name: str) -> Election:
    header = next(rows, None)
    if header is None:
        raise InputError(where, 1, "expected a header row, found an empty file")
    columns = choice_columns(header)
    if not columns:
        raise InputError(
            where, 1, "expected choice columns named choice1, choice2, ... in the header"
        )
    if seats is not None and seats < 1:
        raise InputError(where, None, f"expected at least 1 seat, found {seats}")
    first, last = columns[0], columns[-1]
    contiguous = columns == list(range(first, last + 1))
    width = len(header)
    counts: dict[tuple[str, ...], int] = {}
    line = 1
    for line, row in enumerate(rows, start=2):
        if len(row) != width:
            if not any(cell.strip() for cell in row):
                continue
            raise InputError(
                where, line, f"expected {width} cells as in the header, found {len(row)}"
            )
        key = tuple(row[first : last + 1]) if contiguous else tuple(row[c] for c in columns)
        counts[key] = counts.get(key, 0) + 1
    if not counts:
        raise InputError(where, line, "expected at least one paper after the header")
    names: dict[str, int] = {}
    marks: dict[str, Rank] = {}

    def mark(cell: str) -> Rank:
        found = marks.get(cell)
        if found is not None:
            return found
        text = cell.strip()
        folded = text.casefold()
        if folded in _SKIPPED:
            rank: Rank = ()
        elif folded in _OVERVOTES:
            rank = (OVERVOTE,)
        else:
            text = _SUFFIX.sub("", text)
            rank = (names.setdefault(text, len(names)),)
        marks[cell] = rank
        return rank

    records = CastVoteRecords.compress(
        (tuple(mark(cell) for cell in key), n) for key, n in counts.items()
    )
    if not names:
        raise InputError(where, None, "expected at least one candidate named in the choices")
    contest = Contest(name, seats or 1, tuple(Candidate(n) for n in names))
    return Election(contest, records, source=where, rules="rctab")
