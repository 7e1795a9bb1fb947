"""STV at Scottish local government elections (rule set ``scot-2011``).

Purpose: the count of the Scottish Local Government Elections Order 2011
(SSI 2011/399) Sch. 1 rules 46–53 (spec 04), the weighted inclusive Gregory
method to five decimal places:

* rule 46: first preferences; rule 47: quota ⌊valid / (seats + 1)⌋ + 1;
* rule 48: at the end of every stage each continuing candidate with votes equal
  to or above the quota is deemed elected;
* rules 49–50: one surplus per stage, the largest first (equal surpluses: the
  candidate with more votes at the most recent preceding stage where they
  differed, else lot). *All* the elected candidate's papers move; a paper of
  value v gets ``trunc5(surplus × v / total)``; the candidate keeps exactly the
  quota. No deferral: every surplus is transferred while a vacancy remains;
* rules 51–52: otherwise the lowest continuing candidate is excluded, one per
  stage, all papers at the values they came with (equal lowest: the fewest
  votes at the most recent preceding stage where they differed, else lot);
* rule 53: when as many continuing candidates remain as vacancies, all are
  deemed elected at once, with no further stage (as the councils' 2017 and
  2022 sheets show). The count stops when the seats are filled; a surplus then
  held is not transferred.

Design: the count is the weighted inclusive Gregory engine of rule set
``wigm`` (:func:`~.stv_wigm.gregory`) with its defaults, which are these
rules: the papers are kept per distinct ranking (:class:`~.stv.Papers`), so a
ward of ~5,000 papers is counted by moving ~1,500 groups, each new value being
computed once per distinct old value, in integer units of 10^-5. Value lost on
papers with no next preference goes to the non-transferable pile; the
truncation remainder of a surplus goes to loss to rounding, so at every stage
the votes, the non-transferable total and the loss add up to the valid papers.
Withdrawn candidates are skipped on every paper; a paper naming nobody else is
not counted. Option ``truncation`` chooses between the two readings of rule 49's
five-place instruction (spec 4.7, UNVERIFIED): ``quotient`` truncates
surplus × value / total once; ``product`` first truncates surplus × value to
five places. A lot drawn to settle a tie is recorded on the stage at whose end
the tie was found.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..core.count import Count
from ..core.lots import LotProvider
from ..core.model import Election
from ..errors import RulesError
from .registry import Option, OptionValue, RuleSet, register
from .stv import ballots_of
from .stv_wigm import TRUNCATIONS, Settings, gregory

NAME = "scot-2011"
PLACES = 5


def count_scotland(
    election: Election, options: Mapping[str, OptionValue], lots: LotProvider
) -> Count:
    """Count ``election`` under SSI 2011/399 Sch. 1 rules 46–53."""
    ballots = ballots_of(election, NAME)
    truncation = str(options.get("truncation", "quotient"))
    if truncation not in TRUNCATIONS:
        raise RulesError(f"option truncation takes quotient or product, not {truncation!r}")
    settings = Settings(places=PLACES, truncation=truncation)
    return gregory(election, ballots, settings, NAME, lots, options)


register(
    RuleSet(
        name=NAME,
        title="STV, Scottish local government elections (weighted inclusive Gregory, 5 d.p.)",
        family="stv",
        law="SSI 2011/399 Sch. 1 rules 46–53",
        in_force="Scottish local government elections from 2012 (SSI 2007/42 for 2007)",
        function=count_scotland,
        places=PLACES,
        needs="ballots",
        options=(
            Option(
                "truncation",
                "quotient",
                "rule 49's five decimal places: truncate surplus × value / total once "
                "(quotient) or truncate surplus × value first (product); spec 4.7, UNVERIFIED",
                choices=TRUNCATIONS,
            ),
        ),
        aliases=("scottish-stv", "scotland"),
    )
)
