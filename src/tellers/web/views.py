"""What the pages show of a count, and how a form becomes a count.

Purpose: the web edge's own logic, free of FastAPI so that it can be tested
alone: reading a form (an uploaded file or pasted text, the rule set, seats,
lots, seed and options) into an :class:`~tellers.core.model.Election` and a
:class:`~tellers.core.count.Count`, and turning a count into the view the
templates draw: the declaration, the stage sheet as table cells, one table and
bar chart per stage, and the Sankey of transfers with its table.

Design: every figure on a page is text made here by the report helpers, so
the page prints exactly what ``tellers count`` prints. Every user mistake is a
:class:`~tellers.errors.TellersError` (the pages answer it with status 400).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..core.count import Count, Outcome
from ..core.model import Election
from ..errors import InputError, RulesError, TellersError
from ..report import _common as c
from ..service import counting
from ..service.counting import Counted
from . import charts

#: The largest file (or pasted text) a page or the API takes, in bytes.
MAX_BYTES = counting.MAX_BYTES

#: The name pasted text is read under (no extension: the content picks the reader).
PASTED = "pasted text"


@dataclass(frozen=True, slots=True)
class CountRequest:
    """What a count form asked for, checked: the bytes to read, their name, and how to
    count them."""

    data: bytes
    source: str
    settings: counting.CountRequest = field(default_factory=counting.CountRequest)


def _blank(value: str | None) -> str | None:
    return value.strip() or None if value is not None else None


def whole_number(value: str | None, what: str, minimum: int | None = None) -> int | None:
    """A form field as a whole number (blank: None); a mistake is a TellersError."""
    text = _blank(value)
    if text is None:
        return None
    try:
        number = int(text)
    except ValueError:
        raise TellersError(f"{what}: expected a whole number, found {text!r}") from None
    if minimum is not None and number < minimum:
        raise TellersError(f"{what}: expected {minimum} or more, found {number}")
    return number


def lines(value: str | None) -> tuple[str, ...]:
    """The non-blank lines of a text area."""
    return tuple(line.strip() for line in (value or "").splitlines() if line.strip())


def options(values: Sequence[str]) -> tuple[tuple[str, str], ...]:
    """``KEY=VALUE`` items (one a line in a text area) as pairs."""
    pairs = []
    for item in values:
        key, sep, text = item.partition("=")
        if not sep or not key.strip():
            raise RulesError(f"expected an option as KEY=VALUE, not {item!r}")
        pairs.append((key.strip(), text.strip()))
    return tuple(pairs)


def count_request(
    *,
    upload: bytes | None,
    filename: str | None,
    text: str | None,
    rules: str | None = None,
    format_in: str | None = None,
    seats: int | None = None,
    lots: Sequence[str] = (),
    seed: int | None = None,
    option_items: Sequence[str] = (),
) -> CountRequest:
    """Check a form: a file or pasted text (not both, not neither) and the settings."""
    has_file = bool(upload) or bool(filename)
    has_text = bool(text and text.strip())
    if has_file and has_text:
        raise TellersError("give a file or paste a result, not both")
    if not has_file and not has_text:
        raise TellersError("expected a file to count, or a result pasted into the text box")
    if has_file:
        data, source = upload or b"", (filename or "upload").replace("\\", "/").rsplit("/", 1)[-1]
    else:
        data, source = (text or "").encode("utf-8"), PASTED
    if len(data) > MAX_BYTES:
        raise InputError(source, None, f"expected at most {MAX_BYTES // 1_000_000} MB")
    format_in = _blank(format_in)
    known = counting.input_formats()
    if format_in is not None and format_in not in known:
        raise InputError(
            source, None, f"expected a format among {', '.join(known)}, found {format_in!r}"
        )
    rules = _blank(rules)
    pairs = options(option_items)
    if rules is None and pairs:
        raise RulesError("options need a rule set: choose one")
    settings = counting.CountRequest(
        rules=rules,
        format_in=format_in,
        seats=seats,
        lots=tuple(lot.strip() for lot in lots if lot.strip()),
        seed=seed,
        options=pairs,
    )
    return CountRequest(data, source, settings.checked())


def read_request(request: CountRequest) -> Election:
    """The election the request's file or text holds."""
    return counting.read_bytes(request.data, request.source, request.settings)


