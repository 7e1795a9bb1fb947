"""The command line: ``tellers count``, ``tellers compare``, ``tellers rules``, ``tellers demo``.

Purpose: a thin edge over the library. Every :class:`~tellers.errors.TellersError`
becomes one line on standard error, ``tellers: <message>``, and exit code 1;
click's usage errors exit with 2; no traceback reaches a user.

Design: this module imports only click at start-up, so that ``tellers --help``
answers at once; readers, rule sets, reports and rich are imported inside the
commands. Counting a file is one picklable job (:func:`count_file`) that
returns finished text, so many files can be counted in a process pool and
still be printed in the order given.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

import click

from .errors import TellersError

if TYPE_CHECKING:
    from pathlib import Path

    from .core.count import Count
    from .core.lots import LotProvider
    from .core.model import Election
    from .results.store import Store

#: ``count`` uses a process pool (unless --jobs says otherwise) for more than
#: POOL_FILES files holding at least POOL_BYTES between them. Measured with the
#: Scottish ward BLT files on 2 CPUs: one process counts about 3 ms a file, and
#: starting the pool costs about 0.1 s, so 2 processes tie at 16 files (0.4 MB),
#: win a little at 64 (1.9 MB) and run 1.7-2x as fast at 400 (4.6 MB) and 1,100 (17 MB).
POOL_FILES = 8
POOL_BYTES = 1_000_000

FORMATS_OUT = ("text", "json", "csv", "rctab")

Command = TypeVar("Command", bound=Callable[..., Any])


def one_line(error: BaseException) -> str:
    """An error's message on one line."""
    return " ".join(str(error).split()) or type(error).__name__


