"""The web app: pages to count, compare and read results, and the JSON API under ``/api/v1``.

Purpose: ``tellers serve`` in a browser. Pages (Jinja templates) work without
JavaScript: every chart has its table beside it, and a form posts and gets a
whole page back. With JavaScript, htmx posts a form in the background and
swaps in only its result (a request with ``HX-Request: true`` gets only the
result's fragment), and ``static/tellers.js`` steps through the stages and draws
the charts with plotly; tellers serves both scripts itself, from the files vendored
in ``static/vendor/`` with their licences (no internet needed). The API
answers in JSON, every number a string, and every error, of whatever kind, in
one envelope::

    {"error": {"status": 404, "message": "no ballot called ..."}}

Design: a thin edge. Forms and counts are read in :mod:`.views`, stored results
in :mod:`.stored`, charts drawn in :mod:`.charts`; the routes here only choose
the template or the JSON. A :class:`~tellers.errors.TellersError` is the
user's mistake (400); a missing page, ballot or result is 404. Errors under
``/api/`` come back in the envelope, elsewhere as a page with the same status
and message. The results store is opened on first use, once. Sessions, CSRF
tokens and the security headers of every response are :mod:`.signin`'s (its
``guard`` is a dependency of every route); entering and confirming results,
:mod:`.entry`'s. Counting (the count and compare forms, ``POST /api/v1/count``)
happens in the processes of :mod:`.pool`, never in the serving process, and
:mod:`.limits` bounds the bytes of every request and admits counting requests.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import jinja2
from fastapi import Depends, FastAPI, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..errors import TellersError
from ..service.listing import listed, place_name
from ..service.results import Result, Store, card_document, open_store
from . import views

if TYPE_CHECKING:
    from .pool import CountLimits

T = TypeVar("T")

HERE = Path(__file__).resolve().parent


class ErrorBody(BaseModel):
    status: int
    message: str


class ErrorEnvelope(BaseModel):
    """Every error the API gives: ``{"error": {"status": ..., "message": ...}}``."""

    error: ErrorBody


#: What every API operation documents beside its answer.
ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorEnvelope, "description": what}
    for status, what in (
        (400, "The input cannot be read or counted"),
        (404, "Not found"),
        (405, "Method not allowed"),
        (413, "The file is too large"),
        (422, "A parameter is missing or of the wrong type"),
        (429, "Too many counts from this client: wait Retry-After seconds"),
        (503, "Busy counting other files: try again after Retry-After seconds"),
    )
}


#: The JavaScript libraries the pages load, served by tellers from ``static/vendor/``
#: (no internet needed), each beside its licence; ``tools/vendor-js.sh`` rebuilds them.
VENDORED = ("plotly.min.js", "htmx.min.js")


def vendored_script(name: str) -> Path | None:
    """The vendored file ``name`` of :data:`VENDORED`, if it is there."""
    path = HERE / "static" / "vendor" / name
    return path if name in VENDORED and path.is_file() else None


#: plotly.js puts the style sheet of its map traces into the page as a ``<style>``
#: element, which the Content-Security-Policy refuses, unless the page already has an
#: element with the id it would give it (a hash of the sheet, fixed for each release of
#: plotly). The pages draw no map: base.html holds an empty ``<template>`` with each id.
_INLINE_STYLE = re.compile(
    rb'getElementById\("([0-9a-f]{64})"\)\)\{var \w+=document\.createElement\("style"\)'
)


@functools.cache
def plotly_style_ids() -> tuple[str, ...]:
    """The ids of the style elements the installed ``plotly.min.js`` would add on loading."""
    path = vendored_script("plotly.min.js")
    if path is None:
        return ()
    return tuple(found.decode() for found in _INLINE_STYLE.findall(path.read_bytes()))


class Stores:
    """The results store, opened on first use (counting a file needs none)."""

    def __init__(self, url: str | None) -> None:
        self.url = url
        self._store: Store | None = None
        self._lock = threading.Lock()

    def get(self) -> Store:
        with self._lock:
            if self._store is None:
                self._store = open_store(self.url)
            return self._store

    def close(self) -> None:
        with self._lock:
            if self._store is not None:
                self._store.close()
                self._store = None


def _templates() -> Jinja2Templates:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    environment.globals["version"] = __version__
    environment.globals["plotly_style_ids"] = plotly_style_ids
    environment.filters["thousands"] = thousands
    from .embed import oembed_url

    environment.globals["oembed_url"] = oembed_url
    from . import signin

    return Jinja2Templates(env=environment, context_processors=[signin.template_context])


def thousands(figure: str | None) -> str:
    """``1030`` -> ``1,030`` for a whole number written as a string; anything else as it is."""
    if figure is None:
        return ""
    sign = "-" if figure.startswith("-") else "+" if figure.startswith("+") else ""
    digits = figure[len(sign) :]
    return f"{sign}{int(digits):,}" if digits.isdigit() else figure


def error_json(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    """The API's one error envelope."""
    body = {"error": {"status": status, "message": message}}
    return JSONResponse(body, status_code=status, headers=headers)


