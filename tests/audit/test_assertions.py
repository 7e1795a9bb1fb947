"""Assertions of each rule family: margins from official figures, and soundness by brute force.

Independent sources: the official round figures of Maine CD2 2018 and Burlington
2009 (their data folders' READMEs), London Elects' declarations of 2021 (spec 02,
tests/rules/test_london.py), hand calculations shown here, and the definitions of
NEB/NEN (Blom, Stuckey & Teague 2019) applied by brute force over every
elimination order.
"""

from __future__ import annotations

import random
from fractions import Fraction
from itertools import permutations

import pytest

from tellers import Ballots, Candidate, Contest, Election, Totals, count
from tellers.audit import Divisor, NotEliminatedBefore, NotEliminatedNext, outcome
from tellers.audit.assertions import Assertion
from tellers.audit.raire import papers_from_ballots, raire_assertions
from tellers.errors import RulesError
from tellers.formats import read
from tellers.formats.cvr.cvr_csv import read_cvr_csv
from tellers.formats.cvr.preflib_records import read_preflib_records
from tests.data import shared_data


def _contest(n: int, seats: int = 1) -> Contest:
    return Contest("c", seats, tuple(Candidate(chr(65 + i)) for i in range(n)))


def test_fptp_pairs_from_totals() -> None:
    election = Election(_contest(3), Totals((600, 300, 100), 1000))
    found = outcome(election, count(election, "fptp"))
    margins = {a.statement: a.margin for a in found.assertions}
    assert margins == {
        "A has more votes than B": Fraction(300, 1000),
        "A has more votes than C": Fraction(500, 1000),
    }
    # a manifest of 1,200 papers: the 200 more are blank, the margins diluted
    diluted = outcome(election, count(election, "fptp"), papers=1200)
    assert [a.margin for a in diluted.assertions] == [Fraction(300, 1200), Fraction(500, 1200)]


def test_block_vote_every_winner_against_every_loser() -> None:
    # vote for 2: A+B 40, A+C 30, B+C 25, C alone 5 -> A 70, B 65, C 60: A and B elected
    ballots = Ballots.of((40, (0, 1)), (30, (0, 2)), (25, (1, 2)), (5, (2,)))
    election = Election(_contest(3, seats=2), ballots)
    result = count(election, "block")
    assert result.elected_names() == ("A", "B")
    found = outcome(election, result)
    # A over C: A+B papers 1, A+C 1/2, B+C and C 0: mean (40 + 15)/100 = 0.55
    # B over C: A+B 1, B+C 1/2, A+C and C 0: mean (40 + 12.5)/100 = 0.525
    assert [(a.statement, a.mean) for a in found.assertions] == [
        ("A has more votes than C", Fraction(55, 100)),
        ("B has more votes than C", Fraction(525, 1000)),
    ]
    assert [a.margin_votes for a in found.assertions] == [70 - 60, 65 - 60]


def test_supermajority() -> None:
    election = Election(_contest(2), Totals((700, 300), 1000))
    found = outcome(election, count(election, "fptp"), supermajority=Fraction(2, 3))
    (share,) = found.assertions
    # a(b) = 1/(2f) = 3/4 for A, 0 for B: mean = 700 × 3/4 / 1000 = 0.525
    assert share.mean == Fraction(525, 1000)
    assert share.upper == Fraction(3, 4)
    sv = Election(_contest(3), Ballots.of((5, (0,)), (4, (1,)), (3, (2, 0))))
    with pytest.raises(RulesError, match="plurality"):
        outcome(sv, count(sv, "sv"), supermajority=Fraction(2, 3))


