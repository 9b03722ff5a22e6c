"""Checking a journal's health (`oto doctor`) and copying it safely (`oto backup`)."""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from onetoone.errors import OtoError
from onetoone.store import driver, paths


@dataclass(frozen=True)
class Finding:
    ok: bool  # False: a problem, and doctor exits 5
    text: str
    warning: bool = False  # ok, but worth doing something about (no backup yet)

    @property
    def label(self) -> str:
        return "PROBLEM" if not self.ok else "warning" if self.warning else "ok"


def examine(path: Path, *, now: datetime) -> tuple[list[Finding], int]:
    """What `oto doctor` reports, and the exit code it ends with (0 when all is well)."""
    from onetoone.store import migrations
    from onetoone.store.journal import connect, is_sqlite_file, newest_backup

    if not path.exists():
        return [Finding(True, f"No journal yet at {path}; the first command that needs one creates it.")], 0
    findings = []
    try:
        db = connect(path, now=now, migrate=False, write=False)  # diagnose the file as it is, change nothing
    except OtoError as problem:
        return [Finding(False, problem.message)], problem.exit_code
    try:
        integrity = [r[0] for r in db.execute("PRAGMA integrity_check").fetchall()]
        findings.append(Finding(integrity == ["ok"], "Integrity: ok." if integrity == ["ok"] else "Integrity problems: " + "; ".join(integrity[:5])))
        broken = db.execute("PRAGMA foreign_key_check").fetchall()
        findings.append(Finding(not broken, "References: all rows point at rows that exist." if not broken else f"References: {len(broken)} rows point at missing rows."))
        version = db.execute("PRAGMA user_version").fetchone()[0]
        behind = "" if version == migrations.LATEST else "; the next command upgrades it, after a backup"
        findings.append(Finding(True, f"Schema version {version} (this oto writes {migrations.LATEST}){behind}."))
        people = db.execute("SELECT count(*) FROM person").fetchone()[0]
        meetings = db.execute("SELECT count(*) FROM meeting").fetchone()[0]
        findings.append(Finding(True, f"Holds {people:,} people and {meetings:,} meetings."))
    finally:
        db.close()
    for member in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        if member.exists():
            mode = stat.S_IMODE(os.stat(member).st_mode)
            findings.append(Finding(mode & 0o077 == 0, f"{member.name} is {mode:04o}" + ("." if mode & 0o077 == 0 else ": others can read it; run `chmod 600` on it.")))
    folder_mode = stat.S_IMODE(os.stat(path.parent).st_mode)
    shared = folder_mode & 0o077 != 0  # reported, never changed: oto chmods only folders it made
    findings.append(Finding(not shared, f"Folder {path.parent} is {folder_mode:04o}" + (": others can look into it; if it is yours alone, run `chmod 700` on it, or set OTO_HOME to a private folder." if shared else ".")))
    findings += drafts(path.parent)
    findings += _stray_or_loose(paths.backups_dir(path.parent), is_sqlite_file,
                                "it is not a copy of a journal (a copy cut short, or something put there); look at it and delete it")
    findings += _encryption(path)
    newest = newest_backup(path)
    findings.append(Finding(True, f"Newest backup: {newest}.") if newest else Finding(True, "No backups yet; make one with `oto backup`.", warning=True))
    return findings, 0 if all(f.ok for f in findings) else 5


def drafts(home: Path) -> list[Finding]:
    """The unfinished reflections in oto's folder `home`, and anything in drafts/ oto would not
    have left there; on a team journal too, whose drafts stay on the organizer's machine."""
    folder = paths.drafts_dir(home)
    found = []
    waiting = [entry for entry in _entries(folder) if entry.suffix == ".json" and paths.draft_person(entry.name) is not False]
    if len(waiting) == 1:
        found.append(Finding(True, "An unfinished reflection waits as a draft; continue with `oto reflect --resume`."))
    elif waiting:
        found.append(Finding(True, f"{len(waiting)} unfinished reflections wait as drafts; `oto reflect --resume` lists them."))
    return found + _stray_or_loose(folder, lambda entry: paths.draft_person(entry.name) is not False,
                                   "oto did not leave it there (an editor's swap or backup file, or a temporary file a crash left) and it may hold private text; delete it once no editor has it open")


