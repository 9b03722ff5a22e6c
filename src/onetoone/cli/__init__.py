"""The command line: thin Typer commands that parse, call the domain and hand results to render.

Command modules do not use `from __future__ import annotations`: Typer would then evaluate
every parameter annotation from a string on each run, a third of `oto --version`'s own time.

Each module registers its commands on the one app; they import only Typer at module level, so
`oto --help` and `oto --version` never load the journal code, SQLModel or SQLAlchemy.
"""

from onetoone.cli._app import app, main
# Import order is the order `oto --help` lists them in: the daily loop first.
from onetoone.cli import due, triage, prep, reflect, meetings, events, ledger, asks, people, orgs, relations, insights, search, review, calendar, imports, exports, undo, misc, completion, team  # noqa: F401,E402  (registers the commands)

__all__ = ["app", "main"]
