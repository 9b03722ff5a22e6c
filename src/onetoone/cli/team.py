"""`oto team`: the team journal on the campaign's PostgreSQL server (store/server.py, store/postgres.py)."""

import os
from typing import Annotated, Optional

import typer

from onetoone.cli import _shared as shared
from onetoone.cli._app import group, subcommand

team = group("team", """A team journal: the same oto against the campaign's own PostgreSQL server.
Connect with `oto team connect URL` (or OTO_DATABASE_URL for one shell); `oto team connect --forget`
goes back to your own journal.""")


@subcommand(team, "connect")
def connect(
    url: Annotated[Optional[str], typer.Argument(help="postgresql://USER@HOST/DATABASE, with ?sslmode=... for TLS; never a password.")] = None,
    forget: Annotated[bool, typer.Option("--forget", help="Stop using the team journal: back to your own journal.")] = False,
) -> None:
    """Use the team journal at URL for every command from now on, or say which one is used.

    oto first checks that URL answers and holds a team journal, then keeps it in its config file
    (readable only by you). A password never goes in the URL: libpq reads it from ~/.pgpass (or
    PGPASSFILE), a service file, or PGPASSWORD. OTO_DATABASE_URL, when set, wins over this.
    --forget goes back to your own journal (which the team journal never changed).

    Example: oto team connect "postgresql://maria@db.example.org/campaign?sslmode=verify-full"
    """
    from onetoone.errors import BadInput
    from onetoone.store import server

    if forget:
        if url is not None:
            raise BadInput("Give a URL to connect to, or --forget to stop using the team journal; not both.")
        place = server.forget(os.environ)
        shared.say("No team journal was set; oto uses your own journal." if place is None
                   else f"oto uses your own journal again ({shared.journal_path()}); the team journal was removed from {place}.")
        return _still_set()
    if url is None:
        current = shared.team_url()
        return shared.terminal().text(f"oto uses the team journal at {server.shown(current)}." if current
                          else f"oto uses your own journal ({shared.journal_path()}); connect with `oto team connect URL`.")
    checked = server.checked(url)
    with shared.journal_at(checked):
        pass  # it answers, and holds a team journal this oto knows
    place = server.save(os.environ, checked)
    shared.say(f"Connected: every command now uses the team journal at {server.shown(checked)} (kept in {place}).")
    _still_set()


def _still_set() -> None:
    if os.environ.get("OTO_DATABASE_URL", "").strip():
        shared.say("OTO_DATABASE_URL is set in this shell and wins over `oto team connect` while it is.")
