"""A team journal's schema made and brought forward on PostgreSQL (`oto team init`, `oto team
upgrade`): the frozen first schema (store/pg_baseline.py) and each migration's PostgreSQL step of
store/migrations.py's list, whose steps use store/pg_schema.py. Above both, so the list stays on
top: pg_schema never imports it.

psycopg and SQLAlchemy are imported inside the functions that need them, as in pg_schema.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from onetoone.errors import TeamRefused
from onetoone.store.pg_schema import (
    Team,
    _catalog,
    _functions,
    _is_superuser,
    _privacy_of_new,
    _role_exists,
    _team_ddl,
    current_team,
    function_privacy,
    newer_journal,
    team_of,
    version,
)


def install(conn: Any, *, now: datetime, migrations: tuple | None = None) -> None:
    """Create the journal's tables in the database `conn` is connected to, in one transaction, and
    record the schema version. `conn` is the admin's psycopg connection; a database that already
    holds a journal is refused by PostgreSQL itself (the tables exist) and nothing changes.

    The tables are the frozen first schema (store/pg_baseline.py) and the PostgreSQL step of each
    migration after it, so a fresh journal is exactly an upgraded one; tests/test_pg_migrations.py
    proves the result is what the models describe. `migrations` is for those tests."""
    from onetoone.store import pg_baseline

    migrations = _migrations(migrations)
    steps = _steps(migrations, pg_baseline.VERSION)
    with conn.transaction():
        for statement in pg_baseline.DDL.split(";\n"):
            if statement.strip():
                conn.execute(statement)
        for migration in steps:
            migration.postgres(conn)
        for migration in migrations:
            _record(conn, migration, now)


def _migrations(migrations: tuple | None) -> tuple:
    from onetoone.store.migrations import MIGRATIONS

    return MIGRATIONS if migrations is None else migrations


def _steps(migrations: tuple, after: int) -> list:
    """The migrations above version `after`, each with its PostgreSQL step; refused before
    anything is changed when one has none (a bug of this oto's, never skipped in silence)."""
    steps = [migration for migration in migrations if migration.version > after]
    for migration in steps:
        if migration.postgres is None:
            raise RuntimeError(f"migration {migration.name} has no PostgreSQL step: a team journal cannot be brought to it")
    return steps


def _record(conn: Any, migration, now: datetime) -> None:
    conn.execute(
        "INSERT INTO migration (version, name, applied_at) VALUES (%(version)s, %(name)s, %(at)s)",
        {"version": migration.version, "name": migration.name, "at": now},
    )


def upgrade(conn: Any, *, now: datetime, where: str, migrations: tuple | None = None) -> list[str]:
    """Bring the team journal in `conn`'s database to the latest schema (`oto team upgrade`, the
    admin's, as a superuser: organizers hold no right to change tables). Each migration's
    PostgreSQL step runs in its own transaction with its `migration` row, under LOCK TABLE
    migration, so two upgrades never interleave and a kill leaves exactly the old version or the
    new one; a table a step adds is put under the team's privacy (`table_privacy`), a column it
    adds given to the organizers to update. Returns the names of the migrations applied (none
    when the journal was already up to date). `where` names the journal in a refusal."""
    from onetoone.errors import NewerJournal, NotAJournal

    migrations = _migrations(migrations)
    latest = migrations[-1].version
    if not _is_superuser(conn):
        raise TeamRefused("oto team upgrade must connect as a PostgreSQL superuser, as oto team init does: it changes the team's tables.")
    found = version(conn)
    if found is None:
        raise NotAJournal(f"The database {where} is not a team journal (no oto schema in it): run `oto team init` first.")
    if found > latest:
        raise NewerJournal(newer_journal(where, found, latest))
    steps = _steps(migrations, found)
    team = current_team(conn)
    conn.commit()  # the reads above end here: each step below is a transaction of its own
    applied = []
    for migration in steps:
        with conn.transaction():
            conn.execute("LOCK TABLE migration IN EXCLUSIVE MODE")  # organizers still read it; a second upgrade waits
            if version(conn) >= migration.version:  # another upgrade got here first
                continue
            before, functions = _catalog(conn), _functions(conn)
            migration.postgres(conn)
            # Every organizer's undo history goes, as on SQLite: its SQL was written for the schema before.
            conn.execute("DELETE FROM undo_log")
            conn.execute("DELETE FROM undo_step")
            if team is not None:
                made = [f for f in _functions(conn) if f not in functions]
                for statement in _privacy_of_new(team, before, _catalog(conn)) + function_privacy(team, made):
                    conn.execute(statement)
            _record(conn, migration, now)
        applied.append(migration.name)
    return applied


def init_team(conn: Any, *, now: datetime) -> Team:
    """Make `conn`'s database a team journal, in one transaction: the schema (unless it is already
    there), the three roles, table ownership, privileges, row-level security, the team views and
    oto_forget. `conn` must be a superuser's (it creates roles and hands the tables to the owner)."""
    if not _is_superuser(conn):
        raise TeamRefused("oto team init must connect as a PostgreSQL superuser: it creates the team's roles and hands them the tables.")
    made = team_of(conn.execute("SELECT current_database()").fetchone()[0])
    with conn.transaction():
        for role in (made.owner, made.organizers, made.admins):
            if _role_exists(conn, role):
                raise TeamRefused(
                    f"The role {role} already exists: this database already has a team (oto team add-organizer adds organizers), "
                    f"or a database of the same name had one (drop its roles first: DROP ROLE {role}). Nothing was changed."
                )
        if version(conn) is None:
            install(conn, now=now)
        for statement in _team_ddl(made, _catalog(conn), _functions(conn)):
            conn.execute(statement)
    return made
