"""Papers as preference arrays in JSON, as the Irish 2002 e-voting files for Meath hold them.

::

    {"Election_Type": "General", "Date": {"Day": 17, "Month": 5, "Year": 2002},
     "Constituency": "Meath", "Number of Seats": 5,
     "Candidate": [{"Ref": "Demp", "Name": "Noel Dempsey", "Party": "Fianna Fáil",
                    "Index": 0}, ...],
     "Ballot": [[0, 3, 1, 2, 0, ...], ...]}

``Candidate`` lists each candidate with its ``Index`` (0, 1, ... once each);
each paper in ``Ballot`` is a list with one number for each candidate, in
``Index`` order: the preference given to that candidate, 0 for none.

A paper is read as the Irish and UK statutes read one: its preferences run
1, 2, 3... and stop at the first number missing or given to two candidates; a
paper with no 1, or with 1 for two candidates, is rejected
(``unmarked_or_void_for_uncertainty``, ``first_preference_for_more_than_one_candidate``).
Where papers give numbers past the point where their preferences stop, the
election's notes say how many.
A number that is not a whole number of 0 or more, or a paper of the wrong
length, is an error naming where it is (``Ballot[12][3]``).

Seats from the caller, else ``Number of Seats``. Default rules: ``ie-dail``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from ..core.model import Candidate, Election, Ranking
from ..errors import InputError
from ._common import (
    FIRST_PREFERENCE_TIED,
    UNMARKED,
    add_rejected,
    ballots_and_blanks,
    contest_name,
    make_contest,
)
from .contest_json import Step
from .contest_json import _Document as Document

#: The rule set the papers are counted under unless another is chosen.
RULES = "ie-dail"
#: The keys that mark this layout.
KEYS = ("Number of Seats", "Candidate", "Ballot")


def sniff(text: str) -> bool:
    """Whether ``text`` (a JSON object) looks like this layout."""
    head = text[:4000]
    return head.lstrip().startswith("{") and all(f'"{key}"' in head for key in KEYS[:2])


def read_ie_json(text: str, source: str, seats: int | None = None) -> Election:
    """Read the papers of an Irish e-voting JSON file."""
    doc = Document(text, source)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(source, error.lineno, f"expected JSON: {error.msg}") from None
    except (ValueError, RecursionError):
        raise InputError(source, 1, "expected JSON of a sensible size and depth") from None
    top = doc.mapping(data, [])
    for key in KEYS:
        if key not in top:
            doc.fail([], f'expected the key "{key}"')
    stated = doc.whole(top["Number of Seats"], ["Number of Seats"], 1)
    candidates = _candidates(doc, doc.sequence(top["Candidate"], ["Candidate"]))
    rejected: dict[str, int] = {}
    papers: list[tuple[Ranking, int]] = []
    stopped = 0
    for i, paper in enumerate(doc.sequence(top["Ballot"], ["Ballot"])):
        marks = doc.sequence(paper, ["Ballot", i])
        ranking = _ranking(doc, marks, i, len(candidates))
        if isinstance(ranking, str):
            add_rejected(rejected, ranking, 1)
            continue
        papers.append((ranking, 1))
        stopped += sum(1 for mark in marks if mark) > len(ranking)
    ballots = ballots_and_blanks(papers, rejected)
    notes: tuple[str, ...] = ()
    if stopped:
        notes = (
            f"{stopped:,} papers give numbers after their preferences stop (at a number "
            "missing or given to two candidates): read as the statutes read a paper, those "
            "numbers are not counted",
        )
    name = top.get("Constituency")
    contest = make_contest(
        source,
        None,
        contest_name(source, name if isinstance(name, str) else None),
        stated if seats is None else seats,
        candidates,
        date=_date(doc, top.get("Date")),
    )
    return Election(contest, ballots, rejected=rejected, source=source, rules=RULES, notes=notes)


def _candidates(doc: Document, items: list[object]) -> list[Candidate]:
    if not items:
        doc.fail(["Candidate"], "expected at least one candidate, found none")
    by_index: dict[int, Candidate] = {}
    for i, item in enumerate(items):
        path: list[Step] = ["Candidate", i]
        fields = doc.mapping(item, path)
        name = doc.text_at(fields.get("Name", fields.get("Ref")), [*path, "Name"])
        party = fields.get("Party")
        index = doc.whole(fields.get("Index"), [*path, "Index"])
        if index >= len(items) or index in by_index:
            doc.fail(
                [*path, "Index"],
                f"expected each of 0 to {len(items) - 1} once, found {index}",
            )
        by_index[index] = Candidate(
            name.strip(), party.strip() or None if isinstance(party, str) else None
        )
    return [by_index[i] for i in range(len(items))]


def _ranking(doc: Document, marks: Sequence[object], i: int, count: int) -> Ranking | str:
    """A paper's ranking, or the head it is rejected under."""
    if len(marks) != count:
        doc.fail(
            ["Ballot", i], f"expected {count} numbers, one for each candidate, found {len(marks)}"
        )
    holders: dict[int, list[int]] = {}
    for candidate, mark in enumerate(marks):
        number = doc.whole(mark, ["Ballot", i, candidate])
        if number:
            holders.setdefault(number, []).append(candidate)
    if 1 not in holders:
        return UNMARKED
    if len(holders[1]) > 1:
        return FIRST_PREFERENCE_TIED
    ranking: list[int] = []
    preference = 1
    while len(holders.get(preference, ())) == 1:
        ranking.append(holders[preference][0])
        preference += 1
    return tuple(ranking)


def _date(doc: Document, value: object) -> str | None:
    if value is None:
        return None
    fields = doc.mapping(value, ["Date"])
    year, month, day = (doc.whole(fields.get(k), ["Date", k], 1) for k in ("Year", "Month", "Day"))
    if month > 12 or day > 31:
        doc.fail(["Date"], f"expected a date, found {year}-{month}-{day}")
    return f"{year:04d}-{month:02d}-{day:02d}"
