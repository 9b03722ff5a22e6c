"""The one way to open the journal: its path, pragmas, checks, creation and migrations.

    with open_journal(path, now=now, write=True) as journal:
        journal.rows("SELECT ... WHERE id = :id", {"id": 7})   # reads: plain SQL, named parameters
        journal.add(Promise(...))                                # rows: inserted through the models
        journal.execute("DELETE FROM ... WHERE ...", {...})      # sets of rows: the one SQL write

The write rule. The SQLModel models insert and update single rows (`add`, or changing a model
got with `get`); plain SQL reads (`rows`, `row`, `value`); a statement that changes a set of rows
goes through `execute`, which refuses on a read journal and flushes the session first, so SQL
always sees every model change made before it. Nothing outside store/ touches the connection.
A read journal is `PRAGMA query_only`, so even a stray write fails loudly.

Each use is one short transaction: `BEGIN IMMEDIATE` for writes (so two writers queue on the
busy timeout instead of failing half-way), a deferred `BEGIN` for reads (one consistent
snapshot). WAL lets readers and a writer proceed together; foreign keys are always on. Nothing
is kept open between commands, and never while a person types. Any failure inside the
transaction rolls back all of it: a write is whole or absent.

Dates come back from SQL as `date`, moments as `datetime` and flags as `bool` (converters
registered for the DATE, DATETIME and BOOLEAN column types in `connect`), so no domain module parses stored text, and a
`date` or `datetime` passed as a parameter is written as it is stored (`rows._store_moment`).
A computed column (MAX(...), COALESCE(...), EXISTS ...) has no declared type: name its type
in its alias, `AS "last_met [date]"`, and it is converted too. Parameters are named (`:name`)
and given as a mapping; a positional sequence is refused.
"""

from __future__ import annotations

import itertools
import os
import secrets
import sqlite3
import stat
import struct
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from onetoone.errors import (
    DamagedJournal, EmptyJournalFile, JournalBusy, JournalRefused, NewerJournal, NotAJournal, OtoError, PassphraseNeeded,
    ReadOnlyJournal, UnsafeJournalFile, WrongPassphrase,
)
from onetoone.store import driver, paths
from onetoone.store.rows import _NO_PARAMS, ModelRows, Params, _named, in_list, register_types_on  # noqa: F401  (in_list: the domain's, by this name)

APPLICATION_ID = 0x6F746F31  # "oto1": marks the file as an oto journal in its SQLite header
BUSY_TIMEOUT_SECONDS = 15.0
KEEP_MIGRATION_BACKUPS = 5
_MAGIC = b"SQLite format 3\x00"

# sqlite3.connect(detect_types=...) for every connection to a journal: converters by declared
# column type (DATE, DATETIME) and by a type named in a column's alias ("day [date]").
DETECT_TYPES = sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES

_registered = False


def _register_types() -> None:
    """Teach sqlite3 oto's dates and moments, once per process (the registry is global)."""
    global _registered
    if _registered:
        return
    register_types_on(sqlite3)
    _registered = True


