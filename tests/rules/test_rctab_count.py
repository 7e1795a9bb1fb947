"""The rule set ``rctab`` as a first-class rule set: options, the Count it gives, reports.

Expected figures are counted by hand from the papers in each test.
"""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tellers.core.count import LOSS_TO_ROUNDING, NON_TRANSFERABLE, Action, Count
from tellers.core.lots import SuppliedLots
from tellers.core.model import Ballots, Candidate, Contest, Election, Totals
from tellers.core.records import OVERVOTE, CastVoteRecords
from tellers.errors import CountError, LotNeeded, RulesError
from tellers.formats.cvr.cvr_csv import read_cvr_csv, read_cvr_csv_text, sniff
from tellers.report import declaration, sheet_text, to_json
from tellers.rules import count, get
from tellers.rules.rctab import as_records, count_rctab, records_of
from tellers.service.rctab import run_rctab_config

from .rctab_helpers import tiny_config

A, B, C, D = 0, 1, 2, 3


def contest(n: int = 3, seats: int = 1) -> Contest:
    return Contest("Test", seats, tuple(Candidate(x) for x in "ABCD"[:n]))


def records_election(records: CastVoteRecords, n: int = 3, seats: int = 1) -> Election:
    return Election(contest(n, seats), records, source="test", rules="rctab")


def conserved(result: Count) -> None:
    assert result.valid_papers is not None
    for stage in result.stages:
        total = sum(stage.votes, Decimal(0)) + stage.non_transferable + stage.loss_to_rounding
        assert total == result.valid_papers, stage.number


def test_registered_with_aliases_and_options() -> None:
    rule_set = get("rctab")
    assert get("us-rcv") is rule_set
    assert rule_set.needs == "records"
    defaults = rule_set.resolve(None)
    assert defaults["overvote-rule"] == "exhaustImmediately"
    assert defaults["decimal-places"] == 4
    assert defaults["batch-elimination"] is False
    with pytest.raises(RulesError):
        rule_set.resolve({"overvote-rule": "sometimes"})


def test_overvote_rule_option_changes_the_count() -> None:
    # 3 A; 2 B; 2 papers mark A and B at rank 1, then C; 1 C.
    records = CastVoteRecords.of((3, [[A]]), (2, [[B]]), (2, [[A, B], [C]]), (1, [[C]]))
    election = records_election(records)
    exhaust = count(election, "rctab")
    first = exhaust.stages[0]
    assert [int(v) for v in first.votes] == [3, 2, 1]
    assert first.non_transferable == 2
    assert "overvotes 2" in first.note
    skip_rule = {"overvote-rule": "alwaysSkipToNextRank", "stop-after-round": 1}
    skip = count(election, "rctab", skip_rule)
    assert len(skip.stages) == 1 and skip.elected == ()
    assert [int(v) for v in skip.stages[0].votes] == [3, 2, 3]
    conserved(exhaust)
    conserved(skip)


def test_stages_decisions_and_transfers() -> None:
    # 5 A; 4 B; 2 C then B; 1 D then B. Batch: D 1 + C 2 = 3 < B 4, both go at once;
    # round 2: A 5, B 7 of 12: B has more than half.
    records = CastVoteRecords.of((5, [[A]]), (4, [[B]]), (2, [[C], [B]]), (1, [[D], [B]]))
    election = records_election(records, 4)
    result = count(election, "rctab", {"batch-elimination": "yes"})
    assert [s.action for s in result.stages] == [Action.FIRST, Action.EXCLUSION]
    assert result.stages[0].excluded == (C, D)
    assert result.stages[1].subjects == (C, D)
    assert [int(v) for v in result.stages[1].votes] == [5, 7, 0, 0]
    assert result.elected_names() == ("B",)
    reasons = {d.candidate: d.reason for d in result.decisions}
    assert reasons[C].startswith("batch elimination")
    moved = {(t.stage, t.source, t.target): (t.papers, t.value) for t in result.transfers}
    assert moved == {(2, C, B): (2, Decimal(2)), (2, D, B): (1, Decimal(1))}
    assert result.quota == 7  # more than half of 12 continuing votes
    one_by_one = count(election, "rctab")
    assert len(one_by_one.stages) == 3
    conserved(result)


