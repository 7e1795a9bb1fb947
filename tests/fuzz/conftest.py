"""Print the fuzz corpus's figures at the end of the session that ran it."""

from __future__ import annotations

import pytest

from . import corpus


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    from .test_corpus import FIGURES

    if FIGURES:
        terminalreporter.write_sep("-", "fuzz corpus")
        terminalreporter.write_line(corpus.table_text(FIGURES))
