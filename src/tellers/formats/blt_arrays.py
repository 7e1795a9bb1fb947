"""Plain BLT ballot lines parsed by numpy, into rankings held as arrays.

Purpose: the papers of a ballot section without a Python object per line or
per ranking. Both fast BLT paths end here: a ward's file (a few thousand
lines, read whole) and the distinct lines of a file of millions of papers
(merged by pyarrow in :mod:`.blt_fast`). The result is a
:class:`~tellers.core.rankings.RankingArrays`, which
:class:`~tellers.core.model.Ballots` keeps as it is and a count on arrays
(:mod:`tellers.rules.array_papers`) reads without making a tuple.

Design: :func:`parse_lines` takes the bytes and where each line starts and
ends, and checks every line is plainly ``weight c1 c2 ... 0``: ASCII digits
and single spaces, a weight of at most 15 digits, candidates from 1 to the
number in the header written without leading zeros, none twice, the final
``0``. It never raises an :class:`~tellers.errors.InputError`: anything else
gives ``None``, and the careful reader in :mod:`.blt` reads the file and
names the line at fault. A ranking given on several lines (with another
weight, or a line repeated) is left so: :class:`~tellers.core.model.Ballots`
merges them when it sorts its rankings, and a count moves them together.
Papers with no preference are counted apart (they are rejected as unmarked).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from ..core.rankings import RankingArrays

if TYPE_CHECKING:
    from numpy.typing import NDArray

#: Candidates a plain line can name: three digits each.
MAX_CANDIDATES = 999
#: Digits in a weight.
MAX_WEIGHT_DIGITS = 15
_ZERO, _NINE, _SPACE = ord("0"), ord("9"), ord(" ")


class Section:
    """A small file's ballot section, parsed whole once all its pieces are in (the
    ``Section`` of :mod:`.blt_fast` merges a large file's lines as they stream)."""

    def __init__(self, candidates: int) -> None:
        self.candidates = candidates
        self._pieces: list[bytes] = []

    def add(self, piece: bytes | memoryview) -> bool:
        """Keep ``piece`` (whole lines); always True."""
        self._pieces.append(bytes(piece))
        return True

    def papers(self) -> tuple[RankingArrays, int] | None:
        """The rankings of the section and the papers with no preference, or None."""
        data = np.frombuffer(b"".join(self._pieces), np.uint8)
        self._pieces = []
        starts, ends = line_bounds(data)
        part = parse_lines(data, starts, ends, None, self.candidates)
        return None if part is None else joined([part])


