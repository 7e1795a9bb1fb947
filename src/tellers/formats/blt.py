"""BLT ballot files, as OpenSTV, OpaVote and the Scottish council data use them.

Layout::

    5 2                     candidates, seats
    -3                      optional: withdrawn candidates, as negative numbers
    12 1 0                  a weight (how many papers), the candidates by number in
    88 1 3 2 0              order of preference, and 0 to end the line
    (p17) 1 2 4 0           an id in brackets before the weight is allowed and ignored
    3 1 2=4 5 0             '=' joins candidates given the same preference
    0                       end of the ballots
    Cand A (Party A)        one name a line, quoted or not; a final "(Party)" is the party
    "Cand B" "Party B"
    "Lab ""Cand C"" "       a party label, then the quoted name (the Scottish 2012 files)
    ...
    Wardy McWard Town       the title (the ward); optional, else the file name

``#`` starts a comment (a whole line, or the rest of a ballot line). Blank lines
are ignored, and so are the commas some exports put after every item. Names may
also be given as PrefLib comment lines ``# ALTERNATIVE NAME 3: Cand C``.

Papers as the UK statutes treat them (Scottish Local Government Elections Order
2011 Sch. 1 rules 44 and 47; spec 04 §4.3): an equal preference breaks the
sequence, so the ranking stops before it; a paper whose first preference is
shared is rejected (head ``first_preference_for_more_than_one_candidate``) and a
paper with no preference at all is rejected as unmarked. A ranking that names a
candidate twice is a fault in the file, not a voter's choice, and is an error.

Speed: identical ballot lines are merged before they are parsed, so each
distinct line is split and checked once however many papers repeat it (a
file of a million papers one a line holds a fifth as many distinct lines, or
fewer). Well-formed sections take a fast path (a split and a table look-up per
distinct line, checked in bulk); any line the fast path cannot take sends the
section through the careful reader, which reads the lines in order, each
distinct one once, finds the first fault and names its line. A file on disk is
first offered to :func:`read_blt_file`, which with pyarrow (the ``fast``
extra) streams it in pieces through :mod:`.blt_fast` and leaves anything not
plain to the rest of this module.
"""

from __future__ import annotations

import codecs
import os
import re
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from importlib import import_module
from io import BufferedReader
from itertools import repeat
from operator import mul
from pathlib import Path
from typing import Any

from ..core.model import Ballots, Candidate, Election, Ranking
from ..errors import InputError, TellersError
from ._common import (
    FIRST_PREFERENCE_TIED,
    UNMARKED,
    add_rejected,
    ballots_and_blanks,
    ballots_from_columns,
    candidate_from_label,
    contest_name,
    decode,
    distinct_names,
    make_contest,
    paused_gc,
    split_lines,
    unquote,
)

#: The rule set a BLT file is counted under unless another is chosen.
RULES = "scot-2011"

#: Party labels that some files write before the quoted name, ``"Lab ""Yvonne ALLAN"""``
#: (39 files of the Scottish 2012 set use the first eight). Abbreviations only, which no
#: one is called: a label is read as the party only in that quoted form.
PARTY_LABELS = frozenset(
    label.casefold()
    for label in (
        *("Con", "Grn", "Ind", "LD", "Lab", "NF", "SNP", "UKIP"),
        *("BNP", "DUP", "LibDem", "Libtn", "PC", "SC", "SDLP", "SLP", "SSP", "SU", "TUSC", "TUV"),
    )
)
_UNCLOSED = re.compile(r"([^()]*?\S)\s*\(([^()]*[^()\s_])_?\s*")
_ALTERNATIVE = re.compile(r"#\s*ALTERNATIVE NAME\s+([0-9]{1,9})\s*:\s*(.*)", re.IGNORECASE)
_INTEGER = re.compile(r"[+-]?[0-9]{1,15}")

Paper = tuple[Ranking, int]


