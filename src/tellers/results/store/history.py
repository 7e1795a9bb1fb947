"""What changed from one version of a result to the next: figures, facts, source, note.

::

    for before, after in zip([None, *versions], versions):
        for change in changes(before, after):
            print(change.text())       # "votes of Ala UDDIN: 987 -> 988"

Design: a pure comparison of two :class:`~.records.Result` records, read from
the versions themselves, so that the history says what a version holds whatever
made it (an add, an edit, an import, the web). The first version lists what it
states. Values are text (numbers as written); ``None`` is "not stated".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .records import CandidateResult, Figures, Result

__all__ = ["Change", "changes"]


@dataclass(frozen=True, slots=True)
class Change:
    """One thing a version changed: what, from what (``None``: not stated), to what.
    ``stated``: what a first version states, or a candidate added or removed (no
    "before")."""

    what: str
    before: str | None
    after: str | None
    stated: bool = False

    def text(self) -> str:
        """``defending party: not stated -> lab``; ``source: https://...`` for what a
        first version states."""
        if self.stated:
            return f"{self.what}: {self.after}"
        return f"{self.what}: {_shown(self.before)} -> {_shown(self.after)}"

    def to_json(self) -> dict[str, str | None]:
        return {"what": self.what, "before": self.before, "after": self.after}


def _shown(value: str | None) -> str:
    return "not stated" if value is None else value


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


def _party_code(party: str | None) -> str | None:
    """The party as the card prints it (``lab`` -> ``LAB``)."""
    from ..card import party_code

    return party_code(party) if party else None


def _label(c: CandidateResult) -> str:
    return f"{c.name} ({c.party})" if c.party else c.name


#: The facts a version states, in the order the history gives them.
_FACTS: tuple[tuple[str, Callable[[Result], Any]], ...] = (
    ("seats", lambda r: r.seats),
    ("poll date", lambda r: r.poll_date),
    ("ward name", lambda r: r.ward_name),
    ("defending party", lambda r: _party_code(r.defending)),
    ("by-election reason", lambda r: r.by_election_reason),
    ("compared with", lambda r: r.comparable_id),
    ("source", lambda r: r.source),
    ("note", lambda r: r.note),
)

#: The figures beyond the candidates' lines.
_FIGURES: tuple[tuple[str, Callable[[Figures], Any]], ...] = (
    ("kind", lambda f: f.kind),
    ("rules", lambda f: f.rules),
    ("electorate", lambda f: f.electorate),
    ("ballot papers issued", lambda f: f.papers_issued),
    ("valid papers", lambda f: f.valid_papers),
    ("rejected in part", lambda f: f.rejected_in_part),
)


def changes(before: Result | None, after: Result) -> list[Change]:
    """What ``after`` changed from ``before`` (``None``: ``after`` is the first version)."""
    if before is None:
        return _first(after)
    found = _candidate_changes(before.figures, after.figures)
    f, g = before.figures, after.figures
    for what, figure in _FIGURES:
        if figure(f) != figure(g):
            found.append(Change(what, _text(figure(f)), _text(figure(g))))
    for head in dict.fromkeys([*f.rejected, *g.rejected]):
        if f.rejected.get(head) != g.rejected.get(head):
            found.append(
                Change(
                    f"rejected ({head})", _text(f.rejected.get(head)), _text(g.rejected.get(head))
                )
            )
    if f.postal != g.postal:
        found.append(Change("postal votes", _text(f.postal.to_json()), _text(g.postal.to_json())))
    if f.count_json != g.count_json and g.count_json is not None:
        found.append(
            Change("stored count", None, "replaced" if f.count_json else "added", stated=True)
        )
    for what, get in _FACTS:
        if get(before) != get(after):
            found.append(Change(what, _text(get(before)), _text(get(after))))
    return found


def _first(result: Result) -> list[Change]:
    elected = ", ".join(_label(c) for c in result.elected) or "none"
    summary = f"{len(result.candidates)} candidates; elected: {elected}"
    found = [Change("result", None, summary, stated=True)]
    for what, get in _FACTS:
        value = get(result)
        if value is not None:
            found.append(Change(what, None, _text(value), stated=True))
    return found


def _candidate_changes(before: Figures, after: Figures) -> list[Change]:
    was = {c.name: c for c in before.candidates}
    now = {c.name: c for c in after.candidates}
    found = []
    for name, c in now.items():
        old = was.get(name)
        if old is None:
            found.append(Change("candidate added", None, f"{_label(c)} {c.votes}", stated=True))
            continue
        if old.votes != c.votes:
            found.append(Change(f"votes of {name}", str(old.votes), str(c.votes)))
        if (old.party, old.party_key) != (c.party, c.party_key):
            found.append(Change(f"party of {name}", old.party, c.party))
        if old.elected != c.elected:
            found.append(Change(f"{name} elected", _yes(old.elected), _yes(c.elected)))
    for name, c in was.items():
        if name not in now:
            found.append(Change("candidate removed", None, f"{_label(c)} {c.votes}", stated=True))
    return found


def _yes(value: bool) -> str:
    return "yes" if value else "no"
