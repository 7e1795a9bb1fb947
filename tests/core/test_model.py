import pytest

from tellers import Ballots, Candidate, Contest, Election, Totals


def test_compress_merges_and_sorts_papers() -> None:
    ballots = Ballots.compress([((1, 0), 2), ((0,), 1), ((1, 0), 3), ((2,), 0)])
    assert ballots.rankings == ((0,), (1, 0))
    assert ballots.counts == (1, 5)
    assert ballots.papers == 6
    assert ballots.first_preferences(3) == [1, 5, 0]


def test_ballots_refuse_unsorted_or_repeated_rankings() -> None:
    with pytest.raises(ValueError, match="sorted"):
        Ballots(((1,), (0,)), (1, 1))
    with pytest.raises(ValueError, match="sorted"):
        Ballots(((0,), (0,)), (1, 1))
    with pytest.raises(ValueError, match="one paper count"):
        Ballots(((0,),), (1, 2))
    with pytest.raises(ValueError, match="at least one paper"):
        Ballots(((0,),), (0,))


def test_contest_refuses_two_candidates_of_one_name_and_finds_names() -> None:
    with pytest.raises(ValueError, match="two candidates"):
        Contest("w", 1, (Candidate("A"), Candidate("A")))
    contest = Contest("w", 1, (Candidate("Ann Smith", "Lab"), Candidate("Bo")))
    assert contest.index("ann smith") == 0
    assert contest.candidates[0].label() == "Ann Smith (Lab)"
    with pytest.raises(KeyError):
        contest.index("Cy")


def test_papers_counted_add_rejected_to_valid() -> None:
    contest = Contest("w", 1, (Candidate("A"), Candidate("B")))
    election = Election(contest, Totals((420, 380), 800), rejected={"too_many_votes": 3})
    assert election.papers_counted == 803
    assert election.rejected_total == 3


def test_ballots_built_from_sorted_rankings_equal_checked_ones() -> None:
    trusted = Ballots.presorted(((0,), (1, 0)), (1, 5))
    assert trusted == Ballots(((0,), (1, 0)), (1, 5))
    assert trusted == Ballots.compress([((1, 0), 5), ((0,), 1)])
