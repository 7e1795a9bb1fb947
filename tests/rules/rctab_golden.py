"""The normalised comparison of RCTab detailed reports used by the golden tests.

Two reports agree when, round by round, they hold the same round numbers,
the same tally (candidate -> value), threshold and inactive-ballot counts,
and the same elections and eliminations with the same transfers, and the
same summary figures. Values compare as decimals ("5" equals "5.0000");
the order of keys and of the elections or eliminations within a round is
ignored (RCTab writes them from hash maps); the header's ``generatedBy`` is
ignored.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

Normal = dict[str, Any]


def _values(mapping: dict[str, str]) -> dict[str, Decimal]:
    return {k: Decimal(v) for k, v in mapping.items()}


def normalise(report: dict[str, Any]) -> Normal:
    rounds = []
    for r in report["results"]:
        actions = sorted(
            (
                ("elected" if "elected" in a else "eliminated"),
                a.get("elected", a.get("eliminated")),
                tuple(sorted(_values(a.get("transfers", {})).items())),
            )
            for a in r["tallyResults"]
        )
        rounds.append(
            {
                "round": r["round"],
                "tally": _values(r["tally"]),
                "threshold": Decimal(r["threshold"]),
                "inactiveBallots": _values(r.get("inactiveBallots", {})),
                "tallyResults": actions,
            }
        )
    summary = dict(report.get("summary", {}))
    for key in ("finalThreshold", "totalNumBallots"):
        if key in summary:
            summary[key] = Decimal(summary[key])
    return {"rounds": rounds, "summary": summary}


def differences(expected: Normal, actual: Normal, limit: int = 6) -> list[str]:
    """Where two normalised reports differ (empty when they agree)."""
    out: list[str] = []
    e_rounds, a_rounds = expected["rounds"], actual["rounds"]
    if len(e_rounds) != len(a_rounds):
        out.append(f"rounds: expected {len(e_rounds)}, got {len(a_rounds)}")
    for e, a in zip(e_rounds, a_rounds, strict=False):
        for key in ("tally", "threshold", "inactiveBallots", "tallyResults"):
            if e[key] != a[key]:
                out.append(f"round {e['round']} {key}: expected {e[key]}, got {a[key]}")
    if expected["summary"] != actual["summary"]:
        out.append(f"summary: expected {expected['summary']}, got {actual['summary']}")
    return out[:limit]


def expected_reports(folder: Path) -> list[Path]:
    """The expected detailed reports of a case folder (one per pass for multi-pass IRV)."""
    stem = folder.name
    single = folder / f"{stem}_expected_detailed_report.json"
    if single.exists():
        return [single]
    passes = []
    n = 1
    while (folder / f"{stem}_{n}_expected_detailed_report.json").exists():
        passes.append(folder / f"{stem}_{n}_expected_detailed_report.json")
        n += 1
    return passes


def load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data
