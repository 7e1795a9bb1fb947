"""Audit reports: samples, plans and rounds as text an observer can check, and as JSON.

Purpose: what ``tellers audit`` prints and the audit page shows. Every figure an
observer needs to check a round by hand is in it: the seed and the sampler,
the papers drawn in order with their marks as read, each assertion's margin,
the test's parameters, the papers drawn by assorter value, and the statistic
whose largest value gives the risk.

Design: functions of the records of :mod:`tellers.audit` (``Draw``, ``Plan``,
``Round``, a stored round's report), returning text or JSON-ready documents.
Numbers in JSON are strings, as in every tellers document, except counts of
draws and papers (whole numbers); each document names its schema. Sits in the
audit layer because it renders the audit's own records; the service re-exports
it for the edges.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any

from .plan import QUANTILES, Plan
from .rounds import Round
from .sampler import SAMPLER_TITLES, Draw

SAMPLE_SCHEMA = "tellers.audit-sample/1"
PLAN_SCHEMA = "tellers.audit-plan/1"
ROUND_SCHEMA = "tellers.audit-round/1"

_FUNCTION_TITLES = {
    "bravo": "BRAVO",
    "alpha": "ALPHA",
    "super-simple": "super-simple",
    "macro": "MACRO",
}


def _percent(value: float) -> str:
    return f"{value * 100:g}%"


def _votes(margin: Fraction) -> str:
    """A margin in papers: a whole number, or to two places where the assorter's is not."""
    if margin.denominator == 1:
        return f"{margin.numerator:,}"
    return f"{float(margin):,.2f}"


def _papers(value: float) -> int:
    """An expected number of papers, as whole papers (rounded up)."""
    return math.ceil(value - 1e-9)


# -- samples -------------------------------------------------------------------------------


def sample_header(seed: str, papers: int, sampler: str, unique: bool) -> str:
    """The line that says how a sample was drawn."""
    kind = "without repeats" if unique else "with replacement"
    return f"# {SAMPLER_TITLES[sampler]}; seed {seed}; papers 1..{papers:,}; {kind}"


def sample_text(draws: Sequence[Draw], seed: str, papers: int, sampler: str, unique: bool) -> str:
    """The header, then one draw a line in draw order: the paper's number, or with a
    manifest its batch and position (``batch, position``)."""
    lines = [sample_header(seed, papers, sampler, unique)]
    for d in draws:
        lines.append(f"{d.batch}, {d.position}" if d.batch is not None else str(d.paper))
    return "\n".join(lines) + "\n"