def read_blt(text: str, source: str, seats: int | None = None) -> Election:
    """Read a BLT file; ``seats``, if given, replaces the number in the header."""
    lines = split_lines(text)
    candidates, header_seats, at = _header(lines, source)
    commas = "," in lines[at]  # an export that ends every item with a comma
    seats = header_seats if seats is None else seats
    _check_seats(seats, candidates, source, at + 1)
    withdrawn, at = _withdrawn(lines, at + 1, candidates, source)
    rejected: dict[str, int] = {}
    with paused_gc():
        fast = _fast_ballots(lines, at, candidates)
        if fast is not None:
            rankings, weights, end = fast
            ballots = ballots_from_columns(rankings, weights, rejected)
        else:
            papers, end = _careful_ballots(lines, at, candidates, source, rejected)
            ballots = ballots_and_blanks(papers, rejected)
    names, title = _names(lines, end, candidates, source, commas)
    contest = make_contest(source, None, contest_name(source, title), seats, names, withdrawn)
    return Election(contest, ballots, rejected=rejected, source=source, rules=RULES)


def read_blt_file(
    path: str | Path,
    seats: int | None = None,
    *,
    progress: Callable[[int, int], None] | None = None,
    engine: str | None = None,
    merge_from: int = 0,
) -> Election | None:
    """Read the BLT file at ``path`` with a fast reader, or None to leave it to
    :func:`read_blt` (``tellers.formats.read`` then reads it so, and gives any error).

    The file streams through in pieces of :data:`PIECE` bytes; ``progress`` is given
    (bytes read, bytes in all) after each piece. A file of ``merge_from`` bytes or
    more has its identical ballot lines merged by pyarrow as they come (so memory
    grows with the distinct lines, not the papers), and numpy parses each distinct
    line once; a smaller one (a ward's) is parsed whole by numpy, without starting
    pyarrow, if numpy is loaded already (else the pure reader is quicker than starting
    it). The rankings stay arrays (:class:`~tellers.core.rankings.RankingArrays`).
    The fast readers need numpy, and pyarrow for merging (the ``fast`` extra), and
    take only plain files: header, withdrawn line and comments before the ballots in
    ASCII, ballot lines ``weight c1 c2 ... 0`` with single spaces, at most 999
    candidates, line ends ``\n`` or ``\r\n``. Anything else is None, and so is any
    fault: the pure reader names it with its line. ``engine``: ``"auto"`` (the fast
    readers if installed, as above), ``"pure"`` (None at once) or ``"fast"`` (an error without
    them); by default the environment variable ``TELLERS_BLT_ENGINE``.
    """
    source = str(path)
    try:
        size = os.path.getsize(path)
    except OSError:
        size = 0  # opened below, to fail there
    section = _section_kind(engine, size < merge_from)
    if section is None or (seats is not None and seats < 1):
        return None
    try:
        with open(path, "rb") as handle, paused_gc():
            size = os.fstat(handle.fileno()).st_size
            election = _read_plain(handle, size, source, seats, section, progress)
    except (OSError, InputError):
        return None
    if election is not None and progress is not None:
        progress(size, size)
    return election


#: Bytes of the file the fast reader takes at a time.
PIECE = 16 << 20
#: The environment variable that picks the BLT engine: ``auto`` (the default), ``pure``,
#: ``fast``.
ENGINE_VARIABLE = "TELLERS_BLT_ENGINE"
ENGINES = ("auto", "pure", "fast")
#: Ballot sections longer than this have their identical lines merged before parsing.
_MERGE_LINES = 4096
#: Lines at the top of a file read for the header and the withdrawn line: a few, then
#: more if comments or blank lines fill the few.
_FEW_LINES = 8
_TOP_LINES = 300


def _section_kind(engine: str | None, small: bool) -> Any:
    """What reads the ballot section: :class:`.blt_arrays.Section` for a ``small``
    file, :class:`.blt_fast.Section` for another, or None for the pure reader."""
    chosen = (engine or os.environ.get(ENGINE_VARIABLE) or "auto").strip().lower()
    if chosen not in ENGINES:
        raise TellersError(
            f"expected a BLT engine among {', '.join(ENGINES)}, not {chosen!r} "
            f"(from {'engine' if engine else ENGINE_VARIABLE})"
        )
    if chosen == "pure":
        return None
    if chosen == "auto" and small and "numpy" not in sys.modules:
        # starting numpy takes a tenth of a second, reading a ward's file in Python a
        # thousandth: a lone small file is read so (several start numpy first, see
        # tellers.formats.prepare)
        return None
    try:
        reader = import_module(f"{__package__}.{'blt_arrays' if small else 'blt_fast'}")
    except ImportError:
        if chosen == "fast":
            raise TellersError(
                "the fast BLT reader needs pyarrow: pip install 'tellers[fast]' "
                f"(or set {ENGINE_VARIABLE}=auto to read without it)"
            ) from None
        return None
    return reader.Section


