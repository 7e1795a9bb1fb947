"""`tellers rules`, `--version`, `--help`, and docs/cli.md generated from the commands."""

from __future__ import annotations

import click

from tellers import __version__, rule_sets
from tellers._cli_docs import reference
from tellers.cli import main

from .conftest import REPO, Run

CLI_MD = REPO / "docs" / "cli.md"


def test_rules_lists_every_registered_rule_set(run: Run) -> None:
    result = run("rules")
    assert result.exit_code == 0
    names = [r.name for r in rule_sets()]
    assert "uk-fptp" in names
    for rule_set in rule_sets():
        assert rule_set.name in result.stdout
        for option in rule_set.options:
            assert option.name in result.stdout


def test_version(run: Run) -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert __version__ in result.stdout


def test_help(run: Run) -> None:
    result = run("--help")
    assert result.exit_code == 0
    for command in ("count", "rules", "demo"):
        assert command in result.stdout


def test_docs_cli_md_is_generated_from_the_commands() -> None:
    assert CLI_MD.read_text(encoding="utf-8") == reference(), (
        "docs/cli.md is out of date: run `python -m tellers._cli_docs > docs/cli.md`"
    )


def test_every_command_and_option_is_in_docs_cli_md() -> None:
    text = CLI_MD.read_text(encoding="utf-8")
    assert isinstance(main, click.Group)
    for name, command in main.commands.items():
        assert f"## tellers {name}" in text, name
        for param in command.params:
            if isinstance(param, click.Option):
                for flag in param.opts:
                    assert flag in text, f"tellers {name} {flag} is not in docs/cli.md"
