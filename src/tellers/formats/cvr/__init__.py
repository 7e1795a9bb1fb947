"""Cast vote records in the US vendors' formats, and RCTab contest configurations.

One reader a format (ES&S, Dominion, Hart, NIST CDF, Clear Ballot, RCTab's
generic CSV, a CSV of choice columns, PrefLib orders with ties), each giving
:class:`~tellers.core.records.CastVoteRecords` with every mark kept, so that
the rule set decides what an overvote or a skipped rank does.
:func:`run_rctab_config` runs a whole RCTab configuration.
"""

from __future__ import annotations

from .config import (
    RctabConfig,
    RctabRun,
    config_contest,
    load_rctab_config,
    rctab_report,
    run_rctab_config,
)
from .cvr_csv import read_cvr_csv, read_cvr_csv_text
from .preflib_records import read_preflib_records

__all__ = [
    "RctabConfig",
    "RctabRun",
    "config_contest",
    "load_rctab_config",
    "rctab_report",
    "read_cvr_csv",
    "read_cvr_csv_text",
    "read_preflib_records",
    "run_rctab_config",
]
