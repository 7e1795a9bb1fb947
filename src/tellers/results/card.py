"""The result card: an :class:`~tellers.results.analysis.Analysis` as people and programs read it.

Purpose: three views of the spec 08 figures — a one-line card in the style of
UK results services (``Smith (GRN) GAIN from LAB · majority 113 (7.7%) ·
turnout 16.8%``), a fuller text block (candidates, shares and changes, swing,
turnout and the options used), and a JSON-able dict in which every number is
a string.

Design: pure functions of the analysis. Figures are computed exactly in
:mod:`tellers.results.analysis`; here they are only rounded, half away from
zero (:func:`tellers.core.values.round_half_away`), to the options' decimal
places (1 by default, 2 as an option). Every view states the options used.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from ..core.values import round_half_away
from .analysis import Analysis, Majority, SeatOutcome, WardOutcome

#: The ``format`` tag of :func:`to_json`.
FORMAT = "tellers.analysis/1"

#: What the text card says of a result entered but not yet confirmed.
PROVISIONAL = "PROVISIONAL"


def votes_text(value: Fraction | int, *, grouped: bool = True) -> str:
    """Whole votes as ``3,000``; a notional fraction to 2 places (``2,666.67``)."""
    exact = Fraction(value)
    text = str(exact.numerator) if exact.denominator == 1 else round_half_away(exact, 2)
    if not grouped:
        return text
    sign = "-" if text.startswith("-") else ""
    whole, _, decimals = text.lstrip("-").partition(".")
    return f"{sign}{int(whole):,}" + (f".{decimals}" if decimals else "")


def signed(value: Fraction, digits: int) -> str:
    """Points with a sign: ``+2.0``, ``-16.0``; ``0.0`` where it rounds to nothing."""
    text = round_half_away(value, digits)
    return text if text.startswith("-") or not value or not text.strip("0.") else f"+{text}"


def surname(name: str) -> str:
    """The name a card prints: the last word, capitalised if written in capitals."""
    words = name.split()
    last = words[-1] if words else name
    return last.title() if last.isupper() and len(last) > 1 else last


#: Card codes where a results service's differs from the key in capitals.
CODES = {"reform": "REF"}


def party_code(party: str) -> str:
    """``lab`` -> ``LAB``, as results services print a party on a card."""
    return CODES.get(party, party.upper())


def _majority_text(m: Majority, digits: int) -> str:
    figure = votes_text(m.value)
    pct = f" ({round_half_away(m.percent, digits)}%)" if m.percent is not None else ""
    word = {"majority": "majority", "block majority": "block majority"}.get(m.kind, m.kind)
    return f"{word} {figure}{pct}"


def _turnout_text(analysis: Analysis, digits: int) -> str | None:
    t = analysis.turnout
    if t.ballot_box is not None:
        return f"turnout {round_half_away(t.ballot_box, digits)}%"
    if t.valid_vote is not None:
        return f"turnout (valid votes) {round_half_away(t.valid_vote, digits)}%"
    return None


def headline(analysis: Analysis) -> str:
    """Who won and how it compares: ``Smith (GRN) GAIN from LAB``, ``LAB GAIN (1) from CON · …``."""
    result, outcome = analysis.result, analysis.outcome
    tag = " (notional)" if outcome is not None and outcome.notional else ""
    if isinstance(outcome, WardOutcome):
        parts: list[str] = []
        for p in sorted(outcome.parties, key=lambda s: (-s.now, s.party)):
            for loser, n in p.gained_from:
                parts.append(f"{party_code(p.party)} GAIN ({n}) from {party_code(loser)}{tag}")
            unattributed = p.gains - sum(n for _, n in p.gained_from)
            if unattributed:
                parts.append(f"{party_code(p.party)} GAIN ({unattributed}){tag}")
            if p.holds:
                parts.append(f"{party_code(p.party)} HOLD ({p.holds}){tag}")
        return " · ".join(parts)
    elected = result.elected
    if not elected:
        return "no result"
    if result.seats > 1:
        return ", ".join(f"{surname(c.name)} ({party_code(c.party)})" for c in elected) + " elected"
    who = f"{surname(elected[0].name)} ({party_code(elected[0].party)})"
    if outcome is None:
        return f"{who} elected"
    if outcome.outcome == "hold":
        return f"{who} HOLD{tag}"
    source = f" from {party_code(outcome.gained_from)}" if outcome.gained_from else ""
    return f"{who} GAIN{source}{tag}"


def one_line(analysis: Analysis) -> str:
    """The card: headline · majority (or final-stage margin) · turnout."""
    digits = analysis.options.digits
    parts = [headline(analysis)]
    if analysis.majority is not None:
        parts.append(_majority_text(analysis.majority, digits))
    turnout = _turnout_text(analysis, digits)
    if turnout is not None:
        parts.append(turnout)
    return " · ".join(parts)


def _table(rows: Sequence[Sequence[str]], right: Sequence[bool]) -> list[str]:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [
            cell.rjust(w) if r else cell.ljust(w)
            for cell, w, r in zip(row, widths, right, strict=True)
        ]
        lines.append("  ".join(cells).rstrip())
    return lines


def _outcome_lines(analysis: Analysis) -> list[str]:
    outcome = analysis.outcome
    labels = dict(analysis.base.party_labels) if analysis.base is not None else {}
    labels.update(analysis.result.party_labels)
    if isinstance(outcome, SeatOutcome):
        return [outcome.label(labels)]
    if isinstance(outcome, WardOutcome):
        lines = list(outcome.labels(labels))
        net = outcome.net(labels)
        if net:
            lines.append("Net change: " + ", ".join(net))
        return lines
    return []


def text(analysis: Analysis) -> str:
    """The fuller block: outcome, candidates, shares and changes, majority, swing, turnout."""
    result, digits = analysis.result, analysis.options.digits
    flags = [
        f for f, on in (("by-election", result.by_election), ("notional", result.notional)) if on
    ]
    title = result.id + (f" ({', '.join(flags)})" if flags else "")
    lines = [title]
    if result.provisional:
        lines.append(f"{PROVISIONAL}: awaiting a second editor's confirmation")
    lines += [*_outcome_lines(analysis), ""]

    rows = [["Candidate", "Party", "Votes", ""]]
    for c in sorted(result.candidates, key=lambda c: -c.votes):
        rows.append([c.name, analysis.label(c.party), votes_text(c.votes), "Elected" * c.elected])
    table = _table(rows, (False, False, True, False))
    lines += [table[0], "-" * max(len(x) for x in table), *table[1:], ""]

    method = analysis.shares.method
    heading = "Share %" if method == "votes" else f"Share % ({method})"
    rows = [["Party", heading] + (["Change"] if analysis.base is not None else [])]
    changes = analysis.changes
    for party in analysis.shares.ranked():
        row = [analysis.label(party), round_half_away(analysis.shares.percent[party], digits)]
        if analysis.base is not None:
            change = changes[party]
            row.append(change.status if change.points is None else signed(change.points, digits))
        rows.append(row)
    for party, change in changes.items():
        if change.status == "did not stand":
            rows.append([analysis.label(party), "", change.status])
    lines += _table(rows, (False, True, True)[: len(rows[0])])
    lines.append("")

    m = analysis.majority
    if m is not None:
        figure = votes_text(m.value)
        what = {
            "majority": "Majority",
            "block majority": "Majority (last elected over highest unelected)",
        }
        head = what.get(m.kind, "Final-stage margin")
        pct = ""
        if m.percent is not None:
            base = "valid votes" if m.denominator == "valid votes" else f"{m.denominator} votes"
            pct = f" ({round_half_away(m.percent, digits)}% of {base})"
        lines.append(f"{head}: {figure}{pct}" + (" (notional)" if m.notional else ""))
    s = analysis.swing
    if s is not None:
        pair = f"from {analysis.label(s.from_party)} to {analysis.label(s.to_party)}"
        if s.butler is None:
            lines.append(f"Swing {pair}: undefined (a party did not stand in both contests)")
        else:
            steed = "undefined" if s.steed is None else signed(s.steed, digits)
            lines.append(f"Swing {pair}: Butler {signed(s.butler, digits)}, Steed {steed}")
    t = analysis.turnout
    measures = []
    if t.ballot_box is not None:
        measures.append(f"{round_half_away(t.ballot_box, digits)}% (ballot box)")
    if t.valid_vote is not None:
        measures.append(f"{round_half_away(t.valid_vote, digits)}% (valid votes)")
    if measures:
        moved = ""
        if analysis.turnout_change is not None:
            moved = f"; change {signed(analysis.turnout_change, digits)} (ballot box)"
        lines.append("Turnout: " + ", ".join(measures) + moved)
    if analysis.base is not None:
        notional = " (notional)" if analysis.base.notional else ""
        lines.append(f"Compared with: {analysis.base.id}{notional}")
    lines.append("")
    lines.append("Options")
    lines += [f"  {k}: {v}" for k, v in analysis.options_used().items()]
    return "\n".join(lines) + "\n"


def _pct(value: Fraction | None, digits: int) -> str | None:
    return None if value is None else round_half_away(value, digits)


def to_json(analysis: Analysis) -> dict[str, Any]:
    """The analysis as a JSON-able dict: every number a string, percentages to the options' places.

    ``outcome`` and ``gained_from`` hold one entry a seat, in the order of
    ``elected`` (most votes first); ``null`` where there is no comparison.
    ``change`` maps a party to signed points, ``new`` or ``did not stand``.
    ``provisional``: entered on the web and awaiting a second editor's confirmation.
    """
    result, digits = analysis.result, analysis.options.digits
    outcome = analysis.outcome
    seats: list[SeatOutcome | None]
    if isinstance(outcome, WardOutcome):
        seats = list(outcome.seats)
    elif isinstance(outcome, SeatOutcome):
        seats = [outcome]
    else:
        seats = [None] * len(result.elected)
    labels = dict(analysis.base.party_labels) if analysis.base is not None else {}
    labels.update(result.party_labels)
    m, s, t = analysis.majority, analysis.swing, analysis.turnout
    parties = list(dict.fromkeys([*analysis.shares.ranked(), *analysis.changes]))
    doc: dict[str, Any] = {
        "format": FORMAT,
        "id": result.id,
        "system": result.system,
        "seats": str(result.seats),
        "by_election": result.by_election,
        "notional": result.notional,
        "provisional": result.provisional,
        "elected": [{"name": c.name, "party": c.party} for c in result.elected],
        "outcome": [None if x is None else x.outcome for x in seats],
        "gained_from": [None if x is None else x.gained_from for x in seats],
        "outcome_labels": _outcome_lines(analysis),
        "majority": None if m is None else votes_text(m.value, grouped=False),
        "majority_percent": None if m is None else _pct(m.percent, digits),
        "majority_kind": None if m is None else m.kind,
        "votes": {p: votes_text(v, grouped=False) for p, v in analysis.shares.votes.items()},
        "shares": {p: round_half_away(v, digits) for p, v in analysis.shares.percent.items()},
        "share_method": analysis.shares.method,
        "compared_with": None if analysis.base is None else analysis.base.id,
        "compared_with_notional": analysis.base is not None and analysis.base.notional,
        "change": {
            p: c.status if c.points is None else signed(c.points, digits)
            for p, c in analysis.changes.items()
        },
        "swing": None
        if s is None
        else {
            "butler": _pct(s.butler, digits),
            "steed": _pct(s.steed, digits),
            "from": s.from_party,
            "to": s.to_party,
        },
        "turnout_percent": _pct(t.ballot_box, digits),
        "valid_vote_turnout_percent": _pct(t.valid_vote, digits),
        "turnout_change": _pct(analysis.turnout_change, digits),
        "party_labels": {p: analysis.label(p) for p in parties},
        "options": analysis.options_used(),
    }
    if isinstance(outcome, WardOutcome):
        doc["seats_by_party"] = {
            p.party: {
                "now": str(p.now),
                "base": str(p.base),
                "holds": str(p.holds),
                "gains": str(p.gains),
                "losses": str(p.losses),
                "net": f"{p.net:+d}" if p.net else "0",
            }
            for p in outcome.parties
        }
    return doc
