"""Burlington, Vermont, 2009 mayor (IRV): the official ChoicePlus Pro rounds, under ``rctab``.

Expected figures: the official "2009 Burlington Mayor Detail Report" (see the
data folder's README). The ballots are PrefLib's ``.toi``, where ``{a,b}`` at a
rank is an overvote.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tellers.core.count import Count
from tellers.core.model import Election
from tellers.formats import read
from tellers.formats.cvr.preflib_records import read_preflib_records
from tellers.rules import count
from tests.data import shared_data

FOLDER = "us-burlington-vt-2009-mayor-irv"
FILE = "00005-00000002.toi"
BATCH = {"batch-elimination": "yes"}
#: Burlington's overvote rule as the report shows it (see test_one_paper_tells_the_rules)
BURLINGTON = {**BATCH, "overvote-rule": "exhaustIfMultipleContinuing"}

KISS, MONTROLL, SIMPSON, SMITH, WRIGHT, WRITE_IN = range(6)
ROUNDS = [
    # Kiss, Montroll, Simpson, Smith, Wright, Write-in; exhausted pile
    ([2585, 2063, 35, 1306, 2951, 36], 4),
    ([2981, 2554, 0, 0, 3294, 0], 151),
    ([4313, 0, 0, 0, 4061, 0], 606),
]


def _path() -> Path:
    return shared_data(FOLDER) / FILE


def records() -> Election:
    path = _path()
    return read_preflib_records(path.read_text(encoding="utf-8"), str(path))


def figures(result: Count) -> list[tuple[list[int], int]]:
    return [([int(v) for v in s.votes], int(s.non_transferable)) for s in result.stages]


def test_every_official_round() -> None:
    election = records()
    result = count(election, "rctab", BURLINGTON)
    assert figures(result) == ROUNDS
    assert result.stages[0].excluded == (SIMPSON, SMITH, WRITE_IN)  # defeated together
    assert result.stages[1].excluded == (MONTROLL,)
    assert result.elected_names() == ("Bob Kiss",)
    assert result.stages[2].elected == (KISS,)
    for stage in result.stages:
        assert sum(stage.votes) + stage.non_transferable + stage.loss_to_rounding == 8980


def test_papers_threshold_and_the_four_invalid_ballots() -> None:
    # "8,980 valid ballots ... Winning threshold is 4491 votes. There were 4 invalid
    # ballots. (8,984 total ballots processed.)" The file holds the 8,980 valid ballots;
    # the 4 invalid ones are not in it. The 4 in round 1's exhausted pile are other
    # papers: the 4 valid ballots whose first rank is an overvote ({1,6} once, {5,6}
    # three times), which the UK reading rejects and RCTab exhausts at once.
    election = records()
    result = count(election, "rctab", BURLINGTON)
    assert result.valid_papers == 8980
    assert 8980 + 4 == 8984
    assert read(_path()).rejected == {"first_preference_for_more_than_one_candidate": 4}
    assert "overvotes 4" in result.stages[0].note
    # ChoicePlus's threshold is a majority of all valid ballots, exhausted ones too:
    assert 8980 // 2 + 1 == 4491
    # RCTab recomputes it each round from the continuing votes (8,976 in round 1, 8,374
    # in round 3); Kiss wins in round 3 with 4,313, short of 4,491, on a majority of them.
    assert [s.note.split(";")[0] for s in result.stages] == [
        "threshold 4489",
        "threshold 4415",
        "threshold 4188",
    ]
    assert result.quota == 4188


def test_one_paper_tells_the_rules() -> None:
    # The order "1: 2,4,{3,5},1" (Montroll, Smith, then Simpson and Wright at one rank)
    # reaches the overvote in round 3, when Simpson is out and only Wright continues.
    # The official report gives it to Wright (4,061): an overvote exhausts the paper only
    # if two or more of the marked candidates continue. Exhausting every overvote (and
    # so the PrefLib reader, which cuts the order at the tie) gives Wright 4,060.
    immediately = count(records(), "rctab", {**BATCH, "overvote-rule": "exhaustImmediately"})
    assert figures(immediately)[:2] == ROUNDS[:2]
    assert figures(immediately)[2] == ([4313, 0, 0, 0, 4060, 0], 607)
    from_ballots = count(read(_path()), "rctab", BATCH)
    assert figures(from_ballots) == figures(immediately)


@pytest.mark.parametrize("rules", ["rctab", "av"])
def test_the_same_winner_one_elimination_a_stage(rules: str) -> None:
    election = read(_path())
    options = {"overvote-rule": "exhaustIfMultipleContinuing"} if rules == "rctab" else {}
    subject = records() if rules == "rctab" else election
    result = count(subject, rules, options)
    assert result.elected_names() == ("Bob Kiss",)
    assert len(result.stages) == 5  # Simpson, Write-in, Smith, Montroll go one by one


def test_the_default_reading_says_how_it_read_the_ties_and_how_to_choose_the_other() -> None:
    # The default reader cuts each order at a tie (the UK statutes' reading), which does not
    # give the official rounds; the count's notes say so, and how to count them as Burlington did.
    from tellers.report import declaration
    from tellers.report.json import to_json

    election = read(_path())
    result = count(election)
    note = next(n for n in result.notes if "{" in n)
    assert "UK statutes" in note
    assert "first preference is shared is rejected (4 papers)" in note
    assert "-F preflib-cvr" in note and "overvote-rule=" in note
    assert "exhaustIfMultipleContinuing" in note
    printed = " ".join(declaration(election, result).split())  # the declaration wraps notes
    assert " ".join(note.split()) in printed
    assert json.loads(to_json(election, result))["notes"][0] == note


def test_a_count_of_records_says_which_overvote_rule_it_used() -> None:
    for rule, others in [
        ("exhaustImmediately", ("alwaysSkipToNextRank", "exhaustIfMultipleContinuing")),
        ("exhaustIfMultipleContinuing", ("exhaustImmediately", "alwaysSkipToNextRank")),
    ]:
        result = count(records(), "rctab", {**BATCH, "overvote-rule": rule})
        note = next(n for n in result.notes if n.startswith("overvotes"))
        assert f"overvote-rule={rule}" in note
        assert all(f"--option overvote-rule={other}" in note for other in others)
    # the default, said as such
    note = next(n for n in count(records(), "rctab").notes if n.startswith("overvotes"))
    assert "overvote-rule=exhaustImmediately (the default)" in note