class Journal(ModelRows):
    """An open journal inside its transaction: reads by SQL, writes by the models (see above)."""

    dialect = "sqlite"  # a team journal on PostgreSQL says "postgresql" (domain/team.is_team)

    def __init__(self, db: sqlite3.Connection, path: Path, write: bool) -> None:
        self._db = db
        self.path = path
        self.write = write
        self._session = None
        self._step: int | None = None  # the undo step this transaction records, if any
        self._erasing = False

    def rows(self, sql: str, params: Params = _NO_PARAMS) -> list[sqlite3.Row]:
        self.flush()  # a read sees every model change made before it
        return self._db.execute(sql, _named(params)).fetchall()

    def row(self, sql: str, params: Params = _NO_PARAMS) -> sqlite3.Row | None:
        self.flush()
        return self._db.execute(sql, _named(params)).fetchone()

    def execute(self, sql: str, params: Params = _NO_PARAMS) -> int:
        """Change a set of rows with one SQL statement; returns how many rows it changed."""
        self._writable()
        self.flush()
        return self._db.execute(sql, _named(params)).rowcount

    @property
    def session(self):
        """A SQLModel session over this same connection and transaction (imported on first use).

        SQLAlchemy never ends the transaction here: `open_journal` owns it (see `_Borrowed`).
        """
        self._writable()
        if self._session is None:
            from sqlmodel import Session

            self._session = Session(_engine(self._db), expire_on_commit=False, autoflush=True)
        return self._session

    def tables(self) -> list:
        """The journal's own tables with their columns and references (`store/schema.Table`):
        every table an export carries, found in sqlite_master, so a new one needs no code here."""
        from onetoone.store import schema

        self.flush()
        return schema.described(self._db)

    def stored(self, table: str, columns: tuple[str, ...], where: str = "", params: Params = _NO_PARAMS) -> list[tuple]:
        """The rows of `table` exactly as they are stored, by rowid: no dates or flags converted
        (each column is read as the expression `+col`, which has no declared type). `where` is an
        SQL condition with named parameters, for one person's rows."""
        from onetoone.store.schema import ident

        self.flush()
        listed = ", ".join(f"+{ident(c)}" for c in columns)
        order = " ORDER BY rowid" if self._has_rowid(table) else ""
        sql = f"SELECT {listed} FROM main.{ident(table)}" + (f" WHERE {where}" if where else "") + order
        return [tuple(row) for row in self._db.execute(sql, _named(params))]

    def _has_rowid(self, table: str) -> bool:
        from onetoone.store.schema import ident

        try:
            self._db.execute(f"SELECT rowid FROM main.{ident(table)} LIMIT 0")
            return True
        except driver.OperationalError:  # WITHOUT ROWID
            return False

    def load(self, table: str, columns: tuple[str, ...], rows: list[tuple]) -> int:
        """Put rows back exactly as an export holds them (`oto import journal`): one INSERT per
        row, with references checked only when the transaction commits, since a person may have
        been referred by someone whose row comes later. The set change of a restore; recorded
        for undo like any other."""
        from onetoone.store.schema import ident

        self._writable()
        self.flush()
        self._db.execute("PRAGMA defer_foreign_keys = ON")  # until this transaction ends
        marks = ", ".join(f":c{n}" for n in range(len(columns)))
        sql = f"INSERT INTO main.{ident(table)} (" + ", ".join(ident(c) for c in columns) + f") VALUES ({marks})"
        self._db.executemany(sql, ({f"c{n}": value for n, value in enumerate(row)} for row in rows))
        return len(rows)

    def erase_for_good(self) -> None:
        """This command erases on purpose (forget, unlearn): what it deletes is overwritten in
        the file (secure_delete), it is not recorded for undo, and at commit the whole undo
        history is emptied, overwritten too, since its SQL may hold what was erased, and the
        search index is rewritten without it (`search_index.purge`)."""
        self._writable()
        self.flush()
        from onetoone.store import undo

        self._db.execute("PRAGMA secure_delete = ON")
        undo.stop(self._db)
        self._erasing = True

    def history(self, *, limit: int | None = None) -> list:
        """The changes `undo_newest` can reverse, newest first (store/undo.py's Steps)."""
        from onetoone.store import undo

        self.flush()
        return undo.steps(self._db) if limit is None else undo.steps(self._db, limit=limit)

    def undo_newest(self):
        """Reverse the newest recorded change, in this transaction; its Step, or None if there
        is none. Only on a journal opened with `record=False` (the undo is not itself recorded)."""
        from onetoone.store import undo

        self._writable()
        if self._step is not None:
            raise RuntimeError("undo runs on a journal opened with record=False")
        self.flush()
        step = undo.newest(self._db)
        if step is not None:
            undo.undo(self._db, step)
        return step


def _engine(db: sqlite3.Connection):
    """A SQLAlchemy engine over the journal's own connection, whose dates and moments sqlite3
    converts both ways (see `_register_types`): SQLAlchemy neither formats nor parses them."""
    from sqlalchemy import create_engine, types
    from sqlalchemy.dialects.sqlite.pysqlite import _SQLite_pysqliteTimeStamp
    from sqlalchemy.pool import StaticPool

    engine = create_engine("sqlite://", creator=lambda: _Borrowed(db), poolclass=StaticPool, native_datetime=True)
    # An encrypted journal's connection is sqlcipher3's: SQLAlchemy must wrap sqlcipher3's errors
    # (so `_statement_failure` finds `.orig`). Never the sqlite+pysqlcipher dialect: it would run
    # `PRAGMA key = ""` on the keyed connection and every model write would fail.
    engine.dialect.dbapi = driver.module_of(db)
    # native_datetime leaves DATE and TIMESTAMP to the driver, not DATETIME: make DATETIME the same.
    engine.dialect.colspecs = {**engine.dialect.colspecs, types.DateTime: _SQLite_pysqliteTimeStamp}
    return engine


