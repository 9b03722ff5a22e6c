"""Which of a team journal's tables are whose (store/pg_schema.py's row-level security, store/pg_undo.py's
triggers), and the catalog's (table, column) rows read as each table's columns: plain data below
both, so pg_undo needs nothing of pg_schema. pg_schema names them too."""

from __future__ import annotations

from typing import Any

# The people and what protects them: every organizer reads, inserts and updates them; a row is
# deleted only by whoever added it or an admin.
SHARED = ("person", "person_key", "tag", "institution", "introduction", "stage_move", "event", "attendance")
# Each organizer's own journal: only its owner reads or writes a row.
PRIVATE = (
    "meeting", "planned_ask", "insight", "promise", "ask", "followup", "contact", "story", "setting",
    "undo_step", "undo_log", "pushed",
)
READ_ONLY = ("migration",)  # organizers read the schema version; the admin migrates
# Shared rows that any edit of the record rewrites whole (a person's names, name words and
# aliases, the keys they are found by): deleting them is updating the person, which anyone may.
REWRITTEN = ("person_key",)
# Rows of a private table that are shared records, as SHARED's are: a person's boundaries (an
# insight of kind boundary) protect them, so every organizer must know them.
SHARED_ROWS = {"insight": "kind = 'boundary'"}
# The team journal's own tables, beyond the models': the goal (pg_schema._goal_ddl) and push's
# memory (pg_schema.PUSHED_DDL).
TEAM_TABLES = ("team_goal", "pushed")


def by_table(conn: Any, sql: str) -> dict[str, list[str]]:
    """The (table, column) rows of a catalog query, as each table's columns in their order."""
    found: dict[str, list[str]] = {}
    for table, column in conn.execute(sql):
        found.setdefault(table, []).append(column)
    return found
