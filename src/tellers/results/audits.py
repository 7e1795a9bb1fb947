"""Audit rounds in the results store: record a round, read an audit's rounds back.

Purpose: every round of a risk-limiting audit is kept, so that an observer can
see what was drawn, what was found and what was decided, and draw the same
papers again from the seed (``tellers.audit.rounds``).

Design: one row per round in ``audit_rounds`` (:mod:`tellers.results.schema`),
keyed by the audit (a ballot id, or ``file:`` and the SHA-256 of the file
audited) and the round's number, which runs 1, 2, ... in the order rounds
are recorded. The round's report is kept as the JSON the audit wrote; rows are
only ever inserted.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from .schema import audit_rounds
from .store import Store, StoreError


@dataclass(frozen=True, slots=True)
class StoredRound:
    """A recorded round: its number, who recorded it and when, and its report."""

    audit: str
    round: int
    method: str
    risk_limit: str
    seed: str
    draws: int
    decision: str
    report: Mapping[str, Any]
    recorded_by: str
    recorded_at: datetime


def next_round(store: Store, audit: str) -> int:
    """The number the next round of ``audit`` will have."""
    with store.engine.connect() as connection:
        last = connection.execute(
            sa.select(sa.func.max(audit_rounds.c.round)).where(audit_rounds.c.audit == audit)
        ).scalar()
    return int(last or 0) + 1


def record_round(
    store: Store, audit: str, report: Mapping[str, Any], *, author: str = "tellers"
) -> StoredRound:
    """Record a round's report (``Round.to_dict()``) as the next round of ``audit``."""
    for key in ("method", "risk_limit", "seed", "draws", "decision"):
        if key not in report:
            raise StoreError(f"an audit round's report needs {key!r}")
    number = next_round(store, audit)
    stored = dict(report)
    stored["round"] = number
    row = {
        "audit": audit,
        "round": number,
        "method": str(report["method"]),
        "risk_limit": str(report["risk_limit"]),
        "seed": str(report["seed"]),
        "draws": int(report["draws"]),
        "decision": str(report["decision"]),
        "report": json.dumps(stored, sort_keys=True),
        "recorded_by": author,
        "recorded_at": datetime.now(UTC),
    }
    try:
        with store.engine.begin() as connection:
            connection.execute(audit_rounds.insert().values(**row))
    except sa.exc.IntegrityError as error:
        raise StoreError(f"the store refused the round: {error.orig}") from None
    return _stored(row)


def rounds_of(store: Store, audit: str) -> list[StoredRound]:
    """Every recorded round of ``audit``, first first."""
    with store.engine.connect() as connection:
        rows = connection.execute(
            sa.select(audit_rounds)
            .where(audit_rounds.c.audit == audit)
            .order_by(audit_rounds.c.round)
        ).mappings()
        return [_stored(dict(row)) for row in rows]


def _stored(row: Mapping[str, Any]) -> StoredRound:
    report = row["report"]
    return StoredRound(
        row["audit"],
        int(row["round"]),
        row["method"],
        row["risk_limit"],
        row["seed"],
        int(row["draws"]),
        row["decision"],
        json.loads(report) if isinstance(report, str) else report,
        row["recorded_by"],
        row["recorded_at"],
    )
