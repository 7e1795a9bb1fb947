"""Results entry: an editor types a result as a newspaper prints it; another confirms it.

Purpose: the pages ``/enter`` (a new ballot) and ``/results/{id}/edit``, the button
``/results/{id}/confirm``, their JSON twins under ``/api/v1/results/{id}``, and
what the contest page shows of it all, over :mod:`tellers.results.entry`.

Design: the form carries the version the editor started from (0 for a new
ballot). Saving over a newer version is a conflict (409): the form comes back
with the editor's own text kept, who saved which version when, and the result
as it now stands; its version field moves on to that version, so that saving
again is a choice made with the change in sight. Every attempt, conflicts too,
is in the ballot's history. A saved result is provisional until an editor who
did not enter it confirms it. Pages answer a missing sign-in with the sign-in
page, the API with 401; a viewer gets 403.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from ..errors import TellersError, one_line
from ..service import entry
from ..service.listing import place_name
from ..service.results import ConflictError, Result, Store
from . import signin
from .app import ERRORS, ErrorEnvelope, render, store_of

router = APIRouter()

#: The longest result text a form or the API takes.
MAX_TEXT = 100_000

API_ERRORS: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    **{
        status: {"model": ErrorEnvelope, "description": what}
        for status, what in (
            (401, "Not signed in"),
            (403, "Not allowed: a viewer, your own entry, or no X-CSRF-Token"),
            (409, "The result changed since the version you started from"),
        )
    },
}


def contest_path(ballot_id: str) -> str:
    """The contest page of a ballot."""
    return f"/results/{quote(ballot_id, safe='')}"


def _stamp(result: Result) -> str:
    return f"{result.created_at.strftime('%Y-%m-%d %H:%M')} UTC"


def conflict_message(store: Store, conflict: ConflictError) -> str:
    """Who saved which version when, since the version the editor started from."""
    current = store.current_result(conflict.ballot_id)
    if current is None:
        return one_line(conflict)
    started = f"version {conflict.expected}" if conflict.expected else "a new ballot"
    return (
        f"Not saved: {current.author} saved version {current.version} at {_stamp(current)}, "
        f"since you started from {started}. Check your change against the result as it "
        "now stands, then save again."
    )


def _current(store: Store, ballot_id: str) -> Result:
    """The ballot's current result, else 404."""
    result = store.current_result(ballot_id) if store.has_ballot(ballot_id) else None
    if result is None:
        raise HTTPException(404, f"{ballot_id}: no result stored for this ballot")
    return result


def _version(value: str | int | None) -> int:
    """The version a form says the editor started from."""
    try:
        number = int(str(value).strip())
    except ValueError:
        raise TellersError(f"version: expected a whole number, found {value!r}") from None
    if number < 0:
        raise TellersError(f"version: expected 0 or more, found {number}")
    return number


# -- what the contest page shows -----------------------------------------------------------


def contest_context(request: Request, result: Result) -> dict[str, Any]:
    """The contest page's part in entry: the provisional flag, the Edit and Confirm
    buttons for editors, and the history for anyone signed in."""
    user = signin.user_of(request)
    can_edit = user is not None and user.can_edit
    mine = user is not None and user.username == result.author
    history = entry.edits(store_of(request), result.ballot_id) if user is not None else []
    return {
        "provisional": result.provisional,
        "can_edit": can_edit,
        "can_confirm": can_edit and result.provisional and not mine,
        "entered_by_me": result.provisional and mine,
        "history": history,
    }


# -- the pages -----------------------------------------------------------------------------


