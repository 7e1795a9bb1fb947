"""List PR by highest averages: D'Hondt, Sainte-Laguë, the Additional Member System
top-up, and the Senedd's closed lists from 2026.

Purpose: the allocation of list seats of spec 07.

* ``dhondt``: each seat goes to the highest figure ``votes / (1 + s)``, where
  ``s`` is the seats the party has won so far (spec 07 §7.4 with no
  constituency seats).
* ``sainte-lague``: the same with divisors 1, 3, 5, ... (``votes / (2s + 1)``);
  option ``first-divisor`` raises the first (``1.4`` for the modified method;
  spec 07 §7.6, comparison only).
* ``ams``: the "modified D'Hondt" of the Scotland Act 1998 ss. 7-8 and the
  Government of Wales Act 2006 ss. 6-9 as originally enacted: a party's figure
  is ``votes / (1 + C + R)``, C its constituency seats in the region
  (``Totals.prior_seats``) and R the list seats it has won so far.
* ``gla-assembly``: the same for the 11 London-wide members of the London
  Assembly (GLA Act 1999 Sch. 2 paras. 7-8), with its 5% threshold: a party or
  individual candidate with less than 5% of all London votes is disregarded
  (para. 7, explanatory note 53).
* ``senedd-2026``: closed-list D'Hondt in each six-member Senedd constituency,
  no constituency tier and no threshold (GoWA 2006 ss. 6-9 as substituted by the
  Senedd Cymru (Members and Elections) Act 2024 s. 8; spec 07 §7.5).

Design: the contest's candidates are the parties (``Candidate.name`` the
party's name, ``party`` None) and any individual list candidates, marked by
``party`` == :data:`INDIVIDUAL`. An individual's figure is their votes, with no
divisor; one who has won a seat, or holds a constituency seat, is then
disregarded (Scotland Act 1998 s. 8(3)). ``Contest.seats`` is the number of
list seats to allocate. Figures are :class:`~fractions.Fraction` and compared
exactly; they are shown to 2 d.p. (rounded half away from zero) beside the
exact fraction. A candidate with no votes, one who withdrew, or one below the
threshold never receives a seat; if nobody is left, the seats still unfilled
are reported (spec 07 §7.7, UNVERIFIED).

The record: stage 1 (``count``) gives the votes; then one ``allocation``
stage per seat, with the votes unchanged, the winner as subject and as
elected, and a note such as ``seat 2: Liberal Democrats, 189,522.00
(189522/1)``. A party elected to several seats appears once per seat in
``Count.elected``, in order of allocation.

Ties for the highest figure (spec 07 §7.4): if the seats left are enough for
every tied party, each receives one (in ballot order), without a lot.
Otherwise option ``last-seat-tie`` decides: ``add-one-vote`` (Electoral
Commission guidance for the Senedd: recalculate the tied figures with one
more vote each), ``one-more-seat`` (GLA Act 1999 explanatory note 53:
recalculate as though each tied party had one more seat; an individual is
then divided as a party holding one seat, a choice of ours) or ``lot``; a tie
the recalculation leaves is decided by lot through the sheet, and the
recalculation and the lot are recorded. Which procedure the statutes
prescribe for Scotland and London is UNVERIFIED (spec 07 §7.9).

Out of scope: the persons who fill a party's seats. Party lists of named
candidates (seats given in list order, skipping anyone already returned for
a constituency, and a party whose list is exhausted getting no more seats:
Scotland Act 1998 s. 8(4)-(6), GLA Act 1999 Sch. 2 para. 8(5), (10)) are not
modelled; seats are allocated to parties, and every party is taken to have
names enough.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from ..core.count import Action, Count
from ..core.lots import LotProvider
from ..core.model import Contest, Election, Totals
from ..core.values import round_half_away
from ..errors import RulesError
from .registry import Option, OptionValue, RuleSet, register
from .sheet import Sheet

#: ``Candidate.party`` of an individual list candidate (not a party): figure =
#: votes, at most one seat, disregarded if already holding a constituency seat.
INDIVIDUAL = "individual"

#: The choices of option ``last-seat-tie``.
TIE_METHODS = ("add-one-vote", "one-more-seat", "lot")


@dataclass(frozen=True, slots=True)
class _Method:
    """How one rule set divides and what it takes from the input."""

    name: str
    sainte_lague: bool = False
    constituency_seats: bool = False  # divisor counts Totals.prior_seats (AMS)
    fixed_seats: int | None = None  # the number of seats the law fixes, if it does


def shown(value: Fraction) -> str:
    """A figure to 2 d.p. with thousands commas: ``30,776.33``."""
    text = round_half_away(value, 2)
    sign = "-" if text.startswith("-") else ""
    whole, _, decimals = text.lstrip("-").partition(".")
    return f"{sign}{int(whole):,}.{decimals}"


def _first_divisor(options: Mapping[str, OptionValue]) -> Fraction:
    text = str(options.get("first-divisor", "1")).strip()
    try:
        value = Fraction(Decimal(text))
    except (InvalidOperation, ValueError):
        raise RulesError(f"option first-divisor takes a number such as 1.4, not {text!r}") from None
    if value <= 0:
        raise RulesError(f"option first-divisor must be more than 0, not {text}")
    return value


def _names(contest: Contest, indices: Sequence[int]) -> str:
    """``A``, ``A and B``, ``A, B and C`` (``A; B and C`` when a name has a comma)."""
    listed = [contest.candidates[i].name for i in indices]
    if len(listed) <= 1:
        return "".join(listed)
    comma = "; " if any("," in name for name in listed) else ", "
    return comma.join(listed[:-1]) + " and " + listed[-1]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


class _Allocation:
    """The figures of one allocation in progress."""

    def __init__(
        self,
        contest: Contest,
        votes: Sequence[int],
        prior: Sequence[int],
        method: _Method,
        first: Fraction,
    ) -> None:
        self.contest = contest
        self.votes = votes
        self.prior = prior
        self.method = method
        self.first = first
        self.won = [0] * len(votes)

    def individual(self, c: int) -> bool:
        return self.contest.candidates[c].party == INDIVIDUAL

    def divisor(self, held: int) -> Fraction:
        if self.method.sainte_lague:
            return self.first if held == 0 else Fraction(2 * held + 1)
        return Fraction(1 + held)

    def held(self, c: int) -> int:
        return self.prior[c] + self.won[c]

    def terms(self, c: int, extra_votes: int = 0, extra_seats: int = 0) -> tuple[int, int]:
        """``c``'s figure as (votes, divisor) in whole numbers, optionally with votes
        or seats added for a tie: ``(92329, 3)``, or ``(150000, 7)`` for 30,000 / 1.4."""
        votes = self.votes[c] + extra_votes
        if self.individual(c) and not extra_seats:
            return votes, 1
        held = extra_seats if self.individual(c) else self.held(c) + extra_seats
        divisor = self.divisor(held)
        return votes * divisor.denominator, divisor.numerator

    def figure(self, c: int, extra_votes: int = 0, extra_seats: int = 0) -> Fraction:
        """``c``'s figure, optionally with votes or seats added for a tie."""
        return Fraction(*self.terms(c, extra_votes, extra_seats))

    def shown(self, c: int, extra_votes: int = 0, extra_seats: int = 0) -> str:
        """``c``'s figure to 2 d.p. and exactly: ``30,776.33 (92329/3)``."""
        top, bottom = self.terms(c, extra_votes, extra_seats)
        return f"{shown(Fraction(top, bottom))} ({top}/{bottom})"