def _validation_message(errors: Sequence[Any]) -> str:
    parts = []
    for error in errors:
        where = ".".join(str(p) for p in error.get("loc", ()) if p not in ("body", "query"))
        parts.append(f"{where}: {error.get('msg', 'invalid')}" if where else error.get("msg", ""))
    return "; ".join(parts) or "invalid request"


async def _upload(file: UploadFile | None) -> tuple[bytes | None, str | None]:
    """The bytes and name of an uploaded file; an empty file input is no file."""
    if file is None or (not file.filename and not file.size):
        return None, None
    data = await file.read(views.MAX_BYTES + 1)
    return data, file.filename or "upload"


async def counted(request: Request, work: Callable[..., T], *args: Any) -> T:
    """``work(*args)`` done in the count pool, in the place the request was admitted
    with (:mod:`.limits`); a worker that died is 503."""
    from .pool import CountPool, CountStopped, ticket_of

    pool: CountPool = request.app.state.count_pool
    try:
        return await pool.run(ticket_of(request), work, *args)
    except CountStopped as stopped:
        raise HTTPException(503, str(stopped), headers={"Retry-After": "10"}) from None


def create_app(store_url: str | None = None, limits: CountLimits | None = None) -> FastAPI:
    """The web app; ``store_url`` is the results store (default ``$TELLERS_DB``, else
    ``./tellers.db``), opened when a page first needs it; ``limits``, how much counting
    it takes on (default: :meth:`.pool.CountLimits.from_env`). ``tellers serve`` starts
    it by name, ``tellers.web:create_app``, with the store's URL in ``$TELLERS_DB`` and
    the limits in ``$TELLERS_COUNT_*``."""
    from ..service.results import default_url
    from . import signin
    from .limits import Limits
    from .pool import CountLimits, CountPool

    stores = Stores(store_url or default_url())
    pool = CountPool(limits or CountLimits.from_env())

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        stores.close()
        pool.close()

    app = FastAPI(
        lifespan=lifespan,
        title="tellers",
        version=__version__,
        summary="Count and analyse elections exactly.",
        docs_url=None,
        redoc_url=None,
        dependencies=[Depends(signin.guard)],
    )
    app.add_middleware(Limits, pool=pool, rate=pool.limits.rate)  # inside signin's headers
    signin.install(app)
    templates = _templates()
    app.state.stores = stores
    app.state.count_pool = pool
    app.state.templates = templates
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    def page(
        request: Request, name: str, context: dict[str, Any], status: int = 200
    ) -> HTMLResponse:
        context.setdefault("plotly", False)
        return templates.TemplateResponse(request, name, context, status_code=status)

    def error_page(request: Request, status: int, message: str) -> HTMLResponse:
        title = {404: "Not found", 405: "Method not allowed"}.get(status, "Something is wrong")
        return page(request, "error.html", {"title": title, "message": message}, status)

    def is_api(request: Request) -> bool:
        return request.url.path.startswith("/api/")

    # -- errors ------------------------------------------------------------------------

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        message = str(error.detail) if error.detail else "error"
        if error.status_code == 404 and message == "Not Found":
            message = f"no such page: {request.url.path}"
        if error.status_code == 405 and message == "Method Not Allowed":
            message = f"{request.method} is not allowed on {request.url.path}"
        headers = dict(error.headers or {})
        if is_api(request):
            return error_json(error.status_code, message, headers)
        response = error_page(request, error.status_code, message)
        response.headers.update(headers)
        return response

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, error: RequestValidationError) -> Response:
        message = _validation_message(error.errors())
        if is_api(request):
            return error_json(422, message)
        return error_page(request, 422, message)

    @app.exception_handler(TellersError)
    async def tellers_error(request: Request, error: TellersError) -> Response:
        from ..errors import one_line

        if is_api(request):
            return error_json(400, one_line(error))
        return error_page(request, 400, one_line(error))

    def store() -> Store:
        return stores.get()

    def require_result(ballot_id: str) -> Result:
        current = store()
        if not current.has_ballot(ballot_id):
            raise HTTPException(404, f"no ballot called {ballot_id!r} in the results store")
        result = current.current_result(ballot_id)
        if result is None:
            raise HTTPException(404, f"{ballot_id}: no result stored for this ballot")
        return result

    def rule_choices() -> list[tuple[str, str]]:
        from ..service import rule_sets

        return [(r.name, r.title) for r in rule_sets()]

    def format_choices() -> tuple[str, ...]:
        from ..service import input_formats

        return input_formats()

    # -- assets ------------------------------------------------------------------------

    @app.get("/vendor/{name}", include_in_schema=False)
    def vendor(name: str) -> Response:
        path = vendored_script(name)
        if path is None:
            raise HTTPException(404, f"no such page: /vendor/{name}")
        return FileResponse(path, media_type="text/javascript")

    # -- pages -------------------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(request: Request, q: Annotated[str | None, Query(max_length=200)] = None) -> Response:
        from .embed import home_context

        results = listed(store(), q)
        context = {"title": "Results", "results": results, "q": q or "", **home_context(store())}
        return page(request, "home.html", context)

    def form_page(
        request: Request, template: str, context: dict[str, Any], status: int
    ) -> HTMLResponse:
        """A form's whole page, or only its result when htmx posts it (``HX-Request: true``;
        not a history restore, which wants the whole page)."""
        fragment = request.headers.get("HX-Request") == "true" and not request.headers.get(
            "HX-History-Restore-Request"
        )
        name = f"_{template}_result.html" if fragment else f"{template}.html"
        return page(request, name, context, status)

    def form_fields(**fields: str | None) -> dict[str, str]:
        """A posted form's fields as sent, to fill the form in again (missing: blank)."""
        return {name: value or "" for name, value in fields.items()}

    async def posted_request(
        file: UploadFile | None,
        text: str | None,
        seats: str | None,
        lots: str | None,
        seed: str | None,
        **settings: Any,
    ) -> views.CountRequest:
        """What a posted form asks to count: its file or text, seats, lots, seed and more."""
        data, filename = await _upload(file)
        return views.count_request(
            upload=data,
            filename=filename,
            text=text,
            seats=views.whole_number(seats, "seats", 1),
            lots=views.lines(lots),
            seed=views.whole_number(seed, "seed"),
            **settings,
        )

    def count_page(
        request: Request, form: dict[str, str], status: int = 200, **extra: Any
    ) -> HTMLResponse:
        context: dict[str, Any] = {
            "title": "Count a file",
            "rule_choices": rule_choices(),
            "format_choices": format_choices(),
            "form": form,
            "view": None,
            "error": None,
            **extra,
        }
        context["plotly"] = True  # a result may come in place of the form's outcome
        return form_page(request, "count", context, status)

    @app.get("/count", response_class=HTMLResponse, include_in_schema=False)
    def count_form(request: Request) -> Response:
        return count_page(request, {})

    @app.post("/count", response_class=HTMLResponse, include_in_schema=False)
    async def count_post(
        request: Request,
        file: Annotated[UploadFile | None, File()] = None,
        text: Annotated[str | None, Form()] = None,
        rules: Annotated[str | None, Form()] = None,
        format_in: Annotated[str | None, Form()] = None,
        seats: Annotated[str | None, Form()] = None,
        lots: Annotated[str | None, Form()] = None,
        seed: Annotated[str | None, Form()] = None,
        options: Annotated[str | None, Form()] = None,
    ) -> Response:
        form = form_fields(
            text=text,
            rules=rules,
            format_in=format_in,
            seats=seats,
            lots=lots,
            seed=seed,
            options=options,
        )
        try:
            asked = await posted_request(
                file,
                text,
                seats,
                lots,
                seed,
                rules=rules,
                format_in=format_in,
                option_items=views.lines(options),
            )
            view = await counted(request, views.counted_view, asked)
        except TellersError as error:
            from ..errors import one_line

            return count_page(request, form, 400, error=one_line(error))
        return count_page(request, form, view=view, source=asked.source)

    def compare_page(
        request: Request, form: dict[str, str], status: int = 200, **extra: Any
    ) -> HTMLResponse:
        context: dict[str, Any] = {
            "title": "Compare rule sets",
            "rule_choices": rule_choices(),
            "form": form,
            "comparison": None,
            "error": None,
            **extra,
        }
        return form_page(request, "compare", context, status)

    @app.get("/compare", response_class=HTMLResponse, include_in_schema=False)
    def compare_form(request: Request) -> Response:
        return compare_page(request, {})

    @app.post("/compare", response_class=HTMLResponse, include_in_schema=False)
    async def compare_post(
        request: Request,
        file: Annotated[UploadFile | None, File()] = None,
        text: Annotated[str | None, Form()] = None,
        rule_list: Annotated[str | None, Form()] = None,
        seats: Annotated[str | None, Form()] = None,
        lots: Annotated[str | None, Form()] = None,
        seed: Annotated[str | None, Form()] = None,
    ) -> Response:
        form = form_fields(text=text, rule_list=rule_list, seats=seats, lots=lots, seed=seed)
        try:
            asked = await posted_request(file, text, seats, lots, seed)
            comparison = await counted(request, views.comparison, asked, rule_list)
        except TellersError as error:
            from ..errors import one_line

            return compare_page(request, form, 400, error=one_line(error))
        return compare_page(request, form, comparison=comparison)

    @app.get("/results/{ballot_id}", response_class=HTMLResponse, include_in_schema=False)
    def contest(request: Request, ballot_id: str) -> Response:
        from ..results.card import one_line
        from . import entry

        result = require_result(ballot_id)
        ballot = store().ballot(ballot_id)
        card: dict[str, Any] | None = None
        headline = None
        card_error = None
        try:
            from ..results.card import to_json
            from ..service.results import analyse_ballot

            analysis = analyse_ballot(store(), ballot_id)
            card, headline = to_json(analysis), one_line(analysis)
        except (TellersError, ValueError) as error:
            card_error = str(error)
        count = result.count()
        view = None
        if count is not None:
            view = views.count_view(result.to_election(), count)
        place = place_name(
            ballot.division_name, ballot.division, ballot.organisation_name, ballot.organisation
        )
        context = {
            "title": place or ballot_id,
            "place": place,
            "ballot": ballot,
            "result": result,
            "card": card,
            "headline": headline,
            "card_error": card_error,
            "view": view,
            "totals_chart": None if view is not None else _totals_chart(result),
            "plotly": True,
            **entry.contest_context(request, result),
        }
        return page(request, "contest.html", context)

    # -- the JSON API --------------------------------------------------------------------

    @app.get("/api/v1/rules", tags=["rules"], responses=ERRORS)
    def api_rules() -> list[dict[str, Any]]:
        """Every rule set: name, title, family, law, when in force, what it counts, options."""
        from ..service.catalogue import rule_set_document, rule_sets

        return [rule_set_document(r) for r in rule_sets()]

    @app.post("/api/v1/count", tags=["count"], responses=ERRORS)
    async def api_count(
        request: Request,
        file: Annotated[UploadFile | None, File(description="The file to count")] = None,
        text: Annotated[str | None, Form(description="Or the result as text")] = None,
        rules: Annotated[str | None, Form(description="Rule set (default: the file's)")] = None,
        format_in: Annotated[str | None, Form(description="Format of the input")] = None,
        seats: Annotated[int | None, Form(ge=1, description="Seats to fill")] = None,
        lots: Annotated[list[str] | None, Form(description='Official draws, "A>B"')] = None,
        seed: Annotated[int | None, Form(description="Seed for any other lot")] = None,
        option: Annotated[list[str] | None, Form(description="Rule options, KEY=VALUE")] = None,
    ) -> dict[str, Any]:
        """Count a file (or text) and answer with the ``tellers.count/1`` document.

        Each client may start a few counts a minute (429 beyond), and the server counts a
        few files at once (503 when busy), both with ``Retry-After``; a count may use a
        limited processor time. Larger counts: ``tellers count FILE`` on your own
        computer."""
        data, filename = await _upload(file)
        if data is not None and len(data) > views.MAX_BYTES:
            raise HTTPException(413, f"expected a file of at most {views.MAX_BYTES:,} bytes")
        asked = views.count_request(
            upload=data,
            filename=filename,
            text=text,
            rules=rules,
            format_in=format_in,
            seats=seats,
            lots=lots or (),
            seed=seed,
            option_items=option or (),
        )
        return await counted(request, views.count_document, asked)

    @app.get("/api/v1/results/{ballot_id}", tags=["results"], responses=ERRORS)
    def api_result(
        ballot_id: str,
        with_id: Annotated[
            str | None, Query(alias="with", description="Compare with this ballot instead")
        ] = None,
    ) -> dict[str, Any]:
        """The card of a stored result against its comparison base (``tellers.analysis/1``),
        as ``tellers results show ID --format json`` gives it."""
        require_result(ballot_id)
        if with_id is not None:
            require_result(with_id)
        return card_document(store(), ballot_id, with_id)

    from . import admin, audit, embed, entry, signin

    app.include_router(signin.router)
    app.include_router(entry.router)
    app.include_router(embed.router)
    app.include_router(admin.router)
    app.include_router(audit.router)
    return app