class _Borrowed:
    """The journal's connection as SQLAlchemy sees it. `open_journal` begins and ends the
    transaction; SQLAlchemy may not. Its rollback (on first connect, on close, after an error)
    does nothing here, because `open_journal` rolls back the whole transaction itself on any
    failure; its commit raises, because a commit from inside a command would end the IMMEDIATE
    transaction half-way and leave SQLAlchemy and SQLite disagreeing about what is written."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __getattr__(self, name: str) -> Any:
        return getattr(self._db, name)

    def commit(self) -> None:
        raise RuntimeError("oto commits when the command's transaction ends; never call commit() inside it")

    def rollback(self) -> None:
        pass

    def close(self) -> None:
        pass


@contextmanager
def open_journal(
    path: Path, *, now: datetime, write: bool = False, command: list[str] | None = None, record: bool = True,
) -> Iterator[Journal]:
    """Open (creating or upgrading if needed) the journal at `path` for one transaction.

    A write is recorded as one undo step (store/undo.py) unless `record` is False; `command` is
    what was typed (the words after `oto`), kept with the step to say what an undo reverses.
    A team journal's URL (a str, store/server.py) opens it on its server (store/postgres.py)."""
    if isinstance(path, str):
        from onetoone.store import postgres

        with postgres.open_journal(path, now=now, write=write, command=command, record=record) as journal:
            yield journal
        return
    if write:  # a read records nothing: it does not load the undo code
        from onetoone.store import preload

        preload.wait()  # a write path loading in the background is finished first, never imported twice at once
        from onetoone.store import undo
    db = connect(path, now=now, write=write)
    journal = Journal(db, path, write)
    try:
        if not write:
            db.execute("PRAGMA query_only = ON")  # a read journal refuses any write, even a stray one
        _begin(db, write)
        try:
            if write and record:
                journal._step = undo.start(db)
            yield journal
            journal.flush()
            if journal._erasing:
                undo.clear(db)
                from onetoone.store import search_index

                search_index.purge(db)  # the index rewritten without what was erased
            elif journal._step is not None:
                undo.finish(db, journal._step, now=now, command=command)
            db.execute("COMMIT")
        except BaseException as problem:
            if db.in_transaction:
                db.execute("ROLLBACK")
            failure = _statement_failure(problem, path)
            if failure is None:
                raise
            raise failure from problem
        finally:
            journal._close_session()
    finally:
        db.close()


def _statement_failure(problem: BaseException, path: Path) -> OtoError | None:
    """The organizer's words for a statement SQLite refused inside a command (the whole
    transaction is rolled back by then, so nothing of it was written)."""
    cause = getattr(problem, "orig", None) or problem  # SQLAlchemy wraps the sqlite3 error
    if not isinstance(cause, driver.Error):
        return None
    if isinstance(cause, driver.OperationalError) and ("locked" in str(cause) or "busy" in str(cause)):
        return JournalBusy(_busy_message())
    if isinstance(cause, driver.IntegrityError):
        return JournalRefused(f"The journal refused the change ({cause}); nothing was changed. Run `oto doctor` to check the journal.")
    from onetoone.store.oserrors import surroundings

    return surroundings(path) or JournalRefused(
        f"The journal at {path} could not be written ({cause}); nothing was changed. Run `oto doctor` to check it."
    )


# Encrypted journals (`oto encrypt`, store/cipher.py). store never reads the terminal or the
# environment: the CLI hands it the way to ask for a passphrase (`passphrase_from`) before a
# command opens the journal, and the passphrase is asked before any connection is opened.
_asker: Callable[[Path], str] | None = None
_keys: dict[str, str] = {}  # the passphrase each encrypted file was opened with in this process


def passphrase_from(asker: Callable[[Path], str] | None) -> None:
    """How this process asks for an encrypted journal's passphrase: `asker(path)` returns it (or
    raises an OtoError saying why it cannot). None: there is no way to ask."""
    global _asker
    _asker = asker


