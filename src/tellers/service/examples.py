"""The bundled examples: what ``tellers demo`` counts and stores, and ``make demo`` serves.

Purpose: examples/examples.toml lists counts typed from published figures (or
generated from a printed seed) with their sources; examples/results/results.toml
lists declared results to store under their ballot identifiers. The demo counts
the first and stores both, so the pages have something real to show.

Design: running :func:`load_examples` again changes nothing: the store keeps
figures identical to the current version's without a new version.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import TellersError
from .counting import Counted, CountRequest, count_file

if TYPE_CHECKING:
    from ..results.store import Store

__all__ = [
    "DEMO_AUTHOR",
    "Example",
    "StoredExample",
    "bundled_examples",
    "count_example",
    "examples_folder",
    "load_examples",
    "stored_examples",
]

#: Who the demo's results are stored by.
DEMO_AUTHOR = "tellers demo"


def examples_folder() -> Path:
    """The bundled examples: inside the installed package, or beside src/ in a clone."""
    here = Path(__file__).resolve().parents[1]
    for folder in (here / "examples", here.parents[1] / "examples"):
        if (folder / "examples.toml").is_file():
            return folder
    raise TellersError("the bundled examples are not installed (examples/examples.toml)")


@dataclass(frozen=True, slots=True)
class Example:
    """One bundled example, as listed in examples/examples.toml."""

    file: str
    title: str
    source: str
    rules: str | None = None
    format_in: str | None = None
    lots: tuple[str, ...] = ()
    elected: tuple[str, ...] = ()
    ballot: str | None = None

    @property
    def request(self) -> CountRequest:
        """How the example is counted: its rule set, format and official draws."""
        return CountRequest(rules=self.rules, format_in=self.format_in, lots=self.lots)


def bundled_examples(folder: Path | None = None) -> list[Example]:
    """The examples of examples/examples.toml, in its order."""
    import tomllib

    folder = folder or examples_folder()
    with open(folder / "examples.toml", "rb") as handle:
        manifest = tomllib.load(handle)
    return [
        Example(
            file=entry["file"],
            title=entry["title"],
            source=entry["source"],
            rules=entry.get("rules"),
            format_in=entry.get("format"),
            lots=tuple(entry.get("lots", ())),
            elected=tuple(entry.get("elected", ())),
            ballot=entry.get("ballot"),
        )
        for entry in manifest["example"]
    ]


def count_example(example: Example, folder: Path | None = None) -> Counted:
    """Count one bundled example as its entry says."""
    folder = folder or examples_folder()
    return count_file(str(folder / example.file), example.request)


@dataclass(frozen=True, slots=True)
class StoredExample:
    """One bundled result to store, as listed in examples/results/results.toml."""

    file: str
    ballot_id: str
    source: str
    seats: int | None = None
    defending: str | None = None
    reason: str | None = None
    comparable: str | None = None


def stored_examples(folder: Path | None = None) -> list[StoredExample]:
    """The results of examples/results/results.toml, in its order."""
    import tomllib

    folder = folder or examples_folder()
    with open(folder / "results" / "results.toml", "rb") as handle:
        manifest = tomllib.load(handle)
    return [
        StoredExample(
            file=entry["file"],
            ballot_id=entry["id"],
            source=entry["source"],
            seats=entry.get("seats"),
            defending=entry.get("defending"),
            reason=entry.get("reason"),
            comparable=entry.get("comparable"),
        )
        for entry in manifest["result"]
    ]


def load_examples(store: Store, folder: Path | None = None) -> list[tuple[str, int, bool]]:
    """Store the bundled results (examples/results, as ``tellers results add`` does) and the
    counts that name a ``ballot`` in examples.toml: ``(ballot_id, version, saved)`` each.

    Running it again changes nothing: the store keeps figures identical to the current
    version's without a new version (``saved`` is then false).
    """
    from ..report.json import to_dict
    from .results import read_result, save_result

    folder = folder or examples_folder()
    loaded = []
    for stored in stored_examples(folder):
        result = read_result(str(folder / "results" / stored.file), None, stored.seats)
        version, saved = save_result(
            store,
            result,
            stored.ballot_id,
            stored.source,
            seats=stored.seats,
            by_election_reason=stored.reason,
            defending=stored.defending,
            comparable=stored.comparable,
            author=DEMO_AUTHOR,
        )
        loaded.append((stored.ballot_id, version, saved))
    for example in bundled_examples(folder):
        if example.ballot is None:
            continue
        counted = count_example(example, folder)
        document = to_dict(counted.election, counted.count, lots=counted.lots)
        document["source"] = f"examples/{example.file}"  # the same wherever tellers is installed
        version, saved = save_result(
            store, document, example.ballot, example.source, author=DEMO_AUTHOR
        )
        loaded.append((example.ballot, version, saved))
    return loaded
