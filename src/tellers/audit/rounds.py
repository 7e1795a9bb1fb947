"""An audit round: the papers drawn from the seed, as the auditors read them, and the risk.

Purpose: after each round of inspection, say for every assertion how much
risk remains, and whether the audit may stop ("risk limit met"), must draw
more papers (and about how many), or must go to a full hand count
(Lindeman & Stark 2012 §3-4; SHANGRLA, Stark 2020 §4).

Design: the sample is drawn again from the seed (:mod:`tellers.audit.sampler`),
so a round is reproducible by anyone with the seed, the manifest and the
auditors' sheet. The round uses the longest run of draws, in draw order,
whose papers have all been read: a paper drawn twice counts twice (sampling
with replacement). Each assertion's risk measure is min(1, 1/max T) of its
test (BRAVO, ALPHA, or the Kaplan–Markov super-simple statistic on the
papers' overstatements against their cast vote records). A paper missing
from the cast vote records counts as a two-vote overstatement (the worst
case). More papers: the plan's expected size at the risk limit still to go
(α divided by the risk measure), as Arlo does; a sample that would reach
the papers cast is a full hand count.

The auditors' sheet is a CSV with a ``ballot`` column (the paper's number in
1..N as ``tellers audit sample`` prints it, or ``batch`` and ``position``
columns with a manifest) and a ``marks`` column: the candidates' names in
order of preference, separated by ``>`` (for a plurality contest, the
candidates marked; an overvoted rank as names joined by ``=``). A blank or
void paper has no marks. The cast vote records use the same layout.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..core.model import Contest
from ..errors import InputError, RulesError
from . import alpha as alpha_test
from . import bravo, comparison
from .assertions import Assertion, Outcome, Paper
from .plan import default_risk_function, is_bravo
from .sampler import Manifest, draw

#: What a round concludes.
MET, MORE, FULL = "risk limit met", "draw more papers", "full hand count"


@dataclass(frozen=True, slots=True)
class AssertionRisk:
    """One assertion after a round: its risk measure, and the discrepancies found."""

    kind: str
    statement: str
    margin: str
    risk: float
    confirmed: bool
    discrepancies: tuple[int, int, int, int] = (0, 0, 0, 0)  # o1, o2, u1, u2


@dataclass(frozen=True, slots=True)
class Round:
    """A round's record: what was drawn, the risk of each assertion, and what follows."""

    number: int
    contest: str
    method: str
    risk_limit: float
    seed: str
    sampler: str
    unique: bool
    papers: int
    draws: int
    distinct: int
    risks: tuple[AssertionRisk, ...]
    decision: str
    next_draws: int | None
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, object]:
        """The round as JSON-ready values (risks as strings with 6 significant digits)."""
        return {
            "round": self.number,
            "contest": self.contest,
            "method": self.method,
            "risk_limit": str(self.risk_limit),
            "seed": self.seed,
            "sampler": self.sampler,
            "unique": self.unique,
            "papers": self.papers,
            "draws": self.draws,
            "distinct_papers": self.distinct,
            "decision": self.decision,
            "next_draws": self.next_draws,
            "assertions": [
                {
                    "kind": r.kind,
                    "assertion": r.statement,
                    "margin": r.margin,
                    "risk": f"{r.risk:.6g}",
                    "confirmed": r.confirmed,
                    "discrepancies": dict(
                        zip(("o1", "o2", "u1", "u2"), r.discrepancies, strict=True)
                    ),
                }
                for r in self.risks
            ],
            "notes": list(self.notes),
        }