def _encryption(path: Path) -> list[Finding]:
    """Whether the journal is encrypted, and plain text left beside an encrypted one: a plain
    backup, or a copy a killed `oto encrypt` left (both finished by running `oto encrypt` again)."""
    from onetoone.store.journal import copies_in, is_encrypted

    strays = sorted(path.parent.glob(f".{path.name}.encrypting-*"))
    found = [Finding(False, f"Stray file {stray}: a copy a stopped `oto encrypt` or `oto decrypt` left; run it again to remove it.") for stray in strays]
    if not is_encrypted(path):
        return found + [Finding(True, "Not encrypted (`oto encrypt` encrypts it).")]
    found.append(Finding(True, "Encrypted (SQLCipher): every command asks for its passphrase."))
    plain = [copy for copy in copies_in(paths.backups_dir(path.parent)) if not is_encrypted(copy)]
    found += [Finding(False, f"{copy} is a plain-text copy of the journal; run `oto encrypt` to encrypt it, or delete it.") for copy in plain]
    return found


def _entries(folder: Path) -> list[Path]:
    """The regular files in `folder` (none when it is missing or not a folder)."""
    try:
        return [entry for entry in sorted(folder.iterdir()) if stat.S_ISREG(os.lstat(entry).st_mode)]
    except OSError:
        return []


def _stray_or_loose(folder: Path, ours, why: str) -> list[Finding]:
    """Problems in one of oto's folders (drafts/, backups/): the folder or a file in it that
    others can read, and anything oto would not have left there (`ours` says what it would),
    never followed if it is a link, never changed."""
    try:
        mode = stat.S_IMODE(os.lstat(folder).st_mode)
        entries = sorted(folder.iterdir()) if folder.is_dir() and not folder.is_symlink() else []
    except FileNotFoundError:
        return []
    except OSError as problem:
        return [Finding(False, f"Cannot look into {folder} ({problem.strerror}).")]
    found = []
    if mode & 0o077:
        found.append(Finding(False, f"Folder {folder} is {mode:04o}: others can look into it; run `chmod 700` on it."))
    for entry in entries:
        try:
            seen = os.lstat(entry)
        except FileNotFoundError:
            continue
        if not stat.S_ISREG(seen.st_mode):
            found.append(Finding(False, f"{entry} is {paths.kind_of(seen.st_mode)}, which oto never makes there; look at it and remove it."))
            continue
        loose = stat.S_IMODE(seen.st_mode)
        readable = f" (it is {loose:04o}: others can read it)" if loose & 0o077 else ""
        if not ours(entry):
            found.append(Finding(False, f"Stray file {entry}{readable}: {why}."))
        elif readable:
            found.append(Finding(False, f"{entry} is {loose:04o}: others can read it; run `chmod 600` on it."))
    return found


