"""Counting one file loads only what that file and its report need (start-up time)."""

import subprocess
import sys
from pathlib import Path

from tellers.sim import generate, to_blt


def test_counting_a_blt_file_to_json_loads_one_reader_and_one_report(tmp_path: Path) -> None:
    path = tmp_path / "ward.blt"
    path.write_text(to_blt(generate(5, 500, 2, seed=3)))
    script = (
        "import sys\n"
        "from tellers.cli import main\n"
        f"try:\n    main(['count', {str(path)!r}, '--format', 'json'])\n"
        "except SystemExit:\n    pass\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('tellers.'))\n"
        "print(' '.join(loaded), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    loaded = set(done.stderr.split())
    assert "tellers.formats.blt" in loaded and "tellers.report.json" in loaded
    others = {"tellers.formats.declared", "tellers.formats.preflib", "tellers.formats.cvr"}
    assert not loaded & others
    assert "tellers.report.sheet" not in loaded
    assert not {
        m
        for m in loaded
        if m.startswith("tellers.rules.stv_")
        and m != "tellers.rules.stv_scotland"
        and m != "tellers.rules.stv_wigm"
    }


def test_a_lone_ward_file_is_counted_without_starting_numpy(tmp_path: Path) -> None:
    # starting numpy costs more than reading a ward's file in Python; several BLT files
    # start it, several files of another format do not
    path = tmp_path / "ward.blt"
    path.write_text(to_blt(generate(5, 500, 2, seed=3)))
    declared = tmp_path / "ward.txt"
    declared.write_text("Jane Doe (Labour) 12\nJohn Roe (Green) 10\n")
    script = (
        "import sys\n"
        "from tellers.cli import main\n"
        "def count(*paths):\n"
        "    try:\n        main(['count', *paths, '--format', 'json', '--jobs', '1'])\n"
        "    except SystemExit:\n        pass\n"
        f"count({str(path)!r})\n"
        "print('numpy' in sys.modules, file=sys.stderr)\n"
        f"count({str(declared)!r}, {str(declared)!r})\n"
        "print('numpy' in sys.modules, file=sys.stderr)\n"
        f"count({str(path)!r}, {str(path)!r})\n"
        "print('numpy' in sys.modules, file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.stderr.split() == ["False", "False", "True"], done.stderr
