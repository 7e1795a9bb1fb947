"""The embeddable result card (iframe and oEmbed), the by-election tracker and exports."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
