"""The domain model and the arithmetic: standard library only."""
