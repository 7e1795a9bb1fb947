"""Benchmark tellers against Python peers, side by side, in one run (``make bench``).

Each tool counts in its own subprocess; this script measures the whole process
(wall time, and peak memory of the process tree) and each runner reports the
time spent in the count call alone. Peers live in ``bench/.venv``, made here
from ``bench/requirements.txt``; tellers runs from the project's own venv.
See bench/README.md for what each figure means.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import cast

from benchlib import MAINE_OPTIONS
from measure import Measure

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
PEER_VENV = BENCH / ".venv"
PEER_PYTHON = PEER_VENV / "bin" / "python"
STATUS = PEER_VENV / "install-status.json"
MAIN_PYTHON = Path(sys.executable)
TELLERS = MAIN_PYTHON.parent / "tellers"
DATA = ROOT.parent / "shared" / "data" / "scotland-local-stv-blt"
NSW = ROOT.parent / "shared" / "data" / "australia-nsw-2023-la-irv"
MAINE = (
    ROOT.parent / "shared" / "data" / "us-maine-2018-cd2-rcv" / "maine_cd2_2018_all_ballots.csv.gz"
)

#: The environment every measured command runs in: as a user's shell has it, except
#: that Python may cache compiled modules (some sandboxes set PYTHONDONTWRITEBYTECODE,
#: which would make tellers, run from source, compile itself at every start while
#: the peers, installed by pip, start from compiled files).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

#: Floors the project aims at. Against the peers: ahead of every one on every workload
#: (the earlier 10x and 5x ratios gave way to the reading floor of bench/speed.py).
FLOOR_PEER_RATIO = 1.0
FLOOR_SCOT_SECONDS = 5.0
FLOOR_SCOT_MB = 300.0
FLOOR_HELP_SECONDS = 0.5
FLOOR_NSW_SECONDS = 1.0
FLOOR_SAME_RULE_RATIO = 1.0


@dataclass(frozen=True)
class Floor:
    """What a task's tellers rows must reach: a time (and memory), or a ratio to peers."""

    seconds: float | None = None
    mb: float | None = None
    ratio: float | None = None
    #: Compare only with peers counting the same rule (the rows marked so).
    same_rule: bool = False
    #: Printed after the verdict (a reference figure, say).
    aside: str = ""


#: Floors by task letter.
FLOORS = {
    "(a)": Floor(seconds=FLOOR_SCOT_SECONDS, mb=FLOOR_SCOT_MB),
    "(b)": Floor(ratio=FLOOR_PEER_RATIO),
    "(c)": Floor(
        seconds=FLOOR_NSW_SECONDS, aside="pyrankvote took 3.5 s on the same papers, quiet machine"
    ),
    "(d)": Floor(ratio=FLOOR_SAME_RULE_RATIO, same_rule=True),
    "(e)": Floor(ratio=FLOOR_SAME_RULE_RATIO, same_rule=True),
}

#: Rows quicker than this many seconds are run ``--repeat`` times (median kept).
QUICK = 30.0


# --- measuring a process -------------------------------------------------------------


def measure(command: Sequence[str], timeout: float) -> Measure:
    """Run ``command`` under bench/measure.py, a small process of its own.

    The tool is started from that small process rather than from this one, which
    by now holds a million generated papers: the kernel counts a child's memory
    from before it starts the tool, and a big parent would swell every figure.
    """
    wrapper = [str(MAIN_PYTHON), str(BENCH / "measure.py"), "--timeout", str(timeout), "--"]
    done = subprocess.run([*wrapper, *command], capture_output=True, text=True, env=ENV)
    if done.returncode != 0:
        return Measure(0.0, 0.0, 1, False, done.stderr.strip() or "measure.py failed")
    return Measure(**json.loads(done.stdout))


# --- the peers' venv -----------------------------------------------------------------


@dataclass
class Peers:
    versions: dict[str, str] = field(default_factory=dict)
    missing: dict[str, str] = field(default_factory=dict)


def _requirements() -> list[str]:
    lines = (BENCH / "requirements.txt").read_text(encoding="utf-8").splitlines()
    return [line.split("#")[0].strip() for line in lines if line.split("#")[0].strip()]


