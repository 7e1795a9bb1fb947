"""``tellers count``: count files and print the declaration and stage sheet of each."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

import click

from ..errors import TellersError
from ..service.counting import POOL_BYTES, POOL_FILES
from ._options import check_format_in, input_options, parse_options, terminal
from ._progress import Progress, ReadBar

if TYPE_CHECKING:
    from ..service.counting import Counted, CountRequest, FileCount

__all__ = ["FORMATS_OUT", "Look", "count", "render"]

FORMATS_OUT = ("text", "json", "csv", "rctab")


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
    from .. import report

    if look.output == "csv":
        return report.sheet_csv(election, result)
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
    "(JSON Lines); csv: the stage sheet with values exactly as recorded; rctab: RCTab's "
    "detailed-report JSON (with --rctab-config).",
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
    "-o",
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
    lot_orders: tuple[str, ...],
    seed: int | None,
    options: tuple[tuple[str, str], ...],
    jobs: int | None,
    rctab_config: str | None,
) -> None:
    """Count FILE... and print the result of each, in the order given.

    Without --lots or --seed, a tie that only a lot can decide stops the count
    with a message saying how to supply the lot. A file that cannot be read or
    counted is reported on standard error as `tellers: <message>`; the others
    are still counted, and the exit code is 1.

    FILE may be - for standard input.
    """
    from ..service.counting import CountRequest, count_files, default_jobs

    look = Look(output, **terminal())
    if rctab_config is not None:
        if files:
            raise click.UsageError("give either FILE... or --rctab-config, not both")
        _count_rctab_config(rctab_config, look, CountRequest(lots=lot_orders, seed=seed))
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
    ).checked()
    if jobs is None:
        jobs = default_jobs(files)
    failed = 0
    unused: set[str] | None = None  # supplied lots that no file needed
    reading = ReadBar() if len(files) == 1 and files[0] != "-" else None
    counted = count_files(files, request, partial(render, look), jobs, reading, reading)
    with Progress(len(files)) as progress:
        for index, result in enumerate(counted):
            progress.advance()
            if result.error is not None:
                failed += 1
                many = len(files) > 1 and not _names_source(result)
                progress.error(f"tellers: {result.path + ': ' if many else ''}{result.error}")
                continue
            lots = set(result.unused_lots)
            unused = lots if unused is None else unused & lots
            click.echo(_block(result, files, index, output), nl=False)
    for order in sorted(unused or ()):
        click.echo(f"tellers: warning: the supplied lot {order!r} was not needed", err=True)
    if failed:
        sys.exit(1)


def _count_rctab_config(path: str, look: Look, request: CountRequest) -> None:
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
    click.echo(text, nl=False)


def _names_source(result: FileCount) -> bool:
    return result.error is not None and result.error.startswith(result.path)


def _block(result: FileCount, files: Sequence[str], index: int, output: str) -> str:
    """One file's output, with a heading when several files are counted."""
    if len(files) == 1 or output == "json":
        return result.output
    gap = "\n" if index else ""
    if output == "csv":
        return f"{gap}File,{result.path}\n{result.output}"
    return f"{gap}==> {result.path} <==\n{result.output}"