def run_count(request: CountRequest) -> Counted:
    """Read and count, as ``tellers count`` does; errors are TellersErrors."""
    return counting.count_bytes(request.data, request.source, request.settings)


# -- what a page shows of a count ----------------------------------------------------


@dataclass(frozen=True, slots=True)
class Cell:
    """One stage of one sheet row: the change at that stage and the total after it."""

    transfer: str
    total: str
    mark: str  # "elected", "excluded" or ""


@dataclass(frozen=True, slots=True)
class SheetRow:
    label: str
    party: str
    kind: str  # "candidate", "reserved" or "total"
    cells: tuple[Cell, ...]
    status: str


@dataclass(frozen=True, slots=True)
class StageView:
    """One stage: its heading, transfer values, its rows, and its bar chart."""

    number: int
    action: str
    transfer_values: tuple[str, ...]
    rows: tuple[tuple[str, str, str, str], ...]  # label, transfer, total, mark
    chart: str  # the plotly figure as JSON


@dataclass(frozen=True, slots=True)
class TransferRow:
    stage: int
    source: str
    target: str
    papers: str
    value: str
    transfer_value: str


@dataclass(frozen=True, slots=True)
class CountView:
    """Everything the count templates draw."""

    title: str
    heading: str
    declaration: str
    stage_numbers: tuple[int, ...]
    stage_actions: tuple[str, ...]
    stage_tvs: tuple[str, ...]
    sheet: tuple[SheetRow, ...]
    stages: tuple[StageView, ...]
    sankey: str | None
    transfers: tuple[TransferRow, ...]
    elected: tuple[str, ...]
    notes: tuple[str, ...] = field(default=())


def figure_json(figure: dict[str, Any]) -> str:
    """A chart for a ``<script type="application/json">`` block: ``<``, ``>`` and ``&`` are
    written as JSON escapes, so no text in it (a candidate's name) can end the block or
    read as markup to the HTML parser."""
    text = json.dumps(figure, ensure_ascii=False, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def count_view(election: Election, count: Count, lots: str | None = None) -> CountView:
    """The view of a count: the declaration, the stage sheet, the stages and the transfers."""
    from ..report import declaration, stage_sheet

    sheet = stage_sheet(election, count)
    rows = []
    for row in sheet.rows:
        cells = []
        for k in range(len(sheet.numbers)):
            if row.gone[k]:
                cells.append(Cell("", "", ""))
                continue
            change = row.transfers[k]
            cells.append(
                Cell(
                    c.grouped(change, sign=True) if change else "",
                    c.grouped(row.totals[k]),
                    row.marks[k],
                )
            )
        rows.append(SheetRow(row.label, row.party, row.kind, tuple(cells), row.status))
    stages = []
    for k, number in enumerate(sheet.numbers):
        stage_rows = tuple(
            (row.label, row.cells[k].transfer, row.cells[k].total, row.cells[k].mark)
            for row in rows
            if not (row.kind == "candidate" and not row.cells[k].total)
        )
        stages.append(
            StageView(
                number,
                sheet.actions[k],
                tuple(c.exact(v) for v in sheet.transfer_values[k]),
                stage_rows,
                figure_json(charts.stage_bars(count, k)),
            )
        )
    transfers = tuple(
        TransferRow(
            t.stage,
            count.name(t.source),
            count.name(t.target),
            f"{t.papers:,}",
            c.grouped(t.value),
            c.exact(t.transfer_value) if t.transfer_value is not None else "",
        )
        for t in count.transfers
        if t.value or t.papers
    )
    elected = tuple(
        count.name(d.candidate) for d in count.decisions if d.outcome is Outcome.ELECTED
    )
    return CountView(
        title=count.contest.name,
        heading=sheet.heading,
        declaration=declaration(election, count, lots=lots),
        stage_numbers=sheet.numbers,
        stage_actions=sheet.actions,
        stage_tvs=tuple(", ".join(c.exact(v) for v in tvs) for tvs in sheet.transfer_values),
        sheet=tuple(rows),
        stages=tuple(stages),
        sankey=figure_json(charts.sankey(count)) if charts.has_sankey(count) else None,
        transfers=transfers,
        elected=elected,
        notes=(*sheet.lots, *sheet.notes),
    )
