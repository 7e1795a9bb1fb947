"""Where the shared real-election data lives, and a skip when it is absent."""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def shared_data(folder: str) -> Path:
    """``../shared/data/<folder>`` beside the repository, or skip the test with the reason."""
    path = SHARED_DATA / folder
    if not path.is_dir():
        pytest.skip(f"real-election data not present: {path} (see ../shared/README.md)")
    return path
