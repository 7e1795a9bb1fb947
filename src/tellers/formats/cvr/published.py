"""Vendors' cast vote records read as published, without an RCTab configuration.

``tellers count`` takes these as it takes any file
(:func:`tellers.formats.detect.published_format` tells them by their name and
first bytes)::

    cdf           a NIST SP 1500-103 CVR report, .json or .xml
    dominion      a Dominion export: its folder, or one CvrExport*.json beside
                  CandidateManifest.json and ContestManifest.json
    ess           an ES&S workbook (.xlsx): a header row, then one paper a row
    clear-ballot  a Clear Ballot CSV export (Choice_... columns)
    hart          a folder of Hart XML files (one paper a file), or one such file

What an RCTab configuration would say is read from the file itself:

- The contest: the one named with ``--contest`` (its name or id), else the
  only contest the file holds (for Dominion and Hart, the only one ranked).
  A file of several contests without ``--contest`` is an error that lists them.
- The candidates: the file's own list for the contest (CDF, Dominion, Clear
  Ballot, with Clear Ballot's parties), in its order; an ES&S workbook or Hart
  files list none, so their candidates are the names marked, in the order first
  seen. A mark for a candidate the file's list does not hold is an error.
- Undeclared write-ins (CDF ``IsWriteIn`` selections, Dominion's ``WriteIn``
  and ``(undeclared)`` candidates, Hart's ``WriteInData`` options, ES&S
  ``UWI`` cells) are one pseudo-candidate, ``Undeclared Write-ins``, last, as
  RCTab has them.
- ES&S cells: ``overvote``, ``undervote`` (a rank left blank) and ``UWI`` as
  ES&S writes them; several candidates at one rank separated by ``|``. The
  choice columns are those whose heading reads as one (``1st Choice``,
  ``Choice 1``, ``For Mayor Choice 2 (50)``, ``3``); a ``Count`` column must
  hold 1 on every row (one paper a row, as RCTab reads it).
- Seats: ``--seats``, else the file's (Dominion ``VoteFor``, Clear Ballot
  ``Vote For n`` or ``Number of Winners n``), else 1, with a note saying the
  file does not say.

The records keep every mark; the rule set ``rctab`` (the default) decides
what an overvote, a skipped rank or a repeated candidate does, by its options
(``tellers rules``), whose choice the count's notes state.
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from xml.etree.ElementTree import ParseError, parse

from ...core.model import Candidate, Contest, Election
from ...core.records import OVERVOTE, CastVoteRecords, Record
from ...errors import InputError
from ...rules.rctab import UNDECLARED_WRITE_INS
from ._source import Labels, Source

#: The pseudo-candidate of undeclared write-ins, as RCTab names it.
WRITE_INS = UNDECLARED_WRITE_INS

_CHOICE = re.compile(r"(?i)(?:.*\bchoice\s*[0-9]+\b.*|[0-9]+(?:st|nd|rd|th)?(?:\s+choice\b.*)?)")
_ORDINAL = re.compile(r"(?i)\b(?:[0-9]+(?:st|nd|rd|th)?|choice)\b|\([0-9]+\)")
#: Ranks read at most: more than any paper has, so that no mark is left out (the rule
#: set's max-rankings option says how many count).
_RANKS = 1000
_WINNERS = re.compile(r"(?i)(?:vote for|number of winners)\s+([0-9]+)")
_DOMINION_WRITE_INS = {"(undeclared)", "write-in", "write-ins", "undeclared write-ins"}


def read_published(
    path: str, kind: str, seats: int | None = None, contest: str | None = None
) -> Election:
    """Read the records of one contest from a vendor's file or folder."""
    if not os.path.exists(path):
        raise InputError(path, None, "no such file")
    readers: dict[str, Callable[[Path, str | None], _Read]] = {
        "cdf": _cdf,
        "dominion": _dominion,
        "ess": _ess,
        "clear-ballot": _clear_ballot,
        "hart": _hart,
    }
    try:
        read = readers[kind](Path(path), contest)
    except (AttributeError, KeyError, TypeError, ValueError) as error:
        # a file of the right syntax but another shape (a list where an object belongs...)
        raise InputError(
            path, None, f"expected {kind} cast vote records as the vendor writes them ({error!r})"
        ) from None
    return read.election(path, seats)


