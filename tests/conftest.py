"""Shared test settings."""

from hypothesis import HealthCheck, settings

# Timing varies on shared CI machines; properties are about values, not speed.
settings.register_profile(
    "tellers", deadline=None, suppress_health_check=[HealthCheck.too_slow], max_examples=200
)
settings.load_profile("tellers")