def test_exhausted_papers_are_non_transferable() -> None:
    # 4 A; 3 B; 2 C (no next choice): C goes, 2 papers exhaust; A 4 of 7 continuing.
    records = CastVoteRecords.of((4, [[A]]), (3, [[B]]), (2, [[C]]), (1, []))
    result = count(records_election(records), "rctab")
    assert result.stages[0].non_transferable == 1  # the paper with no mark: an undervote
    assert result.stages[1].non_transferable == 3
    assert {(t.source, t.target, t.papers) for t in result.transfers} == {(C, NON_TRANSFERABLE, 2)}
    assert result.elected_names() == ("A",)
    assert "undervotes 1" in result.stages[1].note


def test_surplus_residual_is_loss_to_rounding() -> None:
    # Two seats, 10 papers, threshold 10/3 -> 4 (whole votes). A has 6 with B next:
    # surplus 2 of 6 moves at 0.3333 a paper (truncated): 6 x 0.3333 = 1.9998 to B,
    # and A keeps 4.0002: 0.0002 is residual surplus.
    records = CastVoteRecords.of((6, [[A], [B]]), (3, [[C]]), (1, [[D]]))
    result = count(records_election(records, 4, seats=2), "rctab")
    assert result.elected_names()[0] == "A"
    second = result.stages[1]
    assert second.action is Action.SURPLUS
    assert second.votes[A] == 4
    assert second.votes[B] == Decimal("1.9998")
    assert second.loss_to_rounding == Decimal("0.0002")
    assert any(t.target == LOSS_TO_ROUNDING for t in result.transfers)
    conserved(result)


def test_ties_are_lots_through_the_provider() -> None:
    # B and C tie on 1 for fewest: the lot provider decides who goes.
    records = CastVoteRecords.of((2, [[A]]), (1, [[B], [A]]), (1, [[C], [A]]))
    election = records_election(records)
    with pytest.raises(LotNeeded):
        count(election, "rctab")
    drawn = count(election, "rctab", lots=SuppliedLots(["C>B"]))
    assert drawn.stages[0].excluded == (B,)
    assert len(drawn.lots) == 1 and drawn.lots[0].chosen == B
    decision = drawn.stage_of(B)
    assert decision is not None and decision.by_lot
    by_order = count(election, "rctab", {"tiebreak-mode": "useCandidateOrder"})
    assert by_order.stages[0].excluded == (C,)  # the later in the list goes
    assert by_order.lots == ()
    with pytest.raises(RulesError, match="randomSeed"):
        count(election, "rctab", {"tiebreak-mode": "random"})
    seeded = count(election, "rctab", {"tiebreak-mode": "random", "random-seed": "7"})
    assert seeded.lot_provider == "RCTab random (seed 7)"


def test_ballots_are_counted_as_records() -> None:
    ballots = Ballots.of((3, [A, B]), (3, [B]), (2, [C, B]))
    election = Election(
        contest(), ballots, rejected={"first_preference_for_more_than_one_candidate": 1}
    )
    records, taken = records_of(election)
    assert records == CastVoteRecords.of(
        (3, [[A], [B]]), (3, [[B]]), (2, [[C], [B]]), (1, [[OVERVOTE]])
    )
    assert taken == {"first_preference_for_more_than_one_candidate": 1}
    result = count(election, "rctab")
    assert result.valid_papers == 9
    assert result.stages[0].non_transferable == 1
    assert result.elected_names() == ("B",)  # C's 2 go to B: B 5 of 8
    shown = as_records(election)
    assert shown.rejected == {}
    assert shown.valid_papers == 9


