"""ES&S cast vote records: an Excel workbook, one paper a row.

The first worksheet holds a header row and then one row per paper. The
configuration says which row the papers start on (``firstVoteRowIndex``,
1-based) and which column holds the first choice (``firstVoteColumnIndex``);
choice ``k`` is the ``k``-th column from there, up to ``maxRankingsAllowed``
columns. A cell names a candidate (or a code or alias), the source's
overvote label, its skipped-rank label (``undervote``), or the undeclared
write-in label; with an ``overvoteDelimiter`` a cell may name several
candidates. An empty cell is an unmarked rank (an undeclared write-in if the
source says blanks are).

Every row the worksheet stores from the first paper row on is a paper, even
one with no cell (RCTab counts it as a paper that ranked nobody); rows the
worksheet does not store are not papers. Spreadsheet libraries fill such
gaps with empty rows, so the reader parses the worksheet's XML itself, with
the standard library, streaming it row by row: a large workbook is never
held in memory. ``progress``, if given, is called with the bytes of the
worksheet's XML read so far and its size, at most
:data:`~.cvr_csv.REPORTS_PER_SECOND` times a second, and last with (size, size).
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterator
from typing import IO
from xml.etree.ElementTree import Element, ParseError, iterparse

from ...core.records import CastVoteRecords
from ...errors import InputError
from ._source import Labels, Tally
from .cvr_csv import ProgressCallback, Reporter

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_ADDRESS = re.compile(r"([A-Z]+)([0-9]+)")


def _column(letters: str) -> int:
    """0-based column of ``A``, ``B``, ..., ``AA``..."""
    number = 0
    for ch in letters:
        number = number * 26 + ord(ch) - 64
    return number - 1


def _text_of(element: Element) -> str:
    """The text of a shared or inline string (its runs joined)."""
    return "".join(t.text or "" for t in element.iter(f"{_MAIN}t"))


def _first_sheet(book: zipfile.ZipFile) -> str:
    names = set(book.namelist())
    try:
        workbook = book.read("xl/workbook.xml")
        rels = book.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return "xl/worksheets/sheet1.xml"
    from xml.etree.ElementTree import fromstring

    sheet = fromstring(workbook).find(f"{_MAIN}sheets/{_MAIN}sheet")
    if sheet is None:
        return "xl/worksheets/sheet1.xml"
    rid = sheet.get(f"{_REL}id")
    for rel in fromstring(rels).iter(f"{_PKG_REL}Relationship"):
        if rel.get("Id") == rid:
            target = rel.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            if path in names:
                return path
    return "xl/worksheets/sheet1.xml"


def _shared_strings(book: zipfile.ZipFile) -> list[str]:
    try:
        data = book.open("xl/sharedStrings.xml")
    except KeyError:
        return []
    strings: list[str] = []
    with data:
        for _, element in iterparse(data):
            if element.tag == f"{_MAIN}si":
                strings.append(_text_of(element))
                element.clear()
    return strings


class _Counted:
    """A stream that tells a :class:`~.cvr_csv.Reporter` how many bytes have been read."""

    def __init__(self, stream: IO[bytes], reporter: Reporter) -> None:
        self.stream = stream
        self.reporter = reporter
        self.done = 0

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self.done += len(data)
        self.reporter(self.done)
        return data


def worksheet_rows(
    path: str, progress: ProgressCallback | None = None
) -> Iterator[tuple[int, dict[int, str]]]:
    """The rows the first worksheet stores: (1-based row number, {column: text})."""
    try:
        book = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as error:
        raise InputError(path, None, f"expected an Excel .xlsx workbook ({error})") from None
    with book:
        try:
            strings = _shared_strings(book)
            sheet = _first_sheet(book)
            stream = book.open(sheet)
        except (KeyError, ParseError, zipfile.BadZipFile, zlib.error, EOFError, OSError) as error:
            raise InputError(path, None, f"expected an Excel .xlsx workbook ({error})") from None
        reporter = Reporter(progress, book.getinfo(sheet).file_size)
        with stream:
            number = 0
            try:
                for _, element in iterparse(_Counted(stream, reporter)):
                    if element.tag != f"{_MAIN}row":
                        continue
                    number = int(element.get("r") or number + 1)
                    cells: dict[int, str] = {}
                    for position, cell in enumerate(element.iter(f"{_MAIN}c")):
                        match = _ADDRESS.fullmatch(cell.get("r") or "")
                        column = _column(match.group(1)) if match else position
                        kind = cell.get("t", "n")
                        if kind == "inlineStr":
                            cells[column] = _text_of(cell)
                            continue
                        value = cell.find(f"{_MAIN}v")
                        if value is None or value.text is None:
                            continue
                        if kind == "s":
                            shared = int(value.text)
                            if not 0 <= shared < len(strings):
                                raise IndexError(f"no shared string {shared}")
                            cells[column] = strings[shared]
                        else:
                            cells[column] = _number(value.text) if kind == "n" else value.text
                    element.clear()
                    yield number, cells
            except (ParseError, IndexError, ValueError) as error:
                raise InputError(
                    path, number or None, f"expected worksheet XML ({error})"
                ) from None
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as error:
                raise InputError(
                    path, None, f"expected an Excel .xlsx workbook ({error})"
                ) from None
    reporter.finish()


def _number(text: str) -> str:
    """A numeric cell as a spreadsheet shows it in General format (``28``, not ``28.0``)."""
    try:
        value = float(text)
    except ValueError:
        return text
    return str(int(value)) if value.is_integer() and "e" not in text.lower() else text


def read_ess(
    labels: Labels,
    ranks: int,
    progress: ProgressCallback | None = None,
    *,
    papers_column: int | None = None,
) -> CastVoteRecords:
    """Read the records of an ES&S workbook, ``ranks`` choices a paper.

    ``papers_column`` (0-based), if given, is a ``Count`` column: each row is one
    paper, so a cell there other than 1 is an error rather than a figure passed over.
    """
    source = labels.source
    where = str(source.path)
    first_row = source.first_vote_row or 2
    first_col = (source.first_vote_column or 1) - 1
    delimiter = source.overvote_delimiter
    tally = Tally()
    for number, cells in worksheet_rows(where, progress):
        if number < first_row:
            continue
        if papers_column is not None and cells.get(papers_column, "1").strip() != "1":
            raise InputError(
                where,
                number,
                f"expected 1 in the Count column (one paper a row), found {cells[papers_column]!r}",
            )
        marks: list[list[int]] = []
        for k in range(ranks):
            text = cells.get(first_col + k)
            at_rank: list[int] = []
            if text is None:
                blank = labels.blank(number)
                if blank is not None:
                    at_rank.append(blank)
            else:
                pieces = text.strip().split(delimiter) if delimiter else [text]
                for piece in pieces:
                    piece = piece.strip()
                    if len(pieces) > 1 and piece in ("", source.skipped_rank_label):
                        raise InputError(
                            where, number, "a cell with several candidates names no blank rank"
                        )
                    mark = labels.mark(piece, number)
                    if mark is not None:
                        at_rank.append(mark)
            marks.append(at_rank)
        tally.add(marks)
    return tally.result()
