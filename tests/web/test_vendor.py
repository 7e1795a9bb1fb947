"""The vendored scripts: each beside its licence, the same bytes served, no package for them."""

from __future__ import annotations

import tomllib
from pathlib import Path

from fastapi.testclient import TestClient

from tellers.web.app import VENDORED

REPO = Path(__file__).resolve().parents[2]
VENDOR = REPO / "src" / "tellers" / "web" / "static" / "vendor"


def test_each_vendored_script_is_served_as_shipped(client: TestClient) -> None:
    for name in VENDORED:
        response = client.get(f"/vendor/{name}")
        assert response.status_code == 200, name
        assert response.content == (VENDOR / name).read_bytes()


def test_each_vendored_script_has_its_licence_beside_it() -> None:
    plotly = (VENDOR / "plotly.LICENSES.txt").read_text(encoding="utf-8")
    assert "plotly.js 4.1.1 (MIT)" in plotly
    assert "Permission is hereby granted, free of charge" in plotly
    assert (
        "plotly.js v4.1.1 (MIT), core + bar + sankey"
        in (VENDOR / "plotly.min.js").read_text(encoding="utf-8")[:200]
    )
    htmx = (VENDOR / "htmx.LICENSE.txt").read_text(encoding="utf-8")
    assert htmx.startswith("Zero-Clause BSD")


def test_no_python_package_is_installed_for_a_script() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = [*project["dependencies"]]
    for extra in project["optional-dependencies"].values():
        wanted.extend(extra)
    for requirement in wanted:
        assert not requirement.startswith(("plotly", "django-js-lib-htmx")), requirement