def _count(
    method: _Method, election: Election, options: Mapping[str, OptionValue], lots: LotProvider
) -> Count:
    contest = election.contest
    totals = election.votes
    if not isinstance(totals, Totals):
        raise RulesError(f"rule set {method.name} counts declared totals, not ballot papers")
    width = len(contest.candidates)
    votes = list(totals.votes)
    if len(votes) != width:
        raise RulesError(f"{len(votes)} vote totals for {width} parties")
    if any(v < 0 for v in votes):
        raise RulesError("a party cannot have fewer than 0 votes")
    for c in contest.withdrawn:
        if votes[c]:
            raise RulesError(f"{contest.candidates[c].name} withdrew but has {votes[c]} votes")
    if method.fixed_seats is not None and contest.seats != method.fixed_seats:
        raise RulesError(
            f"rule set {method.name} allocates {method.fixed_seats} seats, not {contest.seats}"
        )
    threshold = int(options.get("threshold-percent", 0))
    if not 0 <= threshold <= 100:
        raise RulesError(f"option threshold-percent takes 0 to 100, not {threshold}")
    tie = str(options.get("last-seat-tie", "lot"))
    first = _first_divisor(options) if method.sainte_lague else Fraction(1)
    notes: list[str] = []

    given = totals.prior_seats
    if given is not None:
        if len(given) != width:
            raise RulesError(f"{len(given)} constituency seat counts for {width} parties")
        if any(s < 0 for s in given):
            raise RulesError("a party cannot hold fewer than 0 constituency seats")
    if method.constituency_seats:
        if given is None:
            raise RulesError(
                f"rule set {method.name} needs each party's constituency seats "
                "(a constituency_seats column); count a plain list with dhondt"
            )
        prior = list(given)
        held = [c for c in range(width) if prior[c]]
        if held:
            listed = ", ".join(f"{contest.candidates[c].name} {prior[c]}" for c in held)
            notes.append(f"constituency seats: {listed}")
    else:
        prior = [0] * width
        if given is not None and any(given):
            notes.append(
                f"the constituency seats given are not used by {method.name} (ams divides by them)"
            )

    total = sum(votes)
    eligible = [c for c in contest.standing if votes[c] > 0]
    if threshold:
        below = [c for c in eligible if 100 * votes[c] < threshold * total]
        eligible = [c for c in eligible if c not in below]
        line = (
            f"threshold {threshold}% of {total:,} votes = {shown(Fraction(threshold * total, 100))}"
        )
        if below:
            line += f"; disregarded: {_names(contest, below)}"
        notes.append(line)
    allocation = _Allocation(contest, votes, prior, method, first)
    returned = [c for c in eligible if allocation.individual(c) and prior[c]]
    if returned:
        eligible = [c for c in eligible if c not in returned]
        notes.append(
            f"disregarded as already returned for a constituency: {_names(contest, returned)}"
        )

    sheet = Sheet(contest, method.name, 0, lots)
    sheet.stage(Action.COUNT, votes, note="list votes")
    seats = contest.seats
    filled = 0
    while filled < seats:
        active = [c for c in eligible if not (allocation.individual(c) and allocation.won[c])]
        if not active:
            break
        figures = {c: allocation.figure(c) for c in active}
        best = max(figures.values())
        tied = [c for c in active if figures[c] == best]
        left = seats - filled
        if len(tied) == 1:
            winners = [(tied[0], "", False)]
        elif len(tied) <= left:
            why = (
                f"; {_names(contest, tied)} tied at {shown(best)} with "
                f"{_plural(left, 'seat')} left: each receives one"
            )
            winners = [(c, why, False) for c in tied]
        else:
            winner, why, by_lot = _break_tie(sheet, allocation, tied, left, best, tie)
            winners = [(winner, why, by_lot)]
        for c, why, by_lot in winners:
            filled += 1
            name = contest.candidates[c].name
            figure = allocation.shown(c)
            text = f"seat {filled}: {name}, {figure}{why}"
            sheet.stage(Action.ALLOCATION, votes, subjects=(c,), elected=(c,), note=text)
            reason = f"highest figure, {figure}, for seat {filled}{why}"
            sheet.elect(c, reason, by_lot=by_lot)
            allocation.won[c] += 1
    if filled < seats:
        notes.append(
            f"{_plural(seats - filled, 'seat')} left unfilled: no party or individual "
            "candidate remains (spec 07 §7.7; UNVERIFIED)"
        )
    papers = totals.papers if totals.papers is not None else total
    return sheet.finish(papers, None, options, notes)


