"""A team journal on PostgreSQL: the admin's set-up (`oto team init`, `oto team add-organizer`)
and what an organizer chooses to show the team (`oto share`, `oto reflect --share`).

Privacy is PostgreSQL's to enforce (store/pg_schema.py: roles and row-level security); this
module only asks for it. Sharing marks rows of the organizer's own, so RLS lets it touch no one
else's: a row that is not theirs is, to them, a row that does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from onetoone.errors import NotFound, TeamRefused

# What `oto share ID` shows the team, by the letter of its id: a meeting's note and next step,
# an insight, a story, a promise's text.
KINDS = {"m": ("meeting", "meeting"), "i": ("insight", "insight"), "s": ("story", "story"), "p": ("promise", "promise")}
ON_SQLITE = ("Sharing is for a team journal (PostgreSQL, OTO_DATABASE_URL): on your own journal "
             "nothing is anyone else's to see. Nothing was changed.")


@dataclass(frozen=True)
class Added:
    name: str
    created: bool  # a new role; False when the cluster had it already (an organizer elsewhere)
    admin: bool
    database: str


def init(url: str, *, now: datetime):
    """Make the database of `url` a team journal (pg_schema.Team: its roles)."""
    from onetoone.store import pg_schema

    with pg_schema.connected(url) as conn:
        return pg_schema.init_team(conn, now=now)


@dataclass(frozen=True)
class Upgraded:
    database: str
    applied: list[str]  # the migrations' names, in order; none when it was up to date
    version: int


def upgrade(url: str, *, now: datetime) -> Upgraded:
    """Bring the team journal of `url` to this oto's schema (pg_schema.upgrade)."""
    from onetoone.store import pg_schema, server

    with pg_schema.connected(url) as conn:
        applied = pg_schema.upgrade(conn, now=now, where=server.shown(url))
        return Upgraded(conn.execute("SELECT current_database()").fetchone()[0], applied, pg_schema.version(conn))


def add_organizer(url: str, name: str, *, admin: bool) -> Added:
    from onetoone.store import pg_schema

    with pg_schema.connected(url) as conn:
        created = pg_schema.add_organizer(conn, name, admin=admin)
        database = conn.execute("SELECT current_database()").fetchone()[0]
    return Added(name, created, admin, database)


@dataclass(frozen=True)
class Shared:
    kind: str  # meeting, insight, story or promise
    id: int
    rows: int  # rows marked: a reflection's meeting with its insights and promises


def share(journal, typed: str) -> Shared:
    """Show the team one item of the organizer's own (`m3`, `i7`, `s2`, `p5`)."""
    refuse_on_sqlite(journal)
    letter, number = typed[:1].lower(), typed[1:]
    if letter not in KINDS or not number.isdigit():
        raise NotFound(f"{typed!r} is not an id oto shares: a meeting (m3), an insight (i7), a story (s2) or a promise (p5).")
    table, word = KINDS[letter]
    marked = journal.execute(f"UPDATE {table} SET shared = TRUE WHERE id = :id", {"id": int(number)})
    if not marked:
        raise NotFound(f"No {word} {typed} of yours: you can share only what you wrote (see its id in `oto show`).")
    return Shared(word, int(number), marked)


def share_reflection(journal, meeting_id: int) -> Shared:
    """Show the team what a reflection wrote: the meeting's note and next step, and the insights
    and promises it recorded (its asks stay private)."""
    refuse_on_sqlite(journal)
    rows = journal.execute("UPDATE meeting SET shared = TRUE WHERE id = :id", {"id": meeting_id})
    for table in ("insight", "promise"):
        rows += journal.execute(f"UPDATE {table} SET shared = TRUE WHERE meeting_id = :id", {"id": meeting_id})
    return Shared("meeting", meeting_id, rows)


def refuse_on_sqlite(journal) -> None:
    if not is_team(journal):
        raise TeamRefused(ON_SQLITE)


def is_team(journal) -> bool:
    """Whether `journal` is a team journal on PostgreSQL (not the organizer's own SQLite file)."""
    return journal.dialect == "postgresql"