def forget_passphrases() -> None:
    """Drop every passphrase this process was given (a new command starts with none)."""
    _keys.clear()


def _passphrase(path: Path) -> str:
    if _asker is None:
        raise PassphraseNeeded(f"The journal at {path} is encrypted and oto has no way to ask for its passphrase.")
    return _asker(path)


def is_encrypted(path: Path) -> bool:
    """Whether `path` looks like an SQLCipher file: a regular, non-empty file of whole pages
    whose first bytes are not SQLite's header (SQLCipher's are the key's random salt). Whether
    it is an oto journal is known only once it is opened with its key (its application_id)."""
    try:
        size = os.lstat(path).st_size
    except OSError:
        return False
    header = _header(path)
    return size > 0 and size % 512 == 0 and len(header) >= 16 and not header.startswith(_MAGIC)


def key_pragma(passphrase: str) -> str:
    """`PRAGMA key = '...'` for this passphrase (a PRAGMA takes no bound parameters)."""
    return "'" + passphrase.replace("'", "''") + "'"


def unlock(db, passphrase: str, path: Path) -> None:
    """Key an sqlcipher3 connection and prove the key on the first read: a wrong passphrase (or a
    file that is no SQLCipher file at all) raises WrongPassphrase; nothing was written."""
    db.execute("PRAGMA cipher_log_level = NONE")  # else SQLCipher prints "hmac check failed" lines on stderr
    db.execute(f"PRAGMA key = {key_pragma(passphrase)}")
    try:
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except driver.OperationalError as error:
        if _is_busy(error):
            raise
        raise WrongPassphrase(_wrong(path)) from None
    except driver.DatabaseError:
        raise WrongPassphrase(_wrong(path)) from None
    _keys[_file_of(db)] = passphrase


def _wrong(path: Path) -> str:
    return f"That passphrase does not open the encrypted journal at {path}; nothing was changed."


def _file_of(db) -> str:
    return next((row[2] for row in db.execute("PRAGMA database_list") if row[1] == "main"), "")


def passphrase_of(db) -> str | None:
    """The passphrase an open connection was unlocked with (None for a plain journal)."""
    if driver.module_of(db) is sqlite3:
        return None
    return _keys.get(_file_of(db))


def connect(path: Path, *, now: datetime, migrate: bool = True, write: bool = True) -> sqlite3.Connection:
    """A checked connection to the journal at `path`, created or migrated first if needed
    (`migrate=False` leaves an older schema as it is: for looking at the file, not using it;
    `write=False` is for reading only, and is all a read-only journal allows).

    What the system refuses about the place (a full or read-only disk, a file where a folder
    should be, a dangling link, another user's journal) is one line and exit 1 (`oserrors`)."""
    from onetoone.store import oserrors

    try:
        return _connect(path, now=now, migrate=migrate, write=write)
    except OSError as error:
        raise oserrors.explain(error, path) from None
    except driver.Error as error:  # creating the journal failed
        raise oserrors.surroundings(path) or JournalRefused(f"The journal at {path} could not be made ({error}).") from None


