"""The team journal: the same `Journal` on a campaign's own PostgreSQL server.

    OTO_DATABASE_URL=postgresql://organizer@db.example.org/campaign oto due

`journal.open_journal` hands a URL (store/server.py) here; every command then runs the same
domain code as on SQLite. The write rule is the same: the SQLModel models insert and update
rows through a session (SQLAlchemy's `postgresql+psycopg`, set up for a write only: a read runs
on psycopg alone and never imports SQLModel), plain SQL reads (`rows`, `row`,
`value`, named `:params`), `execute` changes a set of rows and refuses on a read journal. The
domain's SQL is SQLite's; what PostgreSQL spells otherwise is translated once per statement by
`store/dialect.py`. Rows behave like sqlite3.Row: by index, by name, `keys()`.

One short transaction per command, as on SQLite: a write is SERIALIZABLE and, as on SQLite,
one at a time (`WRITERS_LOCK`: the others wait, never a lost update; one that waits longer than
the lock timeout, as long as SQLite's busy timeout, is told the journal was busy, nothing of
theirs written); a read is one
REPEATABLE READ, READ ONLY snapshot, so even a stray write fails (begun with the schema check in
one round trip). Any failure rolls all of it
back, and each failure the server reports is one line of oto's own (`failure`): unreachable
(at open or mid-command), busy, refused (row-level security, a constraint).

The schema is the team's (installed by `oto team init`, store/pg_schema.py): a database without
it is refused, as is one whose version is newer than this oto knows, or older (organizers
cannot change tables: the admin runs `oto team upgrade`). A write is recorded for `oto undo` as one
step of the organizer's own (store/pg_undo.py: permanent triggers log its inverse SQL while the
transaction's `oto.undo_step` names the step); `history` and `undo_newest` are that organizer's,
and an undo is refused whole over a teammate's later change. What stands on SQLite's own machinery
is not here yet, and says so (`NotOnTeamJournal`, exit 8): `load` (oto import journal). Search has
no FTS5 table here: store/pg_search.py reads PostgreSQL's GIN indexes and stored words.

Only a team journal imports this module, psycopg and SQLAlchemy's PostgreSQL dialect.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal

from onetoone.errors import (
    JournalBusy, JournalRefused, NewerJournal, NotAJournal, OlderTeamJournal, OtoError, ServerUnreachable,
)
from onetoone.store import dialect, server
from onetoone.store.rows import _NO_PARAMS, ModelRows, Params

LOCK_TIMEOUT_SECONDS = 15  # as long as a SQLite writer waits for the journal (journal.BUSY_TIMEOUT_SECONDS)
CONNECT_TIMEOUT_SECONDS = 10
# One writer at a time, as on SQLite (BEGIN IMMEDIATE): a write's first statement, before its
# snapshot is taken, so it sees every write committed before it and no two writes of the team
# overlap. Without it, SERIALIZABLE refused organizers writing about different people at once
# (its predicate locks on the small shared tables conflict): tests/test_team_load.py.
# SHARE ROW EXCLUSIVE conflicts with itself; readers (ACCESS SHARE) never wait for it.
WRITERS_LOCK = "LOCK TABLE person IN SHARE ROW EXCLUSIVE MODE"



class Row:
    """One row of a read, as sqlite3.Row: `row[0]`, `row["name"]`, `keys()`, iteration, len."""

    __slots__ = ("_values", "_index")

    def __init__(self, values: tuple, index: dict[str, int]) -> None:
        self._values = values
        self._index = index

    def __getitem__(self, key):
        if isinstance(key, str):
            return self._values[self._index[key]]
        return self._values[key]

    def keys(self) -> list[str]:
        return list(self._index)

    def __iter__(self):
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __eq__(self, other) -> bool:
        return isinstance(other, Row) and self._values == other._values and self._index == other._index

    __hash__ = None

    def __repr__(self) -> str:
        return f"Row({dict(zip(self._index, self._values))!r})"


def _converter(kind: str | None):
    """What makes a value read back as it does on SQLite: a named type's text parsed (a
    computed `AS "x [date]"`), a NUMERIC (PostgreSQL's avg, sum of numerics) a float."""
    def convert(value):
        if isinstance(value, Decimal):
            return float(value)
        if isinstance(value, str):
            if kind == "date":
                return date.fromisoformat(value[:10])
            if kind == "datetime":
                return datetime.fromisoformat(value)
        if kind == "boolean" and isinstance(value, int) and not isinstance(value, bool):
            return value != 0
        return value

    return convert


def _as_stored(value):
    """A value as a SQLite journal holds it (store/rows._store_moment and the adapters)."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, datetime):
        return value.isoformat(" ", "microseconds")
    if isinstance(value, date):
        return value.isoformat()
    return value


class Journal(ModelRows):
    """An open team journal inside its transaction: the methods of store/journal.Journal."""

    dialect = "postgresql"  # store/journal.Journal's is "sqlite" (domain/team.is_team)

    def __init__(self, raw, url: str, write: bool, flags: frozenset[str], connection=None) -> None:
        self._connection = connection  # SQLAlchemy's, in the command's transaction (a write's only)
        self._raw = raw  # psycopg's, the same transaction
        self._flags = flags  # the BOOLEAN columns' names, which the domain's SQL compares with 0 and 1
        self.url = url
        self.path = None  # no file: the journal is on the server
        self.write = write
        self._session = None
        self._step: int | None = None  # the undo step this transaction records, if any
        self._erasing = False

    # -- reads and set changes: SQL ------------------------------------------------------------

    def rows(self, sql: str, params: Params = _NO_PARAMS) -> list[Row]:
        self.flush()
        cursor = self._run(sql, params)
        return self._fetch(cursor, sql, cursor.fetchall())

    def row(self, sql: str, params: Params = _NO_PARAMS) -> Row | None:
        self.flush()
        cursor = self._run(sql, params)
        found = cursor.fetchone()
        return None if found is None else self._fetch(cursor, sql, [found])[0]

    def execute(self, sql: str, params: Params = _NO_PARAMS) -> int:
        """Change a set of rows with one SQL statement; returns how many rows it changed."""
        self._writable()
        self.flush()
        return self._run(sql, params).rowcount

    def _run(self, sql: str, params: Params):
        if not isinstance(params, Mapping):
            raise TypeError(f"SQL parameters are named (:name) and given as a mapping, not {type(params).__name__}")
        statement = dialect.translated(sql, self._flags)
        cursor = self._raw.cursor()
        cursor.execute(statement.sql, dict(params))
        return cursor

    def _fetch(self, cursor, sql: str, found: list[tuple]) -> list[Row]:
        names = [column.name for column in cursor.description or ()]
        index = {name: n for n, name in reversed(list(enumerate(names)))}  # the first of two same names, as sqlite3
        types = dialect.translated(sql, self._flags).types
        converters = [_converter(types.get(name)) for name in names]
        return [Row(tuple(convert(value) for convert, value in zip(converters, values)), index) for values in found]

    # -- rows: the models ------------------------------------------------------------------------

    @property
    def session(self):
        """A SQLModel session in this transaction; the transaction is `open_journal`'s to end."""
        self._writable()
        if self._session is None:
            from sqlmodel import Session

            self._session = Session(bind=self._connection, expire_on_commit=False, autoflush=True)
        return self._session

    # -- what the SQLite journal has and this one has not yet ------------------------------------

    def erase_for_good(self) -> None:
        """Forget and unlearn delete rows as on SQLite, and are not recorded for undo; at commit
        the organizer's own undo history is emptied (its SQL may hold what was erased; oto_forget
        empties everyone's). The server keeps deleted rows until its next VACUUM, and its own
        WAL and backups as the team's admin keeps them."""
        from onetoone.store import pg_undo

        self._writable()
        self.flush()
        pg_undo.stop(self)
        self._erasing = True

    def history(self, *, limit: int | None = None) -> list:
        """This organizer's changes `undo_newest` can reverse, newest first (store/pg_undo.py)."""
        from onetoone.store import pg_undo

        return pg_undo.steps(self) if limit is None else pg_undo.steps(self, limit=limit)

    def undo_newest(self):
        """Reverse this organizer's newest recorded change, in this transaction; its Step, or None
        if there is none. Refused whole (`pg_undo.ChangedSince`, `pg_undo.Blocked`) when a row it
        touched changed since or is a teammate's. Only on a journal opened with `record=False`."""
        from onetoone.store import pg_undo

        self._writable()
        if self._step is not None:
            raise RuntimeError("undo runs on a journal opened with record=False")
        found = pg_undo.steps(self, limit=1)
        if not found:
            return None
        pg_undo.undo(self, found[0])
        return found[0]

    def tables(self) -> list:
        """The journal's own tables as on SQLite (`store/schema.Table`), from the models: what an
        export carries. The team's own columns (each row's owner, what was shared) are not in it."""
        from sqlmodel import SQLModel

        from onetoone.store.schema import OWN, Table

        _models()
        self.flush()
        made = []
        for name in sorted(SQLModel.metadata.tables):
            if name in OWN:
                continue
            table = SQLModel.metadata.tables[name]
            references = tuple((key.parent.name, key.column.table.name, key.column.name) for key in table.foreign_keys)
            made.append(Table(name, tuple(column.name for column in table.columns), references))
        return made

    def stored(self, table: str, columns: tuple[str, ...], where: str = "", params: Params = _NO_PARAMS) -> list[tuple]:
        """The rows of `table` as SQLite stores them (dates and moments as text, flags as 0 and 1),
        by primary key: an export from a team journal reads as one from a file."""
        from sqlmodel import SQLModel

        from onetoone.store.schema import ident

        _models()
        key = ", ".join(ident(column.name) for column in SQLModel.metadata.tables[table].primary_key.columns)
        listed = ", ".join(ident(c) for c in columns)
        sql = f"SELECT {listed} FROM {ident(table)}" + (f" WHERE {where}" if where else "") + (f" ORDER BY {key}" if key else "")
        return [tuple(_as_stored(value) for value in row) for row in self.rows(sql, params)]

    def load(self, *args, **kwargs) -> int:
        raise not_here("oto import journal", "it restores rows through SQLite's own catalog; to copy your own journal "
                       "into the team's, run `oto team push` (or `oto team push --from PATH` for another journal file)")


not_here = server.not_here


def _models() -> None:
    from onetoone.store import models  # noqa: F401  (registers the tables on SQLModel.metadata)


# What every command reads first, in its own transaction: the schema version and the names of the
# BOOLEAN columns (the models' bool fields, and `shared`), from the server's catalog rather than
# the models, so that a read never imports SQLModel (tests/test_pg_migrations.py: the catalog is
# what the models describe).
_CHECK = (
    "SELECT (SELECT max(version) FROM migration), ARRAY(SELECT DISTINCT a.attname::text FROM pg_attribute a"
    " JOIN pg_class c ON c.oid = a.attrelid WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'"
    " AND a.atttypid = 'boolean'::regtype AND a.attnum > 0 AND NOT a.attisdropped)"
)


@contextmanager
def open_journal(
    url: str, *, now: datetime, write: bool = False, command: list[str] | None = None, record: bool = True,
) -> Iterator[Journal]:
    """The team journal at `url` for one transaction: SERIALIZABLE for a write, a READ ONLY
    snapshot for a read; committed when the block ends, rolled back whole on any failure. A write
    is recorded as one undo step of the organizer's (store/pg_undo.py) unless `record` is False;
    `command` is what was typed, as on SQLite."""
    if not write:
        with _read(url) as journal:
            yield journal
        return
    with _write(url, now=now, command=command, record=record) as journal:
        yield journal


@contextmanager
def _read(url: str) -> Iterator[Journal]:
    """A read: psycopg alone (no SQLAlchemy: a read has no models to write), its transaction begun
    with the schema check in one round trip, as REPEATABLE READ, READ ONLY."""
    try:
        raw = dial(url)
    except Exception as problem:
        raise failure(problem, url) or problem from None
    try:
        try:
            raw.autocommit = True  # the transaction is begun here by hand, with the check in the same round trip
            cursor = raw.execute(
                f"BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET LOCAL lock_timeout = '{LOCK_TIMEOUT_SECONDS}s'; {_CHECK}"
            )
            cursor.nextset()
            cursor.nextset()
            flags = _checked(cursor.fetchone(), url)
        except Exception as problem:
            raise _not_a_journal(problem, url) or failure(problem, url) or problem from None
        try:
            yield Journal(raw, url, False, flags)
        except BaseException as problem:
            said = failure(problem, url)
            if said is None:
                raise
            raise said from problem
    finally:
        _close(raw)  # a read-only transaction has nothing to commit: closing ends it


@contextmanager
def _write(url: str, *, now: datetime, command: list[str] | None, record: bool) -> Iterator[Journal]:
    """A write: SQLAlchemy's session for the models, SERIALIZABLE after the writers' lock, and
    its undo step (store/pg_undo.py) unless `record` is False."""
    from onetoone.store import pg_undo

    engine, connection = _connect(url)
    try:
        try:
            raw = connection.connection.driver_connection
            flags = _checked(raw.execute(_CHECK).fetchone(), url)
            raw.rollback()  # the check's own snapshot ends; the command's begins next, after the writers' lock
            connection = connection.execution_options(isolation_level="SERIALIZABLE")
            transaction = connection.begin()
            connection.exec_driver_sql(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT_SECONDS}s'")
            connection.exec_driver_sql(WRITERS_LOCK)
        except Exception as problem:
            raise _not_a_journal(problem, url) or failure(problem, url) or problem
        journal = Journal(raw, url, True, flags, connection)
        try:
            if record:
                journal._step = pg_undo.start(journal)
            yield journal
            journal.flush()
            if journal._erasing:
                pg_undo.clear(journal)
            elif journal._step is not None:
                pg_undo.finish(journal, journal._step, now=now, command=command)
            transaction.commit()
        except BaseException as problem:
            _roll_back(connection)
            said = failure(problem, url)
            if said is None:
                raise
            raise said from problem
        finally:
            journal._close_session()
    finally:
        _close(connection)
        engine.dispose()


def _connect(url: str):
    """An engine and a connection to the server, or ServerUnreachable in one line."""
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    engine = create_engine("postgresql+psycopg://", creator=lambda: dial(url), poolclass=NullPool)
    try:
        return engine, engine.connect()
    except Exception as problem:
        engine.dispose()
        said = failure(problem, url)
        if said is None:
            raise
        raise said from None


def dial(url: str):
    """A psycopg connection to `url` (psycopg's errors as they come: see `failure`)."""
    import psycopg

    # libpq reads the URL itself (sslmode, service, PGPASSFILE...), exactly as psql would.
    if "connect_timeout" in url:
        return psycopg.connect(url)
    return psycopg.connect(url, connect_timeout=CONNECT_TIMEOUT_SECONDS)


def _checked(found: tuple, url: str) -> frozenset[str]:
    """The BOOLEAN columns' names, once the schema version (`found`, _CHECK's row) is this oto's:
    NewerJournal when this oto is older, OlderTeamJournal when the journal is (its admin runs
    `oto team upgrade`)."""
    from onetoone.store import migrations, pg_schema

    version, flags = found
    if version is None:
        raise NotAJournal(_NO_SCHEMA.format(where=server.shown(url)))
    if version > migrations.LATEST:
        raise NewerJournal(pg_schema.newer_journal(server.shown(url), version, migrations.LATEST))
    if version < migrations.LATEST:
        raise OlderTeamJournal(
            f"The team journal at {server.shown(url)} has schema {version}; this oto needs {migrations.LATEST}: "
            "ask your admin to run `oto team upgrade`. Nothing was changed."
        )
    return frozenset(flags)


_NO_SCHEMA = "The database {where} is not a team journal (no oto schema in it): ask your admin to run `oto team init`."


def _not_a_journal(problem: BaseException, url: str) -> OtoError | None:
    """NotAJournal when the check found no `migration` table: a database without oto's schema."""
    from psycopg import errors

    if isinstance(problem, errors.UndefinedTable):
        return NotAJournal(_NO_SCHEMA.format(where=server.shown(url)))
    return None


def _roll_back(connection) -> None:
    try:
        connection.rollback()
    except Exception:  # the server went away: nothing was committed, which is what matters
        pass


def _close(connection) -> None:
    try:
        connection.close()
    except Exception:
        pass


def failure(problem: BaseException, url: str) -> OtoError | None:
    """The organizer's words for what the server refused or could not do (the transaction is
    rolled back by then: nothing of the command was written)."""
    import psycopg
    from psycopg import errors

    cause = getattr(problem, "orig", None) or problem  # SQLAlchemy wraps psycopg's error
    if not isinstance(cause, psycopg.Error):
        return None
    where = server.shown(url)
    said = _first_line(cause)
    if isinstance(cause, (errors.SerializationFailure, errors.DeadlockDetected, errors.LockNotAvailable)):
        return JournalBusy(
            f"Someone else was changing the same part of the team journal at {where}, so nothing was changed; try again."
        )
    if isinstance(cause, errors.InsufficientPrivilege):
        return JournalRefused(
            f"The team journal at {where} does not let you do this ({said}); nothing was changed. Ask your admin if you should be able to."
        )
    if isinstance(cause, errors.IntegrityError):
        return JournalRefused(f"The team journal at {where} refused the change ({said}); nothing was changed.")
    if isinstance(cause, errors.UndefinedTable):
        return NotAJournal(
            f"The database {where} is not a team journal ({said}): ask your admin to run `oto team init`."
        )
    if isinstance(cause, psycopg.ProgrammingError):  # SQL this oto got wrong: a bug, reported as one (exit 70)
        return None
    if isinstance(cause, psycopg.OperationalError):
        if "password" in said.lower():
            return ServerUnreachable(
                f"The server at {where} asks for a password: give it to libpq, never in the URL: a line in ~/.pgpass "
                "(or the file PGPASSFILE names), a service file entry, or PGPASSWORD. Nothing was changed."
            )
        return ServerUnreachable(
            f"The team journal at {where} cannot be reached ({said}). Nothing was changed; check your connection "
            "and OTO_DATABASE_URL or `oto team connect`."
        )
    return JournalRefused(f"The team journal at {where} could not do this ({said}); nothing was changed.")


def _first_line(cause: BaseException) -> str:
    text = str(cause).strip()
    return text.splitlines()[0].strip() if text else type(cause).__name__
