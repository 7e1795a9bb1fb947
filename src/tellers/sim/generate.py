"""Seeded ballot generators: elections of any size from a printed seed.

Purpose: examples, property tests and benchmarks need ranked ballots whose
shape resembles a real count (a Scottish ward of ~5,000 papers uses ~1,500
distinct rankings; most papers rank three or four candidates, party colleagues
are ranked together) and that anyone can make again from the seed alone.

Design: everything is drawn from one :class:`random.Random` seeded with the
given integer, in a fixed order, so the same arguments give the same election
on every run and platform (no hash-ordered iteration is used). Rankings are
produced as distinct rankings with paper counts, never one tuple per paper:

* ``"blocs"`` — party blocs with truncation. Candidates stand for parties of
  uneven support; a voter's first preference follows party support, later
  preferences stay with the first party's colleagues and then move to the
  parties it is closest to, and each paper stops after a random number of
  preferences (a few rank everybody). A bounded pool of voter rankings is
  drawn from this process and the papers are spread over the pool by a
  multinomial draw, so a million papers cost no more than the pool.
* ``"impartial"`` — impartial culture: every paper a complete ranking, each of
  the ``candidates!`` orders equally likely. Papers are drawn as ranks of
  permutations (integers), counted, and only the distinct ones unranked.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Sequence

from ..core.model import Ballots, Candidate, Contest, Election, Ranking
from ..errors import InputError

#: The models :func:`generate` knows, by name.
MODELS = ("blocs", "impartial")

#: Pool of voter rankings drawn by the ``blocs`` model before papers are spread
#: over it; beyond this many papers the number of distinct rankings stops growing.
DEFAULT_POOL = 50_000

_SURNAMES = (
    "Adams",
    "Baird",
    "Campbell",
    "Douglas",
    "Elliot",
    "Fraser",
    "Gordon",
    "Hamilton",
    "Innes",
    "Johnston",
    "Kerr",
    "Lennox",
    "Murray",
    "Nairn",
    "Ogilvie",
    "Paterson",
    "Quinn",
    "Ross",
    "Sinclair",
    "Thomson",
    "Urquhart",
    "Wallace",
    "Young",
)
_PARTIES = ("Amber", "Blue", "Green", "Orange", "Purple", "Red", "Teal", "White", "Yellow")

# Shape of a "blocs" paper (fitted by eye to the Scottish wards of 2007-2022: 3.1
# preferences a paper on average, 14% single preferences, 17% distinct rankings):
# the chance that a voter ranks every candidate; of going on to another
# preference while the first party still has candidates unranked; of giving a
# second preference, and a later one, otherwise; of staying with the first party.
_FULL_RANKERS = 0.08
_GO_ON_WITHIN_PARTY = 0.85
_GO_ON_SECOND = 0.75
_GO_ON = 0.5
_LOYALTY = 0.85


def generate(
    candidates: int,
    papers: int,
    seats: int = 1,
    seed: int = 1,
    model: str = "blocs",
    *,
    pool: int = DEFAULT_POOL,
    rules: str | None = None,
) -> Election:
    """A ranked-ballot election drawn from ``seed``.

    ``candidates`` stand for ``seats``; ``papers`` valid papers are drawn under
    ``model`` (see :data:`MODELS`). ``pool`` bounds the voter rankings of the
    ``blocs`` model. ``rules`` names the rule set the election is meant for (for
    the ``rules`` field of the :class:`Election`; nothing is counted here).
    The seed and the arguments are recorded in ``Election.source`` and in the
    contest's name, so the election can be made again from what is printed.
    """
    _check(candidates, papers, seats, model, pool)
    rng = random.Random(seed)
    if model == "impartial":
        names, ballots = _plain_names(candidates), _impartial(rng, candidates, papers)
    else:
        names, ballots = _blocs(rng, candidates, papers, pool)
    contest = Contest(
        name=f"Generated {model} election, seed {seed}",
        seats=seats,
        candidates=names,
    )
    source = (
        f"tellers.sim.generate(candidates={candidates}, papers={papers}, seats={seats}, "
        f"seed={seed}, model={model!r}"
        + (f", pool={pool}" if model == "blocs" and pool != DEFAULT_POOL else "")
        + ")"
    )
    return Election(contest=contest, votes=ballots, source=source, rules=rules)


def _check(candidates: int, papers: int, seats: int, model: str, pool: int) -> None:
    def fail(message: str) -> None:
        raise InputError("tellers.sim.generate", None, message)

    if model not in MODELS:
        fail(f"model is one of {', '.join(MODELS)}, not {model!r}")
    if candidates < 1:
        fail(f"at least one candidate is expected, not {candidates}")
    if not 1 <= seats <= candidates:
        fail(f"seats between 1 and the {candidates} candidates are expected, not {seats}")
    if papers < 0:
        fail(f"a number of papers of 0 or more is expected, not {papers}")
    if pool < 1:
        fail(f"a pool of at least one ranking is expected, not {pool}")


def _plain_names(candidates: int) -> tuple[Candidate, ...]:
    return tuple(Candidate(_surname(i)) for i in range(candidates))


def _surname(i: int) -> str:
    base = _SURNAMES[i % len(_SURNAMES)]
    return base if i < len(_SURNAMES) else f"{base} {i // len(_SURNAMES) + 1}"


# --- impartial culture ---------------------------------------------------------------


def _impartial(rng: random.Random, candidates: int, papers: int) -> Ballots:
    orders = math.factorial(candidates)
    if orders <= 2**53:
        # random.choices scales one random() per paper: exact for these sizes.
        drawn = rng.choices(range(orders), k=papers)
    else:
        drawn = [rng.randrange(orders) for _ in range(papers)]
    tally = Counter(drawn)
    # The rank of a permutation (Lehmer code) orders permutations lexicographically,
    # so sorting the ranks sorts the rankings, as Ballots wants.
    ranks = sorted(tally)
    rankings = tuple(_unrank(r, candidates) for r in ranks)
    return Ballots(rankings, tuple(tally[r] for r in ranks))


def _unrank(rank: int, candidates: int) -> Ranking:
    remaining = list(range(candidates))
    out: list[int] = []
    for place in range(candidates - 1, -1, -1):
        index, rank = divmod(rank, math.factorial(place))
        out.append(remaining.pop(index))
    return tuple(out)


# --- party blocs with truncation -----------------------------------------------------


def _blocs(
    rng: random.Random, candidates: int, papers: int, pool: int
) -> tuple[tuple[Candidate, ...], Ballots]:
    parties = max(1, min(candidates, round(1.5 + candidates / 2.5), len(_PARTIES)))
    support = _weights(rng, parties, 1.5)
    # Each party stands one candidate; bigger parties stand the rest.
    party_of = list(range(parties))
    party_of += rng.choices(range(parties), weights=support, k=candidates - parties)
    rng.shuffle(party_of)
    appeal = _weights(rng, candidates, 4.0)
    closeness = [_weights(rng, parties, 0.6) for _ in range(parties)]
    members: list[list[int]] = [[] for _ in range(parties)]
    for c, p in enumerate(party_of):
        members[p].append(c)

    # Parties are named in order of support, so "Amber" is not always small.
    order = sorted(range(parties), key=lambda p: -support[p])
    label = {p: _PARTIES[rank] for rank, p in enumerate(order)}
    people = tuple(Candidate(_surname(c), label[party_of[c]]) for c in range(candidates))

    slots = min(papers, pool)
    voters = [
        _bloc_ranking(rng, candidates, party_of, members, support, appeal, closeness)
        for _ in range(slots)
    ]
    if slots == papers:
        tally = Counter(voters)
    else:
        # Multinomial: each paper falls on one voter ranking of the pool, equally likely.
        hits = Counter(rng.choices(range(slots), k=papers))
        tally = Counter()
        for slot in range(slots):
            n = hits.get(slot, 0)
            if n:
                tally[voters[slot]] += n
    keys = sorted(tally)
    return people, Ballots(tuple(keys), tuple(tally[k] for k in keys))


def _weights(rng: random.Random, n: int, shape: float) -> list[float]:
    """``n`` positive weights, spread like a Dirichlet draw with the given shape."""
    return [rng.gammavariate(shape, 1.0) + 1e-9 for _ in range(n)]


def _bloc_ranking(
    rng: random.Random,
    candidates: int,
    party_of: Sequence[int],
    members: Sequence[Sequence[int]],
    support: Sequence[float],
    appeal: Sequence[float],
    closeness: Sequence[Sequence[float]],
) -> Ranking:
    full = rng.random() < _FULL_RANKERS
    home = rng.choices(range(len(support)), weights=support)[0]
    ranking = [_pick(rng, members[home], appeal)]
    used = set(ranking)
    while len(ranking) < candidates:
        colleagues = [c for c in members[home] if c not in used]
        go_on = (
            _GO_ON_WITHIN_PARTY if colleagues else _GO_ON_SECOND if len(ranking) == 1 else _GO_ON
        )
        if not full and rng.random() >= go_on:
            break
        if colleagues and rng.random() < _LOYALTY:
            choice = _pick(rng, colleagues, appeal)
        else:
            others = [c for c in range(candidates) if c not in used]
            near = closeness[home]
            weights = [near[party_of[c]] * appeal[c] for c in others]
            choice = rng.choices(others, weights=weights)[0]
        ranking.append(choice)
        used.add(choice)
    return tuple(ranking)


def _pick(rng: random.Random, among: Sequence[int], appeal: Sequence[float]) -> int:
    if len(among) == 1:
        return among[0]
    return rng.choices(among, weights=[appeal[c] for c in among])[0]