def read_papers(
    path: str | Path, contest: Contest, manifest: Manifest | None, text: str | None = None
) -> dict[int, Paper]:
    """The papers of an auditors' sheet (or of cast vote records), by paper number."""
    source = str(path)
    if text is None:
        try:
            text = Path(path).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise InputError(source, None, f"expected a readable CSV ({error})") from None
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise InputError(source, 1, "expected a heading row: ballot,marks")
    heading = [h.strip().casefold() for h in rows[0]]
    if "marks" not in heading or not (
        "ballot" in heading or ("batch" in heading and "position" in heading)
    ):
        raise InputError(
            source, 1, f"expected columns ballot,marks (or batch,position,marks), found {rows[0]}"
        )
    marks_col = heading.index("marks")
    papers: dict[int, Paper] = {}
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        cells = dict(zip(heading, row, strict=False))
        number = _paper_number(cells, manifest, source, line)
        text_marks = row[marks_col].strip() if marks_col < len(row) else ""
        paper = _marks(text_marks, contest, source, line)
        if number in papers and papers[number] != paper:
            raise InputError(source, line, f"expected one reading of paper {number}, found two")
        papers[number] = paper
    return papers


def _paper_number(
    cells: Mapping[str, str], manifest: Manifest | None, source: str, line: int
) -> int:
    if "ballot" in cells and cells["ballot"].strip():
        text = cells["ballot"].strip()
        if not text.isdigit() or int(text) < 1:
            raise InputError(source, line, f"expected a paper number (1, 2, ...), found {text!r}")
        number = int(text)
        if manifest is not None and number > manifest.papers:
            raise InputError(source, line, f"paper {number} is not in the manifest")
        return number
    if manifest is None:
        raise InputError(
            source, line, "expected a ballot number (batch and position need --manifest)"
        )
    batch, position = cells.get("batch", "").strip(), cells.get("position", "").strip()
    try:
        return manifest.number(batch, int(position))
    except (KeyError, ValueError):
        raise InputError(
            source,
            line,
            f"expected a batch and position in the manifest, found {batch!r} {position!r}",
        ) from None


def _marks(text: str, contest: Contest, source: str, line: int) -> Paper:
    if not text:
        return ()
    paper: list[int | tuple[int, ...]] = []
    for rank in text.split(">"):
        names = [n.strip() for n in rank.split("=") if n.strip()]
        found: list[int] = []
        for name in names:
            try:
                found.append(contest.index(name))
            except KeyError:
                raise InputError(
                    source, line, f"expected a candidate of {contest.name}, found {name!r}"
                ) from None
        if len(found) == 1:
            paper.append(found[0])
        elif found:
            paper.append(tuple(found))
    return tuple(paper)


def drawn_papers(
    seed: str,
    papers: int,
    read: Mapping[int, Paper],
    *,
    unique: bool = False,
    sampler: str = "counter",
    limit: int | None = None,
) -> list[int]:
    """The draws of the round: the longest run, in draw order, whose papers have been
    read (at most ``limit`` draws)."""
    if sampler == "counter":
        stream = draw(seed, papers, unique=unique)
    else:
        from .sampler import consistent_sample

        ids = (str(k) for k in range(1, papers + 1))
        stream = (int(t.id) for t in consistent_sample(ids, seed, with_replacement=not unique))
    drawn: list[int] = []
    for number in stream:
        if number not in read:
            break
        drawn.append(number)
        if len(drawn) >= (limit if limit is not None else 10 * papers):
            break
    return drawn


