"""Audit rounds in the store: recorded in order, read back as written."""

from __future__ import annotations

import pytest

from tellers.results.audits import next_round, record_round, rounds_of
from tellers.results.store import StoreError, open_store

REPORT = {
    "method": "ballot-polling",
    "risk_limit": "0.05",
    "seed": "12345678901234567890",
    "draws": 120,
    "decision": "draw more papers",
    "assertions": [{"assertion": "Ann has more votes than Bob", "risk": "0.2"}],
}


def test_rounds_are_numbered_and_kept(db_url: str) -> None:
    store = open_store(db_url)
    try:
        audit = "local.croydon.addiscombe-east.2022-05-05"
        assert next_round(store, audit) == 1
        first = record_round(store, audit, REPORT, author="ann")
        second = record_round(store, audit, {**REPORT, "draws": 250, "decision": "risk limit met"})
        assert (first.round, second.round) == (1, 2)
        other = record_round(store, "file:abc", REPORT)
        assert other.round == 1
        stored = rounds_of(store, audit)
        assert [(r.round, r.draws, r.decision) for r in stored] == [
            (1, 120, "draw more papers"),
            (2, 250, "risk limit met"),
        ]
        assert stored[0].recorded_by == "ann"
        assert stored[0].report["assertions"] == REPORT["assertions"]
        assert stored[1].report["round"] == 2
    finally:
        store.close()


def test_a_report_without_its_facts_is_refused(db_url: str) -> None:
    store = open_store(db_url)
    try:
        with pytest.raises(StoreError, match="seed"):
            record_round(store, "file:abc", {"method": "comparison", "risk_limit": "0.1"})
    finally:
        store.close()
