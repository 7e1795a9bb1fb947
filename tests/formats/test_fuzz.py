"""Fuzzing: whatever the bytes, a reader gives an Election or an InputError, nothing else."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tellers.core.model import Ballots, Election
from tellers.errors import InputError
from tellers.formats import FORMATS, read_text
from tellers.formats._common import decode
from tests.formats.test_blt import EXAMPLE
from tests.formats.test_contest_json import DOCUMENT
from tests.formats.test_declared import SPITALFIELDS
from tests.formats.test_preflib import NEW as PREFLIB

NEWSPAPER = (
    "Ward: Spitalfields & Banglatown\nDate: 19 April 2012\n"
    + SPITALFIELDS
    + "Smith, John (Con)\t1,234 *\nRejected (want of official mark): 1\nTurnout 25.4%\n"
)
TABLE = (
    "first_choice_candidate,first_choice_party,second:Anne,second:Bill,first_preference_votes\n"
    "Anne,Red,5,40,100\nBill,Blue,20,3,60\n"
)
RANKINGS = "# seats: 2\nfirst,second,count\nAnne,Bill,3\nBill,,2\n"
SAMPLES = [EXAMPLE, PREFLIB, RANKINGS, TABLE, NEWSPAPER, DOCUMENT]
NAMES = ["x.blt", "x.toi", "x.csv", "x.csv", "x.txt", "x.json"]
SPECIAL = "0123456789 -=,:#(){}[]\"'*%\n\t\r.+é\x00"

fuzz = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check(election: Election) -> None:
    """What every Election a reader gives must satisfy."""
    contest = election.contest
    assert contest.seats >= 1
    votes = election.votes
    if isinstance(votes, Ballots):
        assert contest.seats <= len(contest.candidates)
        assert list(votes.rankings) == sorted(set(votes.rankings))
        assert all(n > 0 for n in votes.counts)
        for ranking in votes.rankings:
            assert ranking
            assert len(set(ranking)) == len(ranking)
            assert all(0 <= c < len(contest.candidates) for c in ranking)
    else:
        assert len(votes.votes) == len(contest.candidates)
    assert all(n > 0 for n in election.rejected.values())


def _read(text: str, source: str, format_in: str | None = None) -> None:
    try:
        election = read_text(text, source, format_in)
    except InputError as error:
        assert str(error).startswith(source)
        assert "\n" not in str(error)
    else:
        _check(election)


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, str]:
    """One of the sample files, with a few random edits."""
    which = draw(st.integers(0, len(SAMPLES) - 1))
    text = SAMPLES[which]
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(["insert", "delete", "replace", "line"]))
        char = draw(st.sampled_from(SPECIAL) | st.characters())
        if kind == "insert":
            text = text[:at] + char + text[at:]
        elif kind == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 8)) :]
        elif kind == "replace":
            text = text[:at] + char + text[at + 1 :]
        else:
            lines = text.split("\n")
            i = draw(st.integers(0, len(lines) - 1))
            lines.insert(draw(st.integers(0, len(lines))), lines[i])
            text = "\n".join(lines)
    return NAMES[which], text


@fuzz
@given(st.binary(max_size=400), st.sampled_from([*NAMES, "x.dat", "-"]))
def test_random_bytes(data: bytes, name: str) -> None:
    try:
        text = decode(data, name)
    except InputError:
        return
    _read(text, name)


@fuzz
@given(st.text(alphabet=st.sampled_from(SPECIAL) | st.characters(), max_size=300))
def test_random_text_with_each_reader(text: str) -> None:
    for format_in in FORMATS:
        _read(text, "x.in", format_in)


@fuzz
@given(mutated())
def test_mutated_files(sample: tuple[str, str]) -> None:
    name, text = sample
    _read(text, name)


@fuzz
@given(
    st.lists(
        st.tuples(
            st.integers(0, 9),
            st.permutations(range(5)).flatmap(lambda p: st.integers(0, 5).map(lambda k: p[:k])),
        ),
        max_size=30,
    )
)
def test_the_fast_and_careful_blt_paths_agree(papers: list[tuple[int, list[int]]]) -> None:
    lines = [" ".join(str(x) for x in (n, *(c + 1 for c in r), 0)) for n, r in papers]
    names = "A\nB\nC\nD\nE\nT\n"
    plain = "5 2\n" + "".join(line + "\n" for line in lines) + "0\n" + names
    careful = "5 2\n# careful\n" + "".join(line + " # c\n" for line in lines) + "0\n" + names
    fast, slow = read_text(plain, "p.blt"), read_text(careful, "c.blt")
    assert fast.votes == slow.votes
    assert dict(fast.rejected) == dict(slow.rejected)
    expected = Ballots.compress((tuple(r), n) for n, r in papers if r)
    assert fast.votes == expected
    blank = sum(n for n, r in papers if not r)
    assert dict(fast.rejected) == ({"unmarked_or_void_for_uncertainty": blank} if blank else {})
