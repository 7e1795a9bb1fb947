"""Risk-limiting audits: draw a sample, plan an audit, run a round, read an audit's rounds.

::

    from tellers.service import audit
    drawn = audit.sample("12345678901234567890", 5, ballots=1000)
    target = audit.target_of("ward.blt")                     # or a stored result's id
    figures = audit.plan(target.outcome, 0.05, "ballot-polling")
    with audit.open_store(None) as store:
        done = audit.run_round(store, "ward.blt", manifest="manifest.csv",
                               seed="12345678901234567890", risk_limit=0.05,
                               sampled="sheet.csv")
        done.round.decision, done.stored.round               # "risk limit met", 1

Purpose: what ``tellers audit`` and the audit page ask for, in one place. The
contest audited (RESULT) is a file any reader of ``tellers count`` reads, or
the id of a result in the results store; ``--votes`` gives declared votes for a
quick plan. Every round is recorded in the results store under the audit's
key: the ballot id, or ``file:`` and the SHA-256 of the file's bytes.

Design: reads files and the store, calls :mod:`tellers.audit`, and returns its
records (a :class:`~tellers.audit.plan.Plan`, a
:class:`~tellers.audit.rounds.Round`) or a :class:`Sample`; it never prints.
Rendering is :mod:`tellers.audit.report`'s, re-exported here for the edges.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from ..audit.report import (
    plan_document,
    plan_text,
    round_document,
    round_text,
    rounds_text,
    sample_document,
    sample_sheet,
    sample_text,
)
from ..errors import InputError, RulesError
from ..results.store import Store, open_store

if TYPE_CHECKING:
    from ..audit import Draw, Outcome, Plan
    from ..audit.rounds import Round
    from ..core.count import Count
    from ..core.model import Election
    from ..results.audits import StoredRound
    from .counting import CountRequest

__all__ = [
    "RoundDone",
    "Sample",
    "Target",
    "audit_key",
    "history",
    "history_document",
    "history_text",
    "open_store",
    "plan",
    "plan_document",
    "plan_text",
    "read_manifest",
    "round_document",
    "round_text",
    "rounds_text",
    "run_round",
    "sample",
    "sample_document",
    "sample_sheet",
    "sample_text",
    "target_of",
    "votes_target",
]


@dataclass(frozen=True, slots=True)
class Sample:
    """A sample as drawn: how, from how many papers, and the draws in order."""

    seed: str
    papers: int
    sampler: str
    unique: bool
    draws: tuple[Draw, ...]

    def text(self) -> str:
        return sample_text(self.draws, self.seed, self.papers, self.sampler, self.unique)

    def document(self) -> dict[str, Any]:
        return sample_document(self.draws, self.seed, self.papers, self.sampler, self.unique)

    def sheet(self) -> str:
        return sample_sheet(self.draws)


@dataclass(frozen=True, slots=True)
class Target:
    """A contest to audit: where it came from, its audit key, the election and count,
    and the assertions its outcome rests on."""

    source: str
    key: str
    election: Election
    count: Count
    outcome: Outcome


def read_manifest(path: str, text: str | None = None) -> Any:
    """The ballot manifest at ``path``, or in ``text`` named ``path`` (a
    :class:`~tellers.audit.Manifest`)."""
    from ..audit import read_manifest as read

    return read(path, text)


def sample(
    seed: str,
    count: int,
    *,
    ballots: int | None = None,
    manifest: str | None = None,
    unique: bool = False,
    sampler: str = "rivest-2011",
) -> Sample:
    """The first ``count`` draws from ``ballots`` papers or the manifest's."""
    from ..audit import draws

    if not seed.strip():
        raise InputError("--seed", None, "expected the seed rolled in public, found nothing")
    if ballots is None and manifest is None:
        raise InputError("--ballots", None, "expected the number of papers or --manifest FILE")
    if count < 0:
        raise InputError("--count", None, f"expected 0 or more draws, not {count}")
    found = read_manifest(manifest) if manifest is not None else None
    drawn = draws(seed, count, papers=ballots, manifest=found, unique=unique, sampler=sampler)
    papers = found.papers if found is not None else ballots
    assert papers is not None
    return Sample(seed, papers, sampler, unique, tuple(drawn))


