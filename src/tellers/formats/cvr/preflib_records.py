"""PrefLib ``.toi`` / ``.soi`` orders as cast vote records: a tie is an overvote.

The PrefLib reader (:mod:`tellers.formats.preflib`) reads a paper as the UK
statutes do: the order stops before a tie, and a paper whose first rank is a
tie is rejected. Where PrefLib holds US ranked-choice ballots (Burlington,
San Francisco, ...), ``{a,b}`` at a rank is an overvote that the US rules
judge for themselves (exhaust the paper, pass over the rank, exhaust only
when two or more of the marked candidates still continue). This reader
keeps every mark: rank ``i`` of a record holds the candidates of the
order's ``i``-th group, so the ``rctab`` rule set's overvote rule decides.

The contest and the checks of the file (names, the number of voters) are
the PrefLib reader's; the orders are read again here.
"""

from __future__ import annotations

from ...core.model import Election
from ...core.records import CastVoteRecords, Record
from ...errors import InputError
from ..preflib import read_preflib


def _ranks(order: str, count: int, source: str, line: int) -> Record:
    ranks: list[tuple[int, ...]] = []
    text = order.replace(" ", "").replace("\t", "")
    for group in _groups(text, source, line):
        members = []
        for item in group:
            if not item.isdigit() or not 1 <= int(item) <= count:
                raise InputError(source, line, f"expected a candidate number, found {item!r}")
            members.append(int(item) - 1)
        ranks.append(tuple(members))
    return tuple(ranks)


def _groups(text: str, source: str, line: int) -> list[list[str]]:
    groups: list[list[str]] = []
    i = 0
    while i < len(text):
        if text[i] == "{":
            close = text.find("}", i)
            if close < 0:
                raise InputError(source, line, "expected '}' to close the tie opened by '{'")
            groups.append(text[i + 1 : close].split(","))
            i = close + 1
        else:
            comma = text.find(",", i)
            comma = len(text) if comma < 0 else comma
            groups.append([text[i:comma]])
            i = comma
        i += 1  # the ',' between ranks
    return groups


def read_preflib_records(text: str, source: str, seats: int | None = None) -> Election:
    """Read a PrefLib file (current ``# KEY: value`` layout) into cast vote records."""
    election = read_preflib(text, source, seats)
    count = len(election.contest.candidates)
    papers: list[tuple[Record, int]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        weight, sep, order = stripped.partition(":")
        if not sep:
            raise InputError(source, number, "expected 'count: order' (the current layout)")
        papers.append((_ranks(order, count, source, number), int(weight)))
    records = CastVoteRecords.compress(papers)
    expected = (election.valid_papers or 0) + (election.rejected_total or 0)
    if records.papers != expected:
        raise InputError(source, None, f"expected {expected} papers, read {records.papers}")
    return Election(election.contest, records, source=source, rules="rctab")
