"""The count as versioned JSON (format ``tellers.count/1``).

Purpose: a record of a count that programs can read and that diffs cleanly:
the same input and the same lots give byte-identical output (an invariant of
ARCHITECTURE.md). The fields are described in docs/json-schema.md and, for
validators, in ``schema/count-1.json`` beside this module.

Design: every number is written as a string, exactly as the count recorded
it (``"26.31700"``), so that no reader turns a vote value into a float. Keys
come in a fixed order (the order below), lists in the count's own order, and
candidates in ballot order. No timestamps, no paths beyond the source as given.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from ..core.count import (
    LOSS_TO_ROUNDING,
    NON_TRANSFERABLE,
    Action,
    Count,
    Decision,
    Lot,
    Outcome,
    Stage,
    Transfer,
)
from ..core.model import REJECTION_HEADS, Candidate, Contest, Election
from ..errors import InputError
from . import _common as c

FORMAT = "tellers.count/1"

#: Every document has these keys, in this order.
KEYS = (
    "format",
    "tellers_version",
    "source",
    "contest",
    "valid_papers",
    "quota",
    "elected",
    "majority",
    "stages",
    "transfers",
    "decisions",
    "lots",
    "lot_provider",
    "rejected",
    "rejected_in_part",
    "ballot_papers_counted",
    "electorate",
    "options",
    "notes",
)


def _number(value: Decimal | int | None) -> str | None:
    return None if value is None else c.exact(value)


def _names(count: Count, indices: Sequence[int]) -> list[str]:
    return [count.name(i) for i in indices]


def to_dict(election: Election, count: Count, *, lots: str | None = None) -> dict[str, Any]:
    """The document as a dict whose only scalars are strings, booleans and nulls."""
    from .. import __version__

    contest = count.contest
    majority = c.majority(count)
    document: dict[str, Any] = {
        "format": FORMAT,
        "tellers_version": __version__,
        "source": election.source or None,
        "contest": {
            "name": contest.name,
            "date": contest.date,
            "seats": str(contest.seats),
            "rules": count.rules,
            "places": str(count.places),
            "candidates": [
                {
                    "name": candidate.name,
                    "party": candidate.party,
                    "withdrawn": i in contest.withdrawn,
                }
                for i, candidate in enumerate(contest.candidates)
            ],
        },
        "valid_papers": _number(count.valid_papers),
        "quota": _number(count.quota),
        "elected": list(count.elected_names()),
        "majority": None if majority is None else _number(majority[0]),
        "stages": [
            {
                "number": str(stage.number),
                "action": str(stage.action),
                "subjects": _names(count, stage.subjects),
                "votes": {
                    name: c.exact(value)
                    for name, value in zip(contest.names, stage.votes, strict=True)
                },
                "non_transferable": c.exact(stage.non_transferable),
                "loss_to_rounding": c.exact(stage.loss_to_rounding),
                "elected": _names(count, stage.elected),
                "excluded": _names(count, stage.excluded),
                "deferred": _names(count, stage.deferred),
                "transfer_value": [c.exact(v) for v in stage.transfer_values],
                "note": stage.note,
            }
            for stage in count.stages
        ],
        "transfers": [
            {
                "stage": str(t.stage),
                "from": count.name(t.source),
                "to": count.name(t.target),
                "papers": str(t.papers),
                "value": c.exact(t.value),
                "transfer_value": _number(t.transfer_value),
            }
            for t in count.transfers
        ],
        "decisions": [
            {
                "stage": str(d.stage),
                "candidate": count.name(d.candidate),
                "outcome": str(d.outcome),
                "reason": d.reason,
                "by_lot": d.by_lot,
            }
            for d in count.decisions
        ],
        "lots": [
            {
                "stage": str(lot.stage),
                "purpose": lot.purpose,
                "tied": _names(count, lot.tied),
                "chosen": count.name(lot.chosen),
                "order": _names(count, lot.order),
                "how": lot.how,
            }
            for lot in count.lots
        ],
        "lot_provider": lots,
        "rejected": _rejected(election.rejected),
        "rejected_in_part": _number(election.rejected_in_part),
        "ballot_papers_counted": _number(election.papers_counted) if election.rejected else None,
        "electorate": _number(election.electorate),
        "options": dict(count.options),
        "notes": list(count.notes),
    }
    return document


def _rejected(rejected: Mapping[str, int]) -> dict[str, str]:
    heads = [h for h in REJECTION_HEADS if h in rejected]
    heads += sorted(h for h in rejected if h not in REJECTION_HEADS)
    return {h: str(rejected[h]) for h in heads}


def to_json(election: Election, count: Count, *, lots: str | None = None) -> str:
    """The document on one line (a JSON Lines record), without a final newline."""
    return json.dumps(
        to_dict(election, count, lots=lots),
        ensure_ascii=False,
        separators=(",", ":"),
        sort_keys=False,
    )


# -- reading a document back ---------------------------------------------------------


def _decimal(value: Any, what: str) -> Decimal:
    try:
        return Decimal(str(value))
    except ArithmeticError:
        raise InputError("stored count", None, f"expected a number for {what}") from None


def from_dict(document: Mapping[str, Any], fallback_name: str = "") -> Count:
    """The :class:`Count` a ``tellers.count/1`` document records, figure for figure."""
    try:
        return _from_dict(document, fallback_name)
    except (KeyError, TypeError, ValueError, IndexError) as error:
        raise InputError(
            "stored count", None, f"expected a tellers.count/1 document ({error!r})"
        ) from None


def _from_dict(document: Mapping[str, Any], fallback_name: str) -> Count:
    contest_doc = document["contest"]
    people = contest_doc["candidates"]
    contest = Contest(
        contest_doc.get("name") or fallback_name,
        int(contest_doc["seats"]),
        tuple(Candidate(p["name"], p.get("party")) for p in people),
        frozenset(i for i, p in enumerate(people) if p.get("withdrawn")),
        contest_doc.get("date"),
    )
    index = {name: i for i, name in enumerate(contest.names)}
    index["non-transferable"] = NON_TRANSFERABLE
    index["loss to rounding"] = LOSS_TO_ROUNDING

    def ids(names: Sequence[str]) -> tuple[int, ...]:
        return tuple(index[name] for name in names)

    lots_at: dict[int, list[Lot]] = {}
    for lot in document.get("lots", []):
        stage = int(lot["stage"])
        lots_at.setdefault(stage, []).append(
            Lot(
                stage,
                lot["purpose"],
                ids(lot["tied"]),
                ids(lot["order"]),
                index[lot["chosen"]],
                lot["how"],
            )
        )
    stages = tuple(
        Stage(
            number=int(s["number"]),
            action=Action(s["action"]),
            subjects=ids(s["subjects"]),
            votes=tuple(_decimal(s["votes"][name], name) for name in contest.names),
            non_transferable=_decimal(s["non_transferable"], "non-transferable"),
            loss_to_rounding=_decimal(s["loss_to_rounding"], "loss to rounding"),
            elected=ids(s["elected"]),
            excluded=ids(s["excluded"]),
            transfer_values=tuple(_decimal(v, "a transfer value") for v in s["transfer_value"]),
            deferred=ids(s.get("deferred", [])),
            lots=tuple(lots_at.get(int(s["number"]), [])),
            note=s.get("note", ""),
        )
        for s in document["stages"]
    )
    decisions = tuple(
        Decision(
            int(d["stage"]), index[d["candidate"]], Outcome(d["outcome"]), d["reason"], d["by_lot"]
        )
        for d in document["decisions"]
    )
    transfers = tuple(
        Transfer(
            int(x["stage"]),
            index[x["from"]],
            index[x["to"]],
            int(x["papers"]),
            _decimal(x["value"], "a transfer"),
            None if x["transfer_value"] is None else _decimal(x["transfer_value"], "a value"),
        )
        for x in document["transfers"]
    )

    def number(key: str) -> Decimal | None:
        value = document.get(key)
        return None if value is None else _decimal(value, key)

    return Count(
        contest=contest,
        rules=str(contest_doc["rules"]),
        places=int(contest_doc.get("places", "0")),
        valid_papers=number("valid_papers"),
        quota=number("quota"),
        stages=stages,
        decisions=decisions,
        transfers=transfers,
        options={str(k): str(v) for k, v in (document.get("options") or {}).items()},
        notes=tuple(document.get("notes", ())),
        lot_provider=str(document.get("lot_provider") or "none supplied"),
    )
