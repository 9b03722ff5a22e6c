"""The undo history of a team journal: store/undo.py's recipe, on PostgreSQL, per organizer.

SQLite's undo makes TEMP triggers for each write command. On PostgreSQL a trigger is the
table owner's to make and lasts (organizers own no table), so the team journal holds permanent
ones (migration 0011, `install`): after each INSERT, UPDATE or DELETE of
a row of a journal table, `oto_undo_log()` appends to `undo_log` the SQL that reverses it (built
with format(), %I and %L, from to_jsonb(OLD) and NEW), under the step named by the transaction's
own setting `oto.undo_step`. A write command sets it (`start`); nothing else does, so a
migration, forget (`Journal.erase_for_good`) and the undo's own replay log nothing. Only the
changed columns of an UPDATE are logged; an UPDATE that changes nothing logs nothing. At commit a
step that logged anything gets its `undo_step` row (`finish`); the oldest beyond KEEP_STEPS go.

The function runs as the invoker: the log rows are owned by the organizer who typed the command
(`owner` is `session_user`, also when a cascade runs the trigger as the tables' owner), and the
team's row-level security keeps each organizer's history their own to read, undo and delete.
A teammate's private row that a command changed anyway (a cascade from a person deleted) is
logged without its words (`sql` empty): its undo would need rows only they can see, so it is
refused (`Blocked`).

Each change also records the row as the step left it (`after_md5`, md5 of to_jsonb(NEW) but for
its owner; none for a delete) and the condition that finds it (`row_where`); a row deleted and
inserted again as it was, under a new id (a person's keys, rewritten by every edit), is dropped
from the step at commit, as on SQLite (`same_md5`). Before replaying, `undo` checks that
every row the step touched is still so: a teammate may have changed a shared row since (a
person's stage, their tags), and an undo never overwrites that (`ChangedSince`). Then the step's
SQL runs newest first, in the undo command's transaction, each statement changing exactly one
row, and the step is gone.

Left out: `migration`, the undo tables and the team's own tables (pg_tables.TEAM_TABLES). A table
a later migration adds is covered by its step calling `cover(conn, table)`; tests/test_team_undo.py
checks that every journal table is.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from onetoone.store.pg_tables import SHARED, TEAM_TABLES, by_table
from onetoone.store.schema import OWN
from onetoone.store.undo import KEEP_STEPS, Step

SETTING = "oto.undo_step"
# The rows of a private table every organizer may see (pg_tables.SHARED_ROWS), as what their
# to_jsonb contains: a teammate's row that is none of these is private, and never logged.
_SHARED_ROWS = {"insight": {"kind": "boundary"}}

FUNCTION = r"""CREATE FUNCTION oto_undo_log() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
    step integer := nullif(current_setting('oto.undo_step', true), '')::integer;
    old_row jsonb;
    new_row jsonb;
    keyed jsonb;
    found text;
    undo text;
    listed text;
    vals text;
    made text[];  -- generated columns (a team search's stored words): PostgreSQL computes them, never set
BEGIN
    IF step IS NULL THEN  -- no command is recording: a migration, forget, an undo's own replay
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' THEN old_row := to_jsonb(OLD); END IF;
    IF TG_OP <> 'DELETE' THEN new_row := to_jsonb(NEW); END IF;
    keyed := coalesce(new_row, old_row);
    made := ARRAY(SELECT attname::text FROM pg_attribute WHERE attrelid = TG_RELID AND attgenerated <> '' AND NOT attisdropped);
    SELECT string_agg(format('%I = %L', k, keyed ->> k), ' AND ') INTO found FROM unnest(TG_ARGV[1:]) AS k;
    IF TG_OP = 'UPDATE' THEN
        SELECT string_agg(format('%I = %L', n.key, old_row ->> n.key), ', ' ORDER BY n.key) INTO undo
          FROM jsonb_each(new_row) AS n WHERE n.value IS DISTINCT FROM old_row -> n.key AND n.key <> ALL (made);
        IF undo IS NULL THEN  -- nothing changed
            RETURN NULL;
        END IF;
        undo := format('UPDATE %I SET %s WHERE %s', TG_TABLE_NAME, undo, found);
    ELSIF TG_OP = 'INSERT' THEN
        undo := format('DELETE FROM %I WHERE %s', TG_TABLE_NAME, found);
    ELSE
        -- A row put back keeps its owner when it is the organizer's; a shared record of a
        -- teammate's they removed (a person's rewritten keys) comes back as theirs.
        SELECT string_agg(format('%I', o.key), ', ' ORDER BY o.key), string_agg(format('%L', o.value), ', ' ORDER BY o.key)
          INTO listed, vals
          FROM jsonb_each_text(old_row) AS o WHERE (o.key <> 'owner' OR o.value = session_user) AND o.key <> ALL (made);
        undo := format('INSERT INTO %I (%s) VALUES (%s)', TG_TABLE_NAME, listed, vals);
    END IF;
    IF (old_row IS NOT NULL AND old_row ->> 'owner' <> session_user AND NOT (TG_ARGV[0] <> '' AND old_row @> TG_ARGV[0]::jsonb))
       OR (new_row IS NOT NULL AND new_row ->> 'owner' <> session_user AND NOT (TG_ARGV[0] <> '' AND new_row @> TG_ARGV[0]::jsonb)) THEN
        -- a teammate's private row: none of its words in this organizer's history
        INSERT INTO undo_log (step, tbl, row_id, op, sql, owner) VALUES (step, TG_TABLE_NAME, NULL, lower(TG_OP), '', session_user);
        RETURN NULL;
    END IF;
    INSERT INTO undo_log (step, tbl, row_id, op, sql, row_where, after_md5, same_md5, owner)
    VALUES (step, TG_TABLE_NAME, CASE WHEN keyed ? 'id' THEN (keyed ->> 'id')::integer END, lower(TG_OP), undo, found,
            CASE WHEN new_row IS NOT NULL THEN md5((new_row - 'owner')::text) END,
            CASE WHEN TG_OP <> 'UPDATE' THEN md5((keyed - 'id' - 'owner')::text) END, session_user);
    RETURN NULL;
