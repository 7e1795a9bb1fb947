"""Drawing lots: the only way a tie is decided by chance.

A rule set never breaks a tie silently. It asks a :class:`LotProvider` to order
the tied candidates, and the answer is recorded in the stage and printed. The
order runs from the candidate the draw favours to the one it does not.

* :class:`SuppliedLots` replays official draws, e.g. ``"Smith>Jones"``.
* :class:`SeededLots` draws at random from a printed seed, reproducibly.
* :class:`NoLots` refuses: the count stops with :class:`~tellers.errors.LotNeeded`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol, runtime_checkable

from ..errors import LotNeeded, RulesError


@runtime_checkable
class LotProvider(Protocol):
    """Orders tied candidates when the rules say the returning officer draws lots."""

    def draw(self, tied: Sequence[str], purpose: str, stage: int) -> Sequence[str]:
        """Return ``tied`` reordered, favoured first."""
        ...

    def describe(self) -> str:
        """How lots are drawn, as printed with the result (``seed 42``, ``supplied``)."""
        ...


class NoLots:
    """Refuses every draw, so that a tie stops the count with a clear message."""

    def draw(self, tied: Sequence[str], purpose: str, stage: int) -> Sequence[str]:
        raise LotNeeded(stage, purpose, tied)

    def describe(self) -> str:
        return "none supplied"


class SeededLots:
    """Draws at random from a seed; the same seed gives the same draws."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        import random  # only where lots are drawn at random: start-up time counts

        self._random = random.Random(seed)

    def draw(self, tied: Sequence[str], purpose: str, stage: int) -> Sequence[str]:
        order = sorted(tied)
        self._random.shuffle(order)
        return order

    def describe(self) -> str:
        return f"seed {self.seed}"


class SuppliedLots:
    """Replays draws given as orders of names, e.g. ``["Smith>Jones"]``.

    When a tie arises, the first unused supplied order that names exactly the
    tied candidates answers it. An unused order that names some of them and
    someone else does not fit, and is refused naming who is not in the tie
    (rather than passed over, or cut down to the tied names, which would replay
    a draw that was not made). If no order names a tied candidate, the
    ``fallback`` provider is asked (by default none, so the count stops).

    Before a count, :meth:`check` refuses an order that names a standing
    candidate beside someone who is not standing.
    """

    def __init__(self, orders: Iterable[Sequence[str] | str], fallback: LotProvider | None = None):
        self.orders: list[tuple[str, ...]] = []
        for order in orders:
            names = order.split(">") if isinstance(order, str) else list(order)
            cleaned = tuple(n.strip() for n in names if n.strip())
            if len(cleaned) < 2:
                raise RulesError(f"a lot names at least two candidates: {order!r}")
            self.orders.append(cleaned)
        self.used = [False] * len(self.orders)
        self.fallback = fallback or NoLots()

    @classmethod
    def parse(cls, texts: Iterable[str], fallback: LotProvider | None = None) -> SuppliedLots:
        return cls(list(texts), fallback)

    def check(self, standing: Sequence[str]) -> None:
        """Refuse an order that names a standing candidate beside someone who is not.

        An order that names nobody standing is left alone: counting several files,
        it may be for another of them (and is reported if no file needs it).
        """
        known = {name.casefold() for name in standing}
        for order in self.orders:
            strangers = [n for n in order if n.casefold() not in known]
            if strangers and len(strangers) < len(order):
                what = "is not a standing candidate"
                if len(strangers) > 1:
                    what = "are not standing candidates"
                raise RulesError(
                    f"the lot supplied as {'>'.join(order)!r} cannot be drawn: "
                    f"{_names(strangers)} {what} (standing: {', '.join(standing)})"
                )

    def draw(self, tied: Sequence[str], purpose: str, stage: int) -> Sequence[str]:
        wanted = {t.casefold(): t for t in tied}
        for i, order in enumerate(self.orders):
            if not self.used[i] and {n.casefold() for n in order} == set(wanted):
                self.used[i] = True
                return [wanted[n.casefold()] for n in order]
        for i, order in enumerate(self.orders):
            folded = {n.casefold() for n in order}
            if not self.used[i] and folded & set(wanted):
                others = [n for n in order if n.casefold() not in wanted]
                missing = [t for t in tied if t.casefold() not in folded]
                what: list[str] = []
                if others:
                    verb = "is" if len(others) == 1 else "are"
                    what.append(f"{_names(others)} {verb} not in the tie between {_names(tied)}")
                if missing:
                    what.append(f"it does not name {_names(missing)}")
                raise RulesError(
                    f"stage {stage}: the lot supplied as {'>'.join(order)!r} does not fit "
                    f"the tie ({purpose}): {'; '.join(what)}; supply the tied candidates "
                    f'only, as --lots "{">".join(tied)}"'
                )
        return self.fallback.draw(tied, purpose, stage)

    def describe(self) -> str:
        if isinstance(self.fallback, NoLots):
            return "supplied"
        return f"supplied, then {self.fallback.describe()}"

    def unused(self) -> list[str]:
        """Supplied draws that no tie asked for (worth a warning)."""
        return [">".join(o) for o, u in zip(self.orders, self.used, strict=True) if not u]


def _names(names: Sequence[str]) -> str:
    """``A``, ``A and B``, ``A, B and C``."""
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"
