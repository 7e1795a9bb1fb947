"""RAIRE: assertions that rule out every other winner of an IRV count.

Purpose: Blom, Stuckey & Teague, "RAIRE: Risk-limiting audits for IRV
elections" (arXiv:1903.08804, 2019). An IRV outcome is checked by two kinds
of assertion (spec 09 §9.6):

* NEB(w, l), "w is never eliminated before l": w's first preferences exceed
  the papers that rank l above w (l's most possible votes while w continues);
* NEN(w, l | S), "with only S continuing, w is not eliminated next": w's
  tally exceeds l's with S continuing.

The reported winner is right if every elimination order that ends with
another candidate contradicts some assertion.

Design: an elimination order is built from its end (RAIRE §5): a *tail*
(c_1, ..., c_k) says c_1 ... c_k are the last k candidates eliminated or
elected, c_k winning. NEB(x, y) contradicts a tail holding y in which x goes
out first (x is earlier in it, or not in it at all); NEN(c_1, y | S) with S
the tail's candidates contradicts it for any y in S. A tail's *best*
assertion is the one with the largest margin that contradicts it. A tail is
ruled out by its best assertion or by ruling out every longer tail; we seek
the set whose smallest margin is largest, by depth-first branch and bound:

* *dives* (RAIRE §5.2) follow, from each tail (c) with c not the winner, the
  child with the best assertion down to a whole order; any answer has a
  margin no larger than the best on that path, which bounds the search;
* a tail whose best margin reaches the bound is ruled out at once, and a
  tail stops being expanded as soon as one child cannot beat the tail's own
  assertion.

Margins are in papers (integers), taken from the exact tallies; comparing
them is comparing diluted margins, since every assertion runs over the same
papers. The winner of the rankings is checked against the count's.

Cast vote records keep every mark; :func:`papers_from_records` reads them
as the count's options direct, keeping an overvote where the rule lets the
continuing candidates decide it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from ..core.count import Count
from ..core.model import Ballots, Election
from ..core.records import OVERVOTE, CastVoteRecords, Record
from ..errors import RulesError
from .assertions import (
    HALF,
    ONE,
    ZERO,
    Assertion,
    NotEliminatedBefore,
    NotEliminatedNext,
    Outcome,
    Paper,
    names,
    tally_from,
)

#: Papers with how many were cast of each, as RAIRE reads them.
Papers = tuple[tuple[Paper, int], ...]


def papers_from_records(records: CastVoteRecords, options: Mapping[str, str]) -> Papers:
    """The papers the records express, read under the count's options (``rctab``).

    Blank ranks are passed over (beyond ``max-skipped-ranks`` in a row they
    end the paper), a repeated candidate is passed over or ends the paper
    (``exhaust-on-duplicate``), only the first ``max-rankings`` ranks count.
    An overvote ends the paper (``exhaustImmediately``), is passed over
    (``alwaysSkipToNextRank``), or stays in the paper as the tuple of the
    candidates marked (``exhaustIfMultipleContinuing``: who is continuing
    decides, see :class:`~tellers.audit.assertions.NotEliminatedNext`).
    """
    overvote = options.get("overvote-rule", "exhaustImmediately")
    skips_text = options.get("max-skipped-ranks", "unlimited")
    max_skips = None if skips_text in ("unlimited", "") else int(skips_text)
    rankings_text = options.get("max-rankings", "max")
    limit = None if rankings_text in ("max", "") else int(rankings_text)
    exhaust_on_duplicate = options.get("exhaust-on-duplicate", "no") in ("yes", "true")

    def read(record: Record) -> Paper:
        paper: list[int | tuple[int, ...]] = []
        seen: set[int] = set()
        skipped = 0
        for rank in record[:limit]:
            if not rank:
                skipped += 1
                if max_skips is not None and skipped > max_skips:
                    break
                continue
            skipped = 0
            if len(rank) > 1 or OVERVOTE in rank:
                if overvote == "alwaysSkipToNextRank":
                    continue
                if overvote == "exhaustIfMultipleContinuing" and OVERVOTE not in rank:
                    paper.append(tuple(rank))
                    seen.update(rank)
                    continue
                break
            candidate = rank[0]
            if candidate in seen:
                if exhaust_on_duplicate:
                    break
                continue
            seen.add(candidate)
            paper.append(candidate)
        return tuple(paper)

    merged: dict[Paper, int] = {}
    for record, n in records:
        key = read(record)
        merged[key] = merged.get(key, 0) + n
    return tuple(merged.items())


def papers_from_ballots(ballots: Ballots) -> Papers:
    """The rankings of ``ballots`` as RAIRE reads them."""
    return tuple(zip(ballots.rankings, ballots.counts, strict=True))


def irv_winner(papers: Papers, candidates: Sequence[int]) -> int:
    """The IRV winner of ``papers`` by single elimination (fewest votes out; a tie
    for fewest is refused, as the audit would need the lot). A paper that reaches
    an overvote with two or more of its candidates continuing stays exhausted."""
    continuing = set(candidates)
    exhausted = [False] * len(papers)
    while True:
        tally = dict.fromkeys(continuing, 0)
        for i, (paper, n) in enumerate(papers):
            if exhausted[i]:
                continue
            for rank in paper:
                if isinstance(rank, tuple):
                    live = [c for c in rank if c in continuing]
                    if len(live) > 1:
                        exhausted[i] = True
                        break
                    if live:
                        tally[live[0]] += n
                        break
                elif rank in continuing:
                    tally[rank] += n
                    break
        if len(continuing) == 1 or 2 * max(tally.values()) > sum(tally.values()):
            return max(tally, key=lambda c: tally[c])
        fewest = min(tally.values())
        out = [c for c in continuing if tally[c] == fewest]
        if len(out) > 1:
            raise RulesError("a tie for fewest votes: the audit needs the count's lot")
        continuing.discard(out[0])


def _tally(papers: Papers, continuing: frozenset[int]) -> tuple[dict[int, int], dict[int, int]]:
    """Papers sure to count for each continuing candidate, and papers that may
    (an overvote whose one continuing candidate they count for, if the others
    went out first): the tallies :class:`NotEliminatedNext` works from."""
    sure = dict.fromkeys(continuing, 0)
    maybe = dict.fromkeys(continuing, 0)
    for paper, n in papers:
        for rank in paper:
            if isinstance(rank, tuple):
                live = [c for c in rank if c in continuing]
                if len(live) == 1:
                    maybe[live[0]] += n
                if live:
                    break
            elif rank in continuing:
                sure[rank] += n
                break
    return sure, maybe


@dataclass(frozen=True, slots=True)
class _Best:
    margin: int
    kind: str  # "NEB" or "NEN"
    winner: int
    loser: int
    continuing: frozenset[int]


class _Search:
    """The tails, their best assertions, and the branch and bound over them."""

    def __init__(self, papers: Papers, candidates: Sequence[int], winner: int) -> None:
        self.papers = papers
        self.candidates = tuple(candidates)
        self.winner = winner
        self.tallies: dict[frozenset[int], tuple[dict[int, int], dict[int, int]]] = {}
        # NEB(x, y): x's sure first preferences, and the papers on which y stands in a
        # rank before any rank marking x (y may count there while x continues)
        self.first = dict.fromkeys(candidates, 0)
        self.above = {(x, y): 0 for x in candidates for y in candidates if x != y}
        for paper, n in papers:
            if paper and not isinstance(paper[0], tuple) and paper[0] in self.first:
                self.first[paper[0]] += n
            before: set[int] = set()
            for rank in paper:
                members = rank if isinstance(rank, tuple) else (rank,)
                for y in members:
                    if y not in self.first:
                        continue
                    for x in candidates:
                        if x != y and x not in before and x not in members:
                            self.above[(x, y)] += n
                before.update(members)
        self.neb = {(x, y): self.first[x] - self.above[(x, y)] for (x, y) in self.above}
        self.chosen: list[_Best] = []
        self.best_cache: dict[tuple[int, ...], _Best | None] = {}

    def tally(self, continuing: frozenset[int]) -> tuple[dict[int, int], dict[int, int]]:
        found = self.tallies.get(continuing)
        if found is None:
            found = _tally(self.papers, continuing)
            self.tallies[continuing] = found
        return found

    def best(self, tail: tuple[int, ...]) -> _Best | None:
        """The assertion with the largest positive margin that contradicts ``tail``."""
        if tail in self.best_cache:
            return self.best_cache[tail]
        found: _Best | None = None
        position = {c: i for i, c in enumerate(tail)}
        for y in tail:
            for x in self.candidates:
                if x == y or position.get(x, -1) > position[y]:
                    continue
                margin = self.neb[(x, y)]
                if margin > 0 and (found is None or margin > found.margin):
                    found = _Best(margin, "NEB", x, y, frozenset())
        if len(tail) >= 2:
            continuing = frozenset(tail)
            sure, maybe = self.tally(continuing)
            out = tail[0]
            for y in tail[1:]:
                margin = sure[out] - sure[y] - maybe[y]
                if margin > 0 and (found is None or margin > found.margin):
                    found = _Best(margin, "NEN", out, y, continuing)
        self.best_cache[tail] = found
        return found

    def tally_of(self, best: _Best) -> tuple[tuple[Fraction, int], ...]:
        """The assertion's papers by assorter value (1, 1/2, 0), from the tallies."""
        total = sum(n for _, n in self.papers)
        if best.kind == "NEB":
            high, low = self.first[best.winner], self.above[(best.winner, best.loser)]
        else:
            sure, maybe = self.tally(best.continuing)
            high, low = sure[best.winner], sure[best.loser] + maybe[best.loser]
        return tally_from([(ONE, high), (ZERO, low), (HALF, total - high - low)])

    def children(self, tail: tuple[int, ...]) -> list[tuple[int, ...]]:
        return [(c, *tail) for c in self.candidates if c not in tail]

    def dive(self, tail: tuple[int, ...]) -> int:
        """An upper bound on the smallest margin of any answer (RAIRE §5.2)."""
        bound = _margin(self.best(tail))
        while len(tail) < len(self.candidates):
            tail = max(self.children(tail), key=lambda t: _margin(self.best(t)))
            bound = max(bound, _margin(self.best(tail)))
        return bound

    def cover(self, tail: tuple[int, ...], accept: int) -> tuple[int, list[_Best]]:
        """The best cover of ``tail``: (its smallest margin, its assertions).

        ``self.chosen`` holds the assertions of the answer so far; a tail that one
        of them rules out with a margin of at least ``accept`` needs nothing more.
        """
        for known in self.chosen:
            if known.margin >= accept and _contradicts(known, tail):
                return known.margin, []
        own = self.best(tail)
        margin = _margin(own)
        if (own is not None and margin >= accept) or len(tail) == len(self.candidates):
            return margin, self._take(own)
        mark = len(self.chosen)
        worst: int | None = None
        found_all: list[_Best] = []
        for child in sorted(self.children(tail), key=lambda t: _margin(self.best(t))):
            value, found = self.cover(child, accept)
            if value <= margin:  # a child no better than this tail's own assertion
                del self.chosen[mark:]
                return margin, self._take(own)
            worst = value if worst is None else min(worst, value)
            found_all.extend(found)
        assert worst is not None
        return worst, found_all

    def _take(self, own: _Best | None) -> list[_Best]:
        if own is None:
            return []
        self.chosen.append(own)
        return [own]

    def run(self) -> tuple[int, list[_Best]]:
        """The largest smallest margin, then the assertions that reach it.

        The first pass finds the value; the second accepts at once every tail
        whose own assertion reaches it, which keeps the set small.
        """
        roots = sorted(
            ((c,) for c in self.candidates if c != self.winner),
            key=lambda t: _margin(self.best(t)),
        )
        bound = min(self.dive(root) for root in roots)
        overall: int | None = None
        for root in roots:
            accept = bound if overall is None else min(bound, overall)
            value, _ = self.cover(root, accept)
            overall = value if overall is None else min(overall, value)
        assert overall is not None
        self.chosen = []
        chosen: list[_Best] = []
        for root in roots:
            chosen.extend(self.cover(root, overall)[1])
        return overall, chosen


