"""The declaration of result, checked against the spec's worked examples (spec 01, 04)."""

from __future__ import annotations

import re

from tellers import (
    Ballots,
    Candidate,
    Contest,
    Election,
    SeededLots,
    SuppliedLots,
    Totals,
    count,
)
from tellers.report import declaration

from .counts import block_1_2, fptp_1_1, stv_4_1


def line_with(text: str, start: str) -> str:
    """The one line of ``text`` that starts (after indentation) with ``start``."""
    found = [line.strip() for line in text.splitlines() if line.strip().startswith(start)]
    assert len(found) == 1, (start, found)
    return found[0]


def figures(line: str) -> list[str]:
    return re.findall(r"[0-9][0-9,.]*%?", line)


def test_spec_01_example_1_1_majority_papers_and_turnout() -> None:
    text = declaration(*fptp_1_1())
    assert line_with(text, "Majority").endswith("40 (4.0% of valid votes)")
    assert figures(line_with(text, "Ballot papers counted")) == ["1,010"]
    assert figures(line_with(text, "Turnout (ballot box)")) == ["40.4%"]
    assert figures(line_with(text, "Turnout (valid votes)")) == ["40.0%"]
    assert figures(line_with(text, "Valid papers")) == ["1,000"]
    assert figures(line_with(text, "Electorate")) == ["2,500"]


def test_spec_01_example_1_1_rejected_papers_by_head() -> None:
    text = declaration(*fptp_1_1())
    heads = {
        "Want of official mark": "1",
        "Too many votes": "3",
        "Voter identifiable": "0",
        "Unmarked or void for uncertainty": "6",
        "Total": "10",
    }
    block = text.split("Rejected ballot papers", 1)[1]
    for head, n in heads.items():
        assert figures(line_with(block, head)) == [n]
    # the heads in statutory order
    positions = [block.index(head) for head in heads]
    assert positions == sorted(positions)


def test_spec_01_example_1_1_every_candidate_and_the_winner() -> None:
    text = declaration(*fptp_1_1())
    assert figures(line_with(text, "A (Party A)")) == ["420"]
    assert "Elected" in line_with(text, "A (Party A)")
    assert figures(line_with(text, "B (Party B)")) == ["380"]
    assert "Elected" not in line_with(text, "B (Party B)")
    assert figures(line_with(text, "C (Party C)")) == ["200"]
    assert line_with(text, "Elected:") == "Elected: A (Party A)"
    assert "Quota" not in text  # first past the post has none


def test_spec_01_example_1_2_block_vote() -> None:
    text = declaration(*block_1_2())
    elected = text.split("Elected, in order of election:", 1)[1].splitlines()[1:4]
    assert [line.split(". ", 1)[1] for line in elected] == [
        "Lab1 (Labour)",
        "Lab2 (Labour)",
        "Con1 (Conservative)",
    ]
    # majority of the last elected over the highest unelected: 600 - 590 (spec 01 ex 1.2)
    assert figures(line_with(text, "Last elected over highest unelected")) == ["10"]
    assert "Majority" not in text  # "majority" is for single-seat plurality only
    assert figures(line_with(text, "Papers rejected in part")) == ["3"]
    assert figures(line_with(text, "Ballot papers counted")) == ["1,500"]
    assert "Turnout" not in text  # no electorate given


def test_spec_01_example_1_3_lot_in_the_returning_officers_words() -> None:
    contest = Contest("Worked example 1.3", 2, tuple(Candidate(n) for n in "ABCD"))
    election = Election(contest, Totals((500, 450, 450, 300)))
    result = count(election, "uk-fptp", lots=SuppliedLots(["C>B"]))
    text = declaration(election, result, lots="supplied")
    assert (
        "following an equality of votes, lots were drawn and an additional vote was "
        "allotted to c" in text.lower()
    )
    # the record of the draw, wrapped to fit 100 columns
    assert max(len(line) for line in text.splitlines()) <= 100
    joined = " ".join(line.strip() for line in text.splitlines())
    record = joined[joined.index("Lot at stage 1") :]
    assert "between B and C" in record
    assert "drawn C, B" in record
    assert record.startswith("Lot at stage 1 between B and C") and "how: supplied." in record


def test_spec_01_example_1_5_seeded_lot_prints_the_seed() -> None:
    contest = Contest("Worked example 1.5", 1, (Candidate("A"), Candidate("B")))
    election = Election(contest, Totals((812, 812)), rejected={"too_many_votes": 5})
    result = count(election, "uk-fptp", lots=SeededLots(42))
    text = declaration(election, result, lots="seed 42")
    assert "how: seed 42" in text
    assert "Majority" in text and "0 (0.0% of valid votes)" in text


def test_seed_is_printed_even_when_no_lot_is_needed() -> None:
    text = declaration(*fptp_1_1(), lots="seed 7")
    assert "seed 7" in text


def test_spec_04_example_4_1_quota_order_of_election_and_both_columns() -> None:
    text = declaration(*stv_4_1())
    assert figures(line_with(text, "Quota")) == ["26"]
    assert figures(line_with(text, "Valid papers")) == ["100"]
    elected = text.split("Elected, in order of election:", 1)[1].splitlines()[1:4]
    assert elected == ["  1. A, stage 1", "  2. B, stage 2", "  3. D, stage 4"]
    # first preferences, then the final stage's totals
    assert figures(line_with(text, "A "))[:2] == ["41", "26.00000"]
    assert figures(line_with(text, "D "))[:2] == ["12", "26.40101"]
    assert figures(line_with(text, "E "))[:2] == ["11", "0.00000"]
    assert "Excluded (stage 4)" in line_with(text, "E ")
    assert "Majority" not in text


def test_spec_04_example_4_3_lot_at_an_exclusion() -> None:
    # X and Y tie for lowest with no earlier stage: a lot; P is elected either way.
    contest = Contest("Worked example 4.3", 1, tuple(Candidate(n) for n in "PQXY"))
    ballots = Ballots.of((20, [0]), (18, [1]), (5, [2, 0]), (5, [3, 1]))
    election = Election(contest, ballots)
    result = count(election, "scot-2011", lots=SuppliedLots(["Y>X"]))
    text = declaration(election, result, lots="supplied")
    joined = " ".join(text.split())  # the officer's words wrap to fit 100 columns
    assert "X and Y were equal" in joined
    assert "lots were drawn and X was excluded." in joined
    assert line_with(text, "Elected:") == "Elected: P"
    assert "Excluded by lot" in line_with(text, "X   ")