def test_refusals() -> None:
    totals = Election(contest(), Totals((3, 2, 1)))
    with pytest.raises(RulesError, match="declared totals"):
        count(totals, "rctab")
    records = records_election(CastVoteRecords.of((1, [[A]])))
    with pytest.raises(RulesError, match="rctab"):
        count(records, "av")
    with pytest.raises(RulesError, match="one member"):
        count(
            records_election(CastVoteRecords.of((1, [[A]])), seats=2),
            "rctab",
            {"winner-election-mode": "singleWinnerMajority"},
        )


def test_reports_render_an_rctab_count() -> None:
    records = CastVoteRecords.of((5, [[A]]), (4, [[B]]), (2, [[C], [B]]), (1, [[D], [B]]))
    election = records_election(records, 4)
    result = count(election, "rctab", {"batch-elimination": "yes"})
    assert "Elected: B" in declaration(election, result)
    assert "threshold 7" in sheet_text(election, result)
    data = json.loads(to_json(election, result))
    assert data["contest"]["rules"] == "rctab"


def test_old_signature_still_gives_rctab_rounds() -> None:
    from tellers.rules.rctab import Contestants, RctabRules

    records = CastVoteRecords.of((3, [[A]]), (2, [[B]]))
    rounds = count_rctab(records, Contestants(("A", "B")), RctabRules(places=0))
    assert rounds.winners == (A,)


def test_config_run_gives_a_count(tmp_path: Path) -> None:
    run, _ = run_rctab_config(tiny_config(tmp_path))
    result = run.result
    # A 2, B 1, C 2: B goes (1 paper exhausts); A 2, C 2 of 4 are equal: candidate order, A.
    assert [int(v) for v in result.stages[0].votes] == [2, 1, 2]
    assert result.elected_names() == ("A",)
    assert result.options["tiebreak-mode"] == "useCandidateOrder"
    assert result.contest.name == "Tiny"
    conserved(result)
    assert "Elected: A" in declaration(run.election, result)


def test_cvr_csv_reader(tmp_path: Path) -> None:
    text = (
        "id,precinct,choice1,choice2,choice3\n"
        '1,P,"Smith, A (12)",undervote,Jones\n'
        "2,P,overvote,Jones,undervote\n"
        "3,P,Jones,,\n"
        "4,P,undervote,undervote,undervote\n"
        "5,P,Jones,,\n"
    )
    assert sniff(text.splitlines()[0])
    assert not sniff("name,votes")
    election = read_cvr_csv_text(text, "cd.csv")
    assert election.contest.names == ("Smith, A", "Jones")
    assert election.votes == CastVoteRecords.of(
        (1, [[0], [], [1]]), (1, [[OVERVOTE], [1]]), (2, [[1]]), (1, [])
    )
    assert election.valid_papers == 5
    import gzip

    path = tmp_path / "cd.csv.gz"
    path.write_bytes(gzip.compress(text.encode()))
    assert read_cvr_csv(path).votes == election.votes


NAMES = "ABCDE"


@st.composite
def small_elections(draw: st.DrawFn) -> Election:
    n = draw(st.integers(2, len(NAMES)))
    groups = draw(
        st.lists(
            st.tuples(st.permutations(range(n)), st.integers(1, n), st.integers(1, 30)),
            min_size=1,
            max_size=10,
        )
    )
    ballots = Ballots.compress((tuple(order[:k]), papers) for order, k, papers in groups)
    people = tuple(Candidate(x) for x in NAMES[:n])
    return Election(Contest("Random", 1, people), ballots)


@given(small_elections())
def test_rctab_as_plain_irv_elects_as_av(election: Election) -> None:
    plain = {"overvote-rule": "exhaustImmediately", "batch-elimination": "no", "decimal-places": 0}
    try:
        us = count(election, "rctab", plain)
        uk = count(election, "av")
    except LotNeeded:
        assume(False)  # a tie: the two rule sets break ties differently
        return
    assert us.elected == uk.elected
    conserved(us)


