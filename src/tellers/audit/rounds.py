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
void paper has no marks; in a vote-for-N contest a paper marking more than N
candidates is void. The cast vote records use the same layout. A sheet that
names a paper the round did not draw is refused, naming its line: either the
paper was not drawn at all, or a paper drawn before it is missing.

For an observer, each assertion's figures are kept with the round: the
assorter values of the papers drawn (tallied), the test's parameters, the
statistic at the end and its largest value (and at which draw); with the list
of papers drawn and their marks as read, each risk can be worked by hand
(BRAVO: T = (2s)^w (2 - 2s)^l after w papers for the winner and l for the
loser; super-simple: P = (1 - μ/2γ)^n / Π(1 - e_i/2γ)).
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import islice
from pathlib import Path

from ..core.model import Contest
from ..errors import InputError, RulesError
from . import alpha as alpha_test
from . import bravo, comparison
from .assertions import Assertion, Outcome, Paper
from .plan import alpha_guess, default_risk_function, is_bravo
from .sampler import Manifest, stream

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
    risk_function: str = ""
    #: the papers drawn, by assorter value (the value as an exact fraction)
    observed: tuple[tuple[str, int], ...] = ()
    #: the test's parameters (s, η_0, u, γ, μ), as printed
    parameters: tuple[tuple[str, str], ...] = ()
    #: the statistic (T, or 1/P) after the last draw, its largest value and where
    final: float = 1.0
    largest: float = 1.0
    largest_at: int = 0


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
    #: the papers of the round in draw order, and their marks as the auditors read them
    drawn: tuple[int, ...] = ()
    marks: tuple[str, ...] = ()

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
                    "risk_function": r.risk_function,
                    "observed": dict(r.observed),
                    "parameters": dict(r.parameters),
                    "statistic": f"{r.final:.6g}",
                    "largest_statistic": f"{r.largest:.6g}",
                    "largest_at_draw": r.largest_at,
                }
                for r in self.risks
            ],
            "sample": [
                {"draw": i, "ballot": paper, "marks": marks}
                for i, (paper, marks) in enumerate(
                    zip(self.drawn, self.marks or [""] * len(self.drawn), strict=True), start=1
                )
            ],
            "notes": list(self.notes),
        }


@dataclass(frozen=True, slots=True)
class Sheet:
    """The auditors' sheet (or the cast vote records): each paper's marks, and the line
    of the file that gave them."""

    source: str
    papers: Mapping[int, Paper]
    lines: Mapping[int, int]


def read_sheet(
    path: str | Path,
    contest: Contest,
    manifest: Manifest | None,
    text: str | None = None,
    *,
    votes: int | None = None,
) -> Sheet:
    """The papers of an auditors' sheet (or of cast vote records), by paper number.

    ``votes``: a vote-for-N contest, where a paper marking more than N candidates
    is void (read as a paper with no marks).
    """
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
    lines: dict[int, int] = {}
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        cells = dict(zip(heading, row, strict=False))
        number = _paper_number(cells, manifest, source, line)
        text_marks = row[marks_col].strip() if marks_col < len(row) else ""
        paper = _marks(text_marks, contest, source, line)
        if votes is not None and sum(len(r) if isinstance(r, tuple) else 1 for r in paper) > votes:
            paper = ()
        if number in papers and papers[number] != paper:
            raise InputError(
                source,
                line,
                f"expected one reading of paper {number}, found a second (first at line "
                f"{lines[number]})",
            )
        papers[number] = paper
        lines.setdefault(number, line)
    return Sheet(source, papers, lines)


def read_papers(
    path: str | Path, contest: Contest, manifest: Manifest | None, text: str | None = None
) -> dict[int, Paper]:
    """The papers of an auditors' sheet (or of cast vote records), by paper number."""
    return dict(read_sheet(path, contest, manifest, text).papers)