def _connect(path: Path, *, now: datetime, migrate: bool, write: bool) -> sqlite3.Connection:
    from onetoone.store.oserrors import check_owner, surroundings

    _register_types()
    _refuse_links(path)  # before anything creates, opens or changes a file by these names
    if not path.exists():
        create(path, now=now)
    check_owner(path)
    encrypted = is_encrypted(path)
    if not encrypted:
        _check_file(path)  # an encrypted file's header is random; SQLCipher's page checks find a cut one
    read_only = _read_only(path)
    if read_only and write:
        raise ReadOnlyJournal(f"The journal at {path} is read-only, so oto changed nothing; to write to it again, run `chmod 600 {path}`.")
    if not read_only and _header_is_oto(path):
        _secure_files(path)  # by path, before SQLite opens it: a -wal it creates copies the journal's mode
    passphrase = _passphrase(path) if encrypted else None  # asked before anything is opened or held
    module = driver.cipher() if encrypted else sqlite3
    try:
        if read_only:  # SQLite may not write a byte of it (root could otherwise)
            from urllib.parse import quote

            db = module.connect(
                f"file:{quote(str(path.absolute()))}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None,
                detect_types=DETECT_TYPES,
            )
        else:
            db = module.connect(path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None, detect_types=DETECT_TYPES)
    except driver.Error as error:
        raise surroundings(path) or DamagedJournal(f"Cannot open the journal at {path}: {error}. {_restore_hint(path)}") from None
    try:
        db.row_factory = module.Row
        if passphrase is not None:
            unlock(db, passphrase, path)
        version = _check_identity(db, path)
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("PRAGMA synchronous = FULL")  # an acknowledged write survives a power cut
        from onetoone.store import migrations

        if migrate and version < migrations.LATEST:
            if read_only:
                raise ReadOnlyJournal(
                    f"The journal at {path} needs an upgrade to this oto's schema (version {version} to {migrations.LATEST}) "
                    f"but is read-only, so oto changed nothing; run `chmod 600 {path}` and oto backs it up and upgrades it."
                )
            backup_before_migration(db, path, now=now, version=version)
            migrations.upgrade(db, now)
        if not read_only:
            _secure_files(path)  # it is an oto journal now (checked above): only then is its mode ours to set
    except driver.OperationalError as error:
        db.close()
        if "locked" in str(error) or "busy" in str(error):
            raise JournalBusy(_busy_message()) from None
        raise surroundings(path) or DamagedJournal(f"The journal at {path} cannot be read ({error}). {_restore_hint(path)}") from None
    except driver.DatabaseError as error:
        db.close()
        raise DamagedJournal(f"The journal at {path} is damaged ({error}). {_restore_hint(path)}") from None
    except BaseException:
        db.close()
        raise
    return db


def checkpoint(path: Path, *, now: datetime) -> bool:
    """Copy the write-ahead log into the journal and empty it, so deleted data leaves no trace
    there; False when another process reading the journal kept it from finishing."""
    db = connect(path, now=now)
    try:
        busy = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
    finally:
        db.close()
    return not busy


def _begin(db: sqlite3.Connection, write: bool) -> None:
    """Start the command's transaction. A write waits its turn for the journal's one write lock
    for up to BUSY_TIMEOUT_SECONDS, asking again every few milliseconds (with jitter) rather than
    through SQLite's own busy handler, which asks only every 100 ms once it has waited a while:
    between writers that keep the lock nearly always taken (a script in a loop, a busy machine)
    that lets one of them wait past the timeout while the others take turns."""
    try:
        if not write:
            db.execute("BEGIN")
            return
        _take_write_lock(db)
    except driver.OperationalError as error:
        if _is_busy(error):
            raise JournalBusy(_busy_message()) from None
        raise


def _take_write_lock(db: sqlite3.Connection) -> None:
    import random

    deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
    wait = 0.001
    db.execute("PRAGMA busy_timeout = 0")
    try:
        while True:
            try:
                db.execute("BEGIN IMMEDIATE")
                return
            except driver.OperationalError as error:
                if not _is_busy(error) or time.monotonic() >= deadline:
                    raise
            time.sleep(random.uniform(0.0, wait))
            wait = min(wait * 2, 0.01)
    finally:
        db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")


def _is_busy(error: sqlite3.OperationalError) -> bool:
    return "locked" in str(error) or "busy" in str(error)


def _busy_message() -> str:
    return (
        f"The journal stayed busy for {BUSY_TIMEOUT_SECONDS:.0f} seconds (another oto is writing). "
        "Nothing was changed; try again."
    )


def create(path: Path, *, now: datetime) -> None:
    """Build a new journal beside `path` and move it into place in one step.

    A crash part-way leaves only a stray temporary file, never a half-made journal; if another
    oto created the journal meanwhile, theirs is kept and ours is dropped.
    """
    from sqlalchemy import create_engine
    from sqlalchemy.pool import StaticPool
    from sqlmodel import SQLModel

    from onetoone.store import migrations, models, search_index  # noqa: F401  (models registers the tables)

    _register_types()
    paths.private_dir(path.parent)
    building = path.with_name(f".{path.name}.new-{os.getpid()}")
    for leftover in (building, Path(f"{building}-wal"), Path(f"{building}-shm"), Path(f"{building}-journal")):
        leftover.unlink(missing_ok=True)
    paths.create_private_file(building)
    db = sqlite3.connect(building, isolation_level=None)
    try:
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("BEGIN IMMEDIATE")
        engine = create_engine("sqlite://", creator=lambda: _Borrowed(db), poolclass=StaticPool)
        with engine.connect() as connection:
            SQLModel.metadata.create_all(connection)
        search_index.install(db)  # not a model: an FTS5 table and the triggers that fill it
        migrations.stamp_latest(db, now)
        db.execute("COMMIT")
    finally:
        db.close()
    try:
        os.link(building, path)
    except FileExistsError:
        pass
    finally:
        building.unlink(missing_ok=True)
    _fsync_dir(path.parent)


