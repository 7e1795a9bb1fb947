"""RCTab's rounds as the core :class:`~tellers.core.count.Count`: a round is a stage,
inactive papers are non-transferable, residual surplus is the loss to rounding."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from ...core.count import (
    LOSS_TO_ROUNDING,
    NON_TRANSFERABLE,
    Action,
    Count,
    Decision,
    Lot,
    Outcome,
    Stage,
    Transfer,
)
from ...core.model import Contest
from ...core.values import to_decimal
from ...errors import CountError
from .model import (
    EXHAUSTED,
    RESIDUAL_SURPLUS,
    Inactive,
    Mode,
    RctabCount,
    Round,
    TieBreak,
    format_value,
)
from .options import yes_no


# -- an RCTab count as a core Count -------------------------------------------
def _target(key: int | str) -> int:
    if key == EXHAUSTED:
        return NON_TRANSFERABLE
    if key == RESIDUAL_SURPLUS:
        return LOSS_TO_ROUNDING
    assert isinstance(key, int)
    return key


def _inactive_note(round_: Round, uses_surpluses: bool) -> str:
    parts = [
        ("overvotes", Inactive.OVERVOTE),
        ("skipped rankings", Inactive.SKIPPED),
        ("exhausted choices", Inactive.EXHAUSTED),
        ("repeated rankings", Inactive.REPEATED),
        ("undervotes", Inactive.UNDERVOTE),
    ]
    if uses_surpluses:
        parts.append(("final-round surplus", Inactive.FINAL_ROUND_SURPLUS))
    shown = ", ".join(
        f"{label} {format_value(round_.inactive.get(key, Decimal(0)))}" for label, key in parts
    )
    return f"threshold {format_value(round_.threshold)}; inactive: {shown}"


def _drawn(tie: TieBreak) -> bool:
    """Whether a tie-break was a draw (random, permutation or lot), not a rule."""
    return tie.how not in ("previous round counts", "candidate order")


def _lot(stage: int, tie: TieBreak) -> Lot:
    others = tuple(c for c in tie.tied if c != tie.chosen)
    order = (tie.chosen, *others) if tie.electing else (*others, tie.chosen)
    purpose = "tie: whom to elect" if tie.electing else "tie: whom to eliminate"
    return Lot(stage, purpose, tuple(sorted(tie.tied)), order, tie.chosen, tie.how)


def _reasons(result: RctabCount, round_: Round) -> dict[int, tuple[str, bool]]:
    """Why each candidate elected or eliminated in ``round_`` was, and whether by lot."""
    rules = result.rules
    threshold = round_.threshold
    minimum = rules.minimum_vote_threshold
    zero = Decimal(0)
    why: dict[int, tuple[str, bool]] = {}
    for c in round_.elected:
        votes = round_.tally.get(c, zero)
        if rules.mode is Mode.BOTTOMS_UP_PERCENTAGE:
            reason = f"every continuing candidate holds more than {format_value(threshold)}"
        elif votes >= threshold:
            reason = f"reached the threshold of {format_value(threshold)}"
        else:
            reason = "as many continuing candidates as seats to fill, or the more of the last two"
        why[c] = (reason, False)
    for c in round_.eliminated:
        votes = round_.tally.get(c, zero)
        if c == result.contestants.write_ins:
            reason = "undeclared write-ins are eliminated first"
        elif minimum > 0 and votes < minimum:
            reason = f"below the minimum vote threshold of {format_value(minimum)}"
        elif rules.cutoff_elimination and rules.mode is Mode.BOTTOMS_UP_PERCENTAGE:
            reason = f"below the threshold of {format_value(threshold)}"
        elif len(round_.eliminated) > 1:
            reason = "batch elimination: together fewer votes than the next candidate"
        else:
            reason = "fewest votes"
        why[c] = (reason, False)
    names = result.contestants.names
    for tie in round_.tiebreaks:
        if tie.chosen in why:
            reason, _ = why[tie.chosen]
            tied = ", ".join(names[c] for c in tie.tied)
            why[tie.chosen] = (f"{reason}; tie ({tied}) broken by {tie.how}", _drawn(tie))
    return why


def to_count(
    passes: Sequence[RctabCount],
    contest: Contest,
    options: Mapping[str, object],
    *,
    lot_provider: str,
    notes: Sequence[str] = (),
) -> Count:
    """The :class:`~tellers.core.count.Count` of an RCTab count, for every report.

    A round is a stage (the passes of multi-pass IRV follow one another); its
    votes are the round's tally (0 for a candidate no longer counted); the
    papers inactive at its end (overvotes, skipped rankings, exhausted
    choices, repeated rankings, undervotes, final-round surplus, in the
    stage's note) are non-transferable, and residual surplus is the loss to
    rounding, so that at every stage votes + non-transferable + loss to
    rounding = the papers. The transfers an election or elimination of
    round r caused are recorded at stage r + 1, as RCTab reports them.
    Tie-breaks by draw (random, permutation, lot) are recorded as lots.
    """
    if not passes:
        raise ValueError("an RCTab count has at least one pass")
    size = len(contest.candidates)
    rules = passes[0].rules
    places = rules.places
    if any(len(p.contestants.names) != size for p in passes):
        raise ValueError("the contest and the count name different candidates")
    papers = to_decimal(passes[0].papers * 10**places, places)
    zero = to_decimal(0, places)
    stages: list[Stage] = []
    decisions: list[Decision] = []
    transfers: list[Transfer] = []
    elected_anywhere = {w for p in passes for w in p.winners}
    for number_of_pass, result in enumerate(passes, start=1):
        last_pass = number_of_pass == len(passes)
        previous: Round | None = None
        for round_ in result.rounds:
            number = len(stages) + 1
            action = Action.FIRST
            subjects: tuple[int, ...] = ()
            if previous is not None:
                surplus = previous.elected if rules.uses_surpluses else ()
                subjects = tuple(sorted((*previous.eliminated, *surplus)))
                if previous.eliminated:
                    action = Action.EXCLUSION
                elif surplus:
                    action = Action.SURPLUS
                else:
                    action = Action.COUNT
                for source, moves in previous.transfers.items():
                    counted = previous.transfer_papers.get(source, {})
                    for key, value in moves.items():
                        transfers.append(
                            Transfer(number, source, _target(key), counted.get(key, 0), value)
                        )
            votes = tuple(round_.tally.get(c, zero) for c in range(size))
            inactive = sum(round_.inactive.values(), zero)
            note = _inactive_note(round_, rules.uses_surpluses)
            if len(passes) > 1:
                note = f"pass {number_of_pass}, round {round_.number}; {note}"
            stages.append(
                Stage(
                    number=number,
                    action=action,
                    subjects=subjects,
                    votes=votes,
                    non_transferable=inactive,
                    loss_to_rounding=round_.residual_surplus,
                    elected=tuple(sorted(round_.elected)),
                    excluded=tuple(sorted(round_.eliminated)),
                    lots=tuple(_lot(number, t) for t in round_.tiebreaks if _drawn(t)),
                    note=note,
                )
            )
            if sum(votes, zero) + inactive + round_.residual_surplus != papers:
                raise CountError(
                    f"round {round_.number}: votes, inactive papers and residual surplus "
                    f"do not add up to the {papers} papers"
                )
            reasons = _reasons(result, round_)
            for c in round_.elected:
                reason, by_lot = reasons[c]
                decisions.append(Decision(number, c, Outcome.ELECTED, reason, by_lot))
            for c in round_.eliminated:
                if last_pass and c not in elected_anywhere:
                    reason, by_lot = reasons[c]
                    decisions.append(Decision(number, c, Outcome.EXCLUDED, reason, by_lot))
            previous = round_
    last = passes[-1].rounds[-1].threshold if passes[-1].rounds else None
    return Count(
        contest=contest,
        rules="rctab",
        places=places,
        valid_papers=papers,
        quota=last,
        stages=tuple(stages),
        decisions=tuple(decisions),
        transfers=tuple(transfers),
        options={k: _option_text(v) for k, v in options.items()},
        notes=tuple(notes),
        lot_provider=lot_provider,
    )


def _option_text(value: object) -> str:
    if isinstance(value, bool):
        return yes_no(value)
    return str(value)
