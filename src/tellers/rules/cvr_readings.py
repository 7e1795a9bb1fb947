"""What a count of cast vote records says about marks whose effect is a rule of the count.

Purpose: a cast vote record keeps every mark (:mod:`tellers.core.records`), and
the US ranked-choice rules leave it to each jurisdiction what an overvote, a
rank left blank or a candidate marked twice does to a paper (RCTab's
``overvoteRule``, ``maxSkippedRanksAllowed``, ``exhaustOnDuplicateCandidate``).
Where the records hold such marks, the count's notes say how many papers have
them, which reading the count used (and whether it was the default), and the
options that choose the others, so that a count under the wrong reading is
never silently taken for the official one (Burlington 2009 is counted as the
official report has it only with ``exhaustIfMultipleContinuing``).

Design: a pure function of the records and the resolved options.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..core.records import OVERVOTE, CastVoteRecords
from .registry import Option, OptionValue

#: The choices of overvote-rule, as the option takes them.
OVERVOTE_RULES = ("exhaustImmediately", "alwaysSkipToNextRank", "exhaustIfMultipleContinuing")


def reading_notes(
    records: CastVoteRecords, options: Mapping[str, OptionValue], declared: Sequence[Option]
) -> list[str]:
    """The notes for the overvotes, skipped ranks and repeated candidates in ``records``,
    counted under ``options`` (whose defaults ``declared`` gives)."""
    overvotes = skipped = repeated = 0
    for record, n in zip(records.records, records.counts, strict=True):
        if any(len(rank) > 1 or OVERVOTE in rank for rank in record):
            overvotes += n
        if any(not rank for rank in record):  # trailing blanks are trimmed: a gap
            skipped += n
        marked = [c for rank in record for c in rank if c != OVERVOTE]
        if len(set(marked)) < len(marked) and _repeats_across_ranks(record):
            repeated += n
    defaults = {option.name: option.default for option in declared}

    def used(name: str) -> str:
        value = options.get(name, defaults.get(name))
        shown = _text(value)
        return f"{name}={shown}" + (" (the default)" if value == defaults.get(name) else "")

    notes: list[str] = []
    if overvotes:
        rule = _text(options.get("overvote-rule", defaults.get("overvote-rule")))
        others = " or ".join(f"--option overvote-rule={r}" for r in OVERVOTE_RULES if r != rule)
        notes.append(
            f"overvotes (several candidates marked at one rank) on {overvotes:,} papers: "
            f"counted with {used('overvote-rule')}; other choices: {others}"
        )
    if skipped:
        limit = _text(options.get("max-skipped-ranks", defaults.get("max-skipped-ranks")))
        other = (
            "--option max-skipped-ranks=0 (a blank rank exhausts the paper) or 1, 2..."
            if limit == "unlimited"
            else "--option max-skipped-ranks=unlimited (blank ranks passed over) or another number"
        )
        notes.append(
            f"skipped ranks (a rank left blank before a later one) on {skipped:,} papers: "
            f"counted with {used('max-skipped-ranks')}; other choices: {other}"
        )
    if repeated:
        exhaust = options.get("exhaust-on-duplicate", defaults.get("exhaust-on-duplicate"))
        flip = "no" if exhaust in (True, "yes") else "yes"
        notes.append(
            f"a candidate marked at two ranks on {repeated:,} papers: counted with "
            f"{used('exhaust-on-duplicate')}; the other choice: "
            f"--option exhaust-on-duplicate={flip}"
        )
    return notes


def _repeats_across_ranks(record: tuple[tuple[int, ...], ...]) -> bool:
    seen: set[int] = set()
    for rank in record:
        here = {c for c in rank if c != OVERVOTE}
        if here & seen:
            return True
        seen |= here
    return False


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)