def render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    """A page from the app's templates (for the routers of other modules)."""
    context.setdefault("plotly", False)
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(request, name, context, status_code=status)


def store_of(request: Request) -> Store:
    """The app's results store, opened on first use."""
    stores: Stores = request.app.state.stores
    return stores.get()


def _totals_chart(result: Result) -> str:
    """A bar chart of a declared result's votes (a result stored as totals, not a count)."""
    from . import charts

    candidates = result.figures.candidates
    figure = {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "y": [charts.label(c.name) for c in candidates],
                "x": [c.votes for c in candidates],
                "text": [f"{c.votes:,}" for c in candidates],
                "textposition": "auto",
                "hovertemplate": "%{y}: %{text}<extra></extra>",
                "marker": {
                    "color": [
                        charts.ELECTED_COLOUR if c.elected else charts.CONTINUING_COLOUR
                        for c in candidates
                    ]
                },
            }
        ],
        "layout": {
            "font": charts.FONT,
            "margin": {"l": 10, "r": 30, "t": 10, "b": 40},
            "height": max(220, 34 * len(candidates) + 80),
            "xaxis": {"title": {"text": "Votes"}, "fixedrange": True},
            "yaxis": {"autorange": "reversed", "automargin": True, "fixedrange": True},
            "paper_bgcolor": "rgba(0,0,0,0)",
            "plot_bgcolor": "rgba(0,0,0,0)",
        },
    }
    return views.figure_json(figure)