def backup_to(path: Path, destination: Path | None, *, now: datetime, force: bool = False) -> Path:
    """A consistent copy of the live journal (SQLite's backup API, never a file copy), 0600.

    A backup never destroys anything. It is written only as a new regular file in a folder that
    exists (oto makes only its own `backups/`), or over an earlier oto backup with `force`; never
    inside oto's folder except `backups/`, never over the journal's own files, a link, a FIFO, a
    device or another program's file. Any refusal comes before the journal is opened: it changes
    nothing. A folder given as PATH gets a new name in it, like the default.
    """
    from onetoone.store.journal import backup, connect, is_encrypted

    if is_encrypted(path):  # its passphrase first: it is what proves an earlier encrypted copy is oto's
        connect(path, now=now, migrate=False, write=False).close()
    stamp = f"oto-{now:%Y%m%d-%H%M%S}.db"
    unique = True
    try:
        if destination is None:
            target = paths.backups_dir(path.parent) / stamp
        else:
            target = destination.expanduser()
            if (target.is_dir() and not target.is_symlink()) or _real(target) == _real(paths.backups_dir(path.parent)):
                target = target / stamp  # a folder (oto's backups/ even before it exists): a new name in it
            else:
                unique = False
        _refuse_unsafe(target, path, force=force, new_name=unique)
    except (OSError, ValueError, RuntimeError) as problem:  # '~nobody', a NUL byte, a loop of links
        raise OtoError(f"Cannot make a backup at {destination} ({problem}); choose another path.") from None
    db = connect(path, now=now, migrate=False, write=False)  # copy the journal as it is
    try:
        return backup(db, target, replace=force and not unique, unique=unique)
    except OSError as problem:  # a read-only or full disk, a folder oto may not write: say which
        from onetoone.store import oserrors

        if problem.errno in (errno.EROFS, errno.ENOSPC, errno.EACCES, errno.EPERM):
            raise oserrors.explain(problem, target.parent) from None
        raise OtoError(f"Cannot write a backup to {target} ({problem}); choose a folder you can write to.") from None
    except (ValueError, *driver.Error) as problem:  # too long, or SQLite could not write it
        raise OtoError(f"Cannot write a backup to {target} ({problem}); choose a folder you can write to.") from None
    finally:
        db.close()


def _refuse_unsafe(target: Path, journal: Path, *, force: bool, new_name: bool) -> None:
    """Raise BackupRefused, naming the reason, when `target` is not a place a backup may go
    (`new_name`: the copy takes the next free name after `target`, so only its folder matters)."""
    from onetoone.errors import BackupRefused
    from onetoone.store.journal import is_oto_copy

    home, backups = journal.parent, paths.backups_dir(journal.parent)
    folder = target.parent
    if not folder.is_dir():
        if folder.exists() or folder.is_symlink():
            raise BackupRefused(f"{folder} is not a folder, so no backup was written; choose a path in an existing folder.")
        if _real(folder) != _real(backups):
            raise BackupRefused(f"The folder {folder} does not exist, so no backup was written; create it first or choose another path.")
    real, real_home, real_backups = _real(folder) / target.name, _real(home), _real(backups)
    if real.parent == real_home and real.name in (journal.name, f"{journal.name}-wal", f"{journal.name}-shm"):
        raise BackupRefused(f"{target} is one of the live journal's own files; a backup is never written over it. Choose a path outside {home}.")
    if (real == real_home or real_home in real.parents) and real_backups not in real.parents:
        raise BackupRefused(
            f"{target} is inside oto's folder {home}, where copies go only into {backups}; nothing was written. "
            "Choose that folder or a path outside oto's folder."
        )
    if new_name:
        return
    try:
        found = os.lstat(target)
    except FileNotFoundError:
        return  # a new file: the one thing a backup may make
    if not stat.S_ISREG(found.st_mode):
        raise BackupRefused(f"{target} is {paths.kind_of(found.st_mode)}; a backup is written only as a new file, so nothing was changed. Choose a new name.")
    for member in (journal, Path(f"{journal}-wal"), Path(f"{journal}-shm")):
        if member.exists() and os.path.samefile(member, target):
            raise BackupRefused(f"{target} is one of the live journal's own files (a link to it); a backup is never written over it.")
    if not is_oto_copy(target):
        raise BackupRefused(f"{target} already exists and is not an oto backup; oto never writes over other files, so nothing was changed. Choose a new name.")
    if not force:
        raise BackupRefused(f"{target} holds an earlier oto backup; add --force to replace it, or choose a new name.")


def _real(path: Path) -> Path:
    return path.resolve()