def _entry_page(
    request: Request,
    form: dict[str, str],
    *,
    status: int = 200,
    error: str | None = None,
    current: Result | None = None,
) -> HTMLResponse:
    """The enter form (no ballot yet) or the edit form of a stored ballot; after a
    conflict, with the result as it now stands beside the editor's text."""
    store = store_of(request)
    ballot_id = form["ballot_id"]
    stored = bool(ballot_id) and store.has_ballot(ballot_id)
    if not stored:
        new = {"title": "Enter a result", "form": form, "error": error}
        return render(request, "enter.html", new, status)
    ballot = store.ballot(ballot_id)
    place = place_name(
        ballot.division_name, ballot.division, ballot.organisation_name, ballot.organisation
    )
    context: dict[str, Any] = {
        "title": f"Edit {place or ballot_id}",
        "place": place,
        "ballot": ballot,
        "form": form,
        "error": error,
        "current": current,
        "current_text": entry.as_text(current) if current is not None else None,
        "contest_path": contest_path(ballot_id),
    }
    return render(request, "edit.html", context, status)


def _save(request: Request, form: dict[str, str]) -> Response:
    """Save a posted result: to the contest page, or the form again with what went wrong."""
    user = signin.require_editor(request, request.url.path)
    store = store_of(request)
    ballot_id = form["ballot_id"].strip()
    form["ballot_id"] = ballot_id
    try:
        expected = _version(form["version"])
        entry.enter_result(
            store,
            ballot_id,
            form["text"],
            user=user,
            source=form["source"].strip(),
            expected_version=expected,
        )
    except ConflictError as conflict:
        current = store.current_result(conflict.ballot_id)
        if current is not None:
            form["version"] = str(current.version)
        message = conflict_message(store, conflict)
        return _entry_page(request, form, status=409, error=message, current=current)
    except entry.NotAllowed as refused:
        return _entry_page(request, form, status=403, error=one_line(refused))
    except TellersError as error:
        return _entry_page(request, form, status=400, error=one_line(error))
    return RedirectResponse(contest_path(ballot_id), status_code=303)


Text = Annotated[str, Form(max_length=MAX_TEXT)]
Short = Annotated[str, Form(max_length=2000)]


@router.get("/enter", response_class=HTMLResponse, include_in_schema=False)
def enter_form(request: Request) -> Response:
    signin.require_editor(request)
    form = {"ballot_id": "", "text": "", "source": "", "version": "0"}
    return _entry_page(request, form)


@router.post("/enter", response_class=HTMLResponse, include_in_schema=False)
def enter_post(
    request: Request, ballot_id: Short = "", text: Text = "", source: Short = ""
) -> Response:
    form = {"ballot_id": ballot_id, "text": text, "source": source, "version": "0"}
    return _save(request, form)


@router.get("/results/{ballot_id}/edit", response_class=HTMLResponse, include_in_schema=False)
def edit_form(request: Request, ballot_id: str) -> Response:
    signin.require_editor(request)
    result = _current(store_of(request), ballot_id)
    form = {
        "ballot_id": ballot_id,
        "text": entry.as_text(result),
        "source": result.source,
        "version": str(result.version),
    }
    return _entry_page(request, form)


@router.post("/results/{ballot_id}/edit", response_class=HTMLResponse, include_in_schema=False)
def edit_post(
    request: Request, ballot_id: str, text: Text = "", source: Short = "", version: Short = ""
) -> Response:
    form = {"ballot_id": ballot_id, "text": text, "source": source, "version": version}
    return _save(request, form)


@router.post("/results/{ballot_id}/confirm", include_in_schema=False)
def confirm_post(request: Request, ballot_id: str, version: Short = "") -> Response:
    user = signin.require_editor(request, contest_path(ballot_id))
    store = store_of(request)
    _current(store, ballot_id)
    try:
        entry.confirm_result(store, ballot_id, _version(version), user=user)
    except ConflictError as conflict:
        raise HTTPException(409, _confirm_conflict(store, conflict)) from None
    except entry.NotAllowed as refused:
        raise HTTPException(403, one_line(refused)) from None
    return RedirectResponse(contest_path(ballot_id), status_code=303)


def _confirm_conflict(store: Store, conflict: ConflictError) -> str:
    current = store.current_result(conflict.ballot_id)
    if current is None:
        return one_line(conflict)
    return (
        f"Not confirmed: {current.author} saved version {current.version} at "
        f"{_stamp(current)}, after version {conflict.expected} that you read. "
        "Read the result again before confirming it."
    )


