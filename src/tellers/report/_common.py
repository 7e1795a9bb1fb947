"""What the reports share: how numbers, names and stage actions are written.

Text reports group thousands (``1,030``) and keep every decimal place the
rule set works to (``26.31700``); CSV and JSON write values exactly as
recorded, without grouping. Nothing here rounds a vote value.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from ..core.count import Action, Count, Outcome, Stage
from ..errors import RulesError


def exact(value: Decimal | int) -> str:
    """A value exactly as recorded, in plain notation (``26.31700``, ``0.00000``)."""
    return str(value) if isinstance(value, int) else format(value, "f")


def grouped(value: Decimal | int, *, sign: bool = False) -> str:
    """A value for people: thousands grouped, every recorded decimal place kept."""
    if isinstance(value, int):
        return format(value, "+," if sign else ",")
    return format(value, "+,f" if sign else ",f")


def whole_or_exact(value: Decimal | int) -> str:
    """A count of papers or a quota: whole numbers without their zero decimals."""
    if isinstance(value, int) or value == value.to_integral_value():
        return f"{int(value):,}"
    return grouped(value)


def names(count: Count, indices: Sequence[int]) -> str:
    """``A``, ``A and B``, ``A, B and C``."""
    listed = [count.name(i) for i in indices]
    if len(listed) <= 1:
        return "".join(listed)
    return ", ".join(listed[:-1]) + " and " + listed[-1]


def action_text(count: Count, stage: Stage) -> str:
    """What a stage did, as the count sheet heads its column."""
    subjects = names(count, stage.subjects)
    if stage.action is Action.FIRST:
        return "First preferences"
    if stage.action is Action.COUNT:
        # one count of a plurality poll, or one ballot of an exhaustive ballot
        return stage.note[:1].upper() + stage.note[1:] if stage.note else "Votes"
    if stage.action is Action.SURPLUS:
        return f"Surplus of {subjects}" if subjects else "Surplus"
    if stage.action is Action.EXCLUSION:
        return f"Exclusion of {subjects}" if subjects else "Exclusion"
    if stage.action is Action.SECOND_PREFERENCES:
        return "Second preferences"
    if stage.action is Action.LAST_VACANCIES:
        return "Last vacancies filled"
    return str(stage.action).capitalize()


def head_label(head: str) -> str:
    """``want_of_official_mark`` -> ``Want of official mark``."""
    text = head.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def is_plurality(count: Count) -> bool:
    """A first-past-the-post or block-vote count (one stage, most votes win)."""
    from ..rules.registry import get

    try:
        return get(count.rules).family == "plurality"
    except RulesError:  # a rule set not registered here: no plurality wording
        return False


def majority(count: Count) -> tuple[Decimal, Decimal] | None:
    """Winner minus runner-up, and the valid votes it is a share of.

    Only for a single-seat plurality count (spec 08 §8.3); other systems have a
    final-stage margin, which :func:`final_margin` gives.
    """
    if count.contest.seats != 1 or not is_plurality(count):
        return None
    return final_margin(count)


def final_margin(count: Count) -> tuple[Decimal, Decimal] | None:
    """The first elected minus the best other candidate at the final stage, and the base.

    The base is the valid papers where known, else the sum of the final votes.
    ``None`` where nobody was elected or nobody else stood.
    """
    if count.contest.seats != 1 or not count.elected:
        return None
    final = count.final
    winner = count.elected[0]
    others = [final.votes[c] for c in count.contest.standing if c != winner]
    if not others:
        return None
    base = count.valid_papers if count.valid_papers is not None else sum(final.votes, Decimal(0))
    return final.votes[winner] - max(others), base


def block_margin(count: Count) -> Decimal | None:
    """Block vote: the last elected minus the highest unelected (spec 01 ex. 1.2)."""
    if count.contest.seats == 1 or not is_plurality(count) or not count.elected:
        return None
    final = count.final
    elected = set(count.elected)
    unelected = [final.votes[c] for c in count.contest.standing if c not in elected]
    if not unelected:
        return None
    return min(final.votes[c] for c in elected) - max(unelected)


def excluded_before(count: Count, candidate: int, stage: int) -> bool:
    """Whether ``candidate`` was excluded at a stage before ``stage``."""
    decision = count.stage_of(candidate)
    return decision is not None and decision.outcome is Outcome.EXCLUDED and decision.stage < stage


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def status(count: Count, candidate: int) -> str:
    """``Elected 2nd (stage 3)``, ``Excluded (stage 4)``, ``Withdrawn`` or ``""``.

    A party that wins several list seats reads ``3 seats (stages 2, 4, 6)``.
    """
    if candidate in count.contest.withdrawn:
        return "Withdrawn"
    decisions = [d for d in count.decisions if d.candidate == candidate]
    if not decisions:
        return ""
    if len(decisions) > 1 and all(d.outcome is Outcome.ELECTED for d in decisions):
        stages = ", ".join(str(d.stage) for d in decisions)
        return f"{len(decisions)} seats (stages {stages})"
    decision = decisions[0]
    lot = " by lot" if decision.by_lot else ""
    if decision.outcome is Outcome.ELECTED:
        place = count.elected.index(candidate) + 1
        if count.contest.seats == 1:
            return f"Elected{lot} (stage {decision.stage})"
        return f"Elected {ordinal(place)}{lot} (stage {decision.stage})"
    return f"Excluded{lot} (stage {decision.stage})"


def shows_non_transferable(count: Count) -> bool:
    """Whether a non-transferable row says anything: fractional rules, or papers set aside."""
    return count.places > 0 or any(stage.non_transferable for stage in count.stages)


def lot_sentences(count: Count) -> list[tuple[str, str]]:
    """Each lot drawn: the returning officer's words, and the record of the draw."""
    sentences = []
    plurality = is_plurality(count)
    for lot in count.lots:
        tied = names(count, lot.tied)
        if plurality:
            by_lot = [
                d.candidate
                for d in count.decisions
                if d.by_lot and d.stage == lot.stage and d.outcome is Outcome.ELECTED
            ]
            words = (
                "Following an equality of votes, lots were drawn and an additional vote "
                f"was allotted to {names(count, by_lot or [lot.chosen])}."
            )
        else:
            decision = count.stage_of(lot.chosen)
            if decision is not None and decision.by_lot:
                outcome = f"{count.name(lot.chosen)} was {decision.outcome}"
            else:  # e.g. which of two equal surpluses goes first
                outcome = f"the lot favoured {count.name(lot.order[0])}"
            words = f"{tied} were equal ({lot.purpose}); lots were drawn and {outcome}."
        order = ", ".join(count.name(i) for i in lot.order)
        record = (
            f"Lot at stage {lot.stage} between {tied} ({lot.purpose}): "
            f"drawn {order}, favoured first; how: {lot.how}."
        )
        sentences.append((words, record))
    return sentences


