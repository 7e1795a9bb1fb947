"""Models of voters: seeded generators of the papers of one election.

Purpose: the ballot models researchers compare voting systems on, each drawn
from one run's random stream (:mod:`.streams`), so that an election is made
again from its seed and run number alone.

* ``ic`` — impartial culture: every complete ranking equally likely.
* ``iac`` — impartial anonymous culture: every profile (how many papers carry
  each of the ``C!`` rankings) equally likely; drawn as a multinomial with
  Dirichlet(1, ..., 1) probabilities, which is uniform over profiles.
* ``mallows`` — Mallows' model around a reference order with dispersion
  ``phi``: a ranking ``d`` swaps from the reference has probability
  proportional to ``phi^d`` (repeated insertion: the ``j``-th candidate of the
  reference goes in at place ``i`` of the ``j`` already placed with
  probability proportional to ``phi^(j - i)``).
* ``plackett-luce`` — candidates drawn one after another in proportion to
  their weights (given, or drawn for each run from Dirichlet(``alpha``)).
* ``bradley-terry`` — a ranking's probability is proportional to the product,
  over its pairs, of ``w_a / (w_a + w_b)`` for the candidate ranked higher;
  computed for every ranking, so at most 8 candidates.
* ``spatial`` — voters and candidates uniform in the unit cube of ``dimensions``
  dimensions; a voter ranks candidates from the nearest (Euclidean).
* ``slate`` — slates and blocs (the slate Plackett–Luce model): candidates form
  two slates (the first half and the rest) and voters two blocs of the given
  ``shares``; a paper's next preference is for a candidate of its bloc's
  slate with probability ``cohesion`` while both slates have candidates left,
  and within a slate candidates come in Plackett–Luce order of the bloc's
  support for them (Dirichlet(``alpha``), drawn for each run).
* ``bootstrap`` — the papers of a real election resampled with replacement.

Every model takes ``rank`` (a paper marks at most that many preferences) and
``ties``: after each preference, the probability that the paper gives the same
number to the next two candidates. The UK statutes read such a paper up to the
tie, so a tie ends it there (a tie is never placed before the first preference,
which would spoil the paper).

Design: the models whose elections all use one list of rankings (``ic`` up
to 7 candidates, ``iac``, ``bradley-terry``, ``bootstrap``) draw only the
counts of those rankings, one multinomial per election; the others draw each
voter's ranking, and the election is then compressed to distinct rankings.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from ..core.model import Ballots, Candidate
from ..errors import InputError
from .generate import _plain_names
from .papers import IntArray, Rankings, compress

FloatArray = npt.NDArray[np.float64]

#: Models drawing counts over every ranking, up to this many candidates.
DENSE_LIMIT = 7

ParameterValue = int | float | str


@dataclass(frozen=True)
class Model:
    """A model of voters: ``candidates``, ``voters`` papers an election."""

    candidates: int
    voters: int
    rank: int | None = None
    ties: float = 0.0

    #: The model's name, as ``--model`` takes it.
    name = ""

    def __post_init__(self) -> None:
        if self.candidates < 1:
            self.fail(f"at least one candidate is expected, not {self.candidates}")
        if self.voters < 1:
            self.fail(f"at least one voter is expected, not {self.voters}")
        if self.rank is not None and self.rank < 1:
            self.fail(f"rank takes 1 or more preferences, not {self.rank}")
        if not 0.0 <= self.ties <= 1.0:
            self.fail(f"ties is a probability between 0 and 1, not {self.ties}")

    def fail(self, message: str) -> None:
        raise InputError(f"model {self.name}", None, message)

    def parameters(self) -> dict[str, ParameterValue]:
        """The model and its settings, as recorded with every run."""
        values: dict[str, ParameterValue] = {"model": self.name}
        for key, value in self._settings().items():
            values[key] = value
        values["candidates"] = self.candidates
        values["voters"] = self.voters
        values["rank"] = self.rank if self.rank is not None else self.candidates
        values["ties"] = self.ties
        return values

    def _settings(self) -> Mapping[str, ParameterValue]:
        return {}

    def names(self) -> tuple[Candidate, ...]:
        return _plain_names(self.candidates)

    # -- shared rankings ------------------------------------------------------
    def types(self) -> Rankings | None:
        """The rankings every election draws counts over, or None (each voter drawn)."""
        return None

    def draw_counts(self, rng: np.random.Generator) -> IntArray:
        """Papers carrying each of :meth:`types` in one election."""
        raise NotImplementedError

    def draw_many(self, rng: np.random.Generator, elections: int) -> IntArray:
        """:meth:`draw_counts` for several elections, one after the other: ``(n, K)``."""
        return np.array([self.draw_counts(rng) for _ in range(elections)], dtype=np.int64)

    # -- voter by voter -------------------------------------------------------
    def draw_rankings(self, rng: np.random.Generator) -> Rankings:
        """Every voter's complete ranking in one election: ``(voters, candidates)``."""
        raise NotImplementedError

    # -- truncation -------------------------------------------------------------
    def lengths(self) -> FloatArray | None:
        """Probability that a paper marks 1, 2, ..., C preferences, or None (all)."""
        c = self.candidates
        if self.ties == 0.0 and (self.rank is None or self.rank >= c):
            return None
        p = self.ties
        probs = np.array([(1 - p) ** (n - 1) * p for n in range(1, c)] + [(1 - p) ** (c - 1)])
        if self.rank is not None and self.rank < c:
            probs[self.rank - 1] = probs[self.rank - 1 :].sum()
            probs[self.rank :] = 0.0
        return probs