def marks_text(paper: Paper, names: Sequence[str]) -> str:
    """A paper's marks as the sheet writes them: ``Ann>Bob``, an overvote ``Ann=Bob``."""
    return ">".join(
        "=".join(names[c] for c in rank) if isinstance(rank, tuple) else names[rank]
        for rank in paper
    )


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
    sampler: str = "rivest-2011",
    limit: int | None = None,
) -> list[int]:
    """The draws of the round: the longest run, in draw order, whose papers have been
    read (at most ``limit`` draws)."""
    drawn: list[int] = []
    for number in stream(seed, papers, unique=unique, sampler=sampler):
        if number not in read:
            break
        drawn.append(number)
        if len(drawn) >= (limit if limit is not None else 10 * papers):
            break
    return drawn


def _check_sheet(sheet: Sheet, drawn: Sequence[int], following: int | None) -> None:
    """Refuse a sheet naming a paper outside the round's draws, at its line.

    ``following`` is the paper of the first draw the sheet does not hold.
    """
    taken = set(drawn)
    stray = [k for k in sheet.papers if k not in taken]
    if not stray:
        return
    first = min(stray, key=lambda k: sheet.lines[k])
    missing = (
        f"; draw {len(drawn) + 1:,} is paper {following}, which the sheet does not hold"
        if following is not None
        else ""
    )
    raise InputError(
        sheet.source,
        sheet.lines[first],
        f"paper {first} is not among the {len(drawn):,} draws of the sample read so far{missing}",
    )


def run_round(
    outcome: Outcome,
    *,
    seed: str,
    risk_limit: float,
    method: str,
    read: Mapping[int, Paper] | Sheet,
    cvrs: Mapping[int, Paper] | Sheet | None = None,
    number: int = 1,
    unique: bool = False,
    sampler: str = "rivest-2011",
    risk_function: str | None = None,
    gamma: float = comparison.GAMMA,
    draws: int | None = None,
    names: Sequence[str] | None = None,
) -> Round:
    """The round after the auditors have read the papers in ``read``; ``draws``
    caps the sample (default: every draw whose paper has been read, in order).

    ``read`` as a :class:`Sheet` is checked: a paper it names outside the draws is
    an :class:`~tellers.errors.InputError` at its line. ``names`` (the candidates)
    write the marks of each paper drawn into the round's record.
    """
    if method not in ("ballot-polling", "comparison"):
        raise RulesError("an audit round runs ballot polling or a ballot-level comparison")
    if method == "comparison" and cvrs is None:
        raise RulesError("a comparison audit needs the cast vote records (--cvrs FILE)")
    if not 0 < risk_limit < 1:
        raise RulesError(f"a risk limit is between 0 and 1, not {risk_limit}")
    papers = outcome.papers
    sheet = read if isinstance(read, Sheet) else None
    readings = read.papers if isinstance(read, Sheet) else read
    records = cvrs.papers if isinstance(cvrs, Sheet) else cvrs
    drawn = drawn_papers(seed, papers, readings, unique=unique, sampler=sampler, limit=draws)
    if sheet is not None:
        following = next(
            islice(stream(seed, papers, unique=unique, sampler=sampler), len(drawn), None), None
        )
        _check_sheet(sheet, drawn, following)
    sample = [readings[k] for k in drawn]
    risks: list[AssertionRisk] = []
    more = 0
    full = False
    for assertion in outcome.assertions:
        function = risk_function or default_risk_function(method, assertion)
        if assertion.margin <= 0:
            risks.append(_risk_row(assertion, [1.0], False, function=function))
            full = True
            continue
        if method == "ballot-polling":
            values = [assertion.assorter.value(p) for p in sample]
            observed = _observed(values)
            if function == "bravo" and is_bravo(assertion):
                share = _share(assertion)
                history = bravo.statistic(values, share)
                parameters: tuple[tuple[str, str], ...] = (("s", f"{share:.6g}"),)
            else:
                function = "alpha"
                eta0 = float(assertion.mean)
                history = alpha_test.statistic(
                    [float(v) for v in values],
                    float(assertion.upper),
                    eta0,
                    papers if unique else None,
                )
                parameters = (
                    ("eta0", f"{eta0:.6g}"),
                    ("u", str(assertion.upper)),
                    ("d", str(alpha_test.D)),
                )
            row = _risk_row(assertion, history, risk_limit, observed, parameters, function)
        else:
            assert records is not None
            overstatements = [_overstatement(assertion, records.get(k), readings[k]) for k in drawn]
            mu = float(assertion.diluted_margin)
            counts = tuple(sum(1 for e in overstatements if e == value) for value in (1, 2, -1, -2))
            if function == "alpha":
                upper = 2 / (2 - mu)
                scaled = [(1 - e / 2) / (2 - mu) for e in overstatements]
                eta = min(upper * (1 - 1e-9), (1 + upper) / 2)
                history = alpha_test.statistic(scaled, upper, eta, papers if unique else None)
                parameters = (("mu", f"{mu:.6g}"), ("eta0", f"{eta:.6g}"), ("u", f"{upper:.6g}"))
            else:
                function = "super-simple"
                history = comparison.statistic(overstatements, mu, gamma)
                parameters = (("mu", f"{mu:.6g}"), ("gamma", f"{gamma:g}"))
            observed = _observed([Fraction(e).limit_denominator(1000) for e in overstatements])
            row = _risk_row(
                assertion,
                history,
                risk_limit,
                observed,
                parameters,
                function,
                counts,  # type: ignore[arg-type]
            )
        risks.append(row)
        if not row.confirmed:
            more = max(more, _more(assertion, method, function, risk_limit / row.risk, gamma))
    if full or (more and len(drawn) + more >= papers):
        decision, following_draws = FULL, None
    elif more:
        decision, following_draws = MORE, more
    else:
        decision, following_draws = MET, None
    marks = tuple(marks_text(p, names) for p in sample) if names is not None else ()
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
        following_draws,
        tuple(outcome.notes),
        tuple(drawn),
        marks,
    )


