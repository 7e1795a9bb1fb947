"""The declaration of result: what the returning officer reads out and publishes.

Purpose: RPA 1983 Sch. 1 rule 50 and its local-election twins (spec 01 §1.6),
the Scottish rule 56 (spec 04 §4.13) and the mayoral statements (spec 02
§2.6): the candidates' votes, who is elected, rejected papers under each head,
and every lot drawn, in the officer's words. Beside the statutory figures it
gives the analysts' ones where the input allows (majority, turnout; spec 08).

Design: a pure function of the :class:`~tellers.core.model.Election` and its
:class:`~tellers.core.count.Count`. Percentages are worked from exact values
and rounded half away from zero to one place only for display
(:func:`tellers.core.values.percent`).
"""

from __future__ import annotations

from datetime import date

from ..core.count import Action, Count, Outcome
from ..core.model import REJECTION_HEADS, Election
from ..core.values import percent
from . import _common as c

#: The width the declaration fits, and the least room a candidate's name and party
#: are given before they wrap.
WIDTH = 100
LABEL_WIDTH = 24


def declaration(election: Election, count: Count, *, lots: str | None = None) -> str:
    """The declaration of result as plain text, in lines of at most :data:`WIDTH`.

    ``lots`` says how lots were to be drawn (``seed 42``, ``supplied``); it is
    printed even when no lot was needed, so that a seeded run shows its seed.
    """
    contest = count.contest
    lines = ["DECLARATION OF RESULT OF POLL", ""]
    title = contest.name + (f", {_long_date(contest.date)}" if contest.date else "")
    lines.append(title)
    seats = "1 seat" if contest.seats == 1 else f"{contest.seats} seats"
    lines.append(f"{seats}; rule set {count.rules}")
    lines.append("")
    lines.extend(_votes_table(count))
    lines.append("")

    facts: list[tuple[str, str]] = []
    if count.valid_papers is not None:
        facts.append(("Valid papers", c.whole_or_exact(count.valid_papers)))
    if count.quota is not None:
        facts.append(("Quota", c.whole_or_exact(count.quota)))
    majority = c.majority(count)
    if majority is not None:
        margin, base = majority
        share = percent(margin, base)
        facts.append(("Majority", f"{c.whole_or_exact(margin)} ({share}% of valid votes)"))
    elif (block := c.block_margin(count)) is not None:
        facts.append(("Last elected over highest unelected", c.whole_or_exact(block)))
    elif (final := c.final_margin(count)) is not None and len(count.stages) > 1:
        facts.append(("Final-stage margin", c.whole_or_exact(final[0])))
    lines.extend(c.text_table(facts, (False, True)))
    lines.append("")

    lines.extend(_elected(count))
    lines.append("")

    papers = _papers(election, count)
    if papers:
        lines.extend(papers)
        lines.append("")

    lot_lines = _lots(count, lots)
    if lot_lines:
        lines.extend(lot_lines)
        lines.append("")

    if count.notes:
        lines.append("Notes")
        for note in count.notes:
            lines.extend(c.wrap(note, WIDTH, indent="  ", more="    "))
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _long_date(iso: str) -> str:
    """``2012-04-19`` -> ``19 April 2012``; any other text as it is."""
    try:
        day = date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{day.day} {day:%B %Y}"


