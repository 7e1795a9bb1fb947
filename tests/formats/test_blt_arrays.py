"""BLT ballot lines parsed by numpy (formats/blt_arrays.py) give what the pure reader gives.

Two paths end in the numpy parser: a small file parsed whole (no pyarrow), and
the distinct lines of a large one, merged by pyarrow as they stream
(test_blt_fast.py holds that one to the pure reader on its edge cases too).
The pure reader is the reference: its readings of the Scottish files are
checked against the official results (tests/rules/test_scotland_official.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tellers.core.model import Ballots, Election
from tellers.errors import InputError
from tellers.formats import blt, read
from tellers.formats.blt import read_blt_file

from ..data import shared_data
from .test_blt_fast import EDGES, pure, same

pytest.importorskip("numpy", reason="the numpy BLT reader needs numpy")

#: Files below this are parsed whole by numpy: every file here.
WHOLE = 1 << 40


def whole(path: Path | str, seats: int | None = None) -> Election | None:
    return read_blt_file(path, seats, merge_from=WHOLE)


def merged(path: Path | str) -> Election | None:
    pytest.importorskip("pyarrow", reason="merging lines as they stream needs pyarrow")
    return read_blt_file(path, merge_from=0)


@pytest.mark.slow
def test_every_scottish_ward_reads_the_same_whole() -> None:
    files = sorted(shared_data("scotland-local-stv-blt").glob("*/*.blt"))
    assert len(files) > 1000
    taken = 0
    for path in files:
        found = whole(path)
        if found is not None:
            taken += 1
            assert isinstance(found.votes, Ballots) and found.votes.has_arrays
            same(found, pure(path))
    assert taken == len(files) - 1  # all but the file written with commas


@pytest.mark.parametrize("piece", [1 << 20, 7])
@pytest.mark.parametrize("case", sorted(EDGES))
def test_edges_read_the_same_whole(
    case: str, piece: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "ward.blt"
    encoding = "cp1252" if case == "names not in UTF-8" else "utf-8"
    path.write_bytes(EDGES[case].encode(encoding))
    monkeypatch.setattr(blt, "PIECE", piece)
    monkeypatch.setattr(blt, "_TOP_LINES", 4)
    try:
        reference = pure(path)
    except InputError as error:
        assert whole(path) is None
        with pytest.raises(InputError) as caught:
            read(path)
        assert str(caught.value) == str(error)
        return
    found = whole(path)
    if found is None:
        assert case in ("tab", "two spaces", "trailing space", "ballot id", "equal preference",
                        "leading zero", "end line with a comment", "commas",
                        "lone carriage return"), case  # fmt: skip
    else:
        same(found, reference)
    same(read(path), reference)


def test_a_small_file_is_read_by_numpy_alone(tmp_path: Path) -> None:
    path = tmp_path / "ward.blt"
    path.write_text(EDGES["weights differ"], encoding="utf-8")
    election = read(path)  # a file under FAST_BLT_BYTES
    assert isinstance(election.votes, Ballots) and election.votes.has_arrays
    assert election.votes.rankings == ((0, 1), (2,))  # 3 + 1 papers of 1 2; 7 of 3 (007)
    assert election.votes.counts == (4, 7)


def _section(lines: list[tuple[int, list[int]]]) -> str:
    return "".join(f"{w} {' '.join(str(c) for c in r)} 0\n".replace("  ", " ") for w, r in lines)


def _file(tmp_path: Path, candidates: int, lines: list[tuple[int, list[int]]]) -> Path:
    path = tmp_path / "generated.blt"
    names = "".join(f'"C{i}"\n' for i in range(candidates)) + '"Generated"\n'
    path.write_text(f"{candidates} 2\n{_section(lines)}0\n{names}", encoding="utf-8")
    return path


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    candidates=st.sampled_from([3, 64, 65, 300]),
    lines=st.lists(
        st.tuples(
            st.sampled_from([0, 1, 1, 1, 2, 10, 999_999_999_999_999]),
            st.lists(st.integers(1, 300), max_size=40, unique=True),
        ),
        max_size=40,
    ),
    repeat=st.integers(1, 3),
)
def test_generated_sections_read_the_same_both_ways(
    candidates: int, lines: list[tuple[int, list[int]]], repeat: int, tmp_path: Path
) -> None:
    """Lines repeated, one ranking given with several weights, blank papers, weights of
    0 and of 15 digits, more than 64 candidates (words of bits) and more than 255 (two
    bytes a candidate); a number above the candidates sends the file to the pure reader."""
    lines = [(w, [c for c in r if c <= candidates]) for w, r in lines] * repeat
    path = _file(tmp_path, candidates, lines)
    reference = pure(path)
    for found in (whole(path), merged(path)):
        assert found is not None
        same(found, reference)


def test_rankings_given_on_several_lines_are_merged(tmp_path: Path) -> None:
    """Lines repeated and rankings given with several weights: kept as several entries
    in the arrays, one ranking each in the Ballots."""
    lines = [(1, [1, 2]), (2, [2, 1]), (3, [1, 2]), (1, [3]), (1, [2, 1, 3]), (4, [3])]
    path = _file(tmp_path, 3, lines * 2)
    for found in (whole(path), merged(path)):
        assert found is not None
        assert isinstance(found.votes, Ballots)
        assert len(found.votes.arrays()) > 4
        assert found.votes.rankings == ((0, 1), (1, 0), (1, 0, 2), (2,))
        assert found.votes.counts == (8, 4, 2, 10)  # by hand: 2 x (1 + 3), 2 x 2, 2, 2 x 5


def test_lines_parsed_in_parts_with_weights_that_differ_between_parts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each part's lines all have one weight, but not the same one: merged all the same."""
    pytest.importorskip("pyarrow", reason="merging lines as they stream needs pyarrow")
    monkeypatch.setattr("tellers.formats.blt_fast.LINES_AT_ONCE", 2)
    path = _file(tmp_path, 3, [(1, [1]), (1, [2]), (2, [1]), (2, [3]), (1, [2, 3])])
    found = merged(path)
    assert found is not None
    assert found.votes.rankings == ((0,), (1,), (1, 2), (2,))
    assert found.votes.counts == (3, 1, 1, 2)


def test_weights_too_long_or_too_large_go_to_the_pure_reader(tmp_path: Path) -> None:
    path = _file(tmp_path, 3, [(1_000_000_000_000_000, [1])])  # 16 digits
    assert whole(path) is None
    assert read(path).votes.counts == (1_000_000_000_000_000,)
    path = _file(tmp_path, 3, [(999_999_999_999_999, [1])] * 5000)  # a sum over 2**62
    assert whole(path) is None
    assert read(path).votes.counts == (999_999_999_999_999 * 5000,)


def test_seats_given(tmp_path: Path) -> None:
    path = tmp_path / "ward.blt"
    path.write_text(EDGES["plain"], encoding="utf-8")
    found = whole(path, 1)
    assert found is not None and found.contest.seats == 1
    assert whole(path, 0) is None  # the pure reader refuses 0 seats
