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
_ZERO, _SPACE, _END = ord("0"), ord(" "), ord("\n")


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
        text = b"".join(self._pieces)
        self._pieces = []
        if b"\r" in text:  # line ends \r\n (a lone \r never comes here)
            text = text.replace(b"\r\n", b"\n")
        while b"\n\n" in text:  # blank lines, which pyarrow's CSV reader leaves out too
            text = text.replace(b"\n\n", b"\n")
        text = text.removeprefix(b"\n")
        if text and not text.endswith(b"\n"):
            text += b"\n"
        part = parse_lines(np.frombuffer(text, np.uint8), None, self.candidates)
        return None if part is None else joined([part])


class Part(NamedTuple):
    """Parsed lines: their rankings (one ranking perhaps on several lines) as the arrays
    of :class:`~tellers.core.rankings.RankingArrays`, and the papers with no preference."""

    candidates: Any
    starts: Any
    counts: Any
    blank: int


#: The least number of each length in digits (a candidate's number has no leading zero).
_LEAST = np.array([0, 1, 10, 100], np.int32)


def parse_lines(
    text: NDArray[np.uint8], repeats: NDArray[np.int64] | None, candidates: int
) -> Part | None:
    """The rankings of the plain ballot lines of ``text`` (each line ending ``\\n``),
    each line counted ``repeats[i]`` times (default once); None if a line is not plain.
    Lines of weight 0 and rankings with no preference are left out (the latter
    counted in ``blank``).

    A number is read from the separator (space or line end) that follows it: its
    last digit one byte back, the one before two bytes back, and so on, as far as
    its length (four digits at most: a longer weight is read digit by digit).
    """
    if not 1 <= candidates <= MAX_CANDIDATES:
        return None
    if not len(text):
        return Part(np.zeros(0, np.uint8), np.zeros(1, np.int64), np.zeros(0, np.int64), 0)
    if text[-1] != _END:
        return None
    digit = text - np.uint8(_ZERO)  # a digit's value; 10 or more for any other byte
    ends = np.flatnonzero(digit >= 10)  # the separator after each number
    separator = text[ends]
    last = separator == _END  # the number ends its line
    lines = int(np.count_nonzero(last))
    if lines + int(np.count_nonzero(separator == _SPACE)) != len(ends):
        return None  # a byte that is neither a digit, a space nor a line end
    size = np.empty(len(ends), np.int64)  # digits of each number
    size[0] = ends[0] + 1
    np.subtract(ends[1:], ends[:-1], out=size[1:])
    size -= 1
    if int(size.min()) < 1:
        return None  # two separators together, or one first
    value = digit[ends - 1].astype(np.int32)
    longest = int(size.max())
    for k in range(2, min(longest, 4) + 1):
        longer = np.flatnonzero(size >= k)
        value[longer] += digit[ends[longer] - k] * np.int32(10 ** (k - 1))
    line_ends = np.flatnonzero(last)
    if int(value[line_ends].max()) or int(size[line_ends].max()) > 1:
        return None  # every line ends with the number 0
    per_line = np.empty(lines, np.int64)  # numbers on each line
    per_line[0] = line_ends[0] + 1
    np.subtract(line_ends[1:], line_ends[:-1], out=per_line[1:])
    if int(per_line.min()) < 2:
        return None  # a weight, then the final 0 at least
    firsts = line_ends - (per_line - 1)
    chosen = np.ones(len(ends), bool)
    chosen[firsts] = False
    chosen[line_ends] = False
    names = value[chosen]
    if len(names):
        digits = size[chosen]
        if int(digits.max()) > 3 or int(names.max()) > candidates:
            return None
        if not bool((names >= _LEAST[digits]).all()):
            return None  # a leading zero, or a 0 before the end of the line
    del chosen, last, separator
    weights = _weights(digit, ends[firsts], size[firsts], value[firsts])
    if weights is None:
        return None
    flat = (names - 1).astype(np.uint8 if candidates <= 256 else np.uint16)
    lengths = per_line - 2
    offsets = np.zeros(lines + 1, np.int64)
    np.cumsum(lengths, out=offsets[1:])
    if not _each_once(flat, offsets, lengths, candidates):
        return None
    papers = lines if repeats is None else int(repeats.sum())
    if int(weights.max()) * papers >= 1 << 62:
        return None  # sums that might not fit in 64 bits: the careful reader's ints do
    counts = weights if repeats is None else weights * repeats
    empty = lengths == 0
    blank = int(counts[empty].sum())
    kept = (counts > 0) & ~empty
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


def _weights(digit: Any, ends: Any, size: Any, short: Any) -> Any:
    """The weights whose digits end before ``ends``: ``short`` where none has more
    than four digits, else read digit by digit; None if one has more than 15."""
    longest = int(size.max())
    if longest <= 4:
        return short.astype(np.int64)
    if longest > MAX_WEIGHT_DIGITS:
        return None
    weights = np.zeros(len(ends), np.int64)
    for k in range(longest, 0, -1):  # the k-th digit from the end, first the highest
        value = digit[np.maximum(ends - k, 0)].astype(np.int64)
        weights = np.where(size >= k, weights * 10 + value, weights)
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
