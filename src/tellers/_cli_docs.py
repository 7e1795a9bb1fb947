"""The command-line reference, from the click commands themselves, and the docs site's
generated pages.

    python -m tellers._cli_docs > docs/cli.md

tests/cli/test_rules_and_docs.py fails when docs/cli.md differs from what this
prints, so a new command or option cannot go undocumented. The documentation
site (``mkdocs build``, ``docs/hooks.py``) makes one page per command
(:func:`command_pages`) and one per rule set (:func:`rule_pages`) from the same
sources at every build.
"""

from __future__ import annotations

import click

from .cli import main as cli

#: Help is laid out for this width, whatever the terminal, so the file is stable.
WIDTH = 88

INTRO = """\
# Command-line reference

Generated from the commands by `python -m tellers._cli_docs > docs/cli.md`;
a test fails when this page and the commands disagree.

Exit codes: 0 when every file was counted; 1 when a file could not be read or
counted (each such file is reported on standard error as one line,
`tellers: <message>`, and the other files are still counted); 2 for a mistake
in the command itself (an unknown option, a missing argument).
"""


def _context(command: click.Command, name: str, parent: click.Context | None) -> click.Context:
    return command.make_context(
        name,
        [],
        parent=parent,
        resilient_parsing=True,
        terminal_width=WIDTH,
        max_content_width=WIDTH,
    )


def _help(command: click.Command, name: str, parent: click.Context | None) -> str:
    return command.get_help(_context(command, name, parent))


def reference() -> str:
    """The Markdown of docs/cli.md."""
    parts = [INTRO]
    top = _context(cli, "tellers", None)
    parts.append("## tellers\n\n```\n" + _help(cli, "tellers", None) + "\n```\n")
    assert isinstance(cli, click.Group)
    for name in cli.list_commands(top):
        command = cli.get_command(top, name)
        if command is None or command.hidden:
            continue
        parts.append(f"## tellers {name}\n\n```\n" + _help(command, name, top) + "\n```\n")
        if isinstance(command, click.Group):
            group = _context(command, name, top)
            for sub in command.list_commands(group):
                child = command.get_command(group, sub)
                if child is None or child.hidden:
                    continue
                text = _help(child, sub, group)
                parts.append(f"### tellers {name} {sub}\n\n```\n" + text + "\n```\n")
    return "\n".join(parts)


def command_pages() -> dict[str, str]:
    """One Markdown page per command (a group with its subcommands), by file name."""
    pages = {}
    top = _context(cli, "tellers", None)
    assert isinstance(cli, click.Group)
    for name in cli.list_commands(top):
        command = cli.get_command(top, name)
        if command is None or command.hidden:
            continue
        summary = command.get_short_help_str(limit=200)
        parts = [f"# tellers {name}\n\n{summary}\n\n```\n" + _help(command, name, top) + "\n```\n"]
        if isinstance(command, click.Group):
            group = _context(command, name, top)
            for sub in command.list_commands(group):
                child = command.get_command(group, sub)
                if child is None or child.hidden:
                    continue
                text = _help(child, sub, group)
                parts.append(f"## tellers {name} {sub}\n\n```\n" + text + "\n```\n")
        pages[f"{name}.md"] = "\n".join(parts)
    return pages


def rule_pages() -> dict[str, str]:
    """One Markdown page per rule set, by file name: what ``tellers rules NAME`` prints,
    headed by its title."""
    from .report.rules import rule_set_text
    from .service import rule_sets

    pages = {}
    for rule in rule_sets():
        text = rule_set_text(rule)
        pages[f"{rule.name}.md"] = f"# {rule.name}\n\n{rule.title}\n\n```text\n{text}```\n"
    return pages


def main() -> None:
    click.echo(reference(), nl=False)


if __name__ == "__main__":
    main()