def _read_plain(
    handle: BufferedReader,
    size: int,
    source: str,
    seats: int | None,
    section_kind: Any,
    progress: Callable[[int, int], None] | None,
) -> Election | None:
    """The fast reader proper (see :func:`read_blt_file`); raises InputError or gives
    None where the pure reader must read the file."""
    head = handle.read(PIECE if size > PIECE else -1)  # a small file whole: no 16 MB buffer
    while _breaks(head) < _TOP_LINES and (more := handle.read(PIECE)):
        head += more
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _lone_cr(head):
        return None
    # the lines in the file, if the head is all of it; else more than any header says
    breaks = _breaks(head)
    in_file = breaks + 1 if len(head) >= size and breaks < _TOP_LINES else 1 << 62
    for wanted in (_FEW_LINES, _TOP_LINES):
        parts = head.split(b"\n", wanted)
        top = parts[:-1]
        lines = split_lines(decode(head[: len(head) - len(parts[-1])], source))
        if len(lines) != len(top):
            return None
        try:
            candidates, header_seats, header = _header(lines, source, in_file)
            withdrawn, at = _withdrawn(lines, header + 1, candidates, source)
        except InputError:
            if wanted == _TOP_LINES:
                raise
            continue  # perhaps comments or blank lines fill the few lines
        if _significant(lines, at)[1] < len(lines):
            break  # the first ballot line is among these lines: the top is all read
    if "," in lines[header]:
        return None  # an export with commas: names are read another way
    seats = header_seats if seats is None else seats
    _check_seats(seats, candidates, source, header + 1)
    offset = sum(len(line) + 1 for line in top[:at])
    if not head[:offset].removeprefix(codecs.BOM_UTF8).isascii():
        return None
    section = section_kind(candidates)
    done = len(head)
    # the bytes of ``data`` from ``start`` to ``stop`` are not yet the section's; after the
    # head, the file is read into one buffer, used again for every piece (fresh memory
    # for each piece would cost a page fault every 4 KB)
    data: bytes | bytearray = head
    start, stop = offset, len(head)
    buffer = bytearray()
    while True:
        end = _end_line(data, start, stop)
        if end is not None:
            if not section.add(memoryview(data)[start : end[0]]):
                return None
            tail = bytes(data[end[1] : stop]) + handle.read()
            break
        cut = max(data.rfind(b"\n", start, stop) + 1, start)
        if not section.add(memoryview(data)[start:cut]):
            return None
        carry = data[cut:stop]  # the start of a line that goes on in the next piece
        if len(buffer) < len(carry) + PIECE:
            buffer = bytearray(len(carry) + PIECE)
        buffer[: len(carry)] = carry
        with memoryview(buffer) as free:
            read = handle.readinto(free[len(carry) : len(carry) + PIECE])
        if not read or _lone_cr(buffer, len(carry), len(carry) + read):
            return None  # no line '0' to end the ballots: the pure reader says so
        done += read
        if progress is not None:
            progress(done, size)
        data, start, stop = buffer, 0, len(carry) + read
    found = section.papers()
    if found is None or tail.startswith(codecs.BOM_UTF8):
        return None
    names, title = _names(split_lines(decode(tail, source)), 0, candidates, source, False)
    arrays, blank = found
    rejected: dict[str, int] = {}
    add_rejected(rejected, UNMARKED, blank)
    ballots = Ballots.from_arrays(arrays)
    contest = make_contest(source, None, contest_name(source, title), seats, names, withdrawn)
    return Election(contest, ballots, rejected=rejected, source=source, rules=RULES)


def _breaks(data: bytes) -> int:
    """The line ends in ``data``, counted as far as :data:`_TOP_LINES` of them at least."""
    early = data.count(b"\n", 0, 1 << 16)
    return early if early >= _TOP_LINES else data.count(b"\n")


