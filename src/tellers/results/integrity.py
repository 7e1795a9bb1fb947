"""The integrity report of a stored result: what must add up, and what stands out.

Purpose: ``tellers results check ID``. Two kinds of finding:

- **Reconciliation** (hard): figures a declaration must satisfy. Candidate votes
  against the valid papers (single-member, and first preferences of any
  preferential count: Σ votes = valid papers; block vote: Σ votes ≤ seats × valid
  papers); papers counted (valid + rejected) against papers issued; turnout not
  over 100%; postal votes returned and rejected against those issued and returned;
  seats filled = seats; and, for a plurality count, those elected are the ones
  with most votes. A failure is an error in the figures as stored.
- **Comparison** (soft): the rejected-paper rate, in all and by statutory head, and
  the postal-vote return and rejection rates (by reason), set against the ward's own
  earlier polls and against the rest of the authority at the same election. What
  stands out is listed with the figures that make it stand out.

It never calls anything fraud or malpractice: an unusual figure has many innocent
causes (a confusing ballot paper, a combined poll, a typing error in the source).

Design: a pure function of the store's records. The comparison with the
authority is a z-score of this ward's rate against the rates of the other wards
(``(rate − mean) / sample standard deviation``, needing :data:`MIN_WARDS` other
wards); it stands out at ``|z| ≥`` :data:`Z_THRESHOLD`. Against the ward's own
history (a handful of polls at most), a rate stands out when it is more than
:data:`HISTORY_RATIO` times the highest earlier rate and at least
:data:`HISTORY_POINTS` points above it. Rates are exact fractions; they are
rounded only in messages.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from math import sqrt
from typing import Literal

from ..core.values import round_half_away
from .analysis import system_of
from .store import Ballot, Result, Store, current

__all__ = [
    "HISTORY_POINTS",
    "HISTORY_RATIO",
    "MIN_WARDS",
    "Z_THRESHOLD",
    "Finding",
    "Report",
    "check",
    "reconcile",
]

Z_THRESHOLD = 3.0
MIN_WARDS = 3
HISTORY_RATIO = 2
HISTORY_POINTS = Fraction(1)

Kind = Literal["error", "unusual"]


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing the report says: a failed reconciliation (``error``) or an ``unusual`` figure."""

    kind: Kind
    what: str
    message: str


@dataclass(frozen=True, slots=True)
class Report:
    """The integrity report of one ballot's current result."""

    ballot_id: str
    version: int
    findings: tuple[Finding, ...]
    checked: tuple[str, ...]

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.kind == "error")

    @property
    def unusual(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.kind == "unusual")

    @property
    def ok(self) -> bool:
        """True when every reconciliation holds (unusual figures are not failures)."""
        return not self.errors

    def text(self) -> str:
        lines = [f"{self.ballot_id} (version {self.version})"]
        if self.errors:
            lines.append("Does not add up:")
            lines += [f"  {f.message}" for f in self.errors]
        else:
            lines.append("Adds up: " + (", ".join(self.checked) or "nothing to reconcile"))
        if self.unusual:
            lines.append("Stands out:")
            lines += [f"  {f.message}" for f in self.unusual]
        else:
            lines.append("Nothing stands out against the ward's history or the authority.")
        return "\n".join(lines) + "\n"

    def to_json(self) -> dict[str, object]:
        return {
            "format": "tellers.integrity/1",
            "id": self.ballot_id,
            "version": str(self.version),
            "ok": self.ok,
            "checked": list(self.checked),
            "findings": [
                {"kind": f.kind, "what": f.what, "message": f.message} for f in self.findings
            ],
        }


def _n(value: int) -> str:
    return f"{value:,}"


def _pct(value: Fraction) -> str:
    return round_half_away(value * 100, 1) + "%"


# --------------------------------------------------------------------------- reconciliation


