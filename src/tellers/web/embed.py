"""Reading stored results from elsewhere: the embeddable card, oEmbed, the by-election
tracker, elections and ballots as JSON, and CSV exports.

Purpose: a newspaper or a blog shows a live result in an iframe
(``/embed/results/{id}``, a small page that reloads itself every minute, or the
``/oembed`` answer that wraps it); anyone follows the by-elections
(``/byelections``, ``/api/v1/byelections``) and takes the figures away
(``/api/v1/elections``, ``/api/v1/ballots``, ``/api/v1/results.csv``, of every
ballot, a council's, or the ballots named with ``?ballot=ID``).

Design: the same functions as the command line, so a page and a command never
disagree: the tracker is :func:`tellers.results.service.by_elections` and its
JSON the document of ``tellers results byelections --format json``; the CSV is
:func:`tellers.results.service.write_csv`, as ``tellers results export``
writes it. The card is plain HTML and CSS (the bars are SVG rectangles sized by
attributes), with no script, no inline style and nothing from another site, so
it works under a strict Content-Security-Policy; it is the only page meant to be
framed (the security headers allow framing under ``/embed/`` only). oEmbed
follows oEmbed 1.0 (https://oembed.com): type ``rich``, width and height in
pixels as JSON numbers, as the specification has them. ``/oembed`` is not under
``/api/`` (consumers look for it at the site's root; it is left out of the
OpenAPI document of ``/api/v1``) but answers errors in the API's envelope all
the same; an unknown ``format`` is 501, as the specification asks.

One ballot's CSV is ``/api/v1/results.csv?ballot=ID``, not
``/api/v1/results/ID.csv``: a ballot identifier is one path segment with dots
in it, so ``/api/v1/results/{ballot_id}`` (the card, and the POST that enters a
result) would match ``ID.csv`` first.
"""

from __future__ import annotations

import html
import io
from typing import Annotated, Any
from urllib.parse import quote, unquote, urlsplit

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from ..errors import TellersError
from ..service.exchange import write_csv
from ..service.listing import election, elections, listed, listed_json, result_card, tracker_rows
from ..service.results import Store
from ..service.tracker import by_elections
from .app import ERRORS, error_json, render, store_of

router = APIRouter()

#: How many by-elections the home page lists (the tracker page lists them all).
RECENT = 10
#: The card's size in an iframe unless the consumer asks for less (pixels).
CARD_WIDTH = 400
CARD_HEIGHT_BASE = 190
CARD_HEIGHT_PER_PARTY = 26
#: How often the card reloads itself (seconds).
REFRESH = 60

_CSV: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/csv": {}}, "description": "CSV, one candidate a row"}
}


# -- the embeddable card and oEmbed ---------------------------------------------------------


def _quoted(ballot_id: str) -> str:
    return quote(ballot_id, safe="")


def oembed_url(request: Request, ballot_id: str) -> str:
    """The oEmbed address of a result page, for its ``<link rel="alternate"
    type="application/json+oembed">`` (oEmbed discovery)."""
    page = f"{request.base_url}results/{_quoted(ballot_id)}"
    return f"{request.base_url}oembed?url={quote(page, safe='')}&format=json"


@router.get("/embed/results/{ballot_id}", response_class=HTMLResponse, include_in_schema=False)
def embed_result(request: Request, ballot_id: str) -> Response:
    """The result as a small card for an iframe; it reloads itself every minute."""
    try:
        card = result_card(store_of(request), ballot_id)
    except TellersError as error:  # not stored, or not an identifier at all
        missing = {"title": "Not found", "card": None, "message": str(error), "refresh": REFRESH}
        return render(request, "embed.html", missing, 404)
    context: dict[str, Any] = {
        "title": card.place,
        "card": card,
        "message": None,
        "refresh": REFRESH,
    }
    return render(request, "embed.html", context)