@functools.lru_cache(maxsize=8)
def _uniform(k: int) -> FloatArray:
    return np.full(k, 1.0 / k)


@functools.lru_cache(maxsize=8)
def permutations(candidates: int) -> Rankings:
    """Every complete ranking, in sorted (lexicographic) order: ``(C!, C)``."""
    every = np.array(list(itertools.permutations(range(candidates))), dtype=np.int8).reshape(
        math.factorial(candidates), candidates
    )
    every.setflags(write=False)  # shared by every caller
    return every


@dataclass(frozen=True)
class Impartial(Model):
    name = "ic"

    def types(self) -> Rankings | None:
        return permutations(self.candidates) if self.candidates <= DENSE_LIMIT else None

    def draw_counts(self, rng: np.random.Generator) -> IntArray:
        return rng.multinomial(self.voters, _uniform(math.factorial(self.candidates)))

    def draw_many(self, rng: np.random.Generator, elections: int) -> IntArray:
        # row after row from the stream: the same as draw_counts, election by election
        p = _uniform(math.factorial(self.candidates))
        return rng.multinomial(self.voters, p, size=elections)

    def draw_rankings(self, rng: np.random.Generator) -> Rankings:
        base = np.broadcast_to(np.arange(self.candidates, dtype=np.int8), self._shape())
        return rng.permuted(base, axis=1)

    def _shape(self) -> tuple[int, int]:
        return (self.voters, self.candidates)


@dataclass(frozen=True)
class ImpartialAnonymous(Model):
    name = "iac"

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.candidates > DENSE_LIMIT:
            self.fail(f"at most {DENSE_LIMIT} candidates (C! rankings), not {self.candidates}")

    def types(self) -> Rankings | None:
        return permutations(self.candidates)

    def draw_counts(self, rng: np.random.Generator) -> IntArray:
        k = math.factorial(self.candidates)
        return rng.multinomial(self.voters, rng.dirichlet(np.ones(k)))


def _order(text: str | tuple[int, ...] | None, candidates: int, model: Model) -> tuple[int, ...]:
    if text is None or text == "":
        return tuple(range(candidates))
    order = tuple(int(x) for x in text.split(",")) if isinstance(text, str) else tuple(text)
    if sorted(order) != list(range(1, candidates + 1)):
        model.fail(f"the reference order names each candidate 1 to {candidates} once: {text}")
    return tuple(c - 1 for c in order)


