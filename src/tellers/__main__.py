"""``python -m tellers`` runs the command line."""

from .cli import run

run()
