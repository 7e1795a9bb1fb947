"""Assertions for list seats by highest averages: D'Hondt, Sainte-Laguë, AMS.

Purpose: Blom, Stark, Stuckey, Teague, Vukcevic et al., "Assertion-based
approaches to auditing complex elections, with application to party-list
proportional elections" (E-Vote-ID 2021), §3: a highest-averages allocation
is right if, for every party A that won a seat and every other party B that
could win one, A's votes over the divisor of A's last seat exceed B's votes
over the divisor of B's next seat. Each is a linear assertion with the
assorter :class:`~tellers.audit.assertions.Divisor`. A threshold (the London
Assembly's 5%, GLA Act 1999 Sch. 2 para. 7) adds, for each party that won a
seat, "its share of the votes exceeds the threshold", and for each party
disregarded, "its share is below it" (:class:`Share`).

Design: the seats won, the votes and the constituency seats come from the
:class:`~tellers.core.count.Count` and the declared
:class:`~tellers.core.model.Totals`, as rule sets ``dhondt``,
``sainte-lague``, ``ams``, ``gla-assembly`` and ``senedd-2026`` count them
(``tellers.rules.list_pr``): a party holding s seats (constituency seats
included under AMS) has divisor 1 + s (D'Hondt) or 2s + 1 (Sainte-Laguë,
the first divisor as the option sets it). An individual list candidate has
divisor 1 and at most one seat. Each paper is one list vote.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from fractions import Fraction

from ..core.count import Count
from ..core.model import Election, Totals
from ..errors import RulesError
from .assertions import ZERO, Assertion, Divisor, Outcome, Share, tally_from

#: Rule sets whose divisor counts the constituency seats a party holds.
_WITH_CONSTITUENCY_SEATS = ("ams", "gla-assembly")
_INDIVIDUAL = "individual"


def list_outcome(election: Election, count: Count) -> Outcome:
    """The highest-averages assertions for ``count``."""
    totals = election.votes
    if not isinstance(totals, Totals):
        raise RulesError("a list audit reads the declared list votes")
    contest = count.contest
    label = contest.names
    votes = list(totals.votes)
    papers = totals.papers if totals.papers is not None else sum(votes)
    papers = max(papers, sum(votes))
    sainte_lague = count.rules == "sainte-lague"
    first = Fraction(Decimal(count.options.get("first-divisor", "1"))) if sainte_lague else None
    prior = (
        list(totals.prior_seats)
        if count.rules in _WITH_CONSTITUENCY_SEATS and totals.prior_seats is not None
        else [0] * len(votes)
    )
    won = Counter(count.elected)
    individual = [c.party == _INDIVIDUAL for c in contest.candidates]

    def divisor(c: int, held: int) -> Fraction:
        if individual[c]:
            return Fraction(1)
        if first is not None:
            return first if held == 0 else Fraction(2 * held + 1)
        return Fraction(1 + held)

    threshold = int(count.options.get("threshold-percent", "0") or 0)
    total = sum(votes)
    eligible = [c for c in contest.standing if votes[c] > 0]
    below = [c for c in eligible if threshold and 100 * votes[c] < threshold * total]
    eligible = [c for c in eligible if c not in below]
    eligible = [c for c in eligible if not (individual[c] and prior[c])]
    winners = [c for c in eligible if won[c]]
    assertions: list[Assertion] = []

    def share_tally(share: Share, c: int) -> tuple[tuple[Fraction, int], ...]:
        hit, miss = (total - votes[c], votes[c]) if share.against else (votes[c], total - votes[c])
        return tally_from([(share.upper, hit), (ZERO, miss), (Fraction(1, 2), papers - total)])

    if threshold:
        level = Fraction(threshold, 100)
        for c in winners:
            share = Share(c, level)
            statement = f"{label[c]} has more than {threshold}% of the votes"
            assertions.append(Assertion("threshold", statement, share, share_tally(share, c)))
        for c in below:
            share = Share(c, 1 - level, against=True)
            statement = f"{label[c]} has less than {threshold}% of the votes"
            assertions.append(Assertion("threshold", statement, share, share_tally(share, c)))
    for a in winners:
        last = divisor(a, prior[a] + won[a] - 1)
        for b in eligible:
            if b == a or (individual[b] and won[b]):
                continue
            following = divisor(b, prior[b] + won[b])
            assorter = Divisor(a, last, b, following)
            statement = (
                f"{label[a]} {votes[a]:,}/{_shown(last)} (its seat {prior[a] + won[a]}) exceeds "
                f"{label[b]} {votes[b]:,}/{_shown(following)} (its seat {prior[b] + won[b] + 1})"
            )
            tally = tally_from(
                [
                    (assorter.upper, votes[a]),
                    (ZERO, votes[b]),
                    (Fraction(1, 2), papers - votes[a] - votes[b]),
                ]
            )
            assertions.append(Assertion("divisor", statement, assorter, tally))
    seats = ", ".join(f"{label[c]} {won[c]}" for c in winners)
    return Outcome(
        contest.name,
        count.rules,
        tuple(label[c] for c in winners),
        tuple(assertions),
        papers,
        (f"list seats: {seats}",),
    )


def _shown(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else f"{float(value):g}"
