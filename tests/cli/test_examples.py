"""The bundled examples: each counts, `tellers demo` shows them all, sources are listed."""

from __future__ import annotations

import importlib.util
import json
import re

import pytest

from tellers.service.examples import Example, bundled_examples, examples_folder

from .conftest import EXAMPLES, Run

EXAMPLE_LIST = bundled_examples(EXAMPLES)


def test_the_examples_folder_is_found() -> None:
    assert examples_folder() == EXAMPLES


@pytest.mark.parametrize("example", EXAMPLE_LIST, ids=[e.file for e in EXAMPLE_LIST])
def test_each_example_elects_whom_its_source_says(run: Run, example: Example) -> None:
    lots = [arg for order in example.lots for arg in ("--lots", order)]
    result = run("count", str(EXAMPLES / example.file), "--format", "json", *lots)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["elected"] == list(example.elected)
    text = run("count", str(EXAMPLES / example.file), *lots)
    assert text.exit_code == 0 and "DECLARATION OF RESULT OF POLL" in text.stdout


def test_spitalfields_and_banglatown_as_published(run: Run) -> None:
    # East London News and the Tower Hamlets figures: Robbani 1,030, Uddin 987.
    result = run("count", str(EXAMPLES / "spitalfields-banglatown-2012.txt"))
    assert "Majority      43 (1.9% of valid votes)" in result.stdout
    assert "Valid papers                     2,295" in result.stdout
    assert "19 April 2012" in result.stdout


def test_sv_example_totals_from_the_spec(run: Run) -> None:
    # spec 02 example 2.1: A 4,500, B 4,700 -> B elected
    result = run("count", str(EXAMPLES / "worked-example-2.1-sv.csv"), "--format", "json")
    final = json.loads(result.stdout)["stages"][-1]["votes"]
    assert (final["A"], final["B"]) == ("4500", "4700")


def test_every_example_has_its_source_in_the_readme() -> None:
    readme = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `([^`]+)` \|", readme, flags=re.MULTILINE))
    assert listed == {e.file for e in EXAMPLE_LIST}
    shipped = {p.name for p in EXAMPLES.iterdir() if p.is_file()} - {"README.md", "examples.toml"}
    assert shipped - {"generate_ward.py"} == listed


def test_lots_in_examples_are_supplied_never_drawn(run: Run) -> None:
    for example in EXAMPLE_LIST:
        lots = [arg for order in example.lots for arg in ("--lots", order)]
        result = run("count", str(EXAMPLES / example.file), "--format", "json", *lots)
        for lot in json.loads(result.stdout)["lots"]:
            assert lot["how"] == "supplied", example.file


def test_demo_counts_every_example_and_prints_each_winner(run: Run) -> None:
    result = run("demo")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    out = result.stdout
    assert out.count("DECLARATION OF RESULT OF POLL") == len(EXAMPLE_LIST)
    assert out.count("stage sheet") == len(EXAMPLE_LIST)
    for example in EXAMPLE_LIST:
        assert f"examples/{example.file}" in out
        for name in example.elected:
            assert re.search(rf"(Elected: |\d\. ){re.escape(name)}\b", out), name


def test_generated_ward_is_what_its_script_writes() -> None:
    spec = importlib.util.spec_from_file_location("generate_ward", EXAMPLES / "generate_ward.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    committed = (EXAMPLES / "generated-ward.blt").read_text(encoding="utf-8")
    assert module.ward_text() == committed
    assert f"seed {module.SEED}" in committed


def test_the_audit_example_sheets_are_what_their_script_writes() -> None:
    folder = EXAMPLES / "audit"
    spec = importlib.util.spec_from_file_location("make_sheets", folder / "make_sheets.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    papers = module.papers()
    assert (papers.count("Ann JONES"), papers.count("Bob SMITH")) == (300, 200)  # castle.txt
    for name, draws in (("round1.csv", 10), ("round2.csv", 40), ("round3.csv", 160)):
        assert module.sheet(draws) == (folder / name).read_text(encoding="utf-8"), name
    # the script's own sampler is Rivest's, as `tellers audit sample` draws it
    from tellers.audit import sample

    assert [module.draw(i, 500) for i in range(1, 6)] == sample(module.AUDIT_SEED, 500, 5)