def _lone_cr(data: bytes | bytearray, start: int = 0, stop: int | None = None) -> bool:
    """Whether ``data[start:stop]`` ends a line with a carriage return alone (the fast
    reader takes ``\n`` and ``\r\n``)."""
    stop = len(data) if stop is None else stop
    returns = data.count(b"\r", start, stop)
    if not returns:
        return False
    return returns != data.count(b"\r\n", start, stop) or data.endswith(b"\r", start, stop)


def _end_line(data: bytes | bytearray, start: int, stop: int) -> tuple[int, int] | None:
    """Where the line ``0`` that ends the ballots starts, and where the next line starts,
    in ``data[start:stop]`` (``start`` is a line's start); None if it holds no such line."""
    for mark in (b"0\n", b"0\r\n"):
        if data.startswith(mark, start, stop):
            return start, start + len(mark)
    marks = (b"\n0\n", b"\n0\r\n") if data.find(b"\r", start, stop) >= 0 else (b"\n0\n",)
    found = [
        (at + 1, at + len(mark)) for mark in marks if (at := data.find(mark, start, stop)) >= 0
    ]
    return min(found) if found else None


def _check_seats(seats: int, candidates: int, source: str, line: int) -> None:
    if seats < 1:
        raise InputError(source, line, f"expected at least 1 seat, found {seats}")
    if seats > candidates:
        raise InputError(
            source,
            line,
            f"expected at most {candidates} seats for {candidates} candidates, found {seats}",
        )


def _clean(line: str) -> list[str]:
    """The items of a numeric line: comments cut, commas taken as spaces."""
    if "#" in line:
        line = line[: line.index("#")]
    if "," in line:
        line = line.replace(",", " ")
    return line.split()


def _significant(lines: Sequence[str], at: int) -> tuple[list[str], int]:
    """The items of the first line at or after index ``at`` that has any, and its index."""
    while at < len(lines):
        items = _clean(lines[at])
        if items:
            return items, at
        at += 1
    return [], at


def _header(lines: Sequence[str], source: str, in_file: int | None = None) -> tuple[int, int, int]:
    """Candidates, seats, and the index of the header line; ``in_file``: the lines in
    the whole file, where ``lines`` are only its first."""
    items, at = _significant(lines, 0)
    if not items:
        raise InputError(
            source, 1, "expected the header line 'candidates seats', found an empty file"
        )
    if len(items) != 2 or not all(_INTEGER.fullmatch(i) for i in items):
        raise InputError(
            source,
            at + 1,
            f"expected the header line 'candidates seats', found {' '.join(items)!r}",
        )
    candidates, seats = int(items[0]), int(items[1])
    if candidates < 1:
        raise InputError(source, at + 1, f"expected at least 1 candidate, found {candidates}")
    if candidates > (len(lines) if in_file is None else in_file):
        raise InputError(
            source,
            at + 1,
            f"expected a name line for each of the {candidates} candidates, but the file "
            f"has only {len(lines)} lines",
        )
    _check_seats(seats, candidates, source, at + 1)
    return candidates, seats, at


def _withdrawn(
    lines: Sequence[str], at: int, candidates: int, source: str
) -> tuple[frozenset[int], int]:
    items, found = _significant(lines, at)
    if not items or not items[0].startswith("-"):
        return frozenset(), at
    withdrawn: set[int] = set()
    for item in items:
        if not _INTEGER.fullmatch(item) or not -candidates <= int(item) <= -1:
            raise InputError(
                source,
                found + 1,
                f"expected withdrawn candidates as numbers from -1 to -{candidates}, "
                f"found {item!r}",
            )
        withdrawn.add(-int(item) - 1)
    return frozenset(withdrawn), found + 1


