"""mkdocs hooks: the pages made from tellers itself at every build.

- ``commands/<name>.md``: one page per command, from the click commands
  (``tellers._cli_docs.command_pages``), so no command or option goes undocumented;
- ``rules/<name>.md``: one page per rule set, from the rule set's own title, law,
  options and its module's Purpose (``tellers._cli_docs.rule_pages``);
- ``api/openapi.json``: the web API's OpenAPI document, from the FastAPI app.

The navigation's "Commands" and "Rule sets" sections list whatever was made, so
a new command or rule set appears without a change here.
"""

from __future__ import annotations

import json
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from tellers._cli_docs import command_pages, rule_pages


def _openapi() -> str:
    from tellers.web import create_app

    app = create_app("sqlite://")  # an in-memory store: nothing is opened to make the schema
    return json.dumps(app.openapi(), indent=2, ensure_ascii=False) + "\n"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    commands = [f"commands/{name}" for name in sorted(command_pages(), key=_first_count)]
    rules = ["rules/index.md", *(f"rules/{name}" for name in sorted(rule_pages()))]
    nav: list[Any] = []
    for entry in config.nav or []:
        if isinstance(entry, dict) and "Commands" in entry:
            nav.append({"Commands": [*commands, {"All commands on one page": "cli.md"}]})
        elif isinstance(entry, dict) and "Rule sets" in entry:
            nav.append({"Rule sets": rules})
        else:
            nav.append(entry)
    config.nav = nav
    return config


def _first_count(name: str) -> tuple[int, str]:
    order = ("count.md", "compare.md", "rules.md", "results.md")
    return (order.index(name) if name in order else len(order), name)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for name, text in command_pages().items():
        files.append(File.generated(config, f"commands/{name}", content=text))
    for name, text in rule_pages().items():
        files.append(File.generated(config, f"rules/{name}", content=text))
    files.append(File.generated(config, "api/openapi.json", content=_openapi()))
    return files
