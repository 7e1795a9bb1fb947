"""The count on arrays (rules/array_papers.py) records what the count in Python records.

The reference is :class:`tellers.rules.stv.Papers`, whose counts of the Scottish
wards are checked against the councils' published results in
test_scotland_official.py. Here both engines count the same elections (every
Scottish ward, and many generated ones: few papers, so ties and lots come
often; withdrawn candidates; papers that name nobody; every option that
moves whole piles) and must give equal Counts: every stage, decision,
transfer and lot.
"""

from __future__ import annotations

from collections.abc import Mapping

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tellers.core.count import Count
from tellers.core.lots import SeededLots
from tellers.core.model import Ballots, Candidate, Contest, Election
from tellers.errors import TellersError
from tellers.formats import read
from tellers.rules import count, stv

from ..data import shared_data
from .strategies import EX41, election

pytest.importorskip("numpy", reason="the count on arrays needs numpy")

#: Option sets that move whole piles (every wigm option but surplus-papers=last-parcel).
OPTIONS: list[tuple[str, dict[str, object]]] = [
    ("scot-2011", {}),
    ("scot-2011", {"truncation": "product"}),
    ("wigm", {"elect-at": "exceed", "look-back": "forward"}),
    ("wigm", {"quota": "hare", "quota-form": "fractional", "places": 2}),
    ("wigm", {"quota-form": "fractional-plus", "places": 0}),
]


def both(
    election: Election, rules: str, options: Mapping[str, object], seed: int = 7
) -> tuple[Count | str, Count | str]:
    """The count by each engine (or the error it gave), with the same seeded lots."""
    found: list[Count | str] = []
    with pytest.MonkeyPatch.context() as patch:
        for engine in ("pure", "arrays"):
            patch.setenv(stv.ENGINE_VARIABLE, engine)
            try:
                found.append(count(election, rules, dict(options), SeededLots(seed)))
            except TellersError as error:
                found.append(str(error))
    return found[0], found[1]


@pytest.mark.slow
def test_every_scottish_ward_counts_the_same() -> None:
    files = sorted(shared_data("scotland-local-stv-blt").glob("*/*.blt"))
    assert len(files) > 1000
    lots = 0
    for index, path in enumerate(files):
        election = read(path)
        for rules, options in OPTIONS if index % 25 == 0 else OPTIONS[:1]:
            pure, arrays = both(election, rules, options)
            assert isinstance(pure, Count), (path, pure)
            assert arrays == pure, (path, rules, options)
            lots += len(pure.lots)
    assert lots == 0  # no Scottish ward needs a lot: the ties come from the generated ones


@st.composite
def tied_elections(draw: st.DrawFn) -> Election:
    """3–8 candidates (some withdrawn), 1–4 seats, a few papers in few rankings, so that
    equal votes (and lots) are common; some papers name nobody, or only the withdrawn."""
    n = draw(st.integers(3, 8))
    seats = draw(st.integers(1, min(4, n)))
    withdrawn = draw(st.frozensets(st.integers(0, n - 1), max_size=2))
    ranking = st.lists(st.integers(0, n - 1), max_size=n, unique=True).map(tuple)
    groups = draw(st.lists(st.tuples(ranking, st.integers(1, 6)), min_size=1, max_size=25))
    contest = Contest(
        "tied", seats, tuple(Candidate(f"C{i}") for i in range(n)), withdrawn=withdrawn
    )
    ballots = Ballots.compress(groups)
    if draw(st.booleans()):  # as a fast reader gives them: arrays, in another order
        ballots = Ballots.from_arrays(ballots.arrays())
    return Election(contest, ballots)


@settings(max_examples=300, deadline=None)
@given(election=tied_elections(), which=st.integers(0, len(OPTIONS) - 1), seed=st.integers(0, 9))
def test_generated_elections_count_the_same(election: Election, which: int, seed: int) -> None:
    rules, options = OPTIONS[which]
    pure, arrays = both(election, rules, options, seed)
    assert arrays == pure


def test_ties_and_lots_do_come_up() -> None:
    """The generated elections do reach lots (else the test above would not test them):
    four candidates level on first preferences, three of them excluded by lot."""
    tied = election("ABCD", 1, "3: A>B; 3: B; 3: C>D; 3: D>C")
    pure, arrays = both(tied, "scot-2011", {})
    assert isinstance(pure, Count) and pure.lots
    assert arrays == pure


def test_the_spec_example_and_the_engines(monkeypatch: pytest.MonkeyPatch) -> None:
    example = election("ABCDE", 3, EX41)
    pure, arrays = both(example, "scot-2011", {})
    assert arrays == pure
    monkeypatch.setenv(stv.ENGINE_VARIABLE, "quick")
    with pytest.raises(TellersError, match="expected a count engine among"):
        count(example, "scot-2011")
    monkeypatch.setenv(stv.ENGINE_VARIABLE, "auto")
    as_tuples = election("ABCDE", 3, EX41).votes
    assert isinstance(as_tuples, Ballots)
    papers = stv.whole_piles(as_tuples, 5, (), 100_000)
    assert isinstance(papers, stv.Papers)  # few rankings, held as tuples: counted in Python
    with_arrays = Ballots.from_arrays(as_tuples.arrays())
    assert not isinstance(stv.whole_piles(with_arrays, 5, (), 100_000), stv.Papers)
    with pytest.raises(ValueError, match="whole piles"):
        stv.whole_piles(with_arrays, 5, (), 100_000).transfer(0, parcels=[])