class TellersGroup(click.Group):
    """Turns every TellersError raised by a command into one line and exit code 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except TellersError as error:
            click.echo(f"tellers: {one_line(error)}", err=True)
            ctx.exit(1)


@click.group(cls=TellersGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="tellers", prog_name="tellers")
def main() -> None:
    """Count elections exactly: FPTP, block vote, SV, AV and STV, from ballots or totals.

    Read a results or ballot file, count it under a rule set, and print the
    declaration of result and the stage sheet (or JSON, or CSV).
    """


# -- counting one file ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Settings:
    """What ``count`` was asked to do, the same for every file (picklable)."""

    rules: str | None = None
    output: str = "text"
    format_in: str | None = None
    seats: int | None = None
    lots: tuple[str, ...] = ()
    seed: int | None = None
    options: tuple[tuple[str, str], ...] = ()
    contest: str | None = None
    rich: bool = False
    width: int = 100
    color: bool = False

    def provider(self) -> LotProvider | None:
        """A fresh lot provider for one count (None: a needed lot stops the count)."""
        from .core.lots import SeededLots, SuppliedLots

        seeded = SeededLots(self.seed) if self.seed is not None else None
        if self.lots:
            return SuppliedLots(self.lots, fallback=seeded)
        return seeded


@dataclass(frozen=True, slots=True)
class Result:
    """What counting one file gave: the text to print, or the error to report."""

    path: str
    output: str = ""
    error: str | None = None
    unused_lots: tuple[str, ...] = ()


def render(election: Election, result: Count, settings: Settings, lots: str | None) -> str:
    """The report ``settings.output`` asks for, as text ending in a newline."""
    if settings.output == "json":
        from .report.json import to_json  # only what JSON needs: start-up time counts

        return to_json(election, result, lots=lots) + "\n"
    from . import report

    if settings.output == "csv":
        return report.sheet_csv(election, result)
    if settings.rich:
        sheet = report.sheet_rich(election, result, width=settings.width, color=settings.color)
    else:
        sheet = report.sheet_text(election, result)
    return report.declaration(election, result, lots=lots) + "\n" + sheet


def count_file(path: str, settings: Settings, reading: ReadBar | None = None) -> Result:
    """Read, count and report one file; errors come back as a message, never raised.

    ``reading``, if given, shows how the reading goes (see :class:`ReadBar`).
    """
    from .core.lots import SuppliedLots
    from .formats import read
    from .rules import count

    try:
        with reading or nullcontext():
            election = read(
                path,
                settings.format_in,
                seats=settings.seats,
                progress=reading,
                contest=settings.contest,
            )
        provider = settings.provider()
        result = count(election, settings.rules, dict(settings.options), provider)
        lots = provider.describe() if provider is not None else None
        output = render(election, result, settings, lots)
    except TellersError as error:
        return Result(path, error=one_line(error))
    except OSError as error:
        reason = error.strerror or one_line(error)
        return Result(path, error=f"{path}: cannot read the file: {reason}")
    except Exception as error:  # a fault in tellers itself: still one line, no traceback
        return Result(
            path,
            error=f"{path}: internal error ({type(error).__name__}: {one_line(error)}); "
            "please report it with the file",
        )
    unused = tuple(provider.unused()) if isinstance(provider, SuppliedLots) else ()
    return Result(path, output, None, unused)


def count_files(
    paths: Sequence[str], settings: Settings, jobs: int, reading: ReadBar | None = None
) -> Iterator[Result]:
    """Results in the order of ``paths``, from a process pool when ``jobs`` > 1;
    ``reading`` shows the reading of a file counted in this process."""
    if jobs <= 1 or len(paths) <= 1 or "-" in paths:
        for path in paths:
            yield count_file(path, settings, reading)
        return
    from concurrent.futures import ProcessPoolExecutor
    from functools import partial

    from . import report  # noqa: F401  (imported once here, inherited by forked workers)
    from .formats import read  # noqa: F401
    from .rules import rule_sets

    rule_sets()  # registers every rule set before the workers start
    chunksize = max(1, min(16, len(paths) // (jobs * 4)))
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(partial(count_file, settings=settings), paths, chunksize=chunksize)


def default_jobs(paths: Sequence[str]) -> int:
    """One process per usable CPU for many files with much to count, else one."""
    if len(paths) <= POOL_FILES:
        return 1
    size = sum(os.path.getsize(p) for p in paths if p != "-" and os.path.isfile(p))
    if size < POOL_BYTES:
        return 1
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cpus or 1, len(paths)))


def _parse_options(
    ctx: click.Context, param: click.Parameter, values: Iterable[str]
) -> tuple[tuple[str, str], ...]:
    pairs = []
    for value in values:
        key, sep, text = value.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"expected KEY=VALUE, not {value!r}", ctx, param)
        pairs.append((key.strip(), text.strip()))
    return tuple(pairs)


def _terminal() -> dict[str, Any]:
    """How text looks: a rich table on a terminal (in colour unless NO_COLOR), else plain."""
    import shutil

    interactive = sys.stdout.isatty() and os.environ.get("TERM") != "dumb"
    return {
        "rich": interactive,
        "width": shutil.get_terminal_size((100, 24)).columns if interactive else 100,
        "color": interactive and "NO_COLOR" not in os.environ,
    }


def input_options(
    *, format_in_help: str, lots_help: str, seed_help: str
) -> Callable[[Command], Command]:
    """--format-in, --seats, --contest, --lots and --seed, as ``count`` and ``compare`` take them.

    The help of all but --seats is the command's own, since each reads its input
    and uses the draws in its own way.
    """
    decorators = (
        click.option("--format-in", "-F", metavar="FORMAT", help=format_in_help),
        click.option(
            "--seats",
            type=click.IntRange(min=1),
            help="Seats to fill, where the file does not say or to override it.",
        ),
        click.option(
            "--contest",
            metavar="NAME",
            help="The contest to count (its name or id) from cast vote records that hold "
            "several (CDF, Dominion, Clear Ballot, Hart).",
        ),
        click.option("--lots", "lot_orders", multiple=True, metavar='"A>B"', help=lots_help),
        click.option("--seed", type=int, help=seed_help),
    )

    def decorate(command: Command) -> Command:
        for decorator in reversed(decorators):
            command = decorator(command)
        return command

    return decorate


def _check_format_in(format_in: str | None) -> None:
    """Refuse a --format-in that names no format tellers reads."""
    if format_in is None:
        return
    from .formats import FORMATS

    if format_in not in FORMATS:
        known = ", ".join(sorted(FORMATS))
        raise click.BadParameter(f"{format_in!r} is not one of: {known}", param_hint="--format-in")


@main.command()
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
    callback=_parse_options,
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
) -> None:
    """Count FILE... and print the result of each, in the order given.

    Without --lots or --seed, a tie that only a lot can decide stops the count
    with a message saying how to supply the lot. A file that cannot be read or
    counted is reported on standard error as `tellers: <message>`; the others
    are still counted, and the exit code is 1.

    FILE may be - for standard input.
    """
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
        _count_rctab_config(rctab_config, output, lot_orders, seed)
        return
    if not files:
        raise click.UsageError("missing FILE... (or --rctab-config)")
    if output == "rctab":
        raise click.BadParameter("--format rctab goes with --rctab-config", param_hint="--format")
    _check_format_in(format_in)
    if rules is not None:
        from .rules import get

        get(rules).resolve(dict(options))
    if lot_orders:
        from .core.lots import SuppliedLots

        SuppliedLots(lot_orders)  # refuses a draw that names fewer than two candidates
    settings = Settings(
        rules=rules,
        output=output,
        format_in=format_in,
        seats=seats,
        contest=contest,
        lots=lot_orders,
        seed=seed,
        options=options,
        **_terminal(),
    )
    if jobs is None:
        jobs = default_jobs(files)
    failed = 0
    unused: set[str] | None = None  # supplied lots that no file needed
    reading = ReadBar() if len(files) == 1 and files[0] != "-" else None
    with Progress(len(files)) as progress:
        for index, result in enumerate(count_files(files, settings, jobs, reading)):
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


def _count_rctab_config(
    path: str, output: str, lot_orders: tuple[str, ...], seed: int | None
) -> None:
    """Run an RCTab contest configuration; print RCTab's report or tellers' own."""
    from .formats.cvr import run_rctab_config

    settings = Settings(output=output, lots=lot_orders, seed=seed, **_terminal())
    provider = settings.provider()
    try:
        run, rctab_json = run_rctab_config(path, provider)
        if output == "rctab":
            text = rctab_json if rctab_json.endswith("\n") else rctab_json + "\n"
        else:
            lots = provider.describe() if provider is not None else None
            text = render(run.election, run.result, settings, lots)
    except TellersError as error:
        click.echo(f"tellers: {one_line(error)}", err=True)
        sys.exit(1)
    click.echo(text, nl=False)


def _names_source(result: Result) -> bool:
    return result.error is not None and result.error.startswith(result.path)


def _block(result: Result, files: Sequence[str], index: int, output: str) -> str:
    """One file's output, with a heading when several files are counted."""
    if len(files) == 1 or output == "json":
        return result.output
    gap = "\n" if index else ""
    if output == "csv":
        return f"{gap}File,{result.path}\n{result.output}"
    return f"{gap}==> {result.path} <==\n{result.output}"