def test_marks_beyond_max_rankings_are_not_read() -> None:
    # max-rankings 2. 4 A; 3 B; 2 papers C, (blank), A: A is at rank 3, not read, so these
    # read "C" alone; 1 paper blank, blank, A: nothing read, an undervote.
    # Round 1: A 4, B 3, C 2; 1 undervote. C goes; round 2: C's 2 papers exhaust
    # (not to A): A 4, B 3 of 7 continuing, threshold 4 (more than 3.5): A.
    records = CastVoteRecords.of((4, [[A]]), (3, [[B]]), (2, [[C], [], [A]]), (1, [[], [], [A]]))
    result = count(records_election(records), "rctab", {"max-rankings": "2"})
    assert [[int(v) for v in s.votes] for s in result.stages] == [[4, 3, 2], [4, 3, 0]]
    assert [s.non_transferable for s in result.stages] == [1, 3]
    assert "undervotes 1" in result.stages[0].note
    assert "exhausted choices 2" in result.stages[1].note
    assert {(t.source, t.target, t.papers) for t in result.transfers} == {(C, NON_TRANSFERABLE, 2)}
    assert result.elected_names() == ("A",)
    conserved(result)
    # Read in full (max-rankings = 3 candidates), C's papers go on to A.
    full = count(records_election(records), "rctab")
    assert [int(v) for v in full.stages[0].votes] == [5, 3, 2]
    conserved(full)


def test_ranks_after_max_rankings_do_not_take_a_paper_on() -> None:
    # max-rankings 1: the second and third ranks are not read, so when B is eliminated
    # its 2 papers exhaust at once (they are not passed on to C).
    records = CastVoteRecords.of((3, [[A]]), (2, [[B], [C], [C]]), (2, [[C]]), (1, [[B], [B]]))
    result = count(
        records_election(records),
        "rctab",
        {"max-rankings": "1", "tiebreak-mode": "useCandidateOrder"},
    )
    assert [int(v) for v in result.stages[0].votes] == [3, 3, 2]
    assert result.stages[0].excluded == (C,)
    assert [int(v) for v in result.stages[1].votes] == [3, 3, 0]
    assert result.stages[1].non_transferable == 2
    conserved(result)


OPTION_VALUES: dict[str, st.SearchStrategy[str]] = {
    "overvote-rule": st.sampled_from(
        ["exhaustImmediately", "alwaysSkipToNextRank", "exhaustIfMultipleContinuing"]
    ),
    "max-skipped-ranks": st.sampled_from(["unlimited", "0", "1", "2"]),
    "max-rankings": st.sampled_from(["max", "1", "2", "3", "5"]),
    "exhaust-on-duplicate": st.sampled_from(["yes", "no"]),
    "batch-elimination": st.sampled_from(["yes", "no"]),
    "first-round-threshold": st.sampled_from(["yes", "no"]),
    "minimum-vote-threshold": st.sampled_from(["0", "2", "3.5", "12"]),
    "stop-after-round": st.sampled_from(["0", "1", "2"]),
    "decimal-places": st.sampled_from(["0", "2", "4"]),
    "hare-quota": st.sampled_from(["yes", "no"]),
    "non-integer-threshold": st.sampled_from(["yes", "no"]),
}


def marks(n: int) -> st.SearchStrategy[tuple[int, ...]]:
    """A rank of a CVR with ``n`` candidates: unmarked, an overvote, or one or more marks."""
    return st.one_of(
        st.just(()),  # a skipped rank
        st.just((OVERVOTE,)),  # an overvote the file names only as such
        st.lists(st.integers(0, n - 1), min_size=1, max_size=3, unique=True).map(tuple),
    )


