"""The samplers against their published test vectors and the ``consistent_sampler`` package.

Expected values:

* ``RIVEST_VECTORS``: the test cases of Chris Jerdonek's ``rivest-sampler-tests``
  (``tests.json``, version 0.2.0-alpha), checked there against Rivest's reference
  ``sampler.py`` of 14 November 2011; with duplicates allowed.
* ``TRANSCRIPT``: the sample transcript in the docstring of that ``sampler.py``
  (seed 3546311556112163624615351222, 1..876, without replacement, 47 drawn; draw
  32 gives 611 again and is rejected).
* The README examples of Rivest's ``consistent_sampler`` (github.com/ron-rivest/
  consistent_sampler, Examples 1 and 2), and the PyPI package run side by side.
"""

from __future__ import annotations

from itertools import islice

import pytest

from tellers.audit import Manifest, consistent_sample, draw, read_manifest, sample
from tellers.audit.sampler import Batch
from tellers.errors import InputError

RIVEST_VECTORS = [
    ("1", 1000, [97, 89, 163]),
    ("0", 2, [1, 1, 2]),
    ("0", 1000, [905, 573, 160]),
    ("0000000000", 1000, [978, 359, 132]),
    ("999999999999999999999999", 1000, [544, 800, 654]),
    ("3546311556112163624615351222", 876, [740, 180, 264, 789, 238]),
    ("abcde", 1000, [247, 427, 157]),
    ("abc123", 1000, [455, 764, 629]),
    ("snowman: \u2603", 1000, [634, 56, 46]),
    ("\U0001f600", 1000, [596, 415, 303, 11, 141]),
]

TRANSCRIPT = [
    740, 180, 264, 789, 238, 448, 272, 611, 761, 208, 596, 88, 160, 113, 766, 427,
    184, 816, 653, 411, 779, 331, 339, 487, 594, 235, 65, 527, 821, 490, 461, 251,
    471, 414, 174, 567, 300, 134, 144,
]  # fmt: skip
#: The sorted list of all 47 printed at the end of the transcript.
TRANSCRIPT_SORTED = [
    65, 88, 113, 134, 144, 160, 174, 180, 184, 197, 208, 218, 235, 238, 251, 264,
    272, 300, 331, 339, 357, 411, 414, 427, 448, 461, 471, 487, 490, 527, 537, 550,
    567, 594, 596, 611, 653, 740, 761, 766, 779, 786, 787, 789, 792, 816, 821,
]  # fmt: skip


@pytest.mark.parametrize(("seed", "papers", "expected"), RIVEST_VECTORS)
def test_rivest_published_vectors(seed: str, papers: int, expected: list[int]) -> None:
    assert list(islice(draw(seed, papers), len(expected))) == expected


def test_rivest_transcript_without_replacement() -> None:
    drawn = sample("3546311556112163624615351222", 876, 47, unique=True)
    assert drawn[: len(TRANSCRIPT)] == TRANSCRIPT
    assert sorted(drawn) == TRANSCRIPT_SORTED


def test_unique_runs_out_after_every_paper() -> None:
    assert sorted(draw("7", 5, unique=True)) == [1, 2, 3, 4, 5]
    with pytest.raises(InputError, match="at most 5"):
        sample("7", 5, 6, unique=True)


def test_consistent_sampler_readme_examples() -> None:
    ids = ["A-1", "A-2", "A-3", "B-1", "B-2", "B-3"]
    first_four = [t.id for t in islice(consistent_sample(ids, "314159", with_replacement=False), 4)]
    assert first_four == ["B-2", "B-3", "A-3", "A-2"]
    ids = ["a1", "b2", "c3", "d4", "e5", "f6"]
    drawn = [
        (t.number[:11], t.id, t.generation) for t in islice(consistent_sample(ids, "19283746"), 10)
    ]
    assert drawn == [
        ("0.303241347", "e5", 1),
        ("0.432145156", "b2", 1),
        ("0.487135586", "c3", 1),
        ("0.581779914", "b2", 2),
        ("0.680782907", "b2", 3),
        ("0.700258702", "c3", 2),
        ("0.816686725", "b2", 4),
        ("0.841870265", "a1", 1),
        ("0.857737141", "a1", 2),
        ("0.866227993", "f6", 1),
    ]


@pytest.mark.parametrize("with_replacement", [True, False])
@pytest.mark.parametrize("seed", ["1", "01382438112797316654", "snowman: \u2603"])
def test_consistent_sampler_package_side_by_side(seed: str, with_replacement: bool) -> None:
    consistent_sampler = pytest.importorskip("consistent_sampler")
    ids = [str(k) for k in range(1, 301)]
    theirs = list(
        consistent_sampler.sampler(
            ids, seed=seed, with_replacement=with_replacement, take=250, output="tuple"
        )
    )
    ours = [
        (t.number, t.id, t.generation)
        for t in islice(consistent_sample(ids, seed, with_replacement=with_replacement), 250)
    ]
    assert [(n[:11], i, g) for n, i, g in ours] == [(n[:11], i, g) for n, i, g in theirs]
    assert sample(seed, 300, 250, sampler="consistent", unique=not with_replacement) == [
        int(i) for _, i, _ in theirs
    ]


def test_manifest_locates_papers() -> None:
    manifest = Manifest((Batch("1", 117), Batch("2", 269), Batch("3", 178)))
    assert manifest.papers == 564
    assert manifest.locate(1) == (Batch("1", 117), 1)
    assert manifest.locate(117) == (Batch("1", 117), 117)
    assert manifest.locate(118) == (Batch("2", 269), 1)
    assert manifest.locate(564) == (Batch("3", 178), 178)
    assert manifest.number("2", 1) == 118
    with pytest.raises(ValueError):
        manifest.locate(565)


def test_read_arlo_manifest() -> None:
    text = 'Container,Batch Name,Number of Ballots\nA,1,117\nA,2,269\nB,1,"1,178"\n'
    manifest = read_manifest("m.csv", text)
    assert [b.name for b in manifest.batches] == ["A / 1", "A / 2", "B / 1"]
    assert manifest.papers == 117 + 269 + 1178


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "heading row"),
        ("Batch,Count\n1,2\n", "Number of Ballots"),
        ("Batch Name,Number of Ballots\n1,x\n", "m.csv:2: expected the number of ballots"),
        ("Batch Name,Number of Ballots\n1,3\n1,4\n", "m.csv:3: expected each batch once"),
        ("Batch Name,Number of Ballots\n1,0\n", "at least one batch"),
    ],
)
def test_bad_manifest(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        read_manifest("m.csv", text)
