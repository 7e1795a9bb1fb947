"""A result's figures, from an Election or a ``tellers.count/1`` document, and their checks."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from ...core.model import Election, Totals
from ...errors import InputError
from ...formats._common import contest_name
from ..ids import ward_name
from .records import CandidateResult, Figures, PostalVotes, StoreError


def figures_of(
    result: Figures | Election | str | Mapping[str, Any],
    *,
    elected: Sequence[str] | None = None,
    postal: PostalVotes | None = None,
) -> Figures:
    """The figures of a result given as an :class:`Election` (declared totals, or ballots
    to count), a ``tellers.count/1`` document (text or parsed), or :class:`Figures`."""
    if isinstance(result, Figures):
        figures = result
    elif isinstance(result, Election):
        figures = _from_election(result, elected)
    elif isinstance(result, str):
        try:
            document = json.loads(result)
        except json.JSONDecodeError as error:
            raise InputError("count JSON", error.lineno, f"expected JSON: {error.msg}") from None
        figures = _from_count(document)
    elif isinstance(result, Mapping):
        figures = _from_count(result)
    else:
        raise StoreError(f"expected an Election or a tellers.count/1 document, found {result!r}")
    if postal is not None:
        figures = replace(figures, postal=postal)
    return figures


def _from_election(election: Election, elected: Sequence[str] | None) -> Figures:
    contest = election.contest
    if not isinstance(election.votes, Totals):
        from ...report.json import to_dict
        from ...rules import count

        rules = election.rules
        if rules is None:
            raise StoreError(f"{election.source}: name the rule set to count these ballots under")
        return _from_count(to_dict(election, count(election, rules)))
    if elected is None:
        from ...rules import count

        winners = count(election, election.rules or "uk-fptp").elected_names()
    else:
        winners = tuple(elected)
    _check_elected(election.source, contest.names, winners, contest.seats)
    return Figures(
        tuple(
            CandidateResult(c.name, c.party, votes, c.name in winners)
            for c, votes in zip(contest.candidates, election.votes.votes, strict=True)
        ),
        kind="totals",
        rules=election.rules,
        seats=contest.seats,
        electorate=election.electorate,
        papers_issued=election.papers_issued,
        valid_papers=election.votes.papers,
        rejected=dict(election.rejected),
        rejected_in_part=election.rejected_in_part,
    )


def _check_elected(source: str, names: Sequence[str], elected: Sequence[str], seats: int) -> None:
    unknown = [name for name in elected if name not in names]
    if unknown:
        raise InputError(
            source, None, f"expected elected candidates among those standing: {unknown}"
        )
    if len(set(elected)) > seats:
        raise InputError(source, None, f"expected at most {seats} elected, found {len(elected)}")


def _integer(value: Any, what: str) -> int | None:
    if value is None:
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise InputError(
            "count JSON", None, f"expected a number for {what}, found {value!r}"
        ) from None
    if number != number.to_integral_value() or number < 0:
        raise InputError("count JSON", None, f"expected a whole number for {what}, found {value}")
    return int(number)


def _from_count(document: Mapping[str, Any]) -> Figures:
    source = str(document.get("source") or "count JSON")
    if document.get("format") != "tellers.count/1":
        raise InputError(
            source, None, f"expected a tellers.count/1 document, found {document.get('format')!r}"
        )
    try:
        contest = document["contest"]
        stages = document["stages"]
        first = stages[0]["votes"] if stages else {}
        elected = set(document["elected"])
        candidates = tuple(
            CandidateResult(
                str(c["name"]),
                c.get("party"),
                _integer(first.get(c["name"], "0"), f"the first preferences of {c['name']}") or 0,
                c["name"] in elected,
            )
            for c in contest["candidates"]
        )
        seats = _integer(contest["seats"], "seats")
    except (KeyError, TypeError, IndexError, AttributeError) as error:
        raise InputError(source, None, f"expected a tellers.count/1 document: {error!r}") from None
    _check_elected(source, [c.name for c in candidates], sorted(elected), seats or 1)
    rejected = {
        str(k): _integer(v, f"rejected ({k})") or 0 for k, v in document["rejected"].items()
    }
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    return Figures(
        candidates,
        kind="count",
        rules=contest.get("rules"),
        seats=seats,
        electorate=_integer(document.get("electorate"), "electorate"),
        valid_papers=_integer(document.get("valid_papers"), "valid papers"),
        rejected=rejected,
        rejected_in_part=_integer(document.get("rejected_in_part"), "rejected in part"),
        count_json=text,
    )


def _digest(figures: Figures, source: str) -> str:
    content = {
        "source": source,
        "kind": figures.kind,
        "rules": figures.rules,
        "electorate": figures.electorate,
        "papers_issued": figures.papers_issued,
        "valid_papers": figures.valid_papers,
        "rejected": dict(sorted(figures.rejected.items())),
        "rejected_in_part": figures.rejected_in_part,
        "postal": figures.postal.to_json(),
        "count_json": figures.count_json,
        "note": figures.note,
        "candidates": [
            [c.name, c.party, c.party_key, c.votes, c.elected, c.sitting]
            for c in figures.candidates
        ],
    }
    text = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _check_figures(ballot_id: str, figures: Figures) -> None:
    names = [c.name for c in figures.candidates]
    if not names:
        raise StoreError(f"{ballot_id}: a result needs its candidates")
    if len(set(names)) != len(names):
        raise StoreError(f"{ballot_id}: expected each candidate once")
    for c in figures.candidates:
        if c.votes < 0:
            raise StoreError(f"{ballot_id}: {c.name} has {c.votes} votes")
    numbers = {
        "electorate": figures.electorate,
        "papers issued": figures.papers_issued,
        "valid papers": figures.valid_papers,
        "rejected in part": figures.rejected_in_part,
        **{f"rejected ({head})": n for head, n in figures.rejected.items()},
        "postal votes issued": figures.postal.issued,
        "postal votes returned": figures.postal.returned,
        **{f"postal votes rejected ({why})": n for why, n in figures.postal.rejected.items()},
    }
    for what, n in numbers.items():
        if n is not None and (not isinstance(n, int) or n < 0):
            raise StoreError(f"{ballot_id}: expected a whole number for {what}, found {n!r}")


def stated(result: Figures | Election | str | Mapping[str, Any]) -> tuple[str | None, date | None]:
    """The ward's name and the poll's date as a result read from a file states them, for
    the identity checks; ``None`` for what it does not state.

    The ward is named only by a declaration (declared totals): its ``Ward:`` or title
    line. A reader names a contest after its file where no title is given, and that
    name is not the ward's; the title of a file of ballots (a BLT file's, say) names
    an election, not necessarily a ward. The date is the ``Date:`` a file gives, of
    either kind. :class:`Figures` state neither.
    """
    name: Any = None
    when: Any = None
    if isinstance(result, Election):
        when = result.contest.date
        if isinstance(result.votes, Totals):
            name = result.contest.name
            if name == contest_name(result.source, None):
                name = None
    elif not isinstance(result, Figures):
        try:
            document = json.loads(result) if isinstance(result, str) else result
        except ValueError:
            return None, None  # figures_of says what is wrong with it
        contest = document.get("contest") if isinstance(document, Mapping) else None
        when = contest.get("date") if isinstance(contest, Mapping) else None
    ward = ward_name(name) or None if isinstance(name, str) and name.strip() else None
    try:
        day = date.fromisoformat(when) if isinstance(when, str) else None
    except ValueError:
        day = None
    return ward, day