_NONE = -(10**18)


def _contradicts(best: _Best, tail: tuple[int, ...]) -> bool:
    """Whether an assertion rules out every order that ends with ``tail``."""
    if best.kind == "NEB":
        if best.loser not in tail:
            return False
        return best.winner not in tail or tail.index(best.winner) < tail.index(best.loser)
    return tail[0] == best.winner and frozenset(tail) == best.continuing


def _margin(best: _Best | None) -> int:
    return best.margin if best is not None else _NONE


def raire_assertions(
    papers: Papers, candidates: Sequence[int], winner: int, labels: Sequence[str]
) -> tuple[int, list[Assertion]]:
    """RAIRE's assertions for ``winner`` and the smallest margin among them (in papers)."""
    if len(candidates) < 2:
        return 0, []
    search = _Search(papers, candidates, winner)
    smallest, found = search.run()
    if smallest <= 0:
        raise RulesError(
            "no set of RAIRE assertions confirms this winner (a tie, or another winner): "
            "only a full hand count can check it"
        )
    unique = list(dict.fromkeys(found))
    assertions: list[Assertion] = []
    for best in sorted(unique, key=lambda b: (b.margin, b.kind, b.winner, b.loser)):
        assertion: NotEliminatedBefore | NotEliminatedNext
        if best.kind == "NEB":
            assertion = NotEliminatedBefore(best.winner, best.loser)
            statement = (
                f"NEB: {labels[best.winner]} is never eliminated before {labels[best.loser]} "
                f"(first preferences exceed the papers ranking {labels[best.loser]} higher)"
            )
        else:
            assertion = NotEliminatedNext(best.winner, best.loser, best.continuing)
            held = names(labels, sorted(best.continuing))
            statement = (
                f"NEN: with {held} continuing, {labels[best.winner]} has more votes "
                f"than {labels[best.loser]}"
            )
        assertions.append(Assertion(best.kind, statement, assertion, search.tally_of(best)))
    return smallest, assertions


def irv_outcome(election: Election, count: Count) -> Outcome:
    """RAIRE assertions for an AV/IRV count from papers or cast vote records."""
    votes = election.votes
    if isinstance(votes, CastVoteRecords):
        papers = papers_from_records(votes, count.options)
    elif isinstance(votes, Ballots):
        papers = papers_from_ballots(votes)
    else:
        raise RulesError("an IRV audit needs the papers (rankings), not declared totals")
    contest = count.contest
    if contest.seats != 1:
        raise RulesError("RAIRE audits single-winner IRV; this contest elects more than one")
    labels = contest.names
    standing = contest.standing
    winner = count.elected[0]
    found = irv_winner(papers, standing)
    if found != winner:
        raise RulesError(
            f"the papers read as rankings elect {labels[found]}, the count {labels[winner]}: "
            "the rules read the marks differently from a plain IRV count"
        )
    smallest, assertions = raire_assertions(papers, standing, winner, labels)
    return Outcome(
        contest.name,
        count.rules,
        (labels[winner],),
        tuple(assertions),
        sum(n for _, n in papers),
        (f"RAIRE: {len(assertions)} assertions, smallest margin {smallest:,} papers",),
    )
