"""A comparison of rule sets, as text or as JSON (format ``tellers.compare/1``).

Purpose: show side by side who each rule set elects from the same papers, and
for every two rule sets that elect different members, the first stage at
which their counts differ and what each did there.

Design: pure views of a :class:`~tellers.rules.compare.Comparison`. The text is a
table (rule set | elected in order | quota | stages), then "Where they part
ways". The JSON writes every number as a string, exactly as the counts
recorded it, with keys in a fixed order, so the same input gives the same
bytes.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from ..core.count import Count, Stage
from ..rules.compare import Comparison, Divergence, RuleResult
from . import _common as c

FORMAT = "tellers.compare/1"

#: At most this many changed totals are named in the text for one stage.
SHOWN_TOTALS = 4

WHY = {
    "action": "what was done",
    "decisions": "who was elected or excluded",
    "totals": "the totals",
    "stages": "one count had finished",
}


def _elected(result: RuleResult) -> str:
    if result.count is None:
        return f"cannot count: {result.error}"
    return ", ".join(result.count.elected_names()) or "nobody"


def _quota(result: RuleResult) -> str:
    if result.count is None or result.count.quota is None:
        return "-"
    return c.whole_or_exact(result.count.quota)


def _did(count: Count, stage: Stage | None) -> str:
    """What a count did at a stage: the action and the decisions taken there."""
    if stage is None:
        return "had finished"
    text = c.action_text(count, stage)
    if stage.elected:
        text += f"; elected {c.names(count, stage.elected)}"
    if stage.excluded:
        text += f"; excluded {c.names(count, stage.excluded)}"
    return text


def _totals(count: Count, stage: Stage | None, changed: Sequence[int]) -> str:
    if stage is None or not changed:
        return ""
    shown = [f"{count.name(i)} {c.grouped(stage.votes[i])}" for i in changed[:SHOWN_TOTALS]]
    more = len(changed) - SHOWN_TOTALS
    return "; " + ", ".join(shown) + (f" and {more} more" if more > 0 else "")


def _divergence_lines(d: Divergence) -> list[str]:
    a, b = d.first.count, d.second.count
    assert a is not None and b is not None
    only_a = [i for i in a.elected if i not in b.elected]
    only_b = [i for i in b.elected if i not in a.elected]
    lines = [
        f"{d.first.label} and {d.second.label}: {d.first.label} elects "
        f"{c.names(a, only_a) or 'nobody else'}, {d.second.label} elects "
        f"{c.names(b, only_b) or 'nobody else'}",
        f"  first differ at stage {d.stage} ({', '.join(WHY[w] for w in d.why)}):",
    ]
    width = max(len(d.first.label), len(d.second.label))
    for result, count, stage in ((d.first, a, d.first_stage), (d.second, b, d.second_stage)):
        did = _did(count, stage) + _totals(count, stage, d.changed)
        lines.append(f"    {result.label.ljust(width)}  {did}")
    return lines


def comparison_text(comparison: Comparison) -> str:
    """The comparison as plain text, ending in a newline."""
    election = comparison.election
    contest = election.contest
    seats = f"{contest.seats} seat{'s' if contest.seats != 1 else ''}"
    papers = election.valid_papers
    heading = [
        "COMPARISON OF RULE SETS",
        "",
        contest.name,
        f"{seats}; {c.whole_or_exact(papers) + ' valid papers' if papers is not None else ''}",
        "",
    ]
    rows = [["Rule set", "Elected, in order", "Quota", "Stages"]]
    for result in comparison.results:
        stages = str(len(result.count.stages)) if result.count is not None else "-"
        rows.append([result.label, _elected(result), _quota(result), stages])
    table = c.text_table(rows, (False, False, True, True))
    table.insert(1, "-" * max(len(line) for line in table))
    lines = heading + table + ["", "Where they part ways", ""]
    if not comparison.divergences:
        counted = [r for r in comparison.results if r.count is not None]
        lines.append(
            "Every rule set that counted elects the same members."
            if len(counted) > 1
            else "Fewer than two rule sets counted: nothing to compare."
        )
    for index, divergence in enumerate(comparison.divergences):
        if index:
            lines.append("")
        lines.extend(_divergence_lines(divergence))
    return "\n".join(lines).rstrip() + "\n"


def _stage(count: Count, stage: Stage | None) -> dict[str, Any] | None:
    if stage is None:
        return None
    return {
        "number": str(stage.number),
        "action": str(stage.action),
        "subjects": [count.name(i) for i in stage.subjects],
        "elected": [count.name(i) for i in stage.elected],
        "excluded": [count.name(i) for i in stage.excluded],
        "votes": {
            name: c.exact(value)
            for name, value in zip(count.contest.names, stage.votes, strict=True)
        },
        "non_transferable": c.exact(stage.non_transferable),
        "note": stage.note,
    }


def to_dict(comparison: Comparison) -> dict[str, Any]:
    """The comparison as a dict whose only scalars are strings, booleans and nulls."""
    from .. import __version__

    election = comparison.election
    contest = election.contest
    papers = election.valid_papers
    results = []
    for result in comparison.results:
        count = result.count
        results.append(
            {
                "rules": result.label,
                "rule_set": result.spec.name,
                "options": dict(count.options) if count is not None else dict(result.spec.options),
                "elected": list(count.elected_names()) if count is not None else [],
                "quota": None if count is None or count.quota is None else c.exact(count.quota),
                "stages": None if count is None else str(len(count.stages)),
                "error": result.error,
            }
        )
    parts = []
    for d in comparison.divergences:
        a, b = d.first.count, d.second.count
        assert a is not None and b is not None
        parts.append(
            {
                "first": d.first.label,
                "second": d.second.label,
                "elected_only_first": [a.name(i) for i in a.elected if i not in b.elected],
                "elected_only_second": [b.name(i) for i in b.elected if i not in a.elected],
                "stage": str(d.stage),
                "differs_in": list(d.why),
                "totals_differ_for": [a.name(i) for i in d.changed],
                "first_stage": _stage(a, d.first_stage),
                "second_stage": _stage(b, d.second_stage),
            }
        )
    return {
        "format": FORMAT,
        "tellers_version": __version__,
        "source": election.source or None,
        "contest": {
            "name": contest.name,
            "seats": str(contest.seats),
            "candidates": [candidate.name for candidate in contest.candidates],
        },
        "valid_papers": None if papers is None else str(papers),
        "results": results,
        "part_ways": parts,
    }


def comparison_json(comparison: Comparison) -> str:
    """The document on one line, without a final newline."""
    return json.dumps(to_dict(comparison), ensure_ascii=False, separators=(",", ":"))
