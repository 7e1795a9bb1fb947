"""Readers: a file in, an :class:`~tellers.core.model.Election` out.

::

    from tellers.formats import read
    election = read("ward.blt")                    # picked by extension and content
    election = read("-", format_in="declared")     # standard input, format named
    election = read("london.csv", seats=1)         # seats where the file does not say

Formats (``--format-in``), their modules, and the rule set each names by default::

    blt        blt.py               BLT ballot files (OpenSTV, ERS)       scot-2011
    preflib    preflib.py           PrefLib .soi / .toi                   av or scot-2011
    csv        rankings_csv.py      rankings, one paper (or group) a row  av or scot-2011
    sv-table   preference_table.py  London Elects first x second table    sv
    declared   declared.py          "Name (Party) 1030", one a line       uk-fptp
    json       contest_json.py      tellers.contest/1                     as stated, else as above
    ie-codes   ie_codes.py          Irish 2002 e-voting codes a line      ie-dail
    ie-json    ie_json.py           Irish 2002 e-voting JSON (Meath)      ie-dail
    cvr-csv    cvr/cvr_csv.py       cast vote records, choice columns     rctab
    preflib-cvr cvr/preflib_records.py  PrefLib orders, ties as overvotes rctab
    cdf, dominion, ess, clear-ballot, hart                                rctab
               cvr/published.py     vendors' cast vote records, read without an RCTab
                                    configuration (a file, or a folder for Dominion, Hart)

(``av or scot-2011``: the alternative vote for one seat, Scottish STV for more.)
The reader is chosen by :func:`detect_format` (see :mod:`.detect`) unless named.
``contest`` names the contest to read from a vendor's records that hold several.

Every fault is an :class:`~tellers.errors.InputError` whose message reads
``source:line: expected ...``. Ranked readers apply the UK statutes' reading of
a paper: a ranking stops before an equal (tied) preference; a paper whose first
preference is tied is rejected under ``first_preference_for_more_than_one_candidate``
and a paper with no preference under ``unmarked_or_void_for_uncertainty``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from importlib import import_module
from typing import TYPE_CHECKING, Any

from ..core.model import Election
from ..errors import InputError
from ._common import check_text, decode
from .detect import FORMATS, PUBLISHED, detect_format, published_format

if TYPE_CHECKING:
    from pathlib import Path

    from .blt import read_blt
    from .contest_json import read_contest_json, write_contest_json
    from .declared import read_declared
    from .ie_codes import read_ie_codes
    from .ie_json import read_ie_json
    from .preference_table import read_preference_table
    from .preflib import read_preflib
    from .rankings_csv import read_rankings_csv

Reader = Callable[[str, str, int | None], Election]

#: Each format's reader, as (module, function); a module is imported when first used, so
#: reading a BLT file loads none of the other readers.
_HOMES = {
    "blt": ("blt", "read_blt"),
    "preflib": ("preflib", "read_preflib"),
    "csv": ("rankings_csv", "read_rankings_csv"),
    "sv-table": ("preference_table", "read_preference_table"),
    "party-list": ("party_list", "read_party_list"),
    "declared": ("declared", "read_declared"),
    "json": ("contest_json", "read_contest_json"),
    "cvr-csv": ("cvr", "read_cvr_csv_text"),
    "preflib-cvr": ("cvr", "read_preflib_records"),
    "ie-codes": ("ie_codes", "read_ie_codes"),
    "ie-json": ("ie_json", "read_ie_json"),
}
_PUBLIC = {function: module for module, function in _HOMES.values()}
_PUBLIC["write_contest_json"] = "contest_json"


def _lazy(module: str, function: str) -> Reader:
    def reader(text: str, source: str, seats: int | None) -> Election:
        found: Reader = getattr(import_module(f"{__name__}.{module}"), function)
        return found(text, source, seats)

    reader.__name__ = function
    return reader


def _from_a_file(name: str) -> Reader:
    def reader(text: str, source: str, seats: int | None) -> Election:
        raise InputError(
            source,
            None,
            f"expected a file or folder: {name} cast vote records are read from where they "
            "are stored (tellers count PATH), not from text",
        )

    return reader


READERS: dict[str, Reader] = {name: _lazy(*home) for name, home in _HOMES.items()}
READERS.update({name: _from_a_file(name) for name in FORMATS if name not in _HOMES})


def __getattr__(name: str) -> Any:
    """The readers' own functions (``read_blt``...), imported on first use."""
    if name in _PUBLIC:
        return getattr(import_module(f"{__name__}.{_PUBLIC[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "FORMATS",
    "READERS",
    "detect_format",
    "prepare",
    "read",
    "read_blt",
    "read_contest_json",
    "read_declared",
    "read_ie_codes",
    "read_ie_json",
    "read_preference_table",
    "read_preflib",
    "read_rankings_csv",
    "read_text",
    "write_contest_json",
]


def read(
    path: str | Path,
    format_in: str | None = None,
    *,
    seats: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    contest: str | None = None,
) -> Election:
    """Read an election from the file at ``path`` (``"-"``: standard input).

    ``format_in`` names the reader (one of :data:`FORMATS`); without it the
    extension and the content decide. ``seats``, if given, is the number of
    seats, whatever the file says. ``progress``, if given, is called with
    (bytes read, bytes in all): as a ``cvr-csv`` file streams (the compressed
    bytes of a ``.gz``), at most a few dozen times a second; once at the end
    for the formats read whole. ``contest`` (a name or an id) picks the contest
    from vendors' cast vote records that hold several.
    """
    source = str(path)
    if seats is not None and seats < 1:
        raise InputError(source, None, f"expected at least 1 seat, found {seats}")
    if source != "-" and format_in in (None, *PUBLISHED):
        kind = format_in or published_format(source)
        if kind is not None:
            from .cvr.published import read_published

            return read_published(source, kind, seats, contest)
    if contest is not None:
        raise InputError(
            source,
            None,
            "expected no --contest: it picks a contest from vendors' cast vote records",
        )
    if source != "-" and _streams(source, format_in):
        from .cvr import read_cvr_csv

        return read_cvr_csv(path, seats, progress=progress)
    if source != "-" and _blt(source, format_in):
        from .blt import read_blt_file

        election = read_blt_file(path, seats, progress=progress, merge_from=FAST_BLT_BYTES)
        if election is not None:
            return election
    if source == "-":
        data = sys.stdin.buffer.read()
        source = "<stdin>"
    else:
        try:
            with open(path, "rb") as handle:
                data = handle.read()
        except FileNotFoundError:
            raise InputError(source, None, "no such file") from None
        except IsADirectoryError:
            raise InputError(source, None, "expected a file, found a directory") from None
        except OSError as error:
            raise InputError(source, None, f"cannot read the file: {error.strerror}") from None
    election = _parse(decode(data, source), source, format_in, seats)
    if progress is not None:
        progress(len(data), len(data))
    return election


#: BLT files of this many bytes or more have their identical lines merged by pyarrow as
#: they are read; smaller ones are parsed whole by numpy, for starting pyarrow costs more
#: than it saves on them (a Scottish ward's file is 5 to 50 KB).
FAST_BLT_BYTES = 1 << 20


def prepare(paths: Sequence[str], format_in: str | None = None) -> None:
    """Ready the readers for ``paths``, read one after another: with several BLT files
    numpy is started once, for it parses each small one three times as fast as Python
    (for a lone small file starting it costs more than it saves, and it is not started;
    see :func:`.blt.read_blt_file`)."""
    if sum(1 for path in paths if _blt(path, format_in)) > 1:
        import numpy  # noqa: F401


def _blt(source: str, format_in: str | None) -> bool:
    """Whether the file is a BLT file, named so or by its extension: the fast readers try
    it first (:func:`.blt.read_blt_file`)."""
    if format_in is None:
        format_in = "blt" if os.path.splitext(source)[1].lower() == ".blt" else None
    return format_in == "blt" and os.path.isfile(source)


def _streams(source: str, format_in: str | None) -> bool:
    """Whether the file is a ``cvr-csv`` file, streamed rather than read whole: named so,
    or a ``.gz``, or a ``.csv`` whose first 64 KB look like one."""
    if format_in not in (None, "cvr-csv"):
        return False
    suffix = os.path.splitext(source)[1].lower()
    if suffix == ".gz" or format_in == "cvr-csv":
        return True
    if suffix != ".csv":
        return False
    try:
        with open(source, "rb") as handle:
            head = handle.read(1 << 16)
        return detect_format(decode(head, source), source) == "cvr-csv"
    except (OSError, InputError):
        return False  # read whole, to give the error it gives


def read_text(
    text: str,
    source: str = "<stdin>",
    format_in: str | None = None,
    *,
    seats: int | None = None,
) -> Election:
    """Read an election from ``text`` (say, pasted into a form); ``source`` names it in
    messages and picks the reader by its extension, as :func:`read` does."""
    if text.startswith("\ufeff"):
        text = text[1:]
    return _parse(check_text(text, source), source, format_in, seats)


def _parse(text: str, source: str, format_in: str | None, seats: int | None) -> Election:
    if seats is not None and seats < 1:
        raise InputError(source, None, f"expected at least 1 seat, found {seats}")
    if format_in is None:
        format_in = detect_format(text, source)
    reader = READERS.get(format_in)
    if reader is None:
        raise InputError(
            source,
            None,
            f"expected a format among {', '.join(FORMATS)}, found {format_in!r}",
        )
    return reader(text, source, seats)
