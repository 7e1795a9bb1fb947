"""Signing in and out: sessions, CSRF tokens and the sign-in throttle."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
