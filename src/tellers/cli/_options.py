"""Options that several commands share, and how text is shown on this terminal."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import click

Command = TypeVar("Command", bound=Callable[..., Any])

__all__ = [
    "Command",
    "check_format_in",
    "database",
    "input_options",
    "listening",
    "parse_options",
    "store_url",
    "terminal",
]


def parse_options(
    ctx: click.Context, param: click.Parameter, values: Iterable[str]
) -> tuple[tuple[str, str], ...]:
    """``--option KEY=VALUE`` items as pairs; a value without ``=`` is a usage error."""
    pairs = []
    for value in values:
        key, sep, text = value.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"expected KEY=VALUE, not {value!r}", ctx, param)
        pairs.append((key.strip(), text.strip()))
    return tuple(pairs)


def terminal() -> dict[str, Any]:
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


def check_format_in(format_in: str | None) -> None:
    """Refuse a --format-in that names no format tellers reads (a usage error)."""
    if format_in is None:
        return
    from ..service import input_formats

    known = input_formats()
    if format_in not in known:
        raise click.BadParameter(
            f"{format_in!r} is not one of: {', '.join(sorted(known))}", param_hint="--format-in"
        )


def listening(command: Command) -> Command:
    """The options saying where ``tellers serve`` listens: --host and --port."""
    command = click.option(
        "--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Port."
    )(command)
    return click.option(
        "--host", default="127.0.0.1", show_default=True, help="Address to listen on."
    )(command)


#: What ``--db`` names, for the commands that read and write the results store.
STORE_HELP = (
    "The results store: a database URL (sqlite:///file.db, postgresql+psycopg://...) "
    "or a SQLite file. Default: $TELLERS_DB, else ./tellers.db."
)


def database(help_text: str = STORE_HELP, name: str = "db_url") -> Callable[[Command], Command]:
    """``--db URL``: the results store, with the command's own help, passed as ``name``."""
    return click.option("--db", name, metavar="URL", help=help_text)


def store_url(value: str | None) -> str | None:
    """A --db value as a database URL: a bare file name is a SQLite file."""
    if value is not None and "://" not in value:
        return f"sqlite:///{value}"
    return value
