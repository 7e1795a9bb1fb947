"""RCTab's detailed report (its summary JSON, ``jsonFormatVersion`` 1) of a count.

The contest header, one entry per round with its ``tally``, ``threshold``,
``inactiveBallots`` and ``tallyResults`` (each election or elimination with the
``transfers`` its papers made as the next round was counted), and a
``summary``. Values are strings, as RCTab writes them. A multi-pass IRV
configuration gives one report per pass, written as a JSON array.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from .. import __version__
from ..formats.cvr.config import RctabConfig
from ..rules.rctab import Inactive, Mode, RctabCount, format_value

__all__ = ["rctab_report", "rctab_report_json"]


def rctab_report(config: RctabConfig, count: RctabCount) -> dict[str, Any]:
    """RCTab's detailed-report (summary JSON) structure for one count."""

    def name(index: int | str) -> str:
        return index if isinstance(index, str) else count.name(index)

    results: list[dict[str, Any]] = []
    last = len(count.rounds)
    for r in count.rounds:
        actions: list[dict[str, Any]] = []
        for kind, group in (("elected", r.elected), ("eliminated", r.eliminated)):
            for c in group:
                moved = r.transfers.get(c, {})
                actions.append(
                    {
                        kind: count.name(c),
                        "transfers": {name(t): format_value(v) for t, v in moved.items()},
                    }
                )
        inactive = {
            key: format_value(r.inactive.get(status, Decimal(0)))
            for key, status in (
                ("overvotes", Inactive.OVERVOTE),
                ("skippedRankings", Inactive.SKIPPED),
                ("exhaustedChoices", Inactive.EXHAUSTED),
                ("repeatedRankings", Inactive.REPEATED),
            )
        }
        if count.rules.uses_surpluses and r.number == last:
            inactive["finalRoundSurplus"] = format_value(
                r.inactive.get(Inactive.FINAL_ROUND_SURPLUS, Decimal(0))
            )
        results.append(
            {
                "round": r.number,
                "tally": {count.name(c): format_value(v) for c, v in r.tally.items()},
                "tallyResults": actions,
                "threshold": format_value(r.threshold),
                "inactiveBallots": inactive,
            }
        )
    final = count.rounds[-1].threshold if count.rounds else Decimal(0)
    first = count.rounds[0] if count.rounds else None
    total = Decimal(count.papers)
    if first is not None:
        total = sum(first.tally.values(), Decimal(0)) + sum(first.inactive.values(), Decimal(0))
    return {
        "config": {
            "contest": config.contest,
            "date": config.date,
            "generatedBy": f"tellers {__version__}",
            "jurisdiction": config.jurisdiction,
            "office": config.office,
        },
        "jsonFormatVersion": "1",
        "results": results,
        "summary": {
            "finalThreshold": format_value(final),
            "numCandidates": len(count.contestants.names),
            "numWinners": count.rules.seats,
            "totalNumBallots": format_value(total),
            "undervotes": count.undervotes,
        },
    }


def rctab_report_json(config: RctabConfig, passes: Sequence[RctabCount]) -> str:
    """The report RCTab writes for the count: one report, or for multi-pass IRV a JSON
    array of one report per pass."""
    reports = [rctab_report(config, p) for p in passes]
    if config.rules.mode is Mode.SEQUENTIAL:
        return json.dumps(reports, indent=2, sort_keys=True)
    return json.dumps(reports[0], indent=2, sort_keys=True)
