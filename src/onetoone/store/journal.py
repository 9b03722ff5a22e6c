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

Dates come back from SQL as `date` and moments as `datetime` (converters registered for the
DATE and DATETIME column types in `connect`), so no domain module parses stored text.
"""

from __future__ import annotations

import os
import sqlite3
import struct
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from onetoone.errors import DamagedJournal, EmptyJournalFile, JournalBusy, JournalRefused, NewerJournal, NotAJournal, OtoError
from onetoone.store import paths

APPLICATION_ID = 0x6F746F31  # "oto1": marks the file as an oto journal in its SQLite header
BUSY_TIMEOUT_SECONDS = 15.0
KEEP_MIGRATION_BACKUPS = 5
_MAGIC = b"SQLite format 3\x00"

Params = Mapping[str, Any] | Sequence[Any]


class Journal:
    """An open journal inside its transaction: reads by SQL, writes by the models (see above)."""

    def __init__(self, db: sqlite3.Connection, path: Path, write: bool) -> None:
        self._db = db
        self.path = path
        self.write = write
        self._session = None

    def rows(self, sql: str, params: Params = ()) -> list[sqlite3.Row]:
        self.flush()  # a read sees every model change made before it
        return self._db.execute(sql, params).fetchall()

    def row(self, sql: str, params: Params = ()) -> sqlite3.Row | None:
        self.flush()
        return self._db.execute(sql, params).fetchone()

    def value(self, sql: str, params: Params = ()) -> Any:
        found = self.row(sql, params)
        return None if found is None else found[0]

    def execute(self, sql: str, params: Params = ()) -> int:
        """Change a set of rows with one SQL statement; returns how many rows it changed."""
        self._writable()
        self.flush()
        return self._db.execute(sql, params).rowcount

    def add(self, *rows: Any) -> Any:
        """Insert (or update) model rows now, so their ids are known; returns the last row."""
        session = self.session
        for row in rows:
            session.add(row)
        session.flush()
        return rows[-1] if rows else None

    def get(self, model: type, key: Any) -> Any:
        """The model row with this primary key (to update it), or None."""
        return self.session.get(model, key)

    def delete(self, row: Any) -> None:
        session = self.session
        session.delete(row)
        session.flush()

    @property
    def session(self):
        """A SQLModel session over this same connection and transaction (imported on first use).

        SQLAlchemy never ends the transaction here: `open_journal` owns it (see `_Borrowed`).
        """
        self._writable()
        if self._session is None:
            from sqlalchemy import create_engine
            from sqlalchemy.pool import StaticPool
            from sqlmodel import Session

            engine = create_engine("sqlite://", creator=lambda: _Borrowed(self._db), poolclass=StaticPool)
            self._session = Session(engine, expire_on_commit=False, autoflush=True)
        return self._session

    def flush(self) -> None:
        if self._session is not None:
            self._session.flush()

    def _writable(self) -> None:
        if not self.write:
            raise RuntimeError("the journal was opened for reading; open it with write=True")

    def _close_session(self) -> None:
        if self._session is not None:
            self._session.close()
            self._session = None


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
def open_journal(path: Path, *, now: datetime, write: bool = False) -> Iterator[Journal]:
    """Open (creating or upgrading if needed) the journal at `path` for one transaction."""
    db = connect(path, now=now)
    journal = Journal(db, path, write)
    try:
        if not write:
            db.execute("PRAGMA query_only = ON")  # a read journal refuses any write, even a stray one
        _begin(db, write)
        try:
            yield journal
            journal.flush()
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
    if not isinstance(cause, sqlite3.Error):
        return None
    if isinstance(cause, sqlite3.OperationalError) and ("locked" in str(cause) or "busy" in str(cause)):
        return JournalBusy(_busy_message())
    if isinstance(cause, sqlite3.IntegrityError):
        return JournalRefused(f"The journal refused the change ({cause}); nothing was changed. Run `oto doctor` to check the journal.")
    from onetoone.store.oserrors import surroundings

    return surroundings(path) or JournalRefused(
        f"The journal at {path} could not be written ({cause}); nothing was changed. Run `oto doctor` to check it."
    )


def connect(path: Path, *, now: datetime, migrate: bool = True) -> sqlite3.Connection:
    """A checked connection to the journal at `path`, created or migrated first if needed
    (`migrate=False` leaves an older schema as it is: for looking at the file, not using it).

    What the system refuses about the place (a full or read-only disk, a file where a folder
    should be, a dangling link, another user's journal) is one line and exit 1 (`oserrors`)."""
    from onetoone.store import oserrors

    try:
        return _connect(path, now=now, migrate=migrate)
    except OSError as error:
        raise oserrors.explain(error, path) from None
    except sqlite3.Error as error:  # creating the journal failed
        raise oserrors.surroundings(path) or JournalRefused(f"The journal at {path} could not be made ({error}).") from None


def _connect(path: Path, *, now: datetime, migrate: bool) -> sqlite3.Connection:
    from onetoone.store.oserrors import check_owner, surroundings

    if not path.exists():
        create(path, now=now)
    check_owner(path)
    _check_file(path)
    _secure_files(path)  # by path, before SQLite opens it: a -wal it creates copies the journal's mode
    try:
        db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
    except sqlite3.Error as error:
        raise surroundings(path) or DamagedJournal(f"Cannot open the journal at {path}: {error}. {_restore_hint(path)}") from None
    try:
        db.row_factory = sqlite3.Row
        version = _check_identity(db, path)
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("PRAGMA synchronous = FULL")  # an acknowledged write survives a power cut
        from onetoone.store import migrations

        if migrate and version < migrations.LATEST:
            backup_before_migration(db, path, now=now, version=version)
            migrations.upgrade(db, now)
        _secure_files(path)
    except sqlite3.OperationalError as error:
        db.close()
        if "locked" in str(error) or "busy" in str(error):
            raise JournalBusy(_busy_message()) from None
        raise surroundings(path) or DamagedJournal(f"The journal at {path} cannot be read ({error}). {_restore_hint(path)}") from None
    except sqlite3.DatabaseError as error:
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
    try:
        db.execute("BEGIN IMMEDIATE" if write else "BEGIN")
    except sqlite3.OperationalError as error:
        if "locked" in str(error) or "busy" in str(error):
            raise JournalBusy(_busy_message()) from None
        raise


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

    from onetoone.store import migrations, models  # noqa: F401  (models registers the tables)

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
        time.sleep(pause)
    raise DamagedJournal(f"The journal at {path} is truncated. {_restore_hint(path)}")


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


def backup(db: sqlite3.Connection, destination: Path) -> Path:
    """A consistent copy of the live journal through SQLite's backup API, readable by the owner only.

    The copy is built under a hidden name and moved into place whole, so a crash part-way
    never leaves a broken file where the newest backup is looked for.
    """
    if not destination.parent.is_dir():  # a folder oto makes is private; one the organizer chose keeps its mode
        paths.private_dir(destination.parent)
    building = destination.with_name(f".{destination.name}.part-{os.getpid()}")
    building.unlink(missing_ok=True)
    paths.create_private_file(building)
    target = sqlite3.connect(building)
    try:
        db.backup(target)
    finally:
        target.close()
    os.replace(building, destination)
    paths.private_file(destination)
    return destination


def backup_before_migration(db: sqlite3.Connection, path: Path, *, now: datetime, version: int) -> Path:
    folder = paths.private_dir(paths.backups_dir(path.parent))
    copy = backup(db, folder / f"before-migration-v{version}-{now:%Y%m%d-%H%M%S}.db")
    old = sorted(folder.glob("before-migration-*.db"), key=lambda p: p.stat().st_mtime)
    for stale in old[:-KEEP_MIGRATION_BACKUPS]:
        stale.unlink(missing_ok=True)
    return copy


def newest_backup(path: Path) -> Path | None:
    folder = paths.backups_dir(path.parent)
    found = sorted(folder.glob("*.db"), key=lambda p: p.stat().st_mtime) if folder.is_dir() else []
    return found[-1] if found else None


def _restore_hint(path: Path) -> str:
    newest = newest_backup(path)
    if newest is None:
        return "No backup was found; keep the file as it is and see the README's 'Restoring' section."
    return f"The newest backup is {newest}; see the README's 'Restoring' section."


def _secure_files(path: Path) -> None:
    for member in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        paths.private_file(member)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