def _file_key(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return f"file:{digest.hexdigest()}"


def audit_key(result: str, store: Store | None = None) -> str:
    """The key an audit of ``result`` is recorded under: the ballot id of a stored
    result, or ``file:`` and the SHA-256 of the file."""
    if os.path.isfile(result):
        return _file_key(result)
    if store is not None and store.has_ballot(result):
        return result
    raise InputError(result, None, "expected a file or the id of a stored result")


def target_of(
    result: str,
    *,
    request: CountRequest | None = None,
    store: Store | None = None,
    papers: int | None = None,
    supermajority: Fraction | None = None,
) -> Target:
    """The contest in ``result`` (a file any reader reads, or a stored result's id),
    counted, and the assertions of its outcome over ``papers`` papers (a manifest's;
    default: the papers counted)."""
    from ..audit import outcome
    from .counting import count_election, count_file

    if result == "-":
        raise InputError("-", None, "expected a file or a stored result id (an audit keys on it)")
    if os.path.isfile(result):
        counted = count_file(result, request)
        election, count = counted.election, counted.count
        key = _file_key(result)
    elif store is not None and store.has_ballot(result):
        stored = store.current_result(result)
        if stored is None:
            raise InputError(result, None, "expected a stored result: the ballot has none")
        election = stored.to_election()
        count = stored.count() or count_election(election, request).count
        key = result
    elif os.path.exists(result):
        raise InputError(result, None, "expected a file, found a folder")
    else:
        where = " or the results store" if store is not None else ""
        raise InputError(result, None, f"expected a file{where} holding a result: none found")
    try:
        found = outcome(election, count, papers=papers, supermajority=supermajority)
    except RulesError as error:
        raise RulesError(f"{result}: {error}") from None
    return Target(result, key, election, count, found)


def votes_target(
    votes: str,
    *,
    ballots: int | None = None,
    seats: int = 1,
    supermajority: Fraction | None = None,
) -> Target:
    """Declared votes, ``600,400`` or ``Ann=600,Bob=400``, counted first past the post
    (the block vote with ``seats`` > 1); the papers are ``ballots``, else the sum of
    the votes (one seat only)."""
    from ..audit import outcome
    from ..core.model import Candidate, Contest, Election, Totals
    from .counting import count_election

    names: list[str] = []
    figures: list[int] = []
    for i, item in enumerate(votes.split(","), start=1):
        name, sep, figure = item.rpartition("=")
        figure = figure.strip().replace("_", "")
        if not figure.isdigit():
            raise InputError(
                "--votes",
                None,
                f"expected whole numbers such as 600,400 or Ann=600, found {item!r}",
            )
        names.append(name.strip() if sep and name.strip() else _letter(i))
        figures.append(int(figure))
    if len(figures) < 2:
        raise InputError("--votes", None, "expected the votes of two or more candidates")
    if len(set(names)) != len(names):
        raise InputError("--votes", None, "expected each candidate once")
    if seats >= len(figures):
        raise InputError(
            "--seats", None, f"expected fewer seats than the {len(figures)} candidates"
        )
    if ballots is None:
        if seats > 1:
            raise InputError(
                "--ballots",
                None,
                "expected the papers cast: in a vote-for-N contest the "
                "votes add up to more than the papers",
            )
        ballots = sum(figures)
    elif seats == 1 and ballots < sum(figures):
        raise InputError(
            "--ballots", None, f"expected at least the {sum(figures):,} votes, not {ballots:,}"
        )
    contest = Contest("Contest", seats, tuple(Candidate(n) for n in names))
    election = Election(contest, Totals(tuple(figures), ballots), rules="uk-fptp")
    count = count_election(election).count
    found = outcome(election, count, supermajority=supermajority)
    return Target(f"--votes {votes}", "votes:" + votes, election, count, found)


def _letter(i: int) -> str:
    return chr(ord("A") + i - 1) if i <= 26 else f"C{i}"


def plan(
    outcome: Outcome,
    risk_limit: float,
    method: str = "ballot-polling",
    *,
    risk_function: str | None = None,
    error_rates: tuple[float, float] = (0.0, 0.0),
    gamma: float | None = None,
    manifest: str | None = None,
    trials: int | None = None,
    seed: int = 1,
) -> Plan:
    """The plan of every assertion of ``outcome`` (``manifest``: the batches, for a
    batch comparison)."""
    from ..audit import plan as plan_
    from ..audit.comparison import GAMMA
    from ..audit.plan import TRIALS

    if not all(0 <= r < 1 for r in error_rates):
        raise InputError("--error-rates", None, "expected two rates from 0 up to 1, as 0.001,0")
    found = read_manifest(manifest) if manifest is not None else None
    return plan_(
        outcome,
        risk_limit,
        method,
        risk_function=risk_function,
        error_rates=error_rates,
        gamma=gamma if gamma is not None else GAMMA,
        manifest=found,
        trials=trials if trials is not None else TRIALS,
        seed=seed,
    )


@dataclass(frozen=True, slots=True)
class RoundDone:
    """A round run and recorded: the round, and its row in the store."""

    round: Round
    stored: StoredRound
    key: str

    def document(self) -> dict[str, Any]:
        return dict(self.stored.report)

    def text(self) -> str:
        return round_text(self.stored.report)


def run_round(
    store: Store,
    result: str,
    *,
    manifest: str | None,
    seed: str,
    risk_limit: float,
    sampled: str | None = None,
    sheet_text: str | None = None,
    manifest_text: str | None = None,
    method: str = "ballot-polling",
    cvrs: str | None = None,
    unique: bool = False,
    sampler: str = "rivest-2011",
    risk_function: str | None = None,
    request: CountRequest | None = None,
    supermajority: Fraction | None = None,
    author: str = "tellers",
) -> RoundDone:
    """The next round of the audit of ``result``: the auditors' sheet (the file
    ``sampled``, or ``sheet_text``) read against the sample drawn from ``seed``, the
    risk of every assertion, the decision; recorded in ``store``. The manifest is the
    file ``manifest``, or ``manifest_text``; with neither, the papers are numbered
    1..N, N the papers counted."""
    from ..audit.rounds import read_sheet
    from ..audit.rounds import run_round as run
    from ..results.audits import next_round, record_round

    if not seed.strip():
        raise InputError("--seed", None, "expected the seed rolled in public, found nothing")
    if manifest_text is not None and manifest_text.strip():
        found_manifest = read_manifest(manifest or "manifest", manifest_text)
    elif manifest is not None:
        found_manifest = read_manifest(manifest)
    else:
        found_manifest = None
    target = target_of(
        result,
        request=request,
        store=store,
        papers=found_manifest.papers if found_manifest is not None else None,
        supermajority=supermajority,
    )
    contest = target.election.contest
    votes = contest.seats if _is_plurality(target.count.rules) else None
    if sheet_text is None and sampled is None:
        raise InputError("--sampled", None, "expected the auditors' sheet")
    sheet = read_sheet(sampled or "sheet", contest, found_manifest, sheet_text, votes=votes)
    records = read_sheet(cvrs, contest, found_manifest, votes=votes) if cvrs else None
    number = next_round(store, target.key)
    done = run(
        target.outcome,
        seed=seed,
        risk_limit=risk_limit,
        method=method,
        read=sheet,
        cvrs=records,
        number=number,
        unique=unique,
        sampler=sampler,
        risk_function=risk_function,
        names=contest.names,
    )
    if done.draws == 0:
        raise InputError(
            sheet.source,
            None,
            "expected the marks of the first paper drawn: the sheet holds "
            "none of the sample's papers in draw order",
        )
    report = round_document(done)
    if found_manifest is not None:
        for row in report["sample"]:
            batch, position = found_manifest.locate(row["ballot"])
            row["batch"], row["position"] = batch.name, position
    stored = record_round(store, target.key, report, author=author)
    return RoundDone(done, stored, target.key)


def _is_plurality(rules: str) -> bool:
    from ..rules import get

    return get(rules).family == "plurality"


def history(store: Store, result: str) -> tuple[str, list[StoredRound]]:
    """The audit key of ``result`` (a file, a stored result's id, or a key ``file:...``
    as the rounds list it) and its recorded rounds, first first."""
    from ..results.audits import rounds_of

    key = result if result.startswith("file:") else audit_key(result, store)
    return key, rounds_of(store, key)


def history_text(key: str, rounds: list[StoredRound]) -> str:
    """An audit's rounds as a table."""
    return rounds_text(
        key,
        [
            {
                "round": r.round,
                "recorded_at": r.recorded_at.isoformat(sep=" "),
                "recorded_by": r.recorded_by,
                "report": r.report,
            }
            for r in rounds
        ],
    )


def history_document(key: str, rounds: list[StoredRound]) -> dict[str, Any]:
    """An audit's rounds as JSON: each round's report as recorded."""
    return {
        "schema": "tellers.audit-rounds/1",
        "audit": key,
        "rounds": [
            {
                "round": r.round,
                "recorded_by": r.recorded_by,
                "recorded_at": r.recorded_at.isoformat(),
                "report": r.report,
            }
            for r in rounds
        ],
    }