@dataclass(frozen=True)
class Mallows(Model):
    phi: float = 0.5
    reference: str = ""
    name = "mallows"

    def __post_init__(self) -> None:
        super().__post_init__()
        if not 0.0 <= self.phi <= 1.0:
            self.fail(f"phi is between 0 and 1, not {self.phi}")
        _order(self.reference, self.candidates, self)

    def _settings(self) -> Mapping[str, ParameterValue]:
        order = _order(self.reference, self.candidates, self)
        return {"phi": self.phi, "reference": ",".join(str(c + 1) for c in order)}

    def draw_rankings(self, rng: np.random.Generator) -> Rankings:
        c, v = self.candidates, self.voters
        reference = np.array(_order(self.reference, c, self), dtype=np.int8)
        placed = np.full((v, c), -1, dtype=np.int8)
        uniform = rng.random((v, c))
        columns = np.arange(c)
        for j in range(c):
            # insert reference[j] at place i of j + 1, probability ∝ phi^(j - i)
            weights = self.phi ** (j - np.arange(j + 1, dtype=np.float64))
            cdf = np.cumsum(weights) / weights.sum()
            place = np.minimum(np.searchsorted(cdf, uniform[:, j], side="right"), j)
            shifted = np.concatenate([placed[:, :1], placed[:, :-1]], axis=1)
            after = columns[None, :] > place[:, None]
            here = columns[None, :] == place[:, None]
            placed = np.where(after, shifted, placed)
            placed[here] = reference[j]
        return placed


def _weights(text: str, candidates: int, model: Model) -> FloatArray | None:
    if not text:
        return None
    try:
        weights = np.array([float(x) for x in text.split(",")])
    except ValueError:
        model.fail(f"weights are numbers separated by commas: {text}")
        raise
    if len(weights) != candidates or not bool((weights > 0).all()):
        model.fail(f"{candidates} positive weights are expected, not {text}")
    return weights


@dataclass(frozen=True)
class PlackettLuce(Model):
    weights: str = ""
    alpha: float = 1.0
    name = "plackett-luce"

    def __post_init__(self) -> None:
        super().__post_init__()
        _weights(self.weights, self.candidates, self)
        if self.alpha <= 0:
            self.fail(f"alpha is positive, not {self.alpha}")

    def _settings(self) -> Mapping[str, ParameterValue]:
        return {"weights": self.weights or "dirichlet", "alpha": self.alpha}

    def support(self, rng: np.random.Generator) -> FloatArray:
        given = _weights(self.weights, self.candidates, self)
        if given is not None:
            share: FloatArray = given / given.sum()
            return share
        return rng.dirichlet(np.full(self.candidates, self.alpha))

    def draw_rankings(self, rng: np.random.Generator) -> Rankings:
        # an exponential race: candidate c finishes at E / w_c, E ~ Exp(1), so the first
        # to finish among those left is c with probability w_c / (their total weight)
        w = self.support(rng)
        with np.errstate(divide="ignore"):
            times = rng.standard_exponential((self.voters, self.candidates)) / w[None, :]
        return np.argsort(times, axis=1, kind="stable").astype(np.int8)


@dataclass(frozen=True)
class BradleyTerry(PlackettLuce):
    name = "bradley-terry"

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.candidates > DENSE_LIMIT + 1:
            self.fail(f"at most {DENSE_LIMIT + 1} candidates (C! rankings), not {self.candidates}")

    def types(self) -> Rankings | None:
        return permutations(self.candidates)

    def draw_counts(self, rng: np.random.Generator) -> IntArray:
        w = self.support(rng)
        types = permutations(self.candidates).astype(np.int64)
        c = self.candidates
        logp = np.zeros(len(types))
        for i in range(c):
            for j in range(i + 1, c):
                a, b = w[types[:, i]], w[types[:, j]]
                logp += np.log(a / (a + b))
        p = np.exp(logp - logp.max())
        return rng.multinomial(self.voters, p / p.sum())