def _order_contradicted(order: tuple[int, ...], assertion: Assertion) -> bool:
    """Whether an elimination order (first out first, winner last) breaks the assertion."""
    assorter = assertion.assorter
    position = {c: i for i, c in enumerate(order)}
    if isinstance(assorter, NotEliminatedBefore):
        return position[assorter.winner] < position[assorter.loser]
    assert isinstance(assorter, NotEliminatedNext)
    first_out = min(assorter.continuing, key=lambda c: position[c])
    rest = {c for c in order if position[c] >= position[first_out]}
    return rest == set(assorter.continuing) and first_out == assorter.winner


def _direct_margin(ballots: Ballots, assertion: Assertion) -> int:
    """NEB/NEN margins counted from their definitions, paper group by paper group."""
    assorter = assertion.assorter
    total = 0
    for ranking, n in zip(ballots.rankings, ballots.counts, strict=True):
        if isinstance(assorter, NotEliminatedBefore):
            w, lo = assorter.winner, assorter.loser
            if ranking and ranking[0] == w:
                total += n
            elif lo in ranking and (w not in ranking or ranking.index(lo) < ranking.index(w)):
                total -= n
        else:
            assert isinstance(assorter, NotEliminatedNext)
            top = next((c for c in ranking if c in assorter.continuing), None)
            total += n * ((top == assorter.winner) - (top == assorter.loser))
    return total


@pytest.mark.parametrize("seed", range(12))
def test_raire_rules_out_every_other_winner(seed: int) -> None:
    rng = random.Random(seed)
    n = rng.choice([3, 4, 5])
    pool = [tuple(rng.sample(range(n), rng.randint(1, n))) for _ in range(40)]
    ballots = Ballots.compress((r, rng.randint(1, 60)) for r in pool)
    election = Election(_contest(n), ballots)
    # these seeds give no tie for fewest votes, and RAIRE must find a set for each
    result = count(election, "av")
    found = outcome(election, result)
    winner = result.elected[0]
    for assertion in found.assertions:
        assert assertion.margin_votes == _direct_margin(ballots, assertion) > 0
    for order in permutations(range(n)):
        if order[-1] == winner:
            continue
        assert any(_order_contradicted(order, a) for a in found.assertions), order


def test_raire_maine_2018() -> None:
    path = shared_data("us-maine-2018-cd2-rcv") / "maine_cd2_2018_all_ballots.csv.gz"
    election = read_cvr_csv(path)
    maine = {
        "batch-elimination": "yes",
        "overvote-rule": "exhaustImmediately",
        "max-skipped-ranks": "1",
        "exhaust-on-duplicate": "no",
        "max-rankings": "5",
    }
    result = count(election, "rctab", maine)
    found = outcome(election, result)
    assert found.winners == ("DEM Golden, Jared F.",)
    by_set = {
        (a.kind, frozenset(getattr(a.assorter, "continuing", ()))): a for a in found.assertions
    }
    names = result.contest.names
    poliquin, golden = names.index("REP Poliquin, Bruce"), names.index("DEM Golden, Jared F.")
    # the final round (official): Golden 142,440, Poliquin 138,931
    final = by_set[("NEN", frozenset({poliquin, golden}))]
    assert final.margin_votes == 142_440 - 138_931 == 3_509
    assert final is found.hardest()
    # the other two: Golden is never eliminated before Bond, nor before Hoar; each
    # counts Golden's first preferences for him: 132,013 in the official round 1
    nebs = [a for a in found.assertions if a.kind == "NEB"]
    assert len(nebs) == 2 and len(found.assertions) == 3
    for neb in nebs:
        assert dict((v, n) for v, n in neb.tally)[Fraction(1)] == 132_013
    assert found.papers == 296_077


