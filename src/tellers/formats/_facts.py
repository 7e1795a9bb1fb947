"""``Key: value`` lines that state the facts of a poll, shared by several readers.

A declaration, a newspaper table or the comment lines at the top of a CSV file
may say::

    Ward: Spitalfields and Banglatown       (also Title, Contest, Election, Constituency)
    Date: 2012-04-19                        (also 19 April 2012, 19/04/2012)
    Seats: 1                                (also Vacancies)
    Electorate: 8,000                       (also Electors, Electors on roll, Registered voters)
    Ballot papers issued: 3,700
    Valid: 3,650                            (valid papers; also Valid votes, Good votes)
    Rejected: 12                            (a total, or one line per head; also Spoilt, Void:)
    Rejected (want of official mark): 1
    Rejected in part: 3
    Ballot papers counted: 3,662            (valid and rejected papers)
    Total votes: 3,650                      (the candidates' votes added up)
    Turnout: 45.6%                          (also Percentage poll; or papers: Turnout: 3,662)
    Majority: 120                           (also Lab majority 120, Majority: 3.3%)
    Swing: 2% Lab to Con                    (also Change, Quota, Source, Note)

The colon may be left out before a number (``Electorate 8,000``).

Nothing stated is dropped. The figures the file also gives are checked
against them by :meth:`Facts.checked` once the reader has its election: a
turnout (as a share of the electorate, to the places it is given, of the papers
issued or counted), a majority (the last elected over the highest unelected),
the total votes, the papers counted. One that disagrees is an error naming its
line; one that cannot be checked (a turnout with no electorate, a swing) is
kept as a note that the report prints with the result.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal
from fractions import Fraction

from ..core.model import Ballots, Election, Totals
from ..errors import InputError
from ._common import FIRST_PREFERENCE_TIED, UNMARKED, whole_number

#: Head used when a declaration gives only the total of rejected papers.
HEAD_NOT_STATED = "head_not_stated"

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_UK_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_WORD_DATE = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?,?\s+(\d{4})")
_WEEKDAY = re.compile(r"(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+", re.IGNORECASE)

_TITLE_KEYS = {"ward", "title", "contest", "election", "constituency", "division", "name"}
_DATE_KEYS = {"date", "poll date", "date of poll", "polling day", "election date"}
_SEAT_KEYS = {"seats", "vacancies", "number of seats", "to elect", "seats to fill"}
_ELECTORATE_KEYS = {
    "electorate",
    "electors",
    "registered electors",
    "eligible electors",
    "electors on roll",
    "electors on the roll",
    "electors on the register",
    "number of electors",
    "total electorate",
    "registered voters",
    "eligible voters",
}
_ISSUED_KEYS = {
    "ballot papers issued",
    "papers issued",
    "ballots issued",
    "issued",
    "total ballot papers issued",
}
_VALID_KEYS = {
    "valid",
    "valid votes",
    "valid papers",
    "valid ballot papers",
    "valid ballots",
    "good votes",
    "total valid votes",
    "total good votes",
}
_COUNTED_KEYS = {
    "ballot papers counted",
    "papers counted",
    "ballots counted",
    "total ballot papers counted",
    "total papers counted",
}
_TOTAL_KEYS = {"total votes", "total", "total of votes", "votes in total"}
_TURNOUT_KEYS = {"turnout", "percentage poll", "% poll", "turnout %", "percentage turnout"}
_MAJORITY_KEYS = {"majority", "maj"}
#: Facts tellers cannot check (they need another election, or the count): kept as notes.
_REMARK_KEYS = {"swing", "quota", "change", "source", "note", "notes"}
_REJECTED = re.compile(
    r"(?:rejected|spoilt|spoiled|invalid|void)"
    r"(?:\s+(?:ballot\s+papers|papers|ballots|votes))?(?P<rest>.*)"
)
_PERCENT = re.compile(r"([0-9]{1,3}(?:\.[0-9]{1,6})?)\s*%")
_NUMBER = re.compile(r"[0-9]{1,3}(?:,[0-9]{3}){1,4}|[0-9]{1,15}(?:\.[0-9]{1,6})?")


def parse_date(text: str) -> str | None:
    """``2012-04-26``, ``26/04/2012``, ``26 April 2012`` or ``Thursday 26th April 2012``
    found in ``text``, as ``2012-04-26``; None if there is no date there."""
    for pattern, order in ((_ISO_DATE, "ymd"), (_UK_DATE, "dmy"), (_WORD_DATE, "dMy")):
        for match in pattern.finditer(text):
            parts = dict(zip(order, match.groups(), strict=True))
            if "M" in parts:
                month = _MONTHS.get(parts["M"].lower())
                if month is None:
                    continue
            else:
                month = int(parts["m"])
            year, day = int(parts["y"]), int(parts["d"])
            if 1 <= month <= 12 and 1 <= day <= 31:
                return f"{year:04d}-{month:02d}-{day:02d}"
    return None


def head_name(label: str) -> str:
    """The head of rejected papers a printed label stands for.

    ``want of official mark`` -> ``want_of_official_mark``; labels not recognised
    become snake case (``Postal: no statement`` -> ``postal_no_statement``).
    """
    text = label.strip().lower()
    if "official mark" in text or text.startswith("want of"):
        return "want_of_official_mark"
    if "first preference" in text and "more than one" in text:
        return FIRST_PREFERENCE_TIED
    if "too many" in text or "more than one" in text or "more candidates" in text:
        return "too_many_votes"
    if "identif" in text:
        return "voter_identifiable"
    if "unmarked" in text or "uncertain" in text:
        return UNMARKED
    return "_".join(re.findall(r"[a-z0-9]+", text)) or HEAD_NOT_STATED


@dataclass
class Facts:
    """The facts read so far from ``Key: value`` lines."""

    source: str
    title: str | None = None
    date: str | None = None
    seats: int | None = None
    electorate: int | None = None
    papers_issued: int | None = None
    valid: int | None = None
    rejected_total: int | None = None
    rejected_in_part: int | None = None
    rejected: dict[str, int] = field(default_factory=dict)
    #: Figures to check against the election, as written: ``turnout``, ``majority``,
    #: ``total_votes``, ``papers_counted``.
    stated: dict[str, str] = field(default_factory=dict)
    #: Lines stated that cannot be checked, kept to be said with the result.
    remarks: list[str] = field(default_factory=list)
    #: The line each fact was read from (keys: the field names above, and ``stated``'s).
    lines: dict[str, int] = field(default_factory=dict)

    def take(self, line: str, number: int | None) -> bool:
        """Read ``line`` if it states a fact; False if it is something else."""
        if len(line) > 500:
            return False
        match = re.fullmatch(r"\s*([A-Za-z][^:]*?)\s*:\s*(.*?)\s*", line)
        if match is None:
            # Without a colon, only before a number: "Electorate 8,000", "Turnout 45%".
            match = re.fullmatch(r"\s*([A-Za-z][A-Za-z ()'\-]*?)\s+([0-9][0-9,.]*\s*%?)\s*", line)
            if match is None or not self._numeric_key(match.group(1)):
                return False
        before = self._values()
        taken = self._apply(match.group(1), match.group(2), number)
        if taken and number is not None:
            after = self._values()
            for key, value in after.items():
                if value != before.get(key):
                    self.lines[key] = number
        return taken

    def _values(self) -> dict[str, object]:
        return {
            "title": self.title,
            "date": self.date,
            "seats": self.seats,
            "electorate": self.electorate,
            "papers_issued": self.papers_issued,
            "valid": self.valid,
            "rejected_total": self.rejected_total,
            "rejected_in_part": self.rejected_in_part,
            "rejected": dict(self.rejected),
            **self.stated,
        }

    @staticmethod
    def _numeric_key(key: str) -> bool:
        key = " ".join(key.lower().split())
        return (
            key in _NUMERIC_KEYS
            or key.endswith(" majority")
            or _REJECTED.fullmatch(key) is not None
        )

    def _apply(self, raw_key: str, value: str, number: int | None) -> bool:
        key = " ".join(raw_key.lower().split())
        stated = _STATED_KEYS.get(key)
        if stated is None and key.endswith((" majority", " maj")):
            stated = "majority"
        if stated is not None:
            if not value.strip():
                raise InputError(self.source, number, f"expected a figure after {raw_key!r}")
            self.stated[stated] = value.strip()
            return True
        if key in _REMARK_KEYS:
            self.remark(f"{raw_key.strip()}: {value.strip()}")
            return True
        if key in _TITLE_KEYS:
            self.title = value.strip().strip('"').strip() or self.title
            return True
        if key in _DATE_KEYS:
            bare = _WEEKDAY.sub("", value.strip(), count=1)
            whole = any(p.fullmatch(bare) for p in (_ISO_DATE, _UK_DATE, _WORD_DATE))
            date = parse_date(bare) if whole else None
            if date is None:
                raise InputError(
                    self.source,
                    number,
                    f"expected a date like 2012-04-26 or 26 April 2012, found {value!r}",
                )
            self.date = date
            return True
        if key in _SEAT_KEYS:
            self.seats = whole_number(value, self.source, number, "the number of seats")
            return True
        if key in _ELECTORATE_KEYS:
            self.electorate = whole_number(value, self.source, number, "the electorate")
            return True
        if key in _ISSUED_KEYS:
            self.papers_issued = whole_number(
                value, self.source, number, "the number of ballot papers issued"
            )
            return True
        if key in _VALID_KEYS:
            self.valid = whole_number(value, self.source, number, "the number of valid papers")
            return True
        rejected = _REJECTED.fullmatch(key)
        if rejected is None:
            return False
        rest = rejected.group("rest").strip(" ()-–—:").strip()
        what = f"rejected papers ({rest})" if rest else "rejected papers"
        n = whole_number(value, self.source, number, f"the number of {what}")
        if rest in {"in part", "rejected in part"}:
            self.rejected_in_part = n
        elif rest in {"", "total", "wholly", "in total"}:
            self.rejected_total = n
        else:
            head = head_name(rest)
            self.rejected[head] = self.rejected.get(head, 0) + n
        return True

    def remark(self, text: str) -> None:
        """Keep ``text``, stated but not checkable, to be said with the result."""
        self.remarks.append(f"stated, not checked: {text}")

    def checked(self, election: Election) -> Election:
        """``election`` with the stated figures checked against it, and the notes of
        those that cannot be checked. Raises InputError, naming the line, for a
        figure that disagrees."""
        notes = list(election.notes)
        votes = election.votes
        if self.valid is not None and isinstance(votes, Ballots) and votes.papers != self.valid:
            raise InputError(
                self.source,
                self.lines.get("valid"),
                f"expected the {self.valid:,} valid papers stated, found {votes.papers:,} papers",
            )
        counted = self.stated.get("papers_counted")
        if counted is not None:
            election = self._papers_counted(election, counted, notes)
        total = self.stated.get("total_votes")
        if total is not None:
            self._total_votes(election, total)
        majority = self.stated.get("majority")
        if majority is not None:
            self._majority(election, majority, notes)
        turnout = self.stated.get("turnout")
        if turnout is not None:
            self._turnout(election, turnout, notes)
        notes.extend(self.remarks)
        return replace(election, notes=tuple(notes)) if notes else election

    def _figure(self, key: str, value: str, what: str) -> tuple[Decimal | None, int | None]:
        """(a percentage, a whole number) found in a stated value; at least one."""
        share = _PERCENT.search(value)
        rest = _PERCENT.sub(" ", value) if share else value
        rest = re.sub(r"[()\[\]]", " ", rest)
        numbers = _NUMBER.findall(rest)
        extra = _NUMBER.sub(" ", rest)
        if len(numbers) > 1 or re.search(r"[0-9]", extra):
            raise InputError(self.source, self.lines.get(key), f"expected {what}, found {value!r}")
        whole: int | None = None
        percent = Decimal(share.group(1)) if share else None
        if numbers:
            if "." in numbers[0] and percent is None:
                percent = Decimal(numbers[0])  # "Percentage poll 16.8"
            elif "." in numbers[0]:
                raise InputError(
                    self.source, self.lines.get(key), f"expected {what}, found {value!r}"
                )
            else:
                whole = int(numbers[0].replace(",", ""))
        if percent is None and whole is None:
            raise InputError(self.source, self.lines.get(key), f"expected {what}, found {value!r}")
        return percent, whole

    def _papers_counted(self, election: Election, value: str, notes: list[str]) -> Election:
        line = self.lines.get("papers_counted")
        counted = whole_number(value, self.source, line, "the number of ballot papers counted")
        valid = election.valid_papers
        if valid is None:
            notes.append(
                f"stated, not checked: ballot papers counted {counted:,} (the valid papers "
                "are not known)"
            )
            return election
        if election.rejected:
            if counted != election.papers_counted:
                raise InputError(
                    self.source,
                    line,
                    f"expected the ballot papers counted to be the {valid:,} valid and "
                    f"{election.rejected_total:,} rejected papers, {election.papers_counted:,}, "
                    f"found {counted:,}",
                )
            return election
        if counted < valid:
            raise InputError(
                self.source,
                line,
                f"expected at least the {valid:,} valid papers as ballot papers counted, "
                f"found {counted:,}",
            )
        rejected = {HEAD_NOT_STATED: counted - valid} if counted > valid else {}
        return replace(election, rejected=rejected)

    def _total_votes(self, election: Election, value: str) -> None:
        line = self.lines.get("total_votes")
        total = whole_number(value, self.source, line, "the total votes")
        votes = election.votes
        found = sum(votes.votes) if isinstance(votes, Totals) else election.valid_papers
        if found is not None and found != total:
            raise InputError(
                self.source,
                line,
                f"expected the candidates' votes to add up to the total stated, {total}, "
                f"found {found}",
            )

    def _majority(self, election: Election, value: str, notes: list[str]) -> None:
        key = "majority"
        percent, whole = self._figure(key, value, "a majority such as 120 or 120 (3.3%)")
        votes = election.votes
        seats = election.contest.seats
        if not isinstance(votes, Totals) or len(votes.votes) <= seats:
            notes.append(f"stated, not checked: majority {value}")
            return
        ranked = sorted(votes.votes, reverse=True)
        margin = ranked[seats - 1] - ranked[seats]
        line = self.lines.get(key)
        if whole is not None and whole != margin:
            raise InputError(
                self.source,
                line,
                f"expected the majority stated to be the last elected's votes over the "
                f"highest unelected's, {margin}, found {value!r}",
            )
        if percent is not None:
            base = votes.papers
            if base is None or base == 0:
                notes.append(f"stated, not checked: majority {value}")
            elif not _agrees(percent, Fraction(100 * margin, base)):
                shown = _shown(Fraction(100 * margin, base), percent)
                raise InputError(
                    self.source,
                    line,
                    f"expected the majority stated to be {margin} of {base:,} valid votes, "
                    f"{shown}%, found {value!r}",
                )

    def _turnout(self, election: Election, value: str, notes: list[str]) -> None:
        key = "turnout"
        line = self.lines.get(key)
        percent, whole = self._figure(key, value, "a turnout such as 31.4% or 2,031 papers")
        electorate = election.electorate
        figures: list[tuple[str, int]] = []
        if election.papers_issued is not None:
            figures.append(("ballot papers issued", election.papers_issued))
        valid = election.valid_papers
        rejected_known = bool(election.rejected) or self.rejected_total is not None
        if valid is not None and rejected_known:
            figures.append(("ballot papers counted", valid + (election.rejected_total or 0)))
        lower = valid if valid is not None and not rejected_known else None
        if not figures and lower is None:
            notes.append(f"stated, not checked: turnout {value} (the papers are not known)")
            return
        if whole is not None:
            if any(whole == n for _, n in figures):
                pass
            elif lower is not None and not figures and whole >= lower:
                notes.append(
                    f"stated: turnout {value}; the valid papers are {lower:,}, so "
                    f"{whole - lower:,} would be rejected papers, which are not stated"
                )
            else:
                told = "; ".join(f"{what} {n:,}" for what, n in figures) or (
                    f"valid papers {lower:,}"
                )
                raise InputError(
                    self.source,
                    line,
                    f"expected the turnout stated to agree with the papers ({told}), "
                    f"found {value!r}",
                )
        if percent is None:
            return
        if not electorate:
            notes.append(f"stated, not checked: turnout {value} (no electorate is given)")
            return
        if any(_agrees(percent, Fraction(100 * n, electorate)) for _, n in figures):
            return
        if lower is not None and not figures:
            least = Fraction(100 * lower, electorate)
            if _agrees(percent, least) or percent > least:
                if not _agrees(percent, least):
                    notes.append(
                        f"stated: turnout {value}; the {lower:,} valid papers are "
                        f"{_shown(least, percent)}% of the electorate, and the rest would be "
                        "rejected papers, which are not stated"
                    )
                return
        told = "; ".join(
            f"{what} {n:,} of {electorate:,} electors is "
            f"{_shown(Fraction(100 * n, electorate), percent)}%"
            for what, n in figures or [("valid papers", lower or 0)]
        )
        raise InputError(
            self.source,
            line,
            f"expected the turnout stated to agree with the figures ({told}), found {value!r}",
        )

    def rejected_by_head(self) -> dict[str, int]:
        """Rejected papers by head; a bare total becomes :data:`HEAD_NOT_STATED`.

        A total given beside the heads must equal their sum.
        """
        heads = dict(sorted(self.rejected.items()))
        if self.rejected_total is None:
            return heads
        if self.rejected:
            stated = sum(self.rejected.values())
            if stated != self.rejected_total:
                raise InputError(
                    self.source,
                    self.lines.get("rejected_total"),
                    f"expected the rejected papers by head to add up to the total "
                    f"{self.rejected_total}, found {stated}",
                )
            return heads
        return {HEAD_NOT_STATED: self.rejected_total} if self.rejected_total else {}


_STATED_KEYS = {
    **dict.fromkeys(_COUNTED_KEYS, "papers_counted"),
    **dict.fromkeys(_TOTAL_KEYS, "total_votes"),
    **dict.fromkeys(_TURNOUT_KEYS, "turnout"),
    **dict.fromkeys(_MAJORITY_KEYS, "majority"),
}
_NUMERIC_KEYS = frozenset(
    _SEAT_KEYS | _ELECTORATE_KEYS | _ISSUED_KEYS | _VALID_KEYS | set(_STATED_KEYS) | _REMARK_KEYS
)


def _agrees(stated: Decimal, exact: Fraction) -> bool:
    """Whether a percentage given to some places is ``exact`` rounded or cut to them."""
    places = max(0, -int(stated.as_tuple().exponent))
    return abs(Fraction(stated) - exact) < Fraction(1, 10**places)


def _shown(exact: Fraction, like: Decimal) -> str:
    """``exact`` to the places of ``like`` (at least 2), rounded half up, for a message."""
    places = max(2, -int(like.as_tuple().exponent))
    scaled = exact * 10**places
    units = int(scaled + Fraction(1, 2))
    return str(Decimal(units).scaleb(-places))