class _Read:
    """What a vendor's reader found: the contest's name, candidates, records, seats."""

    def __init__(
        self,
        name: str,
        labels: _Labels,
        records: CastVoteRecords,
        seats: int | None,
        parties: dict[str, str] | None = None,
    ) -> None:
        self.name = name
        self.labels = labels
        self.records = records
        self.seats = seats
        self.parties = parties or {}

    def election(self, path: str, seats: int | None) -> Election:
        labels = self.labels
        order = [i for i in range(len(labels.order)) if i != labels.write_ins]
        marked = {c for record in self.records.records for rank in record for c in rank}
        if labels.write_ins in marked:
            order.append(labels.write_ins)
        place = {old: new for new, old in enumerate(order)}
        records = CastVoteRecords.compress(
            (_renumbered(record, place), n)
            for record, n in zip(self.records.records, self.records.counts, strict=True)
        )
        candidates = [Candidate(labels.order[i], self.parties.get(labels.order[i])) for i in order]
        notes: list[str] = []
        if seats is None:
            seats = self.seats
        if seats is None:
            seats = 1
            notes.append("the file does not say how many seats: 1 filled; give --seats N")
        if not candidates:
            raise InputError(path, None, "expected a candidate in the contest, found none")
        try:
            contest = Contest(self.name, seats, tuple(candidates))
        except ValueError as error:
            raise InputError(path, None, f"expected distinct candidates: {error}") from None
        return Election(contest, records, source=path, rules="rctab", notes=tuple(notes))


def _renumbered(record: Record, place: dict[int, int]) -> Record:
    return tuple(tuple(c if c == OVERVOTE else place[c] for c in rank) for rank in record)


class _Labels(Labels):
    """Labels read from the file: the candidates it lists (``closed``: no others), or
    every name marked; :data:`WRITE_INS` held at index ``write_ins``."""

    def __init__(
        self,
        source: Source,
        listed: Sequence[str] = (),
        *,
        closed: bool,
        aliases: Mapping[str, str | None] | None = None,
    ) -> None:
        self.order: list[str] = []
        names: dict[str, int] = {}
        for name in listed:
            names.setdefault(name, len(self.order))
            if names[name] == len(self.order):
                self.order.append(name)
        write_ins = len(self.order)
        self.order.append(WRITE_INS)
        for alias, target in (aliases or {}).items():
            names[alias] = write_ins if target is None else names[target]
        super().__init__(names, source, write_ins)
        self.closed = closed

    def mark(self, text: str, line: int | None = None) -> int | None:
        name = text.strip()
        source = self.source
        if not name or name == source.skipped_rank_label:
            return None
        if name == source.overvote_label:
            return OVERVOTE
        if source.write_in_label and name == source.write_in_label:
            return self.write_ins
        index = self.names.get(name)
        if index is None:
            if self.closed:
                raise InputError(
                    self.where, line, f"expected a candidate the file lists, found {name!r}"
                )
            index = self.names[name] = len(self.order)
            self.order.append(name)
        return index


def _choose(
    path: Path, kind: str, contests: dict[str, str], wanted: str | None, what: str = "contest"
) -> str:
    """The id of the contest named by ``wanted`` (an id or a name), or of the only one."""
    if wanted is not None:
        for contest_id, name in contests.items():
            if wanted in (contest_id, name):
                return contest_id
        raise InputError(
            str(path), None, f"expected a {what} named {wanted!r}; {_listed(contests)}"
        )
    if len(contests) == 1:
        return next(iter(contests))
    if not contests:
        raise InputError(str(path), None, f"expected a {what} in this {kind} file, found none")
    raise InputError(
        str(path),
        None,
        f"expected one {what}, found {len(contests)}: name one with --contest; {_listed(contests)}",
    )


def _listed(contests: dict[str, str]) -> str:
    shown = [
        f"{name!r} (id {i})" if name and name != i else repr(i) for i, name in contests.items()
    ]
    more = f" and {len(shown) - 8} more" if len(shown) > 8 else ""
    return "the file has " + ", ".join(shown[:8]) + more


# -- the vendors -------------------------------------------------------------------------


def _cdf(path: Path, wanted: str | None) -> _Read:
    from .cdf import cdf_contests, read_cdf

    contests = cdf_contests(str(path))
    chosen = _choose(path, "CDF", {i: name for i, (name, _) in contests.items()}, wanted)
    name, choices = contests[chosen]
    listed = [candidate for candidate, write_in in choices if not write_in]
    source = Source(path, "cdf", contest_id=chosen, write_in_label=WRITE_INS)
    labels = _Labels(source, listed, closed=True)
    records = read_cdf(labels, _RANKS)
    return _Read(name or chosen, labels, records, None)


def _dominion(path: Path, wanted: str | None) -> _Read:
    from .dominion import _load, read_dominion

    folder = path if path.is_dir() else path.parent
    contests: dict[str, str] = {}
    seats: dict[str, int] = {}
    for entry in _load(folder / "ContestManifest.json").get("List", []):
        if int(entry.get("NumOfRanks") or 0) > 0:
            contests[str(entry.get("Id"))] = str(entry.get("Description", ""))
            seats[str(entry.get("Id"))] = int(entry.get("VoteFor") or 1)
    chosen = _choose(path, "Dominion", contests, wanted, "ranked contest")
    listed: list[str] = []
    aliases: dict[str, str | None] = {}
    for entry in _load(folder / "CandidateManifest.json").get("List", []):
        if str(entry.get("ContestId")) != chosen:
            continue
        name = str(entry.get("Description", "")).strip()
        if entry.get("Type") == "WriteIn" or name.lower() in _DOMINION_WRITE_INS:
            aliases[str(entry.get("Id"))] = None
        else:
            listed.append(name)
            aliases[str(entry.get("Id"))] = name
    source = Source(path, "dominion", contest_id=chosen, write_in_label=WRITE_INS)
    labels = _Labels(source, listed, closed=True, aliases=aliases)
    records = read_dominion(labels, _RANKS)
    return _Read(contests[chosen], labels, records, seats[chosen])