def _package(requirement: str) -> str:
    for mark in "=<>!~[; ":
        requirement = requirement.split(mark)[0]
    return requirement


def setup_peers(retry: bool) -> Peers:
    """Make bench/.venv and install each requirement on its own; report what failed."""
    peers = Peers()
    if not PEER_PYTHON.exists():
        print(f"making {PEER_VENV} for the peers ...", flush=True)
        base = getattr(sys, "_base_executable", sys.executable)
        subprocess.run([base, "-m", "venv", str(PEER_VENV)], check=True)
        retry = True
    known: dict[str, str] = json.loads(STATUS.read_text()) if STATUS.exists() else {}
    for requirement in _requirements():
        name = _package(requirement)
        version = _installed_version(name)
        if version:
            peers.versions[name] = version
            continue
        if name in known and not retry:
            peers.missing[name] = known[name]
            continue
        print(f"installing {requirement} into {PEER_VENV} ...", flush=True)
        done = subprocess.run(
            [str(PEER_PYTHON), "-m", "pip", "install", "--quiet", requirement],
            capture_output=True,
            text=True,
        )
        version = _installed_version(name)
        if version:
            peers.versions[name] = version
            known.pop(name, None)
        else:
            lines = [x for x in done.stderr.splitlines() if x.startswith("ERROR")]
            reason = lines[-1] if lines else (done.stderr.strip().splitlines() or ["?"])[-1]
            peers.missing[name] = f"pip install {requirement} failed: {reason}"
            known[name] = peers.missing[name]
    STATUS.write_text(json.dumps(known, indent=1))
    return peers


def _installed_version(name: str) -> str:
    if not PEER_PYTHON.exists():
        return ""
    found = subprocess.run(
        [str(PEER_PYTHON), "-c", f"import importlib.metadata as m; print(m.version({name!r}))"],
        capture_output=True,
        text=True,
    )
    return found.stdout.strip() if found.returncode == 0 else ""


# --- rows of the table ---------------------------------------------------------------


@dataclass
class Row:
    task: str
    tool: str
    rule: str
    same_rule: bool
    is_tellers: bool
    command: list[str] = field(default_factory=list)
    result_file: Path | None = None
    skipped: str = ""
    measure: Measure | None = None
    count_s: float | None = None
    elected: dict[str, list[int]] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    note: str = ""

    @property
    def ok(self) -> bool:
        m = self.measure
        return bool(m and not m.timed_out and m.code == 0 and not self.skipped)