class Progress:
    """A progress bar on standard error while many files are counted into a file or pipe.

    Shown only when standard error is a terminal and standard output is not
    (results on the terminal show the progress themselves). Error lines go
    through :meth:`error`, so that they print above the bar, not into it.
    """

    def __init__(self, total: int) -> None:
        self.total = total
        self.enabled = total > 1 and sys.stderr.isatty() and not sys.stdout.isatty()
        self._bar: Any = None
        self._task: Any = None

    def __enter__(self) -> Progress:
        if self.enabled:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, TimeRemainingColumn
            from rich.progress import Progress as Bar

            self._bar = Bar(
                "counting",
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self._bar.start()
            self._task = self._bar.add_task("count", total=self.total)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()

    def advance(self) -> None:
        if self._bar is not None:
            self._bar.advance(self._task)

    def error(self, line: str) -> None:
        if self._bar is not None:
            self._bar.console.print(line, markup=False, highlight=False, soft_wrap=True)
        else:
            click.echo(line, err=True)


class ReadBar:
    """A progress bar on standard error while one large file is read.

    An instance is the ``progress`` callable of :func:`tellers.formats.read`
    (called with bytes read and bytes in all) and a context manager that
    takes the bar away. The bar shows only when standard error is a terminal
    (never when it is piped or captured), and only for a file of
    :attr:`SHOW_BYTES` or more, or once reading has taken :attr:`SHOW_AFTER`
    seconds; it is gone before the result prints.
    """

    SHOW_BYTES = 20_000_000
    SHOW_AFTER = 0.5

    def __init__(self, enabled: bool | None = None, console: Any = None) -> None:
        if enabled is None:
            enabled = sys.stderr.isatty() and os.environ.get("TERM") != "dumb"
        self.enabled = enabled
        self.console = console
        self.started = time.monotonic()
        self._bar: Any = None
        self._task: Any = None

    def __enter__(self) -> ReadBar:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        if self._bar is None:
            if done >= total:
                return  # read before a bar was needed
            if total < self.SHOW_BYTES and time.monotonic() - self.started < self.SHOW_AFTER:
                return
            self._start(total)
        self._bar.update(self._task, completed=done, total=total)
        if done >= total:
            self.stop()

    def _start(self, total: int) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            DownloadColumn,
            TimeRemainingColumn,
            TransferSpeedColumn,
        )
        from rich.progress import Progress as Bar

        self._bar = Bar(
            "reading",
            BarColumn(),
            DownloadColumn(),
            TransferSpeedColumn(),
            TimeRemainingColumn(),
            console=self.console or Console(stderr=True),
            transient=True,
        )
        self._bar.start()
        self._task = self._bar.add_task("read", total=total)

    def stop(self) -> None:
        """Take the bar away (if shown); later reports show nothing."""
        if self._bar is not None:
            self._bar.stop()
        self._bar = None
        self.enabled = False


