"""Results entry: an editor enters a result, a second editor confirms it."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
