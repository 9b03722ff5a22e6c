"""The team journal's schema on PostgreSQL: the tables of store/models.py, each row's owner, and
(`oto team init`) the roles and row-level security that keep each organizer's words their own.

`pg_setup.install` creates every table of the models (the frozen first schema, store/pg_baseline.py,
and each later migration's PostgreSQL step; `pg_setup.upgrade` runs those steps on an older team
journal; both above store/migrations.py, whose steps use this module), each with an `owner name NOT NULL DEFAULT current_user` column: whoever inserts a row owns it,
without oto's domain code knowing. A setting is per organizer (its key is `(owner, key)`). The
schema version is recorded in `migration` with the full history, as `migrations.stamp_latest`
does on SQLite. SQLite journals are untouched: the models do not change.

psycopg and SQLAlchemy are imported inside the functions that need them, never at module level,
so a command on a SQLite journal never loads them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from onetoone.errors import TeamRefused
from onetoone.store.pg_tables import (  # noqa: F401  (the team's tables, named here too)
    PRIVATE,
    READ_ONLY,
    REWRITTEN,
    SHARED,
    SHARED_ROWS,
    TEAM_TABLES,
    by_table,
)

OWNER_COLUMN = "owner name NOT NULL DEFAULT current_user"
# The private rows an organizer may show the team (`oto share`): a meeting's note and next step,
# an insight, a story, a promise's text.
SHAREABLE = ("meeting", "insight", "story", "promise")


def _ddl() -> list[str]:
    """CREATE TABLE and CREATE INDEX for every model, in dependency order, for PostgreSQL: what the
    models describe, which the frozen first schema and the later steps must agree with
    (tests/test_pg_migrations.py); `pg_setup.install` runs those, not this."""
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
    # What its owner chose to show the team (`oto share`), through the team views.
    for table in SHAREABLE:
        statements.append(f"ALTER TABLE {ident(table)} ADD COLUMN shared boolean NOT NULL DEFAULT false")
    # Each organizer's undo history (store/pg_undo.py, migration 0011): its triggers on the
    # journal's tables, each with its primary key (a setting's is its owner's and its key).
    from onetoone.store import pg_undo

    keys = {table.name: [column.name for column in table.primary_key.columns] for table in SQLModel.metadata.sorted_tables}
    keys["setting"] = ["owner", "key"]
    statements += list(PUSHED_DDL)
    # What `oto search` reads on a team journal: the words folded once (pg_frozen.team_search_ddl).
    from onetoone.store.pg_frozen import private_words_ddl, team_search_ddl

    statements += team_search_ddl()
    # The private words keep no planner statistics (pg_frozen.PRIVATE_WORDS).
    statements += private_words_ddl()
    statements += pg_undo.ddl({name: keys[name] for name in pg_undo.covered(sorted(keys))})
    return statements


# `oto team push`'s memory (domain/push.py): which row of which of the organizer's own journals
# (`source`, that journal's random id, settings.journal_uid) each pushed row became here, and a
# digest of the row as it was pushed (so a row changed since in that journal is told from one
# changed since in the team journal, which a push leaves as it is). A table
# of the team journal's own, no model (an organizer's own journal pushes nowhere); each
# organizer's rows are private to them (PRIVATE), and the key starts with the owner, so two
# organizers pushing copies of one journal keep apart. Made by migration 0012's PostgreSQL step.
PUSHED_DDL = (
    "CREATE TABLE pushed (source VARCHAR NOT NULL, tbl VARCHAR NOT NULL, source_id INTEGER NOT NULL, team_id INTEGER NOT NULL, "
    f"digest VARCHAR NOT NULL, {OWNER_COLUMN}, PRIMARY KEY (owner, source, tbl, source_id))",
)


def tables() -> list[str]:
    """The names of the journal's tables, in the order they can be created."""
    from sqlmodel import SQLModel

    from onetoone.store import models  # noqa: F401

    return [table.name for table in SQLModel.metadata.sorted_tables]


