"""A seeded mutator over real files, one set of bases for every reader, and a runner.

Bases are real files from ``../shared/data`` and ``examples/`` (a few cut to their
first papers so that hundreds of counts stay quick, or put in another reader's
layout, as :func:`bases` says for each). Each case takes one base, applies one
mutation chosen from :data:`KINDS` with a seeded generator, reads the result with
the reader named (``tellers.formats.read(path, format)``) and counts it under
the reader's default rule set. Its outcome is one of:

``count``      read and counted;
``error``      a :class:`~tellers.errors.TellersError` on one line, naming the file
               (for an input fault) and what was expected;
``traceback``  any other exception, or an error message that is not one clear line;
``hang``       still running after :data:`TIMEOUT` seconds (the case's process is
               killed; the count goes on in a fresh one);
``ignored``    a mutation that changed a figure (:data:`FIGURES`), read without an
               error into the very election the unmutated file gives: a figure
               silently passed over.

A figure is a number the format defines as data of the count, found by the base's
``figures`` function: weights, preferences, votes and the facts of the poll, ranks
and candidate ids in cast vote records. Numbers a format reads past by
definition (comment lines, record ids, precincts, a vendor's batch numbers) are
not figures. The election compared is what the reader read, not the stages of
the count: a changed late preference is read even where no stage reaches it.

Cases run in worker processes; the parent gives each worker one case at a time
and kills a worker whose case passes :data:`TIMEOUT`, so that a hang fails its
case rather than the suite.
"""

from __future__ import annotations

import io
import json
import os
import random
import re
import shutil
import tempfile
import time
import warnings
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import islice
from multiprocessing import get_context
from multiprocessing.connection import Connection, wait
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared" / "data"
EXAMPLES = REPO / "examples"

#: Seconds a case may run before it is a hang.
TIMEOUT = 10.0
#: The seed of every run unless TELLERS_FUZZ_SEED says otherwise (printed with the figures).
SEED = int(os.environ.get("TELLERS_FUZZ_SEED", "20240517"))
#: Mutations a reader gets at the least.
CASES = int(os.environ.get("TELLERS_FUZZ_CASES", "300"))

#: Mutations, each chosen as often as the others; those that change a figure are FIGURES.
KINDS = (
    "truncate",
    "flip-bytes",
    "delete-line",
    "duplicate-line",
    "swap-lines",
    "insert-line",
    "figure",
    "huge-number",
    "negative-number",
    "nul-byte",
    "latin-1",
    "utf-16",
    "empty",
    "garbage",
)
FIGURES = frozenset({"figure", "huge-number", "negative-number"})

Spans = Callable[[str], list[tuple[int, int]]]


@dataclass(frozen=True)
class Base:
    """A real file (or a folder's files) as one reader takes it."""

    reader: str
    name: str  # the file's name, or the folder's
    files: dict[str, bytes]  # {"": data} for a file; a folder's files by name
    mutate: str = ""  # the file of a folder that mutations change
    figures: Spans = field(default=lambda text: [], compare=False)
    seats: int | None = None
    contest: str | None = None
    binary: bool = False  # an .xlsx: mutations go to its worksheet XML


@dataclass(frozen=True)
class Result:
    reader: str
    index: int
    base: str
    kind: str
    outcome: str
    detail: str = ""


# -- figures ---------------------------------------------------------------------------


def numbers_outside_comments(text: str) -> list[tuple[int, int]]:
    """Every digit run on a line that is not a ``#`` comment."""
    spans = []
    at = 0
    for line in text.splitlines(keepends=True):
        if not line.lstrip().startswith("#"):
            spans += [(at + m.start(), at + m.end()) for m in re.finditer(r"[0-9]+", line)]
        at += len(line)
    return spans


def numbers_after_header(text: str) -> list[tuple[int, int]]:
    """Every digit run after the first line (a header of column names), outside comments."""
    first = len(text.splitlines(keepends=True)[0]) if text else 0
    return [(a + first, b + first) for a, b in numbers_outside_comments(text[first:])]


def json_values(*keys: str) -> Spans:
    """The digit runs of the JSON values of ``keys`` (numbers, or numbers in strings)."""
    pattern = re.compile(rf'"(?:{"|".join(map(re.escape, keys))})"\s*:\s*"?(-?[0-9]+)')

    def spans(text: str) -> list[tuple[int, int]]:
        return [m.span(1) for m in pattern.finditer(text)]

    return spans


