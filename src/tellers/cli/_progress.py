"""Progress bars on standard error: many files counted, one large file read.

Both show only when a person is watching (standard error a terminal) and take
themselves away before results print, so piped output is never disturbed.
"""

from __future__ import annotations

import os
import sys
import time
from typing import Any

import click

__all__ = ["Progress", "ReadBar"]


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

    An instance is the ``progress`` callable of :func:`tellers.service.read_file`
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
