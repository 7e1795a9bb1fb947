"""A tiny RCTab contest on disk, for the tests that run an RCTab configuration."""

from __future__ import annotations

import json
from pathlib import Path

#: Five papers over A, B and C; first preferences A 2, B 1, C 2.
TINY_CVR = "id,A,B,C\n1,1,2,\n2,1,,\n3,,1,\n4,2,,1\n5,,,1\n"


def tiny_config(folder: Path) -> Path:
    """Write ``cvr.csv`` (:data:`TINY_CVR`) and a one-seat configuration counting it,
    ties broken by candidate order, into ``folder``; the configuration's path."""
    (folder / "cvr.csv").write_text(TINY_CVR)
    config = {
        "outputSettings": {"contestName": "Tiny", "contestDate": "2024-01-01"},
        "cvrFileSources": [
            {"filePath": "cvr.csv", "provider": "genericCsv", "firstVoteColumnIndex": "2"}
        ],
        "candidates": [{"name": n, "excluded": False} for n in "ABC"],
        "rules": {
            "tiebreakMode": "useCandidateOrder",
            "overvoteRule": "exhaustImmediately",
            "winnerElectionMode": "singleWinnerMajority",
            "numberOfWinners": "1",
            "decimalPlacesForVoteArithmetic": "4",
            "maxSkippedRanksAllowed": "unlimited",
            "maxRankingsAllowed": "max",
        },
    }
    path = folder / "tiny_config.json"
    path.write_text(json.dumps(config))
    return path
