import pytest

from tellers import LotNeeded, NoLots, RulesError, SeededLots, SuppliedLots


def test_supplied_lots_answer_by_the_tied_names_in_the_supplied_order() -> None:
    lots = SuppliedLots(["Brown>Jones", "smith>jones"])
    assert list(lots.draw(["Jones", "Smith"], "exclusion", 3)) == ["Smith", "Jones"]
    assert lots.describe() == "supplied"


def test_supplied_lots_are_used_once_each_and_then_refuse() -> None:
    lots = SuppliedLots(["A>B"])
    assert list(lots.draw(["B", "A"], "x", 1)) == ["A", "B"]
    with pytest.raises(LotNeeded) as caught:
        lots.draw(["A", "B"], "x", 2)
    assert "stage 2: a lot is needed between A and B (x); replay" in str(caught.value)


def test_supplied_lots_fall_back_to_a_seeded_draw() -> None:
    lots = SuppliedLots([], fallback=SeededLots(7))
    assert sorted(lots.draw(["B", "A"], "x", 1)) == ["A", "B"]
    assert lots.describe() == "supplied, then seed 7"


def test_seeded_lots_are_reproducible_and_print_the_seed() -> None:
    names = ["A", "B", "C", "D", "E"]
    first = [list(SeededLots(42).draw(names, "x", 1)) for _ in range(3)]
    assert first[0] == first[1] == first[2]
    assert sorted(first[0]) == names
    assert SeededLots(42).describe() == "seed 42"
    orders = {tuple(SeededLots(seed).draw(names, "x", 1)) for seed in range(50)}
    assert len(orders) > 1


def test_no_lots_refuses() -> None:
    with pytest.raises(LotNeeded):
        NoLots().draw(["A", "B"], "x", 1)


def test_a_supplied_lot_needs_two_names() -> None:
    with pytest.raises(RulesError):
        SuppliedLots(["A"])


def test_a_supplied_lot_must_name_the_tied_candidates_only() -> None:
    with pytest.raises(RulesError) as caught:
        SuppliedLots(["Smith>Jones>Brown"]).draw(["Jones", "Smith"], "exclusion", 3)
    assert "Brown is not in the tie between Jones and Smith" in str(caught.value)
    with pytest.raises(RulesError) as caught:
        SuppliedLots(["Smith>Brown"]).draw(["Jones", "Smith"], "exclusion", 3)
    message = str(caught.value)
    assert "Brown is not in the tie between Jones and Smith" in message
    assert "stage 3" in message and "'Smith>Brown'" in message


def test_a_supplied_lot_must_name_standing_candidates() -> None:
    lots = SuppliedLots(["B>Zed", "X>Y"])
    with pytest.raises(RulesError) as caught:
        lots.check(["A", "B", "C"])
    assert "Zed is not a standing candidate" in str(caught.value)
    # an order naming nobody who stands is for another contest: left to the warning
    SuppliedLots(["X>Y"]).check(["A", "B", "C"])
    SuppliedLots(["b>a"]).check(["A", "B", "C"])
