"""The undo history: SQLite's own recipe (https://www.sqlite.org/undoredo.html).

Each write command's connection gets TEMP triggers (they live and die with that connection,
so the journal's schema does not change) on every table of the journal, generated from
`sqlite_master` when the transaction begins: after each INSERT, UPDATE or DELETE they append
the SQL that reverses it to `undo_log`, under the number of the command's step. When the
command commits, a step that logged anything gets its `undo_step` row (when, and the command
as typed); one that changed nothing leaves nothing. `undo_last` replays the newest step's SQL,
newest statement first, in the undo command's own transaction, and drops the step.

Left out: `migration`, the undo tables themselves, SQLite's own tables, and virtual tables with
their shadow tables (an FTS5 index `x` and its x_data, x_idx, ...): an index kept in step by
triggers on the base tables follows the replayed changes by those same triggers. A new table is
covered with no change here. Only the changed columns of an UPDATE are logged; an UPDATE that
changes nothing logs nothing.

The history is bounded (KEEP_STEPS), cleared by a migration (its SQL no longer fits the schema)
and by an erasure (`Journal.erase_for_good`: forget, unlearn), and every deletion of its rows
overwrites their bytes (secure_delete), so what it held about someone does not linger in the file.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime

from onetoone.store import driver
from onetoone.store.schema import ident as _ident, literal as _text, tables as _tables  # the tables export carries too

KEEP_STEPS = 100
_EVENTS = ("insert", "update", "delete")


@dataclass(frozen=True)
class Step:
    id: int
    at: datetime
    command: list[str] | None  # the command as typed, without `oto`; None when no command made it
    touched: list[tuple[str, int | None, str]]  # (table, row id, what the step did to it: insert, update, delete), in order


def _shape(db: sqlite3.Connection, table: str) -> tuple[list[str], list[str], bool]:
    """The table's columns, the columns that find one row (its primary key, or none: rowid)
    and whether it has a rowid."""
    info = db.execute(f"PRAGMA main.table_info({_text(table)})").fetchall()
    columns = [row[1] for row in info]
    key = [row[1] for row in sorted(info, key=lambda row: row[5]) if row[5]]
    try:
        db.execute(f"SELECT rowid FROM main.{_ident(table)} LIMIT 0")
        has_rowid = True
    except driver.OperationalError:  # WITHOUT ROWID
        has_rowid = False
    return columns, key, has_rowid


def _reinsert(table: str, columns: list[str], key: list[str], has_rowid: bool, row: str) -> str:
    """The SQL expression that writes the INSERT putting `row` (OLD., or a table's own columns
    with "") back as it is."""
    listed = ([] if key or not has_rowid else ["rowid"]) + [_ident(c) for c in columns]
    values = ([] if key or not has_rowid else [f"{row}rowid"]) + [f"quote({row}{_ident(c)})" for c in columns]
    start = _text(f"INSERT INTO {_ident(table)} (" + ", ".join(listed) + ") VALUES (")
    return f"{start} || " + " || ',' || ".join(values) + " || ')'"


def triggers(db: sqlite3.Connection, step: int) -> list[str]:
    """The CREATE TEMP TRIGGER statements that log step `step`'s inverse SQL for every table."""
    made = []
    for table in _tables(db):
        columns, key, has_rowid = _shape(db, table)
        name = _ident(table)

        def where(row: str) -> str:
            if not key:
                return f"' WHERE rowid=' || {row}.rowid"
            return "' WHERE ' || " + " || ' AND ' || ".join(f"{_text(_ident(c) + '=')} || quote({row}.{_ident(c)})" for c in key)

        row_id = "{row}.rowid" if has_rowid else "NULL"
        log = "INSERT INTO undo_log (step, tbl, row_id, op, sql) VALUES ({step}, {table}, {row_id}, '{op}', {sql})"
        undo_insert = f"{_text(f'DELETE FROM {name}')} || {where('NEW')}"
        undo_delete = _reinsert(table, columns, key, has_rowid, "OLD.")
        changed = " OR ".join(f"OLD.{_ident(c)} IS NOT NEW.{_ident(c)}" for c in columns)
        sets = " || ".join(
            f"CASE WHEN OLD.{_ident(c)} IS NOT NEW.{_ident(c)} THEN {_text(',' + _ident(c) + '=')} || quote(OLD.{_ident(c)}) ELSE '' END"
            for c in columns
        )
        undo_update = f"{_text(f'UPDATE {name} SET ')} || substr({sets}, 2) || {where('NEW')}"
        for op, row, sql, when in (
            ("insert", "NEW", undo_insert, ""),
            ("update", "NEW", undo_update, f" WHEN {changed}"),
            ("delete", "OLD", undo_delete, ""),
        ):
            body = log.format(step=step, table=_text(table), row_id=row_id.format(row=row), op=op, sql=sql)
            trigger = _ident(f"undo_{op}_{table}")
            made.append(f"CREATE TEMP TRIGGER {trigger} AFTER {op.upper()} ON main.{name}{when} BEGIN {body}; END")
    return made


def _has_history(db: sqlite3.Connection) -> bool:
    return db.execute("SELECT 1 FROM main.sqlite_master WHERE type = 'table' AND name = 'undo_step'").fetchone() is not None


