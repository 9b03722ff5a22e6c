"""The team journal's schema on PostgreSQL: the tables of store/models.py, each row's owner, and
(`oto team init`) the roles and row-level security that keep each organizer's words their own.

`install` creates every table of the models from `SQLModel.metadata`, compiled for PostgreSQL,
each with an `owner name NOT NULL DEFAULT current_user` column: whoever inserts a row owns it,
without oto's domain code knowing. A setting is per organizer (its key is `(owner, key)`). The
schema version is recorded in `migration` with the full history, as `migrations.stamp_latest`
does on SQLite. SQLite journals are untouched: the models do not change.

Only this module, the admin's `oto team` commands and the tests import psycopg here; nothing is
imported at module level beyond the standard library, so `oto due` never loads it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

OWNER_COLUMN = "owner name NOT NULL DEFAULT current_user"


def _ddl() -> list[str]:
    """CREATE TABLE and CREATE INDEX for every model, in dependency order, for PostgreSQL."""
    from sqlalchemy.dialects import postgresql
    from sqlalchemy.schema import CreateIndex, CreateTable
    from sqlmodel import SQLModel

    from onetoone.store import models  # noqa: F401  (registers the tables on SQLModel.metadata)

    dialect = postgresql.dialect()
    statements = []
    for table in SQLModel.metadata.sorted_tables:
        statements.append(str(CreateTable(table).compile(dialect=dialect)).strip())
        statements.append(f"ALTER TABLE {ident(table.name)} ADD COLUMN {OWNER_COLUMN}")
        for index in sorted(table.indexes, key=lambda index: index.name or ""):
            statements.append(str(CreateIndex(index).compile(dialect=dialect)).strip())
    # Each organizer has their own settings: the same key for two organizers is two rows.
    statements.append("ALTER TABLE setting DROP CONSTRAINT setting_pkey, ADD PRIMARY KEY (owner, key)")
    return statements


def tables() -> list[str]:
    """The names of the journal's tables, in the order they can be created."""
    from sqlmodel import SQLModel

    from onetoone.store import models  # noqa: F401

    return [table.name for table in SQLModel.metadata.sorted_tables]


def install(conn: Any, *, now: datetime) -> None:
    """Create the journal's tables in the database `conn` is connected to, in one transaction, and
    record the schema version. `conn` is the admin's psycopg connection; a database that already
    holds a journal is refused by PostgreSQL itself (the tables exist) and nothing changes."""
    from onetoone.store.migrations import MIGRATIONS

    with conn.transaction():
        for statement in _ddl():
            conn.execute(statement)
        for migration in MIGRATIONS:
            conn.execute(
                "INSERT INTO migration (version, name, applied_at) VALUES (%(version)s, %(name)s, %(at)s)",
                {"version": migration.version, "name": migration.name, "at": now},
            )


def version(conn: Any) -> int | None:
    """The schema version of the journal in `conn`'s database, or None when it holds none."""
    if conn.execute("SELECT to_regclass('migration')").fetchone()[0] is None:
        return None
    return conn.execute("SELECT max(version) FROM migration").fetchone()[0]


def ident(name: str) -> str:
    """`name` as a PostgreSQL identifier, quoted."""
    return '"' + name.replace('"', '""') + '"'
