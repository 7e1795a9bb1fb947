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

    When a tie arises, the first unused supplied order that names every tied
    candidate answers it (restricted to the tied candidates). If none does, the
    ``fallback`` provider is asked (by default none, so the count stops).
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

    def draw(self, tied: Sequence[str], purpose: str, stage: int) -> Sequence[str]:
        wanted = {t.casefold(): t for t in tied}
        for i, order in enumerate(self.orders):
            if self.used[i]:
                continue
            folded = [n.casefold() for n in order]
            if set(wanted) <= set(folded):
                self.used[i] = True
                return [wanted[n] for n in folded if n in wanted]
        return self.fallback.draw(tied, purpose, stage)

    def describe(self) -> str:
        if isinstance(self.fallback, NoLots):
            return "supplied"
        return f"supplied, then {self.fallback.describe()}"

    def unused(self) -> list[str]:
        """Supplied draws that no tie asked for (worth a warning)."""
        return [">".join(o) for o, u in zip(self.orders, self.used, strict=True) if not u]