# -- compare ----------------------------------------------------------------------


@main.command()
@click.argument("file", metavar="FILE")
@click.option(
    "--rules",
    "-r",
    "rule_list",
    metavar="LIST",
    help="Rule sets to compare, separated by commas, each with options in brackets if "
    'wanted: "scot-2011,wigm[surplus-papers=last-parcel],ni-1985". Default: every rule set '
    "that can count the file.",
)
@click.option(
    "--format",
    "-f",
    "output",
    type=click.Choice(("text", "json")),
    default="text",
    show_default=True,
    help="text: a table and where the rule sets part ways; json: one tellers.compare/1 document.",
)
@input_options(
    format_in_help="Format of the input file (default: guessed from its name and content).",
    lots_help="Replay an official draw (as for `count`); offered afresh to each rule set. "
    "Repeatable.",
    seed_help="Draw any lot not supplied with --lots at random from this seed, the same draws "
    "for each rule set as `count --seed` gives.",
)
def compare(
    file: str,
    rule_list: str | None,
    output: str,
    format_in: str | None,
    seats: int | None,
    contest: str | None,
    lot_orders: tuple[str, ...],
    seed: int | None,
) -> None:
    """Count FILE under several rule sets and show where their results part ways.

    Prints who each rule set elects, side by side, and for every two rule sets
    that elect different members, the first stage at which their counts differ
    and what each did there. A rule set that cannot count the file (or needs a
    lot nobody supplied) is reported in its row; the others are still counted.

    FILE may be - for standard input.
    """
    from .compare import compare as compare_rules
    from .compare import parse_rules
    from .formats import read
    from .report.compare import comparison_json, comparison_text

    _check_format_in(format_in)
    specs = parse_rules(rule_list) if rule_list is not None else None
    settings = Settings(lots=lot_orders, seed=seed)
    if lot_orders:
        from .core.lots import SuppliedLots

        SuppliedLots(lot_orders)  # refuses a draw that names fewer than two candidates
    try:
        with ReadBar() as reading:
            election = read(file, format_in, seats=seats, progress=reading, contest=contest)
    except OSError as error:
        raise TellersError(f"{file}: cannot read the file: {error.strerror or error}") from None
    comparison = compare_rules(election, specs, settings.provider)
    if output == "json":
        click.echo(comparison_json(comparison))
    else:
        click.echo(comparison_text(comparison), nl=False)


# -- rules ----------------------------------------------------------------------


@main.command()
def rules() -> None:
    """List the rule sets: name, title, family, law, where in force, and options."""
    from rich import box
    from rich.console import Console
    from rich.table import Table

    from .rules import rule_sets

    table = Table(box=box.SIMPLE_HEAD, show_lines=True, expand=False)
    for heading in ("Name", "Title", "Family", "Law", "In force", "Options"):
        table.add_column(heading, overflow="fold")
    for rule_set in rule_sets():
        name = rule_set.name
        if rule_set.aliases:
            name += "\n(" + ", ".join(rule_set.aliases) + ")"
        table.add_row(
            name,
            rule_set.title,
            rule_set.family,
            rule_set.law,
            rule_set.in_force,
            _options_text(rule_set.options) or "none",
        )
    width = None if sys.stdout.isatty() else 160
    Console(width=width, highlight=False).print(table)


def _options_text(options: Iterable[Any]) -> str:
    lines = []
    for option in options:
        default = option.default
        if isinstance(default, bool):
            default = "yes" if default else "no"
        text = f"{option.name}={default}"
        if option.choices:
            text += f" (one of {', '.join(option.choices)})"
        lines.append(f"{text}: {option.help}")
    return "\n".join(lines)


# -- serve ----------------------------------------------------------------------

