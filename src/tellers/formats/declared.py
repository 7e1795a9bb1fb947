"""Results as declarations and newspapers print them: one candidate a line.

::

    Spitalfields and Banglatown by-election          a title line (optional)
    Date: 19 April 2012                              facts, before or among the candidates
    Gulam Robbani (Independent) 1,030 Elected
    Ala Uddin (Labour)          987
    Smith, John (Con)\t1,234 *
    Rejected (want of official mark): 1

A candidate line is a name, an optional ``(Party)``, and the votes at the end
(``1030`` or ``1,234``). Columns separated by tabs or by two or more spaces also
work: ``Gulam Robbani<TAB>Independent<TAB>1030``. A share such as ``(40.1%)``
after the votes is read past, as is a ``*`` (elected, or the sitting member)
or the word ``elected`` (also ``(elected)``, ``ELECTED``).

The facts (``Ward:``, ``Date:``, ``Seats:``, ``Electorate:``, ``Ballot papers
issued:``, ``Valid:``, ``Rejected:`` in total or by head, ``Turnout:``...) are
those of :mod:`tellers.formats._facts`; a date alone on a line is the date, and
lines such as ``Lab hold`` or ``Ind gain from Lab``, and column headings
(``Candidate  Party  Votes  %``), are read past.

Seats: from the caller, else ``Seats:``, else the number of lines marked
``elected`` where that is more than one, else 1. Valid papers: ``Valid:`` if
given, else, for one seat, the sum of the votes. Default rules: ``uk-fptp``.
"""

from __future__ import annotations

import re

from ..core.model import Candidate, Election, Totals
from ..errors import InputError
from ._common import candidate_from_label, contest_name, make_contest, split_lines
from ._facts import Facts, parse_date

#: The rule set declared totals are counted under unless another is chosen.
RULES = "uk-fptp"

_VOTES = re.compile(r"(?P<label>.*?\S)\s+(?P<votes>[0-9]{1,3}(?:,[0-9]{3}){1,4}|[0-9]{1,15})")
# Both are searched for at the end of a line already stripped of spaces.
_ELECTED = re.compile(r"(?:\(\s*elected\s*\)|\belected\b|\*)$", re.IGNORECASE)
_SHARE = re.compile(r"(?:\(\s*)?[0-9]+(?:\.[0-9]+)?\s*%(?:\s*\))?$")
_COLUMNS = re.compile(r"\t|\s{2,}")
_OUTCOME = re.compile(r"\b(?:hold|holds|gain|gains|gained|held)\b", re.IGNORECASE)
_HEADINGS = frozenset(
    {
        "candidate",
        "candidates",
        "name",
        "party",
        "description",
        "votes",
        "vote",
        "%",
        "share",
        "per",
        "cent",
        "change",
        "+/-",
        "±",
        "elected",
        "result",
    }
)
_LONGEST = 500  # characters: no declaration has longer lines, and regexes stay quick
_TITLE_WORDS = re.compile(r"\b(?:election|by-election|result|results)\b", re.IGNORECASE)
_DATE_ALONE = re.compile(
    r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
    r"(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{4}|\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]+\.?,?\s+\d{4})",
    re.IGNORECASE,
)