def xml_texts(*tags: str) -> Spans:
    pattern = re.compile(rf"<(?:\w+:)?(?:{'|'.join(tags)})>\s*([0-9]+)\s*<")

    def spans(text: str) -> list[tuple[int, int]]:
        return [m.span(1) for m in pattern.finditer(text)]

    return spans


def columns(names: Callable[[list[str]], list[int]], skip_rows: int = 1) -> Spans:
    """The digit runs in the CSV columns ``names`` picks from the header row."""
    import csv

    def spans(text: str) -> list[tuple[int, int]]:
        lines = text.splitlines(keepends=True)
        if not lines:
            return []
        header = next(csv.reader([lines[0]]), [])
        wanted = set(names(header))
        found = []
        at = sum(len(line) for line in lines[:skip_rows])
        for line in lines[skip_rows:]:
            start = at
            for column, cell in enumerate(_cells(line)):
                if column in wanted:
                    found += [
                        (start + cell[0] + m.start(), start + cell[0] + m.end())
                        for m in re.finditer(r"[0-9]+", line[cell[0] : cell[1]])
                    ]
            at += len(line)
        return found

    return spans


def _cells(line: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each comma-separated cell (quotes respected)."""
    start, quoted = 0, False
    for i, ch in enumerate(line):
        if ch == '"':
            quoted = not quoted
        elif ch == "," and not quoted:
            yield start, i
            start = i + 1
    yield start, len(line.rstrip("\r\n"))


def worksheet_choices(letters: str) -> Spans:
    """The values of the cells of columns ``letters`` after the header row (an ES&S sheet)."""
    pattern = re.compile(r'<c r="([A-Z]+)([0-9]+)"[^>]*>\s*<v>([0-9]+)</v>')

    def spans(text: str) -> list[tuple[int, int]]:
        return [
            m.span(3)
            for m in pattern.finditer(text)
            if m.group(1) in letters and int(m.group(2)) > 1
        ]

    return spans


def hart_values(contest: str) -> Spans:
    """The option values (strings of 0 and 1) of one contest in a Hart Cvr."""

    def spans(text: str) -> list[tuple[int, int]]:
        found = []
        for block in re.finditer(r"<Contest>.*?</Contest>", text, re.DOTALL):
            if f"<Name>{contest}</Name>" not in block.group():
                continue
            found += [
                (block.start() + m.start(1), block.start() + m.end(1))
                for m in re.finditer(r"<Value>([0-9]+)</Value>", block.group())
            ]
        return found

    return spans


# -- bases -----------------------------------------------------------------------------


def _read(path: Path) -> bytes:
    return path.read_bytes()


def _head_lines(path: Path, lines: int, keep: int = 0) -> bytes:
    """The first ``keep`` lines and then ``lines`` more of a text file."""
    text = path.read_text(encoding="utf-8")
    return "".join(text.splitlines(keepends=True)[: keep + lines]).encode("utf-8")


@cache
def bases() -> dict[str, list[Base]]:
    """Every reader's bases (readers whose data folder is absent have none)."""
    found: dict[str, list[Base]] = {}

    def add(base: Base) -> None:
        found.setdefault(base.reader, []).append(base)

    scot = SHARED / "scotland-local-stv-blt"
    if scot.is_dir():
        for name in (
            "3_cands/aberdeenshire_2016_by_election_banff_and_district.blt",
            "3_cands/eilean_siar_2022_ward4.blt",
            "4_cands/eilean_siar_2022_ward1.blt",
            "12_cands/aberdeen_2012_ward12.blt",
        ):
            if (scot / name).exists():
                add(
                    Base(
                        "blt",
                        Path(name).name,
                        {"": _read(scot / name)},
                        figures=numbers_outside_comments,
                    )
                )
    nsw = SHARED / "australia-nsw-2023-la-irv"
    burlington = SHARED / "us-burlington-vt-2009-mayor-irv" / "00005-00000002.toi"
    if nsw.is_dir():
        for name in ("00058-00000204.soi", "00058-00000189.soi"):
            add(Base("preflib", name, {"": _read(nsw / name)}, figures=numbers_outside_comments))
    if burlington.exists():
        data = _read(burlington)
        add(Base("preflib", burlington.name, {"": data}, figures=numbers_outside_comments))
        add(Base("preflib-cvr", burlington.name, {"": data}, figures=numbers_outside_comments))
        if nsw.is_dir():
            add(
                Base(
                    "preflib-cvr",
                    "00058-00000204.soi",
                    {"": _read(nsw / "00058-00000204.soi")},
                    figures=numbers_outside_comments,
                )
            )
        # Burlington's orders without ties, put in the layout of a rankings CSV (weights
        # in a count column, names in the cells).
        add(
            Base(
                "csv",
                "burlington-rankings.csv",
                {"": _rankings_csv(burlington)},
                figures=numbers_after_header,
            )
        )
    london = SHARED / "uk-london-2021-mayor-sv-and-assembly-dhondt"
    if london.is_dir():
        add(
            Base(
                "sv-table",
                "london_mayor_2021.csv",
                {"": _read(london / "london_mayor_2021_first_second_matrix.csv")},
                figures=numbers_outside_comments,
            )
        )
        add(
            Base(
                "party-list",
                "london_assembly_2021.csv",
                {
                    "": b"# seats: 11\n"
                    + _read(london / "london_assembly_2021_list_votes_and_seats.csv")
                },
                figures=columns(
                    lambda h: [
                        i
                        for i, n in enumerate(h)
                        if n in ("london_wide_list_votes", "constituency_members_won")
                    ],
                    skip_rows=2,
                ),
            )
        )
    add(
        Base(
            "sv-table",
            "worked-example-2.1-sv.csv",
            {"": _read(EXAMPLES / "worked-example-2.1-sv.csv")},
            figures=numbers_outside_comments,
        )
    )
    for path in sorted(EXAMPLES.glob("*.txt")) + sorted((EXAMPLES / "results").glob("*.txt")):
        add(Base("declared", path.name, {"": _read(path)}, figures=numbers_outside_comments))
    maine = SHARED / "us-maine-2018-cd2-rcv" / "maine_cd2_2018_all_ballots.csv.gz"
    if maine.exists():
        import gzip

        with gzip.open(maine, "rt", encoding="utf-8") as handle:
            head = "".join(islice(handle, 400))
        # the choice cells name candidates: the numbers in the file are record ids and
        # ballot styles, which the format reads past, so no figures
        add(Base("cvr-csv", "maine_cd2_2018.csv", {"": head.encode("utf-8")}))
    ireland = SHARED / "ireland-2002-evoting-stv"
    if ireland.is_dir():
        add(
            Base(
                "ie-codes",
                "DublinWest.txt",
                {"": _head_lines(ireland / "DublinWest.txt", 1500)},
                seats=3,
            )
        )
        add(
            Base("ie-codes", "dnorth.txt", {"": _head_lines(ireland / "dnorth.txt", 1500)}, seats=4)
        )
        meath = json.loads((ireland / "Meath2002.json").read_text(encoding="utf-8"))
        meath["Ballot"] = meath["Ballot"][:1200]
        add(
            Base(
                "ie-json",
                "Meath2002.json",
                {"": json.dumps(meath, indent=1).encode("utf-8")},
                figures=_meath_figures,
            )
        )
    if scot.is_dir() or burlington.exists():
        from tellers.formats import read, write_contest_json

        for path in (burlington, EXAMPLES / "spitalfields-banglatown-2012.txt"):
            if path.exists():
                text = write_contest_json(read(path))
                add(
                    Base(
                        "json",
                        path.stem + ".json",
                        {"": text.encode("utf-8")},
                        figures=_json_numbers,
                    )
                )
    suite = SHARED / "rctab-test-data"
    if suite.is_dir():
        for case in ("test_set_1_exhaust_at_overvote", "test_set_3_skipped_choice_exhaust"):
            path = suite / case / f"{case}_cvr.json"
            add(Base("cdf", path.name, {"": _read(path)}, figures=json_values("Rank")))
        xml = suite / "nist_xml_cdf_2" / "nist_xml_cdf_2.xml"
        add(
            Base(
                "cdf",
                xml.name,
                {"": _read(xml)},
                figures=xml_texts("Rank"),
                contest="For Governor and Lieutenant Governor",
            )
        )
        alaska = suite / "_shared" / "dominion_alaska" / "alaska_input_data"
        export = json.loads((alaska / "CvrExport.json").read_text(encoding="utf-8-sig"))
        export["Sessions"] = export["Sessions"][:150]
        files = {n: _read(alaska / n) for n in ("CandidateManifest.json", "ContestManifest.json")}
        files["CvrExport.json"] = json.dumps(export, indent=1).encode("utf-8")
        add(
            Base(
                "dominion",
                "alaska_input_data",
                files,
                mutate="CvrExport.json",
                figures=json_values("Rank", "CandidateId"),
            )
        )
        for case, letters in (
            ("exhaust_if_multiple_continuing", "BCD"),
            ("skip_to_next_test", "BCDE"),
            ("duplicate_test", "BCD"),
        ):
            path = suite / case / f"{case}_cvr.xlsx"
            add(
                Base(
                    "ess",
                    path.name,
                    {"": _read(path)},
                    figures=worksheet_choices(letters),
                    binary=True,
                )
            )
        for case, name in (
            ("clear_ballot_kansas_primary", "clear_ballot_kansas_primary.cvr.csv"),
            ("clear_ballot_with_inline_comma", "clear_ballot_with_inline_comma_cvr.csv"),
        ):
            add(
                Base(
                    "clear-ballot",
                    name,
                    {"": _read(suite / case / name)},
                    figures=columns(
                        lambda h: [i for i, n in enumerate(h) if n.startswith("Choice_")]
                    ),
                )
            )
        hart = suite / "_shared" / "hart_cvr_archive"
        files = {p.name: _read(p) for p in sorted(hart.glob("*.xml"))}
        for contest in ("CEDAR PARK SCHOOL BOARD", "TRAVIS COUNTY OFFICERS"):
            add(
                Base(
                    "hart",
                    "hart_cvr_archive",
                    files,
                    mutate="*",
                    figures=hart_values(contest),
                    contest=contest,
                )
            )
    return found


def _rankings_csv(path: Path) -> bytes:
    from tellers.core.model import Ballots
    from tellers.formats import read

    election = read(path)
    votes = election.votes
    assert isinstance(votes, Ballots)
    names = election.contest.names
    width = max(len(r) for r in votes.rankings)
    header = ",".join(f"p{i + 1}" for i in range(width)) + ",count\n"
    rows = [
        ",".join(_quoted(names[c]) for c in r) + "," * (width - len(r)) + f",{n}\n"
        for r, n in zip(votes.rankings, votes.counts, strict=True)
    ]
    return (header + "".join(rows)).encode("utf-8")


def _quoted(name: str) -> str:
    return f'"{name}"' if "," in name else name


def _meath_figures(text: str) -> list[tuple[int, int]]:
    """Every number after the candidates (the papers), and the seats and date."""
    start = text.find('"Ballot"')
    spans = [(start + m.start(), start + m.end()) for m in re.finditer(r"[0-9]+", text[start:])]
    return spans + json_values("Number of Seats", "Day", "Month", "Year", "Index")(text)


def _json_numbers(text: str) -> list[tuple[int, int]]:
    """Every number in a tellers.contest/1 document but its format's version."""
    return [m.span() for m in re.finditer(r"(?<![\w./])[0-9]+(?![\w.])", text)]


# -- mutations -------------------------------------------------------------------------


def mutate(base: Base, kind: str, rng: random.Random) -> tuple[dict[str, bytes], bool]:
    """The base's files with one mutation, and whether it changed a figure."""
    files = dict(base.files)
    target = base.mutate or ""
    if target == "*":
        target = rng.choice(sorted(files))
    data = files[target]
    if base.binary and kind not in ("truncate", "flip-bytes", "empty", "garbage", "nul-byte"):
        data, changed = _in_worksheet(data, kind, rng, base.figures)
    else:
        data, changed = _mutated(data, kind, rng, base.figures)
    files[target] = data
    return files, changed


def _in_worksheet(data: bytes, kind: str, rng: random.Random, figures: Spans) -> tuple[bytes, bool]:
    """An .xlsx with the mutation applied to its first worksheet's XML."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    changed = False
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as book:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                content, changed = _mutated(content, kind, rng, figures)
            book.writestr(item, content)
    return out.getvalue(), changed


def _mutated(data: bytes, kind: str, rng: random.Random, figures: Spans) -> tuple[bytes, bool]:
    text = data.decode("utf-8-sig", errors="replace")
    lines = text.splitlines(keepends=True) or [""]
    if kind == "truncate":
        return data[: rng.randrange(len(data) + 1)], False
    if kind == "flip-bytes":
        flipped = bytearray(data)
        for _ in range(rng.randint(1, 4)):
            if flipped:
                at = rng.randrange(len(flipped))
                flipped[at] ^= rng.randint(1, 255)
        return bytes(flipped), False
    if kind == "delete-line":
        del lines[rng.randrange(len(lines))]
        return "".join(lines).encode("utf-8"), False
    if kind == "duplicate-line":
        at = rng.randrange(len(lines))
        lines.insert(rng.randrange(len(lines) + 1), lines[at])
        return "".join(lines).encode("utf-8"), False
    if kind == "swap-lines":
        i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
        return "".join(lines).encode("utf-8"), False
    if kind == "insert-line":
        alphabet = 'abcXYZ0123456789 ,:;"(){}[]=#-*%\t'
        line = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40))) + "\n"
        lines.insert(rng.randrange(len(lines) + 1), line)
        return "".join(lines).encode("utf-8"), False
    if kind in FIGURES:
        spans = figures(text)
        if not spans:  # a format with no figures: another edit instead
            return _mutated(data, "swap-lines", rng, figures)
        start, end = rng.choice(spans)
        value = int(text[start:end])
        if kind == "huge-number":
            new = str(10 ** rng.randint(16, 40) + rng.randrange(1000))
        elif kind == "negative-number":
            new = f"-{value or 1}"
        else:
            new = str(
                rng.choice(
                    [value + 1, value + rng.randint(2, 99), max(0, value - 1) if value else 2]
                )
            )
        if new == text[start:end] or int(new) == value:
            new = str(value + 1)
        return (text[:start] + new + text[end:]).encode("utf-8"), True
    if kind == "nul-byte":
        at = rng.randrange(len(data) + 1)
        return data[:at] + b"\0" + data[at:], False
    if kind == "latin-1":
        return text.encode("latin-1", errors="replace"), False
    if kind == "utf-16":
        return text.encode("utf-16"), False
    if kind == "empty":
        return b"", False
    if kind == "garbage":
        return rng.randbytes(rng.randint(50_000, 400_000)).translate(_PRINTABLE), False
    raise ValueError(kind)


#: Random bytes to printable text: about one byte in fifty a line end.
_PRINTABLE = bytes(10 if b % 50 == 0 else 32 + b % 95 for b in range(256))


# -- one case --------------------------------------------------------------------------


def case_seed(reader: str, index: int, seed: int = SEED) -> str:
    return f"{seed}:{reader}:{index}"


def plan(reader: str, count: int = CASES, seed: int = SEED) -> list[tuple[str, int, str]]:
    """(reader, index, kind) for ``count`` cases: every kind in turn, the same each run."""
    return [(reader, i, KINDS[i % len(KINDS)]) for i in range(count)]


def _write(folder: Path, base: Base, files: dict[str, bytes]) -> Path:
    if "" in files:
        path = folder / base.name
        path.write_bytes(files[""])
        return path
    path = folder / base.name
    path.mkdir()
    for name, data in files.items():
        (path / name).write_bytes(data)
    return path


@cache
def _original(reader: str, which: int) -> str:
    base = bases()[reader][which]
    with tempfile.TemporaryDirectory() as folder:
        path = _write(Path(folder), base, dict(base.files))
        from tellers.formats import read

        election = read(path, reader, seats=base.seats, contest=base.contest)
        return _fingerprint(election, str(path), folder)


def _fingerprint(election: object, path: str, folder: str) -> str:
    from tellers.core.model import Election

    assert isinstance(election, Election)
    return repr(
        (
            election.contest,
            election.votes,
            sorted(election.rejected.items()),
            election.rejected_in_part,
            election.electorate,
            election.papers_issued,
            election.rules,
            tuple(note.replace(folder, "") for note in election.notes),
        )
    ).replace(path, "")


def run_case(reader: str, index: int, kind: str, seed: int = SEED) -> Result:
    """Mutate, read and count one case, in this process."""
    from tellers.core.lots import SeededLots
    from tellers.errors import InputError, TellersError
    from tellers.formats import read
    from tellers.rules import count

    rng = random.Random(case_seed(reader, index, seed))
    choices = bases()[reader]
    which = index // len(KINDS) % len(choices)
    base = choices[which]
    files, changed = mutate(base, kind, rng)
    folder = tempfile.mkdtemp(prefix="fuzz-")
    try:
        path = _write(Path(folder), base, files)
        try:
            election = read(path, reader, seats=base.seats, contest=base.contest)
            count(election, lots=SeededLots(index))
        except TellersError as error:
            message = str(error)
            clear = "\n" not in message and message.strip() != ""
            if isinstance(error, InputError):
                clear = clear and message.startswith(str(path))
            if not clear:
                return Result(
                    reader, index, base.name, kind, "traceback", f"unclear: {message[:300]}"
                )
            return Result(
                reader, index, base.name, kind, "error", message[:300].replace(folder, "")
            )
        except RecursionError as error:  # also an uncaught exception
            return Result(reader, index, base.name, kind, "traceback", f"RecursionError: {error}")
        except Exception as error:
            return Result(
                reader,
                index,
                base.name,
                kind,
                "traceback",
                f"{type(error).__name__}: {error}"[:300],
            )
        if changed and _fingerprint(election, str(path), folder) == _original(reader, which):
            return Result(
                reader, index, base.name, kind, "ignored", "a changed figure was not read"
            )
        return Result(reader, index, base.name, kind, "count")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# -- the runner ------------------------------------------------------------------------


def _worker(conn: Connection, seed: int) -> None:
    warnings.simplefilter("ignore")
    while True:
        task = conn.recv()
        if task is None:
            return
        conn.send(run_case(*task, seed=seed))


def run(
    tasks: Sequence[tuple[str, int, str]], workers: int | None = None, seed: int = SEED
) -> list[Result]:
    """Run ``tasks`` in worker processes, each case within :data:`TIMEOUT` seconds."""
    context = get_context("fork")
    workers = workers or min(2, len(os.sched_getaffinity(0)))
    bases()  # read the bases once, before the workers start
    pending = list(reversed(tasks))
    results: list[Result] = []
    busy: dict[Connection, tuple[object, tuple[str, int, str], float]] = {}
    idle: list[tuple[Connection, object]] = []

    def start() -> tuple[Connection, object]:
        parent, child = context.Pipe()
        process = context.Process(target=_worker, args=(child, seed), daemon=True)
        with warnings.catch_warnings():  # forking a process with threads warns (3.12)
            warnings.simplefilter("ignore", DeprecationWarning)
            process.start()
        child.close()
        return parent, process

    idle = [start() for _ in range(max(1, min(workers, len(tasks))))]
    while pending or busy:
        while idle and pending:
            conn, process = idle.pop()
            task = pending.pop()
            conn.send(task)
            busy[conn] = (process, task, time.monotonic())
        ready = wait(list(busy), timeout=1.0)
        for conn in ready:
            process, task, _ = busy.pop(conn)  # type: ignore[misc]
            try:
                results.append(conn.recv())  # type: ignore[arg-type]
                idle.append((conn, process))
            except EOFError:  # the worker died: a crash, not a clear error
                results.append(Result(task[0], task[1], "", task[2], "traceback", "worker died"))
                idle.append(start())
        now = time.monotonic()
        for conn, (process, task, began) in list(busy.items()):
            if now - began > TIMEOUT:
                process.terminate()  # type: ignore[attr-defined]
                busy.pop(conn)
                results.append(
                    Result(task[0], task[1], "", task[2], "hang", f"over {TIMEOUT:.0f} s")
                )
                idle.append(start())
    for conn, process in idle:
        conn.send(None)
        process.join(timeout=5)  # type: ignore[attr-defined]
    return sorted(results, key=lambda r: (r.reader, r.index))


def figures(results: Sequence[Result]) -> dict[str, dict[str, int]]:
    """Outcomes by reader: tried, count, error, traceback, hang, ignored."""
    table: dict[str, dict[str, int]] = {}
    for r in results:
        row = table.setdefault(
            r.reader,
            {"tried": 0, "count": 0, "error": 0, "traceback": 0, "hang": 0, "ignored": 0},
        )
        row["tried"] += 1
        row[r.outcome] += 1
    return table


def table_text(table: dict[str, dict[str, int]], seed: int = SEED) -> str:
    keys = ("tried", "count", "error", "traceback", "hang", "ignored")
    lines = [f"fuzz corpus, seed {seed}: a case is one mutated real file read and counted"]
    lines.append(f"{'reader':<14}" + "".join(f"{k:>10}" for k in keys))
    total = dict.fromkeys(keys, 0)
    for reader in sorted(table):
        row = table[reader]
        lines.append(f"{reader:<14}" + "".join(f"{row[k]:>10}" for k in keys))
        for k in keys:
            total[k] += row[k]
    lines.append(f"{'all':<14}" + "".join(f"{total[k]:>10}" for k in keys))
    return "\n".join(lines)
