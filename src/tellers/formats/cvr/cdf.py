"""NIST Common Data Format cast vote records (CVR report), in JSON or XML.

A CVR report (NIST SP 1500-103) holds an ``Election`` that defines the
candidates (``Candidate``: an id and a ``Name``) and each contest
(``Contest``: an id, a ``Name`` and its ``ContestSelection`` entries, each
naming its ``CandidateIds``; ``IsWriteIn`` marks a write-in), and a list of
``CVR`` entries. A CVR's ``CurrentSnapshotId`` names the snapshot that
counts; in it each ``CVRContest`` lists the selections marked
(``CVRContestSelection``) and for each its ``SelectionPosition`` entries with
the ``Rank`` given. The configuration's ``contestId`` names the contest (by
its name or id). A selection position with ``IsAllocable`` "no" carries no
vote; a write-in selection counts for the undeclared write-ins. Papers that
do not take part in the contest are not counted.

JSON ids are ``@id``; XML ids are ``ObjectId`` attributes, and the XML may use
any namespace (NIST's, or the older ``NIST_V0`` one). XML is streamed: a CVR
is read and dropped before the next one.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from xml.etree.ElementTree import Element, ParseError, iterparse

from ...core.records import CastVoteRecords
from ...errors import InputError
from ._source import Labels, Tally, rank_number, ranks_from_pairs

#: A mark in one CVR: (contest id, selection id, rank (or the text that is not one), allocable).
Mark = tuple[str, str, int | str, bool]


@dataclass
class _Election:
    candidates: dict[str, str] = field(default_factory=dict)  # id -> name
    selections: dict[str, tuple[str, bool]] = field(default_factory=dict)  # id -> (cand id, wi)
    contests: dict[str, str] = field(default_factory=dict)  # id -> name
    choices: dict[str, list[str]] = field(default_factory=dict)  # contest id -> selection ids


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1]


def _list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _rank(text: object) -> int | str:
    """A position's rank (1 where none is given: a vote without ranks), or the text
    that is not one, for :func:`read_cdf` to refuse."""
    if text in (None, ""):
        return 1
    try:
        return int(str(text).strip())
    except ValueError:
        return str(text)


# -- JSON --------------------------------------------------------------------
def _json_election(data: Mapping[str, Any]) -> _Election:
    election = _Election()
    for block in _list(data.get("Election")):
        for candidate in _list(block.get("Candidate")):
            election.candidates[str(candidate.get("@id"))] = str(candidate.get("Name", ""))
        for contest in _list(block.get("Contest")):
            contest_id = str(contest.get("@id"))
            election.contests[contest_id] = str(contest.get("Name", ""))
            choices = election.choices.setdefault(contest_id, [])
            for selection in _list(contest.get("ContestSelection")):
                ids = _list(selection.get("CandidateIds"))
                write_in = str(selection.get("IsWriteIn", "")).lower() == "true"
                election.selections[str(selection.get("@id"))] = (
                    str(ids[0]) if ids else "",
                    write_in,
                )
                choices.append(str(selection.get("@id")))
    return election


def _json_cvrs(data: Mapping[str, Any]) -> Iterator[list[Mark]]:
    for cvr in _list(data.get("CVR")):
        current = cvr.get("CurrentSnapshotId")
        snapshots = _list(cvr.get("CVRSnapshot"))
        chosen = next((s for s in snapshots if s.get("@id") == current), None)
        if chosen is None and snapshots:
            chosen = snapshots[0]
        marks: list[Mark] = []
        for contest in _list(chosen.get("CVRContest") if chosen else None):
            contest_id = str(contest.get("ContestId"))
            for selection in _list(contest.get("CVRContestSelection")):
                selection_id = str(selection.get("ContestSelectionId"))
                for position in _list(selection.get("SelectionPosition")):
                    allocable = str(position.get("IsAllocable", "")).lower() != "no"
                    marks.append((contest_id, selection_id, _rank(position.get("Rank")), allocable))
            if not _list(contest.get("CVRContestSelection")):
                marks.append((contest_id, "", 0, False))
        yield marks


# -- XML ---------------------------------------------------------------------
def _child(element: Element, name: str) -> Element | None:
    for child in element:
        if _local(child.tag) == name:
            return child
    return None


def _children(element: Element, name: str) -> list[Element]:
    return [child for child in element if _local(child.tag) == name]


def _text(element: Element | None) -> str:
    return (element.text or "").strip() if element is not None else ""


def _object_id(element: Element) -> str:
    for key, value in element.attrib.items():
        if _local(key) == "ObjectId":
            return value
    return ""


def _xml_election(path: str) -> _Election:
    election = _Election()
    for _, element in iterparse(path):
        name = _local(element.tag)
        if name == "CVR":
            element.clear()
        elif name == "Election":
            for candidate in _children(element, "Candidate"):
                election.candidates[_object_id(candidate)] = _text(_child(candidate, "Name"))
            for contest in _children(element, "Contest"):
                contest_id = _object_id(contest)
                election.contests[contest_id] = _text(_child(contest, "Name"))
                choices = election.choices.setdefault(contest_id, [])
                for selection in _children(contest, "ContestSelection"):
                    write_in = _text(_child(selection, "IsWriteIn")).lower() == "true"
                    election.selections[_object_id(selection)] = (
                        _text(_child(selection, "CandidateIds")),
                        write_in,
                    )
                    choices.append(_object_id(selection))
            element.clear()
    return election


def _xml_cvrs(path: str) -> Iterator[list[Mark]]:
    for _, element in iterparse(path):
        if _local(element.tag) != "CVR":
            continue
        current = _text(_child(element, "CurrentSnapshotId"))
        snapshots = _children(element, "CVRSnapshot")
        chosen = next((s for s in snapshots if _object_id(s) == current), None)
        if chosen is None and snapshots:
            chosen = snapshots[0]
        marks: list[Mark] = []
        for contest in _children(chosen, "CVRContest") if chosen is not None else []:
            contest_id = _text(_child(contest, "ContestId"))
            selections = _children(contest, "CVRContestSelection")
            for selection in selections:
                selection_id = _text(_child(selection, "ContestSelectionId"))
                for position in _children(selection, "SelectionPosition"):
                    allocable = _text(_child(position, "IsAllocable")).lower() != "no"
                    rank = _rank(_text(_child(position, "Rank")))
                    marks.append((contest_id, selection_id, rank, allocable))
            if not selections:
                marks.append((contest_id, "", 0, False))
        element.clear()
        yield marks


# -- both --------------------------------------------------------------------
def cdf_contests(path: str) -> dict[str, tuple[str, list[tuple[str, bool]]]]:
    """The contests a CDF report defines: id -> (name, [(candidate name, write-in)]),
    for reading it without a configuration."""
    election = _election(path)
    found: dict[str, tuple[str, list[tuple[str, bool]]]] = {}
    for contest_id, name in election.contests.items():
        choices = []
        for selection_id in election.choices.get(contest_id, []):
            candidate_id, write_in = election.selections[selection_id]
            choices.append((election.candidates.get(candidate_id, candidate_id), write_in))
        found[contest_id] = (name, choices)
    return found


@contextmanager
def _reading(path: str) -> Iterator[None]:
    """Turn a fault in reading the report at ``path`` into an input error naming it."""
    try:
        yield
    except OSError as error:
        raise InputError(path, None, f"cannot read the file ({error.strerror})") from None
    except (
        ParseError,
        LookupError,
        ValueError,
        AttributeError,
        TypeError,
        RecursionError,
    ) as error:
        raise InputError(path, None, f"expected a CDF cast vote record report ({error})") from None


def _election(path: str) -> _Election:
    with _reading(path):
        if path.lower().endswith(".xml"):
            return _xml_election(path)
        with open(path, encoding="utf-8-sig") as handle:
            return _json_election(json.load(handle))


def read_cdf(labels: Labels, ranks: int) -> CastVoteRecords:
    """Read the records of one contest from a CDF CVR report (``.json`` or ``.xml``)."""
    source = labels.source
    where = str(source.path)
    with _reading(where):
        if where.lower().endswith(".xml"):
            election = _xml_election(where)
            cvrs: Iterator[list[Mark]] = _xml_cvrs(where)
        else:
            with open(where, encoding="utf-8-sig") as handle:
                data = json.load(handle)
            election = _json_election(data)
            cvrs = _json_cvrs(data)
    wanted = source.contest_id
    contest_ids = {i for i, name in election.contests.items() if wanted in (i, name)}
    if wanted and not contest_ids:
        raise InputError(where, None, f"expected a contest named {wanted!r} in the report")
    marks_of: dict[str, int | None] = {}
    tally = Tally()
    for cvr in cvrs:
        pairs: list[tuple[int, int]] = []
        present = False
        for contest_id, selection_id, rank, allocable in cvr:
            if contest_ids and contest_id not in contest_ids:
                continue
            present = True
            if not allocable or not selection_id:
                continue
            rank = rank_number(rank, where)
            if rank > ranks:
                continue
            if selection_id not in marks_of:
                marks_of[selection_id] = _selection_mark(labels, election, selection_id)
            mark = marks_of[selection_id]
            if mark is not None:
                pairs.append((rank, mark))
        if present:
            tally.add(ranks_from_pairs(sorted(pairs)))
    return tally.result()


def _selection_mark(labels: Labels, election: _Election, selection_id: str) -> int | None:
    candidate_id, write_in = election.selections.get(selection_id, ("", False))
    if write_in:
        return labels.mark(labels.source.write_in_label) if labels.source.write_in_label else None
    name = election.candidates.get(candidate_id, candidate_id or selection_id)
    return labels.mark(name)