#: What the ``web`` extra installs, by the name Python imports it under.
WEB_MODULES = frozenset({"fastapi", "starlette", "uvicorn", "jinja2", "multipart", "pydantic"})


def listening(command: Command) -> Command:
    """The options saying where ``tellers serve`` listens: --host and --port."""
    command = click.option(
        "--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Port."
    )(command)
    return click.option(
        "--host", default="127.0.0.1", show_default=True, help="Address to listen on."
    )(command)


@main.command()
@listening
@click.option(
    "--db",
    "db_url",
    metavar="URL",
    help="The results store the pages read: a database URL (sqlite:///file.db, "
    "postgresql+psycopg://...) or a SQLite file. Default: $TELLERS_DB, else ./tellers.db.",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Server processes (one per core serves the most readers).",
)
def serve(host: str, port: int, db_url: str | None, workers: int) -> None:
    """Serve the web app: count a file, compare rule sets, read stored results, JSON API.

    Pages work without JavaScript and without internet (the chart library is
    served by tellers itself). The API is under /api/v1; its OpenAPI document
    is /openapi.json. Needs the web extra: pip install 'tellers[web]'.
    """
    if db_url is not None and "://" not in db_url:
        db_url = f"sqlite:///{db_url}"
    try:
        import uvicorn

        from .web import create_app

        app = create_app(db_url)
    except ModuleNotFoundError as error:
        if (error.name or "").partition(".")[0] not in WEB_MODULES:
            raise
        raise TellersError(
            f"the web app needs {error.name}, which is not installed: pip install 'tellers[web]'"
        ) from None
    from .results.store import open_store

    open_store(db_url).close()  # a store that cannot be opened stops here, in one line
    click.echo(f"tellers: serving on http://{host}:{port}/ (Ctrl+C to stop)", err=True)
    if workers == 1:
        uvicorn.run(app, host=host, port=port, log_level="warning")
        return
    # Each worker process builds its own app, reading the store's URL from $TELLERS_DB.
    if db_url is not None:
        os.environ["TELLERS_DB"] = db_url
    uvicorn.run(
        "tellers.web:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
    )


# -- demo -----------------------------------------------------------------------


def examples_folder() -> Path:
    """The bundled examples: inside the installed package, or beside src/ in a clone."""
    from pathlib import Path

    here = Path(__file__).resolve().parent
    for folder in (here / "examples", here.parents[1] / "examples"):
        if (folder / "examples.toml").is_file():
            return folder
    raise TellersError("the bundled examples are not installed (examples/examples.toml)")


@dataclass(frozen=True, slots=True)
class Example:
    """One bundled example, as listed in examples/examples.toml."""

    file: str
    title: str
    source: str
    rules: str | None = None
    format_in: str | None = None
    lots: tuple[str, ...] = ()
    elected: tuple[str, ...] = ()
    ballot: str | None = None


def bundled_examples(folder: Path | None = None) -> list[Example]:
    """The examples of examples/examples.toml, in its order."""
    import tomllib

    folder = folder or examples_folder()
    with open(folder / "examples.toml", "rb") as handle:
        manifest = tomllib.load(handle)
    return [
        Example(
            file=entry["file"],
            title=entry["title"],
            source=entry["source"],
            rules=entry.get("rules"),
            format_in=entry.get("format"),
            lots=tuple(entry.get("lots", ())),
            elected=tuple(entry.get("elected", ())),
            ballot=entry.get("ballot"),
        )
        for entry in manifest["example"]
    ]


@dataclass(frozen=True, slots=True)
class StoredExample:
    """One bundled result to store, as listed in examples/results/results.toml."""

    file: str
    ballot_id: str
    source: str
    seats: int | None = None
    defending: str | None = None
    reason: str | None = None
    comparable: str | None = None


def stored_examples(folder: Path | None = None) -> list[StoredExample]:
    """The results of examples/results/results.toml, in its order."""
    import tomllib

    folder = folder or examples_folder()
    with open(folder / "results" / "results.toml", "rb") as handle:
        manifest = tomllib.load(handle)
    return [
        StoredExample(
            file=entry["file"],
            ballot_id=entry["id"],
            source=entry["source"],
            seats=entry.get("seats"),
            defending=entry.get("defending"),
            reason=entry.get("reason"),
            comparable=entry.get("comparable"),
        )
        for entry in manifest["result"]
    ]


#: Who the demo's results are stored by.
DEMO_AUTHOR = "tellers demo"