def run_row(row: Row, timeout: float, repeat: int) -> None:
    """Run a row's command; quick ones ``repeat`` times, keeping the median run."""
    if row.skipped:
        print(f"  skip  {row.tool:<28} {row.skipped}", flush=True)
        return
    print(f"  run   {row.tool:<28} ...", end=" ", flush=True)
    runs: list[tuple[Measure, dict[str, object]]] = []
    while True:
        m = measure(row.command, timeout)
        result: dict[str, object] = {}
        if row.result_file and row.result_file.exists():
            result = json.loads(row.result_file.read_text())
            row.result_file.unlink()
        runs.append((m, result))
        if m.code or m.timed_out or len(runs) >= repeat or m.wall > QUICK:
            break
    runs.sort(key=lambda run: run[0].wall)
    m, result = runs[(len(runs) - 1) // 2]
    m.peak_mb = max(run[0].peak_mb for run in runs)
    row.measure = m
    if result:
        count_s = result["count_s"]
        row.count_s = count_s if isinstance(count_s, float) else None
        row.elected = cast(dict[str, list[int]], result["elected"])
        row.errors = cast(dict[str, str], result["errors"])
        row.note = str(result.get("note", ""))
    state = "timed out" if m.timed_out else f"exit {m.code}" if m.code else "ok"
    times = "" if len(runs) == 1 else f"  (median of {len(runs)})"
    print(f"{m.wall:8.2f} s {m.peak_mb:7.0f} MB  {state}{times}", flush=True)
    if m.code and not m.timed_out:
        row.skipped = "failed: " + (m.stderr.splitlines() or ["no message"])[-1][:150]
    elif m.timed_out:
        row.skipped = f"timed out after {timeout:.0f} s"


def tellers_cli_flags() -> tuple[str, list[str]]:
    """Whether ``tellers count`` exists, and the flags it takes for rules."""
    if not TELLERS.exists():
        return f"{TELLERS} not installed", []
    shown = subprocess.run([str(TELLERS), "count", "--help"], capture_output=True, text=True)
    if shown.returncode != 0:
        return "`tellers count` not there yet", []
    return "", ["--rules"] if "--rules" in shown.stdout else []


def runner(
    python: Path, script: str, variant: str, target: list[str], out: Path, jobs: int
) -> list[str]:
    return [str(python), str(BENCH / script), "--variant", variant, *target, "--out", str(out)] + (
        ["--jobs", str(jobs)] if jobs > 1 else []
    )


def build_rows(
    task: str,
    tmp: Path,
    target: list[str],
    files: list[str],
    rules: str,
    peers: Peers,
    jobs: int,
    peer_variants: list[tuple[str, str, str, str, bool]],
    *,
    options: Sequence[str] = (),
    api_variant: str = "",
) -> list[Row]:
    """Rows for one task: tellers' CLI, tellers' API, then each peer variant.

    ``options`` go to the CLI after the rule set (``--option k=v`` ...), and
    ``api_variant`` names the same count for bench/run_tellers.py (default: the
    rule set).
    """
    rows: list[Row] = []
    why, rule_flags = tellers_cli_flags()
    cli = Row(task, "tellers CLI", rules, True, True)
    if why:
        cli.skipped = why
    else:
        extra = [*rule_flags, rules, *options] if rule_flags else []
        cli.command = [str(TELLERS), "count", *files, *extra, "--format", "json"]
        if jobs > 1:
            cli.command += ["--jobs", str(jobs)]
    rows.append(cli)
    slug = task.split()[0].strip("()")
    api = Row(task, f"tellers API ({jobs} proc)" if jobs > 1 else "tellers API", rules, True, True)
    api.result_file = tmp / f"{slug}-tellers.json"
    variant = api_variant or rules
    api.command = runner(MAIN_PYTHON, "run_tellers.py", variant, target, api.result_file, jobs)
    rows.append(api)
    for package, script, variant, rule, same in peer_variants:
        label = f"{package} {variant}"
        row = Row(task, label, rule, same, False)
        if package in peers.missing:
            row.skipped = "not installed: " + peers.missing[package]
        elif package not in peers.versions:
            row.skipped = "not installed"
        elif not script:
            row.skipped = "installed, but no runner written for it"
        else:
            row.result_file = tmp / f"{slug}-{package}-{variant}.json"
            row.command = runner(PEER_PYTHON, script, variant, target, row.result_file, jobs)
        rows.append(row)
    return rows


# --- the report ----------------------------------------------------------------------


def _seconds(value: float | None) -> str:
    if value is None:
        return "-"
    if value < 0.1:
        return f"{value:.3f}"
    return f"{value:.2f}" if value < 100 else f"{value:.0f}"


def _ratio(fastest: float | None, mine: float | None) -> str:
    if not fastest or not mine:
        return "-"
    ratio = fastest / mine
    if ratio < 0.1:
        return f"{ratio:.3f}x"
    return f"{ratio:.1f}x" if ratio < 100 else f"{ratio:.0f}x"


def agreement(row: Row, reference: Row | None) -> tuple[str, str]:
    """(what was elected, whether it agrees with tellers)."""
    if not row.ok:
        return "-", "-"
    if len(row.elected) + len(row.errors) > 1:
        counted = f"{len(row.elected)} counted" + (
            f", {len(row.errors)} failed" if row.errors else ""
        )
        if reference is None or not reference.elected or row is reference:
            return counted, "(reference)" if row is reference else "n/a"
        common = [k for k in row.elected if k in reference.elected]
        same = sum(row.elected[k] == reference.elected[k] for k in common)
        return counted, f"{same}/{len(reference.elected)}"
    won = next(iter(row.elected.values()), None)
    if won is None:
        return "; ".join(row.errors.values())[:40] or "-", "-"
    text = ",".join(str(c) for c in won)
    if reference is None or not reference.elected:
        return text, "n/a"
    if row is reference:
        return text, "(reference)"
    theirs = next(iter(reference.elected.values()))
    return text, "yes" if theirs == won else "NO"


def table(rows: list[Row], startup: float | None, startup_note: str) -> str:
    head = (
        "task",
        "tool",
        "rule",
        "wall s",
        "count s",
        "peak MB",
        "vs fastest peer (wall/count)",
        "elected",
        "agrees",
        "floor / note",
    )
    lines: list[tuple[str, ...]] = [head]
    tasks = list(dict.fromkeys(r.task for r in rows))
    for task in tasks:
        group = [r for r in rows if r.task == task]
        peers = [r for r in group if not r.is_tellers and r.ok]
        fast_wall = min((r.measure.wall for r in peers if r.measure), default=None)
        fast_count = min((r.count_s for r in peers if r.count_s is not None), default=None)
        reference = next((r for r in group if r.is_tellers and r.ok and r.elected), None)
        for r in group:
            rule = r.rule + ("" if r.same_rule else " (not the same rule)")
            if not r.ok:
                lines.append((task, r.tool, rule, "-", "-", "-", "-", "-", "-", r.skipped))
                continue
            assert r.measure is not None
            m = r.measure
            ratio = f"{_ratio(fast_wall, m.wall)}/{_ratio(fast_count, r.count_s)}"
            elected, agrees = agreement(r, reference)
            lines.append(
                (
                    task,
                    r.tool,
                    rule,
                    _seconds(m.wall),
                    _seconds(r.count_s),
                    f"{m.peak_mb:.0f}",
                    ratio,
                    elected,
                    agrees,
                    floor(r, group),
                )
            )
    if startup is not None or startup_note:
        verdict = (
            f"< {FLOOR_HELP_SECONDS} s: " + ("met" if startup < FLOOR_HELP_SECONDS else "MISSED")
            if startup is not None
            else startup_note
        )
        lines.append(("startup", "tellers --help", "-", _seconds(startup), *"-----", verdict))
    widths = [max(len(line[i]) for line in lines) for i in range(len(head))]
    out = []
    for n, line in enumerate(lines):
        out.append("  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip())
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def floor(row: Row, group: list[Row]) -> str:
    """The floor of ``row``'s task, and whether ``row`` (a tellers row) met it."""
    spec = FLOORS.get(row.task.split()[0])
    if not row.is_tellers or row.measure is None or spec is None:
        return ""
    m = row.measure
    aside = f" ({spec.aside})" if spec.aside else ""
    if spec.seconds is not None:
        good = m.wall < spec.seconds and (spec.mb is None or m.peak_mb < spec.mb)
        limit = f"< {spec.seconds:g} s" + (f", < {spec.mb:g} MB" if spec.mb else "")
        return f"{limit}: {'met' if good else 'MISSED'}{aside}"
    ratio = spec.ratio or 1.0
    peers = [r for r in group if not r.is_tellers and r.ok and (r.same_rule or not spec.same_rule)]
    which = "fastest peer counting the same rule" if spec.same_rule else "fastest peer"
    if not peers:
        ran = [r for r in group if not r.is_tellers and r.ok]
        if spec.same_rule and ran:
            return f"against the {which}: no peer counts {row.rule}, so no verdict"
        return f"against the {which}: no peer ran"
    fast_wall = min(r.measure.wall for r in peers if r.measure)
    fast_count = min((r.count_s for r in peers if r.count_s is not None), default=None)
    mine = fast_wall / m.wall
    verdicts = [f"wall {mine:.1f}x {'met' if mine >= ratio else 'MISSED'}"]
    if fast_count and row.count_s:
        mine = fast_count / row.count_s
        verdicts.append(f"count alone {mine:.1f}x")
    goal = f"ahead of the {which}" if ratio == 1 else f">= {ratio:g}x {which}"
    return f"{goal}: " + ", ".join(verdicts) + aside


# --- the tasks -----------------------------------------------------------------------


def warm_up() -> None:
    """Compile tellers' modules once, as an installed package has them compiled."""
    import tellers

    package = str(Path(tellers.__file__).parent)
    subprocess.run([str(MAIN_PYTHON), "-m", "compileall", "-q", package], env=ENV, check=False)


def startup_time(runs: int) -> tuple[float | None, str]:
    if not TELLERS.exists():
        return None, f"skipped: {TELLERS} not installed"
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run([str(TELLERS), "--help"], capture_output=True, env=ENV)
        times.append(time.perf_counter() - start)
        if done.returncode != 0:
            last = done.stderr.decode(errors="replace").strip().splitlines() or ["?"]
            return None, f"skipped: tellers --help failed: {last[-1][:100]}"
    return statistics.median(times), ""


def generated(tmp: Path, seed: int, papers: int, seats: int, name: str) -> Path:
    from tellers.sim import generate, to_blt

    start = time.perf_counter()
    election = generate(12, papers, seats=seats, seed=seed)
    path = tmp / f"{name}.blt"
    path.write_text(to_blt(election), encoding="utf-8")
    rankings = len(election.votes.rankings) if hasattr(election.votes, "rankings") else 0
    print(
        f"  {name}: {election.source}: {rankings:,} distinct rankings, "
        f"made in {time.perf_counter() - start:.1f} s",
        flush=True,
    )
    return path


def maine_ranking(record: Sequence[Sequence[int]], skips: int, ranks: int) -> tuple[int, ...]:
    """The ranking a Maine paper counts for, read as ``rctab`` reads it for Maine.

    Ranks after ``ranks`` are not read; more than ``skips`` unmarked ranks in a row
    (counting from the first rank) end the paper; so does an overvote (two or more
    marks, or a rank the file reports as "overvote"), whether or not its candidates
    continue; a candidate ranked again is passed over. None of this depends on who
    is still in the count, so the paper's course through any IRV count is that of
    the ranking returned here, until it exhausts.
    """
    from tellers.core.records import OVERVOTE

    ranking: list[int] = []
    gap = 0
    for rank in record[:ranks]:
        if not rank:
            gap += 1
            if gap > skips:
                break
            continue
        gap = 0
        if len(rank) > 1 or rank[0] == OVERVOTE:
            break
        if rank[0] not in ranking:
            ranking.append(rank[0])
    return tuple(ranking)


def check_maine(path: Path) -> None:
    """Check the peers' reading of the Maine CVR against tellers' own; print the outcome.

    The peers' runners read the CVR with ``benchlib.read_maine_cvr``, which turns
    each paper into the ranking it counts for under Maine's law. Here tellers
    reads the same file (``tellers.formats.read``), its records are turned into
    rankings by :func:`maine_ranking`, and both must give the same rankings for
    the same papers; and at every round of tellers' ``rctab`` count the
    continuing candidates' votes from those rankings must equal the round's.
    """
    from collections import Counter

    from benchlib import read_maine_cvr

    from tellers import count
    from tellers.core.records import CastVoteRecords
    from tellers.formats import read

    start = time.perf_counter()
    election = read(str(path))
    records = election.votes
    assert isinstance(records, CastVoteRecords)
    names = [c.name for c in election.contest.candidates]
    rankings: Counter[tuple[str, ...]] = Counter()
    for record, papers in records:
        ranking = maine_ranking(record, skips=1, ranks=5)
        if ranking:
            rankings[tuple(names[c] for c in ranking)] += papers
    peers = read_maine_cvr(path)
    pairs = zip(peers.rankings, peers.weights, strict=True)
    theirs = Counter({tuple(peers.names[c] for c in r): n for r, n in pairs})
    same_reading = theirs == rankings and list(peers.names) == names
    result = count(election, "rctab", MAINE_OPTIONS)
    same_rounds = True
    for stage in result.stages:
        gone = {names[d.candidate] for d in result.decisions if d.stage < stage.number}
        votes: Counter[str] = Counter()
        for held, papers in rankings.items():
            first = next((c for c in held if c not in gone), None)
            if first is not None:
                votes[first] += papers
        for name, figure in zip(names, stage.votes, strict=True):
            if name not in gone and figure != votes[name]:
                same_rounds = False
    print(
        f"  {records.papers:,} papers ({len(records):,} distinct records) -> "
        f"{len(rankings):,} distinct Maine rankings held by {sum(rankings.values()):,} papers; "
        f"the peers' reading gives the same rankings: {'yes' if same_reading else 'NO'}; "
        f"they give rctab's figures at every round: {'yes' if same_rounds else 'NO'} "
        f"(checked in {time.perf_counter() - start:.1f} s)",
        flush=True,
    )


def _load() -> str:
    """The load average: other work on the machine makes every figure slower."""
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min)"


#: Maine's options as ``tellers count`` takes them.
MAINE_CLI = [x for key, value in MAINE_OPTIONS.items() for x in ("--option", f"{key}={value}")]

IRV_PEERS = [
    ("votekit", "run_votekit.py", "fast-irv", "IRV", True),
    ("votekit", "run_votekit.py", "irv", "IRV", True),
    ("pyrankvote", "run_pyrankvote.py", "irv", "IRV", True),
]


def nsw_task(tmp: Path, args: argparse.Namespace, peers: Peers) -> list[Row]:
    """(c) every NSW district of 2023, on ``--jobs`` processes, IRV peers alongside."""
    files = sorted(str(p) for p in args.nsw.glob("*.soi"))
    task = f"(c) {len(files)} NSW districts 2023"
    print(task, flush=True)
    if not files:
        print(f"  skip: no .soi files in {args.nsw}")
        return []
    listing = tmp / "nsw.txt"
    listing.write_text("\n".join(files), encoding="utf-8")
    group = build_rows(
        task, tmp, ["--list", str(listing)], files, "au-nsw", peers, args.jobs, IRV_PEERS
    )
    for row in group:
        run_row(row, args.timeout, args.repeat)
    return group


def maine_task(tmp: Path, args: argparse.Namespace, peers: Peers) -> list[Row]:
    """(d) Maine CD2 2018 from its CVR: rctab with Maine's options; peers on its rankings."""
    task = "(d) Maine CD2 2018 CVR"
    print(task, flush=True)
    if not args.maine.exists():
        print(f"  skip: {args.maine} not there")
        return []
    check_maine(args.maine)
    peer_variants = [(p, s, v, "IRV on the Maine rankings", same) for p, s, v, _, same in IRV_PEERS]
    target = ["--file", str(args.maine)]
    group = build_rows(
        task, tmp, target, [str(args.maine)], "rctab", peers, 1, peer_variants,
        options=MAINE_CLI, api_variant="rctab-maine",
    )  # fmt: skip
    for row in group:
        run_row(row, args.timeout, args.repeat)
    return group


def meek_task(tmp: Path, args: argparse.Namespace, peers: Peers) -> list[Row]:
    """(e) a generated million under Meek STV; no peer has Meek, so STV peers for scale."""
    seed = args.seed + 2
    print(f"(e) generated, 12 candidates, {args.papers:,} papers, Meek STV", flush=True)
    path = generated(tmp, seed, args.papers, 3, "meek")
    print(
        f"  no peer implements Meek STV: votekit {peers.versions.get('votekit', '-')} has "
        "STV/FastSTV (Droop, fractional transfer of surpluses) but no Meek election, and "
        f"pyrankvote {peers.versions.get('pyrankvote', '-')} only single_transferable_vote; "
        "their STV rows are shown for scale, not the same rule",
        flush=True,
    )
    task = f"(e) Meek 3 seats, seed {seed}"
    variants = [
        ("votekit", "run_votekit.py", "fast-stv", "Droop fractional STV", False),
        ("votekit", "run_votekit.py", "stv", "Droop fractional STV", False),
        ("pyrankvote", "run_pyrankvote.py", "stv", "STV, float", False),
    ]
    group = build_rows(task, tmp, ["--file", str(path)], [str(path)], "meek", peers, 1, variants)
    for row in group:
        run_row(row, args.timeout, args.repeat)
    return group


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--tasks", default="a,b,c,d,e,startup", help="any of a, b, c, d, e, startup"
    )
    parser.add_argument("--jobs", type=int, default=2, help="processes for (a) and (c)")
    parser.add_argument("--wards", type=int, default=0, help="count only the first N wards")
    parser.add_argument("--papers", type=int, default=1_000_000, help="papers in (b) and (e)")
    parser.add_argument(
        "--seed", type=int, default=2024, help="seed of (b) STV; (b) IRV uses seed+1, (e) seed+2"
    )
    parser.add_argument("--timeout", type=float, default=900, help="seconds per row")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each quick row")
    parser.add_argument("--slow-peers", action="store_true", help="(a): votekit STV too")
    parser.add_argument("--setup", action="store_true", help="retry peers that failed")
    parser.add_argument("--data", type=Path, default=DATA, help="folder of Scottish BLT files")
    parser.add_argument("--nsw", type=Path, default=NSW, help="folder of the NSW .soi files")
    parser.add_argument("--maine", type=Path, default=MAINE, help="the Maine CD2 CVR (.csv.gz)")
    args = parser.parse_args(argv)
    tasks = set(args.tasks.split(","))

    print(
        f"tellers benchmark, {date.today()}, {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {_load()}",
        flush=True,
    )
    peers = setup_peers(args.setup)
    warm_up()
    for name, version in peers.versions.items():
        print(f"  peer {name} {version}")
    for name, reason in peers.missing.items():
        print(f"  peer {name}: {reason}")

    rows: list[Row] = []
    startup: float | None = None
    startup_note = ""
    with tempfile.TemporaryDirectory(prefix="tellers-bench-") as name:
        tmp = Path(name)
        if "a" in tasks:
            files = sorted(str(p) for p in args.data.glob("*/*.blt"))
            if args.wards:
                files = files[: args.wards]
            task = f"(a) {len(files):,} Scottish wards"
            print(task, flush=True)
            if not files:
                print(f"  skip: no BLT files in {args.data}")
            else:
                listing = tmp / "wards.txt"
                listing.write_text("\n".join(files), encoding="utf-8")
                variants = [
                    ("votekit", "run_votekit.py", "fast-stv", "Droop fractional STV", False),
                    ("pyrankvote", "run_pyrankvote.py", "stv", "STV, float", False),
                    ("droop", "", "scotland", "Scottish STV", True),
                ]
                if args.slow_peers:
                    variants.insert(
                        1, ("votekit", "run_votekit.py", "stv", "Droop fractional STV", False)
                    )
                group = build_rows(
                    task, tmp, ["--list", str(listing)], files, "scot-2011", peers, args.jobs,
                    variants,
                )  # fmt: skip
                for row in group:
                    run_row(row, args.timeout, args.repeat)
                rows += group
        if "b" in tasks:
            print(f"(b) generated, 12 candidates, {args.papers:,} papers", flush=True)
            stv = generated(tmp, args.seed, args.papers, 3, "stv")
            irv = generated(tmp, args.seed + 1, args.papers, 1, "irv")
            for path, rules, label, variants in (
                (
                    stv,
                    "scot-2011",
                    f"(b) STV 3 seats, seed {args.seed}",
                    [
                        ("votekit", "run_votekit.py", "fast-stv", "Droop fractional STV", False),
                        ("votekit", "run_votekit.py", "stv", "Droop fractional STV", False),
                        ("votekit", "run_votekit.py", "stv-exact", "Droop fractional STV", False),
                        ("pyrankvote", "run_pyrankvote.py", "stv", "STV, float", False),
                        ("droop", "", "scotland", "Scottish STV", True),
                    ],
                ),
                (
                    irv,
                    "av",
                    f"(b) IRV, seed {args.seed + 1}",
                    [
                        ("votekit", "run_votekit.py", "fast-irv", "IRV", True),
                        ("votekit", "run_votekit.py", "irv", "IRV", True),
                        ("votekit", "run_votekit.py", "irv-exact", "IRV", True),
                        ("pyrankvote", "run_pyrankvote.py", "irv", "IRV", True),
                    ],
                ),
            ):
                print(label, flush=True)
                group = build_rows(
                    label, tmp, ["--file", str(path)], [str(path)], rules, peers, 1, variants
                )
                for row in group:
                    run_row(row, args.timeout, args.repeat)
                rows += group
        if "c" in tasks:
            rows += nsw_task(tmp, args, peers)
        if "d" in tasks:
            rows += maine_task(tmp, args, peers)
        if "e" in tasks:
            rows += meek_task(tmp, args, peers)
    if "startup" in tasks:
        startup, startup_note = startup_time(10)
    print(f"\nfinished, {_load()}\n")
    print(table(rows, startup, startup_note))
    notes = sorted({f"{r.tool}: {r.note}" for r in rows if r.note and r.ok})
    for note in notes:
        print(f"  note: {note}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
