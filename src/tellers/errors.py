"""Errors tellers raises, and what each one means.

::

    TellersError                  anything tellers reports to a person
     ├── InputError               a file or text that cannot be read as what it claims
     │                            to be: names the source, the line and what was expected
     ├── RulesError               an unknown rule set, a bad option, or input the rule
     │                            set cannot count (ballots needed, totals given...)
     └── CountError               the count itself cannot go on
          └── LotNeeded           a tie must be decided by lot and nobody supplied one

The command line turns each into one line on standard error and exit code 1
(:func:`one_line`); usage mistakes exit with 2. The web answers the same line with
status 400. No traceback reaches a user.
"""

from __future__ import annotations

from collections.abc import Sequence


def one_line(error: BaseException) -> str:
    """An error's message on one line, as the command line and the web show it."""
    return " ".join(str(error).split()) or type(error).__name__


class TellersError(Exception):
    """Base of every error tellers reports to a person."""


class InputError(TellersError):
    """A file or text that cannot be read: ``source:line: what was expected``."""

    def __init__(self, source: str, line: int | None, message: str) -> None:
        self.source = source
        self.line = line
        self.message = message
        where = f"{source}:{line}" if line is not None else source
        super().__init__(f"{where}: {message}")


class RulesError(TellersError):
    """An unknown rule set or option, or input the rule set cannot count."""


class CountError(TellersError):
    """The count cannot go on."""


class LotNeeded(CountError):
    """A tie has to be decided by lot and no lot provider can decide it."""

    def __init__(self, stage: int, purpose: str, tied: Sequence[str]) -> None:
        self.stage = stage
        self.purpose = purpose
        self.tied = tuple(tied)
        names = " and ".join(", ".join(self.tied).rsplit(", ", 1))
        example = ">".join(self.tied)
        super().__init__(
            f"stage {stage}: a lot is needed between {names} ({purpose}); "
            f'replay the official draw with --lots "{example}" '
            "(first named wins the draw) or draw at random with --seed N"
        )