def wrap(text: str, width: int, *, indent: str = "", more: str | None = None) -> list[str]:
    """``text`` in lines of at most ``width`` characters, broken between words where it
    can be (a word longer than the width is broken inside); at least one line. The first
    line starts with ``indent``, the others with ``more`` (default: ``indent``)."""
    import textwrap

    lines = textwrap.wrap(
        text,
        width,
        initial_indent=indent,
        subsequent_indent=indent if more is None else more,
        break_on_hyphens=False,
    )
    return lines or [indent.rstrip()]


def label(name: str, party: str | None) -> str:
    """``Name (Party)``, or the name alone where there is no party or the name already
    ends with it in brackets (a name as a ballot file prints it)."""
    if not party or name.endswith(f"({party})"):
        return name
    return f"{name} ({party})"


def text_table(
    rows: Sequence[Sequence[str]],
    right: Sequence[bool],
    indent: str = "",
    widths: Sequence[int] = (),
) -> list[str]:
    """Rows of cells as lines of text, columns two spaces apart, trailing blanks cut.

    ``widths`` gives the least width of the first columns; a row of one cell ``"-"``
    is a rule, returned as ``"-"`` for the caller to draw as wide as it likes.
    """
    cells = [row for row in rows if list(row) != ["-"]]
    widths = [
        max(widths[i] if i < len(widths) else 0, *(len(row[i]) for row in cells if i < len(row)))
        for i in range(len(right))
    ]
    lines = []
    for row in rows:
        if list(row) == ["-"]:
            lines.append("-")
            continue
        padded = [*row, *[""] * (len(right) - len(row))]
        cells_text = [
            cell.rjust(width) if align_right else cell.ljust(width)
            for cell, width, align_right in zip(padded, widths, right, strict=True)
        ]
        lines.append((indent + "  ".join(cells_text)).rstrip())
    return lines
