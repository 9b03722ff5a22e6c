"""Turning the journal into an SQLCipher database and back (`oto encrypt`, `oto decrypt`).

The journal is never changed in place. Under the journal's exclusive lock (WAL left first, which
SQLite allows only when no other connection has the journal open: another oto running makes it
busy, and nothing is changed), the whole journal is exported into a new file beside it,
`.journal.db.encrypting-<pid>` (`sqlcipher_export`, which copies neither user_version nor
application_id: both are set from the source). The copy is then opened anew with the key as the
opener will open it and compared with the journal: integrity, references, application_id,
user_version, the list of tables, and every table's row count and SHA-256 over its rows in rowid
order. Only a copy that matches is fsynced and renamed over journal.db. The old file's inode is
then overwritten with zeros through a descriptor opened before the rename, truncated and fsynced
while the lock is still held, so an oto that opened the old file and waited finds an empty file
and fails instead of writing where no one will read. Plain copies in backups/ are then encrypted
the same way (export, verify, rename, old bytes zeroed); one that cannot be read is named and left.

A kill at any moment leaves either the plain journal whole (and a stray `.encrypting-` file the
next `oto encrypt` removes) or the encrypted journal whole; plain backups not yet converted are
converted by running `oto encrypt` again. On an SSD or a copy-on-write filesystem, overwriting a
file does not guarantee its old blocks are gone: the output says so.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from onetoone.errors import DamagedJournal, JournalBusy, OtoError
from onetoone.store import driver, paths
from onetoone.store import journal as store


class AlreadyThat(OtoError):
    """The journal is already encrypted (for encrypt) or already plain (for decrypt)."""


@dataclass
class Switched:
    """What `encrypt` or `decrypt` did to the files beside the journal."""

    journal: Path
    backups: list[Path] = field(default_factory=list)  # plain copies encrypted in place
    unreadable: list[tuple[Path, str]] = field(default_factory=list)  # copies left as they were
    removed: list[Path] = field(default_factory=list)  # plain leftovers overwritten and removed
    journal_changed: bool = True


def encrypt(path: Path, passphrase: str, *, now: datetime) -> Switched:
    """Encrypt the journal at `path` with `passphrase` (see the module's docstring); on a journal
    that is already encrypted, only finish what a killed run left (plain backups, a stray copy),
    or refuse with AlreadyThat when there is nothing left to do."""
    if not passphrase:
        raise OtoError("An empty passphrase opens nothing; nothing was changed.")
    module = driver.cipher()
    if store.is_encrypted(path):
        store.connect(path, now=now, write=False).close()  # proves the passphrase opens it
        done = Switched(path, journal_changed=False)
        _encrypt_backups(path, passphrase, done)
        done.removed += _stray_copies(path)
        if not done.backups and not done.removed and not done.unreadable:
            raise AlreadyThat(f"The journal at {path} is already encrypted; nothing was changed.")
        return done
    store.connect(path, now=now).close()  # created or migrated first: every later step sees the current schema
    done = Switched(path)
    _switch(module, path, source_key="", target_key=passphrase, done=done)
    _encrypt_backups(path, passphrase, done)
    return done


def decrypt(path: Path, passphrase: str, *, now: datetime) -> Switched:
    """Write the encrypted journal at `path` in plain text again (the same steps as `encrypt`);
    its backups stay encrypted."""
    module = driver.cipher()
    if not store.is_encrypted(path):
        raise AlreadyThat(f"The journal at {path} is not encrypted; nothing was changed.")
    store.connect(path, now=now).close()  # migrated first, and the passphrase proved
    done = Switched(path)
    _switch(module, path, source_key=passphrase, target_key="", done=done)
    return done


def _switch(module, path: Path, *, source_key: str, target_key: str, done: Switched) -> None:
    db = _open(module, path, source_key, timeout=store.BUSY_TIMEOUT_SECONDS)
    try:
        _hold_alone(db, path)
        for stray in _stray_copies(path):  # a killed run's copy: we hold the lock, so no run is making it now
            done.removed.append(stray)
        building = path.with_name(f".{path.name}.encrypting-{os.getpid()}")
        paths.create_private_file(building)
        try:
            _export(db, "main", building, target_key)
            _fsync(building)
            _verify(db, "main", module, building, target_key, path)
            _write_ahead(module, building, target_key)  # WAL before it is the journal: others may open it at once
            for member in (Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):  # the old file's
                if _overwrite_and_remove(member):  # now, while the lock keeps every other oto out
                    done.removed.append(member)
            old = os.open(path, os.O_RDWR)
            try:
                os.replace(building, path)
                _fsync_dir(path.parent)
                _zero(old)  # the old inode, still locked by `db`: a waiting oto finds it empty
                db.close()
            finally:
                os.close(old)  # after db.close(): closing any descriptor on it drops this process's locks
        finally:
            for leftover in (building, Path(f"{building}-journal")):
                leftover.unlink(missing_ok=True)
    finally:
        db.close()
    store._secure_files(path)


def _open(module, path: Path, key: str, **options):
    """A connection to `path` through SQLCipher, unlocked with `key` ('' for a plain file, whose
    open then logs nothing); closed again if the key does not open it."""
    db = module.connect(path, isolation_level=None, **options)
    try:
        if key:
            store.unlock(db, key, path)
        else:
            db.execute("PRAGMA cipher_log_level = NONE")
    except BaseException:
        db.close()
        raise
    return db


def _write_ahead(module, copy: Path, key: str) -> None:
    """Put the finished copy in WAL mode (kept in its header), so the journal it becomes is in WAL
    from its first open by anyone; its own -wal goes when this connection closes."""
    db = _open(module, copy, key)
    try:
        db.execute("PRAGMA journal_mode = WAL")
    finally:
        db.close()
    for member in (Path(f"{copy}-wal"), Path(f"{copy}-shm")):
        member.unlink(missing_ok=True)


def _hold_alone(db, path: Path) -> None:
    """Leave WAL (refused while any other connection has the journal open: JournalBusy) and take
    the exclusive lock until `db` closes: from here on no other oto reads or writes."""
    try:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        if db.execute("PRAGMA journal_mode = DELETE").fetchone()[0].lower() != "delete":
            raise JournalBusy(_in_use(path))
        db.execute("PRAGMA locking_mode = EXCLUSIVE")
        version = db.execute("PRAGMA user_version").fetchone()[0]
        db.execute(f"PRAGMA user_version = {int(version)}")  # a write takes the exclusive lock, and keeps it
    except driver.OperationalError as error:
        if "locked" in str(error) or "busy" in str(error):
            raise JournalBusy(_in_use(path)) from None
        raise


def _in_use(path: Path) -> str:
    return f"Another oto has the journal at {path} open; close it and try again. Nothing was changed."


def _export(db, source: str, target: Path, key: str) -> None:
    """Every table, index, trigger and the search index of schema `source` into `target`, keyed
    with `key` ('' for plain), with the user_version and application_id sqlcipher_export leaves out."""
    db.execute(f"ATTACH DATABASE :name AS enc KEY {store.key_pragma(key)}", {"name": str(target)})
    try:
        db.execute(f"SELECT sqlcipher_export('enc', '{source}')")
        for pragma in ("user_version", "application_id"):
            value = int(db.execute(f"PRAGMA {source}.{pragma}").fetchone()[0])
            db.execute(f"PRAGMA enc.{pragma} = {value}")
    finally:
        db.execute("DETACH DATABASE enc")


def _verify(db, source: str, module, copy: Path, key: str, path: Path) -> None:
    """Open the copy anew, keyed as the opener keys it, and compare it with the source; any
    difference removes nothing and raises DamagedJournal (the caller removes the copy)."""
    check = _open(module, copy, key)
    try:
        integrity = [row[0] for row in check.execute("PRAGMA integrity_check")]
        broken = check.execute("PRAGMA foreign_key_check").fetchall()
        if integrity != ["ok"] or broken or _fingerprint(check, "main") != _fingerprint(db, source):
            raise DamagedJournal(f"The copy of the journal at {path} did not match it, so nothing was changed. Run `oto doctor`.")
    finally:
        check.close()


def _fingerprint(db, schema: str) -> dict:
    """application_id, user_version, and each table's row count and SHA-256 of its rows."""
    found = {
        "application_id": db.execute(f"PRAGMA {schema}.application_id").fetchone()[0],
        "user_version": db.execute(f"PRAGMA {schema}.user_version").fetchone()[0],
    }
    tables = db.execute(f"SELECT name, sql FROM {schema}.sqlite_master WHERE type = 'table' ORDER BY name").fetchall()
    for name, sql in tables:
        if (sql or "").lstrip().upper().startswith("CREATE VIRTUAL"):
            continue  # an FTS5 index: its shadow tables are compared
        quoted = '"' + name.replace('"', '""') + '"'
        order = "" if "WITHOUT ROWID" in (sql or "").upper() else " ORDER BY rowid"
        digest, count = hashlib.sha256(), 0
        for row in db.execute(f"SELECT * FROM {schema}.{quoted}{order}"):
            digest.update(repr(tuple(row)).encode("utf-8", "surrogatepass"))
            count += 1
        found[name] = (count, digest.hexdigest())
    return found


def _encrypt_backups(path: Path, passphrase: str, done: Switched) -> None:
    """Every plain copy in backups/ encrypted in place with the journal's key (the organizer keeps
    their restore points); one that cannot be read is named in `done.unreadable` and left."""
    module = driver.cipher()
    folder = paths.backups_dir(path.parent)
    for stray in sorted(folder.glob(".*.encrypting-*")) if folder.is_dir() else []:  # a killed run's copy
        if _overwrite_and_remove(stray):
            done.removed.append(stray)
    for copy in store.copies_in(folder):
        if copy.name.startswith("."):
            continue
        if store.is_encrypted(copy):
            continue
        building = copy.with_name(f".{copy.name}.encrypting-{os.getpid()}")
        db = module.connect(":memory:", uri=True, isolation_level=None)
        try:
            db.execute("PRAGMA cipher_log_level = NONE")
            db.execute("ATTACH DATABASE :uri AS src", {"uri": f"{copy.absolute().as_uri()}?mode=ro&immutable=1"})
            paths.create_private_file(building)
            _export(db, "src", building, passphrase)
            _fsync(building)
            _verify(db, "src", module, building, passphrase, copy)
            old = os.open(copy, os.O_RDWR)
            try:
                os.replace(building, copy)
                _fsync_dir(copy.parent)
                _zero(old)
            finally:
                os.close(old)
            done.backups.append(copy)
        except (OtoError, OSError, *driver.Error) as problem:
            done.unreadable.append((copy, str(problem)))
        finally:
            db.close()
            for leftover in (building, Path(f"{building}-journal")):
                leftover.unlink(missing_ok=True)
        for member in (Path(f"{copy}-wal"), Path(f"{copy}-shm")):
            if _overwrite_and_remove(member):
                done.removed.append(member)


def plain_backups(path: Path) -> list[Path]:
    """The copies in backups/ that are not encrypted (for `oto doctor` on an encrypted journal)."""
    return [copy for copy in store.copies_in(paths.backups_dir(path.parent)) if not store.is_encrypted(copy)]


def _stray_copies(path: Path) -> list[Path]:
    """Copies a killed `oto encrypt`/`decrypt` left beside the journal, overwritten and removed."""
    found = []
    for stray in sorted(path.parent.glob(f".{path.name}.encrypting-*")):
        if _overwrite_and_remove(stray):
            found.append(stray)
    return found


def _overwrite_and_remove(member: Path) -> bool:
    """Overwrite a regular file with zeros, then remove it (never through a link); False if absent."""
    try:
        fd = os.open(member, os.O_RDWR | os.O_NOFOLLOW)
    except FileNotFoundError:
        return False
    except OSError:
        member.unlink(missing_ok=True)
        return True
    try:
        _zero(fd)
    finally:
        os.close(fd)
    member.unlink(missing_ok=True)
    return True


def _zero(fd: int) -> None:
    size = os.fstat(fd).st_size
    os.lseek(fd, 0, os.SEEK_SET)
    block = bytes(1 << 20)
    left = size
    while left > 0:
        left -= os.write(fd, block[: min(left, len(block))])
    os.fsync(fd)
    os.ftruncate(fd, 0)
    os.fsync(fd)


def _fsync(path: Path) -> None:
    store._fsync_file(path)


def _fsync_dir(folder: Path) -> None:
    store._fsync_dir(folder)
