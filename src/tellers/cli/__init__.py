"""The command line: ``tellers count``, ``compare``, ``rules``, ``simulate``, ``results``,
``audit``, ``users``, ``serve`` and ``demo``.

Purpose: a thin edge over :mod:`tellers.service`. A command parses its
arguments, calls the service, and renders what comes back with
:mod:`tellers.report`. Every :class:`~tellers.errors.TellersError` becomes one
line on standard error, ``tellers: <message>``, and exit code 1; click's usage
errors exit with 2; no traceback reaches a user.

Design: one module per command (or group of commands). Each imports only click
at start-up, so that ``tellers --help`` answers at once; readers, rule sets,
reports and rich are imported inside the commands. The web app is started by
name (``tellers.web:create_app``), never imported here.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from ..errors import TellersError, one_line
from ._progress import Progress, ReadBar
from .audit import audit
from .compare import compare
from .count import count
from .results import results
from .rules import rules
from .serve import demo, serve
from .simulate import simulate
from .users import users

__all__ = ["Progress", "ReadBar", "TellersGroup", "main", "run"]


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


for _command in (count, compare, rules, simulate, serve, demo, results, audit, users):
    main.add_command(_command)


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