def reconcile(result: Result, system: str = "fptp") -> tuple[list[Finding], list[str]]:
    """The hard checks of one result: (failures, names of the checks that held)."""
    f = result.figures
    errors: list[Finding] = []
    held: list[str] = []

    def check(ok: bool, what: str, message: str) -> None:
        if ok:
            held.append(what)
        else:
            errors.append(Finding("error", what, message))

    votes = sum(c.votes for c in f.candidates)
    seats = result.seats
    rejected = sum(f.rejected.values())
    valid = f.valid_papers
    one_vote_a_paper = seats == 1 or system != "fptp"
    if valid is not None:
        if one_vote_a_paper:
            check(
                votes == valid,
                "votes = valid papers",
                f"candidate votes add up to {_n(votes)}, but valid papers are {_n(valid)}"
                f" (a difference of {_n(votes - valid)})",
            )
        else:
            check(
                votes <= seats * valid,
                "votes ≤ seats × valid papers",
                f"candidate votes add up to {_n(votes)}, more than {seats} seats × "
                f"{_n(valid)} valid papers = {_n(seats * valid)}",
            )
    counted = None if valid is None else valid + rejected
    if counted is not None and f.papers_issued is not None:
        check(
            counted <= f.papers_issued,
            "papers counted ≤ papers issued",
            f"ballot papers counted {_n(counted)} ({_n(valid or 0)} valid + {_n(rejected)} "
            f"rejected) are more than the {_n(f.papers_issued)} papers issued",
        )
    if f.electorate is not None:
        if counted is not None:
            check(
                counted <= f.electorate,
                "turnout ≤ 100%",
                f"ballot papers counted {_n(counted)} are more than the electorate "
                f"{_n(f.electorate)} (turnout {_pct(Fraction(counted, f.electorate or 1))})",
            )
        if f.papers_issued is not None:
            check(
                f.papers_issued <= f.electorate,
                "papers issued ≤ electorate",
                f"{_n(f.papers_issued)} ballot papers issued to an electorate of "
                f"{_n(f.electorate)}",
            )
    postal = f.postal
    if postal.issued is not None and postal.returned is not None:
        check(
            postal.returned <= postal.issued,
            "postal returned ≤ issued",
            f"{_n(postal.returned)} postal votes returned of {_n(postal.issued)} issued",
        )
    if postal.returned is not None and postal.rejected:
        refused = sum(postal.rejected.values())
        check(
            refused <= postal.returned,
            "postal rejected ≤ returned",
            f"{_n(refused)} postal votes rejected at opening of {_n(postal.returned)} returned",
        )
    elected = [c for c in f.candidates if c.elected]
    filled = min(seats, len(f.candidates))
    check(
        len(elected) == filled,
        "seats filled = seats",
        f"{len(elected)} elected for {seats} seat{'s' * (seats != 1)}"
        + (f" ({len(f.candidates)} candidates)" if len(f.candidates) < seats else ""),
    )
    if system == "fptp" and elected:
        lowest = min(c.votes for c in elected)
        beaten = [c for c in f.candidates if not c.elected and c.votes > lowest]
        check(
            not beaten,
            "the elected have most votes",
            f"{beaten[0].name if beaten else ''} ({_n(beaten[0].votes if beaten else 0)}) "
            f"was not elected, but {min(elected, key=lambda c: c.votes).name} "
            f"({_n(lowest)}) was",
        )
    return errors, held


# --------------------------------------------------------------------------- comparison

#: A rate of a result: (numerator, denominator), or None where not known.
Rate = Callable[[Result], tuple[int, int] | None]


def _rejected_rate(head: str | None) -> Rate:
    def rate(result: Result) -> tuple[int, int] | None:
        f = result.figures
        if f.valid_papers is None or not f.rejected:
            return None
        counted = f.valid_papers + sum(f.rejected.values())
        n = sum(f.rejected.values()) if head is None else f.rejected.get(head, 0)
        return (n, counted) if counted else None

    return rate


def _postal_returned(result: Result) -> tuple[int, int] | None:
    p = result.figures.postal
    if p.issued is None or p.returned is None or not p.issued:
        return None
    return p.returned, p.issued


def _postal_rejected(reason: str | None) -> Rate:
    def rate(result: Result) -> tuple[int, int] | None:
        p = result.figures.postal
        if p.returned is None or not p.returned or not p.rejected:
            return None
        n = sum(p.rejected.values()) if reason is None else p.rejected.get(reason, 0)
        return n, p.returned

    return rate


