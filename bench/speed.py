"""tellers against the reading floor, and against its peers, in one run (``make bench``).

Every figure is a whole process (interpreter, imports, reading, counting,
writing JSON to /dev/null), the median of ``--repeat`` runs, and every
tellers figure is printed beside the figure it is held to, measured in the
same run, runs taking turns: the reading floor (``bench/floor.py``: the file's
lines parsed once by pyarrow and identical papers merged, the least any
counter must do), or WIGM on the same file for Meek, or a peer. See
bench/README.md, "Speed against the reading floor".

Workloads (generated files are written once into ``bench/.cache`` by
``bench/papers.py``, a seeded Plackett–Luce electorate, one paper a line):

1. 1M papers, 12 candidates, 3 seats, BLT: ``tellers count --rules scot-2011``.
2. 10M papers, the same: also peak resident memory.
3. cast vote records: Maine 2018 (``.csv.gz``, decompressed by both), and 1M
   generated papers as a CVR CSV, ``--rules rctab``.
4. Meek at 100 candidates and 1M papers, against WIGM (``scot-2011``) on the file.
5. all 1,100 Scottish wards, ``--jobs`` every core, against the floor over the
   same files in one process.
6. the peers (pyrankvote, votekit, stvpoll, as installed in bench/.venv) on
   the workloads they can count.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from papers import cached
from run import (
    BENCH,
    DATA,
    MAIN_PYTHON,
    MAINE,
    MAINE_CLI,
    PEER_PYTHON,
    TELLERS,
    Peers,
    _load,
    measure,
    setup_peers,
    warm_up,
)

CACHE = BENCH / ".cache"
FLOOR = [str(MAIN_PYTHON), str(BENCH / "floor.py")]
#: The goals of issue 13: a ratio to the floor (or to WIGM), and peak memory.
READING_RATIO = 1.5
MEEK_RATIO = 3.0
#: The rule set Meek is held to: WIGM as the Scottish Order has it.
WIGM = "scot-2011"
PEAK_MB = 800.0


@dataclass
class Figure:
    """The runs of one command."""

    label: str
    command: list[str]
    walls: list[float] = field(default_factory=list)
    peaks: list[float] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)
    failed: str = ""

    @property
    def wall(self) -> float:
        return statistics.median(self.walls) if self.walls else float("nan")

    @property
    def cpu(self) -> float:
        """CPU seconds (user + system, workers included), the median of the runs."""
        return statistics.median(self.cpus) if self.cpus else float("nan")

    @property
    def peak(self) -> float:
        return max(self.peaks, default=float("nan"))


def run_all(figures: Sequence[Figure], repeat: int, timeout: float) -> None:
    """Run each figure's command ``repeat`` times, taking turns, so that a change in the
    machine's load falls on all of them alike."""
    for _ in range(repeat):
        for figure in figures:
            if figure.failed:
                continue
            m = measure(figure.command, timeout)
            if m.code or m.timed_out:
                figure.failed = "timed out" if m.timed_out else (m.stderr.splitlines() or ["?"])[-1]
                continue
            figure.walls.append(m.wall)
            figure.peaks.append(m.peak_mb)
            figure.cpus.append(m.cpu)
    for figure in figures:
        shown = figure.failed or (
            f"{figure.wall:.3f} s, {figure.cpu:.3f} CPU s (medians of {len(figure.walls)})"
        )
        print(f"    {figure.label:<46} {shown}", flush=True)


@dataclass
class Line:
    goal: str
    workload: str
    tellers: Figure
    against: Figure
    target: float
    what: str  # what tellers is held to: "floor", "WIGM", a peer
    peak_mb: float | None = None

    def cells(self) -> tuple[str, ...]:
        t, a = self.tellers, self.against
        if t.failed or a.failed:
            why = t.failed or a.failed
            failed = f"failed: {why[:60]}"
            return (self.goal, self.workload, "-", "-", self.what, "-", "-", "-", failed)
        ratio = t.wall / a.wall
        if self.what.startswith("peer"):
            faster = a.wall / t.wall
            verdict = "ahead" if faster > 1 else "BEHIND"
            shown = f"{faster:.1f}x faster"
        else:
            verdict = "met" if ratio <= self.target else "MISSED"
            shown = f"{ratio:.2f}x (<= {self.target:g}x)"
        peak = ""
        if self.peak_mb is not None:
            good = t.peak <= self.peak_mb
            peak = f"{t.peak:.0f} MB (<= {self.peak_mb:g}) {'met' if good else 'MISSED'}"
            verdict = verdict if good else "MISSED"
        return (
            self.goal,
            self.workload,
            f"{t.wall:.3f}",
            f"{a.wall:.3f}",
            self.what,
            shown,
            f"{t.cpu:.2f}/{a.cpu:.2f} = {t.cpu / a.cpu:.2f}x",
            peak or f"{t.peak:.0f} MB",
            verdict,
        )