def _pixels(value: str | None, name: str) -> int | None:
    if value is None or value == "":
        return None
    if not value.isdigit() or int(value) < 1:
        raise ValueError(f"{name}: expected a whole number of pixels, at least 1, not {value!r}")
    return int(value)


def _result_page(request: Request, url: str) -> str | None:
    """The ballot identifier of a result page (or card) of this site, else ``None``."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or parts.query or parts.fragment:
        return None
    if parts.netloc.lower() != request.url.netloc.lower():
        return None
    for prefix in ("/results/", "/embed/results/"):
        if parts.path.startswith(prefix):
            rest = parts.path.removeprefix(prefix)
            return unquote(rest) if rest and "/" not in rest else None
    return None


@router.get("/oembed", include_in_schema=False)
def oembed(
    request: Request,
    url: Annotated[str | None, Query(description="The address of a result page")] = None,
    output: Annotated[str, Query(alias="format", description="Only json is offered")] = "json",
    maxwidth: Annotated[str | None, Query(description="Widest the card may be (px)")] = None,
    maxheight: Annotated[str | None, Query(description="Tallest the card may be (px)")] = None,
) -> Response:
    """An iframe of the result's card (``type`` ``rich``), for a page of
    ``/results/{ballot_id}``: 404 if the address is not a stored result of this site."""
    if output != "json":
        return error_json(501, f"format {output!r} is not offered: ask for format=json")
    if not url:
        return error_json(400, "url: expected the address of a result page")
    try:
        widest, tallest = _pixels(maxwidth, "maxwidth"), _pixels(maxheight, "maxheight")
    except ValueError as error:
        return error_json(400, str(error))
    ballot_id = _result_page(request, url)
    if ballot_id is None:
        return error_json(404, f"not a result page of this site: {url}")
    try:
        card = result_card(store_of(request), ballot_id)
    except TellersError:
        return error_json(404, f"no stored result at {url}")
    width = min(CARD_WIDTH, widest or CARD_WIDTH)
    height = CARD_HEIGHT_BASE + CARD_HEIGHT_PER_PARTY * max(1, len(card.bars))
    height = min(height, tallest or height)
    title = f"{card.place}, {card.ballot.poll_date.isoformat()}"
    if card.ballot.by_election:
        title = f"{card.place} by-election, {card.ballot.poll_date.isoformat()}"
    source = f"{request.base_url}embed/results/{_quoted(ballot_id)}"
    frame = (
        f'<iframe src="{html.escape(source)}" width="{width}" height="{height}" '
        f'title="{html.escape(title)}" loading="lazy" style="border:0"></iframe>'
    )
    return JSONResponse(
        {
            "type": "rich",
            "version": "1.0",
            "title": title,
            "provider_name": "tellers",
            "provider_url": str(request.base_url),
            "cache_age": REFRESH,
            "html": frame,
            "width": width,
            "height": height,
        }
    )


# -- the by-election tracker ------------------------------------------------------------


def _blank(value: str | None) -> str | None:
    """A form's empty field is no filter."""
    return value.strip() or None if value is not None else None


def tracker_context(
    store: Store,
    *,
    since: str | None = None,
    until: str | None = None,
    organisation: str | None = None,
) -> dict[str, Any]:
    """What a page's by-election section shows: ``tracker`` (every stored by-election in
    the period, with the net change by party) and ``tracker_rows`` (latest first)."""
    tracker = by_elections(store, since=since, until=until, organisation=organisation)
    return {"tracker": tracker, "tracker_rows": tracker_rows(store, tracker), "tracker_error": None}


def home_context(store: Store) -> dict[str, Any]:
    """The home page's by-election section: the latest :data:`RECENT` by-elections and the
    net change over every stored one (the home route adds this to its context). A stored
    by-election that cannot be analysed is named in ``tracker_error``, not raised, so
    that the list of results still shows."""
    try:
        context = tracker_context(store)
    except (TellersError, ValueError) as error:
        return {"tracker": None, "tracker_rows": [], "tracker_error": str(error)}
    context["tracker_rows"] = context["tracker_rows"][:RECENT]
    return context