def start(db: sqlite3.Connection) -> int | None:
    """Begin recording this transaction's changes as one step (inside its write transaction);
    its number, or None for a journal without an undo history (an older schema)."""
    if not _has_history(db):
        return None
    last = db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'undo_step'").fetchone()
    newest = db.execute("SELECT max(id) FROM undo_step").fetchone()[0]
    step = max(last[0] if last else 0, newest or 0) + 1
    for statement in triggers(db, step):
        db.execute(statement)
    return step


def stop(db: sqlite3.Connection) -> None:
    """Record nothing more on this connection (its TEMP triggers dropped)."""
    for (name,) in db.execute("SELECT name FROM temp.sqlite_master WHERE type = 'trigger' AND name LIKE 'undo\\_%' ESCAPE '\\'").fetchall():
        db.execute(f"DROP TRIGGER temp.{_ident(name)}")


def finish(db: sqlite3.Connection, step: int, *, now: datetime, command: list[str] | None) -> bool:
    """At commit: keep the step if it changed anything (and prune the oldest); True if kept."""
    _drop_rewritten(db, step)
    if db.execute("SELECT 1 FROM undo_log WHERE step = :step LIMIT 1", {"step": step}).fetchone() is None:
        return False
    db.execute(
        "INSERT INTO undo_step (id, at, command) VALUES (:id, :at, :command)",
        {"id": step, "at": now, "command": None if command is None else json.dumps(command, ensure_ascii=False)},
    )
    cut = db.execute("SELECT id FROM undo_step ORDER BY id DESC LIMIT 1 OFFSET :keep", {"keep": KEEP_STEPS}).fetchone()
    if cut is not None:
        with _overwriting(db):
            db.execute("DELETE FROM undo_log WHERE step <= :cut", {"cut": cut[0]})
            db.execute("DELETE FROM undo_step WHERE id <= :cut", {"cut": cut[0]})
    return True


def _drop_rewritten(db: sqlite3.Connection, step: int) -> None:
    """Forget the rows the step deleted and wrote again exactly as they were (a person's lookup
    keys are rewritten on every edit): undoing them would change nothing."""
    found = db.execute(
        "SELECT id, tbl, row_id, op, sql FROM undo_log WHERE step = :step AND row_id IS NOT NULL AND (tbl, row_id) IN "
        "(SELECT tbl, row_id FROM undo_log WHERE step = :step AND op = 'delete') ORDER BY id",
        {"step": step},
    ).fetchall()
    rows: dict[tuple[str, int], list] = {}
    for change in found:
        rows.setdefault((change[1], change[2]), []).append(change)
    same = []
    for (table, row_id), changes in rows.items():
        if changes[0][3] != "delete" or changes[-1][3] != "insert":
            continue
        columns, key, has_rowid = _shape(db, table)
        now = db.execute(
            f"SELECT {_reinsert(table, columns, key, has_rowid, '')} FROM main.{_ident(table)} WHERE rowid = :row", {"row": row_id}
        ).fetchone()
        if now is not None and now[0] == changes[0][4]:
            same.extend(change[0] for change in changes)
    if same:
        db.execute("DELETE FROM undo_log WHERE id IN (SELECT value FROM json_each(:ids))", {"ids": json.dumps(same)})


def clear(db: sqlite3.Connection) -> int:
    """Empty the history, overwriting its bytes; how many steps it held."""
    if not _has_history(db):
        return 0
    held = db.execute("SELECT count(*) FROM undo_step").fetchone()[0]
    with _overwriting(db):
        db.execute("DELETE FROM undo_log")
        db.execute("DELETE FROM undo_step")
    return held


class _overwriting:
    """secure_delete on for a few statements, then as it was."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __enter__(self) -> None:
        self._was = self._db.execute("PRAGMA secure_delete").fetchone()[0]
        self._db.execute("PRAGMA secure_delete = ON")

    def __exit__(self, *_) -> None:
        self._db.execute(f"PRAGMA secure_delete = {int(self._was)}")


def _step(db: sqlite3.Connection, row: sqlite3.Row) -> Step:
    touched = [
        (found["tbl"], found["row_id"], found["op"])
        for found in db.execute("SELECT tbl, row_id, op FROM undo_log WHERE step = :step ORDER BY id", {"step": row["id"]})
    ]
    return Step(row["id"], row["at"], None if row["command"] is None else json.loads(row["command"]), touched)


def steps(db: sqlite3.Connection, *, limit: int = KEEP_STEPS) -> list[Step]:
    """The steps undo can reverse, newest first."""
    if not _has_history(db):
        return []
    found = db.execute("SELECT id, at, command FROM undo_step ORDER BY id DESC LIMIT :limit", {"limit": limit}).fetchall()
    return [_step(db, row) for row in found]


def newest(db: sqlite3.Connection) -> Step | None:
    found = steps(db, limit=1)
    return found[0] if found else None


def undo(db: sqlite3.Connection, step: Step) -> None:
    """Reverse `step` (the newest): its inverse SQL, last change first, with references checked
    only at commit (a row and the rows that point to it come back in either order), every byte
    it deletes overwritten; then the step is gone from the history. Run on a connection that
    records nothing (no triggers), inside the command's transaction."""
    db.execute("PRAGMA defer_foreign_keys = ON")  # until this transaction ends
    with _overwriting(db):
        for (sql,) in db.execute("SELECT sql FROM undo_log WHERE step = :step ORDER BY id DESC", {"step": step.id}).fetchall():
            db.execute(sql)
        db.execute("DELETE FROM undo_log WHERE step = :step", {"step": step.id})
        db.execute("DELETE FROM undo_step WHERE id = :step", {"step": step.id})
