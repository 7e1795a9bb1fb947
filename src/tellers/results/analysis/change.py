"""Change in share (spec 08 §8.4) and Butler and Steed swing (§8.5)."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from .contest import ChangeStatus
from .vote_share import Shares


@dataclass(frozen=True, slots=True)
class Change:
    """A party's change in share, in points; ``points`` is ``None`` unless ``status`` is ``change``.

    ``now`` and ``base`` are the shares compared (``None`` where the party did not stand).
    """

    party: str
    status: ChangeStatus
    points: Fraction | None
    now: Fraction | None
    base: Fraction | None


def change_in_share(
    now: Shares, base: Shares, *, absent_as_zero: bool = False
) -> dict[str, Change]:
    """Each party's change in share (spec 08 §8.4), from unrounded shares.

    Parties standing now come first, by share now; a party absent from the
    base is ``new`` (or changes from 0 with ``absent_as_zero``); then the
    parties of the base that did not stand now, by base share.
    """
    changes: dict[str, Change] = {}
    for party in now.ranked():
        share = now.percent[party]
        if party in base.percent:
            was = base.percent[party]
            changes[party] = Change(party, "change", share - was, share, was)
        elif absent_as_zero:
            changes[party] = Change(party, "change", share, share, Fraction(0))
        else:
            changes[party] = Change(party, "new", None, share, None)
    for party in base.ranked():
        if party not in now.percent:
            changes[party] = Change(party, "did not stand", None, None, base.percent[party])
    return changes


# --------------------------------------------------------------------------- swing (§8.5)


@dataclass(frozen=True, slots=True)
class Swing:
    """Swing from ``from_party`` (B) to ``to_party`` (A), in points: positive is a swing to A.

    ``butler`` and ``steed`` are ``None`` where undefined (A or B did not stand
    in one of the contests, or, for Steed, A and B had no votes).
    """

    to_party: str
    from_party: str
    butler: Fraction | None
    steed: Fraction | None

    def reversed(self) -> Swing:
        """The same swing read from A to B."""
        return Swing(
            self.from_party,
            self.to_party,
            None if self.butler is None else -self.butler,
            None if self.steed is None else -self.steed,
        )


def swing(now: Shares, base: Shares, to_party: str, from_party: str) -> Swing:
    """Butler and Steed swing from ``from_party`` (B) to ``to_party`` (A) (spec 08 §8.5).

    Butler: ``((A_now − A_base) + (B_base − B_now)) / 2`` on shares of the total
    valid vote. Steed: ``100 × (A_now/(A_now + B_now) − A_base/(A_base + B_base))``.
    """
    if to_party == from_party:
        raise ValueError("a swing is between two different parties")
    a, b = to_party, from_party
    if not all(p in s.percent for p in (a, b) for s in (now, base)):
        return Swing(a, b, None, None)
    a_now, b_now = now.percent[a], now.percent[b]
    a_base, b_base = base.percent[a], base.percent[b]
    butler = ((a_now - a_base) + (b_base - b_now)) / 2
    steed: Fraction | None = None
    if a_now + b_now and a_base + b_base:
        steed = 100 * (a_now / (a_now + b_now) - a_base / (a_base + b_base))
    return Swing(a, b, butler, steed)


def default_pair(now: Shares) -> tuple[str, str] | None:
    """``(A, B)``: the party first now and the party second now (ties by key); ``None`` if fewer."""
    ranked = now.ranked()
    return (ranked[0], ranked[1]) if len(ranked) >= 2 else None
