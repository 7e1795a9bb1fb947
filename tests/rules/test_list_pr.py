"""List PR (dhondt, sainte-lague, ams, gla-assembly, senedd-2026).

Expected values: the worked examples of spec 07 (7.1-7.6), the official London
Assembly 2021 declaration (London Elects; shared data README), and hand
calculations. The properties compare D'Hondt with the largest-divisor
definition computed by brute force.
"""

from __future__ import annotations

import csv
from collections import Counter
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tellers import (
    Ballots,
    Candidate,
    Contest,
    Count,
    Election,
    LotNeeded,
    NoLots,
    RulesError,
    SeededLots,
    SuppliedLots,
    Totals,
    count,
)
from tellers.core.count import Action, Outcome
from tellers.formats.party_list import read_party_list
from tellers.rules.list_pr import INDIVIDUAL
from tests.data import shared_data

LONDON = "uk-london-2021-mayor-sv-and-assembly-dhondt"


def election(
    names: str,
    votes: list[int],
    seats: int,
    prior: list[int] | None = None,
    individuals: str = "",
) -> Election:
    marked = set(individuals.split())
    people = tuple(Candidate(n, INDIVIDUAL if n in marked else None) for n in names.split())
    return Election(
        Contest("region", seats, people),
        Totals(tuple(votes), prior_seats=None if prior is None else tuple(prior)),
    )


def seats_of(result: Count) -> dict[str, int]:
    return dict(Counter(result.elected_names()))


def allocation_notes(result: Count) -> list[str]:
    return [s.note for s in result.stages if s.action is Action.ALLOCATION]


# -- spec 07 worked examples ----------------------------------------------------


def test_example_7_1_north_east_scotland_1999() -> None:
    result = count(
        election("Lab LD SNP Con Green", [72666, 49843, 92329, 52149, 8067], 7, [4, 3, 2, 0, 0]),
        "ams",
    )
    assert result.elected_names() == ("Con", "SNP", "Con", "SNP", "SNP", "Con", "SNP")
    assert seats_of(result) == {"Con": 3, "SNP": 4}
    figures = ["52,149.00", "30,776.33", "26,074.50", "23,082.25", "18,465.80", "17,383.00"]
    figures.append("15,388.17")
    notes = allocation_notes(result)
    for seat, (note, figure) in enumerate(zip(notes, figures, strict=True), start=1):
        assert note.startswith(f"seat {seat}: ")
        assert f", {figure} (" in note
    assert "(92329/3)" in notes[1]
    assert result.lots == ()


def test_example_7_1_stages_keep_the_votes_and_elect_one_party_each() -> None:
    votes = [72666, 49843, 92329, 52149, 8067]
    result = count(election("Lab LD SNP Con Green", votes, 7, [4, 3, 2, 0, 0]), "ams")
    assert len(result.stages) == 8
    assert result.stages[0].action is Action.COUNT
    for number, stage in enumerate(result.stages, start=1):
        assert stage.number == number
        assert stage.votes == tuple(Decimal(v) for v in votes)
    for stage, decision in zip(result.stages[1:], result.decisions, strict=True):
        assert stage.action is Action.ALLOCATION
        assert stage.subjects == stage.elected == (decision.candidate,)
        assert decision.stage == stage.number
        assert decision.outcome is Outcome.ELECTED
    assert result.valid_papers == sum(votes)
    assert result.quota is None
    assert "constituency seats: Lab 4, LD 3, SNP 2" in result.notes


def test_example_7_2_wales_region() -> None:
    result = count(
        election("Lab Con Plaid LD", [100000, 80000, 70000, 30000], 4, [5, 2, 1, 0]), "ams"
    )
    assert result.elected_names() == ("Plaid", "LD", "Con", "Plaid")
    assert seats_of(result) == {"Plaid": 2, "LD": 1, "Con": 1}
    figures = ["35,000.00", "30,000.00", "26,666.67", "23,333.33"]
    for note, figure in zip(allocation_notes(result), figures, strict=True):
        assert f", {figure} (" in note
    assert "(70000/3)" in allocation_notes(result)[3]