def _observed(values: Sequence[Fraction]) -> tuple[tuple[str, int], ...]:
    """The values drawn, tallied, largest first."""
    found: dict[Fraction, int] = {}
    for value in values:
        found[value] = found.get(value, 0) + 1
    return tuple((str(v), n) for v, n in sorted(found.items(), reverse=True))


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
    history: Sequence[float],
    risk_limit: float | bool,
    observed: tuple[tuple[str, int], ...] = (),
    parameters: tuple[tuple[str, str], ...] = (),
    function: str = "",
    discrepancies: tuple[int, int, int, int] = (0, 0, 0, 0),
) -> AssertionRisk:
    """The row of an assertion from its statistic after each draw (risk: 1/the largest)."""
    largest = max(history, default=1.0)
    at = history.index(largest) + 1 if history and largest > 1.0 else 0
    largest = max(largest, 1.0)
    risk = min(1.0, 1 / largest) if largest > 0 else 1.0
    confirmed = risk_limit is not False and risk <= float(risk_limit)
    return AssertionRisk(
        assertion.kind,
        assertion.statement,
        f"{float(assertion.diluted_margin):.6g}",
        risk,
        confirmed,
        discrepancies,
        function,
        observed,
        parameters,
        history[-1] if history else 1.0,
        largest,
        at,
    )


def _more(assertion: Assertion, method: str, function: str, alpha: float, gamma: float) -> int:
    """Papers to draw to reach the risk limit from here (the plan's expected size
    at the risk that remains)."""
    alpha = min(max(alpha, 1e-300), 0.999999)
    if method == "ballot-polling" and function == "bravo":
        up = sum(n for v, n in assertion.tally if v == 1) / assertion.papers
        down = sum(n for v, n in assertion.tally if v == 0) / assertion.papers
        return math.ceil(bravo.average_sample_number(alpha, up, down))
    if method == "ballot-polling":
        # ALPHA: Wald's approximation for a fixed bet at the reported mean
        guess = alpha_guess(
            [float(v) for v, _ in assertion.tally],
            [float(n) for _, n in assertion.tally],
            float(assertion.upper),
            float(assertion.mean),
            alpha,
        )
        return math.ceil(min(guess, 10.0 * assertion.papers))
    mu = float(assertion.diluted_margin)
    return comparison.sample_size(alpha, mu, gamma)
