"""Shared by the STV tests: random elections for the property tests, and the spec's notation.

* :func:`elections`: a Hypothesis strategy of small random elections;
* :func:`election`: an election typed from the spec's notation, ``"20: A>B>C; 12: A>C"``;
* the ballots of spec 04's worked examples 4.1–4.5 and spec 06's example 6.1;
* :func:`figures`, :func:`row`, :func:`decided_at`, :func:`names`,
  :func:`assert_conserved`: reading a count the way the spec prints it.
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import strategies as st

from tellers.core.count import Count
from tellers.core.model import Ballots, Candidate, Contest, Election

EX41 = "20: A>B>C; 12: A>C; 9: A>D; 10: B>C; 9: B>E>D; 17: C>B; 12: D>E>C; 11: E>D"
EX42 = "26: P; 20: Q; 11: Y>X; 10: X>Y; 2: W>Y>X; 4: W; 3: Z>X; 2: Z>Q"
EX43 = "20: P; 18: Q; 5: X>P; 5: Y>Q"
EX44 = "28: A>C; 28: B>D; 14: C; 10: D"
EX45 = "22: B>C; 20: C; 18: D; 15: E>B>D; 13: F; 12: G>F"
EX61 = "40: A>B>D; 26: B>A>C; 20: C; 14: D"


@st.composite
def elections(draw: st.DrawFn) -> Election:
    """3–7 candidates (one sometimes withdrawn), 1–4 seats, up to 30 rankings with counts."""
    n = draw(st.integers(3, 7))
    seats = draw(st.integers(1, 4))
    withdrawn = draw(st.sampled_from([frozenset(), frozenset({n - 1})]))
    ranking = st.tuples(st.permutations(range(n)), st.integers(1, n)).map(
        lambda pair: tuple(pair[0][: pair[1]])
    )
    groups = draw(st.lists(st.tuples(ranking, st.integers(1, 40)), min_size=1, max_size=30))
    contest = Contest(
        "random", seats, tuple(Candidate(f"C{i}") for i in range(n)), withdrawn=withdrawn
    )
    return Election(contest, Ballots.compress(groups))


def election(names: str, seats: int, papers: str, withdrawn: str = "") -> Election:
    """An election from the spec's notation: ``"20: A>B>C; 12: A>C"``; one letter a candidate."""
    contest = Contest(
        "example",
        seats,
        tuple(Candidate(n) for n in names),
        withdrawn=frozenset(names.index(n) for n in withdrawn),
    )
    groups = []
    for part in papers.split(";"):
        number, ranking = part.split(":")
        groups.append((int(number), [names.index(c) for c in ranking.strip().split(">")]))
    return Election(contest, Ballots.of(*groups))


def figures(result: Count, stage: int) -> dict[str, str]:
    """A stage as the spec prints it: each candidate, and NT = non-transferable + loss."""
    record = result.stages[stage - 1]
    row = {result.name(i): str(v) for i, v in enumerate(record.votes)}
    row["NT"] = str(record.non_transferable + record.loss_to_rounding)
    return row


def row(names: str, *values: str) -> dict[str, str]:
    return dict(zip([*names, "NT"], values, strict=True))


def decided_at(result: Count) -> dict[str, tuple[int, str]]:
    return {result.name(d.candidate): (d.stage, d.outcome.value) for d in result.decisions}


def names(result: Count, indices: tuple[int, ...]) -> tuple[str, ...]:
    return tuple(result.name(i) for i in indices)


def assert_conserved(result: Count) -> None:
    assert result.valid_papers is not None
    for stage in result.stages:
        total = sum(stage.votes, Decimal(0)) + stage.non_transferable + stage.loss_to_rounding
        assert total == result.valid_papers, f"stage {stage.number}"