@pytest.mark.parametrize(
    ("rules", "options"), [("gla-assembly", {}), ("ams", {"threshold-percent": 5})]
)
def test_example_7_3_london_threshold_and_ties_that_fit(
    rules: str, options: dict[str, object]
) -> None:
    result = count(
        election("A B C D E", [800000, 700000, 400000, 150000, 90000], 11, [6, 5, 3, 0, 0]),
        rules,
        options,
        NoLots(),
    )
    assert result.elected_names() == tuple("DBAABCABACB")
    assert seats_of(result) == {"A": 4, "B": 4, "C": 2, "D": 1}
    notes = allocation_notes(result)
    figures = ["150,000.00", "116,666.67", "114,285.71", "100,000.00", "100,000.00"]
    figures += ["100,000.00", "88,888.89", "87,500.00", "80,000.00", "80,000.00", "77,777.78"]
    for note, figure in zip(notes, figures, strict=True):
        assert f", {figure} (" in note
    assert all("8 seats left: each receives one" in n for n in notes[3:6])
    assert all("3 seats left: each receives one" in n for n in notes[8:10])
    assert result.lots == ()
    assert any("disregarded: E" in n for n in result.notes)
    assembly = Counter(seats_of(result)) + Counter({"A": 6, "B": 5, "C": 3})
    assert assembly == {"A": 10, "B": 9, "C": 5, "D": 1}


def test_example_7_3_without_the_threshold_e_is_counted() -> None:
    result = count(
        election("A B C D E", [800000, 700000, 400000, 150000, 90000], 11, [6, 5, 3, 0, 0]),
        "ams",
    )
    assert "E" in result.elected_names()


def test_example_7_4_senedd_ties_that_fit() -> None:
    votes = [30000, 24000, 15000, 14000, 7000, 5000]
    result = count(
        election("Lab Plaid Con Reform Ind LD", votes, 6, individuals="Ind"),
        "senedd-2026",
        lots=NoLots(),
    )
    assert result.elected_names() == ("Lab", "Plaid", "Lab", "Con", "Reform", "Plaid")
    assert seats_of(result) == {"Lab": 2, "Plaid": 2, "Con": 1, "Reform": 1}
    assert result.lots == ()
    notes = allocation_notes(result)
    assert "15,000.00" in notes[2] and "15,000.00" in notes[3]
    assert "each receives one" in notes[2]
    assert "12,000.00" in notes[5]


def test_example_7_5_senedd_last_seat_tie_add_one_vote() -> None:
    votes = [30000, 21000, 12000, 10000, 8000]
    result = count(
        election("Lab Plaid Con Ind Reform", votes, 6, individuals="Ind"),
        "senedd-2026",
        lots=NoLots(),
    )
    assert result.elected_names() == ("Lab", "Plaid", "Lab", "Con", "Plaid", "Ind")
    assert seats_of(result) == {"Lab": 2, "Plaid": 2, "Con": 1, "Ind": 1}
    figures = ["30,000.00", "21,000.00", "15,000.00", "12,000.00", "10,500.00", "10,000.00"]
    notes = allocation_notes(result)
    for note, figure in zip(notes, figures, strict=True):
        assert f", {figure} (" in note
    last = notes[5]
    assert "Lab and Ind tied at 10,000.00 with 1 seat left" in last
    assert "one vote added to each" in last
    assert "Lab 10,000.33 (30001/3)" in last
    assert "Ind 10,001.00 (10001/1)" in last
    assert result.lots == ()
    assert not result.decisions[-1].by_lot
    assert "one vote added" in result.decisions[-1].reason
    assert result.options["last-seat-tie"] == "add-one-vote"


def test_example_7_6_sainte_lague_on_the_votes_of_7_5() -> None:
    votes = [30000, 21000, 12000, 10000, 8000]
    result = count(
        election("Lab Plaid Con Ind Reform", votes, 6, individuals="Ind"),
        "sainte-lague",
        lots=NoLots(),
    )
    assert result.elected_names() == ("Lab", "Plaid", "Con", "Lab", "Ind", "Reform")
    assert seats_of(result) == {"Lab": 2, "Plaid": 1, "Con": 1, "Ind": 1, "Reform": 1}
    notes = allocation_notes(result)
    assert "(30000/3)" in notes[3]
    assert "3 seats left: each receives one" in notes[3]
    assert "8,000.00" in notes[5]
    assert result.lots == ()


