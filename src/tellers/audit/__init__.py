"""Risk-limiting audits of a count: samplers, risk functions, assertions, plans, rounds.

::

    from tellers.audit import outcome, plan
    found = outcome(election, count)           # the assertions the count's outcome rests on
    figures = plan(found, 0.05, "comparison")   # expected papers per assertion

Layer "audit": imports core, rules, formats, report and results; only the
service, the command line and the web import it.
"""

from __future__ import annotations

from .assertions import (
    Assertion,
    Assorter,
    Divisor,
    Finalists,
    NotEliminatedBefore,
    NotEliminatedNext,
    Outcome,
    Pairwise,
    Paper,
    Share,
)
from .outcome import outcome
from .plan import METHODS, RISK_FUNCTIONS, AssertionPlan, Plan, plan
from .sampler import (
    SAMPLER_TITLES,
    SAMPLERS,
    Batch,
    Draw,
    Manifest,
    Ticket,
    consistent_sample,
    draw,
    draws,
    read_manifest,
    sample,
    stream,
)

__all__ = [
    "METHODS",
    "RISK_FUNCTIONS",
    "SAMPLERS",
    "SAMPLER_TITLES",
    "Assertion",
    "AssertionPlan",
    "Assorter",
    "Batch",
    "Divisor",
    "Draw",
    "Finalists",
    "Manifest",
    "NotEliminatedBefore",
    "NotEliminatedNext",
    "Outcome",
    "Pairwise",
    "Paper",
    "Plan",
    "Share",
    "Ticket",
    "consistent_sample",
    "draw",
    "draws",
    "outcome",
    "plan",
    "read_manifest",
    "sample",
    "stream",
]
