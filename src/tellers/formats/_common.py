"""What the readers share: decoding, line splitting, numbers, names, the contest.

Every reader reports a fault as ``InputError(source, line, "expected ...")``;
the helpers here raise it the same way, so that messages read alike whatever
the format.
"""

from __future__ import annotations

import codecs
import gc
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from operator import lt

from ..core.model import Ballots, Candidate, Contest, Ranking
from ..errors import InputError

#: Head for a paper whose first preference is given to more than one candidate
#: (Scottish Local Government Elections Order 2011 Sch. 1 rule 44; spec 04 §4.3).
FIRST_PREFERENCE_TIED = "first_preference_for_more_than_one_candidate"

#: Head for a paper that carries no preference at all (RPA 1983 Sch. 1 rule 47).
UNMARKED = "unmarked_or_void_for_uncertainty"

# Control characters that never occur in text (tab, line feed, vertical tab, form feed
# and carriage return are allowed).
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
# Every byte but those: deleting them from a file in UTF-8 or Windows-1252 (where each
# control character is one byte of its own) leaves its control characters, quickly.
_NOT_CONTROL = bytes(b for b in range(256) if not _CONTROL.match(chr(b)))
# Whole numbers up to 15 digits: more is never a count of papers, and int() of thousands
# of digits would fail.
_WHOLE = re.compile(r"[0-9]{1,15}|[0-9]{1,3}(?:,[0-9]{3}){1,4}")


def decode(data: bytes, source: str) -> str:
    """Text from the bytes of a file: UTF-8 (a byte-order mark is allowed), UTF-16 with
    a byte-order mark, or else Windows-1252 as spreadsheets on Windows save it.

    Raises InputError for a binary file.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return check_text(data.decode("utf-16"), source)
        except UnicodeDecodeError:
            raise InputError(source, 1, "expected text, found a binary file") from None
    nul = data.find(b"\0")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise InputError(source, line, "expected text, found a binary file (a NUL byte)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            line = data.count(b"\n", 0, error.start) + 1
            byte = data[error.start]
            raise InputError(
                source, line, f"expected UTF-8 text, found byte 0x{byte:02x} (a binary file?)"
            ) from None
    if data.translate(None, _NOT_CONTROL):
        return check_text(text, source)  # which says where the first one is
    return text


def check_text(text: str, source: str) -> str:
    """``text`` itself, unless it holds control characters that mark a binary file."""
    bad = _CONTROL.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        code = ord(bad.group())
        raise InputError(
            source, line, f"expected text, found control character U+{code:04X} (a binary file?)"
        )
    return text


def split_lines(text: str) -> list[str]:
    """Physical lines (line ``n`` is item ``n - 1``), whatever the line endings."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if lines and not lines[-1]:
        lines.pop()
    return lines


def whole_number(text: str, source: str, line: int | None, what: str) -> int:
    """A whole number of 0 or more, digits with optional thousands commas (``1,234``)."""
    token = text.strip()
    if _WHOLE.fullmatch(token):
        return int(token.replace(",", ""))
    if re.fullmatch(r"[0-9,]*\.[0-9]+", token):
        raise InputError(source, line, f"expected {what} as a whole number, found {token!r}")
    if re.fullmatch(r"-[0-9,]+", token):
        raise InputError(source, line, f"expected {what} of 0 or more, found {token}")
    shown = repr(token) if token else "nothing"
    raise InputError(source, line, f"expected {what} (a whole number), found {shown}")


def unquote(text: str) -> str:
    """``"Ward 4 - Central Buchan"`` -> ``Ward 4 - Central Buchan`` (doubled quotes undone)."""
    text = text.strip()
    while len(text) >= 2 and text[0] == '"' and text[-1] == '"':
        inner = _quoted_strings(text)
        if inner is None or len(inner) != 1:
            break
        text = inner[0].strip()
    return text


