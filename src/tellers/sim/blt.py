"""Write an election as BLT text, so generated elections can be saved and fed to other tools.

BLT (the format of OpenSTV, the ERS and the Scottish councils' published data)::

    <candidates> <seats>
    -<n> ...                 withdrawn candidates, if any (1-based)
    <papers> <c1> <c2> ... 0 one line per distinct ranking, candidates 1-based
    0                        end of the papers
    "<name>"                 one line per candidate, in ballot order
    "<title>"

Names and the title are always quoted; a double quote inside one becomes a
single quote, since BLT has no escape.
"""

from __future__ import annotations

from ..core.model import Ballots, Election
from ..errors import InputError


def to_blt(election: Election) -> str:
    """``election`` as BLT text (ranked papers only; declared totals have no BLT form)."""
    ballots = election.votes
    contest = election.contest
    if not isinstance(ballots, Ballots):
        raise InputError(
            election.source or contest.name, None, "ranked papers are expected, not totals"
        )
    lines = [f"{len(contest.candidates)} {contest.seats}"]
    if contest.withdrawn:
        lines.append(" ".join(f"-{i + 1}" for i in sorted(contest.withdrawn)))
    for ranking, papers in zip(ballots.rankings, ballots.counts, strict=True):
        prefs = " ".join(str(c + 1) for c in ranking)
        lines.append(f"{papers} {prefs} 0" if prefs else f"{papers} 0")
    lines.append("0")
    lines.extend(_quoted(c.name) for c in contest.candidates)
    lines.append(_quoted(contest.name))
    return "\n".join(lines) + "\n"


def _quoted(text: str) -> str:
    return '"' + text.replace('"', "'").replace("\n", " ") + '"'
