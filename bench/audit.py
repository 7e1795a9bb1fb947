"""Time audit planning: every Scottish ward's first preferences, and RAIRE on a million papers.

Usage::

    .venv/bin/python bench/audit.py                 # both tasks
    .venv/bin/python bench/audit.py --wards 100     # the first 100 wards only
    .venv/bin/python bench/audit.py --tasks raire --papers 1000000 --seed 2025

(a) Scotland: each of the 1,100 BLT files in ``../shared/data/scotland-local-stv-blt``
is read and counted under ``scot-2011`` (timed apart), then its first-preference
assertions are made (tellers.audit.stv: STV has no sound risk-limiting audit, so
these check the first preferences, the quota at stage 1 and the exhaustion total
only) and planned as a ballot-polling audit (BRAVO, or ALPHA where the assorter
is not 0, 1/2, 1; risk limit 5%; ``--trials`` simulated audits per assertion,
default the plan's own, 1,000) and as a comparison audit (super-simple). Figures:
wall and CPU seconds per phase (the machine's load average is printed: on a
shared machine the wall time is the CPU time stretched by the load), assertions,
and the wards whose hardest assertion needs a full hand count.

(b) RAIRE: ``--papers`` papers of ``--candidates`` candidates drawn by
``tellers.sim.generate`` (model ``blocs``, the seed printed), counted under ``av``,
then the RAIRE assertion search timed, with the number of assertions and the
smallest margin.

No peer runs here: SHANGRLA and rlauxe are not installable from PyPI, and rlacalc
has no planner for assertions; the cross-checks of the formulas are in tests/audit.
"""

from __future__ import annotations

import argparse
import csv
import math
import os
import statistics
import time
from pathlib import Path

from tellers.audit import outcome, plan
from tellers.audit.plan import TRIALS, Plan
from tellers.formats import read
from tellers.rules import count
from tellers.sim import generate

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "scotland-local-stv-blt"


def scotland(folder: Path, wards: int | None, trials: int) -> None:
    index = folder / "blt_index.csv"
    with index.open(encoding="utf-8", newline="") as handle:
        files = [folder / row["file"] for row in csv.DictReader(handle)]
    if wards:
        files = files[:wards]
    counted = []
    start = time.perf_counter()
    for path in files:
        election = read(path)
        counted.append((election, count(election, "scot-2011")))
    counting = time.perf_counter() - start
    start = time.perf_counter()
    found = [outcome(election, result) for election, result in counted]
    assertions = time.perf_counter() - start
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    start, cpu = time.perf_counter(), time.process_time()
    polling = [plan(o, 0.05, "ballot-polling", trials=trials) for o in found]
    planning_polling = time.perf_counter() - start
    cpu_polling = time.process_time() - cpu
    start, cpu = time.perf_counter(), time.process_time()
    compared = [plan(o, 0.05, "comparison", trials=trials) for o in found]
    planning_comparison = time.perf_counter() - start
    cpu_comparison = time.process_time() - cpu
    papers = sum(o.papers for o in found)
    total = sum(len(o.assertions) for o in found)
    full_polling = sum(p.full_count for p in polling)
    full_comparison = sum(p.full_count for p in compared)
    share = [p.expected_sample_size / p.outcome.papers for p in compared if not p.full_count]
    functions: dict[str, int] = {}
    for p in polling:
        for a in p.assertions:
            key = a.risk_function + (" (full hand count)" if a.full_count else "")
            functions[key] = functions.get(key, 0) + 1
    print(f"(a) Scotland: {len(files)} wards, {papers:,} papers, {total:,} assertions")
    print(f"    load average before planning: {load}")
    print(f"    read and count (scot-2011):          {counting:8.2f} s")
    print(f"    assertions (first preferences):      {assertions:8.2f} s")
    print(
        f"    plan, ballot polling ({trials} trials): {planning_polling:8.2f} s "
        f"(CPU {cpu_polling:.2f} s); full hand count in {full_polling} wards"
    )
    tests = ", ".join(f"{k} {v:,}" for k, v in sorted(functions.items()))
    print(f"    assertions by test: {tests}")
    print(
        f"    plan, comparison (super-simple):     {planning_comparison:8.2f} s "
        f"(CPU {cpu_comparison:.2f} s); full hand count in {full_comparison} wards"
    )
    if share:
        print(f"    comparison, median share of papers: {statistics.median(share):.4f}")
    asn_against_rlacalc(polling)


def asn_against_rlacalc(polling: list[Plan]) -> None:
    """BRAVO's expected sizes beside rlacalc's ``findAsn`` (McBurnett), which takes a
    two-candidate margin: our ASN over all the papers is its ASN over the papers for
    either side, divided by their share of all the papers."""
    try:
        import rlacalc  # type: ignore[import-untyped]
    except ImportError:
        print("    rlacalc is not installed: no side-by-side ASN")
        return
    same = differ = 0
    worst = 0
    start = time.perf_counter()
    for p in polling:
        for a in p.assertions:
            if a.risk_function != "bravo" or a.full_count:
                continue
            up = sum(n for v, n in a.assertion.tally if v == 1)
            down = sum(n for v, n in a.assertion.tally if v == 0)
            informative = (up + down) / a.assertion.papers
            theirs = rlacalc.findAsn(alpha=p.risk_limit, margin=(up - down) / (up + down))
            ours = a.expected_sample_size * informative
            gap = abs(math.ceil(ours - 1e-9) - theirs)
            worst = max(worst, gap)
            if gap <= 1:
                same += 1
            else:
                differ += 1
    took = time.perf_counter() - start
    print(
        f"    BRAVO ASN beside rlacalc.findAsn (papers for either side): {same:,} within one "
        f"paper, {differ:,} further apart (largest gap {worst}); rlacalc {took:.2f} s"
    )


def raire(papers: int, candidates: int, seed: int) -> None:
    print(f"(b) RAIRE: {papers:,} papers, {candidates} candidates, model blocs, seed {seed}")
    start = time.perf_counter()
    election = generate(candidates, papers, seed=seed, rules="av")
    generating = time.perf_counter() - start
    start = time.perf_counter()
    result = count(election, "av")
    counting = time.perf_counter() - start
    start = time.perf_counter()
    found = outcome(election, result)
    searching = time.perf_counter() - start
    hardest = found.hardest()
    distinct = len(election.votes)  # type: ignore[arg-type]
    print(f"    distinct rankings: {distinct:,}; winner {found.winners[0]}")
    print(f"    generate {generating:.2f} s, count {counting:.2f} s")
    print(f"    RAIRE assertion search: {searching:8.2f} s; {len(found.assertions)} assertions")
    if hardest is not None:
        print(
            f"    smallest margin {hardest.margin_votes} papers "
            f"(diluted {float(hardest.diluted_margin):.4f}): {hardest.statement}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", default="scotland,raire")
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--wards", type=int, default=None)
    parser.add_argument("--trials", type=int, default=TRIALS)
    parser.add_argument("--papers", type=int, default=1_000_000)
    parser.add_argument("--candidates", type=int, default=8)
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args()
    tasks = set(args.tasks.split(","))
    if "scotland" in tasks:
        scotland(args.data, args.wards, args.trials)
    if "raire" in tasks:
        raire(args.papers, args.candidates, args.seed)


if __name__ == "__main__":
    main()
