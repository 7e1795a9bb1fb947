"""``tellers count``: count files and print the declaration and stage sheet of each."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, TextIO

import click

from ..errors import TellersError
from ..service.counting import POOL_BYTES, POOL_FILES
from ._options import check_format_in, input_options, parse_options, terminal
from ._progress import Progress, ReadBar

if TYPE_CHECKING:
    from ..core.table import Row
    from ..service.counting import Counted, CountRequest, FileCount

__all__ = ["FORMATS_OUT", "Look", "Sink", "count", "render"]

FORMATS_OUT = ("text", "json", "csv", "parquet", "arrow", "rctab")
#: Formats that are tables: one row per stage and candidate.
TABLES = ("csv", "parquet", "arrow")
#: Tables that are written to a file (--output), never to a terminal.
BINARY = ("parquet", "arrow")


@dataclass(frozen=True, slots=True)
class Look:
    """How a count is shown: the output format and, for text, the terminal's look
    (picklable, so that a worker process renders as this one would)."""

    output: str = "text"
    rich: bool = False
    width: int = 100
    color: bool = False


def render(look: Look, counted: Counted) -> str:
    """The report ``look.output`` asks for, as text ending in a newline."""
    election, result, lots = counted.election, counted.count, counted.lots
    if look.output == "json":
        from ..report.json import to_json  # only what JSON needs: start-up time counts

        return to_json(election, result, lots=lots) + "\n"
    if look.output in TABLES:  # rows of CSV text: exact, and they pickle (--jobs)
        from ..report.tidy import csv_rows

        return csv_rows(result)
    from .. import report

    if look.rich:
        sheet = report.sheet_rich(election, result, width=look.width, color=look.color)
    else:
        sheet = report.sheet_text(election, result)
    return report.declaration(election, result, lots=lots) + "\n" + sheet


@click.command()
@click.argument("files", nargs=-1, metavar="FILE...")
@click.option(
    "--rules",
    "-r",
    metavar="NAME",
    help="Rule set to count under (see `tellers rules`). Default: the one the file names "
    "or its format implies.",
)
@click.option(
    "--format",
    "-f",
    "output",
    type=click.Choice(FORMATS_OUT),
    default="text",
    show_default=True,
    help="text: declaration and stage sheet; json: one tellers.count/1 document a line "
    "(JSON Lines); csv, parquet, arrow: the stage sheet as a tidy table, one row per stage "
    "and candidate, votes exact (parquet and arrow need --output and the frames extra); "
    "rctab: RCTab's detailed-report JSON (with --rctab-config).",
)
@click.option(
    "--output",
    "-o",
    "output_path",
    type=click.Path(dir_okay=False, writable=True),
    metavar="PATH",
    help="Write to PATH instead of standard output (one table for all the files).",
)
@click.option(
    "--rctab-config",
    type=click.Path(dir_okay=False),
    metavar="CONFIG.json",
    help="Count the contest an RCTab configuration describes, as RCTab would (paths in it "
    "are relative to the configuration file). Takes the place of FILE.",
)
@input_options(
    format_in_help="Format of the input files (default: guessed from each file's name and "
    "content).",
    lots_help="Replay an official draw: the tied candidates, the one the lot favoured first. "
    "Repeat for several draws.",
    seed_help="Draw any lot not supplied with --lots at random from this seed (printed with "
    "the result).",
)
@click.option(
    "--option",
    "options",
    multiple=True,
    metavar="KEY=VALUE",
    callback=parse_options,
    help="Set an option of the rule set (see `tellers rules`). Repeatable.",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    help="Count files in this many processes (default: one per CPU for more than "
    f"{POOL_FILES} files of {POOL_BYTES // 1_000_000} MB or more in all, else 1). "
    "Output keeps the order of the files.",
)
def count(
    files: tuple[str, ...],
    rules: str | None,
    output: str,
    format_in: str | None,
    seats: int | None,
    contest: str | None,
    lot_orders: tuple[str, ...],
    seed: int | None,
    options: tuple[tuple[str, str], ...],
    jobs: int | None,
    rctab_config: str | None,
    output_path: str | None,
) -> None:
    """Count FILE... and print the result of each, in the order given.

    Without --lots or --seed, a tie that only a lot can decide stops the count
    with a message saying how to supply the lot. A file that cannot be read or
    counted is reported on standard error as `tellers: <message>`; the others
    are still counted, and the exit code is 1.

    FILE may be - for standard input.
    """
    from ..service.counting import CountRequest, count_files, default_jobs

    if output in BINARY and output_path is None:
        raise click.BadParameter(f"--format {output} writes a file: give --output PATH")
    look = Look(output, **(terminal() if output_path is None else {}))
    if rctab_config is not None:
        if files:
            raise click.UsageError("give either FILE... or --rctab-config, not both")
        ignored = {
            "--rules": rules,
            "--format-in": format_in,
            "--seats": seats,
            "--contest": contest,
            "--option": options,
            "--jobs": jobs,
        }
        given = [name for name, value in ignored.items() if value]
        if given:
            raise click.UsageError(
                f"{', '.join(given)} cannot go with --rctab-config: the configuration "
                "says what to read and how to count it"
            )
        with Sink(output, output_path) as sink:
            _count_rctab_config(rctab_config, look, CountRequest(lots=lot_orders, seed=seed), sink)
        return
    if not files:
        raise click.UsageError("missing FILE... (or --rctab-config)")
    if output == "rctab":
        raise click.BadParameter("--format rctab goes with --rctab-config", param_hint="--format")
    check_format_in(format_in)
    request = CountRequest(
        rules=rules,
        format_in=format_in,
        seats=seats,
        lots=lot_orders,
        seed=seed,
        options=options,
        contest=contest,
    ).checked()
    if jobs is None:
        jobs = default_jobs(files)
    failed = 0
    unused: set[str] | None = None  # supplied lots that no file needed
    reading = ReadBar() if len(files) == 1 and files[0] != "-" else None
    counted = count_files(files, request, partial(render, look), jobs, reading, reading)
    with Progress(len(files)) as progress, Sink(output, output_path) as sink:
        for index, result in enumerate(counted):
            progress.advance()
            if result.error is not None:
                failed += 1
                many = len(files) > 1 and not _names_source(result)
                progress.error(f"tellers: {result.path + ': ' if many else ''}{result.error}")
                continue
            lots = set(result.unused_lots)
            unused = lots if unused is None else unused & lots
            sink.write(_block(result, files, index, output))
    for order in sorted(unused or ()):
        click.echo(f"tellers: warning: the supplied lot {order!r} was not needed", err=True)
    if failed:
        sys.exit(1)


class Sink:
    """Where a count's output goes: standard output, or the file --output names. Tables
    get their header once; Parquet and Arrow tables are gathered and written at the end."""

    def __init__(self, output: str, path: str | None) -> None:
        self.output = output
        self.path = path
        self.rows: list[Row] = []
        self.started = False
        self.handle: TextIO | None = None

    def __enter__(self) -> Sink:
        return self

    def write(self, text: str) -> None:
        from ..report.tidy import csv_header, read_csv_rows

        if self.output in BINARY:
            self.rows.extend(read_csv_rows(text))
            return
        if self.output in TABLES and not self.started:
            text = csv_header() + text
        self.started = True
        if self.path is None:
            click.echo(text, nl=False)
            return
        if self.handle is None:
            try:
                self.handle = open(self.path, "w", encoding="utf-8", newline="")  # noqa: SIM115
            except OSError as error:
                raise TellersError(f"{self.path}: cannot write: {error.strerror}") from None
        self.handle.write(text)

    def __exit__(self, *_: object) -> None:
        if self.handle is not None:
            self.handle.close()
        elif self.output in BINARY and self.path is not None:
            from ..report.tidy import write_table

            write_table(self.rows, self.output, self.path)


def _count_rctab_config(path: str, look: Look, request: CountRequest, sink: Sink) -> None:
    """Run an RCTab contest configuration; print RCTab's report or tellers' own."""
    from ..errors import one_line
    from ..service.counting import count_rctab_config

    try:
        run = count_rctab_config(path, request)
        if look.output == "rctab":
            text = run.report if run.report.endswith("\n") else run.report + "\n"
        else:
            text = render(look, run.counted)
    except TellersError as error:
        click.echo(f"tellers: {one_line(error)}", err=True)
        sys.exit(1)
    sink.write(text)


def _names_source(result: FileCount) -> bool:
    return result.error is not None and result.error.startswith(result.path)


def _block(result: FileCount, files: Sequence[str], index: int, output: str) -> str:
    """One file's output, with a heading when several files are counted."""
    if len(files) == 1 or output == "json" or output in TABLES:
        return result.output
    gap = "\n" if index else ""
    return f"{gap}==> {result.path} <==\n{result.output}"
