"""The stage sheet, laid out as Scottish councils publish it.

Purpose: the stage-by-stage result the Scottish rule 56 asks for (spec 04
§4.13): for each stage what was done (surplus of X, exclusion of X), the
transfer values, the votes transferred to each candidate and each candidate's
total, the non-transferable papers, the quota, and who was elected or excluded.

Design: :func:`stage_sheet` turns a :class:`~tellers.core.count.Count` into a
:class:`StageSheet` (candidates as rows, stages as columns, each stage a
transfer and a total), and two renderers draw it: :func:`sheet_text` (plain
text) and :func:`sheet_rich` (a terminal table in colour); both put the stages
across in pages of as many stages as fit the width, the candidates down, as
councils publish Scottish sheets. The same figures as a tidy table, for
spreadsheets: :mod:`.tidy`. The transfer of a stage is the change in the recorded
total, so every column adds up. Non-transferable papers and the value lost to
rounding are kept on separate rows, as the count records them (a council that
prints one "non-transferable" row shows their sum).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise

from ..core.count import Action, Count, Outcome
from ..core.model import Election
from . import _common as c

#: Marks beside a total: elected, or excluded, at that stage.
ELECTED_MARK = "E"
EXCLUDED_MARK = "X"


@dataclass(frozen=True, slots=True)
class Row:
    """One row of the sheet: a candidate, or a reserved row.

    ``transfers[k]`` is the change at stage ``k`` (``None`` at the first stage);
    ``marks[k]`` is ``"elected"``, ``"excluded"`` or ``""``; ``gone[k]`` is true
    once the candidate was excluded before stage ``k`` and holds nothing.
    """

    label: str
    party: str
    kind: str  # "candidate", "reserved" (non-transferable, loss to rounding) or "total"
    transfers: tuple[Decimal | None, ...]
    totals: tuple[Decimal, ...]
    marks: tuple[str, ...]
    gone: tuple[bool, ...]
    status: str


@dataclass(frozen=True, slots=True)
class StageSheet:
    """The sheet as data: the heading facts, one column per stage, rows."""

    contest: str
    rules: str
    seats: int
    valid_papers: Decimal | None
    quota: Decimal | None
    numbers: tuple[int, ...]
    actions: tuple[str, ...]
    transfer_values: tuple[tuple[Decimal, ...], ...]
    rows: tuple[Row, ...]
    lots: tuple[str, ...]
    notes: tuple[str, ...] = ()

    @property
    def heading(self) -> str:
        parts = [f"rule set {self.rules}", "1 seat" if self.seats == 1 else f"{self.seats} seats"]
        if self.valid_papers is not None:
            parts.append(f"{c.whole_or_exact(self.valid_papers)} valid papers")
        if self.quota is not None:
            parts.append(f"quota {c.whole_or_exact(self.quota)}")
        return "; ".join(parts)


def stage_sheet(election: Election, count: Count) -> StageSheet:
    """The stage sheet of ``count`` as data, for the renderers."""
    del election  # the sheet is a view of the count alone; kept for a uniform signature
    stages = count.stages
    rows = [_candidate_row(count, i) for i in range(len(count.contest.candidates))]
    if c.shows_non_transferable(count):
        rows.append(_plain_row("Non-transferable", tuple(s.non_transferable for s in stages)))
    if count.places or any(s.loss_to_rounding for s in stages):
        rows.append(_plain_row("Loss to rounding", tuple(s.loss_to_rounding for s in stages)))
    totals = tuple(
        sum(s.votes, Decimal(0)) + s.non_transferable + s.loss_to_rounding for s in stages
    )
    rows.append(_plain_row("Total", totals, kind="total"))
    lots = tuple(record for _, record in c.lot_sentences(count))
    notes = tuple(
        f"Stage {s.number}: {s.note}" for s in stages if s.note and s.action is not Action.COUNT
    )
    return StageSheet(
        contest=count.contest.name,
        rules=count.rules,
        seats=count.contest.seats,
        valid_papers=count.valid_papers,
        quota=count.quota,
        numbers=tuple(s.number for s in stages),
        actions=tuple(c.action_text(count, s) for s in stages),
        transfer_values=tuple(s.transfer_values for s in stages),
        rows=tuple(rows),
        lots=lots,
        notes=notes,
    )


def _changes(totals: Sequence[Decimal]) -> tuple[Decimal | None, ...]:
    return (None, *(b - a for a, b in pairwise(totals)))


def _mark_stages(count: Count, candidate: int, outcome: Outcome) -> set[int]:
    """The stages whose columns carry the candidate's elected or excluded mark.

    The stage records' own lists where the rule set fills them, else the
    decisions (a list party can be elected at several stages).
    """
    marked = {
        stage.number
        for stage in count.stages
        if candidate in (stage.elected if outcome is Outcome.ELECTED else stage.excluded)
    }
    return marked or {
        d.stage for d in count.decisions if d.candidate == candidate and d.outcome is outcome
    }


def _candidate_row(count: Count, index: int) -> Row:
    candidate = count.contest.candidates[index]
    totals = tuple(s.votes[index] for s in count.stages)
    elected_at = _mark_stages(count, index, Outcome.ELECTED)
    excluded_at = _mark_stages(count, index, Outcome.EXCLUDED)
    changes = _changes(totals)
    marks = []
    gone = []
    for stage, total, change in zip(count.stages, totals, changes, strict=True):
        if stage.number in elected_at:
            marks.append("elected")
        elif stage.number in excluded_at:
            marks.append("excluded")
        else:
            marks.append("")
        # Blank once excluded (or withdrawn) and nothing is left to move.
        after_exclusion = bool(excluded_at) and stage.number > min(excluded_at)
        out = after_exclusion or index in count.contest.withdrawn
        gone.append(out and not total and not change)
    return Row(
        candidate.name,
        candidate.party or "",
        "candidate",
        changes,
        totals,
        tuple(marks),
        tuple(gone),
        c.status(count, index),
    )


def _plain_row(label: str, totals: tuple[Decimal, ...], kind: str = "reserved") -> Row:
    """A row without marks: non-transferable papers, loss to rounding, or the total."""
    n = len(totals)
    return Row(label, "", kind, _changes(totals), totals, ("",) * n, (False,) * n, "")


# -- plain text ----------------------------------------------------------------


def _mark_text(mark: str) -> str:
    return {"elected": ELECTED_MARK, "excluded": EXCLUDED_MARK}.get(mark, "")


def _text_cells(row: Row, k: int) -> tuple[str, str]:
    """The transfer and the total of ``row`` at stage ``k``, as printed."""
    if row.gone[k]:
        return "", ""
    change = row.transfers[k]
    transfer = c.grouped(change, sign=True) if change else ""
    mark = _mark_text(row.marks[k])
    total = c.grouped(row.totals[k]) + (f" {mark}" if mark else "  ")
    return transfer, total


def _grid(sheet: StageSheet) -> tuple[list[list[tuple[str, str]]], list[int], list[int]]:
    """Every row's (transfer, total) texts, and each stage's transfer and total widths."""
    n = len(sheet.numbers)
    cells = [[_text_cells(row, k) for k in range(n)] for row in sheet.rows]
    transfer_widths = [max(len(r[k][0]) for r in cells) for k in range(n)]
    total_widths = [max(len(r[k][1]) for r in cells) for k in range(n)]
    return cells, transfer_widths, total_widths


#: The width the plain sheet fits, and the most a name (a stage's heading) takes
#: before it wraps.
WIDTH = 100
NAME_WIDTH = 26
ACTION_WIDTH = 22


def pages(widths: Sequence[int], first: int, last: int, width: int = WIDTH) -> list[list[int]]:
    """Stages in pages that fit ``width``: each page starts with a column ``first`` wide
    (the names) and takes stages while they fit, two spaces apart; the last page also
    holds a column ``last`` wide (the result). Every page holds at least one stage."""
    found: list[list[int]] = [[]]
    used = first
    for k, w in enumerate(widths):
        need = 2 + w + (2 + last if k == len(widths) - 1 else 0)
        if found[-1] and used + need > width:
            found.append([])
            used = first
        found[-1].append(k)
        used += 2 + w
    return found


def sheet_text(election: Election, count: Count, *, width: int = WIDTH) -> str:
    """The stage sheet as plain text that fits ``width`` columns: the candidates down,
    the stages across (each a transfer and a total) in pages of as many stages as fit,
    as councils publish Scottish sheets; long names wrap."""
    sheet = stage_sheet(election, count)
    n = len(sheet.numbers)
    cells, tws, vws = _grid(sheet)
    columns = [
        [(f"{r[k][0]:>{tws[k]}}  " if tws[k] else "") + f"{r[k][1]:>{vws[k]}}" for r in cells]
        for k in range(n)
    ]
    # a stage is as wide as its figures, or its heading up to ACTION_WIDTH (then it wraps)
    stage_widths = [
        max(
            len(columns[k][0]),
            min(len(sheet.actions[k]), ACTION_WIDTH),
            *(len(c.exact(v)) for v in sheet.transfer_values[k]),
        )
        for k in range(n)
    ]
    labels = [row.label for row in sheet.rows]
    name_width = min(max(len("Transfer values"), *(len(x) for x in labels)), NAME_WIDTH)
    status_width = max(len(row.status) for row in sheet.rows)
    candidates = sum(1 for row in sheet.rows if row.kind == "candidate")
    lines = [f"{sheet.contest}: stage sheet", sheet.heading]
    found = pages(stage_widths, name_width, status_width, width)
    for number, page in enumerate(found, start=1):
        lines.append("")
        if len(found) > 1:
            first, end = sheet.numbers[page[0]], sheet.numbers[page[-1]]
            which = f"stage {first}" if first == end else f"stages {first}-{end}"
            lines.append(f"Page {number} of {len(found)}: {which}")
        final = page[-1] == n - 1
        right = [False] + [True] * len(page) + ([False] if final else [])
        tail = [""] if final else []
        head = [["Stage", *(str(sheet.numbers[k]) for k in page), *tail]]
        actions = [c.wrap(sheet.actions[k], stage_widths[k]) for k in page]
        for line in range(max(len(a) for a in actions)):
            head.append(["", *(a[line] if line < len(a) else "" for a in actions), *tail])
        for line in range(max(len(sheet.transfer_values[k]) for k in page)):
            values = [sheet.transfer_values[k] for k in page]
            texts = [c.exact(v[line]) if line < len(v) else "" for v in values]
            head.append(["Transfer values" if line == 0 else "", *texts, *tail])
        body: list[list[str]] = []
        for i, row in enumerate(sheet.rows):
            name = c.wrap(row.label, name_width)
            status = [row.status] if final else []
            body.append([name[0], *(columns[k][i] for k in page), *status])
            body.extend([more, *[""] * (len(page) + len(tail))] for more in name[1:])
            if i == candidates - 1:
                body.append(["-"])  # a rule under the candidates
        widths = [name_width, *(stage_widths[k] for k in page)]
        table = c.text_table([*head, ["-"], *body], right, widths=widths)
        ruled = max(len(line) for line in table)
        lines.extend("-" * ruled if line == "-" else line for line in table)
    legend = _legend(sheet)
    if legend or sheet.lots or sheet.notes:
        lines.append("")
    if legend:
        lines.append(legend)
    for text in (*sheet.lots, *sheet.notes):
        lines.extend(c.wrap(text, width, more="  "))
    return "\n".join(lines) + "\n"


# -- rich ----------------------------------------------------------------------


def sheet_rich(election: Election, count: Count, *, width: int = 100, color: bool = True) -> str:
    """The stage sheet as a terminal table, split into blocks of stages to fit ``width``.

    Returns the rendered text (with ANSI styles when ``color``), so that it can
    be made in a worker process and printed in order.
    """
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    sheet = stage_sheet(election, count)
    n = len(sheet.numbers)
    cells, tws, vws = _grid(sheet)

    def header(k: int) -> Text:
        text = Text(f"Stage {sheet.numbers[k]}\n", style="bold", justify="right")
        text.append(sheet.actions[k])
        if sheet.transfer_values[k]:
            values = [c.exact(v) for v in sheet.transfer_values[k]]
            text.append("\nTV " + "\n".join(values), style="italic")
        return text

    def pair(k: int) -> int:  # width of "transfer  total"
        return (tws[k] + 2 if tws[k] else 0) + vws[k]

    widths = [max(pair(k), *(len(line) for line in header(k).plain.split("\n"))) for k in range(n)]

    def cell(i: int, k: int) -> Text:
        # Padded by hand to the column's width: rich would strip the blanks
        # that keep totals with and without a mark in line.
        row = sheet.rows[i]
        transfer, total = cells[i][k]
        text = Text(" " * (widths[k] - pair(k)))
        if tws[k]:
            text.append(f"{transfer:>{tws[k]}}  ", style="dim")
        style = {"elected": "bold green", "excluded": "red"}.get(row.marks[k], "")
        text.append(f"{total:>{vws[k]}}", style="bold" if row.kind == "total" else style)
        return text

    # Stages go in blocks as wide as the terminal, each block repeating the names.
    padding = 3
    name_width = max(len(_rich_label(row)) for row in sheet.rows) + padding
    status_width = max(len(row.status) for row in sheet.rows) + padding
    blocks: list[list[int]] = [[]]
    used = name_width
    for k in range(n):
        need = widths[k] + padding + (status_width if k == n - 1 else 0)
        if blocks[-1] and used + need > width:
            blocks.append([])
            used = name_width
        blocks[-1].append(k)
        used += widths[k] + padding

    console = Console(
        file=io.StringIO(),
        width=width,
        force_terminal=color,
        no_color=not color,
        color_system="standard" if color else None,
        highlight=False,
    )
    console.print(Text(f"{sheet.contest}: stage sheet", style="bold"))
    console.print(sheet.heading)
    candidates = sum(1 for row in sheet.rows if row.kind == "candidate")
    for block in blocks:
        table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
        table.add_column("Candidate", no_wrap=True)
        for k in block:
            table.add_column(header(k), justify="left", no_wrap=True)
        final = block[-1] == n - 1
        if final:
            table.add_column("Result", no_wrap=True)
        for i, row in enumerate(sheet.rows):
            label = Text(row.label, style="bold" if row.kind == "total" else "")
            if _rich_label(row) != row.label:
                label.append(f" ({row.party})", style="dim")
            line = [label, *(cell(i, k) for k in block)]
            if final:
                line.append(Text(row.status, style="green" if row.marks.count("elected") else ""))
            table.add_row(*line, end_section=i == candidates - 1)
        console.print(table)
    legend = _legend(sheet)
    if legend:
        console.print(legend, style="dim")
    for extra in (*sheet.lots, *sheet.notes):
        console.print(extra)
    out = console.file
    assert isinstance(out, io.StringIO)
    return out.getvalue()


def _rich_label(row: Row) -> str:
    return c.label(row.label, row.party)


def _legend(sheet: StageSheet) -> str:
    used = {mark for row in sheet.rows for mark in row.marks}
    parts = []
    if "elected" in used:
        parts.append(f"{ELECTED_MARK} elected at this stage")
    if "excluded" in used:
        parts.append(f"{EXCLUDED_MARK} excluded at this stage")
    return "; ".join(parts)