def load_examples(store: Store, folder: Path | None = None) -> list[tuple[str, int, bool]]:
    """Store the bundled results (examples/results, as ``tellers results add`` does) and the
    counts that name a ``ballot`` in examples.toml: ``(ballot_id, version, saved)`` each.

    Running it again changes nothing: the store keeps figures identical to the current
    version's without a new version (``saved`` is then false).
    """
    from .formats import read
    from .report.json import to_dict
    from .results.service import read_result, save_result
    from .rules import count

    folder = folder or examples_folder()
    loaded = []
    for stored in stored_examples(folder):
        result = read_result(str(folder / "results" / stored.file), None, stored.seats)
        version, saved = save_result(
            store,
            result,
            stored.ballot_id,
            stored.source,
            seats=stored.seats,
            by_election_reason=stored.reason,
            defending=stored.defending,
            comparable=stored.comparable,
            author=DEMO_AUTHOR,
        )
        loaded.append((stored.ballot_id, version, saved))
    for example in bundled_examples(folder):
        if example.ballot is None:
            continue
        settings = Settings(rules=example.rules, format_in=example.format_in, lots=example.lots)
        election = read(str(folder / example.file), example.format_in)
        provider = settings.provider()
        counted = count(election, example.rules, {}, provider)
        document = to_dict(
            election, counted, lots=provider.describe() if provider is not None else None
        )
        document["source"] = f"examples/{example.file}"  # the same wherever tellers is installed
        version, saved = save_result(
            store, document, example.ballot, example.source, author=DEMO_AUTHOR
        )
        loaded.append((example.ballot, version, saved))
    return loaded


@main.command()
@click.option(
    "--serve",
    "serving",
    is_flag=True,
    help="Then store the bundled results and counts in the results store and serve them "
    "(tellers serve).",
)
@listening
@click.option(
    "--db",
    "db_url",
    metavar="URL",
    help="The results store to fill and serve: a database URL or a SQLite file. "
    "Default: $TELLERS_DB, else ./tellers.db.",
)
@click.pass_context
def demo(ctx: click.Context, serving: bool, host: str, port: int, db_url: str | None) -> None:
    """Count the bundled examples and print their declarations and stage sheets.

    With --serve, then store the bundled results (examples/results) and counts in
    the results store (running it again stores nothing new) and serve the web app
    on them. Serving needs the web extra: pip install 'tellers[web]'.
    """
    folder = examples_folder()
    terminal = _terminal()
    failed = 0
    for index, example in enumerate(bundled_examples(folder)):
        settings = Settings(
            rules=example.rules, format_in=example.format_in, lots=example.lots, **terminal
        )
        path = folder / example.file
        result = count_file(str(path), settings)
        rule = "=" * 78
        heading = [example.title, f"Source: {example.source}", f"File: examples/{example.file}"]
        import textwrap

        wrapped = [textwrap.fill(line, 78, subsequent_indent="  ") for line in heading]
        click.echo(("\n" if index else "") + "\n".join([rule, *wrapped, rule, ""]))
        if result.error is not None:
            failed += 1
            click.echo(f"tellers: {result.error}", err=True)
            continue
        click.echo(result.output, nl=False)
    if failed:
        sys.exit(1)
    if not serving:
        return
    from .results.store import open_store

    if db_url is not None and "://" not in db_url:
        db_url = f"sqlite:///{db_url}"
    with open_store(db_url) as store:
        loaded = load_examples(store, folder)
    saved = sum(1 for *_, new in loaded if new)
    click.echo(
        f"\ntellers: {len(loaded)} bundled results in the store "
        f"({saved} saved, {len(loaded) - saved} unchanged)",
        err=True,
    )
    ctx.invoke(serve, host=host, port=port, db_url=db_url)


# -- results ----------------------------------------------------------------------

from .results.commands import results  # noqa: E402  (click only: the store loads on use)

main.add_command(results)

from .results.account_commands import users  # noqa: E402  (click only)

main.add_command(users)


def run() -> None:
    """The ``tellers`` program: :func:`main` in a process of its own."""
    if sys.argv[1:2] == ["count"]:
        import gc

        # A short-lived process: what it has made so far (modules, classes) lives until
        # it exits, and a count makes no reference cycles worth collecting, so the
        # collector is kept away, also from the passes the interpreter makes at exit.
        gc.disable()
        gc.freeze()
    main(prog_name="tellers")


if __name__ == "__main__":  # pragma: no cover
    run()