# -- London Assembly 2021 (official) ------------------------------------------------

LONDON_QUOTIENTS = [
    "305452",
    "189522",
    "152726",
    "132513.5",
    "113583",
    "101817.33",
    "99385.12",
    "98660.9",
    "94761",
    "89691.73",
    "88342.33",
]


@pytest.mark.parametrize(
    ("rules", "options"), [("gla-assembly", {}), ("ams", {"threshold-percent": "5"})]
)
def test_london_assembly_2021_list_seats(rules: str, options: dict[str, object]) -> None:
    folder = shared_data(LONDON)
    path = folder / "london_assembly_2021_list_votes_and_seats.csv"
    read = read_party_list(path.read_text(encoding="utf-8"), str(path), seats=11)
    result = count(read, rules, options, NoLots())
    with (folder / "london_assembly_2021_list_seat_order_official.csv").open() as file:
        official = [row["party"] for row in csv.DictReader(file)]
    assert result.elected_names() == tuple(official)
    assert seats_of(result) == {
        "Conservatives": 4,
        "Green Party": 3,
        "Labour Party": 2,
        "Liberal Democrats": 2,
    }
    assert result.valid_papers == 2589268
    # Each winning quotient, exactly, agrees with the declared one at the precision
    # the declaration prints.
    for stage, decision, printed in zip(
        result.stages[1:], result.decisions, LONDON_QUOTIENTS, strict=True
    ):
        note = stage.note
        fraction = note[note.rindex("(") + 1 : note.rindex(")")]
        top, bottom = (int(x) for x in fraction.split("/"))
        value = Fraction(top, bottom)
        c = decision.candidate
        votes = int(stage.votes[c])
        assert top == votes
        places = len(printed.partition(".")[2])
        assert abs(value - Fraction(Decimal(printed))) <= Fraction(1, 2 * 10**places)
    disregarded = next(n for n in result.notes if "disregarded" in n)
    assert "Rejoin EU" in disregarded and "UKIP" in disregarded
    assert "Green Party" not in disregarded


# -- ties beyond the seats left ------------------------------------------------------


def tie_election() -> Election:
    # P 20,000 and Q 10,000, two seats: P takes seat 1, then P 20,000/2 and Q 10,000/1
    # tie at 10,000 for the last seat. Add one vote: P 20,001/2 = 10,000.50 against
    # Q 10,001 -> Q. One more seat: P 20,000/3 = 6,666.67 against Q 10,000/2 = 5,000 -> P.
    return election("P Q", [20000, 10000], 2)


def test_last_seat_tie_add_one_vote_and_one_more_seat_differ() -> None:
    add = count(tie_election(), "dhondt", {"last-seat-tie": "add-one-vote"})
    assert add.elected_names() == ("P", "Q")
    assert "P 10,000.50 (20001/2), Q 10,001.00 (10001/1)" in add.final.note
    more = count(tie_election(), "dhondt", {"last-seat-tie": "one-more-seat"})
    assert more.elected_names() == ("P", "P")
    assert "as though each had one more seat" in more.final.note
    assert "P 6,666.67 (20000/3), Q 5,000.00 (10000/2)" in more.final.note
    assert add.lots == more.lots == ()


def test_last_seat_tie_by_lot_is_recorded() -> None:
    with pytest.raises(LotNeeded):
        count(tie_election(), "dhondt", lots=NoLots())
    result = count(tie_election(), "dhondt", lots=SuppliedLots(["Q>P"]))
    assert result.elected_names() == ("P", "Q")
    assert result.decisions[-1].by_lot
    (lot,) = result.lots
    assert lot.stage == result.final.number
    assert lot.chosen == 1
    assert "decided by lot for Q" in result.final.note


def test_gla_assembly_last_seat_tie_one_more_seat_by_default() -> None:
    # A 20,000 with 1 constituency seat (figure 10,000) and B 10,000 with none, one seat.
    result = count(election("A B", [20000, 10000], 1, [1, 0]), "gla-assembly", lots=NoLots())
    assert result.elected_names() == ("A",)
    assert result.options["last-seat-tie"] == "one-more-seat"