@st.composite
def marked_records(draw: st.DrawFn) -> Election:
    """Small CVRs with every kind of mark: overvotes, skipped ranks, repeats, blank papers."""
    n = draw(st.integers(2, 4))
    papers = draw(
        st.lists(
            st.tuples(st.lists(marks(n), max_size=6).map(tuple), st.integers(1, 20)),
            min_size=1,
            max_size=12,
        )
    )
    seats = draw(st.integers(1, 2))
    people = tuple(Candidate(x) for x in NAMES[:n])
    records = CastVoteRecords.compress(papers)
    return Election(Contest("Random", seats, people), records, source="test", rules="rctab")


@st.composite
def option_sets(draw: st.DrawFn, seats: int) -> dict[str, str]:
    chosen = draw(st.sets(st.sampled_from(sorted(OPTION_VALUES))))
    options = {name: draw(OPTION_VALUES[name]) for name in chosen}
    options["tiebreak-mode"] = draw(
        st.sampled_from(
            ["useCandidateOrder", "random", "previousRoundCountsThenRandom", "generatePermutation"]
        )
    )
    options["random-seed"] = str(draw(st.integers(0, 99)))
    if seats == 1:
        options["continue-until-two"] = draw(st.sampled_from(["yes", "no"]))
        mode = ["singleWinnerMajority", "bottomsUpUsingPercentageThreshold"]
    else:
        mode = [
            "multiWinnerAllowMultipleWinnersPerRound",
            "multiWinnerAllowOnlyOneWinnerPerRound",
            "bottomsUp",
            "bottomsUpUsingPercentageThreshold",
            "multiPassIrv",
        ]
    options["winner-election-mode"] = draw(st.sampled_from(mode))
    if options["winner-election-mode"] == "bottomsUpUsingPercentageThreshold":
        options["bottoms-up-percentage"] = draw(st.sampled_from(["10", "25", "40"]))
        options["cutoff-elimination"] = draw(st.sampled_from(["yes", "no"]))
    return options


def _counted(election: Election, options: dict[str, str]) -> Count | None:
    """The count, or None where RCTab refuses too (an explicit overvote under
    exhaustIfMultipleContinuing, a minimum finer than the vote arithmetic, every
    candidate below the minimum, none left to eliminate)."""
    try:
        return count(election, "rctab", options)
    except RulesError as refused:
        assert "explicit overvote" in str(refused) or "minimumVoteThreshold" in str(refused)
    except CountError as stopped:
        assert "do not add up" not in str(stopped)
    return None


@settings(max_examples=400, deadline=None)
@given(st.data())
def test_every_paper_is_accounted_for_at_every_stage(data: st.DataObject) -> None:
    election = data.draw(marked_records())
    options = data.draw(option_sets(election.contest.seats))
    result = _counted(election, options)
    if result is None:
        return
    assert result.valid_papers == election.valid_papers
    conserved(result)


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_marks_beyond_max_rankings_change_nothing(data: st.DataObject) -> None:
    election = data.draw(marked_records())
    options = data.draw(option_sets(election.contest.seats))
    options["max-rankings"] = str(data.draw(st.integers(1, 4)))
    limit = int(options["max-rankings"])
    records = election.votes
    assert isinstance(records, CastVoteRecords)
    tail = st.lists(marks(len(election.contest.candidates)), max_size=3).map(tuple)
    # Each record read in full is padded to the limit and given more ranks after it.
    longer = CastVoteRecords.compress(
        ((*record, *[()] * (limit - len(record)), *data.draw(tail)), n)
        if len(record) <= limit
        else (record, n)
        for record, n in records
    )
    one = _counted(election, options)
    other = _counted(replace(election, votes=longer), options)
    if one is None or other is None:
        assert one is None and other is None
        return
    assert one.stages == other.stages
    assert one.decisions == other.decisions
    assert sorted(one.transfers, key=repr) == sorted(other.transfers, key=repr)
