"""`tellers rules`, `--version`, `--help`, and docs/cli.md generated from the commands."""

from __future__ import annotations

import click

from tellers import __version__, rule_sets
from tellers._cli_docs import command_pages, reference, rule_pages
from tellers.cli import main

from .conftest import REPO, Run

CLI_MD = REPO / "docs" / "cli.md"


def test_rules_lists_every_registered_rule_set_in_100_columns(run: Run) -> None:
    result = run("rules")
    assert result.exit_code == 0
    names = [r.name for r in rule_sets()]
    assert "uk-fptp" in names
    listed = [line.split()[0] for line in result.stdout.splitlines()[2:] if line[:1].strip()]
    assert listed[: len(names)] == names
    assert max(len(line) for line in result.stdout.splitlines()) <= 100


def test_rules_name_shows_one_rule_set_in_full(run: Run) -> None:
    for rule_set in rule_sets():
        result = run("rules", rule_set.name)
        assert result.exit_code == 0
        text = result.stdout
        assert max(len(line) for line in text.splitlines()) <= 100, rule_set.name
        joined = " ".join(text.split())
        assert f"Law: {' '.join(rule_set.law.split())}" in joined
        for option in rule_set.options:
            assert f"{option.name}=" in text, (rule_set.name, option.name)
        assert "UNVERIFIED here:" in text
    # scot-2011's one option settles a point the specification marks UNVERIFIED
    scottish = " ".join(run("rules", "scotland").stdout.split())
    assert "truncation=quotient (one of quotient, product)" in scottish
    assert "UNVERIFIED here: truncation." in scottish
    assert "SSI 2011/399" in scottish
    assert run("rules", "no-such-rules").exit_code == 1


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


def test_the_docs_site_has_a_page_for_every_command_option_and_rule_set() -> None:
    pages = command_pages()
    assert isinstance(main, click.Group)
    for name, command in main.commands.items():
        page = pages[f"{name}.md"]
        assert page.startswith(f"# tellers {name}\n")
        commands = [command, *getattr(command, "commands", {}).values()]
        for each in commands:
            for param in each.params:
                if isinstance(param, click.Option):
                    for flag in param.opts:
                        assert flag in page, f"tellers {name} {flag} is not on its page"
    rules = rule_pages()
    for rule_set in rule_sets():
        page = rules[f"{rule_set.name}.md"]
        assert rule_set.title in page and "UNVERIFIED here:" in page