def read_declared(text: str, source: str, seats: int | None = None) -> Election:
    """Read declared votes, one candidate a line."""
    facts = Facts(source)
    candidates: list[Candidate] = []
    votes: list[int] = []
    seen: dict[str, int] = {}
    titles: list[str] = []
    marked_elected = 0
    for number, raw in enumerate(split_lines(text), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if _DATE_ALONE.fullmatch(line) and parse_date(line):
            facts.date = parse_date(line)
            continue
        if len(line) > _LONGEST:
            raise InputError(
                source,
                number,
                f"expected a line of at most {_LONGEST} characters, found {len(line)}",
            )
        if facts.take(line, number) or (_OUTCOME.search(line) and not re.search("[0-9]", line)):
            continue
        if _column_headings(line):
            continue
        if not candidates and _TITLE_WORDS.search(line):
            titles.append(line.strip('"'))
            facts.date = facts.date or parse_date(line)
            continue
        try:
            entry = _candidate_line(line)
        except ValueError as error:
            raise InputError(source, number, str(error)) from None
        if entry is None:
            if not candidates:
                titles.append(line.strip('"'))
                continue
            raise InputError(
                source,
                number,
                f"expected a candidate line such as 'Gulam Robbani (Independent) 1030', "
                f"found {line!r}",
            )
        candidate, n, elected = entry
        if candidate.name in seen:
            raise InputError(
                source,
                number,
                f"expected each candidate once, found {candidate.name!r} again "
                f"(first on line {seen[candidate.name]})",
            )
        seen[candidate.name] = number
        candidates.append(candidate)
        votes.append(n)
        marked_elected += elected
    if not candidates:
        raise InputError(
            source,
            max(1, len(text.splitlines())),
            "expected candidate lines such as 'Gulam Robbani (Independent) 1030', found none",
        )
    if seats is None:
        seats = facts.seats if facts.seats is not None else max(marked_elected, 1)
    papers = facts.valid
    if papers is None and seats == 1:
        papers = sum(votes)
    if seats == 1 and papers != sum(votes):
        raise InputError(
            source,
            facts.lines.get("valid"),
            f"expected the votes to add up to the {papers} valid papers stated, found {sum(votes)}",
        )
    contest = make_contest(
        source,
        facts.lines.get("seats"),
        contest_name(source, facts.title or ", ".join(titles)),
        seats,
        candidates,
        date=facts.date,
        ranked=False,
    )
    return Election(
        contest,
        Totals(tuple(votes), papers),
        rejected=facts.rejected_by_head(),
        rejected_in_part=facts.rejected_in_part,
        electorate=facts.electorate,
        papers_issued=facts.papers_issued,
        source=source,
        rules=RULES,
    )


def _column_headings(line: str) -> bool:
    """Whether ``line`` is a table's headings, such as ``Candidate  Party  Votes  %``."""
    words = re.findall(r"[^\s\t]+", line.lower())
    return bool(words) and all(word.strip("()") in _HEADINGS for word in words)


def _candidate_line(line: str) -> tuple[Candidate, int, bool] | None:
    """(candidate, votes, marked elected) of a candidate line; None if it is not one.

    Raises ValueError for votes grouped with a space (``1 234``), which cannot be
    told from a name that ends in a number.
    """
    text = line.strip()
    elected = False
    while True:
        marker = _ELECTED.search(text)
        if marker and marker.start() > 0:
            elected = elected or "elect" in marker.group().lower()
            text = text[: marker.start()].rstrip()
            continue
        share = _SHARE.search(text)
        if share and share.start() > 0:
            text = text[: share.start()].rstrip()
            continue
        break
    text = text.lstrip("*").strip()
    match = _VOTES.fullmatch(text)
    if match is None:
        return None
    label = match.group("label").rstrip(" \t:-–—").strip()
    if not label or not re.search(r"[^\W\d_]", label):
        return None
    votes = match.group("votes")
    if len(votes) == 3 and re.search(r"[^\w(][0-9]{1,3}$", " " + label):
        raise ValueError(f"expected votes written as 1234 or 1,234, found {line.strip()!r}")
    return _candidate(label), int(votes.replace(",", "")), elected


def _candidate(label: str) -> Candidate:
    """``Name (Party)``, or ``Name<TAB>Party``, without a marking ``*``."""
    fields = [field.strip() for field in _COLUMNS.split(label) if field.strip()]
    candidate = candidate_from_label(fields[0])
    name = candidate.name.rstrip("*").strip() or candidate.name
    party = candidate.party
    if len(fields) > 1 and party is None:
        party = " ".join(fields[1:])
    return Candidate(name, party)