END
$$"""

# What the log holds beyond SQLite's: how to find the row again, and the row as the step left it.
COLUMNS = (
    "ALTER TABLE undo_log ADD COLUMN row_where varchar",  # the condition that finds the row
    "ALTER TABLE undo_log ADD COLUMN after_md5 varchar",  # the row as the change left it, but for its owner; none when deleted
    "ALTER TABLE undo_log ADD COLUMN same_md5 varchar",  # the row inserted or deleted, but for its id and owner
)


class ChangedSince(Exception):
    """A row the step touched is no longer as the step left it: undoing would overwrite that."""

    def __init__(self, table: str, row_id: int | None, op: str) -> None:
        super().__init__(f"{table} {row_id} changed since")
        self.table, self.row_id, self.op = table, row_id, op


class Blocked(Exception):
    """The step changed a teammate's private rows, which only they can put back."""

    def __init__(self, table: str) -> None:
        super().__init__(f"{table} of a teammate's")
        self.table = table


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _kind(table: str) -> str:
    """The trigger's first argument: what a teammate's row of `table` that this organizer may
    see contains (jsonb), '{}' for a shared table, '' for a private one."""
    if table in SHARED:
        return "{}"
    return json.dumps(_SHARED_ROWS[table]) if table in _SHARED_ROWS else ""


def triggers(table: str, key: list[str]) -> list[str]:
    """The trigger that logs `table`'s changes; `key` the columns that find one of its rows.
    Named to fire after the foreign keys' own triggers (RI_...: by name), so a cascade's changes
    are logged before the change that caused them, and replayed after it."""
    arguments = ", ".join(_literal(value) for value in (_kind(table), *key))
    return [f"CREATE TRIGGER oto_undo AFTER INSERT OR UPDATE OR DELETE ON {_ident(table)} "
            f"FOR EACH ROW EXECUTE FUNCTION oto_undo_log({arguments})"]


def ddl(tables: dict[str, list[str]]) -> list[str]:
    """The function, the log's columns and a trigger on each of `tables` (name -> primary key)."""
    statements = [FUNCTION, *COLUMNS]
    for table, key in tables.items():
        statements += triggers(table, key)
    return statements


def covered(names: list[str]) -> list[str]:
    """Of the tables `names`, those whose changes are recorded."""
    return [name for name in names if name not in OWN and name not in TEAM_TABLES]


def _keys(conn: Any) -> dict[str, list[str]]:
    """Each table of the journal with the columns of its primary key, from the catalog."""
    return by_table(
        conn,
        "SELECT c.relname, a.attname FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, place) ON true "
        "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum "
        "WHERE n.nspname = 'public' AND i.indisprimary ORDER BY c.relname, k.place",
    )


def install(conn: Any) -> None:
    """Migration 0011's PostgreSQL step: the history's triggers on every journal table there is."""
    keys = _keys(conn)
    for statement in ddl({table: keys[table] for table in covered(sorted(keys))}):
        conn.execute(statement)


def cover(conn: Any, table: str) -> None:
    """For a later migration's step that adds `table`: its changes recorded too."""
    for statement in triggers(table, _keys(conn)[table]):
        conn.execute(statement)


# -- a write command's step (store/postgres.open_journal) -------------------------------------------


def start(journal) -> int:
    """Record this transaction's changes as one step; its number."""
    step = journal.value("SELECT nextval(pg_get_serial_sequence('undo_step', 'id'))")
    journal.value("SELECT set_config(:name, :step, true)", {"name": SETTING, "step": str(step)})
    return step


def stop(journal) -> None:
    """Record nothing more in this transaction."""
    journal.value("SELECT set_config(:name, '', true)", {"name": SETTING})


