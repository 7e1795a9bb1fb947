"""A first x second preference table, as London Elects publishes for the Mayor.

::

    first_choice_candidate,first_choice_party,second:Shaun BAILEY,...,first_preference_votes
    Shaun BAILEY,Conservative Party Candidate,102707,...,893051
    Sadiq Aman KHAN,Labour Party,76555,...,1013721

One row per candidate, in ballot-paper order: the candidate (``first_choice_candidate``),
the party (``first_choice_party``, optional), one ``second:<name>`` column per
candidate holding the papers with that first and second choice, and the
candidate's first preferences (``first_preference_votes_official`` or
``first_preference_votes``). Other columns are read past, except two that are
checked when present: ``second_preference_votes_official`` (each column's sum)
and ``first_pref_ballots_with_no_valid_distinct_or_any_second_pref_derived``
(first preferences less the row's sum).

The papers: ``(first, second)`` for each cell off the diagonal. A second choice
for the same candidate (the diagonal) has no effect (Greater London Authority
Elections Rules 2007; spec 02 §2.2), so those papers, and the rest of the row's
first preferences (no valid second choice), become ``(first,)``; the
election's notes say how many papers gave the first choice again. A row whose
cells add up to more than its first preferences is an error.

Comment lines before the header may state the facts of the poll (``# title:``,
``# date:``, ``# rejected (head): n``...; see :mod:`tellers.formats._facts`);
without them no rejected papers are recorded. Default rules: ``sv``.
"""

from __future__ import annotations

import csv
import io

from ..core.model import Ballots, Candidate, Election, Ranking
from ..errors import InputError
from ._common import contest_name, make_contest, whole_number
from ._facts import Facts

#: The rule set a preference table is counted under unless another is chosen.
RULES = "sv"

FIRST_COLUMN = "first_choice_candidate"
_PARTY_COLUMN = "first_choice_party"
_FIRST_TOTAL = ("first_preference_votes_official", "first_preference_votes", "first_preferences")
_SECOND_TOTAL = "second_preference_votes_official"
_REMAINDER = "first_pref_ballots_with_no_valid_distinct_or_any_second_pref_derived"


def read_preference_table(text: str, source: str, seats: int | None = None) -> Election:
    """Read a first x second preference table into ballots of one or two preferences."""
    facts = Facts(source)
    lines = text.splitlines(keepends=True)
    start = 0
    while start < len(lines) and (not lines[start].strip() or lines[start].startswith("#")):
        body = lines[start].strip()[1:].strip()
        start += 1
        if body:
            facts.take(body, start)
    if start >= len(lines):
        raise InputError(source, max(start, 1), f"expected a header row with {FIRST_COLUMN}")
    reader = csv.DictReader(io.StringIO("".join(lines[start:])))
    try:
        header = [name.strip() for name in reader.fieldnames or []]
        reader.fieldnames = header
        rows = [(start + reader.line_num, row) for row in reader]
    except csv.Error as error:
        raise InputError(source, start + reader.line_num, f"expected CSV rows: {error}") from None
    first_total = next((name for name in _FIRST_TOTAL if name in header), None)
    if FIRST_COLUMN not in header or first_total is None:
        raise InputError(
            source,
            start + 1,
            f"expected columns {FIRST_COLUMN} and {_FIRST_TOTAL[0]} in the header row",
        )
    if not rows:
        raise InputError(source, start + 1, "expected a row for each candidate, found none")
    names = [row[FIRST_COLUMN].strip() if row[FIRST_COLUMN] else "" for _, row in rows]
    seconds = [name for name in header if name.startswith("second:")]
    for number, (line, _) in enumerate(rows):
        if not names[number]:
            raise InputError(source, line, f"expected a candidate's name in {FIRST_COLUMN}")
        if names[number] in names[:number]:
            raise InputError(
                source, line, f"expected one row per candidate, found {names[number]!r} again"
            )
    unknown = [c for c in seconds if c[len("second:") :].strip() not in names]
    if unknown:
        raise InputError(
            source, start + 1, f"expected column {unknown[0]!r} to name a candidate of a row"
        )
    missing = [n for n in names if f"second:{n}" not in seconds]
    if missing:
        raise InputError(source, start + 1, f"expected a column 'second:{missing[0]}'")
    column_of = {c: names.index(c[len("second:") :].strip()) for c in seconds}
    papers: list[tuple[Ranking, int]] = []
    again = 0  # papers whose second choice is their first
    column_sums = dict.fromkeys(seconds, 0)
    for first, (line, row) in enumerate(rows):
        total = whole_number(row[first_total] or "", source, line, "the first preferences")
        row_sum = 0
        for column in seconds:
            n = whole_number(row[column] or "", source, line, f"the papers in {column!r}")
            column_sums[column] += n
            row_sum += n
            second = column_of[column]
            again += n if second == first else 0
            papers.append(((first,) if second == first else (first, second), n))
        if row_sum > total:
            raise InputError(
                source,
                line,
                f"expected the second choices of {names[first]} to add up to at most the "
                f"{total} first preferences, found {row_sum}",
            )
        remainder = row.get(_REMAINDER)
        if remainder and whole_number(remainder, source, line, _REMAINDER) != total - row_sum:
            raise InputError(
                source,
                line,
                f"expected {_REMAINDER} to be {total - row_sum} (first preferences less the "
                f"row's sum), found {remainder.strip()}",
            )
        papers.append(((first,), total - row_sum))
    _check_second_totals(rows, seconds, column_sums, column_of, source)
    candidates = [
        Candidate(name, (row.get(_PARTY_COLUMN) or "").strip() or None)
        for name, (_, row) in zip(names, rows, strict=True)
    ]
    if seats is None:
        seats = 1
    contest = make_contest(
        source, None, contest_name(source, facts.title), seats, candidates, date=facts.date
    )
    election = Election(
        contest,
        Ballots.compress(papers),
        rejected=facts.rejected_by_head(),
        electorate=facts.electorate,
        papers_issued=facts.papers_issued,
        source=source,
        rules=RULES,
        notes=(_again_note(again),) if again else (),
    )
    return facts.checked(election)


def _again_note(papers: int) -> str:
    return (
        f"{papers:,} papers give the same candidate as first and second choice: the second "
        "choice has no effect (Greater London Authority Elections Rules 2007), so they count "
        "as first choices only"
    )


def _check_second_totals(
    rows: list[tuple[int, dict[str, str]]],
    seconds: list[str],
    column_sums: dict[str, int],
    column_of: dict[str, int],
    source: str,
) -> None:
    """Each candidate's stated second preferences must be the sum of their column."""
    for column in seconds:
        line, row = rows[column_of[column]]
        stated = row.get(_SECOND_TOTAL)
        if not stated:
            continue
        n = whole_number(stated, source, line, _SECOND_TOTAL)
        if n != column_sums[column]:
            raise InputError(
                source,
                line,
                f"expected {_SECOND_TOTAL} to be {column_sums[column]} (the sum of column "
                f"{column!r}), found {n}",
            )
