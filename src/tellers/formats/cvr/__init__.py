"""Cast vote records in the US vendors' formats, and RCTab contest configurations.

One reader a format (ES&S, Dominion, Hart, NIST CDF, Clear Ballot, RCTab's
generic CSV), each giving :class:`~tellers.core.records.CastVoteRecords` with
every mark kept, so that the rule set decides what an overvote or a skipped
rank does. :func:`run_rctab_config` runs a whole RCTab configuration.
"""

from __future__ import annotations

from .config import RctabConfig, RctabRun, load_rctab_config, rctab_report, run_rctab_config

__all__ = ["RctabConfig", "RctabRun", "load_rctab_config", "rctab_report", "run_rctab_config"]