def _ess(path: Path, wanted: str | None) -> _Read:
    from .ess import read_ess, worksheet_rows

    if wanted is not None:
        raise InputError(str(path), None, "expected no --contest: an ES&S workbook holds one")
    header: dict[int, str] = {}
    for _, cells in worksheet_rows(str(path)):
        header = cells
        break
    choices = sorted(c for c, text in header.items() if _CHOICE.fullmatch(text.strip()))
    if not choices:
        raise InputError(
            str(path),
            1,
            "expected a header row with choice columns (1st Choice, Choice 1, ...)",
        )
    if choices != list(range(choices[0], choices[0] + len(choices))):
        raise InputError(str(path), 1, "expected the choice columns side by side")
    count = [c for c, text in header.items() if text.strip().lower() == "count"]
    source = Source(
        path,
        "ess",
        first_vote_column=choices[0] + 1,
        first_vote_row=2,
        overvote_delimiter="|",
        overvote_label="overvote",
        skipped_rank_label="undervote",
        write_in_label="UWI",
    )
    labels = _Labels(source, closed=False)
    records = read_ess(labels, len(choices), papers_column=count[0] if count else None)
    return _Read(_title(header, choices, path), labels, records, None)


def _title(header: dict[int, str], choices: list[int], path: Path) -> str:
    """A contest's name from its choice headings (``1ST CHOICE MAYOR MINNEAPOLIS`` ->
    ``MAYOR MINNEAPOLIS``), else the file's name."""
    rest = {" ".join(_ORDINAL.sub(" ", header[c]).split()) for c in choices}
    return rest.pop() if len(rest) == 1 and "" not in rest else path.stem


def _clear_ballot(path: Path, wanted: str | None) -> _Read:
    from .csv_formats import read_clear_ballot

    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            header = next(csv.reader(handle), [])
    except (OSError, csv.Error, UnicodeDecodeError) as error:
        raise InputError(str(path), 1, f"expected a Clear Ballot CSV header ({error})") from None
    contests: dict[str, str] = {}
    candidates: dict[str, list[str]] = {}
    parties: dict[str, str] = {}
    winners: dict[str, int] = {}
    for cell in header:
        if not cell.startswith("Choice_"):
            continue
        parts = cell.split(":")
        if len(parts) < 5:
            raise InputError(str(path), 1, f"expected a Clear Ballot choice header: {cell!r}")
        contest = ":".join(parts[1:-4]) if len(parts) > 6 else parts[1]
        contests[contest] = contest
        names = candidates.setdefault(contest, [])
        if parts[-2] not in names:
            names.append(parts[-2])
        if parts[-1].strip():
            parties[parts[-2]] = parts[-1].strip()
        stated = _WINNERS.search(parts[-3])
        if stated:
            winners[contest] = int(stated.group(1))
    chosen = _choose(path, "Clear Ballot", contests, wanted)
    source = Source(path, "clearBallot", contest_id=chosen)
    labels = _Labels(source, candidates[chosen], closed=True)
    records = read_clear_ballot(labels, _RANKS)
    return _Read(chosen, labels, records, winners.get(chosen), parties)


def _hart(path: Path, wanted: str | None) -> _Read:
    from .hart import _child, _text, read_hart

    files = sorted(path.glob("*.xml")) if path.is_dir() else [path]
    contests: dict[str, str] = {}
    ranked: set[str] = set()
    for file in files:
        try:
            root = parse(file).getroot()
        except (OSError, ParseError, LookupError, ValueError) as error:
            raise InputError(str(file), None, f"expected a Hart CVR XML file ({error})") from None
        found = _child(root, "Contests")
        for contest in found if found is not None else []:
            contest_id = _text(_child(contest, "Id"))
            contests.setdefault(contest_id, _text(_child(contest, "Name")))
            options = _child(contest, "Options")
            for option in options if options is not None else []:
                if len(_text(_child(option, "Value"))) > 1:
                    ranked.add(contest_id)
    if wanted is None and len(ranked) == 1:
        chosen = next(iter(ranked))
    else:
        chosen = _choose(path, "Hart", contests, wanted)
    source = Source(path, "hart", contest_id=chosen)
    labels = _Labels(source, closed=False)
    records = read_hart(labels, _RANKS)
    return _Read(contests[chosen] or chosen, labels, records, None)