def test_a_tie_left_after_adding_a_vote_goes_to_lot() -> None:
    result = count(
        election("P Q", [10000, 10000], 1),
        "dhondt",
        {"last-seat-tie": "add-one-vote"},
        SuppliedLots(["Q>P"]),
    )
    assert result.elected_names() == ("Q",)
    assert "still tied: P and Q" in result.final.note
    assert result.decisions[-1].by_lot


# -- modified Sainte-Laguë ---------------------------------------------------------------


def test_modified_sainte_lague_first_divisor() -> None:
    # A 9,000 and B 3,500, two seats. Plain: A 9,000, then B 3,500 > A 9,000/3 = 3,000.
    # Modified: A 9,000/1.4 = 6,428.57, then A 3,000 > B 3,500/1.4 = 2,500.
    plain = count(election("A B", [9000, 3500], 2), "sainte-lague")
    assert plain.elected_names() == ("A", "B")
    modified = count(election("A B", [9000, 3500], 2), "sainte-lague", {"first-divisor": "1.4"})
    assert modified.elected_names() == ("A", "A")
    assert "6,428.57 (45000/7)" in modified.stages[1].note
    assert "3,000.00 (9000/3)" in modified.stages[2].note


@pytest.mark.parametrize("divisor", ["0", "-1", "one", ""])
def test_first_divisor_must_be_a_positive_number(divisor: str) -> None:
    with pytest.raises(RulesError, match="first-divisor"):
        count(election("A B", [9000, 3500], 2), "sainte-lague", {"first-divisor": divisor})


# -- individual candidates, unfilled seats, refusals --------------------------------------


def test_an_individual_wins_at_most_one_seat() -> None:
    result = count(election("Ind P", [100000, 10000], 3, individuals="Ind"), "dhondt")
    assert result.elected_names() == ("Ind", "P", "P")


def test_an_individual_returned_for_a_constituency_is_disregarded() -> None:
    result = count(election("Ind P", [100000, 10000], 1, [1, 0], individuals="Ind"), "ams")
    assert result.elected_names() == ("P",)
    assert any("already returned" in n for n in result.notes)


def test_seats_nobody_can_fill_are_reported() -> None:
    result = count(election("I J K", [100, 50, 0], 3, individuals="I J K"), "dhondt")
    assert result.elected_names() == ("I", "J")
    assert any("1 seat left unfilled" in n for n in result.notes)


def test_a_party_without_votes_gets_no_seat() -> None:
    result = count(election("A B", [10, 0], 3), "dhondt")
    assert result.elected_names() == ("A", "A", "A")


def test_more_seats_than_parties() -> None:
    result = count(election("A B", [600, 300], 9), "dhondt")
    assert seats_of(result) == {"A": 6, "B": 3}


def test_ams_needs_constituency_seats() -> None:
    with pytest.raises(RulesError, match="constituency seats"):
        count(election("A B", [10, 5], 2), "ams")


def test_plain_dhondt_does_not_use_constituency_seats() -> None:
    result = count(election("A B", [10000, 6000], 2, [3, 0]), "dhondt")
    assert result.elected_names() == ("A", "B")
    assert any("not used by dhondt" in n for n in result.notes)


def test_senedd_2026_elects_six() -> None:
    with pytest.raises(RulesError, match="6 seats"):
        count(election("A B", [10, 5], 5), "senedd-2026")


def test_refusals() -> None:
    with pytest.raises(RulesError, match="declared totals"):
        count(Election(Contest("x", 1, (Candidate("A"),)), Ballots.of((1, [0]))), "dhondt")
    with pytest.raises(RulesError, match="2 vote totals for 3"):
        count(Election(Contest("x", 1, tuple(map(Candidate, "ABC"))), Totals((1, 2))), "dhondt")
    with pytest.raises(RulesError, match="constituency seat counts"):
        count(election("A B", [10, 5], 2, [1]), "ams")
    with pytest.raises(RulesError, match="threshold-percent"):
        count(election("A B", [10, 5], 2), "dhondt", {"threshold-percent": 101})
    with pytest.raises(RulesError, match="last-seat-tie"):
        count(election("A B", [10, 5], 2), "dhondt", {"last-seat-tie": "coin"})
    withdrawn = Election(
        Contest("x", 1, tuple(map(Candidate, "AB")), frozenset({1})), Totals((5, 3))
    )
    with pytest.raises(RulesError, match="withdrew"):
        count(withdrawn, "dhondt")