def _quoted_strings(text: str) -> list[str] | None:
    """The quoted strings of ``"a" "b"`` (spreadsheet style, ``""`` inside is a quote),
    or None if ``text`` is not made only of quoted strings."""
    found: list[str] = []
    i, end = 0, len(text)
    while i < end:
        if text[i].isspace():
            i += 1
            continue
        if text[i] != '"':
            return None
        i += 1
        chars: list[str] = []
        while True:
            if i >= end:
                return None
            if text[i] == '"':
                if i + 1 < end and text[i + 1] == '"':
                    chars.append('"')
                    i += 2
                    continue
                i += 1
                break
            chars.append(text[i])
            i += 1
        found.append("".join(chars))
    return found


def candidate_from_label(text: str) -> Candidate:
    """A candidate from a ballot-paper label.

    ``Cand A (Party A)`` -> name ``Cand A``, party ``Party A``. The quoted forms seen
    in real files are undone first: ``"Name" "Party"``, and ``Name "Party"`` quoted
    spreadsheet style (inner quotes doubled), once or twice. Further bracketed groups
    stay with the party:
    ``Brian BROWN (Scottish Unionist) (SU)`` -> party ``Scottish Unionist (SU)``.
    """
    text = text.strip()
    while text.startswith('"'):
        parts = _quoted_strings(text)
        if parts is None:
            break
        if len(parts) == 2:
            name, party = parts[0].strip(), parts[1].strip()
            return Candidate(name, party or None)
        if len(parts) != 1:
            break
        text = parts[0].strip()
    match = re.fullmatch(r'(.*?)\s*"([^"]*)"', text)
    if match and match.group(1):
        return Candidate(match.group(1).strip(), match.group(2).strip() or None)
    groups: list[str] = []
    rest = text
    while rest.endswith(")") and len(groups) < 4:
        depth, start = 0, -1
        for i in range(len(rest) - 1, -1, -1):
            if rest[i] == ")":
                depth += 1
            elif rest[i] == "(":
                depth -= 1
                if depth == 0:
                    start = i
                    break
        if start <= 0:
            break
        groups.insert(0, rest[start + 1 : -1].strip())
        rest = rest[:start].rstrip()
    if not groups or not rest:
        return Candidate(text)
    party = groups[0] + "".join(f" ({g})" for g in groups[1:])
    return Candidate(rest, party or None)


def distinct_names(candidates: Sequence[Candidate]) -> tuple[Candidate, ...]:
    """Candidates whose names are all different: where two split labels share a name
    (``A (Lab)``, ``A (Con)``), those candidates keep their whole label as the name."""
    names = [c.name for c in candidates]
    if len(set(names)) == len(names):
        return tuple(candidates)
    clashing = {n for n in names if names.count(n) > 1}
    return tuple(Candidate(c.label()) if c.name in clashing and c.party else c for c in candidates)


def make_contest(
    source: str,
    line: int | None,
    name: str,
    seats: int,
    candidates: Sequence[Candidate],
    withdrawn: Iterable[int] = (),
    date: str | None = None,
    *,
    ranked: bool = True,
) -> Contest:
    """A Contest, with the model's own checks reported as input errors.

    With ``ranked`` papers there can be no more seats than candidates; declared
    totals may be a party list's, whose parties can win several seats each.
    """
    if not candidates:
        raise InputError(source, line, "expected at least one candidate, found none")
    for number, candidate in enumerate(candidates, start=1):
        if not candidate.name.strip():
            raise InputError(source, line, f"expected a name for candidate {number}, found none")
    if seats < 1:
        raise InputError(source, line, f"expected at least 1 seat, found {seats}")
    if ranked and seats > len(candidates):
        raise InputError(
            source,
            line,
            f"expected at most {len(candidates)} seats for {len(candidates)} candidates, "
            f"found {seats}",
        )
    try:
        return Contest(name, seats, tuple(candidates), frozenset(withdrawn), date)
    except ValueError as error:
        raise InputError(source, line, f"expected distinct candidates: {error}") from None


