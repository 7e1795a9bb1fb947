"""Every command in the README runs, and prints what the README shows.

The README's examples are the first thing a user copies, so each fenced block
is run as it stands: a shell session (``$ command`` lines, each followed by
what it prints) in a copy of ``examples/``, with ``tellers`` on the PATH; a
``python`` block as a script in the same place. Commands are found in the text,
so a section added later is covered without a change here. In the printed
output a line ``...`` stands for any lines, and ``...`` inside a line for any
text. Lines outside a session (``make demo``, ``make test``) are Makefile
targets, checked to exist.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"
BIN = Path(sys.executable).parent

FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.MULTILINE | re.DOTALL)


@dataclass(frozen=True)
class Step:
    command: str
    expected: list[str]


@dataclass(frozen=True)
class Block:
    line: int
    language: str
    text: str

    @property
    def session(self) -> bool:
        return any(line.startswith("$ ") for line in self.text.splitlines())

    def steps(self) -> list[Step]:
        steps: list[Step] = []
        lines = self.text.splitlines()
        i = 0
        while i < len(lines):
            line = lines[i]
            if not line.startswith("$ "):
                raise AssertionError(f"README line {self.line + i + 1}: output before a command")
            command = line[2:]
            while command.endswith("\\"):
                i += 1
                command = command[:-1] + " " + lines[i].strip()
            i += 1
            expected = []
            while i < len(lines) and not lines[i].startswith("$ "):
                expected.append(lines[i])
                i += 1
            steps.append(Step(command, expected))
        return steps


def blocks() -> list[Block]:
    text = README.read_text(encoding="utf-8")
    return [
        Block(text.count("\n", 0, m.start()) + 1, m.group(1), m.group(2))
        for m in FENCE.finditer(text)
    ]


def pattern(expected: list[str]) -> re.Pattern[str]:
    parts = []
    for line in expected:
        if line.strip() == "...":
            parts.append(r"(?:[^\n]*\n)*?")
            continue
        parts.append(".*".join(re.escape(piece) for piece in line.rstrip().split("...")) + "\n")
    return re.compile("".join(parts), re.DOTALL)


@pytest.fixture
def place(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "examples", tmp_path / "examples")
    return tmp_path


def environment(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TELLERS_")}
    env.update(PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}", HOME=str(home), NO_COLOR="1")
    env.update(COLUMNS="100", TERM="dumb")
    return env


SESSIONS = [b for b in blocks() if b.session]
PYTHON = [b for b in blocks() if b.language == "python"]


def tours() -> list[list[Block]]:
    """The sessions as a reader follows them: a session that starts with ``cd`` starts
    afresh (a new copy of ``examples/``); any other goes on where the one before it left
    off, in the same folder and with the same results store."""
    found: list[list[Block]] = []
    for block in SESSIONS:
        if not found or block.steps()[0].command.startswith("cd "):
            found.append([block])
        else:
            found[-1].append(block)
    return found


TOURS = tours()


def test_the_readme_has_sessions_to_run() -> None:
    assert len(SESSIONS) >= 8 and PYTHON


@pytest.mark.parametrize("tour", TOURS, ids=[f"line{t[0].line}" for t in TOURS])
def test_each_session_runs_as_printed(tour: list[Block], place: Path) -> None:
    where = place
    for block in tour:
        for step in block.steps():
            if step.command.startswith("cd "):
                where = (place / step.command[3:].strip()).resolve()
                assert where.is_dir(), step.command
                continue
            done = subprocess.run(
                ["bash", "-c", step.command],
                cwd=where,
                env=environment(place),
                capture_output=True,
                text=True,
                timeout=300,
            )
            shown = [line.rstrip() for line in (done.stdout + done.stderr).splitlines()]
            output = "".join(line + "\n" for line in shown)
            failing = bool(step.expected) and step.expected[0].startswith("tellers: ")
            assert (done.returncode != 0) == failing, (block.line, step.command, output)
            assert pattern(step.expected).fullmatch(output), (
                f"README line {block.line}: {step.command}\n--- printed:\n{output}"
            )


@pytest.mark.parametrize("block", PYTHON, ids=[f"line{b.line}" for b in PYTHON])
def test_each_python_example_runs(block: Block, place: Path) -> None:
    script = place / "example.py"
    script.write_text(block.text, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(script)],
        cwd=place,
        env=environment(place),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr


def test_lines_outside_a_session_are_makefile_targets() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    for block in blocks():
        if block.session or block.language == "python":
            continue
        for line in block.text.splitlines():
            command = line.split("#")[0].strip()
            if not command:
                continue
            assert command.startswith("make "), (block.line, line)
            target = command.split()[1]
            assert re.search(rf"^{target}:", makefile, re.MULTILINE), target
