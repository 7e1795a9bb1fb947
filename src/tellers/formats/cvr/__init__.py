"""Cast vote records in the US vendors' formats, and RCTab contest configurations.

One reader a format (ES&S, Dominion, Hart, NIST CDF, Clear Ballot, RCTab's
generic CSV, a CSV of choice columns, PrefLib orders with ties), each giving
:class:`~tellers.core.records.CastVoteRecords` with every mark kept, so that
the rule set decides what an overvote or a skipped rank does.
:func:`load_rctab_config` reads an RCTab contest configuration, and
:func:`read_sources` the CVR files it lists.
"""

from __future__ import annotations

from .config import RctabConfig, config_contest, load_rctab_config, read_sources
from .cvr_csv import read_cvr_csv, read_cvr_csv_text
from .preflib_records import read_preflib_records

__all__ = [
    "RctabConfig",
    "config_contest",
    "load_rctab_config",
    "read_cvr_csv",
    "read_cvr_csv_text",
    "read_preflib_records",
    "read_sources",
]