def _break_tie(
    sheet: Sheet,
    allocation: _Allocation,
    tied: list[int],
    left: int,
    best: Fraction,
    tie: str,
) -> tuple[int, str, bool]:
    """The winner of a tie with more tied than seats left, why, and whether by lot."""
    contest = allocation.contest
    why = f"; {_names(contest, tied)} tied at {shown(best)} with {_plural(left, 'seat')} left"
    group = tied
    if tie != "lot":
        extra = {"extra_votes": 1} if tie == "add-one-vote" else {"extra_seats": 1}
        if tie == "add-one-vote":
            how = "one vote added to each"
        else:
            how = "recalculated as though each had one more seat"
        again = {c: allocation.figure(c, **extra) for c in tied}
        listed = ", ".join(
            f"{contest.candidates[c].name} {allocation.shown(c, **extra)}" for c in tied
        )
        why += f"; {how}: {listed}"
        top = max(again.values())
        group = [c for c in tied if again[c] == top]
        if len(group) == 1:
            return group[0], why, False
        why += f"; still tied: {_names(contest, group)}"
    order = sheet.draw(group, "equality of figures for a list seat", favour="first")
    why += f"; decided by lot for {contest.candidates[order[0]].name}"
    return order[0], why, True


def _counter(
    method: _Method,
) -> Callable[[Election, Mapping[str, OptionValue], LotProvider], Count]:
    def count(election: Election, options: Mapping[str, OptionValue], lots: LotProvider) -> Count:
        return _count(method, election, options, lots)

    count.__name__ = f"count_{method.name.replace('-', '_')}"
    return count