def _check_file(path: Path) -> None:
    """Refuse, without writing a byte, files that are empty, not SQLite, or cut short.

    A checkpoint in another process writes pages into the file while this looks at it, so the
    header may already count pages the file does not hold yet: a journal that merely looks cut
    short is looked at again, and refused only if it still looks so once writers had time to
    finish (a false "damaged" would frighten an organizer into restoring a backup).
    """
    for pause in _TRUNCATION_RECHECKS:
        size, header = _read_header(path)
        if not _looks_truncated(size, header):
            return
        if _wal_holds_frames(path):
            # A checkpoint stopped part-way (a killed oto, a power cut) leaves the header counting
            # pages that are still only in the write-ahead log: SQLite reads them from there and
            # the next checkpoint finishes the copy. Healthy, not cut short.
            return
        time.sleep(pause)
    raise DamagedJournal(f"The journal at {path} is truncated. {_restore_hint(path)}")


def _wal_holds_frames(path: Path) -> bool:
    """Whether the journal's write-ahead log holds any frame (more than its 32-byte header)."""
    try:
        return os.lstat(f"{path}-wal").st_size > 32
    except OSError:
        return False


# Seconds between looks at a journal that seems cut short: about 1.5 s in all, far longer than
# a checkpoint takes, and paid only by a journal that really is damaged.
_TRUNCATION_RECHECKS = (0.01, 0.03, 0.1, 0.3, 1.0, 0.0)


def _read_header(path: Path) -> tuple[int, bytes]:
    try:
        with open(path, "rb") as handle:
            header = handle.read(100)
            size = os.fstat(handle.fileno()).st_size  # after the header: a checkpoint grows the file first
    except IsADirectoryError:
        raise NotAJournal(f"{path} is a folder, not an oto journal. Set OTO_HOME to the folder that holds journal.db.") from None
    except PermissionError:
        raise NotAJournal(f"oto may not read {path}. Check the file's owner and permissions.") from None
    if size == 0 and not header:
        raise EmptyJournalFile(f"The journal at {path} is an empty (0-byte) file. {_restore_hint(path)}")
    if not header.startswith(_MAGIC):
        raise NotAJournal(f"{path} is not an oto journal (not an SQLite file). Move it aside or set OTO_HOME elsewhere.")
    return size, header


