from tellers import Candidate, Contest, NoLots
from tellers.core.count import Action
from tellers.rules.sheet import LookBack, Sheet


def sheet_with(history: list[list[int]]) -> Sheet:
    contest = Contest("t", 1, tuple(Candidate(n) for n in "WXYZ"))
    sheet = Sheet(contest, "test", 0, NoLots())
    for votes in history:
        sheet.stage(Action.COUNT, votes)
    return sheet


def test_backward_look_back_uses_the_most_recent_stage_where_they_differ() -> None:
    # spec 04 example 4.2: X and Y tie at stage 3; stage 2 had X 13, Y 11 -> Y lowest
    sheet = sheet_with([[0, 10, 11, 0], [0, 13, 11, 0], [0, 13, 13, 0]])
    assert sheet.look_back([1, 2], LookBack.BACKWARD, lowest=True) == (2,)


def test_forward_look_back_uses_the_first_stage_where_they_differ() -> None:
    # spec 05 example 5.2: same totals, forward -> X lowest at stage 1
    sheet = sheet_with([[0, 10, 11, 0], [0, 13, 11, 0], [0, 13, 13, 0]])
    assert sheet.look_back([1, 2], LookBack.FORWARD, lowest=True) == (1,)


def test_look_back_narrows_a_three_way_tie_stage_by_stage() -> None:
    sheet = sheet_with([[5, 5, 9, 0], [6, 6, 7, 0], [7, 7, 7, 0]])
    assert sheet.look_back([0, 1, 2], LookBack.BACKWARD, lowest=True) == (0, 1)
    assert sheet.look_back([0, 1, 2], LookBack.FORWARD, lowest=False) == (2,)


def test_equal_at_every_stage_stays_tied() -> None:
    sheet = sheet_with([[5, 5, 0, 0], [5, 5, 0, 0]])
    assert sheet.look_back([0, 1], LookBack.BACKWARD, lowest=True) == (0, 1)
