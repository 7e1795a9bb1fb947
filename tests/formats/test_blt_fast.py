"""The fast BLT reader (pyarrow, the ``fast`` extra) gives what the pure reader gives.

Every Scottish ward file, every broken file, files crafted to sit at the edges of
what the fast reader takes (split into small pieces, so that lines and the end
line fall across their boundaries), and generated sections: the same Election
from both readers, or the same error. The pure reader is the reference: its
readings of the Scottish files are checked against the official results
elsewhere (tests/rules/test_scotland_official.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tellers import formats
from tellers.core.model import Election
from tellers.errors import InputError, TellersError
from tellers.formats import blt, read
from tellers.formats._common import UNMARKED
from tellers.formats.blt import read_blt_file

from ..data import shared_data
from .test_broken import BROKEN

pytest.importorskip(
    "pyarrow", reason="the fast BLT reader needs pyarrow: pip install 'tellers[fast]'"
)


def pure(path: Path | str, seats: int | None = None) -> Election:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(blt.ENGINE_VARIABLE, "pure")
        return read(path, seats=seats)


def same(fast: Election, reference: Election) -> None:
    assert fast.votes == reference.votes
    assert fast.contest == reference.contest
    assert dict(fast.rejected) == dict(reference.rejected)
    assert fast.source == reference.source
    assert fast.rules == reference.rules


@pytest.mark.slow
def test_every_scottish_ward_reads_the_same() -> None:
    files = sorted(shared_data("scotland-local-stv-blt").glob("*/*.blt"))
    assert len(files) > 1000
    taken = 0
    for path in files:
        fast = read_blt_file(path)
        if fast is not None:
            taken += 1
            same(fast, pure(path))
    # all but the files written with commas or other forms the fast reader leaves alone
    assert taken > 0.9 * len(files), taken


@pytest.mark.parametrize("name", sorted(p.name for p in BROKEN.glob("*.blt")))
def test_broken_files_give_the_same_error(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(BROKEN)
    assert read_blt_file(name) is None  # left to the pure reader, which finds the fault
    with pytest.raises(InputError) as fast:
        read(name)
    with pytest.raises(InputError) as reference:
        pure(name)
    assert str(fast.value) == str(reference.value)


NAMES = '"Anne"\n"Bill"\n"Cora"\n"Dan"\n"Ward"\n'

EDGES = {
    "plain": "4 2\n1 1 2 0\n1 3 0\n1 1 2 0\n2 4 1 0\n0\n" + NAMES,
    "weights differ": "4 2\n3 1 2 0\n1 1 2 0\n0 2 0\n007 3 0\n0\n" + NAMES,
    "blank and zero": "4 2\n2 0\n0 0\n1 2 1 0\n0 3 4 0\n0\n" + NAMES,
    "no ballots": "4 2\n0\n" + NAMES,
    "withdrawn and comments": "# made by hand\n4 2 # header\n-3\n\n1 1 3 2 0\n1 4 0\n0\n" + NAMES,
    "crlf": ("4 2\n1 1 2 0\n\n1 3 0\n1 1 2 0\n0\n" + NAMES).replace("\n", "\r\n"),
    "byte-order mark": "\ufeff4 2\n1 1 2 0\n1 3 0\n0\n" + NAMES,
    "names not in UTF-8": "4 2\n1 1 0\n0\n" + NAMES.replace("Anne", "Ren\xe9e"),
    "names in UTF-8": "4 2\n1 1 0\n0\n" + NAMES.replace("Anne", "Renée"),
    "ends without a newline": "4 2\n1 1 0\n0\n" + NAMES.rstrip("\n"),
    "many candidates": "12 3\n1 12 10 11 0\n1 9 0\n0\n"
    + "".join(f'"C{i}"\n' for i in range(12))
    + '"W"\n',
    # left to the pure reader, for it reads them otherwise or finds a fault
    "tab": "4 2\n1\t1 2 0\n0\n" + NAMES,
    "two spaces": "4 2\n1  1 2 0\n0\n" + NAMES,
    "trailing space": "4 2\n1 1 2 0 \n0\n" + NAMES,
    "ballot id": "4 2\n(a) 1 1 2 0\n0\n" + NAMES,
    "equal preference": "4 2\n1 1=2 3 0\n1 2 1=3 0\n0\n" + NAMES,
    "leading zero": "4 2\n1 01 2 0\n0\n" + NAMES,
    "end line with a comment": "4 2\n1 1 0\n0 # end\n1 2 0\n0\n" + NAMES,
    "commas": "4,2,\n1,1,2,0,\n0,\n" + NAMES,
    "lone carriage return": "4 2\r1 1 0\r0\r" + NAMES.replace("\n", "\r"),
    "repeated candidate": "4 2\n1 1 2 1 0\n0\n" + NAMES,
    "unknown candidate": "4 2\n1 1 5 0\n0\n" + NAMES,
    "no end line": "4 2\n1 1 0\n",
    "control character": "4 2\n1 1 0\x01\n0\n" + NAMES,
    "control character in a name": "4 2\n1 1 0\n0\n" + NAMES.replace("Anne", "An\x01ne"),
    "too many seats": "4 5\n1 1 0\n0\n" + NAMES,
    "missing name": "4 2\n1 1 0\n0\n" + NAMES.replace('"Bill"\n', ""),
}


@pytest.mark.parametrize("piece", [1 << 20, 7, 3])
@pytest.mark.parametrize("case", sorted(EDGES))
def test_edges_read_the_same(
    case: str, piece: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "ward.blt"
    encoding = "cp1252" if case == "names not in UTF-8" else "utf-8"
    path.write_bytes(EDGES[case].encode(encoding))
    monkeypatch.setattr(blt, "PIECE", piece)
    monkeypatch.setattr(blt, "_TOP_LINES", 4)
    monkeypatch.setattr(formats, "FAST_BLT_BYTES", 0)  # read() offers every file to it
    monkeypatch.setattr("tellers.formats.blt_fast.MERGE_AFTER", 1)  # merged as they come
    monkeypatch.setattr("tellers.formats.blt_fast.LINES_AT_ONCE", 2)  # repeats sought in parts
    try:
        reference = pure(path)
    except InputError as error:
        assert read_blt_file(path) is None
        with pytest.raises(InputError) as caught:
            read(path)
        assert str(caught.value) == str(error)
        return
    fast = read_blt_file(path)
    if fast is None:
        assert case in ("tab", "two spaces", "trailing space", "ballot id", "equal preference",
                        "leading zero", "end line with a comment", "commas",
                        "lone carriage return"), case  # fmt: skip
    else:
        same(fast, reference)
    same(read(path), reference)


def test_the_plain_cases_are_taken(tmp_path: Path) -> None:
    """The fast reader does read the files it is meant for (else the tests above prove
    nothing), and gives the papers counted by hand."""
    path = tmp_path / "ward.blt"
    path.write_text(EDGES["blank and zero"], encoding="utf-8")
    election = read_blt_file(path)
    assert election is not None
    assert election.votes.rankings == ((1, 0),)
    assert election.votes.counts == (1,)
    assert dict(election.rejected) == {UNMARKED: 2}
    path.write_text(EDGES["weights differ"], encoding="utf-8")
    election = read_blt_file(path)
    assert election is not None
    assert election.votes.rankings == ((0, 1), (2,))
    assert election.votes.counts == (4, 7)


def test_seats_given_and_progress(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "ward.blt"
    path.write_text(EDGES["plain"] * 1, encoding="utf-8")
    monkeypatch.setattr(blt, "PIECE", 8)
    monkeypatch.setattr(blt, "_TOP_LINES", 2)
    seen: list[tuple[int, int]] = []
    election = read_blt_file(path, 1, progress=lambda done, total: seen.append((done, total)))
    assert election is not None
    assert election.contest.seats == 1
    size = path.stat().st_size
    assert seen[-1] == (size, size)
    assert len(seen) > 2
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert read_blt_file(path, 0) is None  # the pure reader refuses 0 seats


def test_engines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "ward.blt"
    path.write_text(EDGES["plain"], encoding="utf-8")
    assert read_blt_file(path, engine="pure") is None
    assert read_blt_file(path, engine="fast") is not None
    with pytest.raises(TellersError, match="expected a BLT engine among"):
        read_blt_file(path, engine="quick")
    monkeypatch.setenv(blt.ENGINE_VARIABLE, "pure")
    assert read_blt_file(path) is None


def _section(lines: list[tuple[int, list[int]]]) -> str:
    return "".join(f"{w} {' '.join(str(c) for c in r)} 0\n".replace("  ", " ") for w, r in lines)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    papers=st.lists(
        st.tuples(
            st.integers(0, 3),
            st.lists(st.integers(1, 6), max_size=6, unique=True),
        ),
        max_size=40,
    ),
    piece=st.integers(4, 64),
)
def test_generated_sections_read_the_same(
    papers: list[tuple[int, list[int]]], piece: int, tmp_path: Path
) -> None:
    path = tmp_path / "generated.blt"
    names = "".join(f'"C{i}"\n' for i in range(6)) + '"Generated"\n'
    path.write_text(f"6 2\n{_section(papers)}0\n{names}", encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(blt, "PIECE", piece)
        patch.setattr(blt, "_TOP_LINES", 2)
        fast = read_blt_file(path)
    assert fast is not None
    same(fast, pure(path))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    papers=st.lists(
        st.tuples(st.integers(0, 2), st.lists(st.integers(1, 70), max_size=30)),
        max_size=30,
    ),
)
def test_long_rankings_and_repeats_read_the_same(
    papers: list[tuple[int, list[int]]], tmp_path: Path
) -> None:
    """70 candidates (two words of bits to find a repeat), rankings longer than the 16
    preferences the sort columns hold, and candidates named twice (left to the pure
    reader, which names the line)."""
    path = tmp_path / "long.blt"
    names = "".join(f'"C{i}"\n' for i in range(70)) + '"Long"\n'
    path.write_text(f"70 5\n{_section(papers)}0\n{names}", encoding="utf-8")
    try:
        reference = pure(path)
    except InputError as error:
        assert "at most once in a ranking" in str(error)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr("tellers.formats.blt_fast.LINES_AT_ONCE", 3)
            assert read_blt_file(path) is None
        return
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("tellers.formats.blt_fast.LINES_AT_ONCE", 3)  # repeats sought in parts
        fast = read_blt_file(path)
    assert fast is not None
    same(fast, reference)


def _outcome(path: Path) -> Election | str:
    try:
        return pure(path)
    except InputError as error:
        return str(error)


@pytest.mark.parametrize("case", sorted(EDGES))
def test_the_pure_reader_merges_lines_to_the_same_end(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Merging identical lines before parsing them (as the pure reader does in long
    sections) gives the same ballots, or the same error at the same line."""
    path = tmp_path / "ward.blt"
    encoding = "cp1252" if case == "names not in UTF-8" else "utf-8"
    path.write_bytes(EDGES[case].replace("1 1 2 0\n", "1 1 2 0\n" * 3).encode(encoding))
    line_by_line = _outcome(path)
    monkeypatch.setattr(blt, "_MERGE_LINES", 0)
    merged = _outcome(path)
    if isinstance(line_by_line, str):
        assert merged == line_by_line
    else:
        assert not isinstance(merged, str), merged
        same(merged, line_by_line)


def test_a_long_section_read_by_hand(tmp_path: Path) -> None:
    """5,000 lines of three rankings, merged by the pure reader and by the fast one, give
    the papers counted by hand."""
    lines = ["1 1 2 0", "2 3 0", "1 2 1 3 0"] * 1666 + ["1 1 2 0", "5 0"]
    path = tmp_path / "long.blt"
    text = "3 1\n" + "\n".join(lines) + "\n0\n" + NAMES.replace('"Dan"\n', "")
    path.write_text(text, encoding="utf-8")
    for election in (pure(path), read_blt_file(path)):
        assert election is not None
        assert election.votes.rankings == ((0, 1), (1, 0, 2), (2,))
        assert election.votes.counts == (1667, 1666, 3332)
        assert dict(election.rejected) == {UNMARKED: 5}
