"""Run an RCTab contest configuration: what ``tellers count --rctab-config`` asks for.

Read the configuration and every CVR source it lists
(:mod:`tellers.formats.cvr.config`), count under the ``rctab`` rule set
(:mod:`tellers.rules.rctab`), and write the report RCTab writes
(:mod:`tellers.report.rctab`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..core.count import Count
from ..core.lots import LotProvider, NoLots
from ..core.model import Election
from ..core.records import CastVoteRecords
from ..formats.cvr.config import RctabConfig, config_contest, load_rctab_config, read_sources
from ..report.rctab import rctab_report_json
from ..rules.rctab import RctabCount, count_passes, lot_text, options_of, to_count

__all__ = ["RctabRun", "run_rctab_config"]


@dataclass(frozen=True, slots=True)
class RctabRun:
    """What a configuration gave: one count (or one per pass of multi-pass IRV).

    ``passes`` are RCTab's own record of the rounds; ``result`` is the same
    count as a :class:`~tellers.core.count.Count` (the passes one after
    another), which every report of tellers takes with :attr:`election`.
    """

    config: RctabConfig
    records: CastVoteRecords
    passes: tuple[RctabCount, ...]
    result: Count

    @property
    def count(self) -> RctabCount:
        return self.passes[0]

    @property
    def election(self) -> Election:
        """The contest and its records, as a reader gives them."""
        return Election(
            self.result.contest,
            self.records,
            source=str(self.config.path),
            rules="rctab",
        )

    @property
    def winners(self) -> tuple[str, ...]:
        return tuple(p.name(w) for p in self.passes for w in p.winners)


def run_rctab_config(path: str | Path, lots: LotProvider | None = None) -> tuple[RctabRun, str]:
    """Count the contest an RCTab configuration describes, as RCTab would.

    Returns the run (RCTab's rounds, and the same count as a
    :class:`~tellers.core.count.Count` in ``run.result``) and RCTab's
    detailed-report JSON: one report, or for multi-pass IRV a JSON array of
    one report per pass.
    """
    config = load_rctab_config(path)
    records = read_sources(config)
    provider = lots or NoLots()
    passes = count_passes(records, config.contestants, config.rules, provider)
    result = to_count(
        passes,
        config_contest(config),
        options_of(config.rules),
        lot_provider=lot_text(config.rules, provider),
        notes=(f"counted from the RCTab contest configuration {config.path.name}",),
    )
    return RctabRun(config, records, passes, result), rctab_report_json(config, passes)