def _votes_table(count: Count) -> list[str]:
    contest = count.contest
    first, final = count.stages[0], count.final
    plurality = c.is_plurality(count)
    sv = final.action is Action.SECOND_PREFERENCES and len(count.stages) > 1
    first_heading = c.action_text(count, first)  # "Votes", "First preferences", "List votes"
    if plurality or len(count.stages) == 1:
        heads = ["Candidate", first_heading, ""]
    elif sv:
        heads = ["Candidate", first_heading, "Second preferences", "Total", ""]
    else:
        heads = ["Candidate", first_heading, f"Final (stage {final.number})", ""]
    rows: list[list[str]] = [heads]
    for i, candidate in enumerate(contest.candidates):
        if plurality:
            mark = "Elected" if i in count.elected else ""
            if i in contest.withdrawn:
                mark = "Withdrawn"
        else:
            mark = c.status(count, i)
        row = [c.label(candidate.name, candidate.party), c.whole_or_exact(first.votes[i])]
        if len(heads) == 5:
            if c.excluded_before(count, i, final.number):
                row += ["", ""]
            else:
                added = final.votes[i] - first.votes[i]
                row += [c.grouped(added), c.grouped(final.votes[i])]
        elif len(heads) == 4:
            row.append(c.grouped(final.votes[i]))
        rows.append([*row, mark])
    blank = [""] * (len(heads) - 4)
    if len(heads) > 3 and c.shows_non_transferable(count):
        rows.append(["Non-transferable", "", *blank, c.grouped(final.non_transferable), ""])
    if len(heads) > 3 and final.loss_to_rounding:
        rows.append(["Loss to rounding", "", *blank, c.grouped(final.loss_to_rounding), ""])
    right = [False] + [True] * (len(heads) - 2) + [False]
    # a long name and party wraps (its figures on the first line) to leave the figures room
    others = sum(max(len(row[i]) for row in rows) + 2 for i in range(1, len(heads)))
    label_width = max(LABEL_WIDTH, WIDTH - others)
    wrapped: list[list[str]] = []
    for row in rows:
        first_cell, *more = c.wrap(row[0], label_width)
        wrapped.append([first_cell, *row[1:]])
        wrapped.extend([line, *[""] * (len(row) - 1)] for line in more)
    table = c.text_table(wrapped, right)
    rule = "-" * max(len(line) for line in table)
    return [table[0], rule, *table[1:]]


def _elected(count: Count) -> list[str]:
    contest = count.contest
    if not count.elected:
        return ["Nobody was elected."]
    if contest.seats == 1:
        winner = contest.candidates[count.elected[0]]
        return c.wrap(f"Elected: {c.label(winner.name, winner.party)}", WIDTH, more="  ")
    lines = ["Elected, in order of election:"]
    elected = [d for d in count.decisions if d.outcome is Outcome.ELECTED]
    for place, decision in enumerate(elected, start=1):
        who = contest.candidates[decision.candidate]
        when = f", stage {decision.stage}" if len(count.stages) > 1 else ""
        text = f"{place}. {c.label(who.name, who.party)}{when}"
        lines.extend(c.wrap(text, WIDTH, indent="  ", more="     "))
    return lines


def _papers(election: Election, count: Count) -> list[str]:
    """Rejected papers under each head, papers counted, electorate and turnout.

    A first-past-the-post declaration lists all four statutory heads (spec 01
    §1.6) once any is given: readers leave out the heads with no papers.
    """
    lines: list[str] = []
    rejected = election.rejected
    if rejected:
        lines.append("Rejected ballot papers")
        statutory = any(h in rejected for h in REJECTION_HEADS)
        if statutory and c.is_plurality(count):
            heads = list(REJECTION_HEADS)
        else:
            heads = [h for h in REJECTION_HEADS if h in rejected]
        heads += [h for h in rejected if h not in REJECTION_HEADS]
        rows = [[c.head_label(h), f"{rejected.get(h, 0):,}"] for h in heads]
        rows.append(["Total", f"{election.rejected_total or 0:,}"])
        lines.extend(c.text_table(rows, (False, True), indent="  "))
    facts: list[tuple[str, str]] = []
    if election.rejected_in_part is not None:
        facts.append(("Papers rejected in part", f"{election.rejected_in_part:,}"))
    counted = election.papers_counted
    if counted is not None and election.rejected:
        facts.append(("Ballot papers counted", f"{counted:,}"))
    electorate = election.electorate
    if electorate:
        facts.append(("Electorate", f"{electorate:,}"))
        if counted is not None and election.rejected:
            facts.append(("Turnout (ballot box)", f"{percent(counted, electorate)}%"))
        valid = election.valid_papers
        if valid is not None:
            facts.append(("Turnout (valid votes)", f"{percent(valid, electorate)}%"))
    if facts:
        if lines:
            lines.append("")
        lines.extend(c.text_table(facts, (False, True)))
    return lines


def _lots(count: Count, provider: str | None) -> list[str]:
    lines = []
    for words, record in c.lot_sentences(count):
        lines.extend(c.wrap(words, WIDTH))
        lines.extend(c.wrap(record, WIDTH, indent="  ", more="    "))
    if provider and not count.lots:
        lines.append(f"Lots: {provider}; none was needed.")
    return lines