def line_bounds(data: NDArray[np.uint8]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Where each line of ``data`` starts and ends (before its ``\\n``, and before a
    ``\\r`` that ends it), empty lines left out, as pyarrow's CSV reader leaves them."""
    if not len(data):
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    breaks = np.flatnonzero(data == ord("\n"))
    starts = np.concatenate(([0], breaks + 1)).astype(np.int64)
    ends = np.concatenate((breaks, [len(data)])).astype(np.int64)
    returns = (ends > starts) & (data[np.maximum(ends - 1, 0)] == ord("\r"))
    ends -= returns
    full = ends > starts
    return starts[full], ends[full]


class Part(NamedTuple):
    """Parsed lines: their rankings (one ranking perhaps on several lines) as the arrays
    of :class:`~tellers.core.rankings.RankingArrays`, and the papers with no preference."""

    candidates: Any
    starts: Any
    counts: Any
    blank: int


def parse_lines(
    data: NDArray[np.uint8],
    starts: NDArray[np.int64],
    ends: NDArray[np.int64],
    repeats: NDArray[np.int64] | None,
    candidates: int,
) -> Part | None:
    """The rankings of the plain ballot lines ``data[starts[i]:ends[i]]`` (in order,
    none overlapping), each line counted ``repeats[i]`` times (default once); None if a
    line is not plain. Lines of weight 0 and rankings with no preference are left out
    (the latter counted in ``blank``)."""
    n = len(starts)
    if not 1 <= candidates <= MAX_CANDIDATES:
        return None
    if not n:
        return Part(np.zeros(0, np.uint8), np.zeros(1, np.int64), np.zeros(0, np.int64), 0)
    if int((ends - starts).min()) < 3:  # "w 0" at least
        return None
    low, high = int(starts[0]), int(ends[-1])
    region = data[low:high]
    digit = (region >= _ZERO) & (region <= _NINE)
    space = region == _SPACE
    other = np.flatnonzero(~(digit | space)) + low  # between lines, or a fault within one
    if len(other):
        line = np.searchsorted(starts, other, side="right") - 1
        if bool((other < ends[line]).any()):
            return None
    spaces = np.flatnonzero(space) + low
    del region, digit, space, other
    first = np.searchsorted(spaces, starts)  # each line's first space
    after = np.searchsorted(spaces, ends)  # the first space after each line
    if int((after - first).min()) < 1:
        return None
    if not (bool((data[ends - 1] == _ZERO).all()) and bool((data[ends - 2] == _SPACE).all())):
        return None  # every line ends " 0"
    if not (_digits(data[starts]) and _digits(data[spaces + 1])):
        return None  # a line starts with a digit; a space is followed by one, never a space
    weight_digits = spaces[first] - starts
    if int(weight_digits.max()) > MAX_WEIGHT_DIGITS:
        return None
    chosen = np.ones(len(spaces), bool)
    chosen[after - 1] = False  # the space before the final 0
    at = np.flatnonzero(chosen)
    before = spaces[at]  # the space before each candidate's number
    digits = spaces[at + 1] - before - 1
    del at, spaces, chosen
    numbers = _numbers(data, before, digits)
    if numbers is None or (len(numbers) and int(numbers.max()) > candidates):
        return None
    del before, digits
    flat = (numbers - 1).astype(np.uint8 if candidates <= 256 else np.uint16)
    lengths = after - first - 1
    offsets = np.zeros(n + 1, np.int64)
    np.cumsum(lengths, out=offsets[1:])
    if not _each_once(flat, offsets, lengths, candidates):
        return None
    weights = _weights(data, starts, weight_digits)
    lines = n if repeats is None else int(repeats.sum())
    if int(weights.max()) * lines >= 1 << 62:
        return None  # sums that might not fit in 64 bits: the careful reader's ints do
    counts = weights if repeats is None else weights * repeats
    blank = int(counts[lengths == 0].sum())
    kept = (counts > 0) & (lengths > 0)
    if not bool(kept.all()):
        flat, offsets, counts = _keep(flat, offsets, lengths, kept, counts)
    return Part(flat, offsets, counts, blank)


def joined(parts: Sequence[Part]) -> tuple[RankingArrays, int]:
    """The rankings of ``parts`` (the lines of one section) as arrays, and the papers
    with no preference. A ranking given on several lines stays several entries: the
    sorted tuples of :class:`~tellers.core.model.Ballots` merge them, and a count
    moves them together."""
    blank = sum(p.blank for p in parts)
    if not parts:
        return _arrays(np.zeros(0, np.uint8), np.zeros(1, np.int64), np.zeros(0, np.int64)), 0
    if len(parts) == 1:
        flat, offsets, counts = parts[0].candidates, parts[0].starts, parts[0].counts
    else:
        flat = np.concatenate([p.candidates for p in parts])
        counts = np.concatenate([p.counts for p in parts])
        lengths = np.concatenate([np.diff(p.starts) for p in parts])
        offsets = np.zeros(len(counts) + 1, np.int64)
        np.cumsum(lengths, out=offsets[1:])
    return _arrays(flat, offsets, counts), blank


def _arrays(flat: Any, offsets: Any, counts: Any) -> RankingArrays:
    return RankingArrays(flat, offsets, counts.astype(np.int64, copy=False))


def _digits(values: NDArray[np.uint8]) -> bool:
    return bool(((values >= _ZERO) & (values <= _NINE)).all())


def _same(values: NDArray[Any]) -> bool:
    return not len(values) or int(values.min()) == int(values.max())


def _numbers(data: Any, before: Any, digits: Any) -> Any:
    """The candidates' numbers (from 1) whose digits follow ``before``, or None where
    one has more than three digits or starts with 0."""
    if not len(before):
        return np.zeros(0, np.int32)
    if int(digits.max()) > 3:
        return None
    one = data[before + 1].astype(np.int32) - _ZERO
    if not bool(one.all()):
        return None  # a leading zero, or a 0 before the end of the line
    two = data[before + 2].astype(np.int32) - _ZERO  # within the line: see parse_lines
    three = data[before + 3].astype(np.int32) - _ZERO
    return np.where(
        digits == 1, one, np.where(digits == 2, one * 10 + two, one * 100 + two * 10 + three)
    )


def _weights(data: Any, starts: Any, digits: Any) -> Any:
    """Each line's weight, read from its ``digits`` digits at its start."""
    weights = np.zeros(len(starts), np.int64)
    for k in range(int(digits.max())):
        more = digits > k
        value = data[np.minimum(starts + k, len(data) - 1)].astype(np.int64) - _ZERO
        weights = np.where(more, weights * 10 + value, weights)
    return weights


def _each_once(flat: Any, offsets: Any, lengths: Any, candidates: int) -> bool:
    """Whether no ranking names a candidate twice: the bits of each ranking's candidates,
    64 to a word, or-ed together, are as many as its candidates."""
    named = lengths > 0
    if not bool(named.any()):
        return True
    at = offsets[:-1][named]
    found = np.zeros(int(named.sum()), np.int64)
    index = flat.astype(np.uint64)
    for word in range((candidates + 63) // 64):
        bits = np.left_shift(np.uint64(1), index & np.uint64(63))
        if candidates > 64:
            bits = np.where((index >> np.uint64(6)) == word, bits, np.uint64(0))
        found += np.bitwise_count(np.bitwise_or.reduceat(bits, at))
    return bool((found == lengths[named]).all())


def _keep(flat: Any, offsets: Any, lengths: Any, kept: Any, counts: Any) -> tuple[Any, Any, Any]:
    """The rankings where ``kept`` is true."""
    lengths = lengths[kept]
    new = np.zeros(len(lengths) + 1, np.int64)
    np.cumsum(lengths, out=new[1:])
    taken = np.repeat(offsets[:-1][kept] - new[:-1], lengths) + np.arange(int(new[-1]))
    return flat[taken], new, counts[kept]