def table(lines: Sequence[Line]) -> str:
    head = (
        "goal",
        "workload",
        "tellers s",
        "other s",
        "held to",
        "ratio",
        "CPU s (ratio)",
        "peak",
        "verdict",
    )
    rows = [head, *(line.cells() for line in lines)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    out = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    out.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(out)


def tellers(files: Sequence[str], *options: str) -> list[str]:
    return [str(TELLERS), "count", *files, *options, "--format", "json"]


def peer_figures(
    peers: Peers, target: list[str], variants: Sequence[tuple[str, str, str]]
) -> list[Figure]:
    """A figure for each installed peer variant: (package, runner, variant)."""
    found = []
    for package, script, variant in variants:
        if package not in peers.versions:
            continue
        out = Path(tempfile.gettempdir()) / f"tellers-speed-{package}-{variant}.json"
        command = [str(PEER_PYTHON), str(BENCH / script), "--variant", variant, *target]
        found.append(Figure(f"{package} {variant}", [*command, "--out", str(out)]))
    return found


STV_PEERS = [
    ("pyrankvote", "run_pyrankvote.py", "stv"),
    ("votekit", "run_votekit.py", "fast-stv"),
    ("stvpoll", "run_stvpoll.py", "scottish"),
]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tasks", default="1m,10m,cvr,meek,wards,peers")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each command")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="for the wards")
    parser.add_argument("--timeout", type=float, default=900)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--data", type=Path, default=DATA, help="folder of Scottish BLT files")
    parser.add_argument("--maine", type=Path, default=MAINE)
    parser.add_argument("--setup", action="store_true", help="retry peers that failed")
    args = parser.parse_args(argv)
    tasks = set(args.tasks.split(","))
    print(
        f"tellers speed benchmark, {date.today()}, {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {_load()}",
        flush=True,
    )
    warm_up()
    peers = setup_peers(args.setup) if "peers" in tasks else Peers()
    lines: list[Line] = []

    def file(kind: str, candidates: int, papers: int, seed: int) -> str:
        path, seconds = cached(CACHE, kind, candidates, 3, papers, seed)
        made = f"written in {seconds:.0f} s" if seconds else "already written"
        print(f"  {path.name}: {path.stat().st_size / 1e6:.0f} MB, {made}", flush=True)
        return str(path)

    def against_floor(
        goal: str,
        workload: str,
        files: list[str],
        options: list[str],
        peak: float | None = None,
        floor_files: list[str] | None = None,
    ) -> Figure:
        print(f"{goal}. {workload}", flush=True)
        mine = Figure("tellers count", tellers(files, *options))
        floor = Figure("reading floor (bench/floor.py)", [*FLOOR, *(floor_files or files)])
        run_all([floor, mine], args.repeat, args.timeout)
        lines.append(Line(goal, workload, mine, floor, READING_RATIO, "floor", peak))
        return mine

    one_million = ""
    if tasks & {"1m", "peers"}:
        one_million = file("blt", 12, 1_000_000, args.seed)
    if "1m" in tasks:
        against_floor("1", "1M papers, one a line, BLT", [one_million], ["--rules", "scot-2011"])
    if "10m" in tasks:
        path = file("blt", 12, 10_000_000, args.seed)
        against_floor("2", "10M papers, one a line, BLT", [path], ["--rules", "scot-2011"], PEAK_MB)
    if "cvr" in tasks:
        if args.maine.exists():
            options = ["--rules", "rctab", *MAINE_CLI]
            against_floor("3", "Maine CD2 2018 CVR (.csv.gz)", [str(args.maine)], options)
        else:
            print(f"3. skipped: {args.maine} not there")
        path = file("csv", 12, 1_000_000, args.seed + 1)
        against_floor("3", "1M papers, CVR CSV", [path], ["--rules", "rctab"])
    meek_file = ""
    if "meek" in tasks:
        meek_file = file("blt", 100, 1_000_000, args.seed + 2)
        print("4. Meek, 100 candidates, 1M papers, against WIGM on the same file", flush=True)
        meek = Figure("tellers count --rules meek", tellers([meek_file], "--rules", "meek"))
        wigm = Figure("tellers count --rules scot-2011", tellers([meek_file], "--rules", WIGM))
        run_all([wigm, meek], args.repeat, args.timeout)
        lines.append(Line("4", "Meek, 100 candidates, 1M papers", meek, wigm, MEEK_RATIO, "WIGM"))
    if "wards" in tasks:
        wards = sorted(str(p) for p in args.data.glob("*/*.blt"))
        if wards:
            listing = Path(tempfile.gettempdir()) / "tellers-speed-wards.txt"
            listing.write_text("\n".join(wards), encoding="utf-8")
            options = ["--rules", "scot-2011", "--jobs", str(args.jobs)]
            workload = f"{len(wards):,} Scottish wards, --jobs {args.jobs}"
            against_floor("5", workload, wards, options, floor_files=["--list", str(listing)])
        else:
            print(f"5. skipped: no BLT files in {args.data}")
    if "peers" in tasks:
        for name, reason in peers.missing.items():
            print(f"  peer {name}: {reason}")
        print("6. peers on the 1M-paper file (STV, 3 seats)", flush=True)
        mine = next((line.tellers for line in lines if line.goal == "1"), None)
        figures = peer_figures(peers, ["--file", one_million], STV_PEERS)
        if mine is None:
            mine = Figure("tellers count", tellers([one_million], "--rules", "scot-2011"))
            run_all([mine, *figures], args.repeat, args.timeout)
        else:
            run_all(figures, args.repeat, args.timeout)
        for figure in figures:
            lines.append(Line("6", f"1M papers: {figure.label}", mine, figure, 1.0, "peer"))
    print(f"\nfinished, {_load()}\n")
    print(table(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
