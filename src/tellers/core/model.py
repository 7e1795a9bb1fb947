"""The things a count is about: candidates, the contest, and the papers.

A reader turns a file into an :class:`Election`: one :class:`Contest` and its
votes, either :class:`Ballots` (ranked or marked papers, compressed to distinct
rankings with how many papers used each), :class:`Totals` (votes declared per
candidate) or :class:`~tellers.core.records.CastVoteRecords` (a scanner's
records, every mark kept), plus what the declaration reports about rejected
papers, the electorate and the papers issued.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING

from .records import CastVoteRecords

if TYPE_CHECKING:
    from .rankings import RankingArrays

#: A ranking: candidate indices (0-based, into ``Contest.candidates``), most
#: preferred first. Rankings in :class:`Ballots` hold each candidate at most once.
Ranking = tuple[int, ...]

#: Statutory heads of rejected papers (RPA 1983 Sch. 1 rule 47; spec 01 §1.2).
REJECTION_HEADS = (
    "want_of_official_mark",
    "too_many_votes",
    "voter_identifiable",
    "unmarked_or_void_for_uncertainty",
)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A candidate as printed on the ballot paper."""

    name: str
    party: str | None = None

    def label(self) -> str:
        """``Name (Party)`` or just the name."""
        return f"{self.name} ({self.party})" if self.party else self.name


@dataclass(frozen=True, slots=True)
class Contest:
    """One contest: a ward, a constituency or an office, and how many it elects."""

    name: str
    seats: int
    candidates: tuple[Candidate, ...]
    withdrawn: frozenset[int] = frozenset()
    date: str | None = None

    def __post_init__(self) -> None:
        if self.seats < 1:
            raise ValueError(f"a contest elects at least one member, not {self.seats}")
        names = [c.name for c in self.candidates]
        seen: set[str] = set()
        for name in names:
            if name in seen:
                raise ValueError(f"two candidates are called {name!r}")
            seen.add(name)
        for index in self.withdrawn:
            if not 0 <= index < len(self.candidates):
                raise ValueError(f"withdrawn candidate {index + 1} does not exist")

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.candidates)

    @property
    def standing(self) -> tuple[int, ...]:
        """Indices of candidates who have not withdrawn."""
        return tuple(i for i in range(len(self.candidates)) if i not in self.withdrawn)

    @property
    def standing_names(self) -> tuple[str, ...]:
        """Names of candidates who have not withdrawn."""
        return tuple(self.candidates[i].name for i in self.standing)

    def index(self, name: str) -> int:
        """The index of the candidate called ``name`` (exact, then case-blind)."""
        for i, c in enumerate(self.candidates):
            if c.name == name:
                return i
        folded = name.casefold().strip()
        matches = [i for i, c in enumerate(self.candidates) if c.name.casefold() == folded]
        if len(matches) == 1:
            return matches[0]
        raise KeyError(name)