def test_raire_burlington_2009() -> None:
    path = shared_data("us-burlington-vt-2009-mayor-irv") / "00005-00000002.toi"
    election = read_preflib_records(path.read_text(encoding="utf-8"), str(path))
    options = {"batch-elimination": "yes", "overvote-rule": "exhaustIfMultipleContinuing"}
    found = outcome(election, count(election, "rctab", options))
    kiss, montroll, wright = 0, 1, 4
    assert found.winners == ("Bob Kiss",)
    nen = {
        (a.assorter.winner, a.assorter.loser, a.assorter.continuing): a.margin_votes
        for a in found.assertions
        if isinstance(a.assorter, NotEliminatedNext)
    }
    # round 2 (official): Kiss 2,981, Montroll 2,554, Wright 3,294
    assert nen[(kiss, montroll, frozenset({kiss, montroll, wright}))] == 2_981 - 2_554
    # round 3 (official): Kiss 4,313, Wright 4,061; three papers marking Wright and the
    # write-in at one rank, exhausted at round 1 by the count, could count for Wright in
    # another order, so the assertion takes them against Kiss: 252 - 3
    assert nen[(kiss, wright, frozenset({kiss, wright}))] == 4_313 - 4_061 - 3 == 249
    assert found.hardest() is not None
    assert found.hardest().margin_votes == 249  # type: ignore[union-attr]


def test_raire_refuses_a_wrong_winner() -> None:
    ballots = Ballots.of((50, (0,)), (30, (1,)), (25, (2, 1)))
    with pytest.raises(RulesError, match="full hand count"):
        raire_assertions(papers_from_ballots(ballots), (0, 1, 2), 0, ("A", "B", "C"))


def test_supplementary_vote_london_mayor_2021() -> None:
    path = shared_data("uk-london-2021-mayor-sv-and-assembly-dhondt")
    election = read(path / "london_mayor_2021_first_second_matrix.csv", "sv-table")
    found = outcome(election, count(election, "sv"))
    assert found.winners == ("Sadiq Aman KHAN",)
    second = [a for a in found.assertions if a.kind == "second stage"]
    assert [a.margin_votes for a in second] == [1_206_034 - 977_601]
    first = [a for a in found.assertions if a.kind == "first stage"]
    assert len(first) == 2 * 18
    # the closest first-stage pair: Bailey 893,051 over Berry 197,976
    assert min(a.margin_votes for a in first) == 893_051 - 197_976
    assert found.papers == 2_531_357


def test_list_london_assembly_2021() -> None:
    path = shared_data("uk-london-2021-mayor-sv-and-assembly-dhondt")
    election = read(path / "london_assembly_2021_list_votes_and_seats.csv", seats=11)
    result = count(election, "gla-assembly")
    found = outcome(election, result)
    names = result.contest.names
    labour, green = names.index("Labour Party"), names.index("Green Party")
    # Labour holds 9 constituency seats and won 2 list seats: its last divisor is 11;
    # the Greens won 3: their next divisor is 4. Margin = d_b (V_a/d_a - V_b/d_b) / N
    # = 4 × (986,609/11 - 305,452/4) / N, with N = 2,589,268 good votes.
    (assertion,) = [
        a
        for a in found.assertions
        if isinstance(a.assorter, Divisor) and (a.assorter.a, a.assorter.b) == (labour, green)
    ]
    assert assertion.margin == 4 * (Fraction(986_609, 11) - Fraction(305_452, 4)) / 2_589_268
    thresholds = [a for a in found.assertions if a.kind == "threshold"]
    assert thresholds  # the 5% threshold: winners above it, the others below
    assert all(a.margin > 0 for a in found.assertions)


def test_stv_is_labelled_not_an_rla() -> None:
    ballots = Ballots.of((40, (0, 1)), (25, (1,)), (20, (2, 1)), (15, (3, 2)))
    election = Election(_contest(4, seats=2), ballots)
    found = outcome(election, count(election, "scot-2011"))
    assert not found.sound
    assert "no sound risk-limiting audit" in found.notes[0]
    kinds = [a.kind for a in found.assertions]
    assert kinds.count("first preferences") == 3
    # A 40 over B 25 over C 20 over D 15
    assert [a.margin_votes for a in found.assertions if a.kind == "first preferences"] == [15, 5, 5]
