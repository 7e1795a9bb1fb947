"""Dominion cast vote records: a folder of JSON exports.

The folder holds ``CandidateManifest.json`` (``List`` of candidates: ``Id``,
``Description`` (the name), ``ContestId``) and one or more ``CvrExport*.json``
files, each with ``Sessions``: one paper a session. (Named by one export file,
only that file is read, with the manifest beside it.) A session's current
record (``Modified`` where the paper was adjudicated, else ``Original``) has
``Cards``, each with ``Contests``; the contest whose ``Id`` is the
configuration's ``contestId`` lists its ``Marks`` (``CandidateId``,
``Rank``, ``IsAmbiguous``). An ambiguous mark is not a mark. A candidate id
equal to the source's undeclared write-in label is an undeclared write-in;
an id the configuration names (as a code or alias) is that candidate; any
other id stands for the manifest's name for it. Papers without the contest are not
counted.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ...core.records import CastVoteRecords
from ...errors import InputError
from ._source import Labels, Tally, rank_number, ranks_from_pairs


def _load(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8-sig") as handle:
            return json.load(handle)
    except OSError as error:
        raise InputError(str(path), None, f"cannot read the file ({error.strerror})") from None
    except json.JSONDecodeError as error:
        raise InputError(str(path), error.lineno, f"expected JSON ({error.msg})") from None
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise InputError(str(path), None, f"expected JSON in UTF-8 ({error})") from None


def _current(session: dict[str, Any]) -> dict[str, Any]:
    modified = session.get("Modified")
    if isinstance(modified, dict) and modified.get("IsCurrent", True):
        return modified
    original = session.get("Original")
    return original if isinstance(original, dict) else {}


def read_dominion(labels: Labels, ranks: int) -> CastVoteRecords:
    """Read one contest's records from a Dominion export folder."""
    source = labels.source
    single = source.path.is_file()  # one export file: the manifest is beside it
    folder = source.path.parent if single else source.path
    manifest = _load(folder / "CandidateManifest.json")
    names = {str(c.get("Id")): str(c.get("Description", "")) for c in manifest.get("List", [])}
    exports = [source.path] if single else sorted(folder.glob("CvrExport*.json"))
    if not exports:
        raise InputError(str(folder), None, "expected CvrExport*.json files in the folder")
    contest = source.contest_id
    marks_of: dict[str, int | None] = {}

    def mark(candidate: str) -> int | None:
        if candidate not in marks_of:
            if candidate in labels.names or candidate == source.write_in_label:
                marks_of[candidate] = labels.mark(candidate)
            elif candidate in names and names[candidate] in labels.names:
                marks_of[candidate] = labels.mark(names[candidate])
            else:
                marks_of[candidate] = labels.mark(names.get(candidate, candidate))
        return marks_of[candidate]

    tally = Tally()
    for export in exports:
        data = _load(export)
        for session in data.get("Sessions", []):
            pairs: list[tuple[int, int]] = []
            present = False
            for card in _current(session).get("Cards", []):
                for entry in card.get("Contests", []):
                    if str(entry.get("Id")) != contest:
                        continue
                    present = True
                    for m in entry.get("Marks", []):
                        if m.get("IsAmbiguous"):
                            continue
                        rank = rank_number(m.get("Rank"), str(export))
                        if rank > ranks:
                            continue
                        index = mark(str(m.get("CandidateId")))
                        if index is not None:
                            pairs.append((rank, index))
            if present:
                tally.add(ranks_from_pairs(sorted(pairs)))
    return tally.result()