def finish(journal, step: int, *, now: datetime, command: list[str] | None) -> bool:
    """At commit: keep the step if it changed anything (and prune this organizer's oldest)."""
    _drop_rewritten(journal, step)
    if journal.row("SELECT 1 FROM undo_log WHERE step = :step LIMIT 1", {"step": step}) is None:
        return False
    journal.execute(
        "INSERT INTO undo_step (id, at, command) VALUES (:id, :at, :command)",
        {"id": step, "at": now, "command": None if command is None else json.dumps(command, ensure_ascii=False)},
    )
    cut = journal.value("SELECT id FROM undo_step ORDER BY id DESC LIMIT 1 OFFSET :keep", {"keep": KEEP_STEPS})
    if cut is not None:  # row-level security: only this organizer's own
        journal.execute("DELETE FROM undo_log WHERE step <= :cut", {"cut": cut})
        journal.execute("DELETE FROM undo_step WHERE id <= :cut", {"cut": cut})
    return True


def _drop_rewritten(journal, step: int) -> None:
    """Forget the rows the step deleted and wrote again as they were (a person's lookup keys are
    rewritten on every edit, under new ids here): undoing them would change nothing, and would
    be refused over a teammate's edit that rewrote them again."""
    from onetoone.store.rows import in_list

    changes = journal.rows("SELECT id, tbl, row_where, op, same_md5 FROM undo_log WHERE step = :step ORDER BY id", {"step": step})
    by_row: dict[tuple[str, str], list] = {}
    for change in changes:
        by_row.setdefault((change["tbl"], change["row_where"]), []).append(change)
    dropped, deleted, inserted = [], {}, {}
    for found in by_row.values():
        ops = [change["op"] for change in found]
        if ops == ["delete", "insert"] and found[0]["same_md5"] == found[1]["same_md5"]:  # the same key, the same row
            dropped += [change["id"] for change in found]
        elif ops in (["delete"], ["insert"]):
            (deleted if ops == ["delete"] else inserted).setdefault((found[0]["tbl"], found[0]["same_md5"]), []).append(found[0]["id"])
    for same, gone in deleted.items():
        back = inserted.get(same, [])
        for pair in zip(gone, back):  # a row deleted, and one just like it inserted under a new id
            dropped += pair
    if dropped:
        listed, params = in_list("id", dropped)
        journal.execute(f"DELETE FROM undo_log WHERE id IN ({listed})", params)


def clear(journal) -> int:
    """Empty this organizer's history; how many steps it held (forget empties everyone's)."""
    held = journal.value("SELECT count(*) FROM undo_step")
    journal.execute("DELETE FROM undo_log")
    journal.execute("DELETE FROM undo_step")
    return held


# -- the history and the undo ------------------------------------------------------------------------


def steps(journal, *, limit: int = KEEP_STEPS) -> list[Step]:
    """This organizer's steps undo can reverse, newest first."""
    from onetoone.store.rows import in_list

    found = journal.rows("SELECT id, at, command FROM undo_step ORDER BY id DESC LIMIT :limit", {"limit": limit})
    listed, params = in_list("step", [row["id"] for row in found])
    touched: dict[int, list] = {}
    for change in journal.rows(f"SELECT step, tbl, row_id, op FROM undo_log WHERE step IN ({listed}) ORDER BY id", params):
        touched.setdefault(change["step"], []).append((change["tbl"], change["row_id"], change["op"]))
    return [Step(row["id"], row["at"], None if row["command"] is None else json.loads(row["command"]), touched.get(row["id"], []))
            for row in found]


def undo(journal, step: Step) -> None:
    """Reverse `step` (this organizer's newest) in this transaction, which records nothing:
    refused whole (`Blocked`, `ChangedSince`) before anything is changed when it cannot be
    exact; each statement must change its one row (row-level security may hide it)."""
    changes = journal.rows(
        "SELECT id, tbl, row_id, op, sql, row_where, after_md5 FROM undo_log WHERE step = :step ORDER BY id", {"step": step.id})
    for change in changes:
        if change["sql"] == "":
            raise Blocked(change["tbl"])
    last: dict[tuple[str, str], Any] = {}
    for change in changes:
        last[(change["tbl"], change["row_where"])] = change
    for (table, where), change in last.items():
        now = journal.value(f"SELECT md5(CAST(to_jsonb(t) - 'owner' AS text)) FROM {_ident(table)} t WHERE {where}")
        if now != change["after_md5"]:
            raise ChangedSince(table, change["row_id"], change["op"])
    for change in reversed(changes):
        if journal.execute(change["sql"]) != 1:
            raise ChangedSince(change["tbl"], change["row_id"], change["op"])
    journal.execute("DELETE FROM undo_log WHERE step = :step", {"step": step.id})
    journal.execute("DELETE FROM undo_step WHERE id = :step", {"step": step.id})
