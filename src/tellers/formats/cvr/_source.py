"""What every cast-vote-record reader shares: the source settings and the labels.

An RCTab contest configuration lists its CVR files in ``cvrFileSources``; each
entry says which vendor wrote the file and how to read its cells: where the
rankings start, the text that means "overvote", "no mark at this rank" or "an
undeclared write-in", and (for text cells) the delimiter that separates
several marks at one rank. :class:`Labels` turns a cell's text into a mark:
a candidate index, :data:`~tellers.core.records.OVERVOTE`, or nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ...core.records import OVERVOTE, CastVoteRecords, Record, trim
from ...errors import InputError


@dataclass(frozen=True, slots=True)
class Source:
    """One entry of ``cvrFileSources``: a file and how to read it."""

    path: Path
    provider: str
    contest_id: str = ""
    first_vote_column: int | None = None  # 1-based
    first_vote_row: int | None = None  # 1-based
    id_column: int | None = None
    precinct_column: int | None = None
    overvote_delimiter: str = ""
    overvote_label: str = ""
    skipped_rank_label: str = ""
    write_in_label: str = ""
    blank_is_write_in: bool = False


class Labels:
    """Maps the text of a mark to a candidate index (or overvote, or no mark).

    ``names`` maps every name, code and alias of a declared candidate to its
    index; ``write_ins`` is the index of the undeclared write-in
    pseudo-candidate, if the contest has one.
    """

    def __init__(
        self, names: Mapping[str, int], source: Source, write_ins: int | None = None
    ) -> None:
        self.names = dict(names)
        self.source = source
        self.write_ins = write_ins
        self.where = str(source.path)

    def mark(self, text: str, line: int | None = None) -> int | None:
        """The mark a cell's text stands for; ``None`` for no mark."""
        text = text.strip()
        source = self.source
        if not text:
            return None
        if text == source.skipped_rank_label:
            return None
        if text == source.overvote_label:
            return OVERVOTE
        if source.write_in_label and text == source.write_in_label:
            return self._write_in(line)
        index = self.names.get(text)
        if index is None:
            raise InputError(
                self.where, line, f"expected a candidate named in the config, not {text!r}"
            )
        return index

    def _write_in(self, line: int | None) -> int:
        if self.write_ins is None:
            raise InputError(
                self.where, line, "an undeclared write-in, but the config has no label"
            )
        return self.write_ins

    def blank(self, line: int | None = None) -> int | None:
        """The mark an empty rank stands for (an undeclared write-in if so configured)."""
        return self._write_in(line) if self.source.blank_is_write_in else None


#: No paper has more ranks than this: a rank number beyond it, or below 1, is a fault in
#: the file, not a rank to pass over.
MOST_RANKS = 1000


def rank_number(value: object, where: str, line: int | None = None) -> int:
    """A rank number as a file gives it (a whole number from 1 to :data:`MOST_RANKS`)."""
    text = str(value).strip()
    if isinstance(value, bool) or not text.isascii() or not text.isdigit() or len(text) > 4:
        raise InputError(where, line, f"expected a rank number, found {text[:20]!r}")
    rank = int(text)
    if not 1 <= rank <= MOST_RANKS:
        raise InputError(where, line, f"expected a rank from 1 to {MOST_RANKS}, found {rank}")
    return rank


def cell_text(value: object) -> str:
    """A spreadsheet or JSON cell as text (whole numbers without a point)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class Tally:
    """Collects records as a reader streams them, counting repeats."""

    def __init__(self) -> None:
        self._counts: dict[Record, int] = {}

    def add(self, ranks: Iterable[Iterable[int]], papers: int = 1) -> None:
        record = trim(ranks)
        self._counts[record] = self._counts.get(record, 0) + papers

    def result(self) -> CastVoteRecords:
        return CastVoteRecords.compress(self._counts.items())


def ranks_from_pairs(pairs: Iterable[tuple[int, int]]) -> list[list[int]]:
    """Ranks from (rank number, mark) pairs in any order (rank numbers from 1)."""
    ranks: list[list[int]] = []
    for rank, mark in pairs:
        if rank < 1:
            continue
        while len(ranks) < rank:
            ranks.append([])
        ranks[rank - 1].append(mark)
    return ranks
