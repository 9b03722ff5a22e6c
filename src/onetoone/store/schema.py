"""The journal's own tables as SQLite describes them (sqlite_master and its pragmas): what undo
records and what an export carries, found the same way so that a new table is covered by both
with no change in either.

Left out: `migration`, the undo tables, SQLite's own tables (sqlite_sequence...), and virtual
tables with their shadow tables (an FTS5 index `x` and its x_data, x_idx, ...): such an index is
kept in step by triggers on its base tables, so it follows them.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from onetoone.store import driver

OWN = ("undo_step", "undo_log", "migration")


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[str, ...]
    references: tuple[tuple[str, str, str], ...]  # (column, the table it refers to, that table's column)


def ident(name: str) -> str:
    """`name` as an SQL identifier, quoted."""
    return '"' + name.replace('"', '""') + '"'


def literal(text: str) -> str:
    """`text` as an SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def tables(db: sqlite3.Connection) -> list[str]:
    """The journal's own tables, in the order SQLite lists them."""
    found = db.execute(
        "SELECT name, sql FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
    ).fetchall()
    virtual = [name for name, sql in found if (sql or "").lstrip().upper().startswith("CREATE VIRTUAL")]
    shadow = set()
    try:
        shadow = {row[1] for row in db.execute("PRAGMA main.table_list") if row[2] in ("shadow", "virtual")}
    except driver.OperationalError:  # SQLite before 3.37: shadow tables are known by their names
        pass
    return [
        name for name, _ in found
        if name not in OWN and name not in virtual and name not in shadow
        and not any(name.startswith(f"{table}_") for table in virtual)
    ]


def described(db: sqlite3.Connection) -> list[Table]:
    """Each of `tables`, with its columns and what its foreign keys refer to, by name."""
    made = []
    for name in sorted(tables(db)):
        columns = tuple(row[1] for row in db.execute(f"PRAGMA main.table_info({literal(name)})"))
        references = tuple(
            (row[3], row[2], row[4] or "rowid") for row in db.execute(f"PRAGMA main.foreign_key_list({literal(name)})")
        )
        made.append(Table(name, columns, references))
    return made