# -- the JSON API --------------------------------------------------------------------------


class ResultEntry(BaseModel):
    """A result to save: the text as a newspaper prints it, where it comes from, and the
    version it was made from (0: a new ballot)."""

    text: str = Field(max_length=MAX_TEXT)
    source: str = Field(max_length=2000)
    version: int = Field(ge=0)


class Confirmation(BaseModel):
    """The version the confirming editor read."""

    version: int = Field(ge=1)


def result_json(result: Result, outcome: str) -> dict[str, Any]:
    """A saved or confirmed version, numbers as strings."""
    return {
        "ballot_id": result.ballot_id,
        "version": str(result.version),
        "outcome": outcome,
        "author": result.author,
        "created_at": result.created_at.isoformat(),
        "source": result.source,
        "provisional": result.provisional,
        "confirmed_by": result.confirmed_by,
        "confirmed_at": None if result.confirmed_at is None else result.confirmed_at.isoformat(),
    }


def edit_json(edit: entry.Edit) -> dict[str, Any]:
    """One attempt of the history, numbers as strings."""

    def number(value: int | None) -> str | None:
        return None if value is None else str(value)

    return {
        "author": edit.author,
        "at": edit.at.isoformat(),
        "action": edit.action,
        "base_version": number(edit.base_version),
        "outcome": edit.outcome,
        "version": number(edit.version),
        "source": edit.source,
        "submitted": edit.submitted,
        "message": edit.message,
    }


@router.post("/api/v1/results/{ballot_id}", tags=["results"], responses=API_ERRORS)
def api_enter(request: Request, ballot_id: str, body: ResultEntry) -> dict[str, Any]:
    """Save a result typed as a newspaper prints it, as a new provisional version.
    Needs an editor's session and the header ``X-CSRF-Token``; 409 if the ballot is no
    longer at ``version``. ``outcome``: ``saved``, or ``unchanged`` when the figures and
    source were those of the current version."""
    user = signin.require_editor(request)
    store = store_of(request)
    try:
        result = entry.enter_result(
            store,
            ballot_id,
            body.text,
            user=user,
            source=body.source,
            expected_version=body.version,
        )
    except ConflictError as conflict:
        raise HTTPException(409, conflict_message(store, conflict)) from None
    except entry.NotAllowed as refused:
        raise HTTPException(403, one_line(refused)) from None
    return result_json(result, "unchanged" if result.version == body.version else "saved")


@router.post("/api/v1/results/{ballot_id}/confirm", tags=["results"], responses=API_ERRORS)
def api_confirm(request: Request, ballot_id: str, body: Confirmation) -> dict[str, Any]:
    """Confirm the provisional ``version``, entered by another editor. Needs an editor's
    session and the header ``X-CSRF-Token``; 409 if ``version`` is no longer current."""
    user = signin.require_editor(request)
    store = store_of(request)
    _current(store, ballot_id)
    try:
        result = entry.confirm_result(store, ballot_id, body.version, user=user)
    except ConflictError as conflict:
        raise HTTPException(409, _confirm_conflict(store, conflict)) from None
    except entry.NotAllowed as refused:
        raise HTTPException(403, one_line(refused)) from None
    return result_json(result, "confirmed")


@router.get("/api/v1/results/{ballot_id}/history", tags=["results"], responses=API_ERRORS)
def api_history(request: Request, ballot_id: str) -> dict[str, Any]:
    """Every attempt to enter or confirm the ballot's result, oldest first, refused
    and conflicting ones too, with what was sent. Needs a signed-in user."""
    signin.require_user(request)
    store = store_of(request)
    if not store.has_ballot(ballot_id):
        raise HTTPException(404, f"no ballot called {ballot_id!r} in the results store")
    return {"ballot_id": ballot_id, "edits": [edit_json(e) for e in entry.edits(store, ballot_id)]}
