"""Cast vote records as a scanner reads them: every mark kept, nothing judged.

:class:`~tellers.core.model.Ballots` hold rankings that a reader has already
cut to valid preferences, as the UK statutes direct. US ranked-choice rules
decide for themselves what an overvote, a skipped rank or a repeated
candidate does (exhaust the paper, skip on, ...), so their readers must hand
the raw marks through. A :class:`CastVoteRecords` does that:

* a record is a tuple of *ranks*, first choice first; rank ``i`` of a record
  is the tuple of candidate indices marked at choice ``i + 1``;
* ``()`` is a rank with no mark (a skipped rank); two or more indices are an
  overvote; a candidate may appear at several ranks (a duplicate);
* :data:`OVERVOTE` in a rank stands for a mark the vendor's file reports only
  as "overvote", without saying for whom;
* unmarked ranks after the last mark are dropped (they change nothing), so a
  record with no mark at all is ``()``.

Records are compressed: each distinct record once, with how many papers cast
it, sorted, so that two readings of the same papers in any order are equal.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

#: A rank: the candidate indices marked at one choice (``()`` for none).
Rank = tuple[int, ...]
#: A record: its ranks, first choice first.
Record = tuple[Rank, ...]

#: Stands in a rank for a mark reported only as an overvote.
OVERVOTE = -1


def trim(ranks: Iterable[Iterable[int]]) -> Record:
    """A record from ranks in order, dropping the unmarked ranks after the last mark.

    Indices within a rank keep their order but lose repeats: marking a
    candidate twice at the same choice is one mark.
    """
    record = [tuple(dict.fromkeys(rank)) for rank in ranks]
    while record and not record[-1]:
        record.pop()
    return tuple(record)


@dataclass(frozen=True, slots=True)
class CastVoteRecords:
    """Distinct cast vote records, sorted, and how many papers cast each."""

    records: tuple[Record, ...]
    counts: tuple[int, ...]

    def __post_init__(self) -> None:
        if len(self.records) != len(self.counts):
            raise ValueError("one paper count is needed for each record")
        records = self.records
        if any(records[i] >= records[i + 1] for i in range(len(records) - 1)):
            raise ValueError("records must be distinct and sorted: build with compress")
        if any(n <= 0 for n in self.counts):
            raise ValueError("every record is cast by at least one paper")
        for record in records:
            if record and not record[-1]:
                raise ValueError("a record ends at its last marked rank: build with trim")
            for rank in record:
                if any(c < OVERVOTE for c in rank):
                    raise ValueError(f"not a candidate index: {rank}")
                if OVERVOTE in rank and len(rank) > 1:
                    raise ValueError("an explicit overvote is the only mark at its rank")

    @classmethod
    def compress(cls, papers: Iterable[tuple[Record, int]]) -> CastVoteRecords:
        """Merge (record, count) pairs; each record is trimmed first."""
        merged: dict[Record, int] = {}
        for record, n in papers:
            if n:
                key = trim(record)
                merged[key] = merged.get(key, 0) + n
        keys = sorted(merged)
        return cls(tuple(keys), tuple(merged[k] for k in keys))

    @classmethod
    def presorted(cls, records: tuple[Record, ...], counts: tuple[int, ...]) -> CastVoteRecords:
        """Records already trimmed, distinct and sorted, with positive counts.

        The checks of the constructor are skipped: for readers that build the records
        by sorting distinct keys, where checking again costs time a record.
        """
        found = object.__new__(cls)
        object.__setattr__(found, "records", records)
        object.__setattr__(found, "counts", counts)
        return found

    @classmethod
    def of(cls, *groups: tuple[int, Iterable[Iterable[int]]]) -> CastVoteRecords:
        """Records from ``(count, ranks)`` pairs, for examples and tests."""
        return cls.compress((trim(r), n) for n, r in groups)

    @property
    def papers(self) -> int:
        """How many papers (cast vote records) there are."""
        return sum(self.counts)

    def __iter__(self) -> Iterator[tuple[Record, int]]:
        return iter(zip(self.records, self.counts, strict=True))

    def __len__(self) -> int:
        return len(self.records)

    def __add__(self, other: CastVoteRecords) -> CastVoteRecords:
        return CastVoteRecords.compress([*self, *other])