@dataclass(frozen=True)
class Spatial(Model):
    dimensions: int = 2
    name = "spatial"

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.dimensions < 1:
            self.fail(f"at least one dimension is expected, not {self.dimensions}")

    def _settings(self) -> Mapping[str, ParameterValue]:
        return {"dimensions": self.dimensions}

    def draw_rankings(self, rng: np.random.Generator) -> Rankings:
        d = self.dimensions
        candidates = rng.random((self.candidates, d))
        voters = rng.random((self.voters, d))
        distance = ((voters[:, None, :] - candidates[None, :, :]) ** 2).sum(axis=2)
        return np.argsort(distance, axis=1, kind="stable").astype(np.int8)


@dataclass(frozen=True)
class Slate(Model):
    shares: str = "0.6,0.4"
    cohesion: float = 0.8
    alpha: float = 1.0
    name = "slate"

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.candidates < 2:
            self.fail("two slates need at least two candidates")
        shares = self._shares()
        if len(shares) != 2 or not bool((shares > 0).all()):
            self.fail(f"two positive bloc shares are expected, not {self.shares}")
        if not 0.0 <= self.cohesion <= 1.0:
            self.fail(f"cohesion is between 0 and 1, not {self.cohesion}")
        if self.alpha <= 0:
            self.fail(f"alpha is positive, not {self.alpha}")

    def _shares(self) -> FloatArray:
        try:
            values = np.array([float(x) for x in self.shares.split(",")])
        except ValueError:
            self.fail(f"bloc shares are numbers separated by commas: {self.shares}")
            raise
        return values

    def _settings(self) -> Mapping[str, ParameterValue]:
        return {"shares": self.shares, "cohesion": self.cohesion, "alpha": self.alpha}

    def draw_rankings(self, rng: np.random.Generator) -> Rankings:
        c, v = self.candidates, self.voters
        half = (c + 1) // 2
        slate_of = np.array([0] * half + [1] * (c - half))
        shares = self._shares()
        bloc = rng.choice(2, size=v, p=shares / shares.sum())
        # support of each bloc for the candidates of each slate
        support = np.zeros((2, c))
        for b in range(2):
            for s in range(2):
                members = np.flatnonzero(slate_of == s)
                support[b, members] = rng.dirichlet(np.full(len(members), self.alpha))
        # each voter's order within each slate (Plackett-Luce by its bloc's support)
        with np.errstate(divide="ignore"):
            keys = np.log(support[bloc]) + rng.gumbel(size=(v, c))
        within = np.argsort(-keys, axis=1, kind="stable")  # candidates, best first
        in_slate = [
            within[np.isin(within, np.flatnonzero(slate_of == s))].reshape(v, -1) for s in range(2)
        ]
        # the slate of each preference, and the candidate it gives
        left = np.array([half, c - half])[None, :].repeat(v, axis=0)
        taken = np.zeros((v, 2), dtype=np.int64)
        out = np.empty((v, c), dtype=np.int8)
        uniform = rng.random((v, c))
        rows = np.arange(v)
        for place in range(c):
            own = bloc
            both = (left[:, 0] > 0) & (left[:, 1] > 0)
            pick_own = uniform[:, place] < self.cohesion
            slate = np.where(both, np.where(pick_own, own, 1 - own), np.where(left[:, 0] > 0, 0, 1))
            index = taken[rows, slate]
            chosen = np.where(
                slate == 0,
                in_slate[0][rows, np.minimum(index, half - 1)],
                in_slate[1][rows, np.minimum(index, max(c - half - 1, 0))],
            )
            out[:, place] = chosen
            taken[rows, slate] += 1
            left[rows, slate] -= 1
        return out


