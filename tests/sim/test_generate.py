"""The seeded generators: reproducible, well-formed, and compressed like real wards."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tellers import Ballots, Election, InputError
from tellers.sim import MODELS, generate


def ballots(election: Election) -> Ballots:
    assert isinstance(election.votes, Ballots)
    return election.votes


def assert_well_formed(election: Election, candidates: int, papers: int, full: bool) -> None:
    b = ballots(election)
    assert len(election.contest.candidates) == candidates
    assert sum(b.counts) == papers
    assert all(n > 0 for n in b.counts)
    assert list(b.rankings) == sorted(set(b.rankings)), "distinct and sorted"
    for ranking in b.rankings:
        assert ranking, "every generated paper has a first preference"
        assert len(set(ranking)) == len(ranking), ranking
        assert all(0 <= c < candidates for c in ranking), ranking
        if full:
            assert len(ranking) == candidates


@pytest.mark.parametrize("model", MODELS)
def test_the_same_seed_gives_the_same_election(model: str) -> None:
    first = generate(9, 4_000, seats=3, seed=2024, model=model)
    again = generate(9, 4_000, seats=3, seed=2024, model=model)
    assert first == again
    other = generate(9, 4_000, seats=3, seed=2025, model=model)
    assert ballots(other) != ballots(first)


@pytest.mark.parametrize("model", MODELS)
def test_the_seed_and_the_arguments_are_recorded(model: str) -> None:
    election = generate(5, 100, seats=2, seed=31337, model=model, rules="scot-2011")
    assert "seed=31337" in election.source
    assert f"model={model!r}" in election.source
    assert "seed 31337" in election.contest.name
    assert election.contest.seats == 2
    assert election.rules == "scot-2011"


@given(
    candidates=st.integers(1, 9),
    papers=st.integers(0, 3_000),
    seed=st.integers(0, 2**64),
    model=st.sampled_from(MODELS),
    pool=st.integers(1, 500),
)
def test_papers_add_up_and_rankings_are_valid(
    candidates: int, papers: int, seed: int, model: str, pool: int
) -> None:
    election = generate(candidates, papers, seats=1, seed=seed, model=model, pool=pool)
    assert_well_formed(election, candidates, papers, full=model == "impartial")
    if model == "blocs":
        assert len(ballots(election)) <= pool


def test_a_ward_sized_election_has_far_fewer_rankings_than_papers() -> None:
    # Scottish wards of 2007-2022: ~5,000 papers use ~1,000-1,500 distinct rankings.
    election = generate(10, 5_000, seats=4, seed=7)
    b = ballots(election)
    assert_well_formed(election, 10, 5_000, full=False)
    assert 300 < len(b) < 2_500
    lengths = {len(r) for r in b.rankings}
    assert min(lengths) == 1 and max(lengths) == 10, "papers stop at varied lengths"


def test_a_million_papers_are_drawn_over_a_bounded_pool() -> None:
    election = generate(12, 1_000_000, seats=3, seed=42, pool=20_000)
    b = ballots(election)
    assert b.papers == 1_000_000
    assert len(b) <= 20_000


def test_candidates_in_the_blocs_model_stand_for_parties() -> None:
    contest = generate(12, 10, seed=3).contest
    parties = {c.party for c in contest.candidates}
    assert None not in parties
    assert 2 <= len(parties) < 12
    assert len(set(contest.names)) == 12


def test_impartial_culture_makes_every_order_about_equally_likely() -> None:
    b = ballots(generate(3, 60_000, seed=11, model="impartial"))
    assert len(b) == 6
    # Each order expects 10,000 papers (sd about 91): 600 is over six standard deviations.
    assert all(abs(n - 10_000) < 600 for n in b.counts), b.counts


def test_more_candidates_than_the_names_list_still_have_distinct_names() -> None:
    contest = generate(60, 1, seed=1, model="impartial").contest
    assert len(set(contest.names)) == 60


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"candidates": 0, "papers": 5}, "at least one candidate"),
        ({"candidates": 3, "papers": 5, "seats": 4}, "seats between 1 and the 3"),
        ({"candidates": 3, "papers": 5, "seats": 0}, "seats between"),
        ({"candidates": 3, "papers": -1}, "0 or more"),
        ({"candidates": 3, "papers": 5, "model": "urn"}, "model is one of"),
        ({"candidates": 3, "papers": 5, "pool": 0}, "pool of at least one"),
    ],
)
def test_bad_arguments_are_named(args: dict[str, object], message: str) -> None:
    with pytest.raises(InputError, match=message):
        generate(**args)  # type: ignore[arg-type]
