"""Ballot-box and valid-vote turnout (spec 08 §8.7): papers, never votes, over the electorate."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from .contest import ContestResult, _fraction


@dataclass(frozen=True, slots=True)
class Turnout:
    """Ballot-box turnout (papers counted ÷ electorate) and valid-vote turnout, in percent.

    Either is ``None`` where its papers or the electorate are not known. Votes
    are never a numerator.
    """

    ballot_box: Fraction | None
    valid_vote: Fraction | None
    electorate: Fraction | None
    papers_counted: Fraction | None
    valid_papers: Fraction | None


def turnout(result: ContestResult) -> Turnout:
    """Both turnout measures of spec 08 §8.7 that the spec confirms."""
    electorate = None if result.electorate is None else _fraction(result.electorate)
    counted, valid = result.counted, result.valid
    ballot_box = counted / electorate * 100 if electorate and counted is not None else None
    valid_vote = valid / electorate * 100 if electorate and valid is not None else None
    return Turnout(ballot_box, valid_vote, electorate, counted, valid)


def turnout_change(now: Turnout, base: Turnout) -> tuple[Fraction | None, Fraction | None]:
    """Change in (ballot-box, valid-vote) turnout, in points, from unrounded values."""
    box = None
    if now.ballot_box is not None and base.ballot_box is not None:
        box = now.ballot_box - base.ballot_box
    valid = None
    if now.valid_vote is not None and base.valid_vote is not None:
        valid = now.valid_vote - base.valid_vote
    return box, valid
