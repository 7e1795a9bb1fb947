"""Properties of the single-vote rule sets (uk-fptp, sv, av, exhaustive).

The invariants of ARCHITECTURE.md, checked on random elections: conservation
at every stage, the right number elected, paper order irrelevant, the same
draws from the same seed. The stage totals of av, exhaustive and sv are also
recounted here paper by paper, following the count's own decisions, by the
plainest code that could do it.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from hypothesis import given
from hypothesis import strategies as st

from tellers import (
    NON_TRANSFERABLE,
    Ballots,
    Candidate,
    Contest,
    Count,
    Election,
    Outcome,
    SeededLots,
    Totals,
    count,
)
from tellers.rules.alternative import Piles

NAMES = "ABCDEFG"
SINGLE = ("uk-fptp", "sv", "av", "exhaustive")

Paper = tuple[tuple[int, ...], int]


@st.composite
def papers_for(draw: st.DrawFn, n: int, standing: Sequence[int]) -> list[Paper]:
    """Groups of papers ranking standing candidates (each at least a first preference)."""
    groups = draw(
        st.lists(
            st.tuples(
                st.permutations(list(standing)),
                st.integers(1, max(1, len(standing))),
                st.integers(1, 40),
            ),
            max_size=14,
        )
    )
    return [(tuple(order[:length]), papers) for order, length, papers in groups]


@st.composite
def elections(draw: st.DrawFn, max_seats: int = 1) -> tuple[Election, list[Paper]]:
    n = draw(st.integers(1, len(NAMES)))
    withdrawn = draw(st.sets(st.integers(0, n - 1), max_size=n - 1))
    standing = [c for c in range(n) if c not in withdrawn]
    seats = draw(st.integers(1, max_seats))
    papers = draw(papers_for(n, standing))
    contest = Contest(
        "t", seats, tuple(Candidate(NAMES[i]) for i in range(n)), withdrawn=frozenset(withdrawn)
    )
    return Election(contest, Ballots.compress(papers)), papers


seeds = st.integers(0, 2**32 - 1)


def conserved(result: Count, papers: int) -> bool:
    return all(
        sum(stage.votes) + stage.non_transferable + stage.loss_to_rounding == papers
        for stage in result.stages
    )


# -- the invariants -------------------------------------------------------------------


@given(elections(), st.sampled_from(SINGLE), seeds)
def test_every_stage_accounts_for_every_valid_paper(
    drawn: tuple[Election, list[Paper]], rules: str, seed: int
) -> None:
    election, _ = drawn
    result = count(election, rules, lots=SeededLots(seed))
    assert election.valid_papers is not None
    assert result.valid_papers == election.valid_papers
    assert conserved(result, election.valid_papers)
    for stage in result.stages:
        assert all(v >= 0 for v in stage.votes)
        assert all(stage.votes[c] == 0 for c in election.contest.withdrawn)


@given(elections(max_seats=4), seeds)
def test_fptp_elects_as_many_as_there_are_seats_or_candidates(
    drawn: tuple[Election, list[Paper]], seed: int
) -> None:
    election, _ = drawn
    contest = election.contest
    result = count(election, "uk-fptp", lots=SeededLots(seed))
    assert len(result.elected) == min(contest.seats, len(contest.standing))
    assert len(set(result.elected)) == len(result.elected)
    assert set(result.elected) <= set(contest.standing)
    votes = result.final.votes
    losers = [c for c in contest.standing if c not in result.elected]
    if losers:
        assert min(votes[c] for c in result.elected) >= max(votes[c] for c in losers)


@given(elections(), st.sampled_from(SINGLE[1:]), seeds)
def test_single_winner_rules_elect_exactly_one_standing_candidate(
    drawn: tuple[Election, list[Paper]], rules: str, seed: int
) -> None:
    election, _ = drawn
    result = count(election, rules, lots=SeededLots(seed))
    assert len(result.elected) == 1
    assert result.elected[0] in election.contest.standing
    assert result.elected[0] not in result.excluded
    assert set(result.excluded) <= set(election.contest.standing)
    assert result.final.elected == result.elected
    assert [lot.stage for lot in result.lots] == sorted(lot.stage for lot in result.lots)


@given(elections(max_seats=3), st.sampled_from(SINGLE), seeds, st.randoms())
def test_the_order_of_the_papers_changes_nothing(
    drawn: tuple[Election, list[Paper]], rules: str, seed: int, rng: random.Random
) -> None:
    election, papers = drawn
    if rules != "uk-fptp" and election.contest.seats != 1:
        election = Election(
            Contest("t", 1, election.contest.candidates, election.contest.withdrawn),
            election.votes,
        )
    # the same papers, one at a time or in split bundles, in another order
    loose: list[Paper] = []
    for ranking, n in papers:
        cut = rng.randint(0, n)
        loose += [(ranking, cut), (ranking, n - cut)]
    rng.shuffle(loose)
    again = Election(election.contest, Ballots.compress(loose))
    assert count(election, rules, lots=SeededLots(seed)) == count(
        again, rules, lots=SeededLots(seed)
    )


@given(elections(), st.sampled_from(SINGLE), seeds)
def test_the_same_seed_draws_the_same_lots(
    drawn: tuple[Election, list[Paper]], rules: str, seed: int
) -> None:
    election, _ = drawn
    first = count(election, rules, lots=SeededLots(seed))
    second = count(election, rules, lots=SeededLots(seed))
    assert first == second
    assert all(lot.how == f"seed {seed}" for lot in first.lots)


# -- recounts, paper by paper ---------------------------------------------------------


def recount(papers: Sequence[Paper], continuing: set[int], width: int) -> tuple[list[int], int]:
    """Each paper to its highest-ranked continuing candidate; the rest non-transferable."""
    votes = [0] * width
    lost = 0
    for ranking, n in papers:
        for c in ranking:
            if c in continuing:
                votes[c] += n
                break
        else:
            lost += n
    return votes, lost


@given(elections(), seeds, st.booleans())
def test_av_stages_match_a_paper_by_paper_recount(
    drawn: tuple[Election, list[Paper]], seed: int, multiple: bool
) -> None:
    election, papers = drawn
    contest = election.contest
    width = len(contest.candidates)
    result = count(election, "av", {"multiple-elimination": multiple}, SeededLots(seed))
    continuing = set(contest.standing)
    for stage in result.stages:
        votes, lost = recount(papers, continuing, width)
        assert [int(v) for v in stage.votes] == votes
        assert int(stage.non_transferable) == lost
        live = [votes[c] for c in continuing]
        if stage.excluded:
            # only candidates with the fewest votes are eliminated, and nobody had a majority
            assert all(votes[c] == min(live) for c in stage.excluded)
            assert 2 * max(live) <= sum(live)
            assert multiple or len(stage.excluded) == 1
            continuing -= set(stage.excluded)
        else:
            (winner,) = stage.elected
            assert 2 * votes[winner] > sum(live) or (
                len(continuing) <= 2 and votes[winner] == max(live)
            )
    excluded = [d.stage for d in result.decisions if d.outcome is Outcome.EXCLUDED]
    assert excluded == sorted(excluded)


@given(elections(), seeds, st.integers(0, 30), st.sampled_from(["lot", "all"]))
def test_exhaustive_rounds_match_a_paper_by_paper_recount(
    drawn: tuple[Election, list[Paper]], seed: int, threshold: int, fewest_tie: str
) -> None:
    election, papers = drawn
    contest = election.contest
    width = len(contest.candidates)
    options = {"threshold-percent": threshold, "fewest-tie": fewest_tie}
    result = count(election, "exhaustive", options, SeededLots(seed))
    continuing = set(contest.standing)
    for stage in result.stages:
        votes, abstained = recount(papers, continuing, width)
        assert [int(v) for v in stage.votes] == votes
        assert int(stage.non_transferable) == abstained
        cast = sum(votes)
        live = [votes[c] for c in continuing]
        if stage.elected:
            (winner,) = stage.elected
            assert 2 * votes[winner] > cast or len(continuing) == 1
        else:
            assert 2 * max(live) <= cast
            dropped = set(stage.excluded)
            assert dropped and dropped < continuing
            below = {c for c in continuing if 100 * votes[c] < threshold * cast}
            if below != continuing:
                assert below <= dropped
            assert any(votes[c] == min(live) for c in dropped)
            assert all(votes[c] == min(live) or c in below for c in dropped)
            continuing -= dropped


@given(elections(), seeds)
def test_sv_totals_match_a_paper_by_paper_recount(
    drawn: tuple[Election, list[Paper]], seed: int
) -> None:
    election, papers = drawn
    contest = election.contest
    standing = contest.standing
    width = len(contest.candidates)
    result = count(election, "sv", lots=SeededLots(seed))
    first = [0] * width
    for ranking, n in papers:
        first[ranking[0]] += n
    total = sum(first)
    assert [int(v) for v in result.stages[0].votes] == first
    if len(standing) < 3 or any(2 * first[c] > total for c in standing):
        assert len(result.stages) == 1
        assert first[result.elected[0]] == max(first[c] for c in standing)
        return
    ordered = sorted((first[c] for c in standing), reverse=True)
    remaining = {c for c in standing if first[c] >= ordered[1]}
    final = [0] * width
    for ranking, n in papers:
        if ranking[0] in remaining:
            final[ranking[0]] += n
        elif len(ranking) > 1 and ranking[1] in remaining:
            final[ranking[1]] += n
    assert set(standing) - set(result.stages[0].excluded) == remaining
    assert [int(v) for v in result.final.votes] == final
    assert int(result.final.non_transferable) == total - sum(final)
    assert final[result.elected[0]] == max(final)


@given(
    st.lists(st.integers(0, 1000), min_size=1, max_size=7),
    seeds,
    st.integers(0, 30),
    st.sampled_from(["lot", "all"]),
)
def test_one_exhaustive_ballot_from_totals_elects_or_drops(
    votes: list[int], seed: int, threshold: int, fewest_tie: str
) -> None:
    contest = Contest("Speaker", 1, tuple(Candidate(NAMES[i]) for i in range(len(votes))))
    options = {"threshold-percent": threshold, "fewest-tie": fewest_tie}
    result = count(Election(contest, Totals(tuple(votes))), "exhaustive", options, SeededLots(seed))
    (stage,) = result.stages
    cast = sum(votes)
    assert result.valid_papers == cast
    assert conserved(result, cast)
    if result.elected:
        assert 2 * votes[result.elected[0]] > cast or len(votes) == 1
        assert stage.excluded == ()
    else:
        assert 2 * max(votes) <= cast
        assert 0 < len(stage.excluded) < len(votes)
        assert any(votes[c] == min(votes) for c in stage.excluded)


@given(elections(), st.sampled_from([0, 1, 2, 3, 16]), st.randoms())
def test_piles_hold_every_paper_where_a_recount_puts_it(
    drawn: tuple[Election, list[Paper]], small: int, rng: random.Random
) -> None:
    # Runs searched (small 0) or rankings followed one by one (small 16), and any
    # mixture, give every candidate the papers a plain recount gives them.
    election, papers = drawn
    contest = election.contest
    width = len(contest.candidates)
    assert isinstance(election.votes, Ballots)
    continuing = set(contest.standing)
    piles = Piles(election.votes, width, sorted(continuing), small)
    while continuing:
        votes, lost = recount(papers, continuing, width)
        assert piles.votes == votes
        assert piles.non_transferable == lost
        out = rng.sample(sorted(continuing), rng.randint(1, len(continuing)))
        before = list(piles.votes)
        moves = piles.drop(out)
        continuing -= set(out)
        assert sorted(moves) == sorted(out)
        for loser in out:
            assert sum(moves[loser].values()) == before[loser]
            assert set(moves[loser]) <= continuing | {NON_TRANSFERABLE}
    assert piles.votes == [0] * width
    assert piles.non_transferable == election.valid_papers


def test_a_large_count_matches_a_paper_by_paper_recount() -> None:
    # 20,000 papers over 7 candidates: thousands of distinct rankings, so that long
    # runs are searched and short ones followed.
    rng = random.Random(2011)
    weights = [9, 8, 7, 5, 3, 2, 1]
    papers: list[Paper] = []
    for _ in range(20_000):
        order = rng.sample(range(7), 7)
        order.sort(key=lambda c: -rng.random() * weights[c])
        papers.append((tuple(order[: rng.randint(1, 7)]), 1))
    contest = Contest("big", 1, tuple(Candidate(NAMES[i]) for i in range(7)))
    election = Election(contest, Ballots.compress(papers))
    assert isinstance(election.votes, Ballots) and len(election.votes) > 2000
    for rules in ("av", "exhaustive"):
        result = count(election, rules, lots=SeededLots(1))
        continuing = set(contest.standing)
        for stage in result.stages:
            votes, lost = recount(papers, continuing, 7)
            assert [int(v) for v in stage.votes] == votes
            assert int(stage.non_transferable) == lost
            continuing -= set(stage.excluded)
