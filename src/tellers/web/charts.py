"""Chart specifications for the web pages: a bar chart per stage and a Sankey of transfers.

Purpose: the pictures beside the tables of a count. Each function returns a
plotly figure (``{"data": [...], "layout": {...}}``) as plain dicts, which the
page hands to ``Plotly.newPlot``; the tables beside every chart hold the same
figures exactly.

Design: pure views of a :class:`~tellers.core.count.Count`, as the reports are;
nothing re-counts. A chart needs numbers to draw, so bar lengths and link
widths are floats; every label and hover text is the exact value as the stage
sheet prints it, so no rounded figure reaches a reader. The Sankey falls out of
the transfers: one node per candidate (or reserved target) and stage, a link
for each transfer from the candidate at the stage before to the recipient at
this stage, and a link for what each candidate keeps from stage to stage.
Names are HTML-escaped for plotly, which reads tags in labels: a candidate
called ``<b>X</b>`` is drawn as those characters.
"""

from __future__ import annotations

import html
from collections import defaultdict
from decimal import Decimal
from typing import Any

from ..core.count import LOSS_TO_ROUNDING, NON_TRANSFERABLE, Count, Stage
from ..report import _common as c

#: Colours for candidates, in ballot order (distinguishable with the common colour
#: blindnesses; Okabe and Ito's set, then darker companions).
PALETTE = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#000000",
    "#7F3C8D",
    "#11A579",
    "#3969AC",
    "#E73F74",
)
RESERVED_COLOURS = {NON_TRANSFERABLE: "#8C8C8C", LOSS_TO_ROUNDING: "#C8C8C8"}
ELECTED_COLOUR = "#1A7F37"
EXCLUDED_COLOUR = "#9AA0A6"
CONTINUING_COLOUR = "#0B5CAD"

FONT = {"family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", "size": 13}


def label(text: str) -> str:
    """A name as plotly should print it: plotly reads a few HTML tags in labels, and
    decodes entities, so escaping shows every name as the text it is."""
    return html.escape(text, quote=False)


def colour(who: int) -> str:
    """The colour of a candidate (by index) or of a reserved target."""
    if who in RESERVED_COLOURS:
        return RESERVED_COLOURS[who]
    return PALETTE[who % len(PALETTE)]


def _translucent(hex_colour: str, alpha: float = 0.45) -> str:
    red, green, blue = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{alpha})"


def _gone(count: Count, candidate: int, stage: Stage) -> bool:
    """Out of the count before ``stage`` with nothing left: not drawn at that stage."""
    decision = count.stage_of(candidate)
    excluded_before = (
        decision is not None and decision.outcome == "excluded" and decision.stage < stage.number
    )
    withdrawn = candidate in count.contest.withdrawn
    return (excluded_before or withdrawn) and not stage.votes[candidate]


def stage_bars(count: Count, index: int) -> dict[str, Any]:
    """A horizontal bar chart of every candidate's total at stage ``index`` (0-based),
    elected candidates in green, excluded in grey, with the quota as a line."""
    stage = count.stages[index]
    elected_by_now = {d.candidate for d in count.decisions if d.stage <= stage.number}
    names, values, texts, colours = [], [], [], []
    for candidate, total in enumerate(stage.votes):
        if _gone(count, candidate, stage):
            continue
        names.append(label(count.name(candidate)))
        values.append(float(total))
        texts.append(c.grouped(total))
        decision = count.stage_of(candidate)
        if candidate in elected_by_now and decision is not None:
            done = decision.outcome == "elected"
            colours.append(ELECTED_COLOUR if done else EXCLUDED_COLOUR)
        else:
            colours.append(CONTINUING_COLOUR)
    layout: dict[str, Any] = {
        "font": FONT,
        "margin": {"l": 10, "r": 30, "t": 10, "b": 40},
        "height": max(220, 34 * len(names) + 80),
        "xaxis": {"title": {"text": "Votes"}, "rangemode": "tozero", "fixedrange": True},
        "yaxis": {"autorange": "reversed", "automargin": True, "fixedrange": True},
        "showlegend": False,
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
    }
    if count.quota is not None:
        layout["shapes"] = [
            {
                "type": "line",
                "xref": "x",
                "yref": "paper",
                "x0": float(count.quota),
                "x1": float(count.quota),
                "y0": 0,
                "y1": 1,
                "line": {"color": "#B42318", "width": 2, "dash": "dash"},
            }
        ]
        layout["annotations"] = [
            {
                "x": float(count.quota),
                "y": 1,
                "xref": "x",
                "yref": "paper",
                "yanchor": "bottom",
                "text": f"quota {c.whole_or_exact(count.quota)}",
                "showarrow": False,
                "font": {"color": "#B42318"},
            }
        ]
        layout["margin"]["t"] = 30
    trace = {
        "type": "bar",
        "orientation": "h",
        "y": names,
        "x": values,
        "text": texts,
        "textposition": "auto",
        "customdata": texts,
        "hovertemplate": "%{y}: %{customdata}<extra></extra>",
        "marker": {"color": colours},
    }
    return {"data": [trace], "layout": layout}


