"""``python -m tellers`` runs the command line."""

from .cli import main

main(prog_name="tellers")