def contest_name(source: str, title: str | None) -> str:
    """The title if there is one, else the file name without its extension."""
    if title and title.strip():
        return title.strip()
    if source.startswith("<"):
        return source.strip("<>") or "contest"
    return os.path.splitext(os.path.basename(source))[0] or source


def default_rules(seats: int) -> str:
    """The rule set for ranked papers: the alternative vote for one seat, else Scottish STV."""
    return "av" if seats == 1 else "scot-2011"


def ballots_and_blanks(papers: Iterable[tuple[Ranking, int]], rejected: dict[str, int]) -> Ballots:
    """Ballots from (ranking, count) pairs; papers with no preference at all are moved
    to ``rejected`` under :data:`UNMARKED`."""
    return without_blanks(Ballots.compress(papers), rejected)


def ballots_from_columns(
    rankings: Sequence[Ranking], counts: Sequence[int], rejected: dict[str, int]
) -> Ballots:
    """As :func:`ballots_and_blanks`, from a list of rankings and a list of counts. When
    every count is positive and the rankings are distinct (as in files that list each
    ranking once), the merging loop is skipped, and so is the sort if they are in order."""
    if len(rankings) != len(counts):
        raise ValueError("one count is needed for each ranking")
    if counts and min(counts) <= 0:
        return ballots_and_blanks(zip(rankings, counts, strict=True), rejected)
    if all(map(lt, rankings, rankings[1:])):  # distinct and sorted already
        return without_blanks(Ballots.presorted(tuple(rankings), tuple(counts)), rejected)
    merged = dict(zip(rankings, counts, strict=True))
    if len(merged) != len(rankings):
        return ballots_and_blanks(zip(rankings, counts, strict=True), rejected)
    keys = sorted_rankings(merged)
    ballots = Ballots.presorted(tuple(keys), tuple(map(merged.__getitem__, keys)))
    return without_blanks(ballots, rejected)


def sorted_rankings(rankings: Iterable[Ranking]) -> list[Ranking]:
    """``rankings`` in the order of :class:`Ballots`. Where every candidate index is
    below 256 a ranking's bytes sort as the ranking does, and compare faster."""
    try:
        return sorted(rankings, key=bytes)
    except ValueError:
        return sorted(rankings)


def without_blanks(ballots: Ballots, rejected: dict[str, int]) -> Ballots:
    """``ballots`` less the papers with no preference, which go to ``rejected`` under
    :data:`UNMARKED`."""
    if ballots.rankings and not ballots.rankings[0]:
        rejected[UNMARKED] = rejected.get(UNMARKED, 0) + ballots.counts[0]
        ballots = Ballots.presorted(ballots.rankings[1:], ballots.counts[1:])
    return ballots


def equal_preferences_note(marks: str, cut: int, rejected: int, other: str) -> str | None:
    """The note a count carries where papers ranked candidates equal (``marks``, as the
    file writes them): how they were read (``cut`` papers stopped before the equal
    preference, ``rejected`` papers whose first preference was shared), and ``other``,
    how to read them as US ranked-choice records instead. None where there were none."""
    if not cut and not rejected:
        return None
    return (
        f"{cut + rejected:,} papers rank candidates equal ({marks}): read as the UK "
        f"statutes read a paper, the order stops before the equal preference "
        f"({cut:,} papers) and a paper whose first preference is shared is rejected "
        f"({rejected:,} papers). US ranked-choice counts take such a mark as an overvote, "
        f"whose effect is a rule of the count: {other}"
    )


def add_rejected(rejected: dict[str, int], head: str, n: int) -> None:
    if n:
        rejected[head] = rejected.get(head, 0) + n


@contextmanager
def paused_gc() -> Iterator[None]:
    """Hold the cyclic garbage collector while a reader builds millions of small tuples
    and lists (none of them in a cycle): the collector's passes would double the time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