def _reserved_totals(stage: Stage) -> dict[int, Decimal]:
    return {NON_TRANSFERABLE: stage.non_transferable, LOSS_TO_ROUNDING: stage.loss_to_rounding}


def has_sankey(count: Count) -> bool:
    """Whether the count moved any value between candidates (a ranked count of several stages)."""
    return len(count.stages) > 1 and any(t.value > 0 for t in count.transfers)


def sankey(count: Count) -> dict[str, Any]:
    """The transfers of a count as a Sankey diagram, one column of nodes per stage."""
    stages = count.stages
    nodes: dict[tuple[int, int], int] = {}
    labels: list[str] = []
    hovers: list[str] = []
    colours: list[str] = []
    last = len(stages) - 1

    def node(who: int, k: int) -> int:
        key = (who, k)
        if key not in nodes:
            nodes[key] = len(labels)
            whose = count.name(who)
            name = label(whose[:1].upper() + whose[1:])
            shown = name if k == last or (k == 0 and who >= 0) else ""
            labels.append(shown)
            hovers.append(f"{name}, stage {stages[k].number}")
            colours.append(colour(who))
        return nodes[key]

    links: dict[tuple[int, int], Decimal] = defaultdict(Decimal)
    kinds: dict[tuple[int, int], str] = {}
    by_stage: dict[int, list[tuple[int, int, Decimal]]] = defaultdict(list)
    for transfer in count.transfers:
        if transfer.value > 0:
            by_stage[transfer.stage].append((transfer.source, transfer.target, transfer.value))
    for k in range(1, len(stages)):
        before, now = stages[k - 1], stages[k]
        moved = by_stage.get(now.number, [])
        sent: dict[int, Decimal] = defaultdict(Decimal)
        for source, _, value in moved:
            sent[source] += value
        held = {i: v for i, v in enumerate(before.votes)} | _reserved_totals(before)
        for who, total in held.items():
            kept = total - sent.get(who, Decimal(0))
            if kept > 0:
                key = (node(who, k - 1), node(who, k))
                links[key] += kept
                kinds[key] = "kept"
        for source, target, value in moved:
            key = (node(source, k - 1), node(target, k))
            links[key] += value
            kinds[key] = "transfer"
    sources, targets, values, texts, link_colours = [], [], [], [], []
    owner = {index: who for (who, _), index in nodes.items()}
    for (source, target), value in links.items():
        sources.append(source)
        targets.append(target)
        values.append(float(value))
        what = "kept" if kinds[(source, target)] == "kept" else "transferred"
        texts.append(f"{c.grouped(value)} {what}")
        alpha = 0.18 if what == "kept" else 0.55
        link_colours.append(_translucent(colour(owner[source]), alpha))
    trace = {
        "type": "sankey",
        "arrangement": "freeform",
        "valueformat": ",.5~f",
        "node": {
            "label": labels,
            "customdata": hovers,
            "hovertemplate": "%{customdata}<extra></extra>",
            "color": colours,
            "pad": 8,
            "thickness": 14,
            "line": {"width": 0},
        },
        "link": {
            "source": sources,
            "target": targets,
            "value": values,
            "customdata": texts,
            "hovertemplate": "%{source.customdata} → %{target.customdata}: "
            "%{customdata}<extra></extra>",
            "color": link_colours,
        },
    }
    # Column headings: plotly spreads the stages' columns evenly across the width.
    headings = [
        {
            "x": k / last if last else 0,
            "y": 1,
            "xref": "paper",
            "yref": "paper",
            "yanchor": "bottom",
            "xanchor": "left" if k == 0 else "right" if k == last else "center",
            "text": f"Stage {stage.number}",
            "showarrow": False,
            "font": {"color": "#57606a"},
        }
        for k, stage in enumerate(stages)
    ]
    layout = {
        "font": FONT,
        "margin": {"l": 10, "r": 10, "t": 28, "b": 10},
        "height": max(360, 40 * len(count.contest.candidates) + 120),
        "paper_bgcolor": "rgba(0,0,0,0)",
        "annotations": headings,
    }
    return {"data": [trace], "layout": layout}