def _fast_ballots(
    lines: list[str], at: int, candidates: int
) -> tuple[list[Ranking], list[int], int] | None:
    """Rankings, papers and the index after the end line of a plain section
    (``weight c1 c2 ... 0`` lines, then ``0``); None if anything in it needs the
    careful reader (or if a line ends in spaces).

    Identical lines are merged first (a C loop), so each distinct line is split,
    checked and converted once, however many papers repeat it."""
    try:
        end = lines.index("0", at)
    except ValueError:
        return None
    if end - at > _MERGE_LINES:
        merged = Counter(lines[at:end])
        section, repeats = list(merged), list(merged.values())
    else:  # a short section, as a ward's: merging would cost more than it saves
        section, repeats = lines[at:end], [1] * (end - at)
    if not all(map(str.endswith, section, repeat((" 0", "\t0")))):
        return None
    number = {str(c): c - 1 for c in range(1, candidates + 1)}.__getitem__
    try:
        # Each line is split where it is used, so that its items are freed at once:
        # splitting twice costs less than holding every line's items together.
        rankings = [tuple(map(number, line.split()[1:-1])) for line in section]
    except KeyError:
        return None
    written = [line.split(None, 1)[0] for line in section]
    # ASCII digits only: int() would also take "+5", "1_0" and other scripts' digits
    if not ("".join(written).isascii() and all(map(str.isdigit, written))):
        return None
    try:
        weights = list(map(int, written))
    except ValueError:  # thousands of digits: the careful reader says so
        return None
    if sum(map(len, map(set, rankings))) != sum(map(len, rankings)):
        return None  # a ranking names a candidate twice
    return rankings, list(map(mul, weights, repeats)), end + 1


def _careful_ballots(
    lines: Sequence[str], at: int, candidates: int, source: str, rejected: dict[str, int]
) -> tuple[list[Paper], int]:
    """Ballot lines in order, with a message for the first fault (so naming the first
    line that holds it); each distinct line is read once and its result reused."""
    papers: dict[Ranking, int] = {}
    read: dict[str, tuple[Ranking, int, bool] | int] = {}  # line -> paper, or _BLANK/_END
    for index in range(at, len(lines)):
        line = lines[index]
        found = read.get(line)
        if found is None:
            found = read[line] = _careful_line(line, candidates, source, index + 1)
        if isinstance(found, int):
            if found == _END:
                return list(papers.items()), index + 1
            continue  # a blank line
        ranking, weight, tied_first = found
        if tied_first:
            add_rejected(rejected, FIRST_PREFERENCE_TIED, weight)
        else:
            papers[ranking] = papers.get(ranking, 0) + weight
    raise InputError(
        source,
        max(len(lines), 1),
        "expected a line '0' to end the ballots, found the end of the file",
    )


#: What :func:`_careful_line` gives for a line with no items, and for the end line.
_BLANK = 0
_END = 1


def _careful_line(
    line: str, candidates: int, source: str, number: int
) -> tuple[Ranking, int, bool] | int:
    """One line of the ballot section: a paper, :data:`_BLANK` or :data:`_END`."""
    stripped = line.strip()
    if stripped.startswith("("):
        close = stripped.find(")")
        if close < 0:
            raise InputError(source, number, "expected ')' to close the ballot id in brackets")
        line = stripped[close + 1 :]
    items = _clean(line)
    if not items:
        return _BLANK
    if items == ["0"]:
        return _END
    return _ballot(items, candidates, source, number)


def _ballot(items: list[str], candidates: int, source: str, line: int) -> tuple[Ranking, int, bool]:
    """(ranking, weight, first preference shared) of one ballot line."""
    weight_item = items[0]
    if not _INTEGER.fullmatch(weight_item):
        if re.fullmatch(r"[+-]?[0-9]*\.[0-9]+|[0-9]+/[0-9]+", weight_item):
            raise InputError(
                source,
                line,
                f"expected a whole number of papers as the weight, found {weight_item} "
                "(fractional weights are not supported)",
            )
        raise InputError(
            source,
            line,
            "expected a ballot line 'weight c1 c2 ... 0' or the line '0' that ends the "
            f"ballots, found {' '.join(items)!r}",
        )
    weight = int(weight_item)
    if weight < 0:
        raise InputError(source, line, f"expected a weight of 0 or more, found {weight}")
    if items[-1] != "0" or len(items) < 2:
        raise InputError(
            source, line, f"expected 0 at the end of the ballot line, found {items[-1]!r}"
        )
    ranking: list[int] = []
    seen: set[int] = set()
    cut = False
    tied_first = False
    for position, item in enumerate(items[1:-1]):
        group = [_candidate(part, candidates, source, line) for part in item.split("=")]
        for candidate in group:
            if candidate in seen:
                raise InputError(
                    source,
                    line,
                    f"expected each candidate at most once in a ranking, found {candidate + 1} "
                    "twice",
                )
            seen.add(candidate)
        if len(group) > 1:
            tied_first = tied_first or position == 0
            cut = True
        elif not cut:
            ranking.append(group[0])
    return tuple(ranking), weight, tied_first


