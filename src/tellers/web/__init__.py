"""The web app of ``tellers serve``: pages to count, compare and read results, and a JSON API.

::

    from tellers.web import create_app
    app = create_app("sqlite:///tellers.db")    # a FastAPI app; run it with uvicorn

Needs the ``web`` extra (``pip install 'tellers[web]'``): FastAPI, Jinja2,
python-multipart and uvicorn. The pages load ``plotly.min.js`` (plotly.js's core
with the bar and Sankey traces only) and ``htmx.min.js`` from tellers itself:
both are vendored in ``static/vendor/`` with their licences, and
``tools/vendor-js.sh`` rebuilds them. htmx posts the count and compare forms in
the background and swaps in their result. The layout of the package::

    app.py       create_app: the routes, the error envelope, the templates (what the
                 pages read comes from tellers.service: listing, results, tracker)
    views.py     a form -> a count; a count -> what the pages show
    charts.py    plotly figures: a bar chart per stage, the Sankey of transfers
    signin.py    sessions, CSRF tokens, the sign-in throttle's page, security headers
    limits.py    bytes a request may send, counts a minute a client, admission to the pool
    pool.py      the count pool: a few processes count, a bounded queue waits, time limits
    entry.py     entering, correcting and confirming results (pages and API)
    admin.py     accounts, for admins
    embed.py     the embeddable card and oEmbed, the by-election tracker, lists, CSV
    audit.py     a stored result's audit page: plan, sample, rounds (editors record them)
    templates/   Jinja templates (autoescaped); static/ the style sheet and tellers.js
                 (stages, charts, the upload's progress; htmx does the posting);
                 static/vendor/ plotly.js and htmx, each with its licence
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .app import create_app

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from .app import create_app

        return create_app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
