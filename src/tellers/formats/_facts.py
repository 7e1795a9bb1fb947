"""``Key: value`` lines that state the facts of a poll, shared by several readers.

A declaration, a newspaper table or the comment lines at the top of a CSV file
may say::

    Ward: Spitalfields and Banglatown       (also Title, Contest, Election, Constituency)
    Date: 2012-04-19                        (also 19 April 2012, 19/04/2012)
    Seats: 1                                (also Vacancies)
    Electorate: 8,000
    Ballot papers issued: 3,700
    Valid: 3,650                            (valid papers; also Valid votes, Good votes)
    Rejected: 12                            (a total, or one line per head:)
    Rejected (want of official mark): 1
    Rejected in part: 3
    Turnout: 45.6%                          (read and ignored, as are Majority, Swing, Quota)

The colon may be left out before a number (``Electorate 8,000``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

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

_TITLE_KEYS = {"ward", "title", "contest", "election", "constituency", "division", "name"}
_DATE_KEYS = {"date", "poll date", "date of poll", "polling day", "election date"}
_SEAT_KEYS = {"seats", "vacancies", "number of seats", "to elect", "seats to fill"}
_ELECTORATE_KEYS = {"electorate", "electors", "registered electors", "eligible electors"}
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
_IGNORED_KEYS = {"turnout", "majority", "maj", "swing", "quota", "change", "source", "note"}
_REJECTED = re.compile(
    r"(?:rejected|spoilt|spoiled|invalid)(?:\s+(?:ballot\s+papers|papers|ballots|votes))?"
    r"(?P<rest>.*)"
)


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
    #: The line each fact was read from (keys: the field names above).
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
        }

    @staticmethod
    def _numeric_key(key: str) -> bool:
        key = " ".join(key.lower().split())
        return (
            key in _SEAT_KEYS | _ELECTORATE_KEYS | _ISSUED_KEYS | _VALID_KEYS | _IGNORED_KEYS
            or key.endswith(" majority")
            or _REJECTED.fullmatch(key) is not None
        )

    def _apply(self, raw_key: str, value: str, number: int | None) -> bool:
        key = " ".join(raw_key.lower().split())
        if key in _IGNORED_KEYS or key.endswith((" majority", " maj")):
            return True
        if key in _TITLE_KEYS:
            self.title = value.strip().strip('"').strip() or self.title
            return True
        if key in _DATE_KEYS:
            date = parse_date(value)
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
