"""Results as declarations and newspapers print them: one candidate a line.

::

    Spitalfields and Banglatown by-election          a title line (optional)
    Date: 19 April 2012                              facts, before or among the candidates
    Gulam Robbani (Independent) 1,030 Elected
    Ala Uddin (Labour)          987
    Smith, John (Con)\t1,234 *
    Rejected (want of official mark): 1
    Turnout: 25.4%

A candidate line is a name, an optional ``(Party)``, and the votes at the end
(``1030`` or ``1,234``, optionally followed by the word ``votes``). Columns
separated by tabs or by two or more spaces also work: ``Gulam
Robbani<TAB>Independent<TAB>1030``. A share such as ``(40.1%)`` after the
votes is read past, as is a ``*`` (elected, or the sitting member) or the word
``elected`` (also ``(elected)``, ``ELECTED``).

Every line is read, or refused with its number; none is dropped:

- The facts (``Ward:``, ``Date:``, ``Seats:``, ``Electorate:``, ``Ballot
  papers issued:``, ``Valid:``, ``Rejected:`` or ``Spoilt:`` in total or by
  head, ``Turnout:``, ``Majority:``...) are those of
  :mod:`tellers.formats._facts`: used, checked against the votes (a turnout or
  majority that disagrees is an error naming its line), or, where they cannot
  be checked (a turnout with no electorate, a swing, ``Lab hold``), kept as
  notes printed with the result.
- A line whose first word is that of a fact tellers does not know (``Postal
  votes: 30``, ``Electors who voted 1,486``) is refused, not taken for a
  candidate; a ``#`` before it keeps it as a comment.
- A line *looks like a candidate line* when, after any ``elected`` marker and
  share, its last word holds a digit (``12x``, ``-5``, ``1.5``), or a word
  holding a digit follows a ``(Party)``. Such a line that does not read as
  name and votes is an error naming the line, wherever it is.
- Before the first candidate, other lines (and lines with a date in them)
  make the title; after it, any other line is an error. A date alone on a
  line is the date; column headings (``Candidate  Party  Votes  %``) are read
  past, as are blank lines and ``#`` comments.

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

_VOTES = re.compile(
    r"(?P<label>.*?\S)\s+(?P<votes>[0-9]{1,3}(?:,[0-9]{3}){1,4}|[0-9]{1,15})(?:\s+votes?)?",
    re.IGNORECASE,
)
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
#: First words of lines that state a fact of the poll rather than a candidate's votes.
_FACT_WORDS = frozenset(
    {
        "postal",
        "proxy",
        "electors",
        "electorate",
        "elector",
        "registered",
        "eligible",
        "ballot",
        "ballots",
        "papers",
        "votes",
        "vote",
        "cast",
        "total",
        "turnout",
        "percentage",
        "majority",
        "rejected",
        "spoilt",
        "spoiled",
        "valid",
        "invalid",
        "void",
        "verified",
        "counted",
        "number",
        "quota",
        "swing",
        "seats",
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
        if facts.take(line, number):
            continue
        if _OUTCOME.search(line) and not re.search("[0-9]", line):
            facts.remark(line)
            continue
        if _column_headings(line):
            continue
        if _unknown_fact(line):
            raise InputError(
                source,
                number,
                f"expected a candidate line or a fact tellers knows (Electorate, Ballot papers "
                f"issued, Valid, Rejected, Turnout, Majority...), found {line!r}; "
                "put # before it to keep it as a comment",
            )
        if not candidates and (_TITLE_WORDS.search(line) or parse_date(line)):
            titles.append(line.strip('"'))
            facts.date = facts.date or parse_date(line)
            continue
        try:
            entry = _candidate_line(line)
        except ValueError as error:
            raise InputError(source, number, str(error)) from None
        if entry is None:
            if not candidates and not _looks_like_votes(line):
                titles.append(line.strip('"'))
                continue
            raise InputError(source, number, _expected_votes(line))
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
    election = Election(
        contest,
        Totals(tuple(votes), papers),
        rejected=facts.rejected_by_head(),
        rejected_in_part=facts.rejected_in_part,
        electorate=facts.electorate,
        papers_issued=facts.papers_issued,
        source=source,
        rules=RULES,
    )
    return facts.checked(election)


def _unknown_fact(line: str) -> bool:
    """Whether ``line`` states, with a figure, a fact the reader does not know
    (``Postal votes: 30``): its first word is a fact's, not a name's."""
    first = re.match(r"[^\W\d_]+", line)
    return (
        first is not None
        and first.group().lower() in _FACT_WORDS
        and re.search("[0-9]", line) is not None
    )


def _bare(line: str) -> str:
    """``line`` without the markers read past after the votes."""
    text = line.strip()
    while True:
        marker = _ELECTED.search(text)
        if marker and marker.start() > 0:
            text = text[: marker.start()].rstrip()
            continue
        share = _SHARE.search(text)
        if share and share.start() > 0:
            text = text[: share.start()].rstrip()
            continue
        return text


def _looks_like_votes(line: str) -> bool:
    """Whether ``line`` looks like a candidate line: its last word holds a digit, or a
    word holding a digit follows a ``(Party)``."""
    text = _bare(line)
    words = text.split()
    if words and re.search("[0-9]", words[-1]) and len(words) > 1:
        return True
    party = text.find(")")
    return party >= 0 and re.search("[0-9]", text[party:]) is not None


def _expected_votes(line: str) -> str:
    """What was expected of a line that should have been a candidate line."""
    words = _bare(line).split()
    last = words[-1] if words else ""
    if re.fullmatch("[0-9]{16,}", last):
        return f"expected votes of at most 15 digits, found {len(last)} in {line!r}"
    if re.search("[0-9]", last):
        return (
            "expected the votes at the end of the line as a whole number such as 1030 or "
            f"1,030, found {last!r} in {line!r}"
        )
    return f"expected a candidate line such as 'Gulam Robbani (Independent) 1030', found {line!r}"


def _column_headings(line: str) -> bool:
    """Whether ``line`` is a table's headings, such as ``Candidate  Party  Votes  %``."""
    words = re.findall(r"[^\s\t]+", line.lower())
    return bool(words) and all(word.strip("()") in _HEADINGS for word in words)


def _candidate_line(line: str) -> tuple[Candidate, int, bool] | None:
    """(candidate, votes, marked elected) of a candidate line; None if it is not one.

    Raises ValueError for votes grouped with a space (``1 234``), which cannot be
    told from a name that ends in a number.
    """
    text = _bare(line)
    elected = "elect" in line.strip()[len(text) :].lower()
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
