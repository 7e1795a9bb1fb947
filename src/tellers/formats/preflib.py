"""PrefLib ordinal files: ``.soi`` (strict orders, incomplete) and ``.toi`` (with ties).

The current layout (PrefLib 2022 and after)::

    # TITLE: 2009 Burlington Mayoral Election
    # NUMBER ALTERNATIVES: 6
    # ALTERNATIVE NAME 1: Bob Kiss
    ...
    840: 5                  how many voters gave this order: the candidates by number
    1: {5,6},2              {..} = candidates at the same rank

and the older one, without the ``#`` header::

    6                       number of candidates
    1,Bob Kiss              number,name
    ...
    8980,8980,384           voters, sum of the counts, distinct orders
    840,5                   count,order
    1,{5,6},2

Other ``# KEY: value`` lines are read past. The number of voters the header gives
is checked against the orders read.

Ties are read as the UK statutes read an unclear preference: the order stops
before the first tie, and a paper whose first rank is a tie is rejected (head
``first_preference_for_more_than_one_candidate``). A count with an empty order
is a paper with no preference: rejected as unmarked. Where a file has ties,
the election's notes say so, and how to count them as US ranked-choice
records instead (``-F preflib-cvr``, :mod:`tellers.formats.cvr.preflib_records`,
under ``rctab`` with its ``overvote-rule``).

Default rules: ``av`` for one seat, ``scot-2011`` for more; seats come from the
caller (PrefLib files do not say), else 1.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..core.model import Ballots, Candidate, Contest, Election, Ranking
from ..errors import InputError
from ._common import (
    FIRST_PREFERENCE_TIED,
    add_rejected,
    ballots_and_blanks,
    candidate_from_label,
    contest_name,
    default_rules,
    distinct_names,
    equal_preferences_note,
    make_contest,
    paused_gc,
    split_lines,
)

#: How to count a PrefLib file's ties as US ranked-choice records.
OTHER_READING = (
    "read with -F preflib-cvr and count under rctab with --option "
    "overvote-rule=exhaustImmediately, alwaysSkipToNextRank or exhaustIfMultipleContinuing"
)

_META = re.compile(r"#\s*([A-Za-z][A-Za-z ]*?)\s*(?:([0-9]{1,9})\s*)?:\s?(.*)")
_WHOLE = re.compile(r"\s*[0-9]{1,15}\s*")

Paper = tuple[Ranking, int]


def read_preflib(text: str, source: str, seats: int | None = None) -> Election:
    """Read a PrefLib ``.soi`` / ``.toi`` file (new or old layout)."""
    lines = split_lines(text)
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        raise InputError(source, 1, "expected PrefLib '# KEY: value' lines, found an empty file")
    if lines[first].lstrip().startswith("#"):
        return _read_new(lines, source, seats)
    return _read_old(lines, first, source, seats)


def _read_new(lines: Sequence[str], source: str, seats: int | None) -> Election:
    meta: dict[str, str] = {}
    meta_line: dict[str, int] = {}
    names: dict[int, tuple[str, int]] = {}
    data_from = len(lines)
    for index, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            data_from = index
            break
        match = _META.fullmatch(stripped)
        if match is None:
            continue
        key, number, value = match.group(1).upper(), match.group(2), match.group(3).strip()
        if key == "ALTERNATIVE NAME" and number is not None:
            names[int(number)] = (value, index + 1)
        elif number is None:
            meta[key] = value
            meta_line[key] = index + 1
    if "NUMBER ALTERNATIVES" not in meta:
        raise InputError(
            source, data_from + 1, "expected a '# NUMBER ALTERNATIVES: n' line in the header"
        )
    count = _whole(
        meta["NUMBER ALTERNATIVES"],
        source,
        meta_line["NUMBER ALTERNATIVES"],
        "the number of alternatives",
    )
    labels = []
    for n in range(1, count + 1):
        if n not in names:
            raise InputError(
                source,
                data_from + 1,
                f"expected '# ALTERNATIVE NAME {n}: ...' in the header, found none",
            )
        labels.append(names[n])
    candidates = _candidates(labels, source)
    rejected: dict[str, int] = {}
    with paused_gc():
        papers, voters, cut = _orders(lines, data_from, count, ":", source, rejected)
        ballots = ballots_and_blanks(papers, rejected)
    _check_voters(meta.get("NUMBER VOTERS"), voters, source, meta_line.get("NUMBER VOTERS"))
    seats = 1 if seats is None else seats
    contest = make_contest(source, None, contest_name(source, meta.get("TITLE")), seats, candidates)
    return _election(contest, ballots, rejected, cut, source, seats)


def _election(
    contest: Contest, ballots: Ballots, rejected: dict[str, int], cut: int, source: str, seats: int
) -> Election:
    tied = rejected.get(FIRST_PREFERENCE_TIED, 0)
    note = equal_preferences_note("{a,b} at a rank", cut, tied, OTHER_READING)
    return Election(
        contest,
        ballots,
        rejected=rejected,
        source=source,
        rules=default_rules(seats),
        notes=(note,) if note else (),
    )


def _read_old(lines: Sequence[str], first: int, source: str, seats: int | None) -> Election:
    count = _whole(lines[first], source, first + 1, "the number of candidates")
    labels: list[tuple[str, int]] = []
    at = first + 1
    while len(labels) < count:
        if at >= len(lines):
            raise InputError(
                source,
                len(lines),
                f"expected {count} lines 'number,name', found {len(labels)}",
            )
        line = lines[at]
        at += 1
        if not line.strip():
            continue
        number, comma, name = line.partition(",")
        if not comma or number.strip() != str(len(labels) + 1):
            raise InputError(
                source,
                at,
                f"expected '{len(labels) + 1},name' for candidate {len(labels) + 1}, "
                f"found {line.strip()!r}",
            )
        labels.append((name.strip(), at))
    while at < len(lines) and not lines[at].strip():
        at += 1
    if at >= len(lines):
        raise InputError(
            source, len(lines), "expected the line 'voters,sum of counts,distinct orders'"
        )
    totals = lines[at].split(",")
    if len(totals) != 3:
        raise InputError(
            source,
            at + 1,
            f"expected the line 'voters,sum of counts,distinct orders', found {lines[at]!r}",
        )
    voters_stated = _whole(totals[0], source, at + 1, "the number of voters")
    candidates = _candidates(labels, source)
    rejected: dict[str, int] = {}
    with paused_gc():
        papers, voters, cut = _orders(lines, at + 1, count, ",", source, rejected)
        ballots = ballots_and_blanks(papers, rejected)
    _check_voters(str(voters_stated), voters, source, at + 1)
    seats = 1 if seats is None else seats
    contest = make_contest(source, None, contest_name(source, None), seats, candidates)
    return _election(contest, ballots, rejected, cut, source, seats)


def _candidates(labels: Sequence[tuple[str, int]], source: str) -> tuple[Candidate, ...]:
    seen: dict[str, int] = {}
    for number, (label, line) in enumerate(labels, start=1):
        if label in seen:
            raise InputError(
                source,
                line,
                f"expected a different name for each alternative, found {number} named as "
                f"{seen[label]} is",
            )
        seen[label] = number
    return distinct_names([candidate_from_label(label) for label, _ in labels])


def _whole(text: str, source: str, line: int | None, what: str) -> int:
    if not _WHOLE.fullmatch(text):
        raise InputError(source, line, f"expected {what} (a whole number), found {text.strip()!r}")
    return int(text)


def _orders(
    lines: Sequence[str],
    at: int,
    count: int,
    separator: str,
    source: str,
    rejected: dict[str, int],
) -> tuple[list[Paper], int, int]:
    """The ``count<sep> order`` lines from index ``at``: papers, how many voters, and how
    many papers' orders were cut at a tie after the first rank."""
    number = {str(c): c - 1 for c in range(1, count + 1)}.__getitem__
    papers: list[Paper] = []
    voters = 0
    cut = 0
    for index in range(at, len(lines)):
        line = lines[index]
        weight_text, sep, order = line.partition(separator)
        if not sep:
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            raise InputError(
                source,
                index + 1,
                f"expected 'count{separator} order' (e.g. '12{separator} 1,3,2'), "
                f"found {line.strip()!r}",
            )
        try:
            weight = int(weight_text)
            ranking = tuple(map(number, order.replace(" ", "").split(",")))
            if weight < 0 or len(set(ranking)) != len(ranking):
                raise ValueError
        except (KeyError, ValueError):
            ranking, weight, tie = _careful_order(weight_text, order, count, source, index + 1)
            if tie == 0:
                add_rejected(rejected, FIRST_PREFERENCE_TIED, weight)
                voters += weight
                continue
            if tie is not None:
                cut += weight
        voters += weight
        papers.append((ranking, weight))
    return papers, voters, cut


