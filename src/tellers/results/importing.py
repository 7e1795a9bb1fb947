"""Import a CSV of candidate results, one candidate a row, into the results store.

::

    from tellers.results.importing import import_csv, parse_columns
    import_csv(store, "wards.csv", poll_date="2014-05-22",
               columns=parse_columns("organisation=Borough,division=Ward,votes=Votes"))

Each contest's rows are together (a file sorted by ward); a contest becomes one
ballot, ``<type>.<organisation slug>.<division slug>.<date>`` (see
:mod:`.ids`), with one result version. The whole file is one transaction: a
fault on any line (reported as ``file:line: what was expected``) leaves the
store as it was, and importing the same file again changes nothing.

Columns (``field=Header`` in ``--columns``; the defaults are the headings of the
London 2014 borough wards file, :data:`LONDON_2014_COLUMNS`):

    organisation       the council's name (slugged for the identifier)      required
    division           the ward's name (slugged for the identifier)         required
    candidate          name as printed; a trailing ``*`` marks the sitting member
    votes              votes (``1571`` or ``1,571``)                        required
    elected            Yes / No (also y, n, true, false, 1, 0, empty = no)  else counted (uk-fptp)
    seats              seats in the contest                                 else 1
    party              the party's abbreviation (LAB)                       optional
    party_long         the party's name as printed (Labour Party)           optional
    division_gss       the ward's GSS code (E05...)                         optional
    organisation_gss   the council's GSS code (E09...)                      optional
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..errors import InputError
from .ids import build_ballot_id
from .parties import party_key
from .store import BallotInfo, CandidateResult, Figures, ImportSummary, ResultRow, Store

__all__ = ["FIELDS", "LONDON_2014_COLUMNS", "import_csv", "parse_columns", "read_rows"]

FIELDS = (
    "organisation",
    "division",
    "candidate",
    "votes",
    "elected",
    "seats",
    "party",
    "party_long",
    "division_gss",
    "organisation_gss",
)
REQUIRED = ("organisation", "division", "candidate", "votes")

#: The headings of ``london_council_election_2014_ward.csv``.
LONDON_2014_COLUMNS: Mapping[str, str] = {
    "division_gss": "Ward_code",
    "organisation_gss": "Borough_code",
    "organisation": "Borough_name",
    "division": "Ward_name",
    "candidate": "candidate",
    "party": "party",
    "party_long": "party_long",
    "votes": "number_votes",
    "elected": "elected_flag",
    "seats": "Number of councillors in ward",
}

_YES = frozenset({"yes", "y", "true", "1", "elected", "*", "x"})
_NO = frozenset({"", "no", "n", "false", "0"})
_VOTES = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+")


def parse_columns(text: str, base: Mapping[str, str] | None = None) -> dict[str, str]:
    """``field=Header,field=Header`` over ``base`` (default: the London 2014 headings)."""
    columns = dict(LONDON_2014_COLUMNS if base is None else base)
    for part in text.split(","):
        if not part.strip():
            continue
        name, equals, heading = part.partition("=")
        name = name.strip()
        if not equals or name not in FIELDS or not heading.strip():
            raise InputError(
                "--columns",
                None,
                f"expected field=Header with a field among {', '.join(FIELDS)},"
                f" found {part.strip()!r}",
            )
        columns[name] = heading.strip()
    return columns


@dataclass
class _Contest:
    key: tuple[str, str]
    line: int
    organisation: str
    division: str
    seats: int | None
    division_gss: str | None
    organisation_gss: str | None
    candidates: list[CandidateResult] = field(default_factory=list)
    marked: bool = False


def read_rows(
    path: str | Path,
    *,
    poll_date: date | str,
    columns: Mapping[str, str] | None = None,
    election_type: str = "local",
    source: str | None = None,
    rules: str = "uk-fptp",
) -> Iterator[ResultRow]:
    """The file's contests as rows for :meth:`Store.import_rows`, read as they are
    needed (a fault is raised when its line is reached)."""
    name = str(path)
    columns = dict(LONDON_2014_COLUMNS if columns is None else columns)
    source = source or name
    try:
        handle = open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115 - closed below
    except OSError as error:
        raise InputError(name, None, f"cannot read the file: {error.strerror}") from None
    with handle:
        reader = csv.DictReader(handle)
        headings = reader.fieldnames or []
        missing = [columns.get(f, f) for f in REQUIRED if columns.get(f) not in headings]
        if missing:
            raise InputError(
                name, 1, f"expected the columns {', '.join(missing)} (map others with --columns)"
            )
        present = {f: h for f, h in columns.items() if h in headings}
        seen: dict[tuple[str, str], int] = {}
        contest: _Contest | None = None
        line = 1
        for record in reader:
            line = reader.line_num
            values = {f: (record.get(h) or "").strip() for f, h in present.items()}
            if not any(values.values()):
                continue
            key = (values["organisation"], values["division"])
            if not all(key):
                raise InputError(name, line, "expected the council's and the ward's names")
            if contest is None or contest.key != key:
                if contest is not None:
                    yield _row(contest, name, source, poll_date, election_type, rules)
                if key in seen:
                    raise InputError(
                        name,
                        line,
                        f"expected the rows of {key[1]} ({key[0]}) together, "
                        f"but it was already read on line {seen[key]}",
                    )
                seen[key] = line
                contest = _Contest(
                    key,
                    line,
                    key[0],
                    key[1],
                    _seats(values.get("seats"), name, line),
                    values.get("division_gss") or None,
                    values.get("organisation_gss") or None,
                )
            elif (seats := _seats(values.get("seats"), name, line)) != contest.seats:
                raise InputError(
                    name,
                    line,
                    f"expected {contest.seats} seats as on line {contest.line}, found {seats}",
                )
            _candidate(contest, values, name, line)
        if contest is None:
            raise InputError(name, line, "expected candidate rows, found none")
        yield _row(contest, name, source, poll_date, election_type, rules)


def _seats(text: str | None, name: str, line: int) -> int | None:
    if text is None:
        return None
    if not text.isdigit() or int(text) < 1:
        raise InputError(name, line, f"expected a number of seats, found {text!r}")
    return int(text)


def _candidate(contest: _Contest, values: Mapping[str, str], name: str, line: int) -> None:
    printed = values["candidate"]
    sitting = printed.endswith("*")
    candidate = printed.rstrip("*").strip()
    if not candidate:
        raise InputError(name, line, "expected a candidate's name")
    votes = values["votes"]
    if not _VOTES.fullmatch(votes):
        raise InputError(name, line, f"expected votes such as 1571 or 1,571, found {votes!r}")
    flag = values.get("elected")
    elected = False
    if flag is not None:
        contest.marked = True
        if flag.casefold() in _YES:
            elected = True
        elif flag.casefold() not in _NO:
            raise InputError(name, line, f"expected elected to be Yes or No, found {flag!r}")
    if any(c.name == candidate for c in contest.candidates):
        raise InputError(name, line, f"expected each candidate once, found {candidate!r} again")
    abbreviation = values.get("party") or None
    party = values.get("party_long") or abbreviation
    contest.candidates.append(
        CandidateResult(
            candidate,
            party,
            int(votes.replace(",", "")),
            elected,
            party_key(party, abbreviation),
            True if sitting else None,
        )
    )


def _row(
    contest: _Contest,
    name: str,
    source: str,
    poll_date: date | str,
    election_type: str,
    rules: str,
) -> ResultRow:
    seats = contest.seats or 1
    try:
        ballot_id = build_ballot_id(
            election_type, poll_date, organisation=contest.organisation, division=contest.division
        )
    except InputError as error:
        raise InputError(name, contest.line, error.message) from None
    elected = [c.name for c in contest.candidates if c.elected]
    winners = min(seats, len(contest.candidates))
    if contest.marked and len(elected) != winners:
        raise InputError(
            name,
            contest.line,
            f"expected {winners} candidates marked elected in {contest.division} "
            f"({contest.organisation}), found {len(elected)}",
        )
    figures = Figures(tuple(contest.candidates), kind="totals", rules=rules, seats=seats)
    if not contest.marked:
        from ..core.model import Candidate, Contest, Election, Totals

        election = Election(
            Contest(
                ballot_id,
                seats,
                tuple(Candidate(c.name, c.party) for c in contest.candidates),
            ),
            Totals(tuple(c.votes for c in contest.candidates)),
            source=name,
            rules=rules,
        )
        from ..rules import count

        won = set(count(election, rules).elected_names())
        figures = Figures(
            tuple(
                CandidateResult(c.name, c.party, c.votes, c.name in won, c.party_key, c.sitting)
                for c in contest.candidates
            ),
            kind="totals",
            rules=rules,
            seats=seats,
        )
    info = BallotInfo(
        seats=seats,
        division_name=contest.division,
        division_gss=contest.division_gss,
        organisation_name=contest.organisation,
        organisation_gss=contest.organisation_gss,
        rules=rules,
    )
    return ResultRow(ballot_id, figures, source, info, line=contest.line)


def import_csv(
    store: Store,
    path: str | Path,
    *,
    poll_date: date | str,
    columns: Mapping[str, str] | None = None,
    election_type: str = "local",
    source: str | None = None,
    author: str = "tellers",
    rules: str = "uk-fptp",
) -> ImportSummary:
    """Import the file in one transaction (see the module's docstring)."""
    rows = read_rows(
        path,
        poll_date=poll_date,
        columns=columns,
        election_type=election_type,
        source=source,
        rules=rules,
    )
    return store.import_rows(rows, author=author)
