"""Rankings in a CSV file: one paper (or one group of papers) a row.

::

    # title: Anytown Ward
    # seats: 2
    # candidates: Alice Archer, Bob Baker, "Cole, Carol"
    first,second,third,count
    Alice Archer,Bob Baker,,20
    Bob Baker,,,12
    "Cole, Carol",Alice Archer,Bob Baker,7

- A header row is required. A column called ``count``, ``weight``, ``n``, ``papers``
  or ``ballots`` (any case) says how many papers gave the row's ranking; without
  one, each row is one paper. Columns called ``id`` or ``ballot id`` are ignored.
  Every other column is a preference, in order from the left.
- Cells are candidate names. The ranking stops at the first blank cell, as a
  paper's sequence stops where a number is missing (the UK statutes); where a
  row gives a preference after a blank, the election's notes say how many
  papers did, and how to count them as US ranked-choice records instead (where
  a skipped rank is a rule of the count).
- The candidates are the names in the ``# candidates:`` line (a CSV row of its
  own), in that order; without it, every name seen, in order of first
  appearance. With it, a name not listed is an error.
- Comment lines before the header may also state ``# title:``, ``# date:``,
  ``# seats:``, ``# electorate:``, ``# rejected (head): n`` and the other facts
  listed in :mod:`tellers.formats._facts`.
- A row with no name at all is a paper with no preference: rejected as unmarked.
  A row that names a candidate twice is an error.

Default rules: ``av`` for one seat, ``scot-2011`` for more; seats from the caller,
else ``# seats:``, else 1.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator

from ..core.model import Candidate, Election, Ranking
from ..errors import InputError
from ._common import (
    ballots_and_blanks,
    contest_name,
    default_rules,
    make_contest,
    whole_number,
)
from ._facts import Facts

_COUNT_COLUMNS = {"count", "weight", "n", "papers", "ballots", "number"}
_IGNORED_COLUMNS = {"id", "ballot id", "ballot_id", "ballotid"}


def read_rankings_csv(text: str, source: str, seats: int | None = None) -> Election:
    """Read a CSV file of rankings."""
    facts = Facts(source)
    listed: list[str] | None = None
    lines = text.splitlines(keepends=True)
    start = 0
    while start < len(lines):
        line = lines[start].strip()
        if line and not line.startswith("#"):
            break
        start += 1
        body = line[1:].strip()
        if body.lower().startswith("candidates:"):
            cells = next(csv.reader([body.split(":", 1)[1]], skipinitialspace=True), [])
            listed = [cell.strip() for cell in cells if cell.strip()]
        elif body:
            facts.take(body, start)
    if start >= len(lines):
        raise InputError(source, max(start, 1), "expected a header row, found no rows")
    rows = csv.reader(io.StringIO("".join(lines[start:])))
    try:
        header = [cell.strip().lower() for cell in next(rows)]
    except csv.Error as error:
        raise InputError(source, start + 1, f"expected a CSV header row: {error}") from None
    count_at = [i for i, name in enumerate(header) if name in _COUNT_COLUMNS]
    if len(count_at) > 1:
        raise InputError(source, start + 1, "expected at most one count column, found several")
    preference_at = [
        i
        for i, name in enumerate(header)
        if name not in _COUNT_COLUMNS and name not in _IGNORED_COLUMNS
    ]
    if not preference_at:
        raise InputError(source, start + 1, "expected preference columns in the header row")
    names: list[str] = list(listed or [])
    skipped: list[int] = []
    try:
        papers = _papers(
            rows,
            lambda: start + rows.line_num,
            len(header),
            count_at,
            preference_at,
            names,
            listed,
            source,
            skipped,
        )
    except csv.Error as error:
        raise InputError(source, start + rows.line_num, f"expected CSV rows: {error}") from None
    titles = {name.casefold() for name in names}
    if all(header[i] in titles for i in preference_at):
        raise InputError(
            source,
            start + 1,
            "expected a header row naming the columns, found candidates' names "
            "(add a row such as 'first,second,third' above the papers)",
        )
    rejected: dict[str, int] = {}
    ballots = ballots_and_blanks(papers, rejected)
    for head, n in facts.rejected_by_head().items():
        rejected[head] = rejected.get(head, 0) + n
    if seats is None:
        seats = 1 if facts.seats is None else facts.seats
    contest = make_contest(
        source,
        None,
        contest_name(source, facts.title),
        seats,
        [Candidate(name) for name in names],
        date=facts.date,
    )
    election = Election(
        contest,
        ballots,
        rejected=rejected,
        rejected_in_part=facts.rejected_in_part,
        electorate=facts.electorate,
        papers_issued=facts.papers_issued,
        source=source,
        rules=default_rules(seats),
        notes=(_skipped_note(sum(skipped)),) if skipped else (),
    )
    return facts.checked(election)


def _skipped_note(papers: int) -> str:
    return (
        f"{papers:,} papers leave a preference blank before a later one: read as the UK "
        "statutes read a paper, the order stops at the blank and the later preferences are "
        "not counted. US ranked-choice counts pass over a skipped rank or not as a rule of "
        "the count: to count them so, name the preference columns choice1, choice2... "
        "(one paper a row) and read with -F cvr-csv under rctab, choosing "
        "--option max-skipped-ranks"
    )


def _papers(
    rows: Iterator[list[str]],
    line_now: Callable[[], int],
    width: int,
    count_at: list[int],
    preference_at: list[int],
    names: list[str],
    listed: list[str] | None,
    source: str,
    skipped: list[int],
) -> list[tuple[Ranking, int]]:
    """(ranking, count) of each row; new names join ``names`` unless they were listed.
    The count of a row with a preference after a blank goes in ``skipped``."""
    closed = listed is not None
    index = {name.casefold(): i for i, name in enumerate(names)}
    papers: list[tuple[Ranking, int]] = []
    for row in rows:
        line = line_now()
        if not any(cell.strip() for cell in row) or row[0].lstrip().startswith("#"):
            continue
        if len(row) > width and any(cell.strip() for cell in row[width:]):
            raise InputError(
                source, line, f"expected at most {width} cells as in the header, found {len(row)}"
            )
        weight = 1
        if count_at:
            cell = row[count_at[0]] if count_at[0] < len(row) else ""
            weight = whole_number(cell, source, line, "the number of papers in the count column")
        ranking: list[int] = []
        for at, column in enumerate(preference_at):
            name = row[column].strip() if column < len(row) else ""
            if not name:
                later = (row[c] for c in preference_at[at + 1 :] if c < len(row))
                if any(cell.strip() for cell in later):
                    skipped.append(weight)
                break
            candidate = index.get(name.casefold())
            if candidate is None:
                if closed:
                    raise InputError(
                        source,
                        line,
                        f"expected one of the candidates listed in '# candidates:', found {name!r}",
                    )
                candidate = index[name.casefold()] = len(names)
                names.append(name)
            if candidate in ranking:
                raise InputError(
                    source,
                    line,
                    f"expected each candidate at most once in a row, found {name!r} twice",
                )
            ranking.append(candidate)
        papers.append((tuple(ranking), weight))
    return papers