class Ballots:
    """Valid papers, compressed: each distinct ranking once, with its paper count.

    ``rankings[i]`` was used by ``counts[i]`` papers. Rankings are sorted, so two
    collections of the same papers in any order are equal. A ranking holds
    consecutive valid preferences only: a reader cuts a paper's sequence where
    it breaks (a number missing or repeated), as the UK statutes direct.

    A fast reader gives the rankings as arrays instead (:meth:`from_arrays`):
    then the sorted tuples are made the first time ``rankings`` or ``counts``
    is read, and a count that works on arrays (:meth:`arrays`) never makes
    them. Ballots are immutable, and equal when their sorted rankings and
    counts are.
    """

    __slots__ = ("_arrays", "_counts", "_rankings")

    _rankings: tuple[Ranking, ...] | None
    _counts: tuple[int, ...] | None
    _arrays: RankingArrays | None

    def __init__(self, rankings: tuple[Ranking, ...], counts: tuple[int, ...]) -> None:
        if len(rankings) != len(counts):
            raise ValueError("one paper count is needed for each ranking")
        if any(rankings[i] >= rankings[i + 1] for i in range(len(rankings) - 1)):
            raise ValueError("rankings must be distinct and sorted: build with Ballots.compress")
        if any(n <= 0 for n in counts):
            raise ValueError("every ranking is used by at least one paper")
        self._set(rankings, counts, None)

    def _set(
        self,
        rankings: tuple[Ranking, ...] | None,
        counts: tuple[int, ...] | None,
        arrays: RankingArrays | None,
    ) -> None:
        object.__setattr__(self, "_rankings", rankings)
        object.__setattr__(self, "_counts", counts)
        object.__setattr__(self, "_arrays", arrays)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Ballots are immutable: cannot set {name}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"Ballots are immutable: cannot delete {name}")

    @classmethod
    def compress(cls, papers: Iterable[tuple[Ranking, int]]) -> Ballots:
        """Merge (ranking, count) pairs into sorted distinct rankings."""
        merged: dict[Ranking, int] = {}
        for ranking, n in papers:
            if n:
                merged[ranking] = merged.get(ranking, 0) + n
        keys = sorted(merged)
        return cls.presorted(tuple(keys), tuple(merged[k] for k in keys))

    @classmethod
    def presorted(cls, rankings: tuple[Ranking, ...], counts: tuple[int, ...]) -> Ballots:
        """Ballots from rankings already distinct and sorted, with positive counts.

        The checks of the constructor are skipped: for readers that build the
        rankings by sorting distinct keys, where checking again costs start-up time.
        """
        ballots = object.__new__(cls)
        ballots._set(rankings, counts, None)
        return ballots

    @classmethod
    def from_arrays(cls, arrays: RankingArrays) -> Ballots:
        """Ballots from rankings held as arrays, in any order, a ranking perhaps given more
        than once (see :class:`~tellers.core.rankings.RankingArrays`: the maker vouches
        for them)."""
        ballots = object.__new__(cls)
        ballots._set(None, None, arrays)
        return ballots

    @classmethod
    def of(cls, *groups: tuple[int, Sequence[int]]) -> Ballots:
        """Ballots from ``(count, ranking)`` pairs, for examples and tests."""
        return cls.compress((tuple(r), n) for n, r in groups)

    @property
    def rankings(self) -> tuple[Ranking, ...]:
        """The distinct rankings, sorted."""
        if self._rankings is None:
            self._sort()
        assert self._rankings is not None
        return self._rankings

    @property
    def counts(self) -> tuple[int, ...]:
        """The papers of each ranking."""
        if self._counts is None:
            self._sort()
        assert self._counts is not None
        return self._counts

    def _sort(self) -> None:
        from .rankings import sorted_tuples

        assert self._arrays is not None
        rankings, counts = sorted_tuples(self._arrays)
        object.__setattr__(self, "_rankings", rankings)
        object.__setattr__(self, "_counts", counts)

    def arrays(self) -> RankingArrays:
        """The rankings and their papers as arrays (needs numpy): the reader's own, or
        made from the tuples the first time they are asked for."""
        if self._arrays is None:
            from .rankings import from_tuples

            object.__setattr__(self, "_arrays", from_tuples(self.rankings, self.counts))
        assert self._arrays is not None
        return self._arrays

    @property
    def has_arrays(self) -> bool:
        """Whether the rankings are held as arrays already (a fast reader's)."""
        return self._arrays is not None

    @property
    def papers(self) -> int:
        """How many valid papers there are."""
        if self._counts is None and self._arrays is not None:
            return self._arrays.papers
        return sum(self.counts)

    def first_preferences(self, candidates: int) -> list[int]:
        """Papers whose first preference is each candidate."""
        totals = [0] * candidates
        for ranking, n in zip(self.rankings, self.counts, strict=True):
            if ranking:
                totals[ranking[0]] += n
        return totals

    def __len__(self) -> int:
        return len(self.counts)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Ballots):
            return NotImplemented
        return self.rankings == other.rankings and self.counts == other.counts

    def __hash__(self) -> int:
        return hash((self.rankings, self.counts))

    def __repr__(self) -> str:
        return f"Ballots(rankings={self.rankings!r}, counts={self.counts!r})"

    def __reduce__(self) -> tuple[Callable[..., Ballots], tuple[object, ...]]:
        return Ballots.presorted, (self.rankings, self.counts)


@dataclass(frozen=True, slots=True)
class Totals:
    """Votes declared for each candidate, in the order of ``Contest.candidates``.

    ``papers`` is the number of valid papers where it is known; in a
    multi-member ward a paper can carry several votes, so it can be less than
    the sum of the votes. ``prior_seats``, where given, holds the seats each
    candidate (party) already holds, e.g. constituency seats under AMS.
    """

    votes: tuple[int, ...]
    papers: int | None = None
    prior_seats: tuple[int, ...] | None = None


#: What a reader gives: ballots (read under the UK statutes), declared totals,
#: or cast vote records with every mark kept (for the US ranked-choice rules).
Votes = Ballots | Totals | CastVoteRecords


def _frozen(mapping: Mapping[str, int] | None) -> Mapping[str, int]:
    return MappingProxyType(dict(mapping or {}))


@dataclass(frozen=True, slots=True)
class Election:
    """What a reader gives: a contest, its votes, and the facts of the poll.

    ``rejected`` maps a statutory head (see :data:`REJECTION_HEADS`, or a
    rule set's own heads) to the number of papers wholly rejected under it.
    ``notes`` are what the reader wants said with the result: the reading it
    chose where the file leaves a rule open, or a stated figure it could not
    check; every count of the election carries them.
    """

    contest: Contest
    votes: Votes
    rejected: Mapping[str, int] = field(default_factory=lambda: _frozen(None))
    rejected_in_part: int | None = None
    electorate: int | None = None
    papers_issued: int | None = None
    source: str = ""
    rules: str | None = None
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "rejected", _frozen(self.rejected))
        object.__setattr__(self, "notes", tuple(self.notes))

    @property
    def valid_papers(self) -> int | None:
        """Valid papers: counted from ballots or cast vote records, or as declared.

        Every cast vote record is a paper, even one with no mark (RCTab counts
        it as an undervote).
        """
        if isinstance(self.votes, Ballots | CastVoteRecords):
            return self.votes.papers
        return self.votes.papers

    @property
    def rejected_total(self) -> int | None:
        return sum(self.rejected.values()) if self.rejected else None

    @property
    def papers_counted(self) -> int | None:
        """Ballot papers counted: valid papers plus those wholly rejected at the count."""
        valid = self.valid_papers
        if valid is None:
            return None
        return valid + (self.rejected_total or 0)