def _looks_truncated(size: int, header: bytes) -> bool:
    if len(header) < 100:
        return True
    page_size = struct.unpack(">H", header[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    change_counter, pages = struct.unpack(">I", header[24:28])[0], struct.unpack(">I", header[28:32])[0]
    valid_for = struct.unpack(">I", header[92:96])[0]
    return change_counter == valid_for and size < pages * page_size


def _check_identity(db: sqlite3.Connection, path: Path) -> int:
    from onetoone.store import migrations

    application_id = db.execute("PRAGMA application_id").fetchone()[0]
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if application_id != APPLICATION_ID:
        raise NotAJournal(
            f"{path} is an SQLite file of another program, not an oto journal. "
            "Move it aside or set OTO_HOME elsewhere."
        )
    if version > migrations.LATEST:
        raise NewerJournal(
            f"The journal at {path} was written by a newer oto (schema {version}; this oto knows "
            f"up to {migrations.LATEST}). Upgrade oto; the journal was not changed."
        )
    return version


def backup(db: sqlite3.Connection, destination: Path, *, replace: bool = False, unique: bool = False) -> Path:
    """A consistent copy of the live journal through SQLite's backup API, readable by the owner only.

    The copy is built under a hidden `.part` name and moved into place whole, so a crash part-way
    never leaves a broken file where the newest backup is looked for; the part file is removed
    whatever happens (an error, Ctrl-C). The copy never takes a name another file holds: with
    `unique`, NAME.db, then NAME-2.db, NAME-3.db... (two copies in one second, even from two
    processes, get two names: each name is taken exclusively); without it, an existing file is
    replaced only with `replace` and only when it is an earlier oto copy (see `is_oto_copy`).
    """
    paths.private_dir(destination.parent)  # made private if oto makes it; an existing folder keeps its mode
    building = destination.with_name(f".{destination.name}.part-{os.getpid()}-{secrets.token_hex(4)}")
    try:
        paths.create_private_file(building)
        passphrase = passphrase_of(db)
        target = driver.module_of(db).connect(building)
        try:
            if passphrase is not None:  # a copy of an encrypted journal is encrypted with the same key
                target.execute("PRAGMA cipher_log_level = NONE")
                target.execute(f"PRAGMA key = {key_pragma(passphrase)}")
            db.backup(target)
        finally:
            target.close()
        _fsync_file(building)
        placed = _place(building, destination, replace=replace, unique=unique)
    finally:
        for leftover in (building, Path(f"{building}-journal")):
            leftover.unlink(missing_ok=True)
    _fsync_dir(placed.parent)
    return placed


def _place(building: Path, destination: Path, *, replace: bool, unique: bool) -> Path:
    names = (destination if n == 1 else destination.with_name(f"{destination.stem}-{n}{destination.suffix}") for n in itertools.count(1))
    for name in names if unique else [destination]:
        if replace and is_oto_copy(name):  # looked at again just before: an earlier oto copy, nothing else
            os.replace(building, name)
            return name
        try:
            _link_exclusively(building, name)
            return name
        except FileExistsError:
            if unique:
                continue
    raise OtoError(f"{destination} already exists, so no backup was written there; choose a new name.")


def _link_exclusively(building: Path, name: Path) -> None:
    """Give the finished copy `name`, failing with FileExistsError if anything holds it already."""
    try:
        os.link(building, name)
    except FileExistsError:
        raise
    except OSError:  # no hard links here (a FAT stick): take the name exclusively, then move the copy onto it
        os.close(os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        os.replace(building, name)


def is_oto_copy(path: Path) -> bool:
    """Is `path` a regular file whose SQLite header carries oto's application_id (a journal or a
    backup of one)? Decided by the header, never by the name; links and devices are not. An
    encrypted copy is one only if a passphrase given in this process opens it and its
    application_id is oto's (a copy no known key opens is not proved to be oto's)."""
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return False
    except (FileNotFoundError, NotADirectoryError):
        return False
    if is_encrypted(path):
        try:
            return _query_encrypted(path, "PRAGMA application_id", {}) == [(APPLICATION_ID,)]
        except JournalRefused:
            return False
    return _header_is_oto(path)


def _header_is_oto(path: Path) -> bool:
    header = _header(path)
    return len(header) == 72 and header.startswith(_MAGIC) and struct.unpack(">I", header[68:72])[0] == APPLICATION_ID


def is_sqlite_file(path: Path) -> bool:
    """Whether `path` is a regular file (not a link) that starts with SQLite's header, or looks
    like an SQLCipher file (`is_encrypted`), whatever its name."""
    return _header(path).startswith(_MAGIC) or is_encrypted(path)


def _header(path: Path) -> bytes:
    """The first 72 bytes of a regular file, never through a link (b"" for anything else, or a
    file that cannot be read)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_NOCTTY)
    except OSError:
        return b""
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return b""
        return os.read(fd, 72)
    except OSError:
        return b""
    finally:
        os.close(fd)


def copies_in(folder: Path) -> list[Path]:
    """Every regular file in `folder` that starts with SQLite's header, whatever its name (links
    are not followed): the copies of a journal a backups folder may hold."""
    try:
        entries = sorted(folder.iterdir())
    except (FileNotFoundError, NotADirectoryError):
        return []
    return [path for path in entries if is_sqlite_file(path)]


def query_copy(path: Path, sql: str, params: Mapping[str, Any]) -> list[tuple]:
    """Rows from a copy of a journal (a backup), opened read-only and immutable: never changed,
    never locked, its name escaped in the URI (a '?', '#' or '%' in a folder name stays a name).
    Another program's SQLite file (none of the journal's tables) gives no rows; one that cannot
    be read raises JournalRefused saying why. An encrypted copy is opened with the passphrases
    given in this process; one none of them opens is refused ("could not look into")."""
    if is_encrypted(path):
        return _query_encrypted(path, sql, params)
    try:
        db = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro&immutable=1", uri=True)
        try:
            return db.execute(sql, params).fetchall()
        finally:
            db.close()
    except driver.Error as problem:
        if "no such table" in str(problem):
            return []
        raise JournalRefused(str(problem)) from None


def _query_encrypted(path: Path, sql: str, params: Mapping[str, Any]) -> list[tuple]:
    if not _keys:
        raise JournalRefused(f"{path} is encrypted and no passphrase for it was given")
    module = driver.cipher()
    for passphrase in dict.fromkeys(_keys.values()):
        try:
            db = module.connect(f"{path.absolute().as_uri()}?mode=ro&immutable=1", uri=True)
        except driver.Error as problem:
            raise JournalRefused(str(problem)) from None
        try:
            try:
                unlock(db, passphrase, path)
            except WrongPassphrase:
                continue
            try:
                return [tuple(row) for row in db.execute(sql, params).fetchall()]
            except driver.Error as problem:
                if "no such table" in str(problem):
                    return []
                raise JournalRefused(str(problem)) from None
        finally:
            db.close()
    raise JournalRefused(f"{path} is encrypted and the journal's passphrase does not open it")


def backup_before_migration(db: sqlite3.Connection, path: Path, *, now: datetime, version: int) -> Path:
    folder = paths.private_dir(paths.backups_dir(path.parent))
    copy = backup(db, folder / f"before-migration-v{version}-{now:%Y%m%d-%H%M%S}.db", unique=True)
    old = sorted(_copies(folder, "before-migration-*.db"), key=lambda p: p.stat().st_mtime)
    for stale in old[:-KEEP_MIGRATION_BACKUPS]:
        stale.unlink(missing_ok=True)
    return copy


def newest_backup(path: Path) -> Path | None:
    found = sorted(_copies(paths.backups_dir(path.parent), "*.db"), key=lambda p: p.stat().st_mtime)
    return found[-1] if found else None


def _copies(folder: Path, pattern: str) -> list[Path]:
    """The regular files in `folder` matching `pattern` (no links, no folders)."""
    if not folder.is_dir():
        return []
    found = []
    for candidate in folder.glob(pattern):
        try:
            if stat.S_ISREG(os.lstat(candidate).st_mode):
                found.append(candidate)
        except FileNotFoundError:
            pass
    return found


def _restore_hint(path: Path) -> str:
    newest = newest_backup(path)
    if newest is None:
        return "No backup was found; keep the file as it is and see the README's 'Restoring' section."
    return f"The newest backup is {newest}; see the README's 'Restoring' section."


def _journal_files(path: Path) -> tuple[Path, Path, Path]:
    return path, Path(f"{path}-wal"), Path(f"{path}-shm")


def _refuse_links(path: Path) -> None:
    """Refuse a journal, -wal or -shm that is a symbolic link (or, for -wal and -shm, anything but a
    regular file): SQLite would write through it into a file that is not the journal's, and oto
    would change that file's mode. A folder named journal.db is left to `_check_file` to name."""
    for member in _journal_files(path):
        try:
            kind = os.lstat(member).st_mode
        except (FileNotFoundError, NotADirectoryError):
            continue
        if stat.S_ISREG(kind) or (member == path and stat.S_ISDIR(kind)):
            continue
        raise _unsafe(member, paths.kind_of(kind))


def _unsafe(member: Path, kind: str) -> UnsafeJournalFile:
    return UnsafeJournalFile(
        f"{member} is {kind}, not a file; oto opens and changes only real files for its journal, so it "
        "changed nothing. Move it aside (put the journal itself there, or set OTO_HOME to the folder that holds it)."
    )


def _read_only(path: Path) -> bool:
    """Did the organizer make the journal read-only? Decided by the owner's write bit, so that it
    means the same run as root (who may write any file) as run as the owner; a file this process
    cannot write for other reasons (another owner's) counts too."""
    return os.stat(path).st_mode & stat.S_IWUSR == 0 or not os.access(path, os.W_OK)


def _secure_files(path: Path) -> None:
    """Make the journal, -wal and -shm 0600: never through a link, only regular files."""
    for member in _journal_files(path):
        try:
            paths.private_file(member)
        except paths.NotARegularFile as found:
            raise _unsafe(member, found.kind) from None


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
