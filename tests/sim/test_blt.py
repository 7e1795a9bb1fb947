"""The BLT writer: the layout OpenSTV and the Scottish councils' files use."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from tellers import Ballots, Candidate, Contest, Election, InputError, Totals
from tellers.sim import generate, to_blt


def test_a_small_election_is_written_line_for_line() -> None:
    contest = Contest(
        name='Ward 1 "North"',
        seats=2,
        candidates=(Candidate("Ann", "Red"), Candidate("Bob"), Candidate("Cy")),
        withdrawn=frozenset({2}),
    )
    votes = Ballots.of((3, [0, 1]), (2, [1]), (1, []))
    text = to_blt(Election(contest, votes))
    assert text.splitlines() == [
        "3 2",
        "-3",
        "1 0",
        "3 1 2 0",
        "2 2 0",
        "0",
        '"Ann"',
        '"Bob"',
        '"Cy"',
        "\"Ward 1 'North'\"",
    ]
    assert text.endswith("'\"\n")


def test_declared_totals_have_no_blt_form() -> None:
    contest = Contest("Ward", 1, (Candidate("Ann"), Candidate("Bob")))
    with pytest.raises(InputError, match="ranked papers are expected"):
        to_blt(Election(contest, Totals((3, 4))))


def parse_blt(text: str) -> tuple[int, int, dict[tuple[int, ...], int], list[str]]:
    """A minimal reader for the test, independent of tellers.formats."""
    lines = text.splitlines()
    candidates, seats = map(int, lines[0].split())
    papers: dict[tuple[int, ...], int] = {}
    i = 1
    while lines[i] != "0":
        numbers = [int(x) for x in lines[i].split()]
        assert numbers[-1] == 0
        papers[tuple(c - 1 for c in numbers[1:-1])] = numbers[0]
        i += 1
    names = [line.strip('"') for line in lines[i + 1 :]]
    return candidates, seats, papers, names


def test_a_generated_election_survives_the_trip() -> None:
    election = generate(8, 3_000, seats=3, seed=5)
    assert isinstance(election.votes, Ballots)
    candidates, seats, papers, names = parse_blt(to_blt(election))
    assert (candidates, seats) == (8, 3)
    assert papers == dict(zip(election.votes.rankings, election.votes.counts, strict=True))
    assert names == [*election.contest.names, election.contest.name]


def test_the_tellers_reader_reads_what_is_written(tmp_path: Path) -> None:
    try:
        formats = importlib.import_module("tellers.formats")
        read = formats.read
    except (ImportError, AttributeError):
        pytest.skip("tellers.formats.read is not there yet")
    election = generate(7, 2_000, seats=3, seed=9)
    path = tmp_path / "generated.blt"
    path.write_text(to_blt(election), encoding="utf-8")
    back = read(path)
    assert back.votes == election.votes
    assert back.contest.names == election.contest.names
    assert back.contest.seats == 3
