"""The audit page of a stored contest: plan, sample to print, rounds, risk per assertion.

Purpose: ``/results/{id}/audit`` shows anyone the plan of a risk-limiting audit
of the stored result (expected papers per assertion, at the risk limit and
method asked), the sample a seed draws (a list to print, one paper a line),
every recorded round and the risk measure of each assertion at the latest.
An editor records a round there by pasting the auditors' sheet (and the
ballot manifest, where there is one); ``/api/v1/results/{id}/audit`` is its
JSON twin.

Design: a thin edge over :mod:`tellers.service.audit`; rounds are recorded in
the results store under the ballot id, as ``tellers audit run ID`` records
them. A mistake in the form comes back on the page with the message (400); a
viewer gets 403, nobody signed in the sign-in page. No inline scripts or
styles: the page prints as it is.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ..errors import TellersError, one_line
from ..service import audit as service
from ..service.listing import place_name
from . import signin
from .app import ERRORS, render, store_of

router = APIRouter()

METHODS = ("ballot-polling", "comparison")
SAMPLERS = ("rivest-2011", "consistent")
#: The most draws the page lists, and the longest sheet or manifest it takes.
MAX_DRAWS = 10_000
MAX_TEXT = 2_000_000


def audit_path(ballot_id: str) -> str:
    """The audit page of a ballot."""
    return f"/results/{quote(ballot_id, safe='')}/audit"


def _risk_limit(text: str) -> float:
    value = text.strip()
    try:
        number = float(value[:-1]) / 100 if value.endswith("%") else float(value)
    except ValueError:
        raise TellersError(f"risk limit: expected 0.05 or 5%, found {text!r}") from None
    if not 0 < number < 1:
        raise TellersError(f"risk limit: expected a fraction between 0 and 1, found {text!r}")
    return number


def _choice(value: str, allowed: tuple[str, ...], what: str) -> str:
    if value not in allowed:
        raise TellersError(f"{what}: expected one of {', '.join(allowed)}, found {value!r}")
    return value


def _audit_page(
    request: Request,
    ballot_id: str,
    *,
    risk_limit: str = "5%",
    method: str = "ballot-polling",
    seed: str = "",
    count: str = "",
    sampler: str = "rivest-2011",
    form: dict[str, str] | None = None,
    error: str | None = None,
    status: int = 200,
) -> HTMLResponse:
    store = store_of(request)
    if not store.has_ballot(ballot_id) or store.current_result(ballot_id) is None:
        raise HTTPException(404, f"{ballot_id}: no result stored for this ballot")
    ballot = store.ballot(ballot_id)
    place = place_name(
        ballot.division_name, ballot.division, ballot.organisation_name, ballot.organisation
    )
    user = signin.user_of(request)
    context: dict[str, Any] = {
        "title": f"Audit of {place or ballot_id}",
        "ballot": ballot,
        "place": place,
        "contest_path": f"/results/{quote(ballot_id, safe='')}",
        "audit_path": audit_path(ballot_id),
        "query": {
            "risk_limit": risk_limit,
            "method": method,
            "seed": seed,
            "count": count,
            "sampler": sampler,
        },
        "methods": METHODS,
        "samplers": SAMPLERS,
        "can_edit": user is not None and user.can_edit,
        "form": form
        or {
            "seed": seed,
            "risk_limit": risk_limit,
            "method": method,
            "sampler": sampler,
            "manifest": "",
            "sheet": "",
            "unique": "",
        },
        "error": error,
        "plan": None,
        "plan_error": None,
        "sample": None,
        "rounds": [],
        "latest": None,
    }
    try:
        alpha = _risk_limit(risk_limit)
        _choice(method, METHODS, "method")
        target = service.target_of(ballot_id, store=store)
        context["plan"] = service.plan_document(service.plan(target.outcome, alpha, method))
        if seed.strip() and count.strip():
            if not count.strip().isdigit() or not 0 < int(count) <= MAX_DRAWS:
                raise TellersError(f"draws: expected a whole number from 1 to {MAX_DRAWS:,}")
            drawn = service.sample(
                seed.strip(),
                int(count),
                ballots=target.outcome.papers,
                sampler=_choice(sampler, SAMPLERS, "sampler"),
            )
            context["sample"] = drawn.document()
    except TellersError as problem:
        context["plan_error"] = one_line(problem)
    _, rounds = service.history(store, ballot_id)
    context["rounds"] = [r.report for r in rounds]
    context["latest"] = rounds[-1].report if rounds else None
    return render(request, "audit.html", context, status)


@router.get("/results/{ballot_id}/audit", response_class=HTMLResponse, include_in_schema=False)
def audit_page(
    request: Request,
    ballot_id: str,
    risk_limit: Annotated[str, Query(max_length=20)] = "5%",
    method: Annotated[str, Query(max_length=30)] = "ballot-polling",
    seed: Annotated[str, Query(max_length=200)] = "",
    count: Annotated[str, Query(max_length=10)] = "",
    sampler: Annotated[str, Query(max_length=30)] = "rivest-2011",
) -> Response:
    return _audit_page(
        request,
        ballot_id,
        risk_limit=risk_limit,
        method=method,
        seed=seed,
        count=count,
        sampler=sampler,
    )


Text = Annotated[str, Form(max_length=MAX_TEXT)]
Short = Annotated[str, Form(max_length=200)]


@router.post("/results/{ballot_id}/audit", response_class=HTMLResponse, include_in_schema=False)
def audit_round(
    request: Request,
    ballot_id: str,
    seed: Short = "",
    risk_limit: Short = "5%",
    method: Short = "ballot-polling",
    sampler: Short = "rivest-2011",
    unique: Short = "",
    manifest: Text = "",
    sheet: Text = "",
) -> Response:
    """Record the next round of the audit from the auditors' sheet (editors only)."""
    user = signin.require_editor(request, audit_path(ballot_id))
    form = {
        "seed": seed,
        "risk_limit": risk_limit,
        "method": method,
        "sampler": sampler,
        "unique": unique,
        "manifest": manifest,
        "sheet": sheet,
    }
    store = store_of(request)
    if not store.has_ballot(ballot_id):
        raise HTTPException(404, f"no ballot called {ballot_id!r} in the results store")
    try:
        if not sheet.strip():
            raise TellersError("sheet: expected the auditors' sheet (ballot,marks)")
        service.run_round(
            store,
            ballot_id,
            manifest=None,
            manifest_text=manifest or None,
            seed=seed,
            risk_limit=_risk_limit(risk_limit),
            sheet_text=sheet,
            sampled="sheet",
            method=_choice(method, ("ballot-polling",), "method (a comparison needs CVRs)"),
            unique=bool(unique),
            sampler=_choice(sampler, SAMPLERS, "sampler"),
            author=user.username,
        )
    except TellersError as problem:
        return _audit_page(
            request,
            ballot_id,
            risk_limit=risk_limit,
            method=method,
            seed=seed,
            sampler=sampler,
            form=form,
            error=one_line(problem),
            status=400,
        )
    query = urlencode({"risk_limit": risk_limit, "method": method, "seed": seed})
    return RedirectResponse(f"{audit_path(ballot_id)}?{query}#rounds", status_code=303)


@router.get("/api/v1/results/{ballot_id}/audit", tags=["audit"], responses=ERRORS)
def api_audit(
    request: Request,
    ballot_id: str,
    risk_limit: Annotated[float, Query(gt=0, lt=1)] = 0.05,
    method: Annotated[str, Query(pattern="^(ballot-polling|comparison)$")] = "ballot-polling",
) -> dict[str, Any]:
    """The plan of an audit of the stored result (``tellers.audit-plan/1``) and every
    recorded round's report, as ``tellers audit plan ID -f json`` and ``tellers audit
    rounds ID -f json`` give them."""
    store = store_of(request)
    if not store.has_ballot(ballot_id) or store.current_result(ballot_id) is None:
        raise HTTPException(404, f"{ballot_id}: no result stored for this ballot")
    target = service.target_of(ballot_id, store=store)
    key, rounds = service.history(store, ballot_id)
    return {
        "plan": service.plan_document(service.plan(target.outcome, risk_limit, method)),
        "rounds": service.history_document(key, rounds)["rounds"],
    }