def _careful_order(
    weight_text: str, order: str, count: int, source: str, line: int
) -> tuple[Ranking, int, int | None]:
    """(ranking, count, the position of the first tie or None) of an order with ties, a
    blank or a fault."""
    weight = _whole(weight_text, source, line, "how many voters gave the order")
    ranks: list[list[str]] = []
    text = order.replace(" ", "").replace("\t", "")
    i = 0
    while i < len(text):
        if text[i] == "{":
            close = text.find("}", i)
            if close < 0:
                raise InputError(source, line, "expected '}' to close the tie opened by '{'")
            group = text[i + 1 : close].split(",")
            ranks.append(group)
            i = close + 1
        else:
            comma = text.find(",", i)
            comma = len(text) if comma < 0 else comma
            ranks.append([text[i:comma]])
            i = comma
        if i < len(text):
            if text[i] != ",":
                raise InputError(source, line, f"expected ',' between ranks, found {text[i]!r}")
            i += 1
            if i == len(text):
                raise InputError(source, line, "expected a candidate after the last ','")
    seen: set[int] = set()
    ranking: list[int] = []
    tie: int | None = None
    for position, group in enumerate(ranks):
        members = []
        for item in group:
            if not _WHOLE.fullmatch(item) or not 1 <= int(item) <= count:
                shown = repr(item) if item else "nothing"
                raise InputError(
                    source,
                    line,
                    f"expected a candidate number from 1 to {count}, found {shown}",
                )
            candidate = int(item) - 1
            if candidate in seen:
                raise InputError(
                    source,
                    line,
                    f"expected each candidate at most once in an order, found {item} twice",
                )
            seen.add(candidate)
            members.append(candidate)
        if len(members) > 1:
            tie = position if tie is None else tie
        elif tie is None:
            ranking.append(members[0])
    return tuple(ranking), weight, tie


def _check_voters(stated_text: str | None, voters: int, source: str, line: int | None) -> None:
    """The number of voters the header states must be the number of voters read."""
    if stated_text is None or not _WHOLE.fullmatch(stated_text):
        return
    stated = int(stated_text)
    if stated != voters:
        raise InputError(
            source,
            line,
            f"expected {stated} voters as the header says, found {voters} in the orders",
        )
