"""The tabulation: rounds of an RCTab count over groups of distinct records (see the
package's Design note)."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction
from operator import itemgetter

from ...core.lots import LotProvider, NoLots
from ...core.records import OVERVOTE, CastVoteRecords
from ...errors import CountError, RulesError
from .java import JavaRandom, java_hash_set_order, java_order
from .model import (
    EXHAUSTED,
    RESIDUAL_SURPLUS,
    Contestants,
    Inactive,
    Mode,
    Overvote,
    RctabCount,
    RctabRules,
    Round,
    TieBreak,
    Tiebreak,
)

_ACTIVE = None  # status of a paper still counting


#: Records ``[lo, hi)`` of the sorted records, which share their first ``read``
#: ranks, as ``(lo, hi, read, last, seen)``: ``last`` is the last of those ranks
#: with a mark (0: none), ``seen`` the candidates marked in them (kept only for
#: ``exhaustOnDuplicateCandidate``).
_Span = tuple[int, int, int, int, frozenset[int]]


class _Counter:
    """The state of a count in progress; :func:`count_rctab` drives it."""

    def __init__(
        self,
        records: CastVoteRecords,
        who: Contestants,
        rules: RctabRules,
        lots: LotProvider,
    ) -> None:
        self.who = who
        self.rules = rules
        self.lots = lots
        self.unit: int = 10**rules.places
        #: Ranks beyond this are not read (``maxRankingsAllowed``).
        self.limit = rules.max_rankings if rules.max_rankings is not None else who.declared
        self.records = records.records  # distinct and sorted: a prefix is a contiguous run
        self.papers = records.counts  # papers of each record
        # One group a node of the records' prefix tree: the records [lo, hi) that share
        # their first ``read`` ranks, read up to there (``last`` the last marked rank read,
        # ``seen`` the candidates marked so far); all its papers are in the same state.
        root: _Span = (0, len(self.records), 0, 0, frozenset())
        whole = [root] if self.records else []
        self.span: list[_Span] = whole
        self.counts: list[int] = [records.papers] if whole else []
        self.recipient: list[int | None] = [None] * len(whole)
        self.status: list[Inactive | None] = [_ACTIVE] * len(whole)
        self.kept: list[dict[int, int]] = [{} for _ in whole]  # per paper, by winner
        self.elected: dict[int, int] = {}  # winner -> round
        self.eliminated: dict[int, int] = {}
        self.round = 0
        self.tallies: list[dict[int, int]] = []
        self.thresholds: list[Fraction] = []
        self.in_units: list[int | Fraction] = []  # each threshold, in units
        minimum = rules.minimum_vote_threshold
        self.minimum: int | Fraction = _units(Fraction(minimum) * self.unit) if minimum else 0
        self.transfers: dict[int, dict[int, dict[int | str, int]]] = {}
        self.moved_papers: dict[int, dict[int, dict[int | str, int]]] = {}
        self.inactive: list[dict[Inactive, int]] = []
        self.residual: list[int] = []
        self.tiebreaks: list[list[TieBreak]] = []
        self.standing = len(who.names) - len(who.excluded)
        self.permutation = self._permutation()
        self.random: JavaRandom | None = None
        if rules.tiebreak in (Tiebreak.RANDOM, Tiebreak.PREVIOUS_THEN_RANDOM):
            assert rules.random_seed is not None
            self.random = JavaRandom(rules.random_seed)

    # -- candidates -----------------------------------------------------------
    def _permutation(self) -> list[int]:
        order = [i for i in range(len(self.who.names)) if i != self.who.write_ins]
        if self.rules.tiebreak is Tiebreak.GENERATE_PERMUTATION:
            assert self.rules.random_seed is not None
            keys = sorted((self.who.keys[i] for i in order), key=java_order)
            JavaRandom(self.rules.random_seed).shuffle(keys)
            index = {self.who.keys[i]: i for i in order}
            order = [index[k] for k in keys]
        return order

    def continuing(self, candidate: int) -> bool:
        if candidate == OVERVOTE or candidate in self.who.excluded:
            return False
        if candidate in self.elected:
            return self.rules.continue_until_two
        return candidate not in self.eliminated

    def value(self, group: int) -> int:
        """What one paper of ``group`` is worth now, in units."""
        return self.unit - sum(self.kept[group].values())

    # -- a round --------------------------------------------------------------
    def count_round(self) -> dict[int, int]:
        self.round += 1
        number = self.round
        tally = {c: 0 for c in range(len(self.who.names)) if self.continuing(c)}
        inactive = dict.fromkeys(Inactive, 0)
        moves: dict[int, dict[int | str, int]] = {}
        self.transfers[number] = moves
        moved_papers: dict[int, dict[int | str, int]] = {}
        self.moved_papers[number] = moved_papers
        rules = self.rules
        final_surplus = rules.uses_surpluses and len(self.elected) == rules.seats
        status, recipient, counts, spans = self.status, self.recipient, self.counts, self.span
        papers_of = self.papers
        for group in range(len(status)):  # groups split off below are settled already
            why = status[group]
            if why is not _ACTIVE:
                inactive[why] += self.value(group) * counts[group]
                continue
            current = recipient[group]
            if current is not None and current in tally:
                tally[current] += self.value(group) * counts[group]
                continue
            value = self.value(group)
            kept = self.kept[group]
            span = spans[group]
            if final_surplus and span[3]:  # RCTab stops at a paper's first marked rank
                found: list[tuple[_Span, int]] = []
                ended = {Inactive.FINAL_ROUND_SURPLUS: counts[group]}
            else:
                found, ended = self._read_on(span, tally, final_surplus)
            # The papers that went on to a candidate (one group for each run of records),
            # then those that became inactive (one group for each reason).
            fates: list[tuple[_Span, int | None, int, Inactive | None]] = [
                (part, target, sum(papers_of[part[0] : part[1]]), None) for part, target in found
            ]
            fates.extend((span, None, papers, reason) for reason, papers in ended.items())
            for i, (part, target, papers, reason) in enumerate(fates):
                if i == 0:
                    into = group
                    spans[group] = part
                    counts[group] = papers
                else:  # a new group: papers whose marks part from the others' here
                    into = len(status)
                    spans.append(part)
                    counts.append(papers)
                    recipient.append(current)
                    status.append(_ACTIVE)
                    self.kept.append(dict(kept))
                worth = value * papers
                if worth > 0 and current is not None:
                    key: int | str = EXHAUSTED if target is None else target
                    moved = moves.setdefault(current, {})
                    moved[key] = moved.get(key, 0) + worth
                    by_papers = moved_papers.setdefault(current, {})
                    by_papers[key] = by_papers.get(key, 0) + papers
                recipient[into] = target
                if target is None:
                    assert reason is not None
                    status[into] = reason
                    inactive[reason] += worth
                else:
                    tally[target] += worth
        self.tallies.append(tally)
        self.inactive.append(inactive)
        self.residual.append(self.residual[-1] if self.residual else 0)
        self.tiebreaks.append([])
        return tally

    def _read_on(
        self, span: _Span, live: Mapping[int, int], final_surplus: bool
    ) -> tuple[list[tuple[_Span, int]], dict[Inactive, int]]:
        """Where the papers of ``span`` go now that they need a continuing candidate.

        The records are read on from rank ``read + 1`` as RCTab reads a paper
        from its first rank: the ranks already read hold no continuing
        candidate (a candidate who stops continuing never continues again), so
        reading them again would pass over them and end in the same place.
        Where the records' marks differ, the span splits into runs of records
        that share their marks (runs of the sorted records, found by
        bisection). Returns the runs that reach a continuing candidate (in
        ``live``), in the records' order, with that candidate, and how many
        papers became inactive for each reason.
        """
        rules = self.rules
        records = self.records
        papers_of = self.papers
        skip_limit = rules.max_skipped_ranks
        gap = self.limit + 1 if skip_limit is None else skip_limit + 1  # unlimited: never
        on_duplicate = rules.exhaust_on_duplicate
        overvote_rule = rules.overvote
        limit = self.limit
        found: list[tuple[_Span, int]] = []
        ended: dict[Inactive, int] = {}
        todo: list[_Span] = [span]
        why: Inactive | None
        chosen: int | None
        while todo:
            lo, hi, read, last, seen = todo.pop()
            if read >= limit:
                why = Inactive.EXHAUSTED if last else Inactive.UNDERVOTE
                ended[why] = ended.get(why, 0) + sum(papers_of[lo:hi])
                continue
            if len(records[lo]) == read:  # the one record that ends here sorts first
                why = Inactive.EXHAUSTED if last else Inactive.UNDERVOTE
                ended[why] = ended.get(why, 0) + papers_of[lo]
                lo += 1
            runs: list[_Span] = []
            rank = read + 1
            key = itemgetter(read)
            while lo < hi:
                marks = records[lo][read]
                end = lo + 1
                if end < hi and records[end][read] == marks:  # a run of several records
                    end = hi
                    if records[hi - 1][read] != marks:
                        end = bisect_right(records, marks, lo + 2, hi, key=key)
                if not marks:
                    runs.append((lo, end, rank, last, seen))
                    lo = end
                    continue
                why = None
                chosen = None
                marked = seen
                if final_surplus:
                    why = Inactive.FINAL_ROUND_SURPLUS
                elif rank - last > gap:
                    why = Inactive.SKIPPED
                else:
                    if on_duplicate:
                        marked = seen.union(marks)
                        if len(marked) - len(seen) < len(marks):
                            why = Inactive.REPEATED
                    if why is None and len(marks) == 1 and marks[0] != OVERVOTE:
                        chosen = marks[0] if marks[0] in live else None
                    elif why is None:
                        decision = self._overvote(marks, overvote_rule, live)
                        if decision == "exhaust":
                            why = Inactive.OVERVOTE
                        elif decision != "skip":
                            chosen = next((c for c in marks if c in live), None)
                if chosen is not None:
                    found.append(((lo, end, rank, rank, marked), chosen))
                elif why is not None:
                    ended[why] = ended.get(why, 0) + sum(papers_of[lo:end])
                else:
                    runs.append((lo, end, rank, rank, marked))
                lo = end
            todo.extend(reversed(runs))
        return found, ended

    @staticmethod
    def _overvote(marks: Sequence[int], rule: Overvote, live: Mapping[int, int]) -> str:
        """What several marks at one rank (or an explicit overvote) do to the paper now."""
        if OVERVOTE in marks:
            if rule is Overvote.EXHAUST_IF_MULTIPLE_CONTINUING:
                raise RulesError(
                    "an explicit overvote label needs overvoteRule exhaustImmediately "
                    "or alwaysSkipToNextRank"
                )
            return "exhaust" if rule is Overvote.EXHAUST_IMMEDIATELY else "skip"
        if rule is Overvote.EXHAUST_IMMEDIATELY:
            return "exhaust"
        if rule is Overvote.ALWAYS_SKIP:
            return "skip"
        return "exhaust" if sum(1 for c in marks if c in live) >= 2 else ""

    # -- threshold ------------------------------------------------------------
    def set_threshold(self, tally: Mapping[int, int]) -> None:
        rules = self.rules
        frozen = rules.first_round_determines_threshold or (
            rules.continue_until_two and bool(self.elected)
        )
        recompute = self.round == 1 or (rules.seats <= 1 and not frozen)
        if not recompute:
            self.thresholds.append(self.thresholds[-1])
            self.in_units.append(self.in_units[-1])
            return
        total = sum(tally.values())  # in units
        threshold: Fraction
        if rules.mode is Mode.BOTTOMS_UP_PERCENTAGE:
            assert rules.bottoms_up_percentage is not None
            threshold = Fraction(total, self.unit) * Fraction(rules.bottoms_up_percentage)
        else:
            scale = 10 ** (rules.places if rules.non_integer_threshold else 0)
            if rules.hare_quota:  # at least votes / seats, rounded up to the step
                steps = -(-total * scale // (self.unit * rules.seats))
            else:  # more than votes / (seats + 1): the next step up
                steps = total * scale // (self.unit * (rules.seats + 1)) + 1
            threshold = Fraction(steps, scale)
        units = _units(threshold * self.unit)
        if self.minimum > 0 and self.minimum > units:
            threshold, units = Fraction(rules.minimum_vote_threshold), self.minimum
        self.thresholds.append(threshold)
        self.in_units.append(units)

    # -- decisions ------------------------------------------------------------
    def by_votes(self, tally: Mapping[int, int]) -> list[tuple[int, list[int]]]:
        """Tally values from lowest to highest, with the candidates at each."""
        groups: dict[int, list[int]] = {}
        for c, v in tally.items():
            groups.setdefault(v, []).append(c)
        return sorted(groups.items())

    def winners(self, tally: Mapping[int, int]) -> list[int]:
        rules = self.rules
        uwi = self.who.write_ins
        if uwi is not None and tally.get(uwi, 0) != 0:
            return []
        threshold = self.in_units[-1]
        ranked = self.by_votes(tally)
        chosen: list[int] = []
        if rules.mode is Mode.BOTTOMS_UP_PERCENTAGE:
            if all(v > threshold for v in tally.values()):
                chosen = list(tally)
            return chosen
        unfilled = rules.seats - len(self.elected)
        if unfilled > 0:
            if len(tally) <= unfilled:
                chosen = list(tally)
            elif rules.first_round_determines_threshold and len(tally) - 1 == rules.seats:
                chosen = list(ranked[-1][1])
            elif rules.mode is not Mode.BOTTOMS_UP:
                chosen = [c for v, cs in ranked if v >= threshold for c in cs if c != uwi]
        several = len(chosen) > 1 and (
            rules.mode is Mode.MULTI_ONE_PER_ROUND or rules.first_round_determines_threshold
        )
        minimum = self.minimum
        last_two = (
            rules.seats == 1
            and not chosen
            and len(tally) == 2
            and unfilled == 1
            and all(v >= minimum for v, _ in ranked)
        )
        if several or last_two:
            top = list(ranked[-1][1])
            chosen = [self.break_tie(top, electing=True)] if len(top) > 1 else top
        return chosen

    def losers(self, tally: Mapping[int, int]) -> list[int]:
        uwi = self.who.write_ins
        if uwi is not None and tally.get(uwi, 0) > 0:
            return [uwi]
        ranked = self.by_votes(tally)
        if not ranked:  # RCTab stops too: "Failed to eliminate any candidates!"
            raise CountError("no continuing candidate is left to eliminate")
        minimum = self.minimum
        if minimum > 0 and ranked[0][0] < minimum:
            below = [c for v, cs in ranked if v < minimum for c in cs]
            if len(below) == self.who.declared:
                raise CountError("every declared candidate is below the minimum vote threshold")
            return below
        if self.rules.cutoff_elimination and self.rules.mode is Mode.BOTTOMS_UP_PERCENTAGE:
            threshold = self.in_units[-1]
            below = [c for v, cs in ranked if v < threshold for c in cs]
            if below:
                return below
        if self.rules.batch_elimination:
            batch = self.batch(ranked)
            if len(batch) > 1:
                return batch
        lowest = list(ranked[0][1])
        if len(lowest) > 1:
            return [self.break_tie(lowest, electing=False)]
        return lowest

    def batch(self, ranked: list[tuple[int, list[int]]]) -> list[int]:
        """Candidates who together hold fewer votes than the next lowest."""
        running = 0
        seen: list[int] = []
        batch: list[int] = []
        before: list[int] = []
        for votes, candidates in ranked:
            if running < votes:
                fresh = [c for c in seen if c not in batch]
                if fresh:
                    before = batch
                    batch = batch + fresh
            running += votes * len(candidates)
            seen.extend(candidates)
        if self.rules.continue_until_two and len(batch) + len(self.eliminated) == self.standing - 1:
            batch = before
        return batch

    # -- ties -----------------------------------------------------------------
    def break_tie(self, tied: list[int], *, electing: bool) -> int:
        names = self.who.names
        order = sorted(tied, key=lambda c: java_order(names[c]))
        mode = self.rules.tiebreak
        how = ""
        chosen: int | None = None
        if mode in (Tiebreak.CANDIDATE_ORDER, Tiebreak.GENERATE_PERMUTATION):
            search = self.permutation if electing else self.permutation[::-1]
            chosen = next(c for c in search if c in tied)
            how = "candidate order" if mode is Tiebreak.CANDIDATE_ORDER else "permutation"
        elif mode is Tiebreak.RANDOM:
            chosen, how = self._random(order), f"random draw (seed {self.rules.random_seed})"
        elif mode is Tiebreak.ASK:
            chosen, how = self._ask(order, electing), self.lots.describe()
        else:
            group = order
            for past in range(len(self.tallies) - 2, -1, -1):
                tally = self.tallies[past]
                pick = max if electing else min
                extreme = pick(tally[c] for c in group)
                group = [c for c in group if tally[c] == extreme]
                if len(group) == 1:
                    break
            if len(group) == 1:
                chosen, how = group[0], "previous round counts"
            elif mode is Tiebreak.PREVIOUS_THEN_RANDOM:
                by_name = {names[c]: c for c in group}
                hashed = [by_name[n] for n in java_hash_set_order([names[c] for c in group])]
                chosen = self._random(hashed)
                how = f"previous round counts, then random draw (seed {self.rules.random_seed})"
            else:
                chosen = self._ask(group, electing)
                how = f"previous round counts, then {self.lots.describe()}"
        self.tiebreaks[-1].append(TieBreak(self.round, electing, tuple(order), chosen, how))
        return chosen

    def _random(self, order: list[int]) -> int:
        assert self.random is not None
        return order[self.random.next_double_times(len(order))]

    def _ask(self, order: list[int], electing: bool) -> int:
        names = [self.who.names[c] for c in order]
        purpose = "to elect" if electing else "to eliminate"
        answer = list(self.lots.draw(names, purpose, self.round))
        pick = answer[0] if electing else answer[-1]
        return order[names.index(pick)]

    # -- surpluses ------------------------------------------------------------
    def transfer_surplus(self, winner: int, tally: Mapping[int, int]) -> None:
        votes = tally[winner]
        threshold = self.in_units[-1]
        extra = votes - threshold
        fraction = 0
        if extra > 0:
            share = Fraction(extra) * self.unit / votes
            fraction = share.numerator // share.denominator  # truncated to the places
        for group, held in enumerate(self.recipient):
            if held == winner:
                worth = self.value(group)
                moved = worth * fraction // self.unit
                self.kept[group][winner] = worth - moved

    def settle_winners(self, tally: dict[int, int]) -> None:
        """Show earlier winners in this round's tally, at the threshold once settled."""
        number = self.round
        previous = self.tallies[-2] if len(self.tallies) > 1 else {}
        fresh = [w for w, r in self.elected.items() if r == number - 1]
        for winner, won in self.elected.items():
            if won < number - 1:
                tally[winner] = previous[winner]
        threshold = self.in_units[-1]
        for winner in fresh:
            kept = sum(
                k[winner] * n for k, n in zip(self.kept, self.counts, strict=True) if winner in k
            )
            residual = kept - threshold
            if residual > 0:
                whole = int(residual)
                self.residual[-1] += whole
                moves = self.transfers[number].setdefault(winner, {})
                moves[RESIDUAL_SURPLUS] = moves.get(RESIDUAL_SURPLUS, 0) + whole
                tally[winner] = int(threshold)
            else:
                tally[winner] = kept

    # -- the loop -------------------------------------------------------------
    def go_on(self) -> bool:
        rules = self.rules
        if rules.stop_after_round is not None and self.round >= rules.stop_after_round:
            return False
        won = len(self.elected)
        if won == self.who.declared and rules.seats > self.standing:
            return False
        if rules.continue_until_two:
            return len(self.eliminated) + won + 1 < self.standing or (
                self.round in self.eliminated.values()
            )
        if rules.mode is Mode.BOTTOMS_UP_PERCENTAGE:
            return won == 0
        return won < rules.seats or (rules.uses_surpluses and self.round in self.elected.values())

    def run(self) -> None:
        rules = self.rules
        while self.go_on():
            tally = self.count_round()
            self.set_threshold(tally)
            chosen = self.winners(tally)
            if chosen:
                for winner in chosen:
                    self.elected[winner] = self.round
                if rules.uses_surpluses:
                    for winner in chosen:
                        self.transfer_surplus(winner, tally)
            elif (
                len(self.elected) < rules.seats
                or (rules.continue_until_two and len(self.eliminated) < self.standing - 2)
                or rules.mode is Mode.BOTTOMS_UP_PERCENTAGE
            ):
                for loser in self.losers(tally):
                    self.eliminated[loser] = self.round
            if rules.seats > 1:
                self.settle_winners(tally)

    # -- the record -----------------------------------------------------------
    def result(self) -> RctabCount:
        places = self.rules.places

        def dec(units: int) -> Decimal:
            return Decimal(units).scaleb(-places)

        rounds = []
        for i, tally in enumerate(self.tallies):
            number = i + 1
            moves = self.transfers.get(number + 1, {})
            papers_moved = self.moved_papers.get(number + 1, {})
            decided = [c for c, r in self.elected.items() if r == number]
            dropped = [c for c, r in self.eliminated.items() if r == number]
            transfers = {
                c: {k: dec(v) for k, v in moves.get(c, {}).items()} for c in decided + dropped
            }
            threshold = self.thresholds[i]
            rounds.append(
                Round(
                    number=number,
                    tally={c: dec(v) for c, v in tally.items()},
                    threshold=_fraction_to_decimal(threshold),
                    inactive={k: dec(v) for k, v in self.inactive[i].items()},
                    elected=tuple(decided),
                    eliminated=tuple(dropped),
                    transfers=transfers,
                    residual_surplus=dec(self.residual[i]),
                    tiebreaks=tuple(self.tiebreaks[i]),
                    transfer_papers={c: dict(papers_moved.get(c, {})) for c in decided + dropped},
                )
            )
        first = self.inactive[0] if self.inactive else {}
        return RctabCount(
            contestants=self.who,
            rules=self.rules,
            rounds=tuple(rounds),
            winners=tuple(self.elected),
            papers=sum(self.counts),
            undervotes=first.get(Inactive.UNDERVOTE, 0) // self.unit,
            permutation=tuple(self.permutation),
        )