@router.get("/byelections", response_class=HTMLResponse, include_in_schema=False)
def byelections_page(
    request: Request,
    since: Annotated[str | None, Query(max_length=10)] = None,
    until: Annotated[str | None, Query(max_length=10)] = None,
    organisation: Annotated[str | None, Query(max_length=100)] = None,
) -> Response:
    filters = {
        "since": _blank(since),
        "until": _blank(until),
        "organisation": _blank(organisation),
    }
    context: dict[str, Any] = {
        "title": "By-elections",
        "form": {k: v or "" for k, v in filters.items()},
        **tracker_context(store_of(request), **filters),
    }
    return render(request, "byelections.html", context)


@router.get("/api/v1/byelections", tags=["results"], responses=ERRORS)
def api_byelections(
    request: Request,
    since: Annotated[str | None, Query(description="From this day, YYYY-MM-DD")] = None,
    until: Annotated[str | None, Query(description="To this day, YYYY-MM-DD")] = None,
    organisation: Annotated[str | None, Query(description="Only this council's slug")] = None,
) -> dict[str, Any]:
    """Every stored by-election in the period, against the defending party, with each
    party's gains, losses and net change (``tellers.byelections/1``), as ``tellers
    results byelections --format json`` gives it."""
    tracker = by_elections(
        store_of(request),
        since=_blank(since),
        until=_blank(until),
        organisation=_blank(organisation),
    )
    return tracker.to_json()


# -- elections, ballots and exports -----------------------------------------------------


@router.get("/api/v1/elections", tags=["results"], responses=ERRORS)
def api_elections(request: Request) -> list[dict[str, Any]]:
    """Every stored election, latest poll first: identifier, poll date, type, council,
    and how many ballots are stored and have a result."""
    return elections(store_of(request))


@router.get("/api/v1/elections/{election_id}", tags=["results"], responses=ERRORS)
def api_election(request: Request, election_id: str) -> dict[str, Any]:
    """One stored election and its ballots, each with the version of its current result
    (``null`` where none is stored)."""
    found = election(store_of(request), election_id)
    if found is None:
        raise HTTPException(404, f"no election called {election_id!r} in the results store")
    return found


@router.get("/api/v1/ballots", tags=["results"], responses=ERRORS)
def api_ballots(
    request: Request,
    q: Annotated[
        str | None, Query(max_length=200, description="Words of the identifier, ward or council")
    ] = None,
) -> list[dict[str, Any]]:
    """Stored results, latest poll first, as the home page's search finds them."""
    return [listed_json(found) for found in listed(store_of(request), q)]


def _csv(store: Store, filename: str, **filters: Any) -> Response:
    out = io.StringIO()
    write_csv(store, out, **filters)
    return Response(
        out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.get(
    "/api/v1/results.csv", tags=["results"], response_class=Response, responses={**ERRORS, **_CSV}
)
def api_results_csv(
    request: Request,
    organisation: Annotated[str | None, Query(description="Only this council's slug")] = None,
    ballot: Annotated[
        list[str] | None, Query(description="Only this ballot (repeat the parameter for more)")
    ] = None,
) -> Response:
    """Every ballot's current result (or only those asked for), one candidate a row, as
    ``tellers results export --format csv`` writes it; 404 if a ballot asked for has no
    stored result."""
    store = store_of(request)
    for ballot_id in ballot or ():
        if not store.has_ballot(ballot_id):
            raise HTTPException(404, f"no ballot called {ballot_id!r} in the results store")
        if store.current_result(ballot_id) is None:
            raise HTTPException(404, f"{ballot_id}: no result stored for this ballot")
    filename = f"{ballot[0]}.csv" if ballot and len(ballot) == 1 else "results.csv"
    return _csv(store, filename, organisation=_blank(organisation), ballot_ids=ballot or None)