def _threshold(default: int) -> Option:
    return Option(
        "threshold-percent",
        default,
        "disregard every party or individual candidate with less than this percentage "
        "of all the votes (London: 5, GLA Act 1999 Sch. 2 para. 7)",
    )


def _tie(default: str) -> Option:
    return Option(
        "last-seat-tie",
        default,
        "equal highest figures, more tied than seats left: add-one-vote (refigure them "
        "with one more vote each) or one-more-seat (as though each had one more seat), "
        "then lot; or lot at once (spec 07 §7.4; UNVERIFIED)",
        TIE_METHODS,
    )


register(
    RuleSet(
        name="dhondt",
        title="D'Hondt highest averages (divisors 1, 2, 3, ...)",
        family="list",
        law="spec 07 §7.4-7.5 (the D'Hondt divisors without constituency seats)",
        in_force="closed lists generally; for UK elections see ams, gla-assembly, senedd-2026",
        function=_counter(_Method("dhondt")),
        needs="totals",
        options=(_threshold(0), _tie("lot")),
    )
)

register(
    RuleSet(
        name="sainte-lague",
        title="Sainte-Laguë highest averages (divisors 1, 3, 5, ...; modified: 1.4, 3, 5, ...)",
        family="list",
        law="spec 07 §7.6 (comparison only; not used for any UK statutory election)",
        in_force="not in force in the UK",
        function=_counter(_Method("sainte-lague", sainte_lague=True)),
        needs="totals",
        options=(
            _threshold(0),
            _tie("lot"),
            Option(
                "first-divisor",
                "1",
                "the first divisor, an exact decimal (1.4 for the modified method)",
            ),
        ),
    )
)

register(
    RuleSet(
        name="ams",
        title="Additional Member System regional top-up (modified D'Hondt, 1 + C + R)",
        family="list",
        law="Scotland Act 1998 ss. 7-8; Government of Wales Act 2006 ss. 6-9 as originally "
        "enacted (explanatory notes 55-61)",
        in_force="Scottish Parliament from 1999; National Assembly for Wales / Senedd 1999-2021",
        function=_counter(_Method("ams", constituency_seats=True)),
        needs="totals",
        options=(_threshold(0), _tie("add-one-vote")),
    )
)

register(
    RuleSet(
        name="gla-assembly",
        title="London Assembly London-wide members (modified D'Hondt, 5% threshold)",
        family="list",
        law="Greater London Authority Act 1999 s. 4 and Sch. 2 paras. 7-8; explanatory notes 52-53",
        in_force="London Assembly from 2000",
        function=_counter(_Method("gla-assembly", constituency_seats=True)),
        needs="totals",
        options=(_threshold(5), _tie("one-more-seat")),
    )
)

register(
    RuleSet(
        name="senedd-2026",
        title="Senedd Cymru closed lists (D'Hondt, six members per constituency)",
        family="list",
        law="Government of Wales Act 2006 ss. 1(2), 6-9 as substituted by the Senedd Cymru "
        "(Members and Elections) Act 2024 ss. 1, 8 (explanatory notes 16-19)",
        in_force="Senedd Cymru from the 2026 general election",
        function=_counter(_Method("senedd-2026", fixed_seats=6)),
        needs="totals",
        options=(_threshold(0), _tie("add-one-vote")),
    )
)