def run_round(
    outcome: Outcome,
    *,
    seed: str,
    risk_limit: float,
    method: str,
    read: Mapping[int, Paper],
    cvrs: Mapping[int, Paper] | None = None,
    number: int = 1,
    unique: bool = False,
    sampler: str = "counter",
    risk_function: str | None = None,
    gamma: float = comparison.GAMMA,
    draws: int | None = None,
) -> Round:
    """The round after the auditors have read the papers in ``read``; ``draws``
    caps the sample (default: every draw whose paper has been read, in order)."""
    if method not in ("ballot-polling", "comparison"):
        raise RulesError("an audit round runs ballot polling or a ballot-level comparison")
    if method == "comparison" and cvrs is None:
        raise RulesError("a comparison audit needs the cast vote records (--cvrs FILE)")
    if not 0 < risk_limit < 1:
        raise RulesError(f"a risk limit is between 0 and 1, not {risk_limit}")
    papers = outcome.papers
    drawn = drawn_papers(seed, papers, read, unique=unique, sampler=sampler, limit=draws)
    sample = [read[k] for k in drawn]
    risks: list[AssertionRisk] = []
    more = 0
    full = False
    for assertion in outcome.assertions:
        function = risk_function or default_risk_function(method, assertion)
        if assertion.margin <= 0:
            risks.append(_risk_row(assertion, 1.0, False))
            full = True
            continue
        if method == "ballot-polling":
            values = [assertion.assorter.value(p) for p in sample]
            if function == "bravo" and is_bravo(assertion):
                share = _share(assertion)
                risk = bravo.risk(values, share)
            else:
                risk = alpha_test.risk(
                    [float(v) for v in values],
                    float(assertion.upper),
                    float(assertion.mean),
                    papers if unique else None,
                )
            row = _risk_row(assertion, risk, risk <= risk_limit)
        else:
            assert cvrs is not None
            overstatements = [_overstatement(assertion, cvrs.get(k), read[k]) for k in drawn]
            mu = float(assertion.diluted_margin)
            if function == "alpha":
                upper = 2 / (2 - mu)
                scaled = [(1 - e / 2) / (2 - mu) for e in overstatements]
                eta = min(upper * (1 - 1e-9), (1 + upper) / 2)
                risk = alpha_test.risk(scaled, upper, eta, papers if unique else None)
            else:
                risk = comparison.risk(overstatements, mu, gamma)
            counts = tuple(sum(1 for e in overstatements if e == value) for value in (1, 2, -1, -2))
            row = _risk_row(assertion, risk, risk <= risk_limit, counts)  # type: ignore[arg-type]
        risks.append(row)
        if not row.confirmed:
            more = max(more, _more(assertion, method, function, risk_limit / row.risk, gamma))
    if full or (more and len(drawn) + more >= papers):
        decision, following = FULL, None
    elif more:
        decision, following = MORE, more
    else:
        decision, following = MET, None
    notes = list(outcome.notes)
    return Round(
        number,
        outcome.contest,
        method,
        risk_limit,
        seed,
        sampler,
        unique,
        papers,
        len(drawn),
        len(set(drawn)),
        tuple(risks),
        decision,
        following,
        tuple(notes),
    )


def _share(assertion: Assertion) -> float:
    up = sum(n for v, n in assertion.tally if v == 1)
    down = sum(n for v, n in assertion.tally if v == 0)
    return up / (up + down)


def _overstatement(assertion: Assertion, cvr: Paper | None, paper: Paper) -> float:
    """e = 2ω/u, ω = A(cvr) - A(paper); a paper with no record counts as the worst case."""
    if cvr is None:
        return 2.0
    omega = assertion.assorter.value(cvr) - assertion.assorter.value(paper)
    return float(2 * omega / assertion.upper)


def _risk_row(
    assertion: Assertion,
    risk: float,
    confirmed: bool,
    discrepancies: tuple[int, int, int, int] = (0, 0, 0, 0),
) -> AssertionRisk:
    return AssertionRisk(
        assertion.kind,
        assertion.statement,
        f"{float(assertion.diluted_margin):.6g}",
        risk,
        confirmed,
        discrepancies,
    )


def _more(assertion: Assertion, method: str, function: str, alpha: float, gamma: float) -> int:
    """Papers to draw to reach the risk limit from here (the plan's expected size
    at the risk that remains)."""
    alpha = min(max(alpha, 1e-300), 0.999999)
    if method == "ballot-polling" and function == "bravo":
        up = sum(n for v, n in assertion.tally if v == 1) / assertion.papers
        down = sum(n for v, n in assertion.tally if v == 0) / assertion.papers
        return math.ceil(bravo.average_sample_number(alpha, up, down))
    mu = float(assertion.diluted_margin)
    return comparison.sample_size(alpha, mu, gamma)