def _units(value: Fraction) -> int | Fraction:
    """``value`` as an int when it is whole."""
    return value.numerator if value.denominator == 1 else value


def _fraction_to_decimal(value: Fraction) -> Decimal:
    """An exact decimal fraction as a Decimal (thresholds always are)."""
    numerator, denominator = value.numerator, value.denominator
    digits = 0
    while 10**digits % denominator:  # the fewest digits whose power of 10 it divides
        digits += 1
        if digits > 40:
            raise ValueError(f"{value} is not a decimal fraction")
    return Decimal(numerator * (10**digits // denominator)).scaleb(-digits)


def tabulate(
    records: CastVoteRecords,
    contestants: Contestants,
    rules: RctabRules,
    lots: LotProvider | None = None,
) -> RctabCount:
    """Count ``records`` as RCTab does under ``rules`` (one pass; see :func:`count_sequential`)."""
    if rules.mode is Mode.SEQUENTIAL:
        raise RulesError("multi-pass IRV counts one pass per seat: use count_sequential")
    if not contestants.names:
        raise RulesError("a contest needs at least one candidate")
    counter = _Counter(records, contestants, rules, lots or NoLots())
    counter.run()
    return counter.result()


def count_sequential(
    records: CastVoteRecords,
    contestants: Contestants,
    rules: RctabRules,
    lots: LotProvider | None = None,
) -> list[RctabCount]:
    """Multi-pass IRV: one single-winner count per seat, earlier winners excluded."""
    single = replace(rules, seats=1, mode=Mode.SINGLE)
    passes: list[RctabCount] = []
    excluded = set(contestants.excluded)
    for _ in range(rules.seats):
        if len(excluded) >= len(contestants.names):
            break
        who = replace(contestants, excluded=frozenset(excluded))
        result = tabulate(records, who, single, lots)
        passes.append(result)
        excluded.update(result.winners)
    return passes


def count_passes(
    records: CastVoteRecords,
    contestants: Contestants,
    rules: RctabRules,
    lots: LotProvider | None = None,
) -> tuple[RctabCount, ...]:
    """One count, or one per pass of multi-pass IRV."""
    if rules.mode is Mode.SEQUENTIAL:
        return tuple(count_sequential(records, contestants, rules, lots))
    return (tabulate(records, contestants, rules, lots),)