def newer_journal(where: str, found: int, latest: int) -> str:
    """NewerJournal's words for a team journal, as the opener and `oto team upgrade` say them."""
    return (f"The team journal at {where} was set up by a newer oto (schema {found}; this oto knows "
            f"up to {latest}). Upgrade oto; the journal was not changed.")


def _catalog(conn: Any) -> dict[str, list[str]]:
    """The journal's tables as the server has them, each with its columns in order."""
    return by_table(conn, "SELECT c.relname, a.attname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                          "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped "
                          "WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY c.relname, a.attnum")


def _functions(conn: Any) -> list[str]:
    """The journal's functions as the server has them, each as ALTER FUNCTION names it."""
    return [name for (name,) in conn.execute(
        "SELECT format('%I(%s)', proname, pg_get_function_identity_arguments(oid)) FROM pg_proc "
        "WHERE pronamespace = 'public'::regnamespace ORDER BY 1")]


def function_privacy(team: Team, functions: list[str]) -> list[str]:
    """Functions a migration made (the team search's fold) handed to the owner, as the tables
    are, and run by the organizers only (a write computes the stored words as the organizer)."""
    statements = []
    for function in functions:
        statements += [f"ALTER FUNCTION {function} OWNER TO {ident(team.owner)}",
                       f"REVOKE ALL ON FUNCTION {function} FROM PUBLIC",
                       f"GRANT EXECUTE ON FUNCTION {function} TO {ident(team.organizers)}"]
    return statements