def _measures(result: Result) -> list[tuple[str, str, Rate]]:
    """(key, label, rate) of every rate this result has."""
    f = result.figures
    found: list[tuple[str, str, Rate]] = [("rejected", "rejected papers", _rejected_rate(None))]
    for head in sorted(f.rejected):
        label = f"rejected papers ({head.replace('_', ' ')})"
        found.append((f"rejected.{head}", label, _rejected_rate(head)))
    found.append(("postal.returned", "postal votes returned", _postal_returned))
    found.append(("postal.rejected", "postal votes rejected at opening", _postal_rejected(None)))
    for reason in sorted(f.postal.rejected):
        label = f"postal votes rejected at opening ({reason.replace('_', ' ')})"
        found.append((f"postal.rejected.{reason}", label, _postal_rejected(reason)))
    return found


def _z(value: Fraction, others: Sequence[Fraction]) -> float | None:
    if len(others) < MIN_WARDS:
        return None
    mean = sum(others, Fraction(0)) / len(others)
    variance = sum(((x - mean) ** 2 for x in others), Fraction(0)) / (len(others) - 1)
    if not variance:
        return None
    return float(value - mean) / sqrt(variance)


def _mean(values: Sequence[Fraction]) -> Fraction:
    return sum(values, Fraction(0)) / len(values)


def _against_authority(
    ballot: Ballot, label: str, value: Fraction, others: Sequence[Fraction]
) -> Finding | None:
    z = _z(value, others)
    if z is None or abs(z) < Z_THRESHOLD:
        return None
    where = ballot.organisation or ballot.election_id
    return Finding(
        "unusual",
        "authority",
        f"{label} {_pct(value)} against {_pct(_mean(others))} across the other "
        f"{len(others)} wards of {where} (z = {z:.1f})",
    )


def _against_history(
    label: str, value: Fraction, history: Sequence[tuple[str, Fraction]]
) -> Finding | None:
    if not history:
        return None
    highest = max(rate for _, rate in history)
    if value <= HISTORY_RATIO * highest or (value - highest) * 100 < HISTORY_POINTS:
        return None
    earlier = ", ".join(f"{_pct(rate)} on {day}" for day, rate in history)
    return Finding(
        "unusual",
        "history",
        f"{label} {_pct(value)} against {earlier} in the same ward "
        f"(more than {HISTORY_RATIO} times the highest)",
    )


def _rate(fn: Rate, result: Result) -> Fraction | None:
    pair = fn(result)
    return None if pair is None else Fraction(pair[0], pair[1])


def _same_ward(ballot: Ballot, other: Ballot) -> bool:
    if other.ballot_id == ballot.ballot_id or other.poll_date >= ballot.poll_date:
        return False
    if ballot.division_gss is not None and other.division_gss == ballot.division_gss:
        return True
    return (
        other.election_type == ballot.election_type
        and other.organisation == ballot.organisation
        and other.division is not None
        and other.division == ballot.division
    )


def check(store: Store, ballot_id: str) -> Report:
    """The integrity report of the ballot's current result (see the module's docstring)."""
    ballot, result = current(store, ballot_id)
    system = system_of(result.figures.rules or ballot.rules)
    errors, held = reconcile(result, system)
    findings: list[Finding] = list(errors)

    neighbours = [r for r in store.results(ballot.election_id) if r.ballot_id != ballot.ballot_id]
    earlier_ballots = [
        b
        for b in store.ballots(organisation=ballot.organisation, until=ballot.poll_date)
        if _same_ward(ballot, b)
    ]
    earlier: list[tuple[Ballot, Result]] = []
    for b in earlier_ballots:
        r = store.current_result(b.ballot_id)
        if r is not None:
            earlier.append((b, r))

    for _key, label, fn in _measures(result):
        value = _rate(fn, result)
        if value is None:
            continue
        others = [v for v in (_rate(fn, r) for r in neighbours) if v is not None]
        found = _against_authority(ballot, label, value, others)
        if found is not None:
            findings.append(found)
        history = [
            (b.poll_date.isoformat(), v) for b, r in earlier if (v := _rate(fn, r)) is not None
        ]
        found = _against_history(label, value, history)
        if found is not None:
            findings.append(found)
    return Report(ballot.ballot_id, result.version, tuple(findings), tuple(held))
