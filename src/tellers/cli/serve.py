"""``tellers serve`` and ``tellers demo``: the web app, and the bundled examples."""

from __future__ import annotations

import os
import sys
import textwrap

import click

from ..errors import TellersError, one_line
from ._options import database, listening, store_url, terminal

__all__ = ["WEB_APP", "WEB_MODULES", "demo", "serve"]

#: What the ``web`` extra installs, by the name Python imports it under.
WEB_MODULES = ("fastapi", "starlette", "uvicorn", "jinja2", "multipart", "pydantic")

#: The web app's factory, as uvicorn imports it (the command line never imports the web).
WEB_APP = "tellers.web:create_app"


def _check_web_extra() -> None:
    """A friendly error naming the first module of the ``web`` extra that is missing."""
    from importlib.util import find_spec

    for name in WEB_MODULES:
        if find_spec(name) is None:
            raise TellersError(
                f"the web app needs {name}, which is not installed: pip install 'tellers[web]'"
            )


@click.command()
@listening
@database(
    "The results store the pages read: a database URL (sqlite:///file.db, "
    "postgresql+psycopg://...) or a SQLite file. Default: $TELLERS_DB, else ./tellers.db."
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
    _serve(host, port, store_url(db_url), workers)


def _serve(host: str, port: int, url: str | None, workers: int) -> None:
    _check_web_extra()
    import uvicorn

    from ..service.results import open_store

    open_store(url).close()  # a store that cannot be opened stops here, in one line
    click.echo(f"tellers: serving on http://{host}:{port}/ (Ctrl+C to stop)", err=True)
    # The app (each worker process's own) reads the store's URL from $TELLERS_DB.
    if url is not None:
        os.environ["TELLERS_DB"] = url
    uvicorn.run(
        WEB_APP,
        factory=True,
        host=host,
        port=port,
        workers=workers if workers > 1 else None,
        log_level="warning",
    )


@click.command()
@click.option(
    "--serve",
    "serving",
    is_flag=True,
    help="Then store the bundled results and counts in the results store and serve them "
    "(tellers serve).",
)
@listening
@database(
    "The results store to fill and serve: a database URL or a SQLite file. "
    "Default: $TELLERS_DB, else ./tellers.db."
)
def demo(serving: bool, host: str, port: int, db_url: str | None) -> None:
    """Count the bundled examples and print their declarations and stage sheets.

    With --serve, then store the bundled results (examples/results) and counts in
    the results store (running it again stores nothing new) and serve the web app
    on them. Serving needs the web extra: pip install 'tellers[web]'.
    """
    from ..service.examples import bundled_examples, count_example, examples_folder, load_examples
    from .count import Look, render

    folder = examples_folder()
    look = Look("text", **terminal())
    failed = 0
    for index, example in enumerate(bundled_examples(folder)):
        rule = "=" * 78
        heading = [example.title, f"Source: {example.source}", f"File: examples/{example.file}"]
        wrapped = [textwrap.fill(line, 78, subsequent_indent="  ") for line in heading]
        click.echo(("\n" if index else "") + "\n".join([rule, *wrapped, rule, ""]))
        try:
            output = render(look, count_example(example, folder))
        except TellersError as error:
            failed += 1
            click.echo(f"tellers: {one_line(error)}", err=True)
            continue
        click.echo(output, nl=False)
    if failed:
        sys.exit(1)
    if not serving:
        return
    from ..service.results import open_store

    url = store_url(db_url)
    with open_store(url) as store:
        loaded = load_examples(store, folder)
    saved = sum(1 for *_, new in loaded if new)
    click.echo(
        f"\ntellers: {len(loaded)} bundled results in the store "
        f"({saved} saved, {len(loaded) - saved} unchanged)",
        err=True,
    )
    _serve(host, port, url, 1)