def _privacy_of_new(team: Team, before: dict[str, list[str]], after: dict[str, list[str]]) -> list[str]:
    """What puts what a migration added under the team's privacy, as `oto team init` would have:
    a new table's privacy, its sequences' use, the right to update a new column (never `owner`)."""
    statements = []
    for table, columns in after.items():
        if table not in before:
            statements += table_privacy(team, table, columns)
            continue
        added = [column for column in columns if column not in before[table] and column != "owner"]
        if added and table not in READ_ONLY:
            statements.append(f"GRANT UPDATE ({', '.join(ident(c) for c in added)}) ON {ident(table)} TO {ident(team.organizers)}")
    if any(table not in before for table in after):
        statements.append(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {ident(team.organizers)}")
    return statements


def version(conn: Any) -> int | None:
    """The schema version of the journal in `conn`'s database, or None when it holds none."""
    if conn.execute("SELECT to_regclass('migration')").fetchone()[0] is None:
        return None
    return conn.execute("SELECT max(version) FROM migration").fetchone()[0]


def ident(name: str) -> str:
    """`name` as a PostgreSQL identifier, quoted."""
    return '"' + name.replace('"', '""') + '"'


# -- The team: roles and row-level security (`oto team init`, `oto team add-organizer`) --------
#
# Which tables are shared, private, read-only or the team's own: store/pg_tables.py (SHARED,
# PRIVATE, READ_ONLY, REWRITTEN, SHARED_ROWS, TEAM_TABLES), named here too.
#
# Three NOLOGIN roles per database (roles are cluster-wide, so they are named after it):
#   <db>_owner       owns every table, view, sequence and oto_forget; no one logs in as it or is
#                    a member of it, so row-level security applies to every organizer (RLS never
#                    binds a table's owner: that is why organizers never own a table).
#   <db>_organizers  the team: every organizer's LOGIN role is a member.
#   <db>_admins      a member of the organizers: may delete any shared row and forget anyone.
# Each row's `owner` is the organizer who wrote it. The facts about the people are shared; each
# organizer's words are theirs alone, and the team sees that a meeting happened or a promise
# exists through the team_* views (owned by <db>_owner, so they read past RLS, and showing only
# the shared columns, with the words only where their owner shared them).
# No table is FORCEd under RLS: the one role it would bind in addition is the owner, which the
# team views and oto_forget read through, and which no one can log in as or become.

# What the team sees of the private tables: the facts, and the words only where shared.
VIEWS = {
    "team_meeting": "SELECT id, person_id, owner AS organizer, status, planned_at, held_on, shared,"
                    " CASE WHEN shared THEN note END AS note, CASE WHEN shared THEN next_step END AS next_step FROM meeting",
    "team_promise": "SELECT id, person_id, meeting_id, owner AS organizer, direction, status, due, closed_on, shared,"
                    " CASE WHEN shared THEN text END AS text FROM promise",
    "team_contact": "SELECT id, person_id, owner AS organizer, kind, contacted_on FROM contact",
    "team_insight": "SELECT id, person_id, meeting_id, owner AS organizer, kind, text, created_on FROM insight WHERE shared",
    "team_story": "SELECT id, owner AS organizer, text, created_on FROM story WHERE shared",
}


@dataclass(frozen=True)
class Team:
    database: str
    owner: str
    organizers: str
    admins: str


def team_of(database: str) -> Team:
    """The roles of the team journal in `database`."""
    made = Team(database, f"{database}_owner", f"{database}_organizers", f"{database}_admins")
    if len(made.organizers.encode()) > _NAME_BYTES:
        raise TeamRefused(f"The database's name is too long to name its roles after it ({_NAME_BYTES - 11} bytes at most).")
    return made


_NAME_BYTES = 63  # PostgreSQL's NAMEDATALEN - 1
_ROLE_NAME = re.compile(r"[a-z_][a-z0-9_]*\Z")


def current_team(conn: Any) -> Team | None:
    """The team of `conn`'s database, or None when `oto team init` has not made one there."""
    made = team_of(conn.execute("SELECT current_database()").fetchone()[0])
    return made if _role_exists(conn, made.owner) else None


def _team_ddl(team: Team, present: dict[str, list[str]], functions: list[str]) -> list[str]:
    owner, organizers, admins = ident(team.owner), ident(team.organizers), ident(team.admins)
    statements = [
        f"CREATE ROLE {owner} NOLOGIN",
        f"CREATE ROLE {organizers} NOLOGIN",
        f"CREATE ROLE {admins} NOLOGIN IN ROLE {organizers}",
        # Nobody else connects, or reads or creates anything in the schema.
        f"REVOKE ALL ON DATABASE {ident(team.database)} FROM PUBLIC",
        f"GRANT CONNECT, TEMPORARY ON DATABASE {ident(team.database)} TO {organizers}",
        "REVOKE ALL ON SCHEMA public FROM PUBLIC",
        f"GRANT USAGE ON SCHEMA public TO {organizers}, {owner}",  # the owner's too: references are checked as it
    ]
    statements += _delete_guard(team)
    for table, columns in present.items():  # the tables the server has: the models', and any a migration added
        statements += table_privacy(team, table, columns)
    statements += function_privacy(team, functions)  # the functions a migration made (the team search's)
    # A table's sequences went with it to the owner; organizers draw ids from them.
    statements.append(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {organizers}")
    for view, query in VIEWS.items():
        # security_barrier: a function of the reader's in a WHERE never sees the rows the view leaves out
        statements += [
            f"CREATE VIEW {ident(view)} WITH (security_barrier) AS {query}",
            f"ALTER VIEW {ident(view)} OWNER TO {owner}",
            f"GRANT SELECT ON {ident(view)} TO {organizers}",
        ]
    statements += _forget_function(team)
    statements += _goal_ddl(team)
    return statements


def _goal_ddl(team: Team) -> list[str]:
    """The campaign's goal (`oto team goal 300 --by 2027-03-01`, domain/team.py): a table of the
    team journal's own, no model of the SQLite journal's (an organizer's own journal has no
    campaign). Every organizer reads every goal and adds one as themselves; the newest counts,
    and none is changed or deleted, so the team sees who set which and when."""
    owner, organizers = ident(team.owner), ident(team.organizers)
    return [
        """CREATE TABLE team_goal (
               id bigserial PRIMARY KEY,
               target integer NOT NULL CHECK (target > 0),
               by_day date NOT NULL,
               since date NOT NULL CHECK (since < by_day),
               set_on date NOT NULL,
               owner name NOT NULL DEFAULT current_user)""",
        f"ALTER TABLE team_goal OWNER TO {owner}",
        "ALTER TABLE team_goal ENABLE ROW LEVEL SECURITY",
        f"GRANT SELECT, INSERT (target, by_day, since, set_on) ON team_goal TO {organizers}",
        f"GRANT USAGE, SELECT ON SEQUENCE team_goal_id_seq TO {organizers}",
        f"CREATE POLICY team_reads ON team_goal FOR SELECT TO {organizers} USING (true)",
        f"CREATE POLICY own_goal ON team_goal FOR INSERT TO {organizers} WITH CHECK (owner = current_user)",
    ]


def table_privacy(team: Team, table: str, columns: list[str] | None = None) -> list[str]:
    """One table handed to the owner, under row-level security, with the organizers' privileges
    and policies; for `init_team`, and for a migration that adds a table to a team journal
    (`upgrade`). `columns` are the table's as the server has them (default: the models').

    One rule for every table, by which of its rows are shared records (`_shared_rows`): an
    organizer reads and updates their own rows and the shared ones, inserts only as themselves,
    and deletes their own, or a shared one as an admin (`_delete_guard`). A shared row cannot be
    updated into a private one, and `owner` is never updated: a row does not change hands."""
    name, owner, organizers = ident(table), ident(team.owner), ident(team.organizers)
    statements = [f"ALTER TABLE {name} OWNER TO {owner}", f"ALTER TABLE {name} ENABLE ROW LEVEL SECURITY"]
    if table in READ_ONLY:
        return statements + [f"GRANT SELECT ON {name} TO {organizers}", f"CREATE POLICY reads ON {name} FOR SELECT TO {organizers} USING (true)"]
    shared = _shared_rows(table)
    visible = f"(owner = current_user OR {shared})"
    statements += [
        f"GRANT SELECT, INSERT, DELETE ON {name} TO {organizers}",
        f"GRANT UPDATE ({', '.join(ident(c) for c in (columns or _columns(table)) if c != 'owner')}) ON {name} TO {organizers}",
        f"CREATE POLICY reads ON {name} FOR SELECT TO {organizers} USING {visible}",
        f"CREATE POLICY adds ON {name} FOR INSERT TO {organizers} WITH CHECK (owner = current_user)",
        f"CREATE POLICY updates ON {name} FOR UPDATE TO {organizers} USING {visible} WITH CHECK {visible}",
        f"CREATE POLICY deletes ON {name} FOR DELETE TO {organizers} USING {visible}",
    ]
    if shared != "false" and table not in REWRITTEN:  # a shared record someone else added: refused out loud, not skipped in silence
        statements.append(f"CREATE TRIGGER owner_or_admin_deletes BEFORE DELETE ON {name} FOR EACH ROW EXECUTE FUNCTION oto_guard_delete()")
    return statements


def _delete_guard(team: Team) -> list[str]:
    """oto_guard_delete(), the trigger by which only the organizer who added a shared record, or
    an admin, deletes it. A policy would skip the row in silence, and oto would say it removed
    a tag it did not; the trigger refuses the whole command in one line instead. Not SECURITY
    DEFINER: `current_user` is the organizer; it is the owner role for a cascade from a person
    deleted (references are followed as the table's owner) and inside oto_forget."""
    return [
        f"""CREATE FUNCTION oto_guard_delete() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
    IF OLD.owner <> current_user AND current_user <> {literal(team.owner)}
       AND NOT pg_has_role(current_user, {literal(team.admins)}, 'MEMBER') THEN
        RAISE EXCEPTION 'only % (who added it) or an admin may delete this % record', OLD.owner, TG_TABLE_NAME
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN OLD;
END
$$""",
        f"ALTER FUNCTION oto_guard_delete() OWNER TO {ident(team.owner)}",
        "REVOKE ALL ON FUNCTION oto_guard_delete() FROM PUBLIC",
    ]


def _shared_rows(table: str) -> str:
    """Which rows of `table` are shared records, as an SQL condition."""
    if table in SHARED:
        return "true"
    if table in PRIVATE:
        return SHARED_ROWS.get(table, "false")
    raise RuntimeError(f"the table {table} is neither shared nor private")  # say which before an organizer sees it


def _forget_function(team: Team) -> list[str]:
    """oto_forget(person): erase a person from every organizer's journal, for an admin or the
    organizer who added them; one row (the table's name) per row erased, so that
    `journal.execute("SELECT * FROM oto_forget(:person)")` counts them as any set change does.

    SECURITY DEFINER as the owner (which RLS does not bind), so it reaches everyone's rows; the
    caller is `session_user`, the role that logged in, since inside the function `current_user`
    is the owner. A superuser passes the check (a superuser is a member of every role) and reads
    everything anyway: PostgreSQL's superusers bypass RLS.

    Push's memory (`pushed`, domain/push.py) of every row it erases goes with the row, whoever
    pushed it: a team row's id and a digest of the row as pushed, kept about nobody any more
    (`_erase`). Made by `oto team init` (`_team_ddl`) and, on a team journal made before,
    migration 0015, which replaces it with this very text (CREATE OR REPLACE keeps its owner and
    privileges)."""
    erase = "\n".join(
        _erase(table, where)
        for table, where in (
            # the calendar events that became their meetings, in every organizer's settings
            # (domain/settings.py's `calendar_event:` keys, as settings.forget_events drops them on SQLite)
            ("setting", "key LIKE 'calendar\\_event:%' AND value ~ '^[0-9]+$'"
                        " AND value::bigint IN (SELECT id FROM meeting WHERE person_id = target)"),
            ("planned_ask", "meeting_id IN (SELECT id FROM meeting WHERE person_id = target)"),
            *((table, "person_id = target") for table in (
                "followup", "attendance", "ask", "promise", "insight", "stage_move", "meeting", "contact", "tag", "person_key")),
            ("introduction", "target IN (person_id, other_id)"),
        )
    )
    body = f"""
CREATE OR REPLACE FUNCTION oto_forget(target bigint) RETURNS SETOF text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    added_by name;
BEGIN
    SELECT owner INTO added_by FROM person WHERE id = target;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    IF added_by <> session_user AND NOT pg_has_role(session_user, {literal(team.admins)}, 'MEMBER') THEN
        RAISE EXCEPTION 'only an admin or the organizer who added them (%) may forget this person', added_by
            USING ERRCODE = 'insufficient_privilege';
    END IF;
{erase}
    UPDATE person SET referred_by_id = NULL WHERE referred_by_id = target;
    UPDATE event SET host_id = NULL WHERE host_id = target;
{_erase("person", "id = target")}
    -- Everyone's undo history may hold what was erased, in its SQL: all of it goes, as on SQLite.
    DELETE FROM undo_log;
    DELETE FROM undo_step;
END
$$"""
    return [
        body,
        f"ALTER FUNCTION oto_forget(bigint) OWNER TO {ident(team.owner)}",
        "REVOKE ALL ON FUNCTION oto_forget(bigint) FROM PUBLIC",
        f"GRANT EXECUTE ON FUNCTION oto_forget(bigint) TO {ident(team.organizers)}",
    ]


# The tables oto_forget erases from whose rows have ids, which push's memory knows them by.
_UNKEYED = ("setting", "attendance", "tag")


def _erase(table: str, where: str) -> str:
    """One of oto_forget's erasures: the rows of `table` that `where` holds, one row of the
    table's name returned per row, and push's memory of each (one statement: PostgreSQL runs a
    WITH's DELETE to completion whether or not the query reads it)."""
    if table in _UNKEYED:
        return f"    RETURN QUERY WITH gone AS (DELETE FROM {table} WHERE {where} RETURNING 1) SELECT {literal(table)}::text FROM gone;"
    return (f"    RETURN QUERY WITH gone AS (DELETE FROM {table} WHERE {where} RETURNING id),\n"
            f"        unpushed AS (DELETE FROM pushed WHERE tbl = {literal(table)} AND team_id IN (SELECT id FROM gone))\n"
            f"        SELECT {literal(table)}::text FROM gone;")


def forget_replaced(conn: Any) -> None:
    """Migration 0015's PostgreSQL step: oto_forget as `oto team init` makes it today, on a team
    journal whose team was made before (a database installed without a team has none yet)."""
    team = current_team(conn)
    if team is not None:
        conn.execute(_forget_function(team)[0])


def add_organizer(conn: Any, name: str, *, admin: bool = False) -> bool:
    """Make `name` an organizer of `conn`'s team (an admin too with `admin`), in one transaction:
    a LOGIN role without a password, or, for a role the cluster already has (an organizer of
    another team's database), membership alone. True if the role was created."""
    if not _ROLE_NAME.match(name) or len(name.encode()) > _NAME_BYTES:
        raise TeamRefused(f"An organizer's name is a PostgreSQL role name: lower-case letters, digits and _, not starting with a digit, {_NAME_BYTES} at most.")
    made = current_team(conn)
    if made is None:
        raise TeamRefused("This database has no team yet: run oto team init first.")
    with conn.transaction():
        found = conn.execute("SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = %s", (name,)).fetchone()
        if found is not None and found[0]:
            raise TeamRefused(f"The role {name} is a superuser or bypasses row-level security: it would read every organizer's notes. Use a role of its own.")
        if name in (made.owner, made.organizers, made.admins):
            raise TeamRefused(f"{name} is one of the team's own roles, not an organizer.")
        if found is None:
            conn.execute(f"CREATE ROLE {ident(name)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS")
        conn.execute(f"GRANT {ident(made.organizers)} TO {ident(name)}")
        if admin:
            conn.execute(f"GRANT {ident(made.admins)} TO {ident(name)}")
    return found is None


def _columns(table: str) -> list[str]:
    from sqlmodel import SQLModel

    return [column.name for column in SQLModel.metadata.tables[table].columns] + ["owner"] + (
        ["shared"] if table in SHAREABLE else []
    )


def _role_exists(conn: Any, role: str) -> bool:
    return conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone() is not None


def _is_superuser(conn: Any) -> bool:
    return conn.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").fetchone()[0]


def literal(text: str) -> str:
    """`text` as an SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


# -- The admin's connection ---------------------------------------------------------------------


@contextmanager
def connected(url: str) -> Iterator[Any]:
    """A psycopg connection to `url` (checked first: never with a password in it, store/server.py),
    closed after; PostgreSQL's refusals, as one line each. What is done inside is committed only
    by the callers' own transactions."""
    import psycopg

    from onetoone.store import server

    server.checked(url)
    try:
        conn = psycopg.connect(url, connect_timeout=10)
    except psycopg.OperationalError as problem:
        raise TeamRefused(f"Cannot connect to the team journal: {_first_line(problem)}") from None
    try:
        with conn:
            yield conn
    except psycopg.errors.InsufficientPrivilege as problem:
        raise TeamRefused(f"PostgreSQL refused: {_first_line(problem)}. Nothing was changed.") from None
    except psycopg.errors.DuplicateTable as problem:
        raise TeamRefused(f"The database already holds tables ({_first_line(problem)}); nothing was changed.") from None


def _first_line(problem: Exception) -> str:
    return (str(problem).strip().splitlines() or ["no reason given"])[0].rstrip(".")
