"""Rankings held as arrays give the Ballots that the same rankings as tuples give."""

from __future__ import annotations

import pickle
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tellers import Ballots

np = pytest.importorskip("numpy", reason="rankings as arrays need numpy")

from tellers.core.rankings import RankingArrays, from_tuples, sorted_tuples  # noqa: E402


def arrays_of(rankings: list[tuple[int, ...]], counts: list[int]) -> RankingArrays:
    """Arrays built by hand, in the order given (as a reader gives them)."""
    starts = np.zeros(len(rankings) + 1, np.int64)
    np.cumsum([len(r) for r in rankings], out=starts[1:])
    flat = np.array([c for r in rankings for c in r], dtype=np.int32)
    return RankingArrays(flat, starts, np.array(counts, dtype=np.int64))


def test_arrays_sort_as_tuples_do() -> None:
    # a ranking before those that go on from it; (2,) after (1, 5, 0)
    rankings = [(2,), (1, 5, 0), (), (1,), (1, 5), (0, 3)]
    ballots = Ballots.from_arrays(arrays_of(rankings, [1, 2, 3, 4, 5, 6]))
    assert ballots.rankings == ((), (0, 3), (1,), (1, 5), (1, 5, 0), (2,))
    assert ballots.counts == (3, 6, 4, 5, 2, 1)
    assert ballots.papers == 21
    assert len(ballots) == 6
    assert ballots.has_arrays


def test_ballots_from_arrays_equal_ballots_from_tuples_and_pickle_as_them() -> None:
    by_hand = Ballots.of((2, (1, 0)), (3, (0,)), (1, (2, 1, 0)))
    arrays = arrays_of([(2, 1, 0), (0,), (1, 0)], [1, 3, 2])
    ballots = Ballots.from_arrays(arrays)
    assert ballots == by_hand
    assert hash(ballots) == hash(by_hand)
    assert ballots.first_preferences(3) == [3, 2, 1]
    assert pickle.loads(pickle.dumps(ballots)) == by_hand
    assert by_hand.arrays().papers == 6
    assert Ballots.from_arrays(by_hand.arrays()) == by_hand
    with pytest.raises(AttributeError, match="immutable"):
        ballots.counts = (1,)


def test_rankings_given_more_than_once_are_merged() -> None:
    rankings = [(1, 0), (2,), (1, 0), (0,), (2,), (1, 0)]
    ballots = Ballots.from_arrays(arrays_of(rankings, [1, 2, 3, 4, 5, 6]))
    assert ballots == Ballots.of((10, (1, 0)), (7, (2,)), (4, (0,)))
    assert len(ballots) == 3
    long = tuple(range(299, 200, -1))  # alike beyond the sort key: compared in full
    rankings = [long, (*long, 5), long, (*long[:-1], 7), (*long, 5)]
    ballots = Ballots.from_arrays(arrays_of(rankings, [1, 2, 3, 4, 5]))
    assert ballots.rankings == ((*long[:-1], 7), long, (*long, 5))
    assert ballots.counts == (4, 4, 7)


def test_long_rankings_alike_beyond_the_sort_key_are_sorted_in_python() -> None:
    """Rankings alike in their first 32 preferences (all the key holds) and different
    after, with more than 255 candidates (two bytes a preference: 16 of them)."""
    common = tuple(range(300, 260, -1))
    rankings = [(*common, 5), (*common, 4, 7), (*common,), (*common, 4), (9,)]
    ballots = Ballots.from_arrays(arrays_of(rankings, [1, 2, 3, 4, 5]))
    assert ballots.rankings == tuple(sorted(rankings))
    assert ballots.counts == (5, 3, 4, 2, 1)


@settings(max_examples=80, deadline=None)
@given(
    candidates=st.sampled_from([3, 12, 70, 300]),
    seed=st.integers(0, 10**6),
    size=st.integers(0, 60),
    longest=st.sampled_from([1, 4, 40]),
)
def test_arrays_in_any_order_give_the_sorted_tuples(
    candidates: int, seed: int, size: int, longest: int
) -> None:
    rng = random.Random(seed)
    found: set[tuple[int, ...]] = set()
    for _ in range(size):
        start = [0, 1, 2] if rng.random() < 0.5 else []  # shared beginnings
        more = rng.sample(range(candidates), rng.randint(0, min(longest, candidates)))
        found.add(tuple(dict.fromkeys(start + more)))
    rankings = list(found) * rng.randint(1, 2)  # some given twice
    rng.shuffle(rankings)
    counts = [rng.randint(1, 9) for _ in rankings]
    merged: dict[tuple[int, ...], int] = {}
    for r, n in zip(rankings, counts, strict=True):
        merged[r] = merged.get(r, 0) + n
    expected = sorted(merged.items())
    got = sorted_tuples(arrays_of(rankings, counts))
    assert got == (tuple(r for r, _ in expected), tuple(n for _, n in expected))
    assert sorted_tuples(from_tuples(rankings, counts)) == got
    assert len(Ballots.from_arrays(arrays_of(rankings, counts))) == len(merged)


def test_arrays_in_order_are_read_off_without_a_sort() -> None:
    # a simulation hands its distinct rankings over in Ballots order already
    rankings = [(0, 3), (1,), (1, 5), (1, 5, 0), (2,)]
    counts = [6, 4, 5, 2, 1]
    plain = arrays_of(rankings, counts)
    ordered = RankingArrays(plain.candidates, plain.starts, plain.counts, ordered=True)
    assert sorted_tuples(ordered) == (tuple(rankings), tuple(counts)) == sorted_tuples(plain)
    assert Ballots.from_arrays(ordered) == Ballots.of(
        *((n, r) for r, n in zip(rankings, counts, strict=True))
    )
