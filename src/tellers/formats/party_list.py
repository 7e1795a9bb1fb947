"""List votes per party, as a CSV file with a header row (format ``party-list``).

::

    # title: London Assembly 2021, London-wide members
    # seats: 11
    party,london_wide_list_votes,constituency_members_won
    Conservatives,795081,5
    Green Party,305452,0
    Labour Party,986609,9

- The party column: ``party`` (also ``name``, ``party_name``, ``list``,
  ``candidate``). Each party once; its name is the candidate's name.
- The votes column: ``votes`` (also ``list_votes``, ``london_wide_list_votes``,
  ``regional_votes``, ``regional_list_votes``, ``party_votes``,
  ``london_votes``), else the one column whose name ends in ``votes``.
  Whole numbers, ``1,234`` allowed.
- Optionally the seats each party already holds: ``constituency_seats`` (also
  ``constituency_members_won``, ``constituency_members``, ``constituency_won``,
  ``seats_won``), else the one column whose name starts with ``constituency``.
  A blank cell is 0.
- Optionally ``individual``: ``yes`` marks an individual list candidate rather
  than a party (``Candidate.party`` = :data:`tellers.rules.list_pr.INDIVIDUAL`).
- Header names are read case-blind, with spaces and hyphens as underscores;
  other columns (such as the seats a declaration allocated) are read past.
- Comment lines before the header may state ``# title:``, ``# date:``,
  ``# seats:``, ``# valid:`` and the other facts of
  :mod:`tellers.formats._facts`; valid papers, if stated, must equal the sum of
  the votes (a list paper carries one vote).

Seats (the list seats to allocate): from the caller (``--seats``), else
``# seats:``; without either, an error. Default rules: ``ams`` when the file
gives constituency seats, else ``dhondt``.

A file is this format (:func:`sniff`) when its header row has a party column
and a votes column as above and no ``first_choice_candidate`` column.
"""

from __future__ import annotations

import csv
import io
import re

from ..core.model import Candidate, Contest, Election, Totals
from ..errors import InputError
from ._common import contest_name, whole_number
from ._facts import Facts

#: ``Candidate.party`` of an individual list candidate (as in :mod:`tellers.rules.list_pr`).
INDIVIDUAL = "individual"

#: Default rules: with constituency seats, and without.
RULES_WITH_SEATS = "ams"
RULES = "dhondt"

_PARTY = ("party", "name", "party_name", "list", "candidate")
_VOTES = (
    "votes",
    "list_votes",
    "london_wide_list_votes",
    "regional_votes",
    "regional_list_votes",
    "party_votes",
    "london_votes",
)
_SEATS = (
    "constituency_seats",
    "constituency_members_won",
    "constituency_members",
    "constituency_won",
    "seats_won",
)
_INDIVIDUAL = "individual"
_YES = {"yes", "y", "true", "1", "individual"}
_NO = {"", "no", "n", "false", "0", "party"}


def _key(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().lower())


def _column(header: list[str], known: tuple[str, ...], fits: str | None) -> str | None:
    """The first known column present, else the only one matching ``fits``."""
    for name in known:
        if name in header:
            return name
    if fits is None:
        return None
    matching = [name for name in header if re.fullmatch(fits, name)]
    return matching[0] if len(matching) == 1 else None


def sniff(text: str) -> bool:
    """Whether ``text`` looks like a party-list file: its header row (the first line
    that is not blank or a ``#`` comment) has a party and a votes column."""
    for line in text.splitlines()[:200]:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            cells = next(csv.reader([line]))
        except (csv.Error, StopIteration):
            return False
        header = [_key(cell) for cell in cells]
        return (
            "first_choice_candidate" not in header
            and _column(header, _PARTY, None) is not None
            and _column(header, _VOTES, r".*votes") is not None
        )
    return False