def _candidate(item: str, candidates: int, source: str, line: int) -> int:
    if _INTEGER.fullmatch(item) and 1 <= int(item) <= candidates:
        return int(item) - 1
    found = repr(item) if not _INTEGER.fullmatch(item) else item
    if item == "0":
        found = "0 before the end of the line"
    raise InputError(
        source, line, f"expected a candidate number from 1 to {candidates}, found {found}"
    )


def _names(
    lines: Sequence[str], at: int, candidates: int, source: str, commas: bool
) -> tuple[tuple[Candidate, ...], str | None]:
    """The candidates and the title, after the ballots."""
    labels: list[tuple[str, int]] = []  # (label, line number)
    numbered: dict[int, tuple[str, int]] = {}
    for index in range(at, len(lines)):
        text = lines[index].strip()
        if text.startswith("#"):
            match = _ALTERNATIVE.fullmatch(text)
            if match:
                numbered[int(match.group(1))] = (match.group(2), index + 1)
            continue
        text = _name_text(text, commas)
        if not text:
            continue
        if len(labels) > (0 if numbered else candidates):
            raise InputError(
                source,
                index + 1,
                f"expected the end of the file after {candidates} names and the title, "
                f"found {text!r}",
            )
        labels.append((text, index + 1))
    if numbered:
        missing = [n for n in range(1, candidates + 1) if n not in numbered]
        if missing:
            raise InputError(
                source,
                max(len(lines), 1),
                f"expected a name for each of the {candidates} candidates, "
                f"found none for candidate {missing[0]}",
            )
        labels = [numbered[n] for n in range(1, candidates + 1)] + labels
    if len(labels) < candidates:
        raise InputError(
            source,
            max(len(lines), 1),
            f"expected {candidates} candidate names after the ballots, found {len(labels)}",
        )
    seen: dict[str, int] = {}
    for number, (label, line) in enumerate(labels[:candidates], start=1):
        if label in seen:
            raise InputError(
                source,
                line,
                f"expected a different name for each candidate, found candidate {number} "
                f"named as candidate {seen[label]} is",
            )
        seen[label] = number
    title = unquote(labels[candidates][0]) if len(labels) > candidates else None
    names = distinct_names([_named(label) for label, _ in labels[:candidates]])
    return names, title


def _named(label: str) -> Candidate:
    """The candidate a name line gives (:func:`candidate_from_label`), and the forms seen
    in the Scottish files: ``"Lab ""Yvonne ALLAN"" "`` (a party label first), ``Ruth HOGG
    (Con_`` (a bracket left open, or closed with the key beside it), a party of
    punctuation only (``"."``, no party) or wholly in brackets (``"(Ind)"``)."""
    candidate = candidate_from_label(label)
    name, party = candidate.name, candidate.party
    unclosed = _UNCLOSED.fullmatch(name) if party is None else None
    if unclosed:
        name, party = unclosed.groups()
    elif party is not None and '"' in label and _is_label(name) and not _is_label(party):
        name, party = party, name
    if party is not None:
        while party.startswith("(") and party.endswith(")") and "(" not in party[1:-1]:
            party = party[1:-1].strip()
        if not re.search(r"\w", party):
            party = None
    return Candidate(name, party or None)


def _is_label(text: str) -> bool:
    return text.casefold() in PARTY_LABELS


def _name_text(text: str, commas: bool) -> str:
    """A name line without its comment, and without the separating commas of an export
    that ends every item with one."""
    if text.startswith('"'):
        hash_at = text.find("#", text.rfind('"'))
        if hash_at > 0:
            text = text[:hash_at]
    else:
        cut = re.search(r"(?:^|\s)#", text)
        if cut:
            text = text[: cut.start()]
        if commas:
            text = " ".join(part.strip() for part in text.split(",") if part.strip())
    return text.strip()