# -- properties ----------------------------------------------------------------------------

votes_lists = st.lists(st.integers(min_value=0, max_value=2000), min_size=1, max_size=6)


def parties(votes: list[int], seats: int) -> Election:
    names = " ".join(f"P{i}" for i in range(len(votes)))
    return election(names, votes, seats)


def bounds(votes: list[int], seats: int) -> list[tuple[int, int]]:
    """By the largest-divisor definition: list every quotient votes/k (k = 1..seats) of
    every party with votes; the seats go to the ``seats`` largest. Where quotients tie
    at the boundary the definition leaves a range: (strictly above, at or above)."""
    quotients = sorted(
        (Fraction(v, k) for v in votes if v for k in range(1, seats + 1)), reverse=True
    )
    if len(quotients) < seats:
        return [(seats if v else 0, seats if v else 0) for v in votes]
    boundary = quotients[seats - 1]
    return [
        (
            sum(1 for k in range(1, seats + 1) if v and Fraction(v, k) > boundary),
            sum(1 for k in range(1, seats + 1) if v and Fraction(v, k) >= boundary),
        )
        for v in votes
    ]


def party_seats(result: Count, parties: int) -> list[int]:
    won = Counter(result.elected)
    return [won[i] for i in range(parties)]


@given(votes_lists, st.integers(min_value=1, max_value=12), st.integers(0, 1000))
def test_dhondt_matches_the_largest_divisor_definition(
    votes: list[int], seats: int, seed: int
) -> None:
    result = count(parties(votes, seats), "dhondt", lots=SeededLots(seed))
    won = party_seats(result, len(votes))
    expected = seats if any(votes) else 0
    assert sum(won) == len(result.elected) == expected
    for got, (low, high) in zip(won, bounds(votes, seats), strict=True):
        assert low <= got <= high


@given(
    votes_lists,
    st.integers(min_value=1, max_value=12),
    st.sampled_from(["dhondt", "sainte-lague", "ams"]),
    st.sampled_from(["add-one-vote", "one-more-seat", "lot"]),
    st.integers(0, 1000),
)
def test_every_seat_is_allocated_once(
    votes: list[int], seats: int, rules: str, tie: str, seed: int
) -> None:
    e = election(" ".join(f"P{i}" for i in range(len(votes))), votes, seats, [0] * len(votes))
    result = count(e, rules, {"last-seat-tie": tie}, SeededLots(seed))
    assert len(result.elected) == (seats if any(votes) else 0)
    assert len(result.stages) == 1 + len(result.elected)
    assert all(votes[c] > 0 for c in result.elected)


@given(
    votes_lists,
    st.integers(min_value=1, max_value=12),
    st.data(),
)
def test_dhondt_more_votes_never_fewer_seats(
    votes: list[int], seats: int, data: st.DataObject
) -> None:
    party = data.draw(st.integers(0, len(votes) - 1))
    extra = data.draw(st.integers(1, 2000))
    more = list(votes)
    more[party] += extra
    before, after = bounds(votes, seats), bounds(more, seats)
    got_before = party_seats(count(parties(votes, seats), "dhondt", lots=SeededLots(1)), len(votes))
    got_after = party_seats(count(parties(more, seats), "dhondt", lots=SeededLots(1)), len(votes))
    # Where the definition decides without a tie, the count must follow it exactly.
    if before[party][0] == before[party][1] and after[party][0] == after[party][1]:
        assert got_after[party] >= got_before[party]
    # Whatever lots say, the most a party can be sure of never falls.
    assert after[party][0] >= before[party][0]
    assert got_after[party] >= before[party][0]


@given(
    votes_lists,
    st.integers(min_value=1, max_value=12),
    st.sampled_from(["dhondt", "sainte-lague", "senedd-2026"]),
    st.integers(0, 1000),
)
def test_same_input_and_seed_give_the_same_count(
    votes: list[int], seats: int, rules: str, seed: int
) -> None:
    if rules == "senedd-2026":
        seats = 6
    first = count(parties(votes, seats), rules, lots=SeededLots(seed))
    second = count(parties(votes, seats), rules, lots=SeededLots(seed))
    assert first == second