def read_party_list(text: str, source: str, seats: int | None = None) -> Election:
    """Read list votes per party (and any constituency seats) into declared totals."""
    facts = Facts(source)
    lines = text.splitlines(keepends=True)
    start = 0
    while start < len(lines) and (not lines[start].strip() or lines[start].startswith("#")):
        body = lines[start].strip()[1:].strip()
        start += 1
        if body:
            facts.take(body, start)
    header_line = start + 1
    if start >= len(lines):
        raise InputError(source, max(start, 1), "expected a header row with party and votes")
    reader = csv.DictReader(io.StringIO("".join(lines[start:])))
    try:
        header = [_key(name) for name in reader.fieldnames or []]
        reader.fieldnames = header
        rows = [(start + reader.line_num, row) for row in reader]
    except csv.Error as error:
        raise InputError(source, start + reader.line_num, f"expected CSV rows: {error}") from None
    if len(set(header)) != len(header):
        repeated = next(name for name in header if header.count(name) > 1)
        raise InputError(source, header_line, f"expected each column once, found {repeated!r}")
    party_column = _column(header, _PARTY, None)
    votes_column = _column(header, _VOTES, r".*votes")
    if party_column is None or votes_column is None:
        raise InputError(
            source,
            header_line,
            "expected a header row with a party column (party) and a votes column "
            "(votes, list_votes, london_wide_list_votes...)",
        )
    seats_column = _column(header, _SEATS, r"constituency.*")
    individual_column = _INDIVIDUAL if _INDIVIDUAL in header else None

    candidates: list[Candidate] = []
    votes: list[int] = []
    prior: list[int] = []
    seen: dict[str, int] = {}
    for line, row in rows:
        cells = [value for value in row.values() if isinstance(value, str)]
        if not any(cell.strip() for cell in cells) and None not in row:
            continue
        if None in row:
            raise InputError(
                source, line, f"expected at most {len(header)} cells, as in the header row"
            )
        name = (row.get(party_column) or "").strip()
        if not name:
            raise InputError(source, line, f"expected a party's name in column {party_column!r}")
        if name in seen:
            raise InputError(
                source,
                line,
                f"expected each party once, found {name!r} again (first on line {seen[name]})",
            )
        seen[name] = line
        votes.append(whole_number(row.get(votes_column) or "", source, line, f"{name}'s votes"))
        if seats_column is not None:
            cell = (row.get(seats_column) or "").strip()
            held = whole_number(cell, source, line, f"{name}'s seats") if cell else 0
            prior.append(held)
        party: str | None = None
        if individual_column is not None:
            flag = (row.get(individual_column) or "").strip().lower()
            if flag in _YES:
                party = INDIVIDUAL
            elif flag not in _NO:
                raise InputError(
                    source,
                    line,
                    f"expected yes or no in column {individual_column!r}, found {flag!r}",
                )
        candidates.append(Candidate(name, party))
    if not candidates:
        raise InputError(source, header_line, "expected a row for each party, found none")
    if seats is None:
        seats = facts.seats
    if seats is None:
        raise InputError(
            source,
            None,
            "expected the number of list seats to allocate: give it with --seats N "
            "(or a '# seats: N' line before the header)",
        )
    if seats < 1:
        raise InputError(
            source, facts.lines.get("seats"), f"expected at least 1 seat, found {seats}"
        )
    total = sum(votes)
    if facts.valid is not None and facts.valid != total:
        raise InputError(
            source,
            facts.lines.get("valid"),
            f"expected the votes to add up to the {facts.valid} valid papers stated, found {total}",
        )
    contest = Contest(contest_name(source, facts.title), seats, tuple(candidates), date=facts.date)
    election = Election(
        contest,
        Totals(tuple(votes), total, tuple(prior) if seats_column is not None else None),
        rejected=facts.rejected_by_head(),
        electorate=facts.electorate,
        papers_issued=facts.papers_issued,
        source=source,
        rules=RULES_WITH_SEATS if seats_column is not None else RULES,
    )
    return facts.checked(election)