def sample_sheet(draws: Sequence[Draw]) -> str:
    """The auditors' sheet to fill in: one row a distinct paper, in draw order, the
    ``marks`` column blank (``tellers audit run --sampled`` reads it back)."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    with_batches = any(d.batch is not None for d in draws)
    writer.writerow(
        ["draw", "ballot", "batch", "position", "marks"]
        if with_batches
        else ["draw", "ballot", "marks"]
    )
    for d in draws:
        if d.repeat:
            continue
        if with_batches:
            writer.writerow([d.number, d.paper, d.batch, d.position, ""])
        else:
            writer.writerow([d.number, d.paper, ""])
    return out.getvalue()


def sample_document(
    draws: Sequence[Draw], seed: str, papers: int, sampler: str, unique: bool
) -> dict[str, Any]:
    """The sample as JSON."""
    return {
        "schema": SAMPLE_SCHEMA,
        "sampler": sampler,
        "sampler_rule": SAMPLER_TITLES[sampler],
        "seed": seed,
        "papers": papers,
        "unique": unique,
        "draws": [
            {
                "draw": d.number,
                "ballot": d.paper,
                **({"batch": d.batch, "position": d.position} if d.batch is not None else {}),
                "repeat": d.repeat,
            }
            for d in draws
        ],
    }


# -- plans ---------------------------------------------------------------------------------


def plan_document(plan: Plan) -> dict[str, Any]:
    """A contest's plan as JSON: the contest's expected sample size and quantiles (its
    hardest assertion's), then each assertion's."""
    outcome = plan.outcome
    return {
        "schema": PLAN_SCHEMA,
        "contest": outcome.contest,
        "rules": outcome.rules,
        "winners": list(outcome.winners),
        "papers": outcome.papers,
        "method": plan.method,
        "risk_limit": str(plan.risk_limit),
        "risk_limit_audit": outcome.sound,
        "trials": plan.trials,
        "seed": plan.seed,
        "error_rates": [str(r) for r in plan.error_rates],
        "gamma": str(plan.gamma),
        "expected_sample_size": str(_papers(plan.expected_sample_size)),
        "quantiles": {f"{round(q * 100)}%": str(plan.quantile(q)) for q in QUANTILES},
        "full_hand_count": plan.full_count,
        "assertions": [
            {
                "kind": a.assertion.kind,
                "assertion": a.assertion.statement,
                "margin": _votes(a.assertion.margin_votes).replace(",", ""),
                "diluted_margin": f"{float(a.assertion.diluted_margin):.6g}",
                "risk_function": a.risk_function,
                "expected_sample_size": str(_papers(a.expected_sample_size)),
                "quantiles": {f"{round(q * 100)}%": str(a.quantile(q)) for q in QUANTILES},
                "full_hand_count": a.full_count,
            }
            for a in plan.assertions
        ],
        "notes": list(outcome.notes),
    }


def plan_text(plan: Plan) -> str:
    """A contest's plan as a table, one assertion a row, then the contest's figures."""
    outcome = plan.outcome
    method = plan.method.replace("-", " ")
    lines = [
        f"{outcome.contest} ({outcome.rules}): {outcome.papers:,} papers; "
        f"reported {'winners' if len(outcome.winners) > 1 else 'winner'}: "
        f"{', '.join(outcome.winners) or 'none'}",
        f"{method.capitalize()} audit at risk limit {_percent(plan.risk_limit)}; "
        f"quantiles from {plan.trials:,} simulated audits (seed {plan.seed})"
        + (
            f"; discrepancy rates {plan.error_rates[0]:g} (1 vote), {plan.error_rates[1]:g} "
            "(2 votes)"
            if any(plan.error_rates)
            else ""
        ),
    ]
    if not outcome.sound:
        lines.append("NOT A RISK-LIMITING AUDIT OF WHO WAS ELECTED: see the note below.")
    rows = [("assertion", "margin", "test", "expected", "50%", "90%")]
    for a in plan.assertions:
        expected = "all" if a.full_count else f"{_papers(a.expected_sample_size):,}"
        rows.append(
            (
                a.assertion.statement,
                _votes(a.assertion.margin_votes),
                _FUNCTION_TITLES.get(a.risk_function, a.risk_function),
                expected,
                f"{a.quantile(0.5):,}",
                f"{a.quantile(0.9):,}",
            )
        )
    lines.append("")
    lines.extend(_table(rows, right=(1, 3, 4, 5)))
    lines.append("")
    if plan.full_count:
        lines.append(
            f"Contest: a full hand count ({outcome.papers:,} papers): an assertion has "
            "no margin, or needs every paper."
        )
    else:
        lines.append(
            f"Contest: expect {_papers(plan.expected_sample_size):,} papers "
            f"(50%: {plan.quantile(0.5):,}, 90%: {plan.quantile(0.9):,})."
        )
    for note in outcome.notes:
        lines.append(f"Note: {note}.")
    return "\n".join(lines) + "\n"


def _table(rows: Sequence[Sequence[str]], right: Iterable[int] = ()) -> list[str]:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    aligned = set(right)
    out = []
    for row in rows:
        cells = [
            cell.rjust(widths[i]) if i in aligned else cell.ljust(widths[i])
            for i, cell in enumerate(row)
        ]
        out.append("  " + "  ".join(cells).rstrip())
    return out


# -- rounds --------------------------------------------------------------------------------


def round_document(round_: Round) -> dict[str, Any]:
    """A round as JSON (what the results store keeps)."""
    return {"schema": ROUND_SCHEMA, **round_.to_dict()}


def round_text(report: Mapping[str, Any]) -> str:
    """A round's report (:func:`round_document`, or as the store keeps it) as text."""
    method = str(report["method"]).replace("-", " ")
    lines = [
        f"Round {report['round']} of the audit of {report['contest']}: {method}, "
        f"risk limit {_percent(float(report['risk_limit']))}",
        f"Sample: {SAMPLER_TITLES.get(str(report['sampler']), report['sampler'])}; "
        f"seed {report['seed']}; {int(report['papers']):,} papers"
        + ("; without repeats" if report.get("unique") else "; with replacement"),
        f"Papers read: {int(report['draws']):,} draws ({int(report['distinct_papers']):,} "
        "distinct papers)",
        "",
    ]
    rows = [("assertion", "margin", "test", "risk", "")]
    for a in report["assertions"]:
        rows.append(
            (
                str(a["assertion"]),
                str(a["margin"]),
                _FUNCTION_TITLES.get(str(a.get("risk_function", "")), str(a.get("risk_function"))),
                str(a["risk"]),
                "met" if a["confirmed"] else "not yet",
            )
        )
    lines.extend(_table(rows, right=(1, 3)))
    lines.append("")
    lines.append("How each risk is worked (risk = 1 / the largest value of the statistic):")
    for a in report["assertions"]:
        tallied = sorted(
            a.get("observed", {}).items(), key=lambda vn: Fraction(vn[0]), reverse=True
        )
        observed = ", ".join(f"{n} at {v}" for v, n in tallied) or "none"
        parameters = ", ".join(f"{k} = {v}" for k, v in a.get("parameters", {}).items())
        lines.append(f"- {a['assertion']}")
        lines.append(f"    papers by assorter value: {observed}")
        if parameters:
            lines.append(f"    parameters: {parameters}")
        discrepancies = a.get("discrepancies", {})
        if any(int(v) for v in discrepancies.values()) or report["method"] == "comparison":
            lines.append(
                "    discrepancies: " + ", ".join(f"{k} = {v}" for k, v in discrepancies.items())
            )
        if "statistic" in a:
            at = a.get("largest_at_draw", 0)
            lines.append(
                f"    statistic after the last draw: {a['statistic']}; largest: "
                f"{a['largest_statistic']}" + (f" (draw {at})" if at else "")
            )
    lines.append("")
    decision = str(report["decision"])
    if report.get("next_draws"):
        lines.append(
            f"Decision: {decision}: about {int(report['next_draws']):,} more draws "
            "(continue the same sample from the same seed)."
        )
    elif decision == "full hand count":
        lines.append("Decision: full hand count.")
    else:
        lines.append(f"Decision: {decision}.")
    for note in report.get("notes", []):
        lines.append(f"Note: {note}.")
    sample = report.get("sample", [])
    if sample:
        lines.append("")
        located = any("batch" in row for row in sample)
        lines.append(
            "Draws (draw: ballot" + (" (batch, position)" if located else "") + ", marks as read):"
        )
        for row in sample:
            where = f" ({row['batch']}, {row['position']})" if "batch" in row else ""
            lines.append(f"  {row['draw']}: {row['ballot']}{where}, {row['marks'] or '(no marks)'}")
    return "\n".join(lines) + "\n"


def rounds_text(audit: str, rounds: Sequence[Mapping[str, Any]]) -> str:
    """An audit's recorded rounds, one a line (``rounds`` as the store keeps them, each
    with ``round``, ``recorded_by``, ``recorded_at`` and its ``report``)."""
    if not rounds:
        return f"No rounds recorded for {audit}.\n"
    lines = [f"Audit {audit}: {len(rounds)} round{'s' if len(rounds) != 1 else ''}"]
    rows = [("round", "recorded", "by", "method", "risk limit", "draws", "decision")]
    for r in rounds:
        report = r["report"]
        rows.append(
            (
                str(r["round"]),
                str(r["recorded_at"])[:16],
                str(r["recorded_by"]),
                str(report["method"]),
                _percent(float(report["risk_limit"])),
                f"{int(report['draws']):,}",
                str(report["decision"])
                + (f" ({int(report['next_draws']):,} more)" if report.get("next_draws") else ""),
            )
        )
    lines.extend(_table(rows, right=(0, 5)))
    return "\n".join(lines) + "\n"