@dataclass(frozen=True, eq=False)
class Bootstrap(Model):
    """Papers resampled with replacement from a real election's (``ballots``)."""

    source: str = ""
    contest_names: tuple[Candidate, ...] = ()
    rows: Rankings = field(default_factory=lambda: np.zeros((0, 0), dtype=np.int8))
    weights: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    name = "bootstrap"

    @classmethod
    def of(
        cls,
        ballots: Ballots,
        candidates: tuple[Candidate, ...],
        source: str,
        voters: int | None = None,
        rank: int | None = None,
        ties: float = 0.0,
    ) -> Bootstrap:
        c = len(candidates)
        rows = np.full((len(ballots.rankings), c), -1, dtype=np.int8)
        for i, ranking in enumerate(ballots.rankings):
            rows[i, : len(ranking)] = ranking
        weights = np.array(ballots.counts, dtype=np.int64)
        if not len(weights):
            raise InputError(source, None, "papers to resample are expected, not none")
        return cls(
            candidates=c,
            voters=voters if voters is not None else int(weights.sum()),
            rank=rank,
            ties=ties,
            source=source,
            contest_names=candidates,
            rows=rows,
            weights=weights,
        )

    def _settings(self) -> Mapping[str, ParameterValue]:
        return {"source": self.source}

    def names(self) -> tuple[Candidate, ...]:
        return self.contest_names

    def types(self) -> Rankings | None:
        return self.rows

    def draw_counts(self, rng: np.random.Generator) -> IntArray:
        return rng.multinomial(self.voters, self.weights / self.weights.sum())

    def draw_many(self, rng: np.random.Generator, elections: int) -> IntArray:
        return rng.multinomial(self.voters, self.weights / self.weights.sum(), size=elections)


#: The models, by the name ``--model`` takes.
VOTER_MODELS: dict[str, type[Model]] = {
    m.name: m
    for m in (Impartial, ImpartialAnonymous, Mallows, PlackettLuce, BradleyTerry, Spatial, Slate)
}
VOTER_MODELS["bootstrap"] = Bootstrap


# --- drawing a batch -------------------------------------------------------------------


@dataclass(frozen=True)
class Cut:
    """Where papers stop: each ranking of ``types`` cut after 1..C preferences, merged."""

    types: Rankings  # the distinct cut rankings, sorted
    index: IntArray  # (K, C): cut ranking of type k stopped after n + 1 preferences
    probs: FloatArray


def cut_of(model: Model, types: Rankings) -> Cut | None:
    probs = model.lengths()
    if probs is None:
        return None
    k, c = types.shape
    cut = np.repeat(types[:, None, :], c, axis=1).copy()
    for n in range(c):
        cut[:, n, n + 1 :] = -1
    flat = cut.reshape(k * c, c)
    rows, index = _distinct(flat)
    return Cut(rows, index.reshape(k, c), probs)


def _distinct(rows: Rankings) -> tuple[Rankings, IntArray]:
    c = rows.shape[1]
    base = c + 1
    weights = base ** np.arange(c - 1, -1, -1, dtype=np.int64)
    codes = (rows.astype(np.int64) + 1) @ weights
    _, first, inverse = np.unique(codes, return_index=True, return_inverse=True)
    return rows[first], inverse.astype(np.int64)


def cut_counts(cut: Cut, counts: IntArray, rng: np.random.Generator) -> IntArray:
    """Spread each ranking's papers over the places where they stop."""
    split = rng.multinomial(counts, cut.probs)  # (K, C)
    return np.bincount(cut.index.ravel(), weights=split.ravel(), minlength=len(cut.types)).astype(
        np.int64
    )


def cut_rankings(model: Model, rankings: Rankings, rng: np.random.Generator) -> Rankings:
    probs = model.lengths()
    if probs is None:
        return rankings
    v, c = rankings.shape
    lengths = rng.choice(np.arange(1, c + 1), size=v, p=probs)
    out = rankings.copy()
    out[np.arange(c)[None, :] >= lengths[:, None]] = -1
    return out


def draw_one(model: Model, rng: np.random.Generator) -> tuple[Rankings, IntArray]:
    """One election drawn voter by voter: its distinct rankings and counts."""
    return compress(cut_rankings(model, model.draw_rankings(rng), rng))


def voter_model(name: str, **settings: object) -> Model:
    """The model called ``name`` with its settings (``candidates``, ``voters``, ...)."""
    if name not in VOTER_MODELS or name == "bootstrap":
        known = ", ".join(n for n in VOTER_MODELS if n != "bootstrap")
        expected = f"one of {known} (or bootstrap from a file), not {name!r}"
        raise InputError("--model", None, expected)
    return VOTER_MODELS[name](**settings)  # type: ignore[arg-type]
